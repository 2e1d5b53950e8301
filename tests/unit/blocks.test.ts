import { describe, expect, it } from 'vitest';
import { segment } from '../support/rules';

const plain = (text: string) => segment(text, 'text/plain');
const summary = (text: string) => plain(text).segments.map((s) => [s.kind, s.label, s.text]);

describe('plain-text blocks (gold FORMAT.md rules 1, 8-13)', () => {
  it('keeps a signatory whose affiliation wraps over lines as one segment', () => {
    const doc = plain('Kictanet, Kenya\nEduardo Bertoni, Centro de Estudios en Libertad\nde Expresión y Acceso a la Información (CELE),\nUniversidad de Palermo, Argentina\nNawaat, Tunisia\n');
    expect(doc.segments.map((s) => s.text)).toEqual([
      'Kictanet, Kenya',
      'Eduardo Bertoni, Centro de Estudios en Libertad\nde Expresión y Acceso a la Información (CELE),\nUniversidad de Palermo, Argentina',
      'Nawaat, Tunisia',
    ]);
    expect(doc.segments.every((s) => s.kind === 'signatory' && !s.translatable)).toBe(true);
  });

  it('treats names after a sign-off as signatories and the sign-off as a sentence', () => {
    expect(summary('Best regards,\nMaria Lopez\nDigital Rights Network\n')).toEqual([
      ['paragraph-sentence', null, 'Best regards,'],
      ['signatory', null, 'Maria Lopez'],
      ['signatory', null, 'Digital Rights Network'],
    ]);
  });

  it('reads short lines after a line ending with a colon as a list', () => {
    const doc = plain('The letter is available in the following languages:\n\nSpanish (CELE, Argentina)\nThai (Thai Netizen Network)\n');
    expect(doc.segments.map((s) => s.kind)).toEqual(['paragraph-sentence', 'list-item', 'list-item']);
    expect(doc.blocks[1].group).toBe(doc.blocks[2].group);
  });

  it('takes bullets, numbers, letters and Word tab labels out of the text into the label', () => {
    expect(summary('  • Publicly release proposals.\n1. Read it.\n(b) Share it.\na)\tthat the rights;\ncb)\tthat the duties;\n\tstrengthen the Union;\n')).toEqual([
      ['list-item', '•', 'Publicly release proposals.'],
      ['list-item', '1.', 'Read it.'],
      ['list-item', '(b)', 'Share it.'],
      ['list-item', 'a)', 'that the rights;'],
      ['list-item', 'cb)', 'that the duties;'],
      ['list-item', null, 'strengthen the Union;'],
    ]);
  });

  it('makes a tab-separated word label its own heading segment', () => {
    expect(summary('Reasons:\tBrazil proposes changes. They are small.\n')).toEqual([
      ['heading', null, 'Reasons:'],
      ['paragraph-sentence', null, 'Brazil proposes changes.'],
      ['paragraph-sentence', null, 'They are small.'],
    ]);
  });

  it('knows headings, numbered headings, separators, page chrome and metadata', () => {
    expect(summary('Skip to Content\n\nWhat Can I Do?\n\n3. Next steps\n\n*****************\nMOD\tB/67/1\nUpdated 14 November 2012\nhttps://www.cdt.org/letter\n')).toEqual([
      ['non-translatable', null, 'Skip to Content'],
      ['heading', null, 'What Can I Do?'],
      ['heading', null, '3. Next steps'],
      ['non-translatable', null, '*****************'],
      ['metadata', null, 'MOD\tB/67/1'],
      ['metadata', null, 'Updated 14 November 2012'],
      ['non-translatable', null, 'https://www.cdt.org/letter'],
    ]);
  });

  it('leaves Word bookmarks outside the segment', () => {
    expect(summary('[bookmark: _Toc1][bookmark: _Toc2]RESOLUTION 130 (Rev. Busan, 2014)\n')).toEqual([
      ['heading', null, 'RESOLUTION 130 (Rev. Busan, 2014)'],
    ]);
  });

  it('makes an inlined Word footnote body its own segment without its wrapper', () => {
    const doc = plain('j)\tfor developing countries[footnoteRef:1]1, and cooperation;  [1: 1 \tThese include the least developed countries.] \n');
    expect(doc.segments.map((s) => [s.kind, s.text])).toEqual([
      ['list-item', 'for developing countries[footnoteRef:1]1, and cooperation;'],
      ['paragraph-sentence', 'These include the least developed countries.'],
    ]);
    expect(doc.blocks[doc.segments[1].block]).toMatchObject({ type: 'footnote', label: '1' });
  });

  it('joins prose hard-wrapped at 80 columns and splits it into sentences', () => {
    const text = [
      'In December, government delegates will meet in Dubai for the World Conference',
      'on International Telecommunications (WCIT). Proposals leaked so far would let',
      'the ITU set rules for the Internet. We think this is a mistake.',
      '',
      '1. Read the sign-on letter at www.cdt.org/letter and share it with your',
      '   colleagues.',
      '2. Write to your minister.',
    ].join('\n');
    const doc = plain(text);
    expect(doc.segments.map((s) => s.text.replace(/\s+/g, ' '))).toEqual([
      'In December, government delegates will meet in Dubai for the World Conference on International Telecommunications (WCIT).',
      'Proposals leaked so far would let the ITU set rules for the Internet.',
      'We think this is a mistake.',
      'Read the sign-on letter at www.cdt.org/letter and share it with your colleagues.',
      'Write to your minister.',
    ]);
    // The translator sees one line; the source keeps its line breaks.
    expect(doc.segments[0].placeholderText).not.toContain('\n');
    expect(doc.segments[0].text).toContain('\n');
  });

  it('does not join the one-line paragraphs of a letter', () => {
    const doc = plain('Kictanet, Kenya\nLa Quadrature du Net, France\nNawaat, Tunisia\nOpen Rights Group, UK\n');
    expect(doc.segments).toHaveLength(4);
  });
});

