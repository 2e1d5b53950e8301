import { Form } from '@remix-run/react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageInfo } from '~/domain/languages';
import type { SegmentPageData } from '~/services/segment-page.server';
import { CsrfInput } from './CsrfInput';
import { StateBadge } from './StateBadge';
import { Timestamp } from './Timestamp';

/** The parts of the segment page: translation and review, suggestions, comments, history. Every form posts to the page. */

/**
 * Ctrl+Enter (⌘+Enter) sends the form the text area is in, as in the editor — through its button, whose
 * name and value (`intent`) a bare requestSubmit() would leave out.
 */
function submitOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    const form = event.currentTarget.form;
    form?.requestSubmit(form.querySelector<HTMLButtonElement>('button[type="submit"]'));
  }
}

function TargetText({ text, lang }: { text: string; lang: LanguageInfo }) {
  return <p className="target-text" lang={lang.tag} dir={lang.dir}>{text}</p>;
}

export function TranslationPanel({ d, editorHref }: { d: SegmentPageData; editorHref: string }) {
  const { t } = useTranslation(['segment', 'common']);
  const current = d.current;
  const hasText = current !== null && current.text.trim() !== '' && current.state !== 'untranslated';
  const ownBlocked = !d.may.approveOwn && current?.byViewer === true;
  return (
    <section id="translation" aria-labelledby="translation-heading" tabIndex={-1}>
      <h2 id="translation-heading">{t('segment:translation.heading')}</h2>
      {hasText ? (
        <>
          <TargetText text={current.text} lang={d.lang} />
          <p className="meta">
            <StateBadge state={current.state} label={t(`common:state.${current.state}`)} />{' '}
            {current.byViewer ? t('segment:translation.byYou') : t('segment:translation.by', { author: current.author ?? t('common:someone') })}
          </p>
        </>
      ) : <p>{t('segment:translation.none')}</p>}
      {d.may.translate || d.may.suggest ? <p><a href={editorHref}>{t('segment:translation.edit')}</a></p> : null}
      {d.may.review && hasText ? (
        <div className="review-box">
          <h3>{t('segment:review.heading')}</h3>
          {current.state === 'approved' ? <p>{t('segment:review.approved')}</p>
            : ownBlocked ? <p>{t('segment:review.ownText')}</p>
            : (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="version" value={current.version} />
                <button type="submit" name="intent" value="approve" className="primary">{t('segment:review.approve', { version: current.version })}</button>
              </Form>
            )}
          <Form method="post" className="reject-form">
            <CsrfInput />
            <input type="hidden" name="version" value={current.version} />
            <label htmlFor="reject">{t('segment:review.rejectLabel')}</label>
            <textarea id="reject" name="comment" rows={2} required onKeyDown={submitOnCtrlEnter} />
            <button type="submit" name="intent" value="reject">{t('segment:review.reject')}</button>
          </Form>
        </div>
      ) : null}
    </section>
  );
}

