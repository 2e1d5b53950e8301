import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { assetFile, readAssetText } from './build-assets.server';

/**
 * A public page as one file that works offline (the HTML download): its stylesheets inlined in a `<style>`, and
 * the fonts of its script as woff2 `data:` URLs — only the faces whose `unicode-range` covers a character of the
 * page, and only while they stay under a budget. Urdu's Nastaliq (the font a reader is least likely to have)
 * fits with both weights; a sheet that would not fit (Noto Sans SC comes in ~100 slices, 2.4 MB in all, and a long
 * Chinese letter may need many) is left out, and the page falls back to the system's fonts, as its CSS says.
 */

/** woff2 bytes per file, before base64 (which adds a third). */
export const FONT_BUDGET = 1024 * 1024;

export interface SelfContainedPage {
  html: string;
  /** The policy the file carries in a `<meta>`, for the HTTP header too: no script, this style only, fonts from data:. */
  csp: string;
}

export function selfContainedPage(html: string, stylesheets: readonly string[], root?: string): SelfContainedPage {
  const used = new Set<number>();
  for (const char of html) used.add(char.codePointAt(0)!);
  let budget = FONT_BUDGET;
  const css = stylesheets.map((url) => {
    const sheet = readAssetText(url, root);
    const faces: { rule: string; bytes: number }[] = [];
    const rest = sheet.replace(/@font-face\s*\{[^}]*\}/g, (rule) => {
      const face = inlineFace(rule, used, root);
      if (face) faces.push(face);
      return '';
    });
    const bytes = faces.reduce((sum, f) => sum + f.bytes, 0);
    if (bytes > budget) return rest;
    budget -= bytes;
    return `${faces.map((f) => f.rule).join('')}${rest}`;
  }).join('\n').replace(/<\//g, '<\\/');
  const hash = createHash('sha256').update(css).digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'`;
  // `</head>` is ours: translations reach the page escaped, so the first one is the real one.
  return { html: html.replace('</head>', () => `<meta http-equiv="Content-Security-Policy" content="${csp}"/><style>${css}</style></head>`), csp };
}

/** An @font-face rule with its woff2 inlined, or null when the page uses none of its characters (or it has no woff2). */
function inlineFace(rule: string, used: ReadonlySet<number>, root?: string): { rule: string; bytes: number } | null {
  const range = /unicode-range\s*:\s*([^;}]+)/i.exec(rule)?.[1];
  if (range && !coversAny(parseUnicodeRange(range), used)) return null;
  const woff2 = /url\(\s*['"]?([^'")]+)['"]?\s*\)\s*format\(\s*['"]?woff2['"]?\s*\)/i.exec(rule)?.[1];
  if (!woff2) return null;
  const data = fs.readFileSync(assetFile(woff2, root));
  return { rule: rule.replace(/src\s*:[^;}]+/i, () => `src:url(data:font/woff2;base64,${data.toString('base64')}) format("woff2")`), bytes: data.length };
}

/** `U+0600-06FF,U+200C,U+4??` as inclusive code point ranges. */
export function parseUnicodeRange(value: string): [number, number][] {
  return value.split(',').map((part) => part.trim().replace(/^U\+/i, '')).filter(Boolean).map((part): [number, number] => {
    if (part.includes('?')) return [parseInt(part.replace(/\?/g, '0'), 16), parseInt(part.replace(/\?/g, 'F'), 16)];
    const [from, to] = part.split('-');
    return [parseInt(from, 16), parseInt(to ?? from, 16)];
  });
}

function coversAny(ranges: readonly [number, number][], used: ReadonlySet<number>): boolean {
  for (const cp of used) if (ranges.some(([from, to]) => cp >= from && cp <= to)) return true;
  return false;
}
