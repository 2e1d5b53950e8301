import { AppError } from '../errors';
import type { InlineCode } from '../segmentation/types';
import { checkPlaceholders, parsePlaceholders, type TextPart } from '../text/placeholders';
import { checkTargetText } from '../text/target-text';
import type { StateName } from '../translation-state';
import type { ImportedUnit, ImportedXliff } from './xliff-read';

/**
 * What an XLIFF file would change, decided unit by unit before anything is written (the preview), as Weblate
 * and Pontoon do for their uploads but with the one thing a CAT-tool round trip needs most: each unit carries the
 * version it was exported at, so a translator's change is told apart from an edit made in the app meanwhile
 * (a conflict, never overwritten unless the person importing chooses to).
 */

export interface AppUnit {
  key: string;
  /** Current source with placeholders. */
  source: string;
  codes: InlineCode[];
  translatable: boolean;
  /** The source text a reader sees (for the length check of targets). */
  sourceText: string;
  current: { text: string; state: StateName; version: number; textAuthorId: number | null };
  /** The translation as it was at the version the file's unit names (from the revisions), when known. */
  exported: { text: string; state: StateName } | null;
}

export type SkipReason = 'source-changed' | 'retired' | 'not-translatable' | 'self-approval';

export type PlannedUnit =
  | { kind: 'unchanged'; id: string }
  | { kind: 'changed'; id: string; line: number; text: string; state: StateName; baseVersion: number; before: { text: string; state: StateName } }
  | { kind: 'conflict'; id: string; line: number; text: string; state: StateName; baseVersion: number; current: { text: string; state: StateName; version: number }; exportedVersion: number | null }
  | { kind: 'skipped'; id: string; line: number; reason: SkipReason; text: string };

export interface XliffPlan {
  units: PlannedUnit[];
  counts: { changed: number; unchanged: number; conflicts: number; skipped: number; total: number };
}

/**
 * Plans an import. Throws 422 `unknown_unit_ids` (every unknown id listed) when the file has units the document
 * never had, and 422 with the unit id and line when a target is unacceptable (broken codes, control characters).
 * `retiredKeys` are segments of older source versions: their units are skipped, not unknown.
 */
export function planXliffImport(
  file: ImportedXliff,
  appUnits: ReadonlyMap<string, AppUnit>,
  options: { retiredKeys: ReadonlySet<string>; importerId: number | null; noSelfApproval: boolean },
): XliffPlan {
  const unknown = file.units.filter((u) => !appUnits.has(u.id) && !options.retiredKeys.has(u.id));
  if (unknown.length) {
    const ids = unknown.map((u) => u.id);
    throw new AppError('unknown_unit_ids', 422, `the file has ${ids.length} unit(s) this document does not have: ${ids.slice(0, 20).join(', ')}`,
      { ids, lines: unknown.map((u) => u.line), list: ids.slice(0, 20).join(', ') });
  }
  const units = file.units.map((unit) => planUnit(unit, appUnits.get(unit.id), options));
  const count = (kind: PlannedUnit['kind']) => units.filter((u) => u.kind === kind).length;
  return {
    units,
    counts: { changed: count('changed'), unchanged: count('unchanged'), conflicts: count('conflict'), skipped: count('skipped'), total: units.length },
  };
}

