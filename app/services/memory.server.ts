import { and, asc, eq } from 'drizzle-orm';
import { version } from '../../package.json';
import { documents, importLog, memoryUnits, sourceSegments, translations } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { ALL_LANGUAGES, readTmx, writeTmx, type TmxDocument, type TmxUnit } from '~/domain/exchange/tmx';
import { decodeXmlBytes } from '~/domain/exchange/xml';
import type { InlineCode } from '~/domain/segmentation/types';
import { STATE } from '~/domain/translation-state';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { auditedImport, logImport } from './import-log.server';
import { authorize, projectNotFound, type Actor } from './permissions.server';
import { findProject, projectTargets } from './projects.server';

/**
 * The project's translation memory as TMX (DESIGN.md "Translation memory"): import pairs from other tools into
 * `memory_units`, and export our own approved translations per language. Our translations are never copied into
 * `memory_units`; an export reads them where they live.
 */

/**
 * A TMX file is read as a whole tree (`parseXml`): 13 bytes of heap per byte of file, 590 MB for 45 MB of the
 * Debian memory (tests/bench/tmx.ts). The limit is what one import may cost the server, not what TMX files weigh.
 */
export const MAX_TMX_BYTES = 50 * 1024 * 1024;

const TOOL = { name: 'Letter Workbench', version };

export interface TmxImportResult {
  /** Units (`<tu>`) in the file. */
  units: number;
  /** Pairs written to the memory. */
  added: number;
  /** Pairs the memory held already (or that the file repeats). */
  duplicates: number;
  /** Pairs with an empty source or translation, not worth remembering. */
  empty: number;
  /** Pairs added per project language. */
  languages: Record<string, number>;
  /** Pairs in languages the project does not translate into, per language as the file names it. */
  skipped: Record<string, number>;
}

interface MemoryPair {
  lang: string;
  source: string;
  target: string;
}

/**
 * Imports a TMX file into the project's memory, all or nothing: every refusal (not TMX, invalid at a line, the
 * wrong source language) writes nothing but its `import_log` row. Target languages are matched to the project's
 * (`fr-FR` → `fr`, `zh-CN` → `zh-Hans`); pairs in other languages are counted, never silently dropped.
 */
export async function importTmx(
  input: { project: string; fileName: string; bytes: Uint8Array; userId: Actor },
  db: Db = getDb(),
): Promise<TmxImportResult> {
  const project = findProject(db, input.project);
  const entry = { projectId: project?.id ?? null, kind: 'tmx' as const, fileName: input.fileName, bytes: input.bytes, userId: input.userId };
  return auditedImport(entry, () => {
    if (!project) throw projectNotFound(input.project);
    authorize(input.userId, 'manage', project, null, db);
    if (input.bytes.byteLength > MAX_TMX_BYTES) {
      throw new AppError('payload_too_large', 413, `${input.fileName} is ${input.bytes.byteLength} bytes; a TMX file may have at most ${MAX_TMX_BYTES}`,
        { fileName: input.fileName, size: input.bytes.byteLength, maxBytes: MAX_TMX_BYTES });
    }
    const tmx = readTmx(decodeXmlBytes(input.bytes, input.fileName), input.fileName);
    if (tmx.units.length === 0) throw new AppError('nothing_to_import', 422, `${input.fileName} has no translation units`, { fileName: input.fileName });
    const { pairs, empty, skipped } = memoryPairs(tmx, project.sourceLang, projectTargets(db, project.id));

    return inWriteTransaction(db, () => {
      // The success row is written inside the import's transaction, so it exists exactly when the pairs do;
      // the memory rows name it. `db` is the transaction's own connection.
      const importId = logImport({ ...entry, status: 'applied' }, db);
      const insert = db.$client.prepare(
        `INSERT INTO memory_units (project_id, source_lang, target_lang, source, target, origin, import_id)
         VALUES (?, ?, ?, ?, ?, 'tmx', ?) ON CONFLICT DO NOTHING`,
      );
      const languages: Record<string, number> = {};
      let added = 0;
      for (const pair of pairs) {
        languages[pair.lang] ??= 0;
        if (insert.run(project.id, project.sourceLang, pair.lang, pair.source, pair.target, importId).changes === 0) continue;
        added++;
        languages[pair.lang]++;
      }
      const result: TmxImportResult = { units: tmx.units.length, added, duplicates: pairs.length - added, empty, languages, skipped };
      db.update(importLog).set({ details: JSON.stringify(result) }).where(eq(importLog.id, importId)).run();
      return result;
    });
  }, db);
}

