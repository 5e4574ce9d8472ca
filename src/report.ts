/** The report: the pipeline's result, and the shape of the JSON report (contract §3). */
import type { ActionSummary, SecretValues } from './plan/model.js';
import type { BlockOn } from './policy/config.js';
import type { Finding, Severity } from './rules/types.js';

export interface PlanReport {
  name: string;
  terraformVersion: string | null;
  formatVersion: string | null;
  summary: ActionSummary;
  /** What limits the analysis of this plan (an errored plan, unknown actions); usually empty. */
  warnings: string[];
  findings: Finding[];
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'tf-plan-guard'; version: string };
  blockOn: BlockOn;
  risk: Severity | 'none';
  blocking: boolean;
  fingerprint: string;
  plans: PlanReport[];
}

/** A report together with what its renderers must scrub. The secrets never enter the report. */
export interface Analysis {
  report: Report;
  secrets: SecretValues;
}

export function allFindings(report: Report): Finding[] {
  return report.plans.flatMap((plan) => plan.findings);
}
