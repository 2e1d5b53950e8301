import { createHash } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import i18next, { type i18n } from 'i18next';
import bn from '../../locales/bn/public.json';
import en from '../../locales/en/public.json';
import es from '../../locales/es/public.json';
import fr from '../../locales/fr/public.json';
import th from '../../locales/th/public.json';
import ur from '../../locales/ur/public.json';
import zhHans from '../../locales/zh-Hans/public.json';
import { documents, projectLanguages, projects, publications, sourceSegments, sourceVersions } from '../../db/schema';
import { PublicDocument, type PublicPageProps } from '~/components/public/PublicDocument';
import { AppError } from '~/domain/errors';
import { languageInfo, type Script } from '~/domain/languages';
import { publicationDownloads } from '~/domain/publishing/downloads';
import { checkPublishable, planSnapshot, type PublicationSnapshot } from '~/domain/publishing/snapshot';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { authorize, type Actor } from './permissions.server';
import { BoundedCache, strongEtag } from './bounded-cache.server';
import { loadReading } from './reading.server';

/**
 * Publishing (DESIGN.md "Publication"): a numbered, immutable snapshot of one document in one language, and the
 * public pages made from it — rendered once, kept in memory, served with an ETag — for readers with no account
 * and no JavaScript.
 */

/** Stylesheet URLs of public pages: the page's own, and the fonts per script (app/components/public/assets.ts). */
export interface PublicAssets {
  styles: string[];
  fonts: Partial<Record<Script, string[]>>;
}

const PUBLIC_STRINGS: Record<string, Record<string, string>> = { en, es, fr, th, ur, bn, 'zh-Hans': zhHans };
const translators = new Map<string, i18n>();

/** The public pages' few words, in the page's own language (English where a language has none yet). */
export function publicT(lang: string) {
  let instance = translators.get(lang);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      lng: lang, fallbackLng: 'en', ns: ['public'], defaultNS: 'public', initAsync: false,
      resources: Object.fromEntries(Object.entries(PUBLIC_STRINGS).map(([l, strings]) => [l, { public: strings }])),
      interpolation: { escapeValue: false },
    });
    translators.set(lang, instance);
  }
  return (key: string, options?: Record<string, unknown>) => instance!.t(key, options ?? {}) as string;
}

export function formatDate(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(ms);
}

function documentRow(db: Db, project: string, document: string) {
  const row = db.select({ project: projects, document: documents }).from(documents)
    .innerJoin(projects, eq(projects.id, documents.projectId))
    .where(and(eq(projects.slug, project), eq(documents.slug, document))).get();
  if (!row || row.document.currentVersionId === null) throw new AppError('not_found', 404, 'no such document', { project, document });
  return { ...row, document: { ...row.document, currentVersionId: row.document.currentVersionId } };
}

/** The snapshot the document in this language would be published as now, and what is not approved. */
/** The project and document a coordinator publishes in; refuses anyone else as the rest of the app does. */
export function publishingPlace(input: { project: string; document: string; lang: string; viewer: Actor }, db: Db = getDb()) {
  const place = documentRow(db, input.project, input.document);
  authorize(input.viewer, 'manage', place.project, input.lang, db);
  return place;
}

export function publicationPlan(input: { project: string; document: string; lang: string; viewer: Actor }, db: Db = getDb()) {
  const { project, document } = publishingPlace(input, db);
  const reading = loadReading({ project: input.project, document: input.document, lang: input.lang, viewer: null }, db);
  const plan = planSnapshot(
    { project: { slug: project.slug, title: project.title }, document: { slug: document.slug, title: document.title }, lang: input.lang, sourceLang: project.sourceLang },
    reading.blocks,
    { includeMetadata: project.publishMetadata },
  );
  return { plan, fallback: project.publishFallback, project, document };
}

