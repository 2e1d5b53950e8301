import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorBody } from '~/domain/errors';
import { sentenceSeparator, type LanguageInfo } from '~/domain/languages';
import type { ReadingBlock, ReadingData, ReadingSegment } from '~/services/reading.server';
import { TranslatedText } from './TranslatedText';

/**
 * The reading mode's document: blocks laid out as a reader sees them (headings, paragraphs, lists, signatories),
 * each sentence a link to its editor row, and for reviewers a box before each sentence waiting for approval.
 */

type Reading = Pick<ReadingData, 'blocks' | 'counts' | 'lang' | 'project' | 'mayReview' | 'approveOwn'>;

/** The answer when some sentences were refused (the others are approved all the same). */
export interface ApprovalAnswer {
  approved: number;
  refused: { segment: string; error: ErrorBody['error'] }[];
}

export function Legend({ counts, mayReview }: { counts: Reading['counts']; mayReview: boolean }) {
  const { t } = useTranslation('review');
  return (
    <section className="reading-legend" aria-labelledby="reading-legend-title">
      <h2 id="reading-legend-title">{t('review:reading.legend.title')}</h2>
      <ul>
        <li><span className="reading-sentence approved">{t('review:reading.legend.approved', { count: counts.approved })}</span></li>
        <li><span className="reading-sentence unapproved">{t('review:reading.legend.unapproved', { count: counts.unapproved })}</span></li>
        <li><span className="reading-sentence untranslated">{t('review:reading.legend.untranslated', { count: counts.untranslated })}</span></li>
      </ul>
      <p className="hint">{t('review:reading.legend.links')}{mayReview ? ` ${t('review:reading.legend.select')}` : ''}</p>
    </section>
  );
}

export interface UiLanguage {
  lang: string;
  dir: string;
}

