import type { LoaderFunctionArgs } from '@remix-run/node';
import { PUBLIC_ASSETS } from '~/components/public/assets';
import { publicPageOr404 } from '~/services/public-http.server';
import { publicationPage } from '~/services/publishing.server';

/** GET /read/:project/:document/:lang — public: the newest publication in that language; 404 when none. */
export function loader({ request, params }: LoaderFunctionArgs) {
  return publicPageOr404(request, () => publicationPage({ project: params.project!, document: params.document!, lang: params.lang! }, PUBLIC_ASSETS));
}
