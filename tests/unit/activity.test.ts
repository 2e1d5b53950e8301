import { describe, expect, it } from 'vitest';
import { excerpt, revisionActivity } from '~/domain/activity';
import { STATE } from '~/domain/translation-state';

describe('activity words from revisions', () => {
  it('tells saves, emptied texts, approvals, rejections, restores and imports apart', () => {
    expect(revisionActivity('editor', STATE.translated)).toBe('saved');
    expect(revisionActivity('editor', STATE.needsWork)).toBe('saved');
    expect(revisionActivity('editor', STATE.untranslated)).toBe('cleared');
    expect(revisionActivity('review', STATE.approved)).toBe('approved');
    expect(revisionActivity('review', STATE.needsWork)).toBe('rejected');
    expect(revisionActivity('revert', STATE.translated)).toBe('restored');
    expect(revisionActivity('xliff-import', STATE.translated)).toBe('imported');
  });

  it('leaves accepted suggestions to the suggestion (credited to the reviewer) and source updates to the application', () => {
    expect(revisionActivity('suggestion', STATE.translated)).toBeNull();
    expect(revisionActivity('source-update', STATE.needsWork)).toBeNull();
  });
});

describe('feed excerpts', () => {
  it('keeps short texts whole and flattens line breaks', () => {
    expect(excerpt('Two\nlines  here')).toBe('Two lines here');
  });

  it('cuts long texts at a word with an ellipsis', () => {
    const text = 'We the undersigned civil society organisations call on the ITU to keep the Internet open and free for all people';
    const cut = excerpt(text, 40);
    expect(cut.endsWith('…')).toBe(true);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(cut.slice(0, -1)).not.toMatch(/\s$/);
    expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(cut)].length).toBeLessThanOrEqual(41);
  });

  it('never cuts a Bangla conjunct or an emoji in half', () => {
    const bangla = 'ক্ষ'.repeat(30); // one grapheme of three code points, thirty times, no spaces
    const cut = excerpt(bangla, 10);
    expect(cut).toBe(`${'ক্ষ'.repeat(10)}…`);
    const emoji = '👩🏽‍💻'.repeat(12);
    expect(excerpt(emoji, 5)).toBe(`${'👩🏽‍💻'.repeat(5)}…`);
  });
});
