/**
 * The one place that knows each language's name, direction and script (STYLE.md "one place").
 * Tags are BCP 47. The script decides the font stack (app/styles) and how words are counted.
 */
export type Direction = 'ltr' | 'rtl';
export type Script = 'Latn' | 'Thai' | 'Arab' | 'Beng' | 'Hans' | 'Hant' | 'Cyrl' | 'Other';

export interface LanguageInfo {
  tag: string;
  englishName: string;
  /** The language's name in itself, as a reader of it looks for it. */
  nativeName: string;
  dir: Direction;
  script: Script;
}

const KNOWN: Record<string, LanguageInfo> = {
  en: { tag: 'en', englishName: 'English', nativeName: 'English', dir: 'ltr', script: 'Latn' },
  es: { tag: 'es', englishName: 'Spanish', nativeName: 'Español', dir: 'ltr', script: 'Latn' },
  fr: { tag: 'fr', englishName: 'French', nativeName: 'Français', dir: 'ltr', script: 'Latn' },
  th: { tag: 'th', englishName: 'Thai', nativeName: 'ไทย', dir: 'ltr', script: 'Thai' },
  ur: { tag: 'ur', englishName: 'Urdu', nativeName: 'اردو', dir: 'rtl', script: 'Arab' },
  bn: { tag: 'bn', englishName: 'Bangla', nativeName: 'বাংলা', dir: 'ltr', script: 'Beng' },
  'zh-Hans': { tag: 'zh-Hans', englishName: 'Chinese (Simplified)', nativeName: '简体中文', dir: 'ltr', script: 'Hans' },
  'zh-Hant': { tag: 'zh-Hant', englishName: 'Chinese (Traditional)', nativeName: '繁體中文', dir: 'ltr', script: 'Hant' },
  ar: { tag: 'ar', englishName: 'Arabic', nativeName: 'العربية', dir: 'rtl', script: 'Arab' },
  fa: { tag: 'fa', englishName: 'Persian', nativeName: 'فارسی', dir: 'rtl', script: 'Arab' },
  ru: { tag: 'ru', englishName: 'Russian', nativeName: 'Русский', dir: 'ltr', script: 'Cyrl' },
  pt: { tag: 'pt', englishName: 'Portuguese', nativeName: 'Português', dir: 'ltr', script: 'Latn' },
  de: { tag: 'de', englishName: 'German', nativeName: 'Deutsch', dir: 'ltr', script: 'Latn' },
};

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);
const BCP47 = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/;

/** Whether a tag is a well-formed BCP 47 language[-Script][-REGION] tag, canonical case. */
export function isLanguageTag(tag: string): boolean {
  return BCP47.test(tag);
}

export function languageInfo(tag: string): LanguageInfo {
  const known = KNOWN[tag];
  if (known) return known;
  const base = tag.split('-')[0];
  let englishName = tag;
  let nativeName = tag;
  try {
    englishName = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
    nativeName = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    // An unknown tag keeps its own spelling as its name.
  }
  return { tag, englishName, nativeName, dir: RTL_LANGUAGES.has(base) ? 'rtl' : 'ltr', script: KNOWN[base]?.script ?? 'Other' };
}

/** What stands between two sentences of a paragraph: nothing in Chinese and Japanese, a space elsewhere. */
export function sentenceSeparator(lang: Pick<LanguageInfo, 'tag' | 'script'>): string {
  return lang.script === 'Hans' || lang.script === 'Hant' || ['zh', 'ja'].includes(lang.tag.split('-')[0]) ? '' : ' ';
}

/**
 * A language tag as BCP 47 spells it (`ZH-hans` → `zh-Hans`, `en_US` → `en-US`), by `Intl.getCanonicalLocales`;
 * a tag it cannot read is returned as written (the caller then finds it matches nothing).
 */
export function normaliseLanguageTag(tag: string): string {
  const cleaned = tag.trim().replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(cleaned)[0] ?? cleaned;
  } catch {
    return cleaned;
  }
}
