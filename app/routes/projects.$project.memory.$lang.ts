import type { LoaderFunctionArgs } from '@remix-run/node';
import { contentDisposition } from '~/domain/exchange/file-names';
import { orErrorResponse, requireUser } from '~/services/http.server';
import { exportTmx } from '~/services/memory.server';

/**
 * GET /projects/:project/memory/:lang(?imported=1): the project's translation memory in one language as TMX 1.4
 * (approved translations; with `imported=1` also the pairs imported from other teams' files), for those who may
 * export the language.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const includeImported = new URL(request.url).searchParams.get('imported') === '1';
  try {
    const file = orErrorResponse(request, () => exportTmx({ project: params.project!, lang: params.lang!, viewer: user.id, includeImported }));
    return new Response(file.xml, {
      headers: {
        'Content-Type': 'application/x-tmx+xml; charset=utf-8',
        'Content-Disposition': contentDisposition(file.fileName),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (refusal) {
    // A download has no page to show an error on: the error shape as JSON, with its status.
    if (typeof refusal === 'object' && refusal !== null && (refusal as { type?: unknown }).type === 'DataWithResponseInit') {
      const { data, init } = refusal as { data: unknown; init: ResponseInit | null };
      return Response.json(data, { status: init?.status ?? 500, headers: { 'Cache-Control': 'no-store' } });
    }
    throw refusal;
  }
}
