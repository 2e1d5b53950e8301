import { Fragment, type ReactNode } from 'react';
import type { InlineCode } from '~/domain/segmentation/types';
import { parsePlaceholders } from '~/domain/text/placeholders';
import type { DisplayCode } from './SourceText';

/**
 * What a reader sees of a standalone code's source markup, as plain text: the address for a URL or an e-mail
 * (without Markdown's `<…>` or `mailto:`), the number of a footnote reference, the text of inline code, and
 * nothing for markup that shows no text of its own (`<br>`, images, bookmarks, the halves of a split link).
 * The result is text to be escaped, never HTML: the markup comes from an imported, untrusted source.
 */
export function standaloneCodeText(code: Pick<InlineCode, 'kind' | 'open'>): string {
  const open = code.open.trim();
  switch (code.kind) {
    case 'url':
      return autolinkTarget(open) ?? open;
    case 'email':
      return (autolinkTarget(open) ?? open).replace(/^mailto:/i, '');
    case 'footnote-ref': {
      // `[1]` as written in plain text, `[^1]` in Markdown, `[footnoteRef:1]` from Word, `<sup>1</sup>` in HTML.
      const number = /\d{1,4}/.exec(withoutTags(open).replace(/^\[footnoteRef:/, '['))?.[0];
      return number ? `[${number}]` : '';
    }
    case 'code':
      return decodeEntities(withoutTags(open)).replace(/^(`+)\s?([\s\S]*?)\s?\1$/, '$2');
    case 'obfuscated-email':
    case 'placeholder-like':
      // What the source page itself showed: Cloudflare's "[email protected]", or a literal "{1}".
      return open;
    default:
      return '';
  }
}

/** `<https://…>` or `<name@example.org>` (Markdown autolinks): the address inside. */
function autolinkTarget(open: string): string | null {
  return /^<([^<>\s]+)>$/.exec(open)?.[1] ?? null;
}

function withoutTags(markup: string): string {
  return markup.replace(/<\/?[A-Za-z][^<>]*>/g, '');
}

/** The only entities the HTML importer writes into code markup (it escapes the text it keeps). */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/**
 * A translation (or a source shown in its place) as a reader sees it: text as text — escaped by React, since
 * translations are untrusted — the text inside paired codes in a span styled like the markup (`coded-link`,
 * `coded-strong`, `coded-emphasis`: spans, not links, because the reading mode puts the whole sentence in a
 * link to the editor), and standalone codes as their visible text. A placeholder with no code in the list
 * stays as typed, as `restoreMarkup` leaves it.
 */
export function TranslatedText({ text, codes }: { text: string; codes: readonly DisplayCode[] }) {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const root: ReactNode[] = [];
  const stack: { code: DisplayCode; children: ReactNode[] }[] = [];
  const top = () => (stack.length ? stack[stack.length - 1].children : root);

  parsePlaceholders(text).forEach((part, i) => {
    if (part.type === 'text') {
      top().push(<Fragment key={i}>{part.text}</Fragment>);
      return;
    }
    const code = byId.get(part.id);
    if (!code) {
      top().push(<Fragment key={i}>{part.token}</Fragment>);
    } else if (part.type === 'open') {
      stack.push({ code, children: [] });
    } else if (part.type === 'close') {
      if (stack[stack.length - 1]?.code.id !== part.id) return; // a close without its open shows nothing
      const frame = stack.pop()!;
      top().push(<span key={i} className={`coded coded-${frame.code.kind}`}>{frame.children}</span>);
    } else {
      const visible = standaloneCodeText(code);
      if (!visible) return;
      // Addresses and numbers keep their own direction inside right-to-left text (CSS: .coded-url …).
      top().push(code.kind === 'footnote-ref'
        ? <sup key={i} className="coded coded-footnote-ref">{visible}</sup>
        : <span key={i} className={`coded coded-${code.kind}`}>{visible}</span>);
    }
  });
  // An open code never closed: its text still shows, unstyled.
  while (stack.length) {
    const frame = stack.pop()!;
    top().push(...frame.children);
  }
  return <>{root}</>;
}
