/**
 * The PR comment and the check run's output: what is at risk (the headline), the verdict and what
 * to do about it in this approval state, the report, and what was analyzed with links to the run,
 * the commit and the rule reference; at the end of the comment, the hidden marker and state
 * (decision/comment-state.ts). Everything that reaches the body passes through scrubMarkdown.
 */
import type { ApproverPermission } from '../action/inputs.js';
import type { ApprovalDecision, ApprovalRecord, IneligibleReason } from '../decision/approval.js';
import { BODY_END, BODY_START, markerLine, planCountOf, stateLine, type StoredState } from '../decision/comment-state.js';
import { PULL_REQUEST_COMMITS_LIMIT } from '../decision/contributors.js';
import type { SecretValues } from '../plan/model.js';
import type { Severity } from '../rules/types.js';
import { changesSinceApprovalLine } from './approval-changes.js';
import { missingLabelLines, type LabelAvailability } from './approval-label.js';
import { fitReport, sizeOf } from './fit.js';
import { code, COMMENT_LIMIT, escapeText } from './markdown.js';
import { scrubAddress, scrubMarkdown, scrubSecrets } from './scrub.js';
import { count, planHeading } from './words.js';

export { COMMENT_LIMIT } from './markdown.js';
/** GitHub's limit on a check run's summary, in bytes. */
export const CHECK_SUMMARY_LIMIT = 65_535;
export interface CommentInput {
  checkName: string;
  approvalLabel: string;
  settings: { approvers: readonly string[]; approverPermission: ApproverPermission; allowSelfApproval: boolean };
  state: StoredState;
  decision: ApprovalDecision;
  /** The plan sections; null when re-evaluating without a plan and no earlier body exists. */
  reportBody: string | null;
  /** Plans and versions analyzed, for the footer. */
  plans: readonly { name: string; terraformVersion: string | null; formatVersion: string | null }[];
  toolVersion: string;
  /** The run's page, where the job summary holds the complete report. */
  summaryUrl: string | null;
  /** The rule reference of the running version of the action, when known. */
  ruleReferenceUrl?: string | null;
  /** Whether the repository has the approval label; a missing one is explained where approval is asked for. */
  labelAvailability?: LabelAvailability;
  secrets: SecretValues;
}

/** The comment body, at most COMMENT_LIMIT characters. */
export function renderComment(input: CommentInput, limit = COMMENT_LIMIT): string {
  const header = scrubMarkdown([...headLines(input, 'comment'), '', ''].join('\n'), input.secrets);
  const footer = ['', ...(needsInstructions(input) ? ['', ...howToApprove(input)] : []), '', analyzedLine(input), '', markerLine(input.checkName), stateLine(input.state, input.secrets)].join('\n');
  const body = (input.reportBody ?? storedFindingsBody(input.state, input.secrets)).replace(/^\n+|\n+$/g, '');
  const budget = limit - header.length - footer.length - BODY_START.length - BODY_END.length - 4;
  const fitted = fitReport(scrubMarkdown(body, input.secrets), budget, { surface: 'a comment', where: completeReportWhere(input.summaryUrl) });
  return `${header}${BODY_START}\n${fitted}\n${BODY_END}\n${footer}`;
}

/** Where a cut report sends the reader for the rest. */
function completeReportWhere(summaryUrl: string | null): string {
  return `${summaryUrl ? `the [job summary](${summaryUrl})` : 'the job summary'} and in the \`report-file\` output`;
}

type Surface = 'comment' | 'check' | 'job-summary';

/**
 * The first lines of every surface: the headline (what is at risk), the verdict, and what to do
 * now, worded for what this surface holds.
 */
