/**
 * i18next JSON v4 as partner websites load it: one flat object, a key per segment id, no plurals and no nesting
 * (`keySeparator: false` is not needed because our keys hold no dots). Keys keep document order; the output ends
 * with a newline and is the same bytes for the same texts.
 */
export function writeI18nextJson(entries: readonly (readonly [string, string])[]): string {
  const object: Record<string, string> = Object.create(null);
  for (const [key, text] of entries) object[key] = text;
  return `${JSON.stringify(object, null, 2)}\n`;
}
