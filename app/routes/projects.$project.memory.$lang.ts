import type { LoaderFunctionArgs } from '@remix-run/node';
import { contentDisposition } from '~/domain/exchange/file-names';
import { downloadResponse, requireUser } from '~/services/http.server';
import { exportTmx } from '~/services/memory.server';

/**
 * GET /projects/:project/memory/:lang(?imported=1): the project's translation memory in one language as TMX 1.4
 * (approved translations; with `imported=1` also the pairs imported from other teams' files), for those who may
 * export the language.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const includeImported = new URL(request.url).searchParams.get('imported') === '1';
  return downloadResponse(request, () => {
    const file = exportTmx({ project: params.project!, lang: params.lang!, viewer: user.id, includeImported });
    return { body: file.xml, contentType: 'application/x-tmx+xml; charset=utf-8', disposition: contentDisposition(file.fileName) };
  });
}
