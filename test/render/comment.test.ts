import { describe, expect, it } from 'vitest';
import type { ApprovalDecision } from '../../src/decision/approval.js';
import { fingerprint } from '../../src/decision/fingerprint.js';
import type { SecretValues } from '../../src/plan/model.js';
import type { Report } from '../../src/report.js';
import { extractReportBody, hasMarker, markerLine, parseStoredState, stateFromReport, storedStateLine, type StoredState } from '../../src/decision/comment-state.js';
import { COMMENT_LIMIT, fitBody, renderCheckOutput, renderComment, type CommentInput } from '../../src/render/comment.js';
import { markdownHeadline, renderPlanSections } from '../../src/render/markdown.js';
import type { Finding } from '../../src/rules/types.js';

const NO_SECRETS: SecretValues = { sensitive: new Set(), variables: new Set() };

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'stateful-delete',
    severity: 'critical',
    address: 'aws_db_instance.main',
    resourceType: 'aws_db_instance',
    actions: ['delete'],
    message: 'aws_db_instance.main will be deleted with all its data.',
    remediation: 'Add lifecycle { prevent_destroy = true }.',
    details: [],
    suppressed: null,
    ...overrides,
  };
}

function report(findings: Finding[], plans = 1): Report {
  const blocking = findings.filter((f) => !f.suppressed && (f.severity === 'critical' || f.severity === 'high'));
  return {
    schemaVersion: 1,
    tool: { name: 'tf-plan-guard', version: '1.0.0' },
    blockOn: 'high',
    risk: findings.some((f) => !f.suppressed) ? findings.filter((f) => !f.suppressed)[0]!.severity : 'none',
    blocking: blocking.length > 0,
    fingerprint: fingerprint(blocking),
    plans: Array.from({ length: plans }, (_, index) => ({
      name: `plans/p${index}.json`,
      terraformVersion: '1.11.4',
      formatVersion: '1.2',
      summary: { create: 0, update: 0, replace: 0, delete: 1, read: 0, noop: 0, forget: 0, import: 0, move: 0 },
      warnings: [],
      findings: index === 0 ? findings : [],
    })),
  };
}

function input(rep: Report, decision: ApprovalDecision, overrides: Partial<CommentInput> = {}): CommentInput {
  const state: StoredState = { ...stateFromReport(rep, 'Terraform Plan Guard', 'abcdef0123456789', markdownHeadline(rep, NO_SECRETS)), labelEventId: null, approval: null };
  return {
    checkName: 'Terraform Plan Guard',
    approvalLabel: 'tf-plan-guard:approved',
    settings: { approvers: [], approverPermission: 'write', allowSelfApproval: false },
    state,
    decision,
    reportBody: renderPlanSections({ report: rep, secrets: NO_SECRETS }).join('\n'),
    plans: rep.plans,
    toolVersion: '1.0.0',
    summaryUrl: 'https://github.com/o/r/actions/runs/1',
    secrets: NO_SECRETS,
    ...overrides,
  };
}

const blockingReport = report([finding(), finding({ ruleId: 'deletion-protection-missing', severity: 'medium', address: 'aws_s3_bucket.logs', actions: ['create'] })]);

