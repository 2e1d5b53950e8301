import { useRouteLoaderData } from '@remix-run/react';
import type { RootData } from '~/root';

/** The per-session form token every mutating form carries (checked with the Origin in services/http). */
export function CsrfInput({ token }: { token?: string | null }) {
  const root = useRouteLoaderData<RootData>('root');
  const value = token ?? root?.csrfToken ?? '';
  return <input type="hidden" name="_csrf" value={value} />;
}
