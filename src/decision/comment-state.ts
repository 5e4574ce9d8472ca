/**
 * The protocol of the PR comment's hidden parts: the marker that finds the action's comment again,
 * the markers around the report body (reused when a label event re-renders the comment without a
 * plan), and the state line (base64 JSON, the comment's last line) that approval re-evaluation
 * reads back and the seal binds (decision/state-seal.ts). The wording around them is
 * render/comment.ts's; github/comment.ts finds comments by the marker.
 */
import * as z from 'zod';
import type { SecretValues } from '../plan/model.js';
import { scrubAddress, scrubMarkdown, scrubSecrets } from '../render/scrub.js';
import type { Report } from '../report.js';
import { allFindings } from '../report.js';
import { SEVERITIES } from '../rules/types.js';
import { isBlockingFinding } from './blocking.js';
import { subjectDigest } from './fingerprint.js';

/** Blocking findings kept in the hidden state (for what changed since an approval); the rest is counted. */
const STATE_FINDINGS_LIMIT = 100;
/** The hidden state's size at most (an eighth of a comment): it is read back, not read by people. */
const STATE_LINE_LIMIT = 8_000;

export const BODY_START = '<!-- tf-plan-guard:body -->';
export const BODY_END = '<!-- tf-plan-guard:body-end -->';
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
  /** The plans' names, the first STATE_PLANS_LIMIT of them (a monorepo's few hundred would not fit a comment). */
  plans: z.array(z.string()),
  /** How many plans were analyzed; absent in states written before it (then `plans` holds them all). */
  planCount: z.number().int().min(0).optional(),
  /** The headline (markdown), for a comment re-rendered without a plan; absent in states written before it. */
  headline: z.string().nullable().default(null),
  headSha: z.string().nullable(),
  /** The base commit whose policy decided (a label event on another base must not reuse the verdict); absent in states written before it. */
  baseSha: z.string().nullable().default(null),
  labelEventId: z.number().nullable(),
  approval: approvalRecordSchema.nullable(),
  /** The senders of the events that moved the head (decision/contributors.ts recordedPushers); absent in states written before it. */
  pushers: z.array(z.string()).default([]),
  /**
   * Where the files that decided are at the base: the policy path and the analysis's workflow
   * (null when unknown), to tell whether another base commit holds the same (decidedAlike); absent
   * in states written before it, and outside pull requests.
   */
  decidedBy: z.object({ policyPath: z.string(), workflowPath: z.string().nullable() }).nullable().default(null),
});

/** Plan names the state keeps: enough to name them in a re-rendered comment, bounded for its size. */
export const STATE_PLANS_LIMIT = 20;

/** How many plans the state's analysis read. */
export function planCountOf(state: Pick<StoredState, 'plans' | 'planCount'>): number {
  return state.planCount ?? state.plans.length;
}

/** What the comment remembers between runs (docs/github-api-calls.md). */
export type StoredState = z.infer<typeof storedStateSchema>;
export type StoredFinding = z.infer<typeof storedFindingSchema>;

/** The state of a fresh report, before the approval fields are known. */
export function stateFromReport(
  report: Report,
  checkName: string,
  headSha: string | null,
  headline: string | null = null,
  baseSha: string | null = null,
): Omit<StoredState, 'labelEventId' | 'approval'> {
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
    plans: report.plans.slice(0, STATE_PLANS_LIMIT).map((plan) => plan.name),
    planCount: report.plans.length,
    headline,
    headSha,
    baseSha,
    pushers: [],
    decidedBy: null,
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

/** The hidden state line: JSON scrubbed first, since base64 would hide a secret from the scrubber. */
export function stateLine(state: StoredState, secrets: SecretValues): string {
  let kept = state.blockingFindings.slice(0, STATE_FINDINGS_LIMIT);
  let line = encodeState({ ...state, blockingFindings: kept }, secrets);
  // Very long addresses: keep halving until the state is small.
  while (line.length > STATE_LINE_LIMIT && kept.length > 0) {
    kept = kept.slice(0, Math.floor(kept.length / 2));
    line = encodeState({ ...state, blockingFindings: kept }, secrets);
  }
  return line;
}

/** Fields the tool computes itself: scrubbing them could rewrite a hash or a commit id. */
const OWN_FIELDS = new Set(['fingerprint', 'headSha', 'baseSha', 'checkName', 'subject']);

/**
 * The headline is markdown, shown again as it is when the comment is re-rendered without a plan
 * (and without its secrets): scrubbed as markdown, leaving its markup whole (its plan text was
 * scrubbed before it was marked up).
 */
function scrubStored(key: string, value: string, secrets: SecretValues): string {
  if (key === 'address') return scrubAddress(value, secrets);
  return key === 'headline' ? scrubMarkdown(value, secrets) : scrubSecrets(value, secrets);
}

/**
 * Findings with their addresses as the hidden state stores them (scrubbed of `secrets`: only the
 * instance keys, as everywhere): what the current findings are compared in with a remembered
 * state's, like with like (audit 27 F2: raw current addresses never matched the stored
 * `…["(sensitive)"]`, so every secret-keyed finding was called both new and no longer found).
 */
export function asStored<T extends { address: string | null }>(findings: readonly T[], secrets: SecretValues): T[] {
  return findings.map((finding) => (finding.address === null ? finding : { ...finding, address: scrubStored('address', finding.address, secrets) }));
}

function encodeState(state: StoredState, secrets: SecretValues): string {
  const json = JSON.stringify(state, (key, value: unknown) => (typeof value === 'string' && !OWN_FIELDS.has(key) ? scrubStored(key, value, secrets) : value));
  return `${STATE_PREFIX}${Buffer.from(json, 'utf8').toString('base64')} -->`;
}