describe('renderComment', () => {
  it('opens with what is at risk, then the verdict and counts, what to do, then one line per blocking resource', () => {
    const body = renderComment(input(blockingReport, { status: 'pending' }));
    const lines = body.split('\n');
    expect(lines[0]).toBe('### ⛔ Destroys 1 DB instance (`aws_db_instance.main`)');
    expect(lines[2]).toBe('**Terraform Plan Guard: needs approval: 1 blocking change** · at or above high · 1 below high · highest risk: **critical**');
    expect(lines[4]).toBe('**Approval:** none yet. Review the changes below; the `tf-plan-guard:approved` label approves them (see *How to approve* at the end).');
    expect(body).toContain('<details><summary>🔴 <b>Destroy</b> <code>aws_db_instance.main</code> — stateful-delete</summary>');
    expect(body.indexOf('aws_db_instance.main will be deleted')).toBeGreaterThan(body.indexOf('needs approval'));
    expect(body).toContain('- **Fix:** Add lifecycle { prevent_destroy = true }.');
    // The other finding is folded.
    expect(body.indexOf('<summary>1 more resource with findings below high</summary>')).toBeLessThan(body.indexOf('aws_s3_bucket.logs'));
  });

  it('says how to approve: the label and who may add it', () => {
    const body = renderComment(input(blockingReport, { status: 'pending' }, { settings: { approvers: ['alice', 'bob'], approverPermission: 'maintain', allowSelfApproval: false } }));
    expect(body).toContain('#### How to approve');
    expect(body).toContain(
      'add the `tf-plan-guard:approved` label to this pull request. It must be added by one of `@alice`, `@bob`, with at least the maintain role, other than the author of the pull request and anyone who pushed to it; bots and GitHub Apps cannot approve.',
    );
  });

  it('names the approver in the verdict when approved, and no longer says how to approve', () => {
    const decision: ApprovalDecision = { status: 'approved', record: { fingerprint: blockingReport.fingerprint, by: 'alice', eventId: 1, at: '2026-11-21T10:00:00Z' } };
    const body = renderComment(input(blockingReport, decision));
    expect(body.split('\n')[0]).toBe('### ☑️ Destroys 1 DB instance (`aws_db_instance.main`)');
    expect(body.split('\n')[2]).toContain('**Terraform Plan Guard: approved by `@alice` (1 blocking change)**');
    expect(body).not.toContain('How to approve');
    const check = renderCheckOutput(input(blockingReport, decision));
    expect(check.summary).not.toContain('How to approve');
  });

  it('has the no-danger and below-threshold verdicts without an approval section', () => {
    const clean = renderComment(input(report([]), { status: 'not-needed' }));
    expect(clean.split('\n')[0]).toBe('### ✅ No dangerous changes');
    expect(clean.split('\n')[2]).toBe('**Terraform Plan Guard: no dangerous changes** · 0 below high');
    expect(clean).not.toContain('How to approve');
    const low = renderComment(input(report([finding({ severity: 'medium', ruleId: 'backup-weakened' })]), { status: 'not-needed' }));
    expect(low.split('\n')[0]).toBe('### ✅ No blocking changes (1 finding below high)');
    expect(low).toContain('Nothing here needs an approval; the findings below are for information.');
  });

  it('explains a stale approval and an ineligible labeller', () => {
    const stale = renderComment(input(blockingReport, { status: 'stale', actor: 'alice', approvedFingerprint: 'e'.repeat(64), removeLabel: true }));
    expect(stale).toContain('the approval by `@alice` was for an earlier plan; a new approval is needed. The label was removed: review the changes below and add it again (see *How to approve* at the end).');
    const triage = renderComment(input(blockingReport, { status: 'ineligible', actor: 'tri', reason: 'insufficient-permission', role: 'triage', removeLabel: true }));
    expect(triage).toContain('was added by `@tri`, who may not approve: their repository role is triage. The label was removed; someone who may approve adds it again');
  });

  it('lists the plans and versions analyzed, with links to the commit, the run and the rule reference', () => {
    const body = renderComment(input(report([finding()], 2), { status: 'pending' }, { ruleReferenceUrl: 'https://github.com/acme/tf-plan-guard/blob/v1/README.md#rules' }));
    expect(body).toContain(
      '<sub>Analyzed `plans/p0.json (Terraform 1.11.4, format 1.2)`, `plans/p1.json (Terraform 1.11.4, format 1.2)` at [`abcdef012345`](https://github.com/o/r/commit/abcdef0123456789) by tf-plan-guard 1.0.0. [workflow run and complete report](https://github.com/o/r/actions/runs/1) · [rule reference](https://github.com/acme/tf-plan-guard/blob/v1/README.md#rules)</sub>',
    );
    expect(body).toContain('| `plans` | `p0.json` | Plan: 0 to add, 0 to change, 1 to destroy. | ⛔ 1 blocking finding |');
    expect(body).toContain('#### `plans/p0.json`');
    expect(body).toContain('#### `plans/p1.json`');
  });

  it('ends with the marker and a state that parses back', () => {
    const body = renderComment(input(blockingReport, { status: 'pending' }));
    const lines = body.split('\n');
    expect(lines.at(-2)).toBe('<!-- tf-plan-guard:marker check=Terraform%20Plan%20Guard -->');
    expect(hasMarker(body, 'Terraform Plan Guard')).toBe(true);
    expect(hasMarker(body, 'Other check')).toBe(false);
    const state = parseStoredState(body, 'Terraform Plan Guard');
    expect(state).toEqual({
      v: 1,
      checkName: 'Terraform Plan Guard',
      fingerprint: blockingReport.fingerprint,
      blocking: true,
      risk: 'critical',
      blockOn: 'high',
      findings: 2,
      blockingFindings: [{ ruleId: 'stateful-delete', severity: 'critical', address: 'aws_db_instance.main', actions: ['delete'], subject: expect.stringMatching(/^[0-9a-f]{16}$/) }],
      blockingTotal: 1,
      plans: ['plans/p0.json'],
      planCount: 1,
      headline: 'Destroys 1 DB instance (`aws_db_instance.main`)',
      headSha: 'abcdef0123456789',
      baseSha: null,
      labelEventId: null,
      approval: null,
      pushers: [],
      decidedBy: null,
    });
  });

  it('does not read a state under another check name or a mangled state', () => {
    const body = renderComment(input(blockingReport, { status: 'pending' }));
    expect(parseStoredState(body, 'Other')).toBeNull();
    expect(parseStoredState(body.replace(/state v1 [A-Za-z0-9+/=]+/, 'state v1 bm90IGpzb24='), 'Terraform Plan Guard')).toBeNull();
    expect(parseStoredState(`${markerLine('Terraform Plan Guard')}\n`, 'Terraform Plan Guard')).toBeNull();
  });

  it('reads the state only from the last line, where the footer puts it', () => {
    const body = renderComment(input(blockingReport, { status: 'pending' }));
    const genuine = storedStateLine(body, 'Terraform Plan Guard');
    expect(genuine).toBe(body.trimEnd().split('\n').at(-1));
    // A state-like line earlier in the body (text from a plan's name) is never the state.
    const forged = genuine?.replace(/state v1 [A-Za-z0-9+/=]+/, `state v1 ${Buffer.from(JSON.stringify({ blocking: false })).toString('base64')}`) ?? '';
    const withForgedLineAbove = body.replace('<!-- tf-plan-guard:body -->', `${forged}\n<!-- tf-plan-guard:body -->`);
    expect(storedStateLine(withForgedLineAbove, 'Terraform Plan Guard')).toBe(genuine);
    expect(parseStoredState(withForgedLineAbove, 'Terraform Plan Guard')?.blocking).toBe(true);
    // Text after the state line: the comment is not the action's as written, so there is no state.
    expect(parseStoredState(`${body}\nappended by someone`, 'Terraform Plan Guard')).toBeNull();
  });

  it('round-trips the report body for re-evaluation without a plan', () => {
    const first = input(blockingReport, { status: 'pending' });
    const body = renderComment(first);
    expect(extractReportBody(body)).toBe(first.reportBody!.replace(/\n+$/, ''));
    const again = renderComment({ ...first, reportBody: extractReportBody(body) });
    expect(again).toBe(body);
  });

  it('escapes plan text: no HTML, no mentions, no broken tables', () => {
    const hostile = finding({ address: 'aws_s3_bucket.x["<img src=x>|@admin"]', message: '<script>alert(1)</script> ping @octocat | cell' });
    const body = renderComment(input(report([hostile]), { status: 'pending' }));
    expect(body).not.toContain('<script>');
    // The address is shown in a code span (the headline), literal text to GitHub, or escaped in a <code> element.
    expect(body.split('<img').length - 1).toBe(1);
    expect(body).toContain('(`aws_s3_bucket.x["<img src=x>|@admin"]`)');
    expect(body).toContain('<code>aws_s3_bucket.x&#91;"&lt;img src=x&gt;&#124;@\u200badmin"&#93;</code>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ping @\u200boctocat &#124; cell');
    expect(body).not.toMatch(/(^|[^\u200b`])@octocat/);
  });

  it('scrubs secrets from the body and from the encoded state', () => {
    const secret = 'hunter2-super-secret';
    const leaky = finding({ address: `aws_db_instance.db["${secret}"]`, message: `password ${secret}` });
    const secrets: SecretValues = { sensitive: new Set([secret]), variables: new Set() };
    const body = renderComment(input(report([leaky]), { status: 'pending' }, { secrets }));
    expect(body).not.toContain(secret);
    const state = parseStoredState(body, 'Terraform Plan Guard');
    expect(JSON.stringify(state)).not.toContain(secret);
    expect(state?.blockingFindings[0]?.address).toBe('aws_db_instance.db["(sensitive)"]');
  });

  it('cuts a 200 KB report to fit 65,536 characters, with closed folds and a note to the job summary', () => {
    const many = Array.from({ length: 900 }, (_, index) =>
      finding({ address: `aws_db_instance.db_${index}`, message: `Database ${index} will be deleted. ${'x'.repeat(150)}`, severity: index % 2 ? 'critical' : 'medium' }),
    );
    const rep = report(many);
    const full = input(rep, { status: 'pending' });
    expect(full.reportBody!.length).toBeGreaterThan(200_000);
    const body = renderComment(full);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT - 3_000);
    const shown = Number(body.match(/This report is too long for a comment: (\d+) of 900 resources with findings are shown\. The complete report is in the \[job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)/)?.[1]);
    // Whole resources, the blocking (critical) ones first: the medium ones are cut.
    expect(shown).toBeGreaterThan(100);
    expect(body.match(/^<details><summary>🔴 /gm)).toHaveLength(shown);
    expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
    // The marker and state survive the cut.
    expect(parseStoredState(body, 'Terraform Plan Guard')?.blockingTotal).toBe(450);
  });
});

describe('fitBody', () => {
  it('leaves a body that fits alone', () => {
    expect(fitBody('a\nb', 10, null)).toBe('a\nb');
  });
  it('keeps or drops a fold whole, and stays within the budget', () => {
    const body = ['intro', '', '<details>', '<summary>more</summary>', '', ...Array.from({ length: 200 }, (_, i) => `line ${i}`), '</details>'].join('\n');
    const cut = fitBody(body, 500, null);
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut.startsWith('intro\n\n> [!NOTE]')).toBe(true);
    expect(cut).not.toContain('<details>');
    expect(cut).toContain('The complete report is in the job summary and in the `report-file` output.');
  });
  it('cuts at a line and closes the open folds when even the text outside folds is too long', () => {
    const body = ['intro', ...Array.from({ length: 200 }, (_, i) => `line ${i}`), '<details><summary>x</summary>', '', 'y', '', '</details>'].join('\n');
    const cut = fitBody(body, 500, null);
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut).toMatch(/it is cut after \d+ of its 206 lines/);
    expect((cut.match(/<details>/g) ?? []).length).toBe((cut.match(/<\/details>/g) ?? []).length);
  });
});

describe('renderCheckOutput', () => {
  it('fails with a title naming the label to add', () => {
    const output = renderCheckOutput(input(blockingReport, { status: 'pending' }));
    expect(output.title).toBe('Needs approval: 1 blocking change. Add the label "tf-plan-guard:approved"');
    expect(output.summary).toContain('#### How to approve');
    expect(output.summary).toContain('someone with at least the write role on this repository');
  });
  it('names the approver, or says nothing blocks', () => {
    const approved = renderCheckOutput(input(blockingReport, { status: 'approved', record: { fingerprint: 'f', by: 'alice', eventId: 1, at: 't' } }));
    expect(approved.title).toBe('Approved by @alice: 1 blocking change');
    expect(renderCheckOutput(input(report([]), { status: 'not-needed' })).title).toBe('No dangerous changes');
  });
  it('keeps the summary within 65,535 bytes, however many bytes a character takes', () => {
    const many = Array.from({ length: 900 }, (_, index) => finding({ address: `aws_db_instance.db_${index}`, message: `${index} ${'é'.repeat(200)}` }));
    const summary = renderCheckOutput(input(report(many), { status: 'pending' })).summary;
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(65_535);
    expect(Buffer.byteLength(summary)).toBeGreaterThan(60_000);
    expect(summary).toMatch(/too long for the check summary: \d+ of 900 resources/);
  });
  it('ends with what was analyzed and the links to the commit, the run and the rule reference', () => {
    const summary = renderCheckOutput(input(blockingReport, { status: 'pending' }, { ruleReferenceUrl: 'https://github.com/acme/tf-plan-guard/blob/v1/README.md#rules' })).summary;
    expect(summary.split('\n').at(-1)).toMatch(/^<sub>Analyzed .* at \[`abcdef012345`\]\(https:\/\/github\.com\/o\/r\/commit\/abcdef0123456789\) by tf-plan-guard .*\[workflow run and complete report\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\) · \[rule reference\]\(https:\/\/github\.com\/acme\/tf-plan-guard\/blob\/v1\/README\.md#rules\)<\/sub>$/);
  });
  it('refers to the instructions below it, where they are', () => {
    const summary = renderCheckOutput(input(blockingReport, { status: 'pending' })).summary;
    expect(summary).toContain('(see *How to approve* below)');
    expect(summary.indexOf('#### How to approve')).toBeGreaterThan(summary.indexOf('(see *How to approve* below)'));
  });
});
