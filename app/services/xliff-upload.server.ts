import { randomBytes } from 'node:crypto';
import { data, redirect } from '@remix-run/node';
import { applyXliffImport, storePendingXliff, type XliffExpectation } from './exchange.server';
import { wantsJson, type FormFields, type UploadedFile } from './http.server';

/**
 * An uploaded XLIFF file, wherever it was sent (a language's exchange page, or the coordinator's import page):
 * kept as a pending import and shown as a preview on that language's exchange page — or, for scripts that ask
 * with `apply=yes` (and `overwrite=all` to take conflicts too), applied in one step with the counts as JSON.
 */
export function answerXliffUpload(request: Request, form: FormFields, file: UploadedFile, userId: number, expect: XliffExpectation) {
  const upload = { bytes: file.bytes, fileName: file.name, userId, expect };
  if (form.get('apply') === 'yes') return data(applyXliffImport({ ...upload, overwrite: form.get('overwrite') === 'all' ? 'all' : undefined }));
  const id = randomBytes(12).toString('base64url');
  const preview = storePendingXliff({ ...upload, id });
  if (wantsJson(request)) return data({ id, ...preview });
  throw redirect(`/projects/${preview.project}/${preview.document}/${preview.lang}/xliff?preview=${id}`);
}
