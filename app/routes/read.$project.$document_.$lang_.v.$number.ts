import type { LoaderFunctionArgs } from '@remix-run/node';
import { PUBLIC_ASSETS } from '~/components/public/assets';
import { AppError } from '~/domain/errors';
import { publicPageOr404 } from '~/services/public-http.server';
import { publicationPage } from '~/services/publishing.server';

/** GET /read/:project/:document/:lang/v/:number — public: publication n, which never changes (cached as immutable). */
export function loader({ request, params }: LoaderFunctionArgs) {
  return publicPageOr404(request, () => {
    if (!/^[1-9]\d{0,8}$/.test(params.number!)) throw new AppError('not_found', 404, 'no such version', { number: params.number });
    return publicationPage({ project: params.project!, document: params.document!, lang: params.lang!, number: Number(params.number) }, PUBLIC_ASSETS);
  });
}
