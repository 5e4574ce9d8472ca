/**
 * Whether the state kept in the action's comment may be believed. Anyone with write access can
 * edit any comment, the action's own included, so two facts GitHub keeps out of their reach
 * decide: nobody but the action edited the comment since (GraphQL `editor`), which rules out
 * putting back an older genuine state, and a check run of the action's app on the state's commit
 * carries its seal (state-seal.ts), which rules out a forged one. An untrusted state counts as no
 * memory at all, which can only withhold an approval. Pure: the caller reads the facts, in this
 * order, and stops reading at the first distrust.
 */
import type { Actor, CommentIdentity } from '../github/comment.js';
import { sameContent, type PolicyFileAt } from '../policy/change.js';
import { isSealed } from './state-seal.js';

/** Why a stored state is not believed. */
export type Distrust =
  /** Who edited the comment last could not be read: nobody can say it was not replayed. */
  | { reason: 'editor-unknown'; error: string }
  | { reason: 'edited-by-other'; editor: string }
  /** No check run of `app` on `headSha` carries the state's seal. */
  | { reason: 'unsealed'; app: string | null; headSha: string | null };

/** The comment's last editor as read: null when nobody edited it; `error` when it could not be read. */
export type EditorReading = { editor: Actor | null } | { error: string };

/** The distrust the comment's last editor gives: none when nobody edited it or the action did. */
export function distrustOfEditor(reading: EditorReading, identity: CommentIdentity): Distrust | null {
  if ('error' in reading) return { reason: 'editor-unknown', error: reading.error };
  if (reading.editor && !isOwnIdentity(reading.editor, identity)) return { reason: 'edited-by-other', editor: reading.editor.login };
  return null;
}

/**
 * The app whose check runs may carry the seal: the bot of an app is `<slug>[bot]`, and its check
 * runs are the app's. A personal token has no app, so no seal can ever be believed for it.
 */
export function sealingApp(identity: CommentIdentity): string | null {
  return identity.kind === 'bot' ? withoutBotSuffix(identity.login) : null;
}

/** The distrust when none of the sealing app's check runs on the state's commit carries its seal. */
export function distrustOfSeal(stateLine: string, pullRequestNumber: number, headSha: string | null, app: string | null, externalIds: readonly (string | null)[]): Distrust | null {
  return isSealed(stateLine, pullRequestNumber, externalIds) ? null : { reason: 'unsealed', app, headSha };
}

/**
 * Whether a stored report may stand for the PR's head on a run that does not analyze: a report of
 * an older commit would let a label vouch for a head nobody analyzed.
 */
export function isReportOfHead(reportHeadSha: string | null, headSha: string): boolean {
  return reportHeadSha === headSha;
}

/**
 * Whether a stored verdict may stand for the PR's current base on a run that does not analyze: the
 * base's policy decided it, and a PR retargeted since (to a branch with a looser policy, or back)
 * must be analyzed again under the base it has now. An unknown base on either side is not the same.
 */
export function isReportOfBase(reportBaseSha: string | null, baseSha: string | null): boolean {
  return reportBaseSha !== null && reportBaseSha === baseSha;
}

/** What a base commit holds of what decides a verdict: the policy file, and the running workflow when known. */
export interface DecidingFilesAt {
  policy: PolicyFileAt;
  /** Null when the runner does not say which workflow runs. */
  workflow: PolicyFileAt | null;
}

/**
 * Whether a verdict decided against one base commit stands for another (the base branch moved
 * on, or the PR was retargeted): only when both hold the same policy file and the same running
 * workflow, so the same policy and the same gate inputs decide. Anything else, the analysis runs again.
 */
export function decidedAlike(reportBase: DecidingFilesAt, currentBase: DecidingFilesAt): boolean {
  const sameWorkflow = reportBase.workflow === null || currentBase.workflow === null ? reportBase.workflow === currentBase.workflow : sameContent(reportBase.workflow, currentBase.workflow);
  return sameContent(reportBase.policy, currentBase.policy) && sameWorkflow;
}

/** A login without its `[bot]` suffix: how GraphQL names a bot, and the slug of its app. */
export function withoutBotSuffix(login: string): string {
  return login.replace(/\[bot\]$/i, '');
}

/** Whether a GraphQL actor is the action's own identity (`github-actions` is `github-actions[bot]`). */
export function isOwnIdentity(actor: Actor, identity: CommentIdentity): boolean {
  if (withoutBotSuffix(actor.login).toLowerCase() !== withoutBotSuffix(identity.login).toLowerCase()) return false;
  return identity.kind === 'user' ? actor.type !== 'Bot' : actor.type === 'Bot';
}
