import { and, eq, isNull } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import { documents, projects, publications, segments, sourceSegments, sourceVersions } from '../../db/schema';
import { PublicDocument } from '~/components/public/PublicDocument';
import { publicationMarkdown, publicationText } from '~/components/public/publication-formats';
import { AppError } from '~/domain/errors';
import { contentDisposition } from '~/domain/exchange/file-names';
import { downloadFileName, type PublicationAddress, type PublicationFormat } from '~/domain/publishing/downloads';
import type { PublicationSnapshot } from '~/domain/publishing/snapshot';
import type { InlineCode } from '~/domain/segmentation/types';
import { BoundedCache, strongEtag } from './bounded-cache.server';
import { getDb, type Db } from './database.server';
import { formatDate, publicT, stylesFor, type PublicAssets } from './publishing.server';
import { selfContainedPage } from './self-contained-page.server';

/**
 * The downloads of a publication (issue 7 "Downloads"): the page as one self-contained HTML file, Markdown, plain
 * text, and a print-ready page. Each is made from the publication's snapshot alone — no "behind the English"
 * banner, no list of other languages, no "a newer version exists" — so its bytes never change and it can be
 * cached as immutable, like the publication itself. Hidden publications have no files.
 */

export interface PublicFile {
  body: string;
  etag: string;
  contentType: string;
  disposition: string;
  /** A policy of its own (the self-contained page has an inline style); otherwise the public pages'. */
  csp?: string;
}

/** Stylesheet URLs: the public pages' (app/components/public/assets.ts) and the print page's own. */
export interface FileAssets {
  page: PublicAssets;
  print: string[];
}

const CONTENT_TYPES: Record<PublicationFormat, string> = {
  html: 'text/html; charset=utf-8',
  print: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

// Rendered once per publication, format and build; the visibility check runs on every request.
const fileCache = new BoundedCache<PublicFile>(100);

export function publicationFile(input: PublicationAddress & { format: PublicationFormat }, assets: FileAssets, db: Db = getDb()): PublicFile {
  const row = db.select({
    id: publications.id, number: publications.number, createdAt: publications.createdAt,
    sourceVersionId: publications.sourceVersionId, mediaType: sourceVersions.mediaType,
  }).from(publications)
    .innerJoin(documents, eq(documents.id, publications.documentId))
    .innerJoin(projects, eq(projects.id, documents.projectId))
    .innerJoin(sourceVersions, eq(sourceVersions.id, publications.sourceVersionId))
    .where(and(eq(projects.slug, input.project), eq(documents.slug, input.document), eq(publications.lang, input.lang),
      eq(publications.number, input.number), isNull(publications.hiddenAt)))
    .get();
  if (!row) throw new AppError('not_found', 404, 'no such publication', { project: input.project, document: input.document, lang: input.lang, number: input.number });
  const key = `${row.id}:${input.format}:${JSON.stringify(assets)}`;
  return fileCache.getOrMake(key, () => {
    const snapshot = JSON.parse(db.select({ snapshot: publications.snapshot }).from(publications).where(eq(publications.id, row.id)).get()!.snapshot) as PublicationSnapshot;
    const { body, csp } = render(input.format, snapshot, { ...row, date: formatDate(row.createdAt, input.lang) }, assets, db);
    const disposition = contentDisposition(downloadFileName(input, input.format));
    return {
      body, csp, contentType: CONTENT_TYPES[input.format],
      // The print page opens in the browser, ready for its print dialog; the others are saved.
      disposition: input.format === 'print' ? disposition.replace(/^attachment/, 'inline') : disposition,
      etag: strongEtag(body),
    };
  });
}

interface Published {
  number: number;
  date: string;
  sourceVersionId: number;
  mediaType: string;
}

function render(format: PublicationFormat, snapshot: PublicationSnapshot, published: Published, assets: FileAssets, db: Db): { body: string; csp?: string } {
  switch (format) {
    case 'md':
      return { body: publicationMarkdown(snapshot, { sourceCodes: published.mediaType === 'text/markdown' ? sourceCodes(db, published.sourceVersionId) : undefined }) };
    case 'txt':
      return { body: publicationText(snapshot) };
    case 'print':
      return { body: filePage(snapshot, published, [...stylesFor([snapshot.lang], assets.page), ...assets.print]) };
    case 'html': {
      const page = selfContainedPage(filePage(snapshot, published, []), stylesFor([snapshot.lang], assets.page));
      return { body: page.html, csp: page.csp };
    }
  }
}

/** The publication's page as a file: the same document, with nothing that depends on the rest of the site. */
function filePage(snapshot: PublicationSnapshot, published: Published, stylesheets: string[]): string {
  const html = renderToStaticMarkup(
    <PublicDocument
      snapshot={snapshot} t={publicT(snapshot.lang)} stylesheets={stylesheets} languages={[]} behind={null} downloads={[]}
      published={{ number: published.number, date: published.date, latest: true }}
    />,
  );
  // No other languages to link to from a file: the page's empty language list goes.
  return `<!DOCTYPE html>${html.replace(/<nav class="languages"[^>]*><ul><\/ul><\/nav>/, '')}`;
}

/** A Markdown source's inline codes with their closing markup (a snapshot keeps only what the page shows). */
function sourceCodes(db: Db, versionId: number): Map<string, InlineCode[]> {
  const rows = db.select({ key: segments.key, codes: sourceSegments.codes }).from(sourceSegments)
    .innerJoin(segments, eq(segments.id, sourceSegments.segmentId))
    .where(eq(sourceSegments.versionId, versionId)).all();
  return new Map(rows.map((r) => [r.key, JSON.parse(r.codes) as InlineCode[]]));
}

/** For tests: forget rendered files (the cache is per process). */
export function clearPublicationFileCache(): void {
  fileCache.clear();
}