export function SuggestionsPanel({ d }: { d: SegmentPageData }) {
  const { t } = useTranslation(['segment', 'common']);
  return (
    <section id="suggestions" aria-labelledby="suggestions-heading" tabIndex={-1}>
      <h2 id="suggestions-heading">{t('segment:suggestions.heading')}</h2>
      {d.suggestions.length === 0 ? <p>{t('segment:suggestions.none')}</p> : (
        <ol className="suggestions">
          {d.suggestions.map((s) => (
            <li key={s.id} className="suggestion">
              <TargetText text={s.text} lang={d.lang} />
              <p className="meta">
                {t('segment:suggestions.by', { author: s.author })} <Timestamp ms={s.createdAt} /> · {t('segment:suggestions.votes', { count: s.votes })}
              </p>
              <Form method="post" className="actions">
                <CsrfInput />
                <input type="hidden" name="suggestion" value={s.id} />
                <input type="hidden" name="version" value={d.current?.version ?? 0} />
                {d.may.vote ? (
                  <button type="submit" name="intent" value="vote" aria-pressed={s.votedByViewer}>
                    {s.votedByViewer ? t('segment:suggestions.unvote') : t('segment:suggestions.vote')}
                  </button>
                ) : null}
                {d.may.review ? <button type="submit" name="intent" value="accept" className="primary">{t('segment:suggestions.accept')}</button> : null}
                {s.byViewer ? <button type="submit" name="intent" value="withdraw">{t('segment:suggestions.withdraw')}</button> : null}
              </Form>
            </li>
          ))}
        </ol>
      )}
      {d.may.suggest && d.source.translatable ? (
        <Form method="post" className="add-suggestion">
          <CsrfInput />
          <label htmlFor="suggest">{t('segment:suggestions.addLabel')}</label>
          <textarea id="suggest" name="text" rows={3} required lang={d.lang.tag} dir={d.lang.dir} onKeyDown={submitOnCtrlEnter} />
          <button type="submit" name="intent" value="suggest">{t('segment:suggestions.add')}</button>
        </Form>
      ) : null}
    </section>
  );
}

export function CommentsPanel({ d }: { d: SegmentPageData }) {
  const { t } = useTranslation(['segment', 'common']);
  return (
    <section id="comments" aria-labelledby="comments-heading" tabIndex={-1}>
      <h2 id="comments-heading">{t('segment:comments.heading')}</h2>
      {d.threads.length === 0 ? <p>{t('segment:comments.none')}</p> : (
        <ol className="threads">
          {d.threads.map((thread) => (
            <li key={thread.id} className={thread.resolved ? 'thread resolved' : 'thread'}>
              <article>
                {/* Comments are people's words in any language: the browser finds the direction of each paragraph. */}
                <p className="comment-body" dir="auto">{thread.body}</p>
                <p className="meta">
                  {t('segment:comments.by', { author: thread.author })} <Timestamp ms={thread.createdAt} /> ·{' '}
                  {thread.resolved
                    ? (thread.resolvedBy ? t('segment:comments.resolved', { name: thread.resolvedBy }) : t('segment:comments.resolvedAnon'))
                    : t('segment:comments.open')}
                </p>
              </article>
              {thread.replies.length > 0 ? (
                <ol className="replies">
                  {thread.replies.map((reply) => (
                    <li key={reply.id}>
                      <p className="comment-body" dir="auto">{reply.body}</p>
                      <p className="meta">{t('segment:comments.by', { author: reply.author })} <Timestamp ms={reply.createdAt} /></p>
                    </li>
                  ))}
                </ol>
              ) : null}
              {d.may.comment ? (
                <Form method="post" className="reply-form">
                  <CsrfInput />
                  <input type="hidden" name="parent" value={thread.id} />
                  <label htmlFor={`reply-${thread.id}`}>{t('segment:comments.replyLabel')}</label>
                  <textarea id={`reply-${thread.id}`} name="body" rows={1} required dir="auto" onKeyDown={submitOnCtrlEnter} />
                  <button type="submit" name="intent" value="comment">{t('segment:comments.reply')}</button>
                </Form>
              ) : null}
              {thread.mayResolve && !thread.resolved ? (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="thread" value={thread.id} />
                  <button type="submit" name="intent" value="resolve">{t('segment:comments.resolve')}</button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {d.may.comment ? (
        <Form method="post" className="new-comment">
          <CsrfInput />
          <label htmlFor="comment">{t('segment:comments.newLabel')}</label>
          <textarea id="comment" name="body" rows={3} required dir="auto" aria-describedby="comment-hint" onKeyDown={submitOnCtrlEnter} />
          <p id="comment-hint" className="hint">{t('segment:comments.submitHint')}</p>
          <button type="submit" name="intent" value="comment">{t('segment:comments.add')}</button>
        </Form>
      ) : null}
    </section>
  );
}
