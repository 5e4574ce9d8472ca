/** The JSON report (contract §3). */
import type { Report } from '../report.js';
import { jsonTextParts } from './json-text.js';

/**
 * The report as JSON. A finding's evidence stays out: it is bound into the fingerprint, and may
 * quote values (a guard's setting) that no report prints as such; so does its deposed key, which
 * only tells the fingerprint which object it is about (the message names it).
 */
export function renderJson(report: Report): string {
  return renderJsonParts(report).join('');
}

/**
 * renderJson's text as parts, one or more per finding (text-output.ts writes them without joining
 * them): a large plan's report is never one string.
 */
export function renderJsonParts(report: Report): string[] {
  const shown = {
    ...report,
    plans: report.plans.map((plan) => ({ ...plan, findings: plan.findings.map(({ evidence: _evidence, deposedKey: _deposedKey, ...finding }) => finding) })),
  };
  // The report, its plans, each plan and its findings piece by piece; each finding whole.
  const parts = jsonTextParts(shown, 4);
  parts.push('\n');
  return parts;
}
