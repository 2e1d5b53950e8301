import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The database, in the words of DESIGN.md. Times are milliseconds since the epoch (UTC).
 * Append-only tables (source_versions, revisions) are guarded by triggers in a custom migration.
 */

const createdAt = () => integer('created_at', { mode: 'number' }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Stored lower-cased and trimmed: one account per address however it is typed. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** PHC string (argon2id); the salt is inside it, one per user. */
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
});

export const sessions = sqliteTable('sessions', {
  /** SHA-256 of the cookie's token: a copy of the database does not hand out sessions. */
  id: text('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  /** Per-session form token, checked on every mutation with the request's origin. */
  csrfToken: text('csrf_token').notNull(),
  createdAt: createdAt(),
  expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
}, (t) => [index('sessions_user').on(t.userId)]);

export const projects = sqliteTable('projects', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  /** BCP 47 tag of the source documents' language. */
  sourceLang: text('source_lang').notNull(),
  /** Signatory names are not translated unless the project says so (DESIGN.md "Segment"). */
  translateSignatories: integer('translate_signatories', { mode: 'boolean' }).notNull().default(false),
  /** The project's own SRX sentence rules, if it uploaded some; otherwise the product's. */
  srx: text('srx'),
  /** Translators may save translations themselves (else they only suggest, and reviewers decide). */
  translatorsMaySave: integer('translators_may_save', { mode: 'boolean' }).notNull().default(true),
  /** Nobody approves a translation they wrote themselves. */
  noSelfApproval: integer('no_self_approval', { mode: 'boolean' }).notNull().default(true),
  /** Publishing a language with segments not approved: refuse, or show the English in their place, marked. */
  publishFallback: text('publish_fallback', { enum: ['refuse', 'source'] }).notNull().default('refuse'),
  /** Metadata lines of a source ("Updated 14 November 2012") appear in publications, as the source has them. */
  publishMetadata: integer('publish_metadata', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});

export const projectLanguages = sqliteTable('project_languages', {
  projectId: integer('project_id').notNull().references(() => projects.id),
  /** BCP 47 tag of a target language (`es`, `zh-Hans`). */
  lang: text('lang').notNull(),
  position: integer('position').notNull(),
}, (t) => [primaryKey({ columns: [t.projectId, t.lang] })]);

/**
 * Who may do what. `projectId` null: every project; `lang` null: every language of the project.
 * (Issue 3 lets any signed-in user translate; roles per language are enforced from issue 5 on.)
 */
export const memberships = sqliteTable('memberships', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull().references(() => users.id),
  projectId: integer('project_id').references(() => projects.id),
  role: text('role', { enum: ['coordinator', 'reviewer', 'translator'] }).notNull(),
  lang: text('lang'),
  createdAt: createdAt(),
}, (t) => [index('memberships_user').on(t.userId)]);

export const documents = sqliteTable('documents', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  projectId: integer('project_id').notNull().references(() => projects.id),
  slug: text('slug').notNull(),
  title: text('title').notNull(),
  position: integer('position').notNull(),
  /** The source version translators work on now. */
  currentVersionId: integer('current_version_id'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('documents_project_slug').on(t.projectId, t.slug)]);

/** One import of a document's source, byte for byte, never changed or deleted. */
export const sourceVersions = sqliteTable('source_versions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id),
  number: integer('number').notNull(),
  mediaType: text('media_type').notNull(),
  fileName: text('file_name'),
  /** The text that was segmented (for a Word file: its HTML conversion). */
  content: text('content').notNull(),
  /** The bytes as received, for formats that are not text (Word); the hash is of these. */
  original: blob('original', { mode: 'buffer' }),
  sha256: text('sha256').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('source_versions_document_number').on(t.documentId, t.number)]);

/** The layout of a source version: headings, paragraphs, list items, signatories, in order. */
export const sourceBlocks = sqliteTable('source_blocks', {
  versionId: integer('version_id').notNull().references(() => sourceVersions.id),
  blockIndex: integer('block_index').notNull(),
  type: text('type').notNull(),
  level: integer('level').notNull(),
  label: text('label'),
  listGroup: integer('list_group'),
  ordered: integer('ordered', { mode: 'boolean' }).notNull(),
}, (t) => [primaryKey({ columns: [t.versionId, t.blockIndex] })]);

/** A unit of translation with an id that stays the same across source versions while its text does. */
export const segments = sqliteTable('segments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id),
  /** Stable public id (XLIFF unit id, URL fragment). */
  key: text('key').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('segments_document_key').on(t.documentId, t.key)]);

