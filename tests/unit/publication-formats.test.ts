import { describe, expect, it } from 'vitest';
import { escapeMarkdown, publicationMarkdown, publicationText } from '~/components/public/publication-formats';
import { downloadFileName, downloadPath, publicationDownloads } from '~/domain/publishing/downloads';
import type { PublicationSnapshot, PublishedBlock, PublishedSentence } from '~/domain/publishing/snapshot';
import type { InlineCode } from '~/domain/segmentation/types';
import { parseUnicodeRange } from '~/services/self-contained-page.server';

/** A publication's Markdown and plain text, written from a snapshot as its page is (no database, no server). */

let nextKey = 0;
const sentence = (text: string, extra: Partial<PublishedSentence> = {}): PublishedSentence => ({
  key: `s${nextKey++}`, text, codes: [], inSource: false, fallback: false, ...extra,
});
let nextIndex = 0;
const block = (type: PublishedBlock['type'], sentences: PublishedSentence[], extra: Partial<PublishedBlock> = {}): PublishedBlock => ({
  index: nextIndex++, type, level: 0, label: null, group: null, ordered: false, sentences, ...extra,
});
const snapshot = (blocks: PublishedBlock[], lang = 'fr'): PublicationSnapshot => ({
  project: { slug: 'itu-2012', title: 'ITU' }, document: { slug: 'sign-on-letter', title: 'Letter' }, lang, sourceLang: 'en', blocks,
});

const link: InlineCode = { id: 1, kind: 'link', paired: true, open: '[', close: '](https://www.cdt.org/itu)', href: 'https://www.cdt.org/itu' };
const strong: InlineCode = { id: 2, kind: 'strong', paired: true, open: '**', close: '**' };
const url: InlineCode = { id: 3, kind: 'url', paired: false, open: '<https://www.itu.int/wcit>', close: '', href: 'https://www.itu.int/wcit' };
const withoutClose = (codes: InlineCode[]) => codes.map(({ close: _close, ...code }) => code);

const letter = snapshot([
  block('heading', [sentence('Lettre ouverte')], { level: 1 }),
  block('paragraph', [sentence('Première phrase.'), sentence('Deuxième {1}lien{/1} et {3/}.', { codes: withoutClose([link, url]) })]),
  block('list-item', [sentence('Publier les propositions.')], { label: '•', group: 0 }),
  block('list-item', [sentence('Tenir des consultations.')], { label: '•', group: 0 }),
  block('list-item', [sentence('Premier point.')], { label: '1.', group: 1, ordered: true }),
  block('list-item', [sentence('Point a.')], { label: 'a)', group: 1, ordered: true }),
  block('signatory', [sentence('Article 19', { inSource: true })], { group: 2 }),
  block('signatory', [sentence('Bytes For All, Pakistan', { inSource: true })], { group: 2 }),
  block('rule', []),
  block('metadata', [sentence('Updated 14 November 2012', { inSource: true })]),
]);

describe('plain text', () => {
  it('is one paragraph per block, list items on their own lines with their labels, codes as the page shows them', () => {
    expect(publicationText(letter)).toBe([
      'Lettre ouverte',
      '',
      'Première phrase. Deuxième lien et https://www.itu.int/wcit.',
      '',
      '• Publier les propositions.',
      '• Tenir des consultations.',
      '',
      '1. Premier point.',
      'a) Point a.',
      '',
      'Article 19',
      'Bytes For All, Pakistan',
      '',
      '* * *',
      '',
      'Updated 14 November 2012',
      '',
    ].join('\n'));
  });

  it('keeps hostile text as it is, puts a line break typed in a sentence on one line, and joins Chinese sentences without a space', () => {
    const text = publicationText(snapshot([
      block('paragraph', [sentence('<script>alert(1)</script>'), sentence('line\none')]),
      block('paragraph', [sentence('第一句。'), sentence('第二句。')]),
    ], 'zh-Hans'));
    expect(text).toBe('<script>alert(1)</script>line one\n\n第一句。第二句。\n');
  });
});

