import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from './CsrfInput';

/** Top bar on every page: skip link, the product's name, who is signed in and a way out. */
export function AppHeader({ user, csrfToken }: { user: { name: string; email: string } | null; csrfToken: string | null }) {
  const { t } = useTranslation('common');
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <Link to="/" className="app-name">{t('appName')}</Link>
      {user ? (
        <div className="app-user">
          <span>{t('signedInAs', { name: user.name })}</span>
          <Form method="post" action="/logout">
            <CsrfInput token={csrfToken} />
            <button type="submit" className="link-button">{t('signOut')}</button>
          </Form>
        </div>
      ) : null}
    </header>
  );
}
