/**
 * Whether a blocking change is approved (contract §6), decided over plain facts fetched from
 * GitHub. Pure: the same facts always give the same decision, so every bypass is a unit test.
 */
import type { ApproverPermission } from '../action/inputs.js';
import { changesSinceApproval, type ChangesSinceApproval, type RememberedFinding } from './changes.js';
import { TOO_MANY_COMMITS, type Contributors } from './contributors.js';

/** Repository roles, weakest first. */
export const ROLE_ORDER = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type Role = (typeof ROLE_ORDER)[number];

export interface Account {
  login: string;
  /** `User`, `Bot`, `Organization`, … as GitHub reports it. */
  type: string;
}

/** The latest `labeled` event for the approval label. */
export interface LabelEvent {
  id: number;
  actor: Account;
  createdAt: string;
  /** The event was performed through a GitHub App (`performed_via_github_app` non-null). */
  viaApp: boolean;
}

/** The collaborator permission of an account; null when it is not a collaborator. */
export interface Permission {
  /** `role_name`: a built-in role or a custom role's name. */
  roleName: string | null;
  /** `permission`: admin|write|read|none, the fallback for custom roles. */
  permission: string | null;
}

/** What the action stored after its last report, as far as approval needs it. */
export interface ApprovalMemory {
  /** The fingerprint of the last report: what an approver who added the label since saw. */
  fingerprint: string;
  /** The latest `labeled` event known when the state was written. */
  labelEventId: number | null;
  approval: ApprovalRecord | null;
  /** The blocking findings of that report (maybe cut short: `blockingTotal` is their number), to say what changed since. */
  blockingFindings?: readonly RememberedFinding[];
  blockingTotal?: number;
}

export interface ApprovalRecord {
  fingerprint: string;
  by: string;
  eventId: number;
  at: string;
}

export interface ApprovalSettings {
  approvers: readonly string[];
  approverPermission: ApproverPermission;
  allowSelfApproval: boolean;
}

export interface ApprovalFacts {
  blocking: boolean;
  /** The current blocking fingerprint. */
  fingerprint: string;
  /** The current blocking findings, to say what changed since an approval; omitted when not known. */
  findings?: readonly RememberedFinding[];
  labelOnPullRequest: boolean;
  latestLabeled: LabelEvent | null;
  /** The permission of `latestLabeled.actor`; null when not a collaborator or not looked up. */
  actorPermission: Permission | null;
  pullRequestAuthor: string;
  /**
   * Accounts that authored, committed, co-authored or force-pushed commits of the PR, or pushed
   * to it: authors too. Null when they could not be read, `too-many-commits` when the PR has more
   * commits than GitHub lists (the label then cannot approve, unless `allowSelfApproval`).
   */
  contributors: Contributors;
  settings: ApprovalSettings;
  /**
   * The stored state of the last report; null when there is none (or it cannot be trusted).
   * `undefined` when no state can be kept (the comment is off): then the label approves only the
   * analysis its own `labeled` event triggered (see `triggeredByLabel`).
   */
  memory: ApprovalMemory | null | undefined;
  /**
   * This run was triggered by the approval label's `labeled` event. Without a stored state it is
   * the one run that analyzes what the PR held when the label was added; any other event (a
   * push, a reopen after a push, an edit, another label) may analyze commits the approver never saw.
   */
  triggeredByLabel: boolean;
}

/** Why the latest labeller cannot approve. */
export type IneligibleReason = 'bot' | 'self-approval' | 'contributor' | 'contributors-unknown' | 'too-many-commits' | 'not-an-approver' | 'insufficient-permission';

export type ApprovalDecision =
  | { status: 'not-needed' }
  | { status: 'pending' }
  | { status: 'approved'; record: ApprovalRecord }
  | { status: 'ineligible'; actor: string; reason: IneligibleReason; role: Role; removeLabel: true }
  | { status: 'stale'; actor: string; approvedFingerprint: string | null; removeLabel: true; changes?: ChangesSinceApproval }
  | { status: 'unknown-labeller' };

export function decideApproval(facts: ApprovalFacts): ApprovalDecision {
  if (!facts.blocking) return { status: 'not-needed' };
  if (!facts.labelOnPullRequest) return { status: 'pending' };
  const event = facts.latestLabeled;
  // The label is there but its history is not: nobody can be credited with it.
  if (!event) return { status: 'unknown-labeller' };

  const eligibility = labellerEligibility(event, facts);
  if (eligibility.reason) {
    return { status: 'ineligible', actor: event.actor.login, reason: eligibility.reason, role: eligibility.role, removeLabel: true };
  }
  const approvedFingerprint = fingerprintApprovedBy(event, facts.memory, facts.fingerprint, facts.triggeredByLabel);
  if (approvedFingerprint !== facts.fingerprint) {
    const changes = changesSinceApproved(facts, approvedFingerprint);
    return { status: 'stale', actor: event.actor.login, approvedFingerprint, removeLabel: true, ...(changes ? { changes } : {}) };
  }
  return { status: 'approved', record: { fingerprint: facts.fingerprint, by: event.actor.login, eventId: event.id, at: event.createdAt } };
}

