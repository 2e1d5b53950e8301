import { describe, expect, it } from 'vitest';
import { AppError } from '~/domain/errors';
import { checkPublishable, planSnapshot, type SnapshotInputBlock } from '~/domain/publishing/snapshot';

const head = { project: { slug: 'p', title: 'P' }, document: { slug: 'd', title: 'D' }, lang: 'ur', sourceLang: 'en' };
const block = (index: number, type: SnapshotInputBlock['type'], segments: SnapshotInputBlock['segments']): SnapshotInputBlock =>
  ({ index, type, level: 1, label: null, group: null, ordered: false, segments });
const seg = (key: string, kind: string, translatable: boolean, target: { text: string; state: 'approved' | 'translated' } | null) =>
  ({ key, kind, translatable, placeholderText: `source ${key}`, codes: [], target });

const blocks = [
  block(0, 'heading', [seg('a', 'heading', true, { text: 'سرخی', state: 'approved' })]),
  block(1, 'metadata', [seg('m', 'metadata', false, null)]),
  block(2, 'paragraph', [seg('b', 'paragraph-sentence', true, { text: 'پہلا', state: 'approved' }), seg('c', 'paragraph-sentence', true, { text: 'دوسرا', state: 'translated' })]),
  block(3, 'rule', []),
  block(4, 'signatory', [seg('s', 'signatory', false, null)]),
];

describe('what a publication holds', () => {
  it('approved text as translated, the rest as source: non-translatable in source, unapproved marked as a fallback', () => {
    const plan = planSnapshot(head, blocks);
    expect(plan.approved).toBe(2);
    expect(plan.missing).toEqual(['c']);
    const sentences = plan.snapshot.blocks.flatMap((b) => b.sentences);
    expect(sentences.map((s) => [s.key, s.text, s.inSource, s.fallback])).toEqual([
      ['a', 'سرخی', false, false], ['m', 'source m', true, false], ['b', 'پہلا', false, false], ['c', 'source c', true, true], ['s', 'source s', true, false],
    ]);
  });

  it('leaves metadata lines out when the project says so, keeping blocks that never had text (a rule)', () => {
    const plan = planSnapshot(head, blocks, { includeMetadata: false });
    expect(plan.snapshot.blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'rule', 'signatory']);
  });

  it('refuses to publish with unapproved sentences unless the project falls back to the source, and never with nothing approved', () => {
    const plan = planSnapshot(head, blocks);
    expect(() => checkPublishable(plan, 'refuse')).toThrow(expect.objectContaining({ code: 'not_ready_to_publish', details: expect.objectContaining({ missing: 1, keys: ['c'] }) }));
    expect(() => checkPublishable(plan, 'source')).not.toThrow();
    const none = planSnapshot(head, [block(0, 'paragraph', [seg('x', 'paragraph-sentence', true, null)])]);
    expect(() => checkPublishable(none, 'source')).toThrow(AppError);
  });
});
