import { sql } from 'drizzle-orm';
import { excerpt, revisionActivity, type ActivityKind, type RevisionOrigin } from '~/domain/activity';
import { languageInfo } from '~/domain/languages';
import { getDb, type Db } from './database.server';
import { authorize, projectNotFound, type Actor } from './permissions.server';
import { findProject, projectTargets } from './projects.server';

/**
 * Who did what in a project, per language, newest first, read from the rows that record it (revisions,
 * suggestions, comments): there is no separate log to fall out of step with them.
 */

export interface ActivityEvent {
  kind: ActivityKind;
  at: number;
  lang: string;
  who: string | null;
  document: { slug: string; title: string };
  segment: string;
  /** The text concerned: the translation, the suggestion, or the comment (shortened). */
  text: string;
}

interface Row {
  source: 'revision' | 'suggestion' | 'accepted' | 'comment' | 'resolved';
  at: number;
  id: number;
  lang: string;
  who: string | null;
  origin: RevisionOrigin | null;
  state: number | null;
  text: string;
  segment: string;
  doc_slug: string;
  doc_title: string;
}

/**
 * The newest `perLanguage` events of each language of a project (the dashboard), or of one language (`lang`).
 * A rejection writes its reason both on the revision and as a comment; the feed tells it once, as the rejection.
 */
export function projectActivity(projectId: number, options: { perLanguage: number; lang?: string; before?: number }, db: Db = getDb()): ActivityEvent[] {
  const lang = options.lang ?? null;
  const before = options.before ?? Number.MAX_SAFE_INTEGER;
  const rows = db.all<Row>(sql`
    WITH events AS (
      SELECT 'revision' AS source, r.created_at AS at, r.id, t.lang, u.name AS who, r.origin, r.state,
             CASE WHEN r.origin = 'review' AND r.comment IS NOT NULL THEN r.comment ELSE r.text END AS text, s.key AS segment, d.slug AS doc_slug, d.title AS doc_title
        FROM revisions r JOIN translations t ON t.id = r.translation_id JOIN segments s ON s.id = t.segment_id
        JOIN documents d ON d.id = s.document_id LEFT JOIN users u ON u.id = r.author_id
       WHERE d.project_id = ${projectId} AND r.origin NOT IN ('suggestion', 'source-update')
      UNION ALL
      SELECT 'suggestion', g.created_at, g.id, g.lang, u.name, NULL, NULL, g.text, s.key, d.slug, d.title
        FROM suggestions g JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id JOIN users u ON u.id = g.author_id
       WHERE d.project_id = ${projectId}
      UNION ALL
      SELECT 'accepted', g.decided_at, g.id, g.lang, u.name, NULL, NULL, g.text, s.key, d.slug, d.title
        FROM suggestions g JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id JOIN users u ON u.id = g.decided_by
       WHERE d.project_id = ${projectId} AND g.status = 'accepted'
      UNION ALL
      SELECT 'comment', c.created_at, c.id, c.lang, u.name, NULL, NULL, c.body, s.key, d.slug, d.title
        FROM comments c JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id JOIN users u ON u.id = c.author_id
       WHERE d.project_id = ${projectId}
         AND NOT (c.parent_id IS NULL AND EXISTS (
               SELECT 1 FROM revisions r JOIN translations t ON t.id = r.translation_id
                WHERE t.segment_id = c.segment_id AND t.lang = c.lang AND r.origin = 'review'
                  AND r.author_id = c.author_id AND r.comment = c.body AND abs(r.created_at - c.created_at) < 1000))
      UNION ALL
      SELECT 'resolved', c.resolved_at, c.id, c.lang, u.name, NULL, NULL, c.body, s.key, d.slug, d.title
        FROM comments c JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id JOIN users u ON u.id = c.resolved_by
       WHERE d.project_id = ${projectId} AND c.resolved_at IS NOT NULL
    ),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY lang ORDER BY at DESC, id DESC) AS n
        FROM events WHERE (${lang} IS NULL OR lang = ${lang}) AND at < ${before}
    )
    SELECT source, at, id, lang, who, origin, state, text, segment, doc_slug, doc_title
      FROM ranked WHERE n <= ${options.perLanguage} ORDER BY at DESC, id DESC`);
  return rows.flatMap((row): ActivityEvent[] => {
    const kind = kindOf(row);
    if (kind === null) return [];
    return [{ kind, at: row.at, lang: row.lang, who: row.who, document: { slug: row.doc_slug, title: row.doc_title }, segment: row.segment, text: excerpt(row.text) }];
  });
}

function kindOf(row: Row): ActivityKind | null {
  switch (row.source) {
    case 'revision': return revisionActivity(row.origin!, row.state!);
    case 'suggestion': return 'suggested';
    case 'accepted': return 'accepted';
    case 'comment': return 'commented';
    case 'resolved': return 'resolved';
  }
}

/** Open comment threads per document and language of a project (current source version only). */
export function openCommentCounts(db: Db = getDb()): Map<string, number> {
  const rows = db.all<{ document_id: number; lang: string; n: number }>(sql`
    SELECT d.id AS document_id, c.lang, count(*) AS n
      FROM comments c JOIN source_segments ss ON ss.segment_id = c.segment_id
      JOIN documents d ON d.current_version_id = ss.version_id
     WHERE c.parent_id IS NULL AND c.resolved_at IS NULL
     GROUP BY d.id, c.lang`);
  return new Map(rows.map((r) => [`${r.document_id}:${r.lang}`, r.n]));
}

export const ACTIVITY_PAGE_SIZE = 50;

/** The activity page of a project: its languages and one page of events, older ones by `before`. */
export function activityPage(input: { project: string; lang: string | null; before: number | null; viewer: Actor }, db: Db = getDb()) {
  const project = findProject(db, input.project);
  if (!project) throw projectNotFound(input.project);
  authorize(input.viewer, 'read', project, null, db);
  const languages = projectTargets(db, project.id);
  const lang = input.lang !== null && languages.includes(input.lang) ? input.lang : null;
  const events = projectActivity(project.id, { perLanguage: ACTIVITY_PAGE_SIZE, ...(lang ? { lang } : {}), ...(input.before ? { before: input.before } : {}) }, db)
    .slice(0, ACTIVITY_PAGE_SIZE);
  return {
    project: { slug: project.slug, title: project.title },
    languages: languages.map(languageInfo),
    lang: lang === null ? null : languageInfo(lang),
    events,
    older: events.length === ACTIVITY_PAGE_SIZE ? events[events.length - 1].at : null,
  };
}
