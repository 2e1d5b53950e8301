import { Fragment, type ReactNode } from 'react';
import type { PublicationSnapshot, PublishedBlock } from '~/domain/publishing/snapshot';
import { languageInfo, sentenceSeparator } from '~/domain/languages';
import { TranslatedText } from '../TranslatedText';

/**
 * A public page (no login, no JavaScript): one document in one language, rendered once to static HTML by
 * app/services/public-pages.server.tsx and served as it is, from the live server or a static host. Text is
 * React-escaped like every other page; translations are untrusted.
 */

export type PublicT = (key: string, options?: Record<string, unknown>) => string;

export interface PublicPageProps {
  snapshot: PublicationSnapshot;
  t: PublicT;
  /** Stylesheets: the page's own and the fonts of its script. */
  stylesheets: string[];
  /** Links to the document in other languages (the source first), in their own names. */
  languages: { tag: string; name: string; href: string; current: boolean }[];
  /** Publication number and date, or null for the source page. */
  published: { number: number; date: string; latest: boolean } | null;
  /** The source changed since this publication: when, and where the English is. */
  behind: { date: string; href: string } | null;
  /** `save`: a file to keep (the `download` attribute); else a page to open (the print page). */
  downloads: { label: string; href: string; save: boolean }[];
}

export function PublicDocument({ snapshot, t, stylesheets, languages, published, behind, downloads }: PublicPageProps) {
  const lang = languageInfo(snapshot.lang);
  const title = documentTitle(snapshot);
  return (
    <html lang={lang.tag} dir={lang.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {stylesheets.map((href) => <link key={href} rel="stylesheet" href={href} />)}
      </head>
      <body className={`public script-${lang.script}`}>
        {behind ? (
          <p className="behind" role="note">
            {t('behind', { date: behind.date })} <a href={behind.href}>{t('readSource')}</a>
          </p>
        ) : null}
        <nav className="languages" aria-label={t('languages')}>
          <ul>
            {languages.map((l) => (
              <li key={l.tag}>
                {l.current ? <span aria-current="page" lang={l.tag} dir={languageInfo(l.tag).dir}>{l.name}</span>
                  : <a href={l.href} lang={l.tag} hrefLang={l.tag} dir={languageInfo(l.tag).dir}>{l.name}</a>}
              </li>
            ))}
          </ul>
        </nav>
        <main>
          <Blocks snapshot={snapshot} t={t} />
        </main>
        <footer>
          {published ? <p>{t(published.latest ? 'publishedLatest' : 'publishedOlder', { number: published.number, date: published.date })}</p> : null}
          {downloads.length ? (
            <p className="downloads">{t('download')}{' '}
              {downloads.map((d, i) => <Fragment key={d.href}>{i > 0 ? ' · ' : null}<a href={d.href} download={d.save ? '' : undefined}>{d.label}</a></Fragment>)}
            </p>
          ) : null}
        </footer>
      </body>
    </html>
  );
}

/** The page's title: its first heading as published, else the document's title. */
export function documentTitle(snapshot: PublicationSnapshot): string {
  const heading = snapshot.blocks.find((b) => b.type === 'heading' && b.sentences.length);
  if (!heading) return snapshot.document.title;
  return heading.sentences.map((s) => s.text.replace(/\{\/?\d+\/?\}/g, '')).join(' ');
}

type Unit = { kind: 'block'; block: PublishedBlock } | { kind: 'list'; type: string; ordered: boolean; blocks: PublishedBlock[] };

/** List items and signatories of one list group become one list, as the source lays them out. */
function layout(blocks: readonly PublishedBlock[]): Unit[] {
  const units: Unit[] = [];
  for (const block of blocks) {
    if (block.type !== 'list-item' && block.type !== 'signatory') { units.push({ kind: 'block', block }); continue; }
    const last = units[units.length - 1];
    if (last?.kind === 'list' && last.type === block.type && last.blocks[0].group === block.group) last.blocks.push(block);
    else units.push({ kind: 'list', type: block.type, ordered: block.ordered, blocks: [block] });
  }
  return units;
}

function Blocks({ snapshot, t }: { snapshot: PublicationSnapshot; t: PublicT }) {
  const lang = languageInfo(snapshot.lang);
  const source = languageInfo(snapshot.sourceLang);
  const sourceAttrs = { lang: source.tag, dir: source.dir };
  const allSource = (blocks: PublishedBlock[]) => blocks.every((b) => b.sentences.every((s) => s.inSource));
  const text = (block: PublishedBlock) => {
    const parts: ReactNode[] = [];
    block.sentences.forEach((s, i) => {
      if (i > 0) parts.push(sentenceSeparator(s.inSource ? source : lang));
      const inner = <TranslatedText text={s.text} codes={s.codes} />;
      if (s.fallback) parts.push(<span key={s.key} className="fallback" {...sourceAttrs} title={t('fallback')}>{inner}</span>);
      else if (s.inSource && !allSource([block])) parts.push(<span key={s.key} {...sourceAttrs}>{inner}</span>);
      else parts.push(<Fragment key={s.key}>{inner}</Fragment>);
    });
    return parts;
  };
  const attrs = (blocks: PublishedBlock[]) => (allSource(blocks) ? sourceAttrs : {});
  return (
    <article>
      {layout(snapshot.blocks).map((unit) => {
        if (unit.kind === 'list') {
          const List = unit.ordered ? 'ol' : 'ul';
          return (
            <List key={unit.blocks[0].index} className={unit.type === 'signatory' ? 'signatories' : undefined} {...attrs(unit.blocks)}>
              {unit.blocks.map((b) => (
                <li key={b.index}>{b.label && !/^[-*+•]$/.test(b.label) ? <span className="label">{b.label} </span> : null}{text(b)}</li>
              ))}
            </List>
          );
        }
        const { block } = unit;
        switch (block.type) {
          case 'heading': {
            const Heading = `h${Math.min(6, Math.max(1, block.level))}` as 'h1';
            return <Heading key={block.index} {...attrs([block])}>{text(block)}</Heading>;
          }
          case 'quote': return <blockquote key={block.index} {...attrs([block])}><p>{text(block)}</p></blockquote>;
          case 'rule': return <hr key={block.index} />;
          case 'footnote': return <p key={block.index} className="footnote" {...attrs([block])}><small>{block.label ? `${block.label} ` : null}{text(block)}</small></p>;
          case 'code': return <pre key={block.index} {...sourceAttrs}>{text(block)}</pre>;
          case 'metadata': case 'raw': return <p key={block.index} className="meta" {...sourceAttrs}>{text(block)}</p>;
          default: return <p key={block.index} {...attrs([block])}>{text(block)}</p>;
        }
      })}
    </article>
  );
}
