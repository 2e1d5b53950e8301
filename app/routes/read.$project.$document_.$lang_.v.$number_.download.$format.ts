import type { LoaderFunctionArgs } from '@remix-run/node';
import { PUBLIC_ASSETS } from '~/components/public/assets';
import { AppError } from '~/domain/errors';
import { isPublicationFormat, PUBLICATION_FORMATS } from '~/domain/publishing/downloads';
import { publicFileOr404 } from '~/services/public-http.server';
import { publicationFile } from '~/services/publication-files.server';
import printStyles from '~/styles/print.css';

/**
 * GET /read/:project/:document/:lang/v/:number/download/:format (html, md, txt, print) — public: a file of
 * publication n, which never changes (cached as immutable); 404 for a hidden publication or an unknown format.
 */
export function loader({ request, params }: LoaderFunctionArgs) {
  return publicFileOr404(request, () => {
    const format = params.format!;
    if (!/^[1-9]\d{0,8}$/.test(params.number!) || !isPublicationFormat(format)) {
      throw new AppError('not_found', 404, 'no such download', { number: params.number, format, formats: PUBLICATION_FORMATS });
    }
    return publicationFile({ project: params.project!, document: params.document!, lang: params.lang!, number: Number(params.number), format },
      { page: PUBLIC_ASSETS, print: [printStyles] });
  });
}
