import type { Resource } from 'i18next';
import englishCommon from '../../locales/en/common.json';
import { createI18n } from './instance';

interface MetaMatch {
  id: string;
  data: unknown;
}

/**
 * A page's <title> in the interface language: meta functions cannot use hooks, so the title is translated
 * with the resources the root loader returned (English if the root loader failed).
 */
export function pageTitle(matches: readonly MetaMatch[], key: string | null, values: Record<string, unknown> = {}): string {
  const root = matches.find((m) => m.id === 'root')?.data as { locale: string; resources: Resource } | undefined;
  const i18n = createI18n(root?.locale ?? 'en', root?.resources ?? { en: { common: englishCommon } });
  const app = i18n.t('common:appName');
  return key ? i18n.t('common:pageTitle', { page: i18n.t(key, values), app }) : app;
}
