import type { LoaderFunctionArgs } from '@remix-run/node';
import { AppError } from '~/domain/errors';
import { exportI18next, exportXliff, type ExportedFile } from '~/services/exchange.server';
import { orErrorResponse, requireUser } from '~/services/http.server';

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
  let file: ExportedFile;
  try {
    file = orErrorResponse(request, () => {
      const make = Object.hasOwn(FORMATS, params.format!) ? FORMATS[params.format!] : undefined;
      if (!make) throw new AppError('not_found', 404, 'no such export format', { format: params.format, formats: Object.keys(FORMATS) });
      return make({ project: params.project!, document: params.document!, lang: params.lang!, viewer: user.id });
    });
  } catch (refusal) {
    // A download has no page to show an error on: the error shape as JSON, with its status.
    if (isDataWithInit(refusal)) return Response.json(refusal.data, { status: refusal.init?.status ?? 500, headers: { 'Cache-Control': 'no-store' } });
    throw refusal;
  }
  return new Response(file.body, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': file.disposition,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

function isDataWithInit(value: unknown): value is { data: unknown; init: ResponseInit | null } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'DataWithResponseInit';
}