/** A segment as it stands in one source version: its place, kind, text and inline codes. */
export const sourceSegments = sqliteTable('source_segments', {
  versionId: integer('version_id').notNull().references(() => sourceVersions.id),
  position: integer('position').notNull(),
  segmentId: integer('segment_id').notNull().references(() => segments.id),
  blockIndex: integer('block_index').notNull(),
  kind: text('kind').notNull(),
  label: text('label'),
  /** Exact source text, markup included. */
  text: text('text').notNull(),
  /** What the translator sees: markup replaced by `{1}…{/1}`, `{2/}`. */
  placeholderText: text('placeholder_text').notNull(),
  /** JSON array of InlineCode. */
  codes: text('codes').notNull(),
  translatable: integer('translatable', { mode: 'boolean' }).notNull(),
  wordCount: integer('word_count').notNull(),
  startOffset: integer('start_offset').notNull(),
  endOffset: integer('end_offset').notNull(),
}, (t) => [
  primaryKey({ columns: [t.versionId, t.position] }),
  uniqueIndex('source_segments_version_segment').on(t.versionId, t.segmentId),
]);

/**
 * The current translation of a segment into a language. Every change to it is also a revision row;
 * `version` is the number of the latest revision, and a save must name the version it started from.
 */
export const translations = sqliteTable('translations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  segmentId: integer('segment_id').notNull().references(() => segments.id),
  lang: text('lang').notNull(),
  text: text('text').notNull(),
  /** TranslationState: 0 untranslated, 10 needs-work, 20 translated, 30 approved. */
  state: integer('state').notNull(),
  version: integer('version').notNull(),
  /** Words of the target text, counted the way its language counts them (domain/text/word-count). */
  wordCount: integer('word_count').notNull().default(0),
  /** Why the state is what it is when the app set it (`source-changed`). */
  reason: text('reason'),
  sourceVersionId: integer('source_version_id').notNull().references(() => sourceVersions.id),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: integer('updated_at', { mode: 'number' }).notNull(),
  /** Who wrote the current text (an approval or a source update does not change it): self-approval is checked on it. */
  textAuthorId: integer('text_author_id').references(() => users.id),
}, (t) => [uniqueIndex('translations_segment_lang').on(t.segmentId, t.lang)]);

/** Every save, import, revert, approval or rejection: appended, never updated or deleted. */
export const revisions = sqliteTable('revisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  translationId: integer('translation_id').notNull().references(() => translations.id),
  version: integer('version').notNull(),
  /** The version the author started from. */
  baseVersion: integer('base_version').notNull(),
  text: text('text').notNull(),
  state: integer('state').notNull(),
  origin: text('origin', { enum: ['editor', 'suggestion', 'xliff-import', 'tm', 'revert', 'review', 'source-update'] }).notNull(),
  authorId: integer('author_id').references(() => users.id),
  restoredFromId: integer('restored_from_id'),
  /** For a review: the reviewer's comment (a rejection must say why). */
  comment: text('comment'),
  sourceVersionId: integer('source_version_id').notNull().references(() => sourceVersions.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('revisions_translation_version').on(t.translationId, t.version)]);

/** Refused logins, CSRF refusals and permission refusals, for whoever keeps the instance safe. */
export const securityLog = sqliteTable('security_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  userId: integer('user_id'),
  method: text('method').notNull(),
  path: text('path').notNull(),
  /** JSON object: what was refused and why. */
  details: text('details').notNull(),
  createdAt: createdAt(),
});

/**
 * An uploaded source file waiting for the coordinator to confirm its preview (the web import), so the file is
 * not sent twice. Applied or abandoned ones are deleted; they are never history.
 */
export const pendingImports = sqliteTable('pending_imports', {
  id: text('id').primaryKey(),
  projectId: integer('project_id').notNull().references(() => projects.id),
  /** `source`: a new source version; `xliff`: translations back from a CAT tool (then `lang` is set). */
  kind: text('kind', { enum: ['source', 'xliff'] }).notNull().default('source'),
  documentSlug: text('document_slug').notNull(),
  lang: text('lang'),
  title: text('title'),
  fileName: text('file_name').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  /** The document's source version the preview was made against; applying refuses if it changed meanwhile. */
  baseVersionId: integer('base_version_id'),
  createdBy: integer('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
});

/** A one-time link that lets a person join a project with the roles the coordinator chose. */
export const invitations = sqliteTable('invitations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** SHA-256 of the token in the link; the link itself is shown once and never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  projectId: integer('project_id').notNull().references(() => projects.id),
  email: text('email').notNull(),
  /** JSON array of { role, lang } */
  roles: text('roles').notNull(),
  createdBy: integer('created_by').notNull().references(() => users.id),
  createdAt: createdAt(),
  expiresAt: integer('expires_at', { mode: 'number' }).notNull(),
  acceptedAt: integer('accepted_at', { mode: 'number' }),
  acceptedBy: integer('accepted_by').references(() => users.id),
});

