/**
 * Every way a pull request tries to pass its own gate that the end-to-end tests (test/e2e/) play
 * against the bundled action, decided here by the same pure functions the action calls, in
 * milliseconds. Each `describe` names the e2e file it mirrors. Bypasses of who may label
 * (bots, roles, approvers, the latest event, a label before any report) are in approval.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import {
  decideApproval,
  labellerLookups,
  rememberApproval,
  triggeredByApprovalLabel,
  type ApprovalFacts,
  type ApprovalMemory,
  type LabelEvent,
} from '../../src/decision/approval.js';
import { analysisMark, collidingAnalysis } from '../../src/decision/collision.js';
import { markerLine, stateFromReport, stateLine, type StoredState } from '../../src/decision/comment-state.js';
import { contributorsOf, PULL_REQUEST_COMMITS_LIMIT, type Contributors } from '../../src/decision/contributors.js';
import { staleEvent } from '../../src/decision/event-freshness.js';
import { decidingPolicy, policyLocation, type PolicyFiles } from '../../src/decision/policy-source.js';
import { stateSeal } from '../../src/decision/state-seal.js';
import { decidedAlike, distrustOfEditor, distrustOfSeal, isReportOfBase, isReportOfHead, sealingApp } from '../../src/decision/stored-state-trust.js';
import { checkPasses, reportedDecision, stepFailsUnapproved } from '../../src/decision/verdict.js';
import { pickOwnComment, type CommentIdentity, type IssueComment } from '../../src/github/comment.js';
import { loadPlanFile, loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY, type Policy } from '../../src/policy/config.js';
import type { Report } from '../../src/report.js';
import type { Finding } from '../../src/rules/types.js';
import { created, deleted, planJson, type ChangeSpec } from '../support/plan-factory.js';

const LABEL = 'tf-plan-guard:approved';
const SETTINGS = { approvers: [], approverPermission: 'write', allowSelfApproval: false } as const;
const NO_SECRETS = { sensitive: new Set<string>(), variables: new Set<string>() };
const ACTIONS_BOT: CommentIdentity = { kind: 'bot', login: 'github-actions[bot]' };
const RDS_DELETE = 'fixtures/e2e/orders-delete.json';

function labelled(login: string, id = 42): LabelEvent {
  return { id, actor: { login, type: 'User' }, createdAt: '2026-12-05T10:00:00Z', viaApp: false };
}

/** A report of these changes under `policy`, with these PR-level findings (policy-changed). */
function reportOf(changes: ChangeSpec[], policy: Policy = DEFAULT_POLICY): Report {
  const prior = changes.filter((change) => change.before !== undefined).map((change) => ({ address: `${change.type}.${change.name ?? 'this'}`, type: change.type }));
  const json = planJson(changes, { priorResources: [{ address: 'aws_s3_bucket.existing', type: 'aws_s3_bucket' }, ...prior] });
  return analyzePlans([loadPlanJson(json, 'db/plan.json')], policy).report;
}

function stateOf(report: Report, headSha: string, memory: Pick<StoredState, 'labelEventId' | 'approval'> = { labelEventId: null, approval: null }): StoredState {
  return { ...stateFromReport(report, 'Terraform Plan Guard', headSha), ...memory };
}

/** The facts of a run over `report`, the label added by `labeller` after the report `memory` stored. */
function factsFor(report: Report, labeller: string, memory: ApprovalMemory | null | undefined, overrides: Partial<ApprovalFacts> = {}): ApprovalFacts {
  return {
    blocking: report.blocking,
    fingerprint: report.fingerprint,
    findings: stateFromReport(report, 'Terraform Plan Guard', null).blockingFindings,
    labelOnPullRequest: true,
    latestLabeled: labelled(labeller),
    actorPermission: { roleName: 'maintain', permission: 'write' },
    pullRequestAuthor: 'dev',
    contributors: ['dev'],
    settings: SETTINGS,
    memory,
    triggeredByLabel: false,
    ...overrides,
  };
}

/** A report shown, then approved by alice's label (event 42): what the comment then stores. */
function approvedState(report: Report, headSha: string): StoredState {
  const shown = stateOf(report, headSha);
  const facts = factsFor(report, 'alice', shown);
  const decision = decideApproval(facts);
  expect(decision.status).toBe('approved');
  return { ...shown, ...rememberApproval(facts, decision) };
}

