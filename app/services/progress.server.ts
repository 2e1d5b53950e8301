import { asc, eq, sql } from 'drizzle-orm';
import { documents, projectLanguages, projects } from '../../db/schema';
import { languageInfo, type LanguageInfo } from '~/domain/languages';
import { STATE_NAMES, stateName, type StateName } from '~/domain/translation-state';
import { openCommentCounts } from './activity.server';
import { getDb, type Db } from './database.server';

export type ByState = Record<StateName, number>;

export interface LanguageProgress {
  lang: LanguageInfo;
  segments: ByState;
  /** Source words by the state of their segment's translation: the basis of progress. */
  words: ByState;
  /** Words written in the target language (Thai by dictionary words, Chinese by characters). */
  targetWords: number;
  /** Comment threads not yet resolved on this document's current segments in this language. */
  openComments: number;
  /** The number of the newest visible publication, or null when the language is not published. */
  published: number | null;
}

export interface DocumentProgress {
  slug: string;
  title: string;
  totalSegments: number;
  totalWords: number;
  languages: LanguageProgress[];
}

const emptyByState = (): ByState => Object.fromEntries(STATE_NAMES.map((n) => [n, 0])) as ByState;

/**
 * Progress of every document × language of every project: translatable segments and their source words
 * grouped by translation state, in one GROUP BY over the ordered state scale.
 */
export function loadDashboard(db: Db = getDb()) {
  const rows = db.all<{
    project_id: number; document_id: number; lang: string; state: number; segments: number; words: number; target_words: number;
  }>(sql`
    SELECT d.project_id, d.id AS document_id, pl.lang, COALESCE(t.state, 0) AS state,
           COUNT(*) AS segments, SUM(ss.word_count) AS words, COALESCE(SUM(t.word_count), 0) AS target_words
    FROM documents d
    JOIN source_segments ss ON ss.version_id = d.current_version_id AND ss.translatable = 1
    JOIN project_languages pl ON pl.project_id = d.project_id
    LEFT JOIN translations t ON t.segment_id = ss.segment_id AND t.lang = pl.lang
    GROUP BY d.id, pl.lang, COALESCE(t.state, 0)`);

  const openComments = openCommentCounts(db);
  const published = new Map(db.all<{ document_id: number; lang: string; number: number }>(sql`
    SELECT document_id, lang, MAX(number) AS number FROM publications WHERE hidden_at IS NULL GROUP BY document_id, lang`)
    .map((r) => [`${r.document_id}:${r.lang}`, r.number]));
  const projectRows = db.select().from(projects).orderBy(asc(projects.id)).all();
  return projectRows.map((project) => {
    const langs = db.select({ lang: projectLanguages.lang }).from(projectLanguages)
      .where(eq(projectLanguages.projectId, project.id)).orderBy(asc(projectLanguages.position)).all().map((r) => r.lang);
    const docs = db.select().from(documents).where(eq(documents.projectId, project.id)).orderBy(asc(documents.position)).all();
    return {
      id: project.id,
      slug: project.slug,
      title: project.title,
      sourceLang: languageInfo(project.sourceLang),
      languages: langs.map(languageInfo),
      documents: docs.map((doc): DocumentProgress => {
        const languages = langs.map((lang): LanguageProgress => {
          const progress: LanguageProgress = {
            lang: languageInfo(lang), segments: emptyByState(), words: emptyByState(), targetWords: 0, openComments: openComments.get(`${doc.id}:${lang}`) ?? 0,
            published: published.get(`${doc.id}:${lang}`) ?? null,
          };
          for (const row of rows) {
            if (row.document_id !== doc.id || row.lang !== lang) continue;
            const name = stateName(row.state);
            progress.segments[name] += row.segments;
            progress.words[name] += row.words;
            progress.targetWords += row.target_words;
          }
          return progress;
        });
        const first = languages[0];
        const sum = (by: ByState | undefined) => (by ? Object.values(by).reduce((a, b) => a + b, 0) : 0);
        return { slug: doc.slug, title: doc.title, totalSegments: sum(first?.segments), totalWords: sum(first?.words), languages };
      }),
    };
  });
}

export type Dashboard = ReturnType<typeof loadDashboard>;