describe('Markdown', () => {
  it('writes headings, paragraphs, lists with their labels and signatories as a list; codes as text when the source was not Markdown', () => {
    expect(publicationMarkdown(letter)).toBe([
      '# Lettre ouverte',
      '',
      'Première phrase. Deuxième lien et <https://www.itu.int/wcit>.',
      '',
      '- Publier les propositions.',
      '- Tenir des consultations.',
      '',
      '1. Premier point.',
      '* a) Point a.',
      '',
      '- Article 19',
      '- Bytes For All, Pakistan',
      '',
      '* * *',
      '',
      'Updated 14 November 2012',
      '',
    ].join('\n'));
  });

  it('escapes what could be markup in translated text, so TXT-01…03 stay text', () => {
    const md = publicationMarkdown(snapshot([
      block('paragraph', [sentence('<script>alert(1)</script>')]),
      block('paragraph', [sentence('</script><script>window.__xss=1</script>')]),
      block('paragraph', [sentence('<img src=x onerror=alert(1)> <svg onload=alert(1)>')]),
      block('paragraph', [sentence('[click](javascript:alert(1)) *not emphasis* `tick` &lt;b&gt; a|b ~~x~~')]),
    ]));
    expect(md).not.toMatch(/(?<!\\)[<[`*|~]/);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\</script\\>\\<script\\>window.\\_\\_xss=1\\</script\\>');
    expect(md).toContain('\\<img src=x onerror=alert(1)\\> \\<svg onload=alert(1)\\>');
    expect(md).toContain('\\[click\\](javascript:alert(1)) \\*not emphasis\\* \\`tick\\` \\&lt;b\\&gt; a\\|b \\~\\~x\\~\\~');
  });

  it('escapes what would open a heading, a list or a quote at the start of a block', () => {
    const md = publicationMarkdown(snapshot([
      block('paragraph', [sentence('# pas un titre')]),
      block('paragraph', [sentence('1. pas une liste')]),
      block('paragraph', [sentence('- pas une liste')]),
      block('list-item', [sentence('+ pas imbriqué')], { label: '•', group: 0 }),
    ]));
    expect(md).toBe('\\# pas un titre\n\n1\\. pas une liste\n\n\\- pas une liste\n\n- \\+ pas imbriqué\n');
  });

  it('writes a Markdown source\'s codes as its own markup, around escaped translations; its untranslated text as written', () => {
    const codes = [link, strong, url];
    const md = publicationMarkdown(snapshot([
      block('paragraph', [sentence('Voir {1}le *site*{/1}, {2}surtout{/2} {3/}.', { key: 'a', codes: withoutClose(codes) })]),
      block('list-item', [sentence('{1}Key Messages{/1} [3]', { key: 'b', codes: withoutClose([link]), inSource: true })], { label: '-', group: 0 }),
      block('raw', [sentence('{1/}', { key: 'c', codes: withoutClose([url]), inSource: true })], { label: '-', group: 0 }),
    ]), { sourceCodes: new Map([['a', codes], ['b', [link]], ['c', [{ ...url, id: 1 }]]]) });
    expect(md).toBe([
      'Voir [le \\*site\\*](https://www.cdt.org/itu), **surtout** <https://www.itu.int/wcit>.',
      '',
      '- [Key Messages](https://www.cdt.org/itu) [3]',
      '- <https://www.itu.int/wcit>',
      '',
    ].join('\n'));
  });

  it('leaves no raw HTML tag in a Markdown source\'s own text, and keeps the escapes it already has', () => {
    const md = publicationMarkdown(snapshot([
      block('paragraph', [sentence('Raw <b>bold</b>, escaped \\<i>, a \\\\<u> and 2 < 3.', { key: 'r', inSource: true })]),
    ]), { sourceCodes: new Map() });
    expect(md).toBe('Raw \\<b>bold\\</b>, escaped \\<i>, a \\\\\\<u> and 2 < 3.\n');
  });

  it('writes a Markdown source\'s code as text when its markup is raw HTML or a script link', () => {
    const html: InlineCode = { id: 1, kind: 'link', paired: true, open: '<a href="https://x.org" onclick="x()">', close: '</a>' };
    const script: InlineCode = { id: 2, kind: 'link', paired: true, open: '[', close: '](javascript:alert(1))' };
    const encoded: InlineCode = { id: 3, kind: 'link', paired: true, open: '[', close: '](javascript&#58;alert(1))' };
    const codes = [html, script, encoded];
    const md = publicationMarkdown(snapshot([
      block('paragraph', [sentence('{1}un{/1} {2}deux{/2} {3}trois{/3}', { key: 'k', codes: withoutClose(codes) })]),
    ]), { sourceCodes: new Map([['k', codes]]) });
    expect(md).toBe('un deux trois\n');
  });

  it('gives two lists in a row different bullets, so they stay two lists', () => {
    const md = publicationMarkdown(snapshot([
      block('list-item', [sentence('Un.')], { label: '•', group: 0 }),
      block('signatory', [sentence('Article 19', { inSource: true })], { group: 1 }),
    ]));
    expect(md).toBe('- Un.\n\n* Article 19\n');
  });

  it('escapeMarkdown leaves letters of every script alone', () => {
    expect(escapeMarkdown('ہم اس خط کی تائید کرتے ہیں۔ ไทย বাংলা 简体中文')).toBe('ہم اس خط کی تائید کرتے ہیں۔ ไทย বাংলা 简体中文');
  });
});

describe('download names and links', () => {
  const address = { project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', number: 1 };
  it('carry project, document, language and publication number', () => {
    expect(downloadFileName(address, 'md')).toBe('itu-2012-sign-on-letter-ur-v1.md');
    expect(downloadFileName(address, 'txt')).toBe('itu-2012-sign-on-letter-ur-v1.txt');
    expect(downloadFileName(address, 'html')).toBe('itu-2012-sign-on-letter-ur-v1.html');
    expect(downloadFileName(address, 'print')).toBe('itu-2012-sign-on-letter-ur-v1-print.html');
    expect(downloadPath(address, 'md')).toBe('/read/itu-2012/sign-on-letter/ur/v/1/download/md');
    expect(publicationDownloads(address, (key) => `<${key}>`).map((d) => d.label)).toEqual(['<downloadHtml>', '<downloadMarkdown>', '<downloadText>', '<downloadPrint>']);
  });

  it('font unicode-ranges are read as code point ranges, wildcards included', () => {
    expect(parseUnicodeRange('U+0600-06FF, U+200C,U+4??')).toEqual([[0x600, 0x6ff], [0x200c, 0x200c], [0x400, 0x4ff]]);
  });
});
