import { z } from 'zod';
import { AppError } from '~/domain/errors';
import type { FormFields } from './http.server';
import { approveSegments, approveTranslation } from './review.server';
import { addSuggestion } from './suggestions.server';
import { saveEditedRows, saveTranslation, type EditedRow } from './translations.server';

/**
 * The editor page is one form (docs/decisions/002). Each row has `text.KEY`, `version.KEY` and `needsWork.KEY`;
 * its buttons say what to do: `save=KEY`, `suggest=KEY`, `approve=KEY:VERSION`; a reviewer's checkboxes are
 * `select=KEY:VERSION`; the page's own buttons are `intent=save-all` and `intent=approve-selected`. Without
 * JavaScript the whole page is posted; with it a row posts only its own fields and `_inline=1`.
 */

const SEGMENT_KEY = /^[a-z2-7]{10}(?:-\d{1,4})?$/;
const RowFields = z.object({
  segment: z.string().regex(SEGMENT_KEY),
  text: z.string(),
  baseVersion: z.coerce.number().int().min(0),
  needsWork: z.boolean(),
});

export type EditorCommand =
  | { kind: 'save'; clicked: string | null; rows: EditedRow[] }
  | { kind: 'suggest'; row: EditedRow }
  | { kind: 'approve'; items: { segment: string; version: number }[]; single: boolean };

function badRequest(fields: string[] = []): AppError {
  return new AppError('bad_request', 400, 'the form is incomplete', { fields });
}

function keyAndVersion(value: string): { segment: string; version: number } {
  const [segment, version] = value.split(':');
  if (!SEGMENT_KEY.test(segment ?? '') || !/^\d+$/.test(version ?? '')) throw badRequest(['approve']);
  return { segment, version: Number(version) };
}

function rowsOf(form: FormFields): EditedRow[] {
  return form.names().filter((name) => name.startsWith('version.')).map((name) => {
    const segment = name.slice('version.'.length);
    const parsed = RowFields.safeParse({ segment, text: form.get(`text.${segment}`), baseVersion: form.get(name), needsWork: form.has(`needsWork.${segment}`) });
    if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join('.')}.${segment}`));
    return parsed.data;
  });
}

export function parseEditorPost(form: FormFields): EditorCommand {
  const approve = form.get('approve');
  if (approve) return { kind: 'approve', items: [keyAndVersion(approve)], single: true };
  if (form.get('intent') === 'approve-selected') {
    const items = form.all('select').map(keyAndVersion);
    if (items.length === 0) throw badRequest(['select']);
    return { kind: 'approve', items, single: false };
  }
  const rows = rowsOf(form);
  const suggest = form.get('suggest');
  if (suggest) {
    const row = rows.find((r) => r.segment === suggest);
    if (!row) throw badRequest([`text.${suggest}`]);
    return { kind: 'suggest', row };
  }
  const save = form.get('save');
  if (save || form.get('intent') === 'save-all') {
    if (save && !rows.some((r) => r.segment === save)) throw badRequest([`text.${save}`]);
    return { kind: 'save', clicked: save, rows };
  }
  throw badRequest(['intent']);
}

export interface DocumentLanguageAddress {
  project: string;
  document: string;
  lang: string;
  userId: number;
}

/** A row saving itself in place (JavaScript): exactly one row, one answer. */
export function runInlineCommand(address: DocumentLanguageAddress, command: EditorCommand) {
  if (command.kind === 'suggest') {
    const suggestion = addSuggestion({ ...address, segment: command.row.segment, text: command.row.text });
    return { ok: true as const, segment: command.row.segment, suggested: suggestion.id };
  }
  if (command.kind === 'approve') {
    if (!command.single) throw badRequest(['approve']);
    return { ok: true as const, result: approveTranslation({ ...address, ...command.items[0] }) };
  }
  if (command.rows.length !== 1 || command.clicked !== command.rows[0].segment) throw new AppError('bad_request', 400, 'an in-place save sends exactly one row');
  return { ok: true as const, result: saveTranslation({ ...address, ...command.rows[0] }) };
}

/** The whole page posted (no JavaScript): every changed row saved, or the selection approved, each on its own. */
export function runPageCommand(address: DocumentLanguageAddress, command: EditorCommand) {
  if (command.kind === 'suggest') {
    addSuggestion({ ...address, segment: command.row.segment, text: command.row.text });
    return { done: 'suggested' as const, count: 1, at: command.row.segment, refused: [] };
  }
  if (command.kind === 'approve') {
    const { approved, refused } = approveSegments({ ...address, items: command.items });
    return { done: 'approved' as const, count: approved.filter((a) => a.changed).length, at: command.single ? command.items[0].segment : null, saved: approved, refused: refused.map((r) => ({ segment: r.segment, text: null, error: r.error })) };
  }
  const { saved, refused } = saveEditedRows({ ...address, rows: command.rows, alwaysSave: command.clicked ?? undefined });
  return { done: 'saved' as const, count: saved.filter((r) => r.changed).length, at: command.clicked, saved, refused };
}
