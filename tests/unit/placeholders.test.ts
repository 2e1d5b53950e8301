import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segment } from '../support/rules';
import { checkPlaceholders, restoreMarkup, withoutPlaceholders } from '~/domain/text/placeholders';
import { fixturesDir } from '../support/gold';

const codes = segment('Sign [here](https://example.org) or write to a@b.org.', 'text/markdown').segments[0].codes;

describe('placeholders in targets', () => {
  it('accepts a target with every code, in any order that keeps pairs nested', () => {
    expect(checkPlaceholders('Escriba a {2/} o firme {1}aquí{/1}.', codes)).toBeNull();
  });

  it('names missing, unexpected and misordered codes', () => {
    expect(checkPlaceholders('<a href="javascript:alert(1)">ลงนาม</a>', codes)).toEqual({ missing: ['{1}', '{/1}', '{2/}'], unexpected: [], misordered: [] });
    expect(checkPlaceholders('{1}a{/1} {2/} {3/}', codes)).toEqual({ missing: [], unexpected: ['{3/}'], misordered: [] });
    expect(checkPlaceholders('{/1}a{1} {2/}', codes)?.misordered).toEqual(['{/1}']);
  });

  it('puts the original markup back for every segment of the seeded documents', () => {
    for (const [file, type] of [['key-messages.md', 'text/markdown'], ['sign-on-letter.txt', 'text/plain']] as const) {
      const text = fs.readFileSync(path.join(fixturesDir, 'gold', 'sources', file), 'utf8');
      for (const s of segment(text, type).segments) {
        const restored = restoreMarkup(s.placeholderText, s.codes);
        // Markdown soft line breaks are shown as spaces; everything else comes back byte for byte.
        expect(restored).toBe(type === 'text/markdown' ? s.text.replace(/[ \t]*\n[ \t]*/g, ' ') : s.text);
      }
    }
  });

  it('counts only visible text', () => {
    expect(withoutPlaceholders('Firme {1}aquí{/1} {2/}.')).toBe('Firme aquí .');
  });
});
