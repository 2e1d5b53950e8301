import { describe, expect, it } from 'vitest';
import { createUser } from '~/services/auth.server';
import { openSeeded } from '~/services/database.server';
import { createDocument } from '~/services/documents.server';
import { loadEditor } from '~/services/editor.server';
import { loadDashboard } from '~/services/progress.server';
import { createProject } from '~/services/projects.server';
import { saveTranslation } from '~/services/translations.server';
import { freshDb } from '../support/db';

describe('the seeded project', () => {
  it('is the ITU 2012 letter and key messages in six target languages', () => {
    const db = freshDb();
    const [project] = loadDashboard(db);
    expect(project).toMatchObject({ slug: 'itu-2012', title: 'ITU 2012 — civil-society sign-on letter' });
    expect(project.languages.map((l) => l.tag)).toEqual(['es', 'th', 'ur', 'bn', 'zh-Hans', 'fr']);
    expect(project.documents.map((d) => d.slug)).toEqual(['sign-on-letter', 'key-messages']);
    const letter = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, db);
    expect(letter.segments).toHaveLength(97);
    expect(letter.lang).toMatchObject({ tag: 'ur', dir: 'rtl' });
    expect(letter.segments.filter((s) => s.kind === 'signatory')).toHaveLength(47);
    expect(loadEditor({ project: 'itu-2012', document: 'key-messages', lang: 'th', viewer: null }, db).segments).toHaveLength(44);
  });

  it('is seeded once, even when opened again', () => {
    const db = freshDb();
    const file = db.$client.name;
    db.$client.close();
    // Reopening the same file runs migrations and the seed check again; neither may add anything.
    const again = openSeeded(file);
    expect(loadDashboard(again)).toHaveLength(1);
    expect(loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, again).segments).toHaveLength(97);
  });
});

describe('progress by state, counted per script', () => {
  it('matches a hand count for Thai and Chinese text', async () => {
    const db = freshDb();
    const user = await createUser({ email: 'coord@example.org', password: 'a long passphrase', role: 'coordinator' }, db);
    // A project whose source is Thai, translated into Chinese: both scripts are written without spaces.
    db.transaction((tx) => {
      const project = createProject(tx, { slug: 'thai-demo', title: 'Thai demo', sourceLang: 'th', targets: ['zh-Hans'] });
      createDocument(tx, {
        project, slug: 'petition', title: 'Petition', mediaType: 'text/plain', fileName: null, createdBy: user.id,
        // Hand count by Thai words: รัฐบาล ควบคุม องค์กร (3) | เรา คัดค้าน การ ขยาย (4) | ขอบคุณ (1)
        content: 'รัฐบาลควบคุมองค์กร\n\nเราคัดค้าน การขยาย\n\nขอบคุณ\n',
      });
    }, { behavior: 'immediate' });
    const place = { project: 'thai-demo', document: 'petition', lang: 'zh-Hans', viewer: null };
    const [first, second] = loadEditor(place, db).segments;
    saveTranslation({ ...place, segment: first.key, userId: user.id, text: '政府控制组织', baseVersion: 0, needsWork: false }, db); // 6 characters
    saveTranslation({ ...place, segment: second.key, userId: user.id, text: '我们反对扩大', baseVersion: 0, needsWork: true }, db); // 6 characters

    const progress = loadDashboard(db).find((p) => p.slug === 'thai-demo')!.documents[0];
    expect(progress.totalSegments).toBe(3);
    expect(progress.totalWords).toBe(8);
    const zh = progress.languages[0];
    expect(zh.segments).toEqual({ untranslated: 1, 'needs-work': 1, translated: 1, approved: 0 });
    expect(zh.words).toEqual({ untranslated: 1, 'needs-work': 4, translated: 3, approved: 0 });
    expect(zh.targetWords).toBe(12);
  });
});