/** Publishes: the next number, the snapshot and its rendered article, in one IMMEDIATE transaction. */
export function publish(input: { project: string; document: string; lang: string; userId: Actor }, db: Db = getDb()) {
  return inWriteTransaction(db, () => {
    const { plan, fallback, document } = publicationPlan({ ...input, viewer: input.userId }, db);
    checkPublishable(plan, fallback);
    const last = db.select({ number: publications.number }).from(publications)
      .where(and(eq(publications.documentId, document.id), eq(publications.lang, input.lang)))
      .orderBy(desc(publications.number)).get();
    const number = (last?.number ?? 0) + 1;
    const snapshot = JSON.stringify(plan.snapshot);
    const row = db.insert(publications).values({
      documentId: document.id, lang: input.lang, number, sourceVersionId: document.currentVersionId,
      snapshot, sha256: createHash('sha256').update(snapshot).digest('hex'),
      approved: plan.approved, fallback: plan.missing.length, createdBy: input.userId,
    }).returning({ id: publications.id, createdAt: publications.createdAt }).get();
    return { number, approved: plan.approved, fallback: plan.missing.length, id: row.id, url: `/read/${input.project}/${input.document}/${input.lang}` };
  });
}

export interface PublicPage {
  html: string;
  etag: string;
  /** Immutable: a numbered version; else a short cache life. */
  immutable: boolean;
}

// Pages are rendered once per publication and state of the site (which languages exist, whether the English has
// moved on); later reads are a map lookup (tests/bench/public.ts measures both).
const pageCache = new BoundedCache<PublicPage>(500);

function cached(key: string, render: () => string, immutable: boolean): PublicPage {
  return pageCache.getOrMake(key, () => {
    const html = `<!DOCTYPE html>${render()}`;
    return { html, etag: strongEtag(html), immutable };
  });
}

interface VisiblePublication {
  id: number;
  lang: string;
  number: number;
  sourceVersionId: number;
  createdAt: number;
}

function visiblePublications(db: Db, documentId: number): VisiblePublication[] {
  return db.select({ id: publications.id, lang: publications.lang, number: publications.number, sourceVersionId: publications.sourceVersionId, createdAt: publications.createdAt })
    .from(publications).where(and(eq(publications.documentId, documentId), isNull(publications.hiddenAt)))
    .orderBy(publications.lang, publications.number).all();
}

/** The project's languages that have a visible publication, in the project's order, source first. */
function languageLinks(db: Db, project: { id: number; slug: string; sourceLang: string }, document: string, published: VisiblePublication[], current: string) {
  const order = db.select({ lang: projectLanguages.lang }).from(projectLanguages).where(eq(projectLanguages.projectId, project.id))
    .orderBy(projectLanguages.position).all().map((r) => r.lang);
  const langs = [project.sourceLang, ...order.filter((l) => published.some((p) => p.lang === l))];
  return langs.map((tag) => ({
    tag, name: languageInfo(tag).nativeName, current: tag === current,
    href: tag === project.sourceLang ? `/read/${project.slug}/${document}` : `/read/${project.slug}/${document}/${tag}`,
  }));
}

// Source versions never change, so the answer for a pair of them is computed once (it reads every segment of both).
const sourceChanges = new BoundedCache<{ at: number | null }>(1000);

/** Whether the source's translatable text changed after a version: the date of the change, or null. */
function sourceChangedSince(db: Db, fromVersionId: number, currentVersionId: number): number | null {
  if (fromVersionId === currentVersionId) return null;
  return sourceChanges.getOrMake(`${fromVersionId}:${currentVersionId}`, () => ({ at: compareSourceVersions(db, fromVersionId, currentVersionId) })).at;
}

function compareSourceVersions(db: Db, fromVersionId: number, currentVersionId: number): number | null {
  const texts = (versionId: number) => db.select({ segmentId: sourceSegments.segmentId, text: sourceSegments.text }).from(sourceSegments)
    .where(and(eq(sourceSegments.versionId, versionId), eq(sourceSegments.translatable, true))).orderBy(sourceSegments.position).all()
    .map((r) => `${r.segmentId}\u0000${r.text}`).join('\u0001');
  if (texts(fromVersionId) === texts(currentVersionId)) return null;
  return db.select({ createdAt: sourceVersions.createdAt }).from(sourceVersions).where(eq(sourceVersions.id, currentVersionId)).get()!.createdAt;
}

