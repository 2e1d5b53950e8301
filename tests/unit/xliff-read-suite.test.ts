import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '~/domain/errors';
import { readXliff } from '~/domain/exchange/xliff-read';
import { decodeXmlBytes } from '~/domain/exchange/xml';

/**
 * Issue 6's acceptance on the OASIS XLIFF 2.0 suite, through the reader imports use (not only the rule checker):
 * every valid file is read, or refused with a message naming the feature we do not support; every invalid file is
 * refused. The registered extension prefixes of the suite's valid files come from its extra-prefixes.properties.
 */
const suite = path.resolve('tests/fixtures/xliff20-suite');
const names = (dir: string) => fs.readdirSync(path.join(suite, dir)).filter((n) => n.endsWith('.xlf')).sort();
const prefixes = fs.readFileSync(path.join(suite, 'core/valid/extra-prefixes.properties'), 'utf8').split(/\r?\n/)
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.slice(l.lastIndexOf('=') + 1).trim());

function read(dir: string, name: string, extensionPrefixes: string[] = []) {
  const text = decodeXmlBytes(fs.readFileSync(path.join(suite, dir, name)), name);
  try {
    return { ok: true as const, file: readXliff(text, name, { extensionPrefixes }) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ok: false as const, error };
  }
}

describe('our XLIFF 2.0 reader on the OASIS test suite', () => {
  for (const dir of ['core/valid', 'core/in-out']) {
    it(`reads every file of ${dir}, or names the feature it does not support`, () => {
      const unsupported: string[] = [];
      for (const name of names(dir)) {
        const result = read(dir, name, prefixes);
        if (result.ok) {
          expect(result.file.xliffVersion).toBe('2.0');
          continue;
        }
        expect({ name, code: result.error.code }).toEqual({ name, code: 'unsupported_xliff' });
        expect(result.error.details.feature, name).toEqual(expect.any(String));
        unsupported.push(`${name}: ${String(result.error.details.feature)}`);
      }
      console.log(`${dir}: ${names(dir).length - unsupported.length} read, ${unsupported.length} refused as unsupported${unsupported.length ? `\n  ${unsupported.join('\n  ')}` : ''}`);
    });
  }

  it('refuses every file of core/invalid (the core XSD alone catches 29 of 122)', () => {
    const invalid = names('core/invalid');
    const accepted = invalid.filter((name) => read('core/invalid', name).ok);
    console.log(`core/invalid: ${invalid.length - accepted.length} of ${invalid.length} refused by the reader`);
    expect(accepted).toEqual([]);
    expect(invalid).toHaveLength(122);
  });
});
