import { describe, expect, it } from 'vitest';
import { segment } from '../support/rules';
import { readGold, score } from '../support/gold';

// The acceptance bar of issue 3 is boundary F1 >= 0.98 per seeded document, scored by the shared scorer.
describe('segmentation against the hand-made gold', () => {
  for (const name of ['sign-on-letter', 'key-messages', 'brazil-pp18-resolutions-part1']) {
    it(`${name}: boundary F1 of at least 0.98, every text covered`, () => {
      const { gold, sourceText } = readGold(name);
      const doc = segment(sourceText, gold.sourceType);
      const result = score(gold, doc.segments, sourceText);
      expect(result.details.missed).toEqual([]);
      expect(result.details.spurious).toEqual([]);
      expect(result.f1).toBeGreaterThanOrEqual(0.98);
    });
  }

  it('gives each segment the kind the gold gives it, except the one breadcrumb line', () => {
    for (const name of ['sign-on-letter', 'key-messages', 'brazil-pp18-resolutions-part1']) {
      const { gold, sourceText } = readGold(name);
      const doc = segment(sourceText, gold.sourceType);
      expect(doc.segments.length).toBe(gold.segments.length);
      const wrong = gold.segments
        .map((g, i) => ({ text: g.text, gold: g.kind, ours: doc.segments[i].kind }))
        .filter((x) => x.gold !== x.ours);
      // "Cybersecurity & Standards" is the site's breadcrumb above the title; a plain-text line gives no sign
      // of that, so we call it a heading (documented in the closing note of issue 3).
      expect(wrong).toEqual(name === 'sign-on-letter' ? [{ text: 'Cybersecurity & Standards', gold: 'metadata', ours: 'heading' }] : []);
    }
  });

  it('keeps list labels outside the text, verbatim', () => {
    for (const name of ['sign-on-letter', 'key-messages', 'brazil-pp18-resolutions-part1']) {
      const { gold, sourceText } = readGold(name);
      const doc = segment(sourceText, gold.sourceType);
      gold.segments.forEach((g, i) => {
        if (g.kind === 'list-item' && g.label) expect(doc.segments[i].label).toBe(g.label);
      });
    }
  });

  it('segment texts are exact slices of the source', () => {
    for (const name of ['sign-on-letter', 'key-messages', 'brazil-pp18-resolutions-part1']) {
      const { gold, sourceText } = readGold(name);
      for (const s of segment(sourceText, gold.sourceType).segments) {
        expect(sourceText.slice(s.start, s.end)).toBe(s.text);
      }
    }
  });
});
