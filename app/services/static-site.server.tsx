import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import { documents, projects, publications } from '../../db/schema';
import { SiteIndex, type SiteIndexProps } from '~/components/public/SiteIndex';
import { AppError } from '~/domain/errors';
import { languageInfo } from '~/domain/languages';
import { downloadPath, PUBLICATION_FORMATS } from '~/domain/publishing/downloads';
import { assetFile, linkedAssets, type BuildAssets } from './build-assets.server';
import { getDb, type Db } from './database.server';
import { publicationFile } from './publication-files.server';
import { publicSecurityHeaders } from './public-http.server';
import { publicationPage, publicT, sourcePage, stylesFor } from './publishing.server';

/**
 * The public side as static files (issue 7 "Static site", `workbench export-site DIR`), for any static host or CDN:
 * every document's source page, every visible publication (the newest per language at `read/P/D/L/`, each version
 * at `read/P/D/L/v/N/`) with its downloads, the CSS and fonts they link, and an index. The pages are the live
 * pages, byte for byte — the same renderer, reading the same database — so their links stay absolute (`/read/…`,
 * `/build/_assets/…`) and DIR must be served at a site's root. Hidden publications are left out.
 */

/** Marks a directory this command wrote, so that exporting again may replace what it wrote before. */
const MARKER = '.workbench-site.json';
/** What an export writes at the top of DIR; exporting again replaces exactly these. */
const OWNED = ['read', 'build', 'index.html', '_headers', MARKER];

export interface SiteSummary {
  dir: string;
  documents: number;
  publications: number;
  pages: number;
  downloads: number;
  assets: number;
}

export function exportSite(dir: string, assets: BuildAssets, db: Db = getDb()): SiteSummary {
  const target = path.resolve(dir);
  checkTarget(target);
  const files = new Map<string, string | Buffer>();
  const put = (urlPath: string, body: string | Buffer) => files.set(safeRelative(urlPath), body);
  const summary: SiteSummary = { dir: target, documents: 0, publications: 0, pages: 0, downloads: 0, assets: 0 };
  const headers: string[] = [];
  const index: SiteIndexProps['projects'] = [];

  for (const project of db.select().from(projects).orderBy(asc(projects.id)).all()) {
    const docs = db.select().from(documents)
      .where(and(eq(documents.projectId, project.id), isNotNull(documents.currentVersionId))).orderBy(asc(documents.id)).all();
    const entry: SiteIndexProps['projects'][number] = { slug: project.slug, title: project.title, documents: [] };
    for (const document of docs) {
      const address = { project: project.slug, document: document.slug };
      const base = `/read/${project.slug}/${document.slug}`;
      put(`${base}/index.html`, sourcePage(address, assets.page, db).html);
      summary.documents++;
      summary.pages++;
      const visible = db.select({ lang: publications.lang, number: publications.number }).from(publications)
        .where(and(eq(publications.documentId, document.id), isNull(publications.hiddenAt)))
        .orderBy(asc(publications.lang), asc(publications.number)).all();
      const langs = [...new Set(visible.map((p) => p.lang))];
      for (const lang of langs) {
        put(`${base}/${lang}/index.html`, publicationPage({ ...address, lang }, assets.page, db).html);
        summary.pages++;
        for (const { number } of visible.filter((p) => p.lang === lang)) {
          put(`${base}/${lang}/v/${number}/index.html`, publicationPage({ ...address, lang, number }, assets.page, db).html);
          summary.pages++;
          summary.publications++;
          for (const format of PUBLICATION_FORMATS) {
            const file = publicationFile({ ...address, lang, number, format }, assets, db);
            const at = downloadPath({ ...address, lang, number }, format);
            put(at, file.body);
            headers.push(at, `  Content-Type: ${file.contentType}`, `  Content-Disposition: ${file.disposition}`);
            summary.downloads++;
          }
        }
      }
      entry.documents.push({
        slug: document.slug, title: document.title, sourceLang: project.sourceLang, href: base,
        languages: [project.sourceLang, ...langs].map((tag) => ({ tag, name: languageInfo(tag).nativeName, href: tag === project.sourceLang ? base : `${base}/${tag}` })),
      });
    }
    index.push(entry);
  }

  const indexLang = db.select({ lang: projects.sourceLang }).from(projects).orderBy(asc(projects.id)).get()?.lang ?? 'en';
  const allLangs = index.flatMap((p) => p.documents.flatMap((d) => d.languages.map((l) => l.tag)));
  put('/index.html', `<!DOCTYPE html>${renderToStaticMarkup(
    <SiteIndex lang={indexLang} t={publicT(indexLang)} stylesheets={stylesFor([indexLang, ...allLangs], assets.page)} projects={index} />,
  )}`);

  // The CSS every written page links (the print page's included), and the fonts that CSS names.
  const sheets = new Set<string>();
  for (const body of files.values()) {
    if (typeof body === 'string' && body.startsWith('<!DOCTYPE html>')) for (const m of body.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) sheets.add(m[1]);
  }
  for (const url of linkedAssets([...sheets])) {
    put(url, fs.readFileSync(assetFile(url)));
    summary.assets++;
  }

  // Static hosts that read `_headers` (Netlify, Cloudflare Pages) then send what the live server sends.
  const security = Object.entries(publicSecurityHeaders()).map(([name, value]) => `  ${name}: ${value}`);
  put('/_headers', `${['/*', ...security, ...headers].join('\n')}\n`);
  // Served with the rest, so it says nothing of this machine (no paths).
  const { dir: _dir, ...counts } = summary;
  put(`/${MARKER}`, `${JSON.stringify({ exportedAt: new Date().toISOString(), ...counts }, null, 2)}\n`);

  for (const name of OWNED) fs.rmSync(path.join(target, name), { recursive: true, force: true });
  for (const [relative, body] of files) {
    const file = path.join(target, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
  }
  return summary;
}

/** DIR is new, empty, or an earlier export: never write over someone's other files. */
function checkTarget(target: string): void {
  if (!fs.existsSync(target)) return;
  if (!fs.statSync(target).isDirectory()) throw new AppError('bad_request', 400, `${target} is not a directory`, { dir: target });
  const entries = fs.readdirSync(target);
  if (entries.length && !entries.includes(MARKER)) {
    throw new AppError('bad_request', 400, `${target} is not empty and was not written by export-site: give a new or empty directory`, { dir: target });
  }
}

/** A site path as a relative file path; slugs and language tags are checked when made, but a path never climbs out. */
function safeRelative(urlPath: string): string {
  const parts = urlPath.split('/').filter(Boolean);
  if (!parts.length || parts.some((p) => p === '.' || p === '..' || !/^[\p{L}\p{N}._-]+$/u.test(p))) throw new Error(`unsafe site path: ${urlPath}`);
  return path.join(...parts);
}
