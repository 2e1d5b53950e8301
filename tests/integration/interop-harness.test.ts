// The interop harness itself, on known-good and known-bad sample files: a checker that cannot fail proves nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { catToolsAvailable, itWithTool, omegatRoundTrip, readWithTranslateToolkit } from '../support/cat-tools';
import { validateTmx, validateXliff12, validateXliff20, type XmlDocument } from '../support/xml-validate';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'xliff-samples');
const sample = (rel: string) => path.join(SAMPLES, rel);
const doc = (rel: string): XmlDocument => ({ name: rel, xml: fs.readFileSync(sample(rel), 'utf8') });

const tools = await catToolsAvailable();
for (const [tool, s] of Object.entries(tools)) if (!s.available) console.warn(`interop harness: ${tool} unavailable: ${s.detail}`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'interop-harness-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const XXE = `<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="en" datatype="plaintext"><body>
    <trans-unit id="1"><source>&xxe;</source></trans-unit>
  </body></file>
</xliff>`;

describe('XLIFF schema validation (xmllint-wasm)', () => {
  it('XLIFF 1.2: accepts the valid samples and names what is wrong in the invalid one, in one batch', async () => {
    const results = await validateXliff12([
      doc('valid/min12.xlf'),
      doc('invalid/bad12.xlf'),
      doc('roundtrip/app.en-de.xlf'),
      { name: 'truncated.xlf', xml: '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file>' },
      { name: 'xxe.xlf', xml: XXE },
    ]);
    expect(results.map((r) => [r.name, r.valid])).toEqual([
      ['valid/min12.xlf', true],
      ['invalid/bad12.xlf', false],
      ['roundtrip/app.en-de.xlf', true],
      ['truncated.xlf', false],
      ['xxe.xlf', false],
    ]);
    expect(results[0].errors).toEqual([]);
    const bad = results[1].errors.join('\n');
    expect(bad).toMatch(/line 7: .*attribute 'state': 'done' is not a valid value/);
    expect(bad).toMatch(/line 10: .*trans-unit'?: The attribute 'id' is required but missing/);
    expect(results[3].errors.join('\n')).toMatch(/line 1: parser error : Premature end of data/);
    expect(results[4].errors).toEqual([expect.stringContaining('<!ENTITY')]);
  });

  it('XLIFF 2.0 (core + modules): accepts the valid sample, rejects the invalid one with reasons', async () => {
    const [good, bad, v12] = await validateXliff20([doc('valid/min20.xlf'), doc('invalid/bad20.xlf'), doc('valid/min12.xlf')]);
    expect(good).toEqual({ name: 'valid/min20.xlf', valid: true, errors: [] });
    expect(bad.valid).toBe(false);
    expect(bad.errors.join('\n')).toMatch(/line 6: .*attribute 'state': \[facet 'enumeration'\] The value 'done'/);
    expect(bad.errors.join('\n')).toMatch(/line 11: .*unit'?: The attribute 'id' is required but missing/);
    // A 1.2 document is no 2.0 document.
    expect(v12.valid).toBe(false);
    expect(v12.errors.join('\n')).toMatch(/No matching global declaration/);
  });
});

describe('TMX 1.4 DTD validation (system xmllint)', () => {
  itWithTool(tools, 'xmllint', 'accepts the valid memories and rejects a header without srclang', async () => {
    const results = await validateTmx([doc('valid/min.tmx'), doc('roundtrip/app.en-de.tmx'), doc('invalid/bad.tmx'), { name: 'xxe.tmx', xml: XXE }]);
    expect(results.map((r) => [r.name, r.valid])).toEqual([
      ['valid/min.tmx', true],
      ['roundtrip/app.en-de.tmx', true],
      ['invalid/bad.tmx', false],
      ['xxe.tmx', false],
    ]);
    expect(results[0].errors).toEqual([]);
    expect(results[2].errors.join('\n')).toMatch(/line 4: .*Element header does not carry attribute srclang/);
    expect(results[3].errors).toEqual([expect.stringContaining('<!ENTITY')]);
  });
});

describe('Translate Toolkit 3.8.4 as a peer reader', () => {
  itWithTool(tools, 'translate-toolkit', 'reads the XLIFF 1.2 sample unit by unit', async () => {
    const units = await readWithTranslateToolkit(sample('valid/min12.xlf'));
    expect(units).toHaveLength(2);
    expect(units[0]).toMatchObject({
      id: 'greeting',
      xmlState: 'translated',
      approved: false,
      // TT calls every target without approved="yes" fuzzy.
      fuzzy: true,
      source: 'Hello World!',
      target: 'Hallo Welt!',
      sourceXml: 'Hello <g id="1" ctype="bold">World</g>!<x id="2" ctype="lb"/>',
      notes: 'Shown on the start page.',
    });
    expect(units[1]).toMatchObject({ id: 'bye', xmlState: null, ttState: 'untranslated', target: '' });
  });

  itWithTool(tools, 'translate-toolkit', 'refuses XLIFF 2.0 instead of reporting 0 units', async () => {
    await expect(readWithTranslateToolkit(sample('valid/min20.xlf'))).rejects.toThrow(/cannot read XLIFF 2\.0/);
  });
});

describe('OmegaT 3.6 round trip', () => {
  itWithTool(
    tools,
    'omegat',
    'translates 4 of 6 units from the TMX, and its output is still valid XLIFF 1.2 that TT reads',
    async () => {
      const out = path.join(work, 'app.de.xlf');
      const result = await omegatRoundTrip(sample('roundtrip/app.en-de.xlf'), sample('roundtrip/app.en-de.tmx'), out);
      expect(result).toMatchObject({ units: 6, changed: 4, unchanged: 1, withoutTarget: 1 });

      const xml = fs.readFileSync(out, 'utf8');
      const [validation] = await validateXliff12([{ name: 'app.de.xlf', xml }]);
      expect(validation).toEqual({ name: 'app.de.xlf', valid: true, errors: [] });

      if (!tools['translate-toolkit'].available) return;
      const targets = Object.fromEntries((await readWithTranslateToolkit(out)).map((u) => [u.id, u.target]));
      expect(targets).toMatchObject({
        u1: 'Auf Wiedersehen.',
        u2: 'Tschüss. Bis bald.',
        u3: 'Hallo Welt!',
        u5: 'Nothing in memory for this one.',
        u6: '',
      });
    },
    180_000,
  );
});
