import type { LoaderFunctionArgs } from '@remix-run/node';
import { AppError } from '~/domain/errors';
import { exportI18next, exportXliff, type ExportedFile } from '~/services/exchange.server';
import { downloadResponse, requireUser } from '~/services/http.server';

/** The download formats of one document × language, by the last word of the URL. */
const FORMATS: Record<string, (address: { project: string; document: string; lang: string; viewer: number }) => ExportedFile> = {
  'xliff-1.2': (a) => exportXliff({ ...a, xliff: '1.2' }),
  'xliff-2.0': (a) => exportXliff({ ...a, xliff: '2.0' }),
  json: (a) => exportI18next({ ...a, all: false }),
  'json-all': (a) => exportI18next({ ...a, all: true }),
};

/** GET …/export/xliff-1.2 (xliff-2.0, json, json-all): a file to download, for those who may export the language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  return downloadResponse(request, () => {
    const make = Object.hasOwn(FORMATS, params.format!) ? FORMATS[params.format!] : undefined;
    if (!make) throw new AppError('not_found', 404, 'no such export format', { format: params.format, formats: Object.keys(FORMATS) });
    return make({ project: params.project!, document: params.document!, lang: params.lang!, viewer: user.id });
  });
}
