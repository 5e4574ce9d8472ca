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
  /**
   * The plan's other resource changes: those no finding (suppressed or not) is about, so that a
   * reviewer sees everything the plan does. No-ops and data reads are left out, as Terraform's
   * own summary leaves them out.
   */
  otherChanges?: OtherChange[];
}

/** A resource change no finding is about. */
export interface OtherChange {
  address: string;
  resourceType: string;
  /** Terraform's action list (`["create"]`, `["delete", "create"]`, `["no-op"]` for a pure move or import). */
  actions: string[];
  /** Where a moved resource was before (`moved` blocks). */
  previousAddress?: string;
  /** Imported by this plan. */
  imported?: true;
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
