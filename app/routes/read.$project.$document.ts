import type { LoaderFunctionArgs } from '@remix-run/node';
import { PUBLIC_ASSETS } from '~/components/public/assets';
import { publicPageOr404 } from '~/services/public-http.server';
import { sourcePage } from '~/services/publishing.server';

/** GET /read/:project/:document — public: the source text with links to its published languages. */
export function loader({ request, params }: LoaderFunctionArgs) {
  return publicPageOr404(request, () => sourcePage({ project: params.project!, document: params.document! }, PUBLIC_ASSETS));
}
