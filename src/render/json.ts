/** The JSON report (contract §3). */
import type { Report } from '../report.js';

/**
 * The report as JSON. A finding's evidence stays out: it is bound into the fingerprint, and may
 * quote values (a guard's setting) that no report prints as such; so does its deposed key, which
 * only tells the fingerprint which object it is about (the message names it).
 */
export function renderJson(report: Report): string {
  return renderJsonParts(report).join('');
}

/** renderJson's text as the parts it is made of (text-output.ts writes a large one without joining them). */
export function renderJsonParts(report: Report): string[] {
  const shown = {
    ...report,
    plans: report.plans.map((plan) => ({ ...plan, findings: plan.findings.map(({ evidence: _evidence, deposedKey: _deposedKey, ...finding }) => finding) })),
  };
  return [JSON.stringify(shown, null, 2), '\n'];
}
