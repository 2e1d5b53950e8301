import { describe, expect, it } from 'vitest';
import { readTmx, writeTmx, type TmxUnit } from '~/domain/exchange/tmx';
import { AppError } from '~/domain/errors';
import { parseXml } from '~/domain/exchange/xml';
import type { InlineCode } from '~/domain/segmentation/types';

const tool = { name: 'Letter Workbench', version: '0.1.0' };
const code = (id: number, kind: InlineCode['kind'], paired: boolean): InlineCode => ({ id, kind, paired, open: paired ? '<a>' : '[1]', close: paired ? '</a>' : '' });

/** A TMX document whose first `<tu>` starts on line 5. */
function tmx(body: string, header = 'srclang="en"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext" ${header}/>
<body>
${body}
</body>
</tmx>
`;
}

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const pairs = (text: string) => readTmx(text).units.map((u) => Object.fromEntries(u.variants));

describe('writing TMX', () => {
  const units: TmxUnit[] = [
    { source: 'Sign {1}here{/1} or write to {2/}.', target: 'Escriba a {2/} o firme {1}aquí{/1}.', codes: [code(1, 'link', true), code(2, 'email', false)], changedAt: Date.UTC(2012, 11, 3, 14, 15, 0) },
    { source: 'Text with ]]> & < > " and \'quotes\'', target: 'Texte avec ]]> & < > " et \'guillemets\'', note: 'a note & <more>' },
  ];

  it('writes our placeholders as level-2 codes carrying our XLIFF 1.2 markup, never indenting inside <seg>', () => {
    const xml = writeTmx({ sourceLang: 'en', targetLang: 'es', units, tool });
    expect(xml).toContain('<tu changedate="20121203T141500Z">');
    expect(xml).toContain('<tuv xml:lang="en"><seg>Sign <bpt i="1" type="link">&lt;g id="1"&gt;</bpt>here<ept i="1">&lt;/g&gt;</ept> or write to <ph x="2">&lt;x id="2"/&gt;</ph>.</seg></tuv>');
    expect(xml).toContain('<tuv xml:lang="es"><seg>Escriba a <ph x="2">&lt;x id="2"/&gt;</ph> o firme <bpt i="1" type="link">&lt;g id="1"&gt;</bpt>aquí<ept i="1">&lt;/g&gt;</ept>.</seg></tuv>');
    expect(xml).toContain('<seg>Text with ]]&gt; &amp; &lt; &gt; " and \'quotes\'</seg>');
    expect(xml).toContain('<note>a note &amp; &lt;more&gt;</note>');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tmx version="1.4">\n {2}<header creationtool="Letter Workbench" creationtoolversion="0.1.0" segtype="sentence" o-tmf="letter-workbench" adminlang="en" srclang="en" datatype="plaintext"\/>\n/);
    expect(xml).not.toContain('<!DOCTYPE');
    expect(() => parseXml(xml)).not.toThrow();
  });

  it('is byte-stable: the same memory gives the same file', () => {
    const once = writeTmx({ sourceLang: 'en', targetLang: 'es', units, tool });
    expect(writeTmx({ sourceLang: 'en', targetLang: 'es', units: structuredClone(units), tool })).toBe(once);
  });

  it('reads back what it wrote, text and codes, byte for byte', () => {
    const xml = writeTmx({ sourceLang: 'en', targetLang: 'es', units, tool });
    expect(pairs(xml)).toEqual(units.map((u) => ({ en: u.source, es: u.target })));
  });

  it('writes a code without its partner as an isolated <it>, which reads back as a standalone code', () => {
    const xml = writeTmx({ sourceLang: 'en', targetLang: 'fr', units: [{ source: 'a {1}b', target: 'a {1}b' }], tool });
    expect(xml).toContain('<seg>a <it pos="begin" x="1">&lt;g id="1"&gt;</it>b</seg>');
    expect(pairs(xml)).toEqual([{ en: 'a {1/}b', fr: 'a {1/}b' }]);
  });
});

describe('reading TMX from other tools', () => {
  it('numbers codes from 1 in source order and gives the target the numbers of the codes it corresponds to', () => {
    const text = tmx(`<tu>
  <tuv xml:lang="en-US"><seg>Click <bpt i="1" x="7" type="bold">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> or <ph x="9">%s</ph> <hi>now</hi> <ut>&lt;br&gt;</ut></seg></tuv>
  <tuv xml:lang="fr-FR"><seg><ut>&lt;br&gt;</ut><hi>maintenant</hi> <ph x="9">%s</ph> ou <bpt i="4" x="7">&lt;b&gt;</bpt>Enregistrer<ept i="4">&lt;/b&gt;</ept> <it pos="begin">&lt;i&gt;</it></seg></tuv>
</tu>`);
    expect(pairs(text)).toEqual([{
      'en-US': 'Click {1}Save{/1} or {2/} {3}now{/3} {4/}',
      'fr-FR': '{4/}{3}maintenant{/3} {2/} ou {1}Enregistrer{/1} {5/}',
    }]);
  });

  it('turns literal text that looks like a placeholder into a code, so placeholders stay unambiguous', () => {
    const text = tmx('<tu><tuv xml:lang="en"><seg>Delete {0} of {1} files</seg></tuv><tuv xml:lang="es"><seg>Borrar {1} de {0} archivos</seg></tuv></tu>');
    expect(pairs(text)).toEqual([{ en: 'Delete {1/} of {2/} files', es: 'Borrar {2/} de {1/} archivos' }]);
  });

  it('spells language tags as BCP 47 does, and reads the old lang attribute', () => {
    const text = tmx(`<tu><tuv xml:lang="EN"><seg>Hello</seg></tuv><tuv xml:lang="ZH-hans"><seg>你好</seg></tuv><tuv lang="fr-fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en_US"><seg>Hi</seg></tuv></tu>`, 'srclang="en"');
    const [unit] = readTmx(text).units;
    expect([...unit.variants.keys()]).toEqual(['en', 'zh-Hans', 'fr-FR', 'en-US']);
    expect(unit.srcLang).toBe('en');
  });

  it('finds the source variant by its primary language when the region differs, and takes the first variant under *all*', () => {
    expect(readTmx(tmx('<tu><tuv xml:lang="es"><seg>Hola</seg></tuv><tuv xml:lang="en-GB"><seg>Hello</seg></tuv></tu>', 'srclang="EN"')).units[0].srcLang).toBe('en-GB');
    const all = readTmx(tmx('<tu><tuv xml:lang="de"><seg>Hallo</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>', 'srclang="*all*"'));
    expect(all.srcLang).toBe('*all*');
    expect(all.units[0].srcLang).toBe('de');
  });

  it('keeps whitespace inside <seg> and stores text as NFC', () => {
    const text = tmx('<tu><tuv xml:lang="en"><seg>\tTwo  spaces </seg></tuv><tuv xml:lang="fr"><seg>e\u0301te\u0301</seg></tuv></tu>');
    expect(pairs(text)).toEqual([{ en: '\tTwo  spaces ', fr: 'été' }]);
  });
});

describe('refusing what is not TMX 1.4, with the line', () => {
  it('refuses another XML vocabulary or TMX version as not_tmx, with the reason', () => {
    const xliff = refusal(() => readTmx('<xliff version="1.2"/>', 'memory.tmx'));
    expect(xliff).toMatchObject({ code: 'not_tmx', status: 422, details: { fileName: 'memory.tmx', reason: 'its root element is <xliff>, not <tmx>' } });
    expect(refusal(() => readTmx(tmx('').replace('version="1.4"', 'version="1.1"'))).details.reason).toBe('it is TMX version 1.1; only TMX 1.4 (1.4b) is read');
    expect(refusal(() => readTmx(tmx('').replace(' version="1.4"', ''))).details.reason).toBe('the <tmx> element has no version');
  });

  const cases: [string, string, string, number][] = [
    ['a <tu> with one <tuv>', '<tu>\n<tuv xml:lang="en"><seg>Alone</seg></tuv>\n</tu>', 'a <tu> needs at least two <tuv> (a source and a translation); this one has 1', 5],
    ['a <tuv> without language', '<tu>\n<tuv xml:lang="en"><seg>a</seg></tuv>\n<tuv><seg>b</seg></tuv>\n</tu>', 'a <tuv> has no xml:lang', 7],
    ['an <ept> without its <bpt>', '<tu>\n<tuv xml:lang="en"><seg>a<ept i="1">&lt;/b&gt;</ept></seg></tuv>\n<tuv xml:lang="es"><seg>b</seg></tuv></tu>', 'an <ept i="1"> has no <bpt i="1"> before it', 6],
    ['a <bpt> never closed', '<tu>\n<tuv xml:lang="en"><seg>a</seg></tuv>\n<tuv xml:lang="es"><seg>\n<bpt i="2">&lt;b&gt;</bpt>b</seg></tuv></tu>', 'a <bpt i="2"> is never closed by an <ept i="2">', 8],
    ['an unknown element in <seg>', '<tu>\n<tuv xml:lang="en"><seg>a <b>bold</b></seg></tuv>\n<tuv xml:lang="es"><seg>b</seg></tuv></tu>', '<b> is not allowed in <seg>', 6],
    ['a <tuv> without <seg>', '<tu>\n<tuv xml:lang="en"><seg>a</seg></tuv>\n<tuv xml:lang="es"></tuv></tu>', 'a <tuv> has no <seg>', 7],
    ['two variants in one language', '<tu>\n<tuv xml:lang="en"><seg>a</seg></tuv>\n<tuv xml:lang="es"><seg>b</seg></tuv>\n<tuv xml:lang="ES"><seg>c</seg></tuv></tu>', 'this <tu> has two variants in es', 8],
    ['no variant in the source language', '<tu>\n<tuv xml:lang="fr"><seg>a</seg></tuv>\n<tuv xml:lang="es"><seg>b</seg></tuv></tu>', 'this <tu> has no variant in its source language en', 5],
    ['something else in <body>', '<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="es"><seg>b</seg></tuv></tu>\n<unit/>', '<unit> is not allowed in <body>, only <tu>', 6],
    ['a <bpt> without i', '<tu>\n<tuv xml:lang="en"><seg><bpt>x</bpt>a</seg></tuv>\n<tuv xml:lang="es"><seg>b</seg></tuv></tu>', 'a <bpt> has no i attribute', 6],
    ['a language that is no tag', '<tu>\n<tuv xml:lang="en"><seg>a</seg></tuv>\n<tuv xml:lang="español!"><seg>b</seg></tuv></tu>', '"español!" is not a language tag', 7],
  ];
  for (const [what, body, reason, line] of cases) {
    it(`${what}: invalid_tmx at line ${line}`, () => {
      const error = refusal(() => readTmx(tmx(body)));
      expect(error).toMatchObject({ code: 'invalid_tmx', status: 422, details: { line, reason } });
      expect(error.message).toBe(`the TMX file is not valid at line ${line}: ${reason}`);
    });
  }

  it('a header without srclang, and a file without <body>', () => {
    expect(refusal(() => readTmx(tmx('', '')))).toMatchObject({ code: 'invalid_tmx', details: { line: 3, reason: 'the <header> has no srclang' } });
    expect(refusal(() => readTmx('<tmx version="1.4">\n<header srclang="en"/>\n</tmx>'))).toMatchObject({ code: 'invalid_tmx', details: { line: 1, reason: '<tmx> has no <body>' } });
  });

  it('reads the bare `<!DOCTYPE tmx SYSTEM "tmx14.dtd">` OmegaT and others write, refuses one that declares entities, and malformed XML', () => {
    const body = tmx('').split('\n').slice(1).join('\n');
    expect(readTmx(`<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n${body}`).srcLang).toBe(readTmx(tmx('')).srcLang);
    expect(refusal(() => readTmx(`<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY lol "lol">]>\n${body}`)))
      .toMatchObject({ code: 'doctype_not_allowed', details: { line: 2 } });
    expect(refusal(() => readTmx(`<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x"> %p;]>\n${body}`)))
      .toMatchObject({ code: 'doctype_not_allowed' });
    expect(refusal(() => readTmx(tmx('<tu>')))).toMatchObject({ code: 'malformed_xml' });
  });
});