/**
 * The page's stylesheets: its own, and the fonts of every script on it — the page's language and the names of the
 * other languages in its language list (ไทย, বাংলা, 简体中文 are boxes without their fonts). Each face declares its
 * unicode-range, so a browser downloads only the glyph subsets the page uses.
 */
export function stylesFor(langs: readonly string[], assets: PublicAssets): string[] {
  const scripts = [...new Set(langs.map((l) => languageInfo(l).script))];
  return [...assets.styles, ...scripts.flatMap((script) => assets.fonts[script] ?? [])];
}

/** `/read/:project/:document`: the source text, with links to its published languages. */
export function sourcePage(input: { project: string; document: string }, assets: PublicAssets, db: Db = getDb()): PublicPage {
  const { project, document } = documentRow(db, input.project, input.document);
  const published = visiblePublications(db, document.id);
  const key = `source:${document.id}:${document.currentVersionId}:${published.map((p) => p.id).join(',')}`;
  return cached(key, () => {
    const first = db.select({ lang: projectLanguages.lang }).from(projectLanguages).where(eq(projectLanguages.projectId, project.id)).get();
    const reading = loadReading({ project: project.slug, document: document.slug, lang: first!.lang, viewer: null }, db);
    const { snapshot } = planSnapshot(
      { project: { slug: project.slug, title: project.title }, document: { slug: document.slug, title: document.title }, lang: project.sourceLang, sourceLang: project.sourceLang },
      reading.blocks.map((b) => ({ ...b, segments: b.segments.map((s) => ({ ...s, translatable: false })) })),
    );
    return renderPage({
      snapshot, t: publicT(project.sourceLang), stylesheets: stylesFor([project.sourceLang, ...published.map((p) => p.lang)], assets),
      languages: languageLinks(db, project, document.slug, published, project.sourceLang), published: null, behind: null, downloads: [],
    });
  }, false);
}

/** `/read/:project/:document/:lang` (the newest publication) and `…/v/:n` (publication n); 404 when none. */
export function publicationPage(input: { project: string; document: string; lang: string; number?: number }, assets: PublicAssets, db: Db = getDb()): PublicPage {
  const { project, document } = documentRow(db, input.project, input.document);
  const published = visiblePublications(db, document.id);
  const ofLang = published.filter((p) => p.lang === input.lang);
  const latest = ofLang[ofLang.length - 1];
  const publication = input.number === undefined ? latest : ofLang.find((p) => p.number === input.number);
  if (!publication) throw new AppError('not_found', 404, 'this language is not published', { project: input.project, document: input.document, lang: input.lang });
  const changed = sourceChangedSince(db, publication.sourceVersionId, document.currentVersionId);
  const key = `pub:${input.number === undefined ? 'latest' : 'v'}:${publication.id}:${latest.id}:${changed ?? ''}:${published.map((p) => `${p.lang}${p.number}`).join(',')}`;
  return cached(key, () => {
    const row = db.select({ snapshot: publications.snapshot }).from(publications).where(eq(publications.id, publication.id)).get()!;
    const snapshot = JSON.parse(row.snapshot) as PublicationSnapshot;
    const t = publicT(input.lang);
    return renderPage({
      snapshot, t, stylesheets: stylesFor([input.lang, ...published.map((p) => p.lang)], assets),
      languages: languageLinks(db, project, document.slug, published, input.lang),
      published: { number: publication.number, date: formatDate(publication.createdAt, input.lang), latest: publication.id === latest.id },
      behind: changed === null ? null : { date: formatDate(changed, input.lang), href: `/read/${project.slug}/${document.slug}` },
      downloads: publicationDownloads({ project: project.slug, document: document.slug, lang: input.lang, number: publication.number }, t),
    });
  }, input.number !== undefined);
}

function renderPage(props: PublicPageProps): string {
  return renderToStaticMarkup(<PublicDocument {...props} />);
}

/** For tests: forget rendered pages (the cache is per process). */
export function clearPublicPageCache(): void {
  pageCache.clear();
}
