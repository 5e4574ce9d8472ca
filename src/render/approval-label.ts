/**
 * What the surfaces say when the approval label does not exist in the repository and the action
 * may not create it: a reviewer cannot add a label that is not there, so they are told how to
 * create it (the `gh` command, the web page) and which permission would let the action do it.
 */
import { code, escapeText } from './escape.js';

/** The approval label as the action creates it: a colour that stands out, and what it means (≤ 100 characters). */
export const APPROVAL_LABEL_COLOR = 'd93f0b';
export const APPROVAL_LABEL_DESCRIPTION = 'A human approves the blocking Terraform changes tf-plan-guard reported (exactly those)';

/**
 * Whether the repository has the approval label: it had it, the action just created it, or it is
 * missing and could not be created (`refused`: GitHub's status and message; `fork`: not tried,
 * a fork's token is read-only).
 */
export type LabelAvailability =
  | { kind: 'exists' }
  | { kind: 'created' }
  | { kind: 'missing'; repository: string; why: { refused: string } | 'fork' };

/** The shell command that creates the label, as the action would have. */
export function labelCreateCommand(label: string, repository: string): string {
  return `gh label create ${shellQuote(label)} --repo ${shellQuote(repository)} --color ${APPROVAL_LABEL_COLOR} --description ${shellQuote(APPROVAL_LABEL_DESCRIPTION)}`;
}

/** The paragraph for a missing label, in markdown; empty when the label is there. */
export function missingLabelLines(label: string, availability: LabelAvailability | undefined): string[] {
  if (availability?.kind !== 'missing') return [];
  const because =
    availability.why === 'fork'
      ? 'and this pull request comes from a fork, whose token is read-only and cannot create it'
      : `and this run's token may not create it (GitHub answered ${escapeText(availability.why.refused)})`;
  const grant =
    availability.why === 'fork'
      ? ''
      : ', or give the workflow `issues: write` under `permissions:` (a GitHub App: the Issues repository permission, write) and the next run creates it';
  return [
    `**The ${code(label)} label does not exist in ${code(availability.repository)} yet**, ${because}. Someone with write access creates it once: ${code(labelCreateCommand(label, availability.repository))}, or *Issues → Labels → New label* on GitHub${grant}.`,
  ];
}

/** The same, as one plain line for the step's log. */
export function missingLabelWarning(label: string, availability: LabelAvailability): string | null {
  if (availability.kind !== 'missing') return null;
  const because = availability.why === 'fork' ? 'a fork\'s token is read-only' : `the token may not create it: ${availability.why.refused}`;
  return `tf-plan-guard: the approval label "${label}" does not exist in ${availability.repository} (${because}); create it once with: ${labelCreateCommand(label, availability.repository)}`;
}

/** A POSIX shell word: single-quoted unless it is plainly safe. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
