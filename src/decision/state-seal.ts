/**
 * The seal that makes the comment's hidden state trustworthy. Anyone with write access can edit
 * any comment, the action's own included, so the state is only believed when a check run on the
 * commit it describes carries its seal: check runs can be written only by the GitHub App that
 * created them, never by a person. Pure.
 */
import { createHash } from 'node:crypto';

const SEAL_PREFIX = 'tf-plan-guard:state-sha256:';

/**
 * The seal of one state line for one pull request: a copy of a genuine state pasted into another
 * PR's comment does not match there.
 */
export function stateSeal(stateLine: string, pullRequestNumber: number): string {
  const digest = createHash('sha256').update(`${pullRequestNumber}\n${stateLine}`, 'utf8').digest('hex');
  return `${SEAL_PREFIX}${digest}`;
}

/** Whether one of the check runs' external ids seals this state line. */
export function isSealed(stateLine: string, pullRequestNumber: number, externalIds: readonly (string | null)[]): boolean {
  const seal = stateSeal(stateLine, pullRequestNumber);
  return externalIds.some((externalId) => externalId === seal);
}
