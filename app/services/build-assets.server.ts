import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../db/connection';
import type { Script } from '~/domain/languages';
import type { PublicAssets } from './publishing.server';

/**
 * The Remix build's files that public pages link, found without importing CSS: the command line runs under tsx,
 * which cannot import .css, yet the static site must link exactly what the live pages link. The build's metafiles
 * map each output to its inputs (`public/build/_assets/public-X.css` ← `app/styles/public.css`), and the CSS files
 * name their fonts with `url(...)`. The public routes import their CSS on the server only, so the server's
 * metafile is read as well as the browser's.
 */

/** The stylesheet sources of public pages, as app/components/public/assets.ts and the download route import them. */
const SOURCES = {
  styles: ['app/styles/public.css'],
  fonts: {
    Thai: ['node_modules/@fontsource/noto-sans-thai/400.css', 'node_modules/@fontsource/noto-sans-thai/700.css'],
    Beng: ['node_modules/@fontsource/noto-sans-bengali/400.css', 'node_modules/@fontsource/noto-sans-bengali/700.css'],
    Arab: ['node_modules/@fontsource/noto-nastaliq-urdu/400.css', 'node_modules/@fontsource/noto-nastaliq-urdu/700.css'],
    Hans: ['node_modules/@fontsource/noto-sans-sc/400.css'],
  } satisfies Partial<Record<Script, string[]>>,
  print: ['app/styles/print.css'],
};

const METAFILES = ['build/metafile.server.json', 'build/metafile.js.json'];
const ASSETS_URL = '/build/_assets/';
const ASSETS_DIR = path.join('public', 'build', '_assets');

export interface BuildAssets {
  /** As the live pages have them (app/components/public/assets.ts). */
  page: PublicAssets;
  /** The print page's own stylesheet (after the page's). */
  print: string[];
}

/** The build is missing or older than the sources that ask for it: `npm run build` makes it. */
export class BuildMissingError extends Error {
  constructor(what: string) {
    super(`the Remix build is missing or out of date (${what}): run \`npm run build\` first`);
  }
}

/** The URLs of the public pages' stylesheets in the current build. */
export function loadBuildAssets(root: string = projectRoot()): BuildAssets {
  const byInput = new Map<string, string>();
  for (const metafile of METAFILES) {
    const file = path.join(root, metafile);
    if (!fs.existsSync(file)) throw new BuildMissingError(metafile);
    const { outputs } = JSON.parse(fs.readFileSync(file, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    for (const [output, { inputs }] of Object.entries(outputs)) {
      if (!output.endsWith('.css')) continue;
      for (const input of Object.keys(inputs)) if (!byInput.has(input)) byInput.set(input, `${ASSETS_URL}${path.posix.basename(output)}`);
    }
  }
  const url = (input: string) => {
    const found = byInput.get(input);
    if (!found || !fs.existsSync(assetFile(found, root))) throw new BuildMissingError(`no stylesheet for ${input}`);
    return found;
  };
  return {
    page: {
      styles: SOURCES.styles.map(url),
      fonts: Object.fromEntries(Object.entries(SOURCES.fonts).map(([script, inputs]) => [script, inputs.map(url)])),
    },
    print: SOURCES.print.map(url),
  };
}

/** Where a `/build/_assets/…` URL's file is; anything else (or a path that climbs out) is refused. */
export function assetFile(url: string, root: string = projectRoot()): string {
  const name = url.startsWith(ASSETS_URL) ? url.slice(ASSETS_URL.length) : '';
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) throw new Error(`not a build asset: ${url}`);
  return path.join(root, ASSETS_DIR, name);
}

/** The `/build/_assets/…` files a stylesheet refers to with `url(...)`: its fonts. */
export function referencedAssets(css: string): string[] {
  const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((m) => m[2]);
  return [...new Set(urls.filter((u) => u.startsWith(ASSETS_URL)))];
}

/** Every file a set of stylesheets needs: the stylesheets and what they refer to, as URLs. */
export function linkedAssets(stylesheets: readonly string[], root: string = projectRoot()): string[] {
  const all = new Set<string>();
  for (const sheet of stylesheets) {
    all.add(sheet);
    for (const url of referencedAssets(readAssetText(sheet, root))) all.add(url);
  }
  return [...all];
}

const texts = new Map<string, string>();

/** A build asset's text (the build's files never change under a running server: their names carry their hash). */
export function readAssetText(url: string, root: string = projectRoot()): string {
  const file = assetFile(url, root);
  let text = texts.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8');
    texts.set(file, text);
  }
  return text;
}
