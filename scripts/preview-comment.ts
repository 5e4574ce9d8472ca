/**
 * The PR comment for plan files, exactly as the action writes it on a pull request whose blocking
 * changes await approval (or are approved, with --approved-by): bundled and run by preview.mjs.
 */
import { analyzePlans } from '../src/analyze.js';
import type { ApprovalDecision } from '../src/decision/approval.js';
import { loadPlanFile } from '../src/plan/load.js';
import { DEFAULT_POLICY } from '../src/policy/config.js';
import { stateFromReport, type StoredState } from '../src/decision/comment-state.js';
import { renderComment } from '../src/render/comment.js';
import { COMMENT_ADDRESSES_PER_GROUP, markdownHeadline, renderPlanSections } from '../src/render/markdown.js';
import { TOOL_VERSION } from '../src/version.js';

export function commentFor(paths: readonly string[], approvedBy: string | null): string {
  const plans = paths.map((path) => loadPlanFile(path, path));
  const { report, secrets } = analyzePlans(plans, DEFAULT_POLICY, { configurationChange: () => 'unknown' });
  const headSha = '4f1c2e9a7b3d5f60718293a4b5c6d7e8f9012345';
  const at = '2026-12-05T17:00:00Z';
  const decision: ApprovalDecision = !report.blocking
    ? { status: 'not-needed' }
    : approvedBy
      ? { status: 'approved', record: { fingerprint: report.fingerprint, by: approvedBy, eventId: 1, at } }
      : { status: 'pending' };
  const state: StoredState = {
    ...stateFromReport(report, 'Terraform Plan Guard', headSha, markdownHeadline(report, secrets)),
    labelEventId: null,
    approval: decision.status === 'approved' ? decision.record : null,
  };
  return renderComment({
    checkName: 'Terraform Plan Guard',
    approvalLabel: 'tf-plan-guard:approved',
    settings: { approvers: [], approverPermission: 'maintain', allowSelfApproval: false },
    state,
    decision,
    reportBody: renderPlanSections({ report, secrets }, { addressesPerGroup: COMMENT_ADDRESSES_PER_GROUP }).join('\n'),
    plans: plans.map((plan) => ({ name: plan.name, terraformVersion: plan.terraformVersion, formatVersion: plan.formatVersion })),
    toolVersion: TOOL_VERSION,
    summaryUrl: 'https://github.com/acme/infra/actions/runs/4242',
    ruleReferenceUrl: 'https://github.com/acme/tf-plan-guard/blob/v1/README.md#rules',
    secrets,
  });
}