describe('Markdown blocks and inline codes', () => {
  const md = (text: string) => segment(text, 'text/markdown');

  it('turns links, emphasis and footnote references into numbered placeholders', () => {
    const [segment] = md('Advocates are organizing around the [upcoming ITU conference](#) [1].').segments;
    expect(segment.placeholderText).toBe('Advocates are organizing around the {1}upcoming ITU conference{/1} {2/}.');
    expect(segment.codes).toEqual([
      { id: 1, kind: 'link', paired: true, open: '[', close: '](#)', href: '#' },
      { id: 2, kind: 'footnote-ref', paired: false, open: '[1]', close: '' },
    ]);
  });

  it('makes bare URLs, autolinks and e-mail addresses standalone codes', () => {
    const [segment] = md('Write to press@example.org or see <https://www.cdt.org/issue/ITU> and www.itu.int today.').segments;
    expect(segment.placeholderText).toBe('Write to {1/} or see {2/} and {3/} today.');
    expect(segment.codes.map((c) => c.kind)).toEqual(['email', 'url', 'url']);
  });

  it('wraps emphasis over a whole sentence and keeps it when the sentence splits', () => {
    const doc = md('**We call on governments. Oppose the treaty.** Thank you.');
    expect(doc.segments.map((s) => s.placeholderText)).toEqual(['{1/}We call on governments.', 'Oppose the treaty.{1/}', 'Thank you.']);
    expect(doc.segments[0].codes[0]).toMatchObject({ kind: 'markup', open: '**' });
  });

  it('classifies reference lists and source lines', () => {
    const doc = md('**Source URL:** <https://www.cdt.org/content/itu-tools-advocates>\n\n**Links:**\n\n- [1] <http://www.itu.int/en/wcit-12>\n');
    expect(doc.segments.map((s) => s.kind)).toEqual(['metadata', 'metadata', 'non-translatable']);
    expect(doc.segments.every((s) => !s.translatable)).toBe(true);
  });

  it('gives headings their level and list items their marker, and keeps thematic breaks as layout', () => {
    const doc = md('## From CDT\n\n- [Key Messages](#) [3]\n- Two Page Memo\n\n***\n\n> A quoted sentence. Another.\n');
    expect(doc.blocks.map((b) => [b.type, b.level, b.label])).toEqual([
      ['heading', 2, null], ['list-item', 0, '-'], ['list-item', 0, '-'], ['rule', 0, null], ['quote', 0, null],
    ]);
    expect(doc.segments.map((s) => s.kind)).toEqual(['heading', 'list-item', 'list-item', 'paragraph-sentence', 'paragraph-sentence']);
  });

  it('turns literal text that looks like a placeholder into a code so placeholders stay unambiguous', () => {
    const [typed] = segment('Type {1} here.', 'text/plain').segments;
    expect(typed.placeholderText).toBe('Type {1/} here.');
    expect(typed.codes[0]).toMatchObject({ kind: 'placeholder-like', open: '{1}' });
  });
});
