import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData,
} from '@remix-run/react';
import { useEffect, useMemo, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import bengali400 from '@fontsource/noto-sans-bengali/400.css';
import bengali700 from '@fontsource/noto-sans-bengali/700.css';
import nastaliq400 from '@fontsource/noto-nastaliq-urdu/400.css';
import nastaliq700 from '@fontsource/noto-nastaliq-urdu/700.css';
import chinese400 from '@fontsource/noto-sans-sc/400.css';
import thai400 from '@fontsource/noto-sans-thai/400.css';
import thai700 from '@fontsource/noto-sans-thai/700.css';
import appStyles from '~/styles/app.css';
import { AppHeader } from '~/components/AppHeader';
import { ErrorPage } from '~/components/ErrorPage';
import { useNonce } from '~/components/nonce';
import englishCommon from '../locales/en/common.json';
import englishErrors from '../locales/en/errors.json';
import { createI18n } from '~/i18n/instance';
import { pageTitle } from '~/i18n/meta';
import { detectInterfaceLanguage, resourcesFor } from '~/i18n/resources.server';
import { languageInfo } from '~/domain/languages';
import { currentUser } from '~/services/http.server';

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  { rel: 'stylesheet', href: appStyles },
  // Self-hosted fonts for every script we translate into: bare browsers draw boxes without them. Each
  // face declares its unicode-range, so a page downloads only the scripts it shows.
  ...[thai400, thai700, bengali400, bengali700, nastaliq400, nastaliq700, chinese400].map((href) => ({ rel: 'stylesheet', href })),
];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, null) }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = detectInterfaceLanguage(request);
  const user = currentUser(request);
  return {
    locale,
    dir: languageInfo(locale).dir,
    resources: resourcesFor(locale),
    user: user ? { name: user.name, email: user.email } : null,
    csrfToken: user?.csrfToken ?? null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

/** Wraps both the app and the error page: html lang/dir, i18n, header. */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const nonce = useNonce();
  const locale = data?.locale ?? 'en';
  const i18n = useMemo(
    () => createI18n(locale, data?.resources ?? { en: { common: englishCommon, errors: englishErrors } }),
    [locale, data?.resources],
  );
  return (
    <html lang={locale} dir={data?.dir ?? 'ltr'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <AppHeader user={data?.user ?? null} csrfToken={data?.csrfToken ?? null} />
          <main id="main">{children}</main>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Tells tests and scripts the page is interactive (browsers without JavaScript never get this).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation('errors');
  if (isRouteErrorResponse(error)) return <ErrorPage status={error.status} body={error.data} />;
  console.error(error);
  return <ErrorPage status={500} body={{ error: { code: 'internal', message: t('internal'), details: {} } }} />;
}