describe('policy-from-base: the PR cannot set its own policy', () => {
  const location = policyLocation('./.github/tf-plan-guard.yml', 'b'.repeat(40));
  const disableDelete = 'rules:\n  stateful-delete: { enabled: false }\n';
  const files = (status: string, previous?: string): PolicyFiles['files'] => [{ filename: location.path, status, ...(previous ? { previous_filename: previous } : {}) }];

  it('a PR adding a policy that disables stateful-delete is decided by the base (none: the defaults) and gets policy-changed', () => {
    const { policy, policyChanged } = decidingPolicy({ location, explicit: false, base: { kind: 'missing' }, head: { kind: 'file', text: disableDelete }, files: files('added') });
    expect(policy).toBe(DEFAULT_POLICY);
    expect(policyChanged).toMatchObject({ ruleId: 'policy-changed', severity: 'critical' });
    expect(policyChanged?.message).toContain('rule stateful-delete disabled');
    // Through the pipeline: the RDS delete still blocks, and so does the policy change.
    const { report } = analyzePlans([loadPlanFile(RDS_DELETE, 'db/plan.json')], policy, { pullRequestFindings: [policyChanged as Finding] });
    const blocking = report.plans.flatMap((plan) => plan.findings).filter((finding) => finding.suppressed === null).map((finding) => finding.ruleId);
    expect(report.blocking).toBe(true);
    expect(blocking).toEqual(expect.arrayContaining(['stateful-delete', 'policy-changed']));
  });

  it('deleting the base policy leaves its stricter settings in force', () => {
    const strict = 'block-on: medium\nmass-delete:\n  threshold: 3\n';
    const { policy, policyChanged } = decidingPolicy({ location, explicit: false, base: { kind: 'file', text: strict }, head: { kind: 'missing' }, files: files('removed') });
    expect(policy.blockOn).toBe('medium');
    expect(policyChanged?.message).toContain('block-on raised from medium to high');
  });

  it('renaming the policy file away is a change, even with the same content at the old path missing', () => {
    const renamed = decidingPolicy({ location, explicit: false, base: { kind: 'file', text: 'block-on: high\n' }, head: { kind: 'missing' }, files: [{ filename: '.github/tf-plan-guard.yaml', status: 'renamed', previous_filename: location.path }] });
    expect(renamed.policyChanged?.message).toContain('renames the policy file');
  });

  it('a case variant of the policy file name is flagged, and an untouched policy is not', () => {
    const same = { kind: 'file' as const, text: 'block-on: high\n' };
    const shadowed = decidingPolicy({ location, explicit: false, base: same, head: same, files: [{ filename: '.github/TF-PLAN-GUARD.yml', status: 'added' }] });
    expect(shadowed.policyChanged).not.toBeNull();
    expect(decidingPolicy({ location, explicit: false, base: same, head: same, files: [] }).policyChanged).toBeNull();
  });

  it('an approval of one policy change does not cover a later, looser one', () => {
    const first = decidingPolicy({ location, explicit: false, base: { kind: 'missing' }, head: { kind: 'file', text: 'rules:\n  iam-unverifiable: { enabled: false }\n' }, files: files('added') });
    const later = decidingPolicy({ location, explicit: false, base: { kind: 'missing' }, head: { kind: 'file', text: disableDelete }, files: files('added') });
    const withFinding = (finding: Finding | null) => analyzePlans([loadPlanFile(RDS_DELETE, 'db/plan.json')], DEFAULT_POLICY, { pullRequestFindings: [finding as Finding] }).report;
    const approved = approvedState(withFinding(first.policyChanged), 'h1');
    expect(decideApproval(factsFor(withFinding(later.policyChanged), 'alice', approved))).toMatchObject({ status: 'stale', removeLabel: true });
  });

  it('without the base commit there is no safe policy: the run stops', () => {
    expect(() => policyLocation('.github/tf-plan-guard.yml', null)).toThrow(/base\.sha/);
  });
});

