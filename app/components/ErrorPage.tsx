import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { isErrorBody } from '~/domain/errors';

/** An error for people: the status, the error code said in their language, and a way back. */
export function ErrorPage({ status, body }: { status: number; body: unknown }) {
  const { t } = useTranslation(['errors', 'common']);
  const error = isErrorBody(body) ? body.error : null;
  const code = error?.code ?? (status === 404 ? 'not_found' : 'internal');
  return (
    <section className="error-page" role="alert">
      <h1>{t('errors:title', { status })}</h1>
      <p>{t(`errors:${code}`, { ...(error?.details ?? {}), defaultValue: error?.message ?? t('errors:internal') })}</p>
      <p className="error-code">{t('errors:code', { code })}</p>
      <p><Link to="/">{t('common:backToDashboard')}</Link></p>
    </section>
  );
}
