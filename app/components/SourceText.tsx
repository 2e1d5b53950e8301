import { Fragment, type ReactNode } from 'react';
import { parsePlaceholders } from '~/domain/text/placeholders';
import type { InlineCode, InlineCodeKind } from '~/domain/segmentation/types';

/** What a chip needs to know of an inline code. */
export type DisplayCode = Pick<InlineCode, 'id' | 'kind' | 'paired' | 'open' | 'href'>;

/** What each kind of inline code is called, translated once per page (`editor:code.*`). */
export type CodeKindLabels = Record<InlineCodeKind | 'unknown', string>;

/**
 * A segment's source as the translator sees it: text, with each inline code as a chip showing the
 * placeholder to type (`{1}`, `{/1}`, `{2/}`), named for screen readers and showing its markup on hover.
 * Text inside a link or emphasis is shown with that formatting.
 */
export function SourceText({ text, codes, kinds }: { text: string; codes: readonly DisplayCode[]; kinds: CodeKindLabels }) {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const root: ReactNode[] = [];
  const stack: { code: DisplayCode | undefined; children: ReactNode[] }[] = [{ code: undefined, children: root }];
  const top = () => stack[stack.length - 1].children;

  parsePlaceholders(text).forEach((part, i) => {
    if (part.type === 'text') {
      top().push(<Fragment key={i}>{part.text}</Fragment>);
      return;
    }
    const code = byId.get(part.id);
    const chip = (
      <span key={`c${i}`} className={`code code-${part.type}`} title={code ? code.href ?? code.open : undefined}
        aria-label={`${part.token} ${kinds[code?.kind ?? 'unknown']}`}>
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

export function codeKindLabels(t: (key: string) => string): CodeKindLabels {
  const kinds: (InlineCodeKind | 'unknown')[] = [
    'link', 'emphasis', 'strong', 'code', 'url', 'email', 'footnote-ref', 'obfuscated-email', 'bookmark', 'markup', 'placeholder-like', 'unknown',
  ];
  return Object.fromEntries(kinds.map((k) => [k, t(`editor:code.${k}`)])) as CodeKindLabels;
}
