/**
 * The PR comment: verdict and approval first, then counts, the blocking findings with their
 * reasons and fixes, the rest folded, how to approve, what was analyzed; and, hidden at the end,
 * the marker that finds the comment again and the state approval re-evaluation needs.
 * Everything that reaches the body passes through scrubSecrets (the state before it is encoded).
 */
import * as z from 'zod';
import type { ApproverPermission } from '../action/inputs.js';
import type { ApprovalDecision, ApprovalRecord, IneligibleReason } from '../decision/approval.js';
import { isBlockingFinding } from '../decision/blocking.js';
import { subjectDigest } from '../decision/fingerprint.js';
import type { SecretValues } from '../plan/model.js';
import type { Report } from '../report.js';
import { allFindings } from '../report.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { changesSinceApprovalLine } from './approval-changes.js';
import { code, escapeText } from './markdown.js';
import { scrubSecrets } from './scrub.js';
import { planHeading } from './words.js';

/** GitHub's limit on an issue comment body. */
export const COMMENT_LIMIT = 65_536;
/** Blocking findings kept in the hidden state; the rest is counted. */
const STATE_FINDINGS_LIMIT = 100;

const BODY_START = '<!-- tf-plan-guard:body -->';
const BODY_END = '<!-- tf-plan-guard:body-end -->';
const MARKER_PREFIX = '<!-- tf-plan-guard:marker check=';
const STATE_PREFIX = '<!-- tf-plan-guard:state v1 ';

const storedFindingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(SEVERITIES),
  address: z.string().nullable(),
  actions: z.array(z.string()),
  /** decision/fingerprint.ts subjectDigest: tells which findings changed since an approval. */
  subject: z.string().optional(),
});

const approvalRecordSchema = z.object({ fingerprint: z.string(), by: z.string(), eventId: z.number(), at: z.string() });

const storedStateSchema = z.object({
  v: z.literal(1),
  checkName: z.string(),
  fingerprint: z.string(),
  blocking: z.boolean(),
  risk: z.union([z.enum(SEVERITIES), z.literal('none')]),
  blockOn: z.string(),
  findings: z.number().int().min(0),
  blockingFindings: z.array(storedFindingSchema),
  blockingTotal: z.number().int().min(0),
  plans: z.array(z.string()),
  headSha: z.string().nullable(),
  labelEventId: z.number().nullable(),
  approval: approvalRecordSchema.nullable(),
});

/** What the comment remembers between runs (docs/github-api-calls.md). */
export type StoredState = z.infer<typeof storedStateSchema>;
export type StoredFinding = z.infer<typeof storedFindingSchema>;

/** The state of a fresh report, before the approval fields are known. */
export function stateFromReport(report: Report, checkName: string, headSha: string | null): Omit<StoredState, 'labelEventId' | 'approval'> {
  const several = report.plans.length > 1;
  const blocking = report.plans.flatMap((plan) =>
    plan.findings.filter((finding) => isBlockingFinding(finding, report.blockOn)).map((finding) => ({ finding, plan: several ? plan.name : null })),
  );
  return {
    v: 1,
    checkName,
    fingerprint: report.fingerprint,
    blocking: report.blocking,
    risk: report.risk,
    blockOn: report.blockOn,
    findings: allFindings(report).filter((finding) => !finding.suppressed).length,
    blockingFindings: blocking.map(({ finding, plan }) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      address: finding.address,
      actions: [...finding.actions],
      subject: subjectDigest(finding, plan),
    })),
    blockingTotal: blocking.length,
    plans: report.plans.map((plan) => plan.name),
    headSha,
  };
}

export function markerLine(checkName: string): string {
  return `${MARKER_PREFIX}${encodeURIComponent(checkName)} -->`;
}

/** Whether a comment body carries this check's marker (whoever wrote it). */
export function hasMarker(body: string, checkName: string): boolean {
  return body.split('\n').some((line) => line.trim() === markerLine(checkName));
}

/**
 * The hidden state line of a comment carrying this check's marker: the body's last line, where
 * the footer puts it, so a state-like line in text above (a plan's name) is never taken for it.
 */
export function storedStateLine(body: string, checkName: string): string | null {
  if (!hasMarker(body, checkName)) return null;
  const last = body.trimEnd().split('\n').at(-1) ?? '';
  return last.startsWith(STATE_PREFIX) && last.endsWith('-->') ? last : null;
}

