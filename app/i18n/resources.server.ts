import type { Resource } from 'i18next';
import auth from '../../locales/en/auth.json';
import common from '../../locales/en/common.json';
import dashboard from '../../locales/en/dashboard.json';
import editor from '../../locales/en/editor.json';
import errors from '../../locales/en/errors.json';
import exchange from '../../locales/en/exchange.json';
import publishing from '../../locales/en/publish.json';
import history from '../../locales/en/history.json';
import segment from '../../locales/en/segment.json';
import importing from '../../locales/en/import.json';
import members from '../../locales/en/members.json';
import review from '../../locales/en/review.json';
import settings from '../../locales/en/settings.json';
import { createI18n } from './instance';
import { DEFAULT_LANGUAGE, isInterfaceLanguage, type InterfaceLanguage } from './config';

// Bundled into the server build; the browser receives only its own language from the root loader.
const ALL: Record<InterfaceLanguage, Resource[string]> = {
  en: { common, auth, dashboard, editor, history, segment, import: importing, members, settings, review, exchange, publish: publishing, errors },
};

export function resourcesFor(language: InterfaceLanguage): Resource {
  return language === DEFAULT_LANGUAGE
    ? { [language]: ALL[language] }
    : { [language]: ALL[language], [DEFAULT_LANGUAGE]: ALL[DEFAULT_LANGUAGE] };
}

/** Explicit choice (cookie `lng`) → Accept-Language → English. */
export function detectInterfaceLanguage(request: { headers: Headers }): InterfaceLanguage {
  const cookie = /(?:^|;\s*)lng=([A-Za-z-]+)/.exec(request.headers.get('Cookie') ?? '')?.[1];
  if (cookie && isInterfaceLanguage(cookie)) return cookie;
  const accepted = (request.headers.get('Accept-Language') ?? '')
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((a) => a.tag && !Number.isNaN(a.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of accepted) {
    if (isInterfaceLanguage(tag)) return tag;
    const base = tag.split('-')[0];
    if (isInterfaceLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}

export { createI18n };

/** The interface's words on the server, in the request's language (for texts that leave the page: e-mail). */
export function serverTranslator(request: { headers: Headers }) {
  const language = detectInterfaceLanguage(request);
  return { language, t: createI18n(language, resourcesFor(language)).getFixedT(language) };
}
