import i18next, { type i18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { NAMESPACES } from './config';

/**
 * A per-request (server) or per-page (browser) i18next instance, initialised synchronously from the
 * resources the root loader returns, so both sides render the same text (STACK.md "i18n").
 */
// One instance per language and process: an instance only ever holds that language's (fixed) strings, and
// initialising one per request showed up in the editor's profile.
const instances = new Map<string, i18n>();

export function createI18n(language: string, resources: Resource): i18n {
  const key = `${language}:${Object.keys(resources[language] ?? {}).join(',')}`;
  let instance = instances.get(key);
  if (!instance) {
    instance = createInstance(language, resources);
    instances.set(key, instance);
  }
  return instance;
}

function createInstance(language: string, resources: Resource): i18n {
  const instance = i18next.createInstance();
  instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    ns: [...NAMESPACES],
    defaultNS: 'common',
    resources,
    initAsync: false,
    // React escapes what it renders; i18next must not escape twice.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