/** What changed since the approved report, when the stored state is that report and lists its findings. */
function changesSinceApproved(facts: ApprovalFacts, approvedFingerprint: string | null): ChangesSinceApproval | null {
  const memory = facts.memory;
  if (!memory || approvedFingerprint === null || memory.fingerprint !== approvedFingerprint || !memory.blockingFindings || !facts.findings) return null;
  return changesSinceApproval({ findings: memory.blockingFindings, total: memory.blockingTotal ?? memory.blockingFindings.length }, facts.findings);
}

/** The fingerprint a `labeled` event approves, given what the action reported before it. */
export function fingerprintApprovedBy(
  event: LabelEvent,
  memory: ApprovalMemory | null | undefined,
  currentFingerprint: string,
  triggeredByLabel: boolean,
): string | null {
  if (memory === undefined) return triggeredByLabel ? currentFingerprint : null;
  if (memory === null) return null;
  if (memory.approval && memory.approval.eventId === event.id) return memory.approval.fingerprint;
  if (event.id !== memory.labelEventId) return memory.fingerprint;
  return null;
}

function labellerEligibility(event: LabelEvent, facts: ApprovalFacts): { reason: IneligibleReason | null; role: Role } {
  const role = effectiveRole(facts.actorPermission);
  const login = event.actor.login.toLowerCase();
  if (isBotOrApp(event)) return { reason: 'bot', role };
  const authorship = facts.settings.allowSelfApproval ? null : authorshipOf(login, facts);
  if (authorship) return { reason: authorship, role };
  if (facts.settings.approvers.length > 0 && !facts.settings.approvers.some((approver) => approver.toLowerCase() === login)) {
    return { reason: 'not-an-approver', role };
  }
  if (!roleAtLeast(role, facts.settings.approverPermission)) return { reason: 'insufficient-permission', role };
  return { reason: null, role };
}

/** Why `login` counts as an author of the PR (or may: its contributors are not known); null when it does not. */
function authorshipOf(login: string, facts: Pick<ApprovalFacts, 'pullRequestAuthor' | 'contributors'>): IneligibleReason | null {
  if (login === facts.pullRequestAuthor.toLowerCase()) return 'self-approval';
  const contributors = facts.contributors;
  if (contributors === TOO_MANY_COMMITS) return 'too-many-commits';
  if (contributors === null) return 'contributors-unknown';
  return contributors.some((contributor) => contributor.toLowerCase() === login) ? 'contributor' : null;
}

export function isBotOrApp(event: Pick<LabelEvent, 'actor' | 'viaApp'>): boolean {
  return event.viaApp || event.actor.type === 'Bot' || event.actor.login.toLowerCase().endsWith('[bot]');
}

/** `role_name` when it is a built-in role; for a custom role, its base `permission`. */
export function effectiveRole(permission: Permission | null): Role {
  if (!permission) return 'none';
  const roleName = permission.roleName?.toLowerCase() ?? '';
  if (isRole(roleName)) return roleName;
  // The `permission` field folds maintain into write and triage into read: the safe direction.
  const base = permission.permission?.toLowerCase() ?? '';
  return isRole(base) ? base : 'none';
}

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(minimum);
}

function isRole(text: string): text is Role {
  return (ROLE_ORDER as readonly string[]).includes(text);
}

/**
 * Whether this run was triggered by adding the approval label (case-insensitive, as GitHub
 * matches label names). The payload's label only narrows what a run may do: who added it is
 * always read through the API.
 */
export function triggeredByApprovalLabel(action: string | null, label: string | null, approvalLabel: string): boolean {
  return action === 'labeled' && label?.toLowerCase() === approvalLabel.toLowerCase();
}

/**
 * Which facts about the latest labeller must be read. A bot or app can never approve, so nothing
 * more is asked about it; the PR's contributors matter only when self-approval is not allowed.
 */
export function labellerLookups(event: LabelEvent | null, settings: Pick<ApprovalSettings, 'allowSelfApproval'>): { permission: boolean; contributors: boolean } {
  const human = event !== null && !isBotOrApp(event);
  return { permission: human, contributors: human && !settings.allowSelfApproval };
}

/** What to store after this decision, so the next run knows which fingerprint the label covers. */
export function rememberApproval(facts: ApprovalFacts, decision: ApprovalDecision): Pick<ApprovalMemory, 'labelEventId' | 'approval'> {
  return {
    labelEventId: facts.latestLabeled?.id ?? facts.memory?.labelEventId ?? null,
    approval: decision.status === 'approved' ? decision.record : null,
  };
}