/** The stored state of a comment; null when absent or unreadable. Whether to believe it is the seal's business. */
export function parseStoredState(body: string, checkName: string): StoredState | null {
  const line = storedStateLine(body, checkName);
  if (!line) return null;
  const encoded = line.slice(STATE_PREFIX.length, line.length - '-->'.length).trim();
  try {
    const parsed = storedStateSchema.safeParse(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')));
    return parsed.success && parsed.data.checkName === checkName ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The report body of an earlier comment (between its body markers), to reuse when no plan is read. */
export function extractReportBody(body: string): string | null {
  const start = body.indexOf(BODY_START);
  const end = body.indexOf(BODY_END);
  if (start < 0 || end < start) return null;
  return body.slice(start + BODY_START.length, end).replace(/^\n+|\n+$/g, '');
}

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
  secrets: SecretValues;
}

/** The comment body, at most COMMENT_LIMIT characters. */
export function renderComment(input: CommentInput, limit = COMMENT_LIMIT): string {
  const header = [`### ${verdictIcon(input)} ${escapeText(input.checkName)}: ${verdictText(input)}`, '', ...approvalLines(input), '', countsLine(input.state), '', ''].join('\n');
  const footer = ['', ...howToApprove(input), '', analyzedLine(input), '', markerLine(input.checkName), stateLine(input.state, input.secrets)].join('\n');
  const body = (input.reportBody ?? storedFindingsBody(input.state)).replace(/^\n+|\n+$/g, '');
  const budget = limit - scrubSecrets(header, input.secrets).length - footer.length - BODY_START.length - BODY_END.length - 4;
  const fitted = fitBody(scrubSecrets(body, input.secrets), budget, input.summaryUrl);
  return `${scrubSecrets(header, input.secrets)}${BODY_START}\n${fitted}\n${BODY_END}\n${footer}`;
}

export function verdictText(input: Pick<CommentInput, 'state' | 'decision'>): string {
  const { state, decision } = input;
  if (!state.blocking) {
    return state.findings > 0 ? `no blocking changes (${plural(state.findings, 'finding')} below ${state.blockOn})` : 'no dangerous changes';
  }
  const count = plural(state.blockingTotal, 'blocking change');
  if (decision.status === 'approved') return `approved by ${mention(decision.record.by)} (${count})`;
  return `needs approval: ${count}`;
}

/** "2 blocking (at or above high) · 3 below high · 2 plans" */
export function countsLine(state: StoredState): string {
  if (state.blockOn === 'none') return `**${state.findings}** finding${state.findings === 1 ? '' : 's'} · block-on is none: nothing blocks`;
  const parts = [
    `**${state.blockingTotal}** blocking (at or above ${escapeText(state.blockOn)})`,
    `**${state.findings - state.blockingTotal}** below ${escapeText(state.blockOn)}`,
    `highest risk: **${state.risk}**`,
  ];
  if (state.plans.length > 1) parts.push(`${state.plans.length} plans`);
  return parts.join(' · ');
}

function verdictIcon(input: Pick<CommentInput, 'state' | 'decision'>): string {
  if (!input.state.blocking) return '✅';
  return input.decision.status === 'approved' ? '☑️' : '⛔';
}

/** One or two lines on the approval: who approved, or why the label did not count. */
export function approvalLines(input: Pick<CommentInput, 'decision' | 'approvalLabel'>): string[] {
  const { decision } = input;
  const label = code(input.approvalLabel);
  switch (decision.status) {
    case 'not-needed':
      return ['Nothing here needs an approval.'];
    case 'pending':
      return [`**Approval:** none yet: the ${label} label approves these changes (see *How to approve* below).`];
    case 'approved':
      return [`**Approval:** ${mention(decision.record.by)} approved these blocking changes with the ${label} label (${escapeText(decision.record.at)}).`];
    case 'unknown-labeller':
      return [`**Approval:** the ${label} label is on the PR but GitHub reports no \`labeled\` event for it, so nobody can be credited with it. Remove it and add it again.`];
    case 'ineligible':
      return [`**Approval:** the ${label} label was added by ${mention(decision.actor)}, who may not approve: ${INELIGIBLE_WORDS[decision.reason](decision.role)}. The label was removed.`];
    case 'stale':
      return [
        decision.approvedFingerprint === null
          ? `**Approval:** the ${label} label by ${mention(decision.actor)} was added before tf-plan-guard reported these changes; a new approval is needed. The label was removed.`
          : `**Approval:** the approval by ${mention(decision.actor)} was for an earlier plan; a new approval is needed. The label was removed.`,
        ...[changesSinceApprovalLine(decision.changes)].filter((line): line is string => line !== null),
      ];
  }
}

const INELIGIBLE_WORDS: Record<IneligibleReason, (role: string) => string> = {
  bot: () => 'it is a bot or acts through a GitHub App',
  'self-approval': () => 'they opened this pull request',
  contributor: () => 'they authored, committed or pushed commits of this pull request',
  'contributors-unknown': () => 'who authored and pushed the commits of this pull request could not be read',
  'not-an-approver': () => 'they are not in the approvers list',
  'insufficient-permission': (role) => `their repository role is ${role}`,
};

export function howToApprove(input: Pick<CommentInput, 'state' | 'settings' | 'approvalLabel'>): string[] {
  if (!input.state.blocking) return [];
  const who: string[] = [];
  who.push(
    input.settings.approvers.length > 0
      ? `one of ${input.settings.approvers.map(mention).join(', ')}, with at least the ${input.settings.approverPermission} role`
      : `someone with at least the ${input.settings.approverPermission} role on this repository`,
  );
  const lines = [
    '#### How to approve',
    '',
    `Review the blocking changes above, then add the ${code(input.approvalLabel)} label to this pull request. It must be added by ${who.join('')}${
      input.settings.allowSelfApproval ? '' : ', other than the author of the pull request'
    }; bots and GitHub Apps cannot approve.`,
    'The approval covers exactly these blocking changes: a push that changes them removes the label.',
  ];
  return lines;
}

function analyzedLine(input: CommentInput): string {
  const plans = input.plans.length > 0 ? input.plans.map((plan) => code(planHeading(plan))).join(', ') : input.state.plans.map((name) => code(name)).join(', ');
  const head = input.state.headSha ? ` at ${code(input.state.headSha.slice(0, 12))}` : '';
  return scrubSecrets(`<sub>Analyzed ${plans || 'no plan'}${head} by tf-plan-guard ${escapeText(input.toolVersion)}.</sub>`, input.secrets);
}

/** The hidden state line: JSON scrubbed first, since base64 would hide a secret from the scrubber. */
export function stateLine(state: StoredState, secrets: SecretValues): string {
  let kept = state.blockingFindings.slice(0, STATE_FINDINGS_LIMIT);
  let line = encodeState({ ...state, blockingFindings: kept }, secrets);
  // Very long addresses: keep halving until the state leaves room for the report.
  while (line.length > 20_000 && kept.length > 0) {
    kept = kept.slice(0, Math.floor(kept.length / 2));
    line = encodeState({ ...state, blockingFindings: kept }, secrets);
  }
  return line;
}

/** Fields the tool computes itself: scrubbing them could rewrite a hash or a commit id. */
const OWN_FIELDS = new Set(['fingerprint', 'headSha', 'checkName', 'subject']);

function encodeState(state: StoredState, secrets: SecretValues): string {
  const json = JSON.stringify(state, (key, value: unknown) => (typeof value === 'string' && !OWN_FIELDS.has(key) ? scrubSecrets(value, secrets) : value));
  return `${STATE_PREFIX}${Buffer.from(json, 'utf8').toString('base64')} -->`;
}

/** Without a plan and without an earlier body: the blocking findings the state remembers. */
function storedFindingsBody(state: StoredState): string {
  if (state.blockingFindings.length === 0) return 'The previous report is not available here; see the last analysis run.';
  const lines = ['Blocking findings of the last analysis:', ''];
  for (const finding of state.blockingFindings) {
    const actions = finding.actions.length > 0 ? ` (${escapeText(finding.actions.join(', '))})` : '';
    lines.push(`- ${SEVERITY_WORD[finding.severity]} ${code(finding.ruleId)} on ${finding.address ? code(finding.address) : 'the whole plan'}${actions}`);
  }
  if (state.blockingTotal > state.blockingFindings.length) lines.push(`- … and ${state.blockingTotal - state.blockingFindings.length} more`);
  return lines.join('\n');
}

const SEVERITY_WORD: Record<Severity, string> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' };

/**
 * The body cut at a line boundary to fit the budget, with every open `<details>` closed and a
 * note saying where the complete report is.
 */
export function fitBody(body: string, budget: number, summaryUrl: string | null): string {
  if (body.length <= budget) return body;
  const where = summaryUrl ? `the [job summary](${summaryUrl})` : 'the job summary';
  const note = (shown: number, total: number) =>
    `\n\n> [!NOTE]\n> This report is too long for a comment: ${shown} of ${total} lines are shown. The complete report is in ${where} and in the \`report-file\` output.`;
  const lines = body.split('\n');
  const reserve = note(lines.length, lines.length).length + '\n\n</details>'.length * 8;
  const kept: string[] = [];
  let size = 0;
  let open = 0;
  for (const line of lines) {
    const closing = '\n\n</details>'.length * Math.max(0, open);
    if (size + line.length + 1 + reserve + closing > budget) break;
    kept.push(line);
    size += line.length + 1;
    open += (line.match(/<details>/g)?.length ?? 0) - (line.match(/<\/details>/g)?.length ?? 0);
  }
  const closers = Array.from({ length: Math.max(0, open) }, () => '\n</details>').join('');
  return `${kept.join('\n')}${open > 0 ? '\n' : ''}${closers}${note(kept.length, lines.length)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A login shown without notifying it (a code span is not a mention). */
function mention(login: string): string {
  return code(`@${login}`);
}

/** The check run's output: the same verdict, what to do, and as much of the report as fits. */
export function renderCheckOutput(input: CommentInput, limit = 65_535): { title: string; summary: string } {
  const { state, decision } = input;
  let title: string;
  if (!state.blocking) title = capitalize(verdictText(input));
  else if (decision.status === 'approved') title = `Approved by @${decision.record.by}: ${plural(state.blockingTotal, 'blocking change')}`;
  else title = `Needs approval: ${plural(state.blockingTotal, 'blocking change')}. Add the label "${input.approvalLabel}"`;
  const head = [...approvalLines(input), '', countsLine(state), '', ...howToApprove(input), ''].join('\n');
  const body = input.reportBody ?? storedFindingsBody(state);
  const summary = scrubSecrets(`${head}\n${fitBody(body, limit - head.length - 2, input.summaryUrl)}`, input.secrets);
  return { title: scrubSecrets(title, input.secrets), summary: summary.slice(0, limit) };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type { ApprovalRecord };
