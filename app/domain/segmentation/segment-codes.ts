import type { InlineSpan } from './inline-spans';
import type { InlineCode } from './types';

interface CodeEvent {
  at: number;
  /** Where the markup this event stands for ends in the source. */
  until: number;
  type: 'open' | 'close' | 'standalone';
  span: InlineSpan;
}

/**
 * Numbers the inline markup of one segment and writes the text a translator sees: `{1}…{/1}` around
 * paired markup, `{2/}` for a standalone piece. Markup that a sentence break cut in two (emphasis over two
 * sentences) becomes a standalone code on each side, so every segment's codes balance on their own.
 */
export function encodeSegment(
  text: string,
  start: number,
  end: number,
  spans: readonly InlineSpan[],
  options: { collapseLineBreaks: boolean },
): { placeholderText: string; codes: InlineCode[] } {
  const events: CodeEvent[] = [];
  for (const span of spans) {
    if (span.end <= start || span.start >= end) continue;
    const opensInside = span.start >= start;
    const closesInside = span.end <= end;
    if (!span.paired) {
      if (opensInside && closesInside) events.push({ at: span.start, until: span.end, type: 'standalone', span });
      continue;
    }
    if (opensInside && closesInside) {
      events.push({ at: span.start, until: span.innerStart, type: 'open', span });
      events.push({ at: span.innerEnd, until: span.end, type: 'close', span });
    } else if (opensInside) {
      events.push({ at: span.start, until: span.innerStart, type: 'standalone', span: { ...span, kind: 'markup', paired: false } });
    } else if (closesInside && span.innerEnd >= start) {
      events.push({ at: span.innerEnd, until: span.end, type: 'standalone', span: { ...span, kind: 'markup', paired: false } });
    }
  }
  events.sort((a, b) => a.at - b.at || order(a) - order(b));

  const codes: InlineCode[] = [];
  const idOf = new Map<InlineSpan, number>();
  let out = '';
  let cursor = start;
  for (const event of events) {
    if (event.at < cursor) continue; // inside markup already written (never expected, kept safe)
    out += plain(text.slice(cursor, event.at), options.collapseLineBreaks);
    const markup = text.slice(event.at, event.until);
    if (event.type === 'close') {
      const id = idOf.get(event.span)!;
      codes[id - 1].close = markup;
      out += `{/${id}}`;
    } else {
      const id = codes.length + 1;
      idOf.set(event.span, id);
      codes.push({
        id,
        kind: event.span.kind,
        paired: event.type === 'open',
        open: markup,
        close: '',
        ...(event.span.href ? { href: event.span.href } : {}),
      });
      out += event.type === 'open' ? `{${id}}` : `{${id}/}`;
    }
    cursor = event.until;
  }
  out += plain(text.slice(cursor, end), options.collapseLineBreaks);
  return { placeholderText: out, codes };
}

const order = (e: CodeEvent) => (e.type === 'close' ? 0 : e.type === 'standalone' ? 1 : 2);

/** Markdown soft line breaks mean nothing to the reader: the translator sees one line. */
function plain(s: string, collapseLineBreaks: boolean): string {
  return collapseLineBreaks ? s.replace(/[ \t]*\r?\n[ \t]*/g, ' ') : s;
}