/** The sentences the last post could not approve, each with why, linked to where it is on this page. */
export function Refusals({ answer, d, ui }: { answer: ApprovalAnswer; d: Reading; ui: UiLanguage }) {
  const { t } = useTranslation(['review', 'errors']);
  const segments = new Map(d.blocks.flatMap((b) => b.segments).map((s) => [s.key, s]));
  return (
    <div className="form-error reading-refused" role="alert">
      <p>{t('review:reading.refusedIntro', { count: answer.refused.length })}</p>
      <ul>
        {answer.refused.map(({ segment, error }) => {
          const s = segments.get(segment);
          return (
            <li key={segment}>
              {s ? (
                <a href={`#read-${segment}`} {...textLanguage(s, d.lang, d.project.sourceLang)}>
                  <TranslatedText text={s.target?.text || s.placeholderText} codes={s.codes} />
                </a>
              ) : <code>{segment}</code>}
              {': '}
              <span lang={ui.lang} dir={ui.dir}>
                {t([`review:reading.refusal.${error.code}`, `errors:${error.code}`], { ...error.details, defaultValue: error.message })}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The language a sentence is shown in: its translation's, or the source's when the source stands in for it. */
function textLanguage(s: ReadingSegment, lang: LanguageInfo, sourceLang: LanguageInfo) {
  const shown = s.status === 'approved' || s.status === 'unapproved' ? lang : sourceLang;
  return { lang: shown.tag, dir: shown.dir };
}

interface ArticleProps {
  d: Reading;
  editorHref: string;
  ui: UiLanguage;
}

/** A run of blocks shown as one element: consecutive items of one list, or one block on its own. */
type Unit = { kind: 'list'; type: 'list-item' | 'signatory'; ordered: boolean; blocks: ReadingBlock[] } | { kind: 'block'; block: ReadingBlock };

function layout(blocks: readonly ReadingBlock[]): Unit[] {
  const units: Unit[] = [];
  for (const block of blocks) {
    if (block.type !== 'list-item' && block.type !== 'signatory') {
      units.push({ kind: 'block', block });
      continue;
    }
    const last = units[units.length - 1];
    const continues = last?.kind === 'list' && last.type === block.type && block.group !== null && last.blocks[0].group === block.group;
    if (continues) last.blocks.push(block);
    else units.push({ kind: 'list', type: block.type, ordered: block.ordered, blocks: [block] });
  }
  return units;
}

export function ReadingArticle({ d, editorHref, ui }: ArticleProps) {
  const sentences = (block: ReadingBlock) => <Sentences block={block} d={d} editorHref={editorHref} ui={ui} />;
  const source = { lang: d.project.sourceLang.tag, dir: d.project.sourceLang.dir };
  const isSourceOnly = (blocks: ReadingBlock[]) => blocks.every((b) => b.segments.every((s) => s.status === 'source'));
  // A block shown wholly in the source language says so, so that an English paragraph in an Urdu page still
  // reads left to right; one with nothing to translate (page information, chrome) is also dimmed.
  const inSource = (blocks: ReadingBlock[]) => blocks.every((b) => b.segments.every((s) => s.status === 'source' || s.status === 'untranslated'));
  const attributes = (block: ReadingBlock, className?: string) => {
    const classes = [className, isSourceOnly([block]) ? 'reading-aside' : null].filter(Boolean).join(' ');
    return { ...(classes ? { className: classes } : {}), ...(inSource([block]) ? source : {}) };
  };

  return (
    <article lang={d.lang.tag} dir={d.lang.dir} className={`reading-document script-${d.lang.script}`}>
      {layout(d.blocks).map((unit) => {
        if (unit.kind === 'list') {
          const List = unit.ordered ? 'ol' : 'ul';
          // Signatories are names: a list in the source language, not dimmed, as the letter prints them.
          return (
            <List key={unit.blocks[0].index} className={unit.type === 'signatory' ? 'reading-signatories' : 'reading-list'} {...(inSource(unit.blocks) ? source : {})}>
              {unit.blocks.map((block) => (
                <li key={block.index} className={`depth-${Math.min(block.level, 3)}${block.label ? ' has-label' : ''}`}>
                  {block.label ? <span className="list-label">{displayLabel(block.label)}</span> : null}
                  {sentences(block)}
                </li>
              ))}
            </List>
          );
        }
        const { block } = unit;
        const key = block.index;
        switch (block.type) {
          case 'heading': {
            const Heading = `h${Math.min(6, Math.max(2, block.level + 1))}` as 'h2';
            return <Heading key={key} {...attributes(block)}>{sentences(block)}</Heading>;
          }
          case 'quote':
            return <blockquote key={key} {...attributes(block)}><p>{sentences(block)}</p></blockquote>;
          case 'rule':
            return <hr key={key} />;
          case 'footnote':
            return (
              <p key={key} {...attributes(block, 'reading-footnote')}>
                <small>{block.label ? <span className="list-label">{block.label}</span> : null}{sentences(block)}</small>
              </p>
            );
          case 'code':
            return <pre key={key} className="reading-aside" {...source}>{sentences(block)}</pre>;
          case 'metadata':
          case 'raw':
            return <p key={key} className="reading-aside" {...source}>{sentences(block)}</p>;
          default:
            return <p key={key} {...attributes(block)}>{sentences(block)}</p>;
        }
      })}
    </article>
  );
}

function displayLabel(label: string): string {
  return /^[-*+]$/.test(label) ? '•' : label;
}

/** A block's sentences joined as the language joins sentences (a space; nothing in Chinese), each a link to its editor row; reviewers get a box before unapproved ones. */
function Sentences({ block, d, editorHref, ui }: { block: ReadingBlock } & ArticleProps) {
  const { t } = useTranslation('review');
  const parts: ReactNode[] = [];
  const separator = sentenceSeparator(d.lang);
  block.segments.forEach((s, i) => {
    if (i > 0) parts.push(separator);
    const shownText = s.status === 'approved' || s.status === 'unapproved' ? s.target!.text : s.placeholderText;
    const needsWork = s.target?.state === 'needs-work';
    const mark = s.status === 'unapproved' ? t(needsWork ? 'review:reading.mark.needsWork' : 'review:reading.mark.unapproved')
      : s.status === 'untranslated' ? t('review:reading.mark.untranslated') : null;
    parts.push(
      <Fragment key={s.key}>
        {d.mayReview && s.status === 'unapproved' && (d.approveOwn || !s.target!.byViewer) ? (
          <label className="approve-box" lang={ui.lang} dir={ui.dir}>
            {/* Flagged sentences are offered but not preselected: the translator said they need more work. */}
            <input type="checkbox" name="approve" value={`${s.key}:${s.target!.version}`} defaultChecked={!needsWork} aria-describedby={`read-${s.key}`} />
            <span className="visually-hidden">{t('review:reading.approveOne')}</span>
          </label>
        ) : null}
        <a href={`${editorHref}?at=${s.key}#seg-${s.key}`} id={`read-${s.key}`} className={`reading-sentence ${s.status}${needsWork ? ' needs-work' : ''}`}
          {...textLanguage(s, d.lang, d.project.sourceLang)}>
          <TranslatedText text={shownText} codes={s.codes} />
          {mark ? <span className="visually-hidden" lang={ui.lang} dir={ui.dir}> {mark}</span> : null}
        </a>
      </Fragment>,
    );
  });
  return <>{parts}</>;
}