export function headLines(input: Pick<CommentInput, 'checkName' | 'state' | 'decision' | 'approvalLabel' | 'settings'> & Pick<Partial<CommentInput>, 'labelAvailability' | 'secrets'>, surface: Surface): string[] {
  const { state } = input;
  const lines: string[] = [];
  if (surface !== 'check') lines.push(`${surface === 'comment' ? '###' : '##'} ${verdictIcon(input)} ${state.headline ?? capitalize(verdictText(input))}`, '');
  const verdict = `**${escapeText(input.checkName)}: ${verdictText(input)}**`;
  lines.push(state.blockOn === 'none' ? `${verdict} · ${countsLine(state)}` : [verdict, ...countsAfterVerdict(state)].join(' · '), '', ...approvalLines(input, surface));
  // A reviewer cannot add a label the repository lacks: said wherever approval is asked for.
  if (needsInstructions(input)) {
    const missing = missingLabelLines(input.approvalLabel, input.labelAvailability);
    if (missing.length > 0) lines.push('', ...missing);
  }
  return lines;
}

/** The counts the verdict does not already say: "3 below high · highest risk: critical · 2 plans". */
function countsAfterVerdict(state: StoredState): string[] {
  const below = state.findings - state.blockingTotal;
  return [
    ...(state.blocking ? [`at or above ${escapeText(state.blockOn)}`] : []),
    ...(state.blocking || below === 0 ? [`${count(below)} below ${escapeText(state.blockOn)}`] : []),
    ...(state.risk !== 'none' ? [`highest risk: **${state.risk}**`] : []),
    ...(planCountOf(state) > 1 ? [`${count(planCountOf(state))} plans`] : []),
  ];
}

export function verdictText(input: Pick<CommentInput, 'state' | 'decision'>): string {
  const { state, decision } = input;
  if (!state.blocking) {
    return state.findings > 0 ? `no blocking changes (${plural(state.findings, 'finding')} below ${state.blockOn})` : 'no dangerous changes';
  }
  const blocking = plural(state.blockingTotal, 'blocking change');
  if (decision.status === 'approved') return `approved by ${mention(decision.record.by)} (${blocking})`;
  return `needs approval: ${blocking}`;
}

/** "2 blocking (at or above high) · 3 below high · highest risk: critical · 2 plans" */
export function countsLine(state: StoredState): string {
  if (state.blockOn === 'none') return `**${count(state.findings)}** finding${state.findings === 1 ? '' : 's'} · block-on is none: nothing blocks`;
  const parts = [
    `**${count(state.blockingTotal)}** blocking (at or above ${escapeText(state.blockOn)})`,
    `**${count(state.findings - state.blockingTotal)}** below ${escapeText(state.blockOn)}`,
    `highest risk: **${state.risk}**`,
  ];
  if (planCountOf(state) > 1) parts.push(`${count(planCountOf(state))} plans`);
  return parts.join(' · ');
}

function verdictIcon(input: Pick<CommentInput, 'state' | 'decision'>): string {
  if (!input.state.blocking) return '✅';
  return input.decision.status === 'approved' ? '☑️' : '⛔';
}

/** Whether the reader has something to do: a blocking report without a valid approval. */
function needsInstructions(input: Pick<CommentInput, 'state' | 'decision'>): boolean {
  return input.state.blocking && input.decision.status !== 'approved';
}

/**
 * What the approval state is and what to do about it, in one or two lines. `surface` says where
 * the instructions are: below in the comment, right here in the check, and in the comment (not
 * here) for the job summary.
 */