function planUnit(unit: ImportedUnit, app: AppUnit | undefined, options: { importerId: number | null; noSelfApproval: boolean }): PlannedUnit {
  const offered = unit.target;
  const skip = (reason: SkipReason): PlannedUnit => ({ kind: 'skipped', id: unit.id, line: unit.line, reason, text: offered ?? '' });
  // No target, an empty one, or a copy of the source still marked new (CAT tools prefill targets so, OmegaT needs
  // it): the file offers no translation. A missing target never deletes one.
  const sourceCopy = offered === unit.source && (unit.state === null || unit.state === 'untranslated');
  if (offered === null || offered.trim() === '' || sourceCopy) return { kind: 'unchanged', id: unit.id };
  if (!app) return skip('retired');
  if (!app.translatable) return skip('not-translatable');
  const renumber = codeRenumbering(unit.source, app.source);
  if (!renumber) return skip('source-changed');

  const text = checkedTarget(renumber(offered), app, unit);
  const exported = unit.version !== null ? app.exported : null;
  let state: StateName;
  if (exported) {
    if (text === exported.text && (unit.state === null || unit.state === exported.state)) return { kind: 'unchanged', id: unit.id };
    // Tools that only edit <target> (OmegaT) leave the state as exported: a new text then is a translation.
    const stateUntouched = unit.state === null || unit.state === exported.state;
    state = text !== exported.text && stateUntouched ? 'translated' : unit.state!;
  } else {
    state = unit.state ?? 'translated';
  }
  if (state === 'untranslated') state = 'translated';

  const current = app.current;
  if (text === current.text && state === current.state) return { kind: 'unchanged', id: unit.id };
  if (state === 'approved' && options.noSelfApproval && text === current.text && current.textAuthorId !== null && current.textAuthorId === options.importerId) {
    return skip('self-approval');
  }
  const appChangedMeanwhile = exported ? current.version !== unit.version : current.state !== 'untranslated';
  if (appChangedMeanwhile) {
    return { kind: 'conflict', id: unit.id, line: unit.line, text, state, baseVersion: current.version, current: { text: current.text, state: current.state, version: current.version }, exportedVersion: unit.version };
  }
  return { kind: 'changed', id: unit.id, line: unit.line, text, state, baseVersion: current.version, before: { text: current.text, state: current.state } };
}

/** The target as it will be stored (NFC, LF), checked as the editor checks a save; refusals name the unit and line. */
function checkedTarget(raw: string, app: AppUnit, unit: ImportedUnit): string {
  try {
    const { text } = checkTargetText(raw, app.sourceText);
    const problems = checkPlaceholders(text, app.codes);
    if (problems) {
      throw new AppError('placeholder_mismatch', 422, `unit "${unit.id}" (line ${unit.line}): the target must keep the inline codes of the source`, { ...problems });
    }
    return text;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new AppError(error.code, 422, `unit "${unit.id}" (line ${unit.line}): ${error.message.replace(/^unit "[^"]*" \(line \d+\): /, '')}`,
      { ...error.details, id: unit.id, line: unit.line });
  }
}

const isCode = (p: TextPart): p is Extract<TextPart, { id: number }> => p.type !== 'text';
const plain = (parts: TextPart[]) => parts.map((p) => (p.type === 'text' ? p.text : '')).join('');

/**
 * How to read the file's code numbers as ours, when the file's source is our source: identity when it is the same
 * text with the same codes; a renumbering when a tool renamed the codes but kept text and code order; null when
 * the source itself differs (the unit was translated from another text).
 */
export function codeRenumbering(fileSource: string, appSource: string): ((text: string) => string) | null {
  if (fileSource === appSource) return (text) => text;
  const fileParts = parsePlaceholders(fileSource);
  const appParts = parsePlaceholders(appSource);
  if (plain(fileParts) !== plain(appParts)) return null;
  const fileCodes = fileParts.filter(isCode);
  const appCodes = appParts.filter(isCode);
  if (fileCodes.length !== appCodes.length) return null;
  const map = new Map<number, number>();
  for (let i = 0; i < fileCodes.length; i++) {
    if (fileCodes[i].type !== appCodes[i].type) return null;
    const known = map.get(fileCodes[i].id);
    if (known !== undefined && known !== appCodes[i].id) return null;
    map.set(fileCodes[i].id, appCodes[i].id);
  }
  return (text) => parsePlaceholders(text).map((p) => {
    if (p.type === 'text') return p.text;
    const id = map.get(p.id) ?? p.id;
    return p.type === 'open' ? `{${id}}` : p.type === 'close' ? `{/${id}}` : `{${id}/}`;
  }).join('');
}