describe('widening: an approval does not stretch to a wider change', () => {
  const iam = (action: string, sid = 'Data') =>
    created('aws_iam_policy', { name: 'app', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::data/*' }] }) }, { name: 'app' });
  const ingress = (ranges: [number, number][]) =>
    created('aws_security_group', { name: 'db', egress: [], ingress: ranges.map(([from, to]) => ({ description: 'x', from_port: from, to_port: to, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false })) }, { name: 'db' });
  const deletes = (count: number) => Array.from({ length: count }, (_, index) => deleted('terraform_data', { id: `old-${index}` }, { name: `old${index}` }));
  const unrelated = created('aws_cloudwatch_log_group', { name: 'audit', retention_in_days: 30 }, { name: 'audit' });

  it.each([
    ['an IAM grant from s3:* to *', [iam('s3:*')], [unrelated, iam('S3:*', 'Renamed')], [iam('*')], 'iam-wildcard-action'],
    ['ingress on 5432 to every port plus 22 and 3389', [ingress([[5432, 5432]])], [unrelated, ingress([[5432, 5432]])], [ingress([[0, 65535], [22, 22], [3389, 3389]])], 'network-open-ingress'],
    ['a mass delete of 10 grown to 400', deletes(10), [unrelated, ...deletes(10).reverse()], deletes(400), 'mass-delete'],
  ] as const)('%s: the same evidence keeps the approval, the wider one makes it stale', (_title, approvedChanges, sameChanges, widenedChanges, ruleId) => {
    const approved = approvedState(reportOf([...approvedChanges]), 'h1');
    expect(decideApproval(factsFor(reportOf([...sameChanges]), 'alice', approved))).toMatchObject({ status: 'approved' });
    const widened = decideApproval(factsFor(reportOf([...widenedChanges]), 'alice', approved));
    expect(widened).toMatchObject({ status: 'stale', removeLabel: true, changes: { changed: [expect.objectContaining({ ruleId })] } });
  });
});

describe('pushers: anyone who authored, committed, co-authored or force-pushed is an author', () => {
  const commit = (author: string, committer = author, message = 'change', coAuthors: (string | null)[] = []) => ({ authors: [author, ...coAuthors], authorsComplete: true, committer, message });
  const commits = (...list: ReturnType<typeof commit>[]) => ({ commits: list, total: list.length });
  const report = reportOf([deleted('terraform_data', { id: 'x' }, { name: 'x' }), ...Array.from({ length: 10 }, (_, index) => deleted('terraform_data', { id: `y${index}` }, { name: `y${index}` }))]);
  const shown = stateOf(report, 'h1');
  const decide = (contributors: Contributors, labeller = 'alice', allowSelfApproval = false) =>
    decideApproval(factsFor(report, labeller, shown, { contributors, settings: { ...SETTINGS, allowSelfApproval } }));

  it('a write user who pushed a commit onto another\'s PR cannot approve it', () => {
    // Authored through the web editor (committed by web-flow), or committed on top of dev's authorship.
    expect(decide(contributorsOf(commits(commit('dev'), commit('alice', 'web-flow')), []))).toMatchObject({ status: 'ineligible', reason: 'contributor', actor: 'alice' });
    expect(decide(contributorsOf(commits(commit('dev', 'alice')), []))).toMatchObject({ status: 'ineligible', reason: 'contributor', actor: 'alice' });
  });

  it('a co-author named by a Co-authored-by trailer with a noreply address cannot approve', () => {
    const coAuthored = commit('dev', 'dev', 'Drop the orders database\n\nCo-authored-by: Alice <5+Alice@users.noreply.github.com>');
    expect(decide(contributorsOf(commits(coAuthored), []))).toMatchObject({ status: 'ineligible', reason: 'contributor' });
  });

  it('a co-author named by a verified, non-noreply address (GitHub links it to her account) cannot approve (audit F2)', () => {
    const coAuthored = commit('dev', 'dev', 'Drop the orders database\n\nCo-authored-by: Alice <alice@acme.example>', ['alice']);
    expect(decide(contributorsOf(commits(coAuthored), []))).toMatchObject({ status: 'ineligible', reason: 'contributor', actor: 'alice' });
  });

  it('nobody approves a PR with more commits than GitHub lists: its authors are not all known', () => {
    const listed = { commits: Array.from({ length: PULL_REQUEST_COMMITS_LIMIT }, () => commit('dev')), total: PULL_REQUEST_COMMITS_LIMIT + 10 };
    expect(decide(contributorsOf(listed, []))).toMatchObject({ status: 'ineligible', reason: 'too-many-commits', actor: 'alice', removeLabel: true });
    expect(decide(contributorsOf(listed, []), 'alice', true)).toMatchObject({ status: 'approved' });
  });

  it('an admin who force-pushed the branch, keeping the author\'s commits, cannot approve', () => {
    const contributors = contributorsOf(commits(commit('dev')), [{ event: 'head_ref_force_pushed', actor: { login: 'olivia' } }]);
    expect(decide(contributors, 'olivia')).toMatchObject({ status: 'ineligible', reason: 'contributor', actor: 'olivia' });
  });

  it('a maintainer who did not touch the commits approves; allow-self-approval lets a pusher approve', () => {
    expect(decide(contributorsOf(commits(commit('dev'), commit('carol')), []))).toMatchObject({ status: 'approved' });
    expect(decide(contributorsOf(commits(commit('alice')), []), 'alice', true)).toMatchObject({ status: 'approved' });
  });

  it('the contributors are read for every human labeller unless self-approval is allowed, never for a bot', () => {
    expect(labellerLookups(labelled('alice'), SETTINGS)).toEqual({ permission: true, contributors: true });
    expect(labellerLookups(labelled('alice'), { allowSelfApproval: true })).toEqual({ permission: true, contributors: false });
    // A bot has no role to look up: it is refused whatever its role.
    expect(labellerLookups({ ...labelled('renovate[bot]'), actor: { login: 'renovate[bot]', type: 'Bot' } }, SETTINGS)).toEqual({ permission: false, contributors: false });
    expect(labellerLookups({ ...labelled('olivia'), viaApp: true }, SETTINGS)).toEqual({ permission: false, contributors: false });
    expect(labellerLookups(null, SETTINGS)).toEqual({ permission: false, contributors: false });
  });
});

describe('check-name: one check name, one verdict', () => {
  const env = { GITHUB_WORKFLOW: 'terraform', GITHUB_JOB: 'plan', GITHUB_RUN_ID: '5151' };
  const prod = analysisMark(['infra/prod/plan.json'], env);
  const staging = analysisMark(['infra/staging/plan.json'], env);

  it('a clean staging leg after a blocking prod leg looks for other analyses, finds prod\'s and reports nothing approved', () => {
    const clear = { status: 'not-needed' } as const;
    expect(checkPasses(false, clear)).toBe(true);
    expect(collidingAnalysis(staging, [prod])).toEqual(prod);
    expect(reportedDecision(clear, true)).toEqual(clear);
  });

  it('an approval of prod re-evaluated on a label event cannot pass the shared check', () => {
    const approved = { status: 'approved', record: { fingerprint: 'f', by: 'alice', eventId: 1, at: 't' } } as const;
    expect(checkPasses(true, approved)).toBe(true);
    expect(collidingAnalysis(prod, [prod, staging])).toEqual(staging);
    expect(reportedDecision(approved, true)).toEqual({ status: 'pending' });
    expect(reportedDecision(approved, false)).toBe(approved);
  });

  it('a failing verdict never needs to look: it is never weaker than another', () => {
    expect(checkPasses(true, { status: 'pending' })).toBe(false);
    expect(checkPasses(true, { status: 'stale', actor: 'a', approvedFingerprint: null, removeLabel: true })).toBe(false);
  });

  it('the same job run again on the same plans is the same analysis', () => {
    expect(collidingAnalysis(prod, [analysisMark(['infra/prod/plan.json'], { ...env, GITHUB_RUN_ID: '5152' })])).toBeNull();
  });
});

describe('lost-evaluation: any run re-derives the verdict from the current labels', () => {
  it('a run of an unrelated label after the approval label was removed withdraws the approval', () => {
    const report = reportOf([...Array.from({ length: 11 }, (_, index) => deleted('terraform_data', { id: `y${index}` }, { name: `y${index}` }))]);
    const approved = approvedState(report, 'h1');
    expect(triggeredByApprovalLabel('labeled', 'infra', LABEL)).toBe(false);
    // GitHub still lists alice's labeled event; the label itself is gone.
    const facts = factsFor(report, 'alice', approved, { labelOnPullRequest: false });
    const decision = decideApproval(facts);
    expect(decision).toEqual({ status: 'pending' });
    expect(rememberApproval(facts, decision).approval).toBeNull();
    expect(checkPasses(true, decision)).toBe(false);
  });
});

describe('older-event: a re-run of an old run replays its old event, and decides nothing', () => {
  const now = { headSha: 'h2', baseSha: 'main-2', baseRef: 'main' };

  it('an event of an older head, or of the same head against another base, is stale; the current one is not', () => {
    expect(staleEvent({ headSha: 'h1', baseSha: 'main-2', baseRef: 'main' }, now)).toMatchObject({ moved: 'head' });
    // Retargeted to a loose branch and back: the run of the loose event, re-run, names loose.
    expect(staleEvent({ headSha: 'h2', baseSha: 'loose-1', baseRef: 'loose' }, now)).toMatchObject({ moved: 'base' });
    // The base branch moved on (audit 4a F5): the run goes on with the current base commit.
    expect(staleEvent({ headSha: 'h2', baseSha: 'main-1', baseRef: 'main' }, now)).toBeNull();
    // Without the branch names, the base commits are compared.
    expect(staleEvent({ headSha: 'h2', baseSha: 'main-1', baseRef: null }, now)).toMatchObject({ moved: 'base' });
    expect(staleEvent(now, now)).toBeNull();
    // A base the event does not name is the current one (the policy is read at the API's base).
    expect(staleEvent({ headSha: 'h2', baseSha: null, baseRef: null }, now)).toBeNull();
  });
});

describe('base-drift / second-base: a stored verdict stands for another base commit only when that holds the same policy and workflow', () => {
  const policy = { kind: 'file', text: 'block-on: critical\n' } as const;
  const workflow = { kind: 'file', text: 'jobs: {}\n' } as const;

  it('the base branch moved on without touching them: the verdict stands', () => {
    expect(isReportOfBase('main-1', 'main-2')).toBe(false);
    expect(decidedAlike({ policy, workflow }, { policy: { ...policy }, workflow: { ...workflow } })).toBe(true);
    expect(decidedAlike({ policy: { kind: 'missing' }, workflow: null }, { policy: { kind: 'missing' }, workflow: null })).toBe(true);
  });

  it('another policy, another workflow, or one the other base lacks: the analysis runs again', () => {
    expect(decidedAlike({ policy, workflow }, { policy: { kind: 'file', text: 'block-on: none\n' }, workflow })).toBe(false);
    expect(decidedAlike({ policy, workflow }, { policy: { kind: 'missing' }, workflow })).toBe(false);
    expect(decidedAlike({ policy, workflow }, { policy, workflow: { kind: 'file', text: 'jobs: { x: {} }\n' } })).toBe(false);
    expect(decidedAlike({ policy, workflow }, { policy, workflow: null })).toBe(false);
  });
});

describe('stale-and-forged: the stored state is believed only when the action wrote it and sealed it', () => {
  const report = reportOf([...Array.from({ length: 11 }, (_, index) => deleted('terraform_data', { id: `y${index}` }, { name: `y${index}` }))]);
  const genuine = stateOf(report, 'h1');
  const line = stateLine(genuine, NO_SECRETS);
  const sealOnHead = [null, stateSeal(line, 95)];

  it('a label added before the new head was analyzed passes nothing: the report is of an older commit', () => {
    expect(isReportOfHead('h1', 'h2')).toBe(false);
    expect(isReportOfHead(null, 'h2')).toBe(false);
    expect(isReportOfHead('h2', 'h2')).toBe(true);
  });

  it('without the comment, only the approval label\'s own labeled run approves: not a reopen, an edit or another label after a push', () => {
    for (const action of ['reopened', 'edited', 'ready_for_review', 'synchronize']) expect(triggeredByApprovalLabel(action, null, LABEL), action).toBe(false);
    expect(triggeredByApprovalLabel('labeled', 'wip', LABEL)).toBe(false);
    expect(triggeredByApprovalLabel('unlabeled', LABEL, LABEL)).toBe(false);
    expect(triggeredByApprovalLabel('labeled', 'TF-Plan-Guard:Approved', LABEL)).toBe(true);
    expect(decideApproval(factsFor(report, 'alice', undefined, { triggeredByLabel: false }))).toMatchObject({ status: 'stale', approvedFingerprint: null });
  });

  it('a comment edited by someone else (to say nothing blocks, to carry an approval over) is not believed, and then approves nothing', () => {
    expect(distrustOfEditor({ editor: { login: 'dev', type: 'User' } }, ACTIONS_BOT)).toEqual({ reason: 'edited-by-other', editor: 'dev' });
    // A user called github-actions is not the Actions bot.
    expect(distrustOfEditor({ editor: { login: 'github-actions', type: 'User' } }, ACTIONS_BOT)).toMatchObject({ reason: 'edited-by-other' });
    expect(distrustOfEditor({ editor: { login: 'github-actions', type: 'Bot' } }, ACTIONS_BOT)).toBeNull();
    expect(distrustOfEditor({ editor: null }, ACTIONS_BOT)).toBeNull();
    // Untrusted means no memory: the label approves nothing it was not shown.
    expect(decideApproval(factsFor(report, 'alice', null))).toMatchObject({ status: 'stale', approvedFingerprint: null, removeLabel: true });
  });

  it('an older genuine state put back carries a valid seal on its commit: only the editor check refuses it', () => {
    const older = stateLine(stateOf(reportOf([deleted('terraform_data', { id: 'z' }, { name: 'z' }), ...Array.from({ length: 12 }, (_, index) => deleted('terraform_data', { id: `q${index}` }, { name: `q${index}` }))]), 'h0'), NO_SECRETS);
    expect(distrustOfSeal(older, 99, 'h0', 'github-actions', [stateSeal(older, 99)])).toBeNull();
    expect(distrustOfEditor({ editor: { login: 'dev', type: 'User' } }, ACTIONS_BOT)).not.toBeNull();
  });

  it('an editor that cannot be read withholds trust', () => {
    expect(distrustOfEditor({ error: 'reading the comment\'s editor failed: 403 Resource not accessible by integration' }, ACTIONS_BOT)).toMatchObject({ reason: 'editor-unknown' });
  });

  it('without an editor on record, a forged state has no seal', () => {
    const forged = stateLine({ ...genuine, blocking: false, risk: 'none', blockingFindings: [], blockingTotal: 0 }, NO_SECRETS);
    expect(distrustOfSeal(line, 95, 'h1', 'github-actions', sealOnHead)).toBeNull();
    expect(distrustOfSeal(forged, 95, 'h1', 'github-actions', sealOnHead)).toEqual({ reason: 'unsealed', app: 'github-actions', headSha: 'h1' });
  });

  it('a genuine state copied from another pull request of the same commit is not sealed for this one', () => {
    expect(distrustOfSeal(line, 98, 'h1', 'github-actions', [stateSeal(line, 97)])).toMatchObject({ reason: 'unsealed' });
  });

  it('only the action\'s own app seals: another app\'s check runs are not read, and a personal token has no app', () => {
    expect(sealingApp({ kind: 'bot', login: 'plan-gate[bot]' })).toBe('plan-gate');
    expect(sealingApp({ kind: 'user', login: 'ci-user' })).toBeNull();
    // With no check runs of the app listed, even a correct seal elsewhere counts for nothing.
    expect(distrustOfSeal(line, 95, 'h1', 'plan-gate', [])).toMatchObject({ reason: 'unsealed' });
  });

  it('a marker in someone else\'s comment (a person\'s or another bot\'s) is never the action\'s comment', () => {
    const body = `${markerLine('Terraform Plan Guard')}\n${line}`;
    const comment = (id: number, login: string, type = 'User'): IssueComment => ({ id, nodeId: `n${id}`, body, user: { login, type } });
    expect(pickOwnComment([comment(1, 'mallory'), comment(2, 'renovate[bot]', 'Bot')], 'Terraform Plan Guard', ACTIONS_BOT)).toBeNull();
    expect(pickOwnComment([comment(1, 'mallory'), comment(3, 'github-actions[bot]', 'Bot')], 'Terraform Plan Guard', ACTIONS_BOT)?.id).toBe(3);
  });
});

describe('failure-modes: a fork\'s read-only token', () => {
  const pending = { status: 'pending' } as const;
  it('fails the step while a change blocks, even without fail-on-block: no check run carries the verdict', () => {
    expect(stepFailsUnapproved({ blocking: true, decision: pending, failOnBlock: false, checkWritten: false })).toBe(true);
    expect(stepFailsUnapproved({ blocking: true, decision: pending, failOnBlock: false, checkWritten: true })).toBe(false);
    expect(stepFailsUnapproved({ blocking: true, decision: pending, failOnBlock: true, checkWritten: true })).toBe(true);
  });

  it('passes the step when nothing blocks, or an approval covers it', () => {
    expect(stepFailsUnapproved({ blocking: false, decision: { status: 'not-needed' }, failOnBlock: true, checkWritten: false })).toBe(false);
    expect(stepFailsUnapproved({ blocking: true, decision: { status: 'approved', record: { fingerprint: 'f', by: 'alice', eventId: 1, at: 't' } }, failOnBlock: true, checkWritten: false })).toBe(false);
  });
});
