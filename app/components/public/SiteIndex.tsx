import { languageInfo } from '~/domain/languages';
import type { PublicT } from './PublicDocument';

/**
 * The front page of the static site (`workbench export-site`): every document of every project, each with links to
 * its source page and to its published languages, named in their own language. Rendered only for the export; the
 * live server has no such page.
 */

export interface SiteIndexProps {
  /** The page's own language: the first project's source language. */
  lang: string;
  t: PublicT;
  stylesheets: string[];
  projects: {
    slug: string;
    title: string;
    documents: { slug: string; title: string; sourceLang: string; href: string; languages: { tag: string; name: string; href: string }[] }[];
  }[];
}

export function SiteIndex({ lang, t, stylesheets, projects }: SiteIndexProps) {
  const page = languageInfo(lang);
  return (
    <html lang={page.tag} dir={page.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{projects.map((p) => p.title).join(' · ')}</title>
        {stylesheets.map((href) => <link key={href} rel="stylesheet" href={href} />)}
      </head>
      <body className={`public script-${page.script}`}>
        <main>
          {projects.map((project) => (
            <section key={project.slug}>
              <h1>{project.title}</h1>
              {project.documents.map((d) => (
                <article key={d.slug}>
                  <h2><a href={d.href} lang={d.sourceLang} dir={languageInfo(d.sourceLang).dir}>{d.title}</a></h2>
                  <nav className="languages" aria-label={t('languages')}>
                    <ul>
                      {d.languages.map((l) => (
                        <li key={l.tag}><a href={l.href} lang={l.tag} hrefLang={l.tag} dir={languageInfo(l.tag).dir}>{l.name}</a></li>
                      ))}
                    </ul>
                  </nav>
                </article>
              ))}
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}