/** A proposed text that is not (yet) the translation. */
export const suggestions = sqliteTable('suggestions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  segmentId: integer('segment_id').notNull().references(() => segments.id),
  lang: text('lang').notNull(),
  text: text('text').notNull(),
  authorId: integer('author_id').notNull().references(() => users.id),
  /** The translation version the author saw when suggesting. */
  baseVersion: integer('base_version').notNull(),
  status: text('status', { enum: ['open', 'accepted', 'withdrawn', 'superseded'] }).notNull().default('open'),
  decidedBy: integer('decided_by').references(() => users.id),
  decidedAt: integer('decided_at', { mode: 'number' }),
  createdAt: createdAt(),
}, (t) => [index('suggestions_segment_lang').on(t.segmentId, t.lang)]);

/** One vote per member per suggestion; withdrawing a vote deletes it (votes are opinions, not history). */
export const votes = sqliteTable('votes', {
  suggestionId: integer('suggestion_id').notNull().references(() => suggestions.id),
  userId: integer('user_id').notNull().references(() => users.id),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.suggestionId, t.userId] })]);

/** A thread of remarks on a segment in a language; resolvable. */
export const comments = sqliteTable('comments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  segmentId: integer('segment_id').notNull().references(() => segments.id),
  lang: text('lang').notNull(),
  parentId: integer('parent_id'),
  authorId: integer('author_id').notNull().references(() => users.id),
  body: text('body').notNull(),
  createdAt: createdAt(),
  resolvedAt: integer('resolved_at', { mode: 'number' }),
  resolvedBy: integer('resolved_by').references(() => users.id),
}, (t) => [index('comments_segment_lang').on(t.segmentId, t.lang)]);

/** Sign-in attempts, for the rate limits per account and per address. */
export const loginAttempts = sqliteTable('login_attempts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull(),
  ip: text('ip').notNull(),
  success: integer('success', { mode: 'boolean' }).notNull(),
  createdAt: createdAt(),
}, (t) => [index('login_attempts_email').on(t.email, t.createdAt), index('login_attempts_ip').on(t.ip, t.createdAt)]);

/**
 * Every file someone imported or tried to import (source, XLIFF, TMX), accepted or refused, and why: the audit
 * trail security.md E asks for ("one `import` row with status `rejected`"). Written outside the import's own
 * transaction, so a refused import leaves exactly this row and nothing else.
 */
export const importLog = sqliteTable('import_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Null when the file named no project we know. */
  projectId: integer('project_id').references(() => projects.id),
  kind: text('kind', { enum: ['source', 'xliff', 'tmx'] }).notNull(),
  fileName: text('file_name').notNull(),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  status: text('status', { enum: ['previewed', 'applied', 'rejected'] }).notNull(),
  /** The error code of a refused file. */
  code: text('code'),
  /** JSON: the counts of an applied file, or the error details (line, unit ids) of a refused one. */
  details: text('details').notNull(),
  userId: integer('user_id').references(() => users.id),
  createdAt: createdAt(),
});

/**
 * Translation memory pairs that came from outside (TMX files); our own approved translations are read from
 * `translations` directly, so they are never copied here. One row per distinct pair in a project.
 */
export const memoryUnits = sqliteTable('memory_units', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  projectId: integer('project_id').notNull().references(() => projects.id),
  sourceLang: text('source_lang').notNull(),
  targetLang: text('target_lang').notNull(),
  /** Plain text with our placeholders for inline codes ({1}…{/1}, {2/}), as a translator sees it. */
  source: text('source').notNull(),
  target: text('target').notNull(),
  origin: text('origin', { enum: ['tmx'] }).notNull(),
  importId: integer('import_id').references(() => importLog.id),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('memory_units_pair').on(t.projectId, t.sourceLang, t.targetLang, t.source, t.target),
  index('memory_units_lookup').on(t.projectId, t.targetLang, t.source),
]);

/**
 * An immutable, numbered snapshot of one document in one language (DESIGN.md "Publication"): the approved text of
 * every segment assembled in the document's layout. Its pages are rendered from it on first read and kept in
 * memory (the banner and language list depend on what happened since). Only `hidden_at`/`hidden_by` ever change
 * (unpublishing hides, never deletes); a trigger guards the rest.
 */
export const publications = sqliteTable('publications', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  documentId: integer('document_id').notNull().references(() => documents.id),
  lang: text('lang').notNull(),
  /** 1, 2, … per document and language. */
  number: integer('number').notNull(),
  sourceVersionId: integer('source_version_id').notNull().references(() => sourceVersions.id),
  /** JSON: title, languages and the blocks with their sentences (app/domain/publishing). */
  snapshot: text('snapshot').notNull(),
  /** SHA-256 of the snapshot, hex. */
  sha256: text('sha256').notNull(),
  approved: integer('approved').notNull(),
  /** Segments shown in the source language because they were not approved (project setting `source`). */
  fallback: integer('fallback').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  hiddenAt: integer('hidden_at', { mode: 'number' }),
  hiddenBy: integer('hidden_by').references(() => users.id),
}, (t) => [uniqueIndex('publications_document_lang_number').on(t.documentId, t.lang, t.number)]);