/** The pairs a TMX file gives this project, in file order; refuses a file whose source is not the project's. */
function memoryPairs(tmx: TmxDocument, sourceLang: string, targets: readonly string[]) {
  const mismatch = (found: string, line?: number) => new AppError('source_language_mismatch', 422,
    `the file's source language is ${found}; this project's is ${sourceLang}`, { expected: sourceLang, found, ...(line ? { line } : {}) });
  if (tmx.srcLang !== ALL_LANGUAGES && primarySubtag(tmx.srcLang) !== primarySubtag(sourceLang)) throw mismatch(tmx.srcLang);

  const pairs: MemoryPair[] = [];
  const skipped: Record<string, number> = {};
  const mapped = new Map<string, string | null>();
  let empty = 0;
  for (const unit of tmx.units) {
    if (primarySubtag(unit.srcLang) !== primarySubtag(sourceLang)) throw mismatch(unit.srcLang, unit.line);
    const source = unit.variants.get(unit.srcLang)!;
    for (const [fileLang, target] of unit.variants) {
      if (fileLang === unit.srcLang) continue;
      if (!mapped.has(fileLang)) mapped.set(fileLang, projectLanguageFor(fileLang, targets));
      const lang = mapped.get(fileLang);
      if (!lang) skipped[fileLang] = (skipped[fileLang] ?? 0) + 1;
      else if (source.trim() === '' || target.trim() === '') empty++;
      else pairs.push({ lang, source, target });
    }
  }
  return { pairs, empty, skipped };
}

const primarySubtag = (tag: string) => tag.split('-')[0].toLowerCase();

// Region tags that name a Chinese script by custom (CLDR's likely subtags).
const CHINESE_SCRIPTS: Record<string, string> = { 'zh-cn': 'zh-hans', 'zh-sg': 'zh-hans', 'zh-tw': 'zh-hant', 'zh-hk': 'zh-hant', 'zh-mo': 'zh-hant' };

/**
 * The project language a file's language tag is for, or null: the same tag in any case, the Chinese script a
 * region implies, or the longest project tag the file's tag extends (`fr-FR` → `fr`, `zh-Hans-CN` → `zh-Hans`).
 */
export function projectLanguageFor(tag: string, targets: readonly string[]): string | null {
  const lower = tag.toLowerCase();
  const exact = targets.find((t) => t.toLowerCase() === lower);
  if (exact) return exact;
  const script = CHINESE_SCRIPTS[lower];
  const scripted = script && targets.find((t) => t.toLowerCase() === script);
  if (scripted) return scripted;
  let best: string | null = null;
  for (const t of targets) if (lower.startsWith(`${t.toLowerCase()}-`) && (!best || t.length > best.length)) best = t;
  return best;
}

/**
 * The project's memory in one language as TMX: the approved translations of every document's current source,
 * in document order, each pair once; with `includeImported`, the pairs imported from other files after them.
 * Only someone who may export that language gets it (security.md EX-02: a reviewer of th is refused fr).
 */
export function exportTmx(
  input: { project: string; lang: string; viewer: Actor; includeImported?: boolean },
  db: Db = getDb(),
): { fileName: string; xml: string; units: number } {
  const project = findProject(db, input.project);
  if (!project) throw projectNotFound(input.project);
  authorize(input.viewer, 'export', project, input.lang, db);
  if (!projectTargets(db, project.id).includes(input.lang)) {
    throw new AppError('not_found', 404, `the project has no language ${input.lang}`, { project: project.slug, lang: input.lang });
  }
  // One read snapshot: an approval or a source import between the two reads would tear the file.
  const units = db.$client.transaction(() => {
    const approved = db.select({
      source: sourceSegments.placeholderText, codes: sourceSegments.codes, target: translations.text, changedAt: translations.updatedAt,
    }).from(documents)
      .innerJoin(sourceSegments, eq(sourceSegments.versionId, documents.currentVersionId))
      .innerJoin(translations, and(eq(translations.segmentId, sourceSegments.segmentId), eq(translations.lang, input.lang)))
      .where(and(eq(documents.projectId, project.id), eq(sourceSegments.translatable, true), eq(translations.state, STATE.approved)))
      .orderBy(asc(documents.position), asc(documents.id), asc(sourceSegments.position))
      .all()
      .map((r): TmxUnit => ({ source: r.source, target: r.target, codes: JSON.parse(r.codes) as InlineCode[], changedAt: r.changedAt }));
    const imported = !input.includeImported ? [] : db.select({ source: memoryUnits.source, target: memoryUnits.target, changedAt: memoryUnits.createdAt })
      .from(memoryUnits).where(and(eq(memoryUnits.projectId, project.id), eq(memoryUnits.targetLang, input.lang)))
      .orderBy(asc(memoryUnits.id)).all();
    const seen = new Set<string>();
    return [...approved, ...imported].filter((u) => {
      const key = `${u.source}\u0000${u.target}`;
      return !seen.has(key) && (seen.add(key), true);
    });
  })();
  const xml = writeTmx({ sourceLang: project.sourceLang, targetLang: input.lang, units, tool: TOOL });
  // Slugs and tags are safe already; the file name goes into a Content-Disposition header, so make sure.
  const fileName = `${project.slug}-${input.lang}-memory.tmx`.replace(/[^A-Za-z0-9._-]+/g, '-');
  return { fileName, xml, units: units.length };
}
