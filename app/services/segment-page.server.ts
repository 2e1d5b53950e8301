import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { languageInfo } from '~/domain/languages';
import { stateName } from '~/domain/translation-state';
import { addComment, commentThreads, resolveThread } from './comments.server';
import { getDb, type Db } from './database.server';
import type { FormFields } from './http.server';
import { abilitiesIn } from './permissions.server';
import { acceptSuggestion, approveTranslation, rejectTranslation } from './review.server';
import { addSuggestion, openSuggestions, toggleVote, withdrawSuggestion } from './suggestions.server';
import { currentTranslation, restoreRevision, segmentHistory, type SegmentAddress } from './translations.server';

/**
 * One segment in one language, everything about it on one page: the source, the translation and who wrote it,
 * the reviewer's approve and reject (with a reason), the open suggestions with their votes, the comment threads,
 * and every revision. Each of its forms works without JavaScript.
 */
export function loadSegmentPage(address: SegmentAddress & { viewer: number }, db: Db = getDb()) {
  const { segment, history } = segmentHistory(address, db);
  const current = currentTranslation(db, segment.segmentId, segment.lang);
  const textAuthor = current?.textAuthorId == null ? null
    : db.select({ name: users.name }).from(users).where(eq(users.id, current.textAuthorId)).get()?.name ?? null;
  return {
    project: { slug: segment.project.slug, title: segment.project.title },
    document: { slug: segment.document.slug, title: segment.document.title },
    key: segment.key,
    lang: languageInfo(segment.lang),
    sourceLang: languageInfo(segment.project.sourceLang),
    source: { placeholderText: segment.placeholderText, codes: segment.codes, translatable: segment.translatable },
    current: current === null ? null : {
      text: current.text,
      state: stateName(current.state),
      version: current.version,
      author: textAuthor,
      byViewer: current.textAuthorId === address.viewer,
    },
    history,
    suggestions: openSuggestions(segment.segmentId, segment.lang, address.viewer, db)
      .map(({ authorId, ...suggestion }) => ({ ...suggestion, byViewer: authorId === address.viewer })),
    threads: commentThreads(segment, address.viewer, db),
    may: abilitiesIn(address.viewer, segment.project, segment.lang, db),
  };
}

export type SegmentPageData = ReturnType<typeof loadSegmentPage>;

const id = z.coerce.number().int().positive();
const version = z.coerce.number().int().min(0);

/** The page's forms, by the `intent` their button sends. */
const SegmentCommand = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('restore'), revisionId: id, baseVersion: version }),
  z.object({ intent: z.literal('approve'), version }),
  z.object({ intent: z.literal('reject'), version, comment: z.string() }),
  z.object({ intent: z.literal('suggest'), text: z.string() }),
  z.object({ intent: z.literal('vote'), suggestion: id }),
  z.object({ intent: z.literal('withdraw'), suggestion: id }),
  z.object({ intent: z.literal('accept'), suggestion: id, version }),
  z.object({ intent: z.literal('comment'), body: z.string(), parent: id.optional() }),
  z.object({ intent: z.literal('resolve'), thread: id }),
]);
export type SegmentCommand = z.infer<typeof SegmentCommand>;

const FIELDS = ['intent', 'revisionId', 'baseVersion', 'version', 'comment', 'text', 'suggestion', 'body', 'parent', 'thread'] as const;

export function parseSegmentPost(form: FormFields): SegmentCommand {
  const raw = Object.fromEntries(FIELDS.flatMap((name) => {
    const value = form.get(name);
    return value === null || value === '' && name === 'parent' ? [] : [[name, value]];
  }));
  const parsed = SegmentCommand.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('bad_request', 400, 'the form is incomplete', { fields: parsed.error.issues.map((i) => i.path.join('.') || 'intent') });
  }
  return parsed.data;
}

/** Where on the page the person's eyes go after a command: the part that changed. */
const ANCHOR: Record<SegmentCommand['intent'], string> = {
  restore: 'history', approve: 'translation', reject: 'translation', accept: 'translation',
  suggest: 'suggestions', vote: 'suggestions', withdraw: 'suggestions', comment: 'comments', resolve: 'comments',
};

export function runSegmentCommand(address: SegmentAddress & { userId: number }, command: SegmentCommand): { done: string; anchor: string } {
  switch (command.intent) {
    case 'restore':
      restoreRevision({ ...address, revisionId: command.revisionId, baseVersion: command.baseVersion });
      break;
    case 'approve':
      approveTranslation({ ...address, version: command.version });
      break;
    case 'reject':
      rejectTranslation({ ...address, version: command.version, comment: command.comment });
      break;
    case 'suggest':
      addSuggestion({ ...address, text: command.text });
      break;
    case 'vote':
      toggleVote({ ...address, suggestionId: command.suggestion });
      break;
    case 'withdraw':
      withdrawSuggestion({ ...address, suggestionId: command.suggestion });
      break;
    case 'accept':
      acceptSuggestion({ ...address, suggestionId: command.suggestion, version: command.version });
      break;
    case 'comment':
      addComment({ ...address, body: command.body, parentId: command.parent ?? null });
      break;
    case 'resolve':
      resolveThread({ ...address, commentId: command.thread });
      break;
  }
  return { done: command.intent, anchor: ANCHOR[command.intent] };
}