export function approvalLines(input: Pick<CommentInput, 'decision' | 'approvalLabel'> & Partial<Pick<CommentInput, 'state' | 'secrets'>>, surface: Surface = 'comment'): string[] {
  const { decision } = input;
  const label = code(input.approvalLabel);
  const how = surface === 'comment' ? ' (see *How to approve* at the end)' : surface === 'check' ? ' (see *How to approve* below)' : ' (see *How to approve* in the pull request\'s tf-plan-guard comment or check)';
  const review = surface === 'job-summary' ? 'Review the changes below' : 'Review the changes below';
  switch (decision.status) {
    case 'not-needed':
      return [input.state && input.state.findings > 0 ? 'Nothing here needs an approval; the findings below are for information.' : 'Nothing here needs an approval.'];
    case 'pending':
      return [`**Approval:** none yet. ${review}; the ${label} label approves them${how}.`];
    case 'approved':
      return [
        `**Approval:** ${mention(decision.record.by)} approved these blocking changes with the ${label} label (${escapeText(decision.record.at)}). It covers these blocking findings and what each is about (what they grant, open, destroy or switch off), not the rest of the plan: a push that changes any of them, or adds another, removes the label and asks again.`,
      ];
    case 'unknown-labeller':
      return [`**Approval:** the ${label} label is on the PR but GitHub reports no \`labeled\` event for it, so nobody can be credited with it. Remove it and add it again${how}.`];
    case 'ineligible':
      return [`**Approval:** the ${label} label was added by ${mention(decision.actor)}, who may not approve: ${INELIGIBLE_WORDS[decision.reason](decision.role)}. The label was removed; someone who may approve adds it again${how}.`];
    case 'stale':
      return [
        decision.approvedFingerprint === null
          ? `**Approval:** the ${label} label by ${mention(decision.actor)} was added before tf-plan-guard reported these changes; a new approval is needed. The label was removed: ${review.toLowerCase()} and add it again${how}.`
          : `**Approval:** the approval by ${mention(decision.actor)} was for an earlier plan; a new approval is needed. The label was removed: ${review.toLowerCase()} and add it again${how}.`,
        ...[changesSinceApprovalLine(decision.changes, input.secrets)].filter((line): line is string => line !== null),
      ];
  }
}

const INELIGIBLE_WORDS: Record<IneligibleReason, (role: string) => string> = {
  bot: () => 'it is a bot or acts through a GitHub App',
  'self-approval': () => 'they opened this pull request',
  contributor: () => 'they authored, committed or pushed commits of this pull request',
  'contributors-unknown': () => 'who authored and pushed the commits of this pull request could not be read',
  'too-many-commits': () =>
    `this pull request has more commits than GitHub lists (${PULL_REQUEST_COMMITS_LIMIT}), so who authored them all cannot be read, and nobody can approve it until it has fewer (squash or split it)`,
  'not-an-approver': () => 'they are not in the approvers list',
  'insufficient-permission': (role) => `their repository role is ${role}`,
};

/** Who may approve and how; for a blocking report that is not approved. */
export function howToApprove(input: Pick<CommentInput, 'state' | 'settings' | 'approvalLabel'>): string[] {
  if (!input.state.blocking) return [];
  const who =
    input.settings.approvers.length > 0
      ? `one of ${input.settings.approvers.map(mention).join(', ')}, with at least the ${input.settings.approverPermission} role`
      : `someone with at least the ${input.settings.approverPermission} role on this repository`;
  return [
    '#### How to approve',
    '',
    `Review the blocking changes, then add the ${code(input.approvalLabel)} label to this pull request. It must be added by ${who}${
      input.settings.allowSelfApproval ? '' : ', other than the author of the pull request and anyone who pushed to it'
    }; bots and GitHub Apps cannot approve.`,
    'The approval covers these blocking findings and what each is about (what they grant, open, destroy or switch off), not the rest of the plan: a push that changes any of them, or adds another, removes the label.',
  ];
}

/** What was analyzed, with links to the commit, the run (with the complete report) and the rule reference. */
/** Plans the footer names before "and N more": the footer is outside the report's size budget. */
const FOOTER_PLANS = 10;

