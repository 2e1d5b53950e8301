import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { standaloneCodeText, TranslatedText } from '~/components/TranslatedText';
import type { DisplayCode } from '~/components/SourceText';

const render = (text: string, codes: DisplayCode[] = []) => renderToStaticMarkup(createElement(TranslatedText, { text, codes }));

const link: DisplayCode = { id: 1, kind: 'link', paired: true, open: '<a href="https://www.cdt.org/itu">', href: 'https://www.cdt.org/itu' };
const url: DisplayCode = { id: 2, kind: 'url', paired: false, open: 'https://www.cdt.org/issue/ITU', href: 'https://www.cdt.org/issue/ITU' };

describe('the visible text of a standalone code', () => {
  it('is the address itself for web and e-mail addresses, in every source format', () => {
    expect(standaloneCodeText({ kind: 'url', open: 'https://www.itu.int/wcit' })).toBe('https://www.itu.int/wcit');
    expect(standaloneCodeText({ kind: 'url', open: '<http://www.itu.int/oth/T3F01000001>' })).toBe('http://www.itu.int/oth/T3F01000001');
    expect(standaloneCodeText({ kind: 'email', open: 'itu@cdt.org' })).toBe('itu@cdt.org');
    expect(standaloneCodeText({ kind: 'email', open: '<mailto:itu@cdt.org>' })).toBe('itu@cdt.org');
    expect(standaloneCodeText({ kind: 'obfuscated-email', open: '[email protected]' })).toBe('[email protected]');
  });

  it('is nothing for markup that shows no text of its own', () => {
    expect(standaloneCodeText({ kind: 'markup', open: '<br>' })).toBe('');
    expect(standaloneCodeText({ kind: 'markup', open: '<img alt="logo">' })).toBe('');
    expect(standaloneCodeText({ kind: 'bookmark', open: '[bookmark: _Toc1]' })).toBe('');
  });

  it('is the number of a footnote reference and the text of inline code, with the markup taken off', () => {
    expect(standaloneCodeText({ kind: 'footnote-ref', open: '[3]' })).toBe('[3]');
    expect(standaloneCodeText({ kind: 'footnote-ref', open: '[^3]' })).toBe('[3]');
    expect(standaloneCodeText({ kind: 'footnote-ref', open: '<sup>3</sup>' })).toBe('[3]');
    expect(standaloneCodeText({ kind: 'code', open: '<code>a &lt; b</code>' })).toBe('a < b');
    expect(standaloneCodeText({ kind: 'code', open: '`ITRs`' })).toBe('ITRs');
  });
});

describe('a translation as a reader sees it', () => {
  it('shows markup typed into a translation as text, never as HTML', () => {
    const html = render('Bonjour <script>alert(1)</script> & <b>salut</b>');
    expect(html).toBe('Bonjour &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;salut&lt;/b&gt;');
  });

  it('shows a paired link code as a styled span around its text, not as a second link inside the sentence link', () => {
    const html = render('Lisez {1}la lettre{/1} maintenant.', [link]);
    expect(html).toBe('Lisez <span class="coded coded-link">la lettre</span> maintenant.');
    expect(html).not.toContain('<a');
    expect(html).not.toContain('cdt.org');
  });

  it('shows strong and emphasis codes as their styles', () => {
    const strong: DisplayCode = { id: 1, kind: 'strong', paired: true, open: '**' };
    const emphasis: DisplayCode = { id: 2, kind: 'emphasis', paired: true, open: '<em>' };
    expect(render('{1}Nous{/1} {2}appelons{/2}', [strong, emphasis]))
      .toBe('<span class="coded coded-strong">Nous</span> <span class="coded coded-emphasis">appelons</span>');
  });

  it('shows a standalone URL code as the URL, as text', () => {
    expect(render('Voir {2/}.', [url])).toBe('Voir <span class="coded coded-url">https://www.cdt.org/issue/ITU</span>.');
  });

  it('never turns a code\'s source markup into HTML, even when it holds some', () => {
    const hostile: DisplayCode = { id: 1, kind: 'code', paired: false, open: '<code>&lt;img src=x onerror=alert(1)&gt;</code>' };
    expect(render('Code : {1/}', [hostile])).toBe('Code : <span class="coded coded-code">&lt;img src=x onerror=alert(1)&gt;</span>');
    const lineBreak: DisplayCode = { id: 1, kind: 'markup', paired: false, open: '<br>' };
    expect(render('Une{1/}ligne', [lineBreak])).toBe('Uneligne');
  });

  it('keeps the text of a code opened but never closed, and a placeholder the source does not have as typed', () => {
    expect(render('{1}sans fin', [link])).toBe('sans fin');
    expect(render('texte {7/} libre', [link])).toBe('texte {7/} libre');
  });
});
