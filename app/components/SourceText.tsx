import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parsePlaceholders } from '~/domain/text/placeholders';
import type { InlineCode } from '~/domain/segmentation/types';

/**
 * A segment's source as the translator sees it: text, with each inline code as a chip showing the
 * placeholder to type (`{1}`, `{/1}`, `{2/}`) and, on hover or to a screen reader, what it stands for.
 * Text inside a link or emphasis is shown with that formatting.
 */
export function SourceText({ text, codes }: { text: string; codes: readonly InlineCode[] }) {
  const { t } = useTranslation('editor');
  const byId = new Map(codes.map((c) => [c.id, c]));
  const root: ReactNode[] = [];
  const stack: { code: InlineCode | undefined; children: ReactNode[] }[] = [{ code: undefined, children: root }];
  const top = () => stack[stack.length - 1].children;

  parsePlaceholders(text).forEach((part, i) => {
    if (part.type === 'text') {
      top().push(<Fragment key={i}>{part.text}</Fragment>);
      return;
    }
    const code = byId.get(part.id);
    const describe = code ? t(`code.${code.kind}`, { markup: code.href ?? code.open }) : t('code.unknown');
    const chip = (
      <span key={`c${i}`} className={`code code-${part.type}`} title={describe} aria-label={t('code.chip', { token: part.token, what: describe })}>
        {part.token}
      </span>
    );
    if (part.type === 'open') {
      top().push(chip);
      stack.push({ code, children: [] });
    } else if (part.type === 'close' && stack.length > 1) {
      const frame = stack.pop()!;
      top().push(<span key={`w${i}`} className={`coded coded-${frame.code?.kind ?? 'markup'}`}>{frame.children}</span>);
      top().push(chip);
    } else {
      top().push(chip);
    }
  });
  while (stack.length > 1) {
    const frame = stack.pop()!;
    top().push(...frame.children);
  }
  return <>{root}</>;
}