function analyzedLine(input: CommentInput): string {
  const names = input.plans.length > 0 ? input.plans.map((plan) => planHeading(plan)) : input.state.plans;
  const total = input.plans.length > 0 ? input.plans.length : planCountOf(input.state);
  const more = total - Math.min(names.length, FOOTER_PLANS);
  const plans = [...names.slice(0, FOOTER_PLANS).map((name) => code(scrubSecrets(name, input.secrets))), ...(more > 0 ? [`and ${count(more)} more`] : [])].join(', ');
  const sha = input.state.headSha;
  const commit = sha ? commitUrl(input.summaryUrl, sha) : null;
  const head = sha ? ` at ${commit ? `[${code(sha.slice(0, 12))}](${commit})` : code(sha.slice(0, 12))}` : '';
  const links = [
    ...(input.summaryUrl ? [`[workflow run and complete report](${input.summaryUrl})`] : []),
    ...(input.ruleReferenceUrl ? [`[rule reference](${input.ruleReferenceUrl})`] : []),
  ];
  return scrubMarkdown(`<sub>Analyzed ${plans || 'no plan'}${head} by tf-plan-guard ${escapeText(input.toolVersion)}.${links.length > 0 ? ` ${links.join(' · ')}` : ''}</sub>`, input.secrets);
}

/** The commit's page beside the run's: `…/owner/repo/actions/runs/1` → `…/owner/repo/commit/sha`. */
function commitUrl(runUrl: string | null, sha: string): string | null {
  const repository = runUrl?.match(/^(https?:\/\/.+)\/actions\/runs\/\d+/)?.[1];
  return repository && /^[0-9a-f]{7,64}$/i.test(sha) ? `${repository}/commit/${sha}` : null;
}

/** Without a plan and without an earlier body: the blocking findings the state remembers, their addresses scrubbed before they are marked up. */
function storedFindingsBody(state: StoredState, secrets: SecretValues): string {
  if (state.blockingFindings.length === 0) return 'The previous report is not available here; see the last analysis run.';
  const lines = ['Blocking findings of the last analysis:', ''];
  for (const finding of state.blockingFindings) {
    const actions = finding.actions.length > 0 ? ` (${escapeText(finding.actions.join(', '))})` : '';
    lines.push(`- ${SEVERITY_WORD[finding.severity]} ${code(finding.ruleId)} on ${finding.address ? code(scrubAddress(finding.address, secrets)) : 'the whole plan'}${actions}`);
  }
  if (state.blockingTotal > state.blockingFindings.length) lines.push(`- … and ${count(state.blockingTotal - state.blockingFindings.length)} more`);
  return lines.join('\n');
}

const SEVERITY_WORD: Record<Severity, string> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' };

/** The body cut to fit the budget at block boundaries, with a note saying where the complete report is. */
export function fitBody(body: string, budget: number, summaryUrl: string | null): string {
  return fitReport(body, budget, { surface: 'a comment', where: completeReportWhere(summaryUrl) });
}

function plural(value: number, noun: string): string {
  return `${count(value)} ${noun}${value === 1 ? '' : 's'}`;
}

/** A login shown without notifying it (a code span is not a mention). */
function mention(login: string): string {
  return code(`@${login}`);
}

/** The check run's output: the same verdict, what to do, and as much of the report as fits (in bytes). */
export function renderCheckOutput(input: CommentInput, limit = CHECK_SUMMARY_LIMIT): { title: string; summary: string } {
  const { state, decision } = input;
  let title: string;
  if (!state.blocking) title = capitalize(verdictText(input));
  else if (decision.status === 'approved') title = `Approved by @${decision.record.by}: ${plural(state.blockingTotal, 'blocking change')}`;
  else title = `Needs approval: ${plural(state.blockingTotal, 'blocking change')}. Add the label "${input.approvalLabel}"`;
  const head = scrubMarkdown([...headLines(input, 'check'), '', ...(needsInstructions(input) ? [...howToApprove(input), ''] : []), ''].join('\n'), input.secrets);
  // What was analyzed, with the links to the commit, the run and the rule reference, as in the comment.
  const footer = `\n\n${analyzedLine(input)}`;
  const body = scrubMarkdown(input.reportBody ?? storedFindingsBody(state, input.secrets), input.secrets);
  const fitted = fitReport(body, limit - sizeOf(head, 'bytes') - sizeOf(footer, 'bytes') - 1, { surface: 'the check summary', where: completeReportWhere(input.summaryUrl), measure: 'bytes' });
  return { title: scrubSecrets(title, input.secrets), summary: `${head}\n${fitted}${footer}` };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type { ApprovalRecord };
