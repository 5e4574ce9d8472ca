/** Builders for renderer tests: a report from findings, without running rules. */
import type { SecretValues } from '../../src/plan/model.js';
import type { BlockOn } from '../../src/policy/config.js';
import { highestRisk, isBlockingFinding } from '../../src/decision/blocking.js';
import { fingerprint } from '../../src/decision/fingerprint.js';
import type { Analysis, PlanReport } from '../../src/report.js';
import type { Finding } from '../../src/rules/types.js';
import { stateFromReport, type StoredState } from '../../src/decision/comment-state.js';
import type { CommentInput } from '../../src/render/comment.js';
import { markdownHeadline } from '../../src/render/markdown.js';

export const NO_SECRETS: SecretValues = { sensitive: new Set(), variables: new Set() };

export function finding(fields: Partial<Finding>): Finding {
  return {
    ruleId: 'stateful-delete', severity: 'critical', address: 'aws_db_instance.main', resourceType: 'aws_db_instance', actions: ['delete'],
    message: 'aws_db_instance.main will be destroyed.', remediation: null, details: [], suppressed: null, ...fields,
  };
}

export function planReport(name: string, findings: Finding[], summary: Partial<PlanReport['summary']> = {}): PlanReport {
  return {
    name,
    terraformVersion: '1.9.8',
    formatVersion: '1.2',
    summary: { create: 0, update: 0, replace: 0, delete: 0, read: 0, noop: 0, forget: 0, import: 0, move: 0, ...summary },
    warnings: [],
    findings,
  };
}

export function analysis(plans: PlanReport[], blockOn: BlockOn = 'high', secrets: SecretValues = NO_SECRETS): Analysis {
  const all = plans.flatMap((plan) => plan.findings);
  const blocking = all.filter((f) => isBlockingFinding(f, blockOn));
  return {
    report: {
      schemaVersion: 1,
      tool: { name: 'tf-plan-guard', version: '0.0.0-test' },
      blockOn,
      risk: highestRisk(all),
      blocking: blocking.length > 0,
      fingerprint: fingerprint(blocking),
      plans,
    },
    secrets,
  };
}

/**
 * The comment's input for an analysis as the action builds it (state and headline from the report,
 * approval pending), with `reportBody` as given.
 */
export function commentInputFor(of: Analysis, reportBody: string | null, plans: CommentInput['plans'] = [{ name: 'plan.json', terraformVersion: '1.11.4', formatVersion: '1.2' }]): CommentInput {
  const state: StoredState = { ...stateFromReport(of.report, 'Terraform Plan Guard', 'abcdef0123456789', markdownHeadline(of.report, of.secrets)), labelEventId: null, approval: null };
  return {
    checkName: 'Terraform Plan Guard',
    approvalLabel: 'tf-plan-guard:approved',
    settings: { approvers: [], approverPermission: 'write', allowSelfApproval: false },
    state,
    decision: { status: 'pending' },
    reportBody,
    plans,
    toolVersion: '1.0.0',
    summaryUrl: null,
    secrets: of.secrets,
  };
}
