import { useTranslation } from 'react-i18next';

/** What the last whole-page post did (no JavaScript): saved, approved or suggested; or how many rows were refused. */
export function EditorNotices({ done, refused }: { done: { kind: 'saved' | 'approved' | 'suggested'; count: number } | null; refused: number }) {
  const { t } = useTranslation('editor');
  return (
    <>
      {done ? <p className="notice" role="status">{t(`${done.kind}Count`, { count: done.count })}</p> : null}
      {refused > 0 ? <p className="form-error" role="alert">{t('refusedCount', { count: refused })}</p> : null}
    </>
  );
}
