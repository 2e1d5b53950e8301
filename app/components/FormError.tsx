import { useTranslation } from 'react-i18next';
import type { ErrorBody } from '~/domain/errors';

/** A refused form, said in the person's language from the error's code and details. */
export function FormError({ error }: { error: ErrorBody['error'] | null }) {
  const { t } = useTranslation('errors');
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {t(error.code, { ...error.details, defaultValue: error.message })}
    </p>
  );
}
