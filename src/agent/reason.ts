/**
 * The words a person reads in an agent's permission prompt: a few lines saying what the command
 * would do and why it waits for them. Built from the report (never from rendered text), scrubbed
 * of every secret, flattened to plain lines with no control characters.
 */
import { scrubAbout, scrubReport } from '../render/scrub.js';
import { blockingFindings, describeSummary } from '../render/words.js';
import type { Analysis } from '../report.js';
import { oneLine } from './display.js';
import type { ChangeIntent, Intent } from './terraform-commands.js';

/** A prompt is read in ten seconds: the worst few findings, then a count of the rest. */
const MAX_FINDINGS_SHOWN = 5;

export function describeAnalysis(intent: ChangeIntent, analysis: Analysis): string[] {
  const report = scrubReport(analysis.report, analysis.secrets);
  const blocking = blockingFindings(report);
  const plan = report.plans[0];
  const lines = [`\`${intent.display}\` in ${intent.directory} needs a human's approval.`];
  if (plan) lines.push(`Plan: ${describeSummary(plan.summary)}.`);
  for (const finding of blocking.slice(0, MAX_FINDINGS_SHOWN)) {
    const subject = finding.address ?? 'whole plan';
    lines.push(`${finding.severity.toUpperCase()} ${finding.ruleId} ${subject}: ${oneLine(scrubAbout(finding.message, finding.address, analysis.secrets), 240)}`);
  }
  if (blocking.length > MAX_FINDINGS_SHOWN) lines.push(`…and ${blocking.length - MAX_FINDINGS_SHOWN} more blocking finding(s).`);
  for (const warning of plan?.warnings ?? []) lines.push(`Note: ${oneLine(warning, 240)}`);
  return lines.map((line) => oneLine(line, 400));
}

export function describeIntentProblem(intent: Intent, problem?: string): string[] {
  switch (intent.kind) {
    case 'state':
      return [`\`${intent.display}\` in ${intent.directory} ${intent.effect}.`];
    case 'uncertain':
      return [`\`${intent.display}\` may run a Terraform apply or destroy, but ${intent.why}: tf-plan-guard cannot plan it.`];
    case 'change':
      return [`\`${intent.display}\` in ${intent.directory} ${intent.destroy ? 'destroys' : 'applies'} infrastructure, and tf-plan-guard could not check its plan: ${problem ?? 'unknown problem'}.`];
    case 'runner':
      return [`\`${intent.display}\` in ${intent.directory} may run Terraform without naming it: ${problem ?? 'it runs a file tf-plan-guard does not plan through'}. tf-plan-guard cannot plan through it, so a person approves it.`];
    case 'guarded-apply':
      return [
        `\`${intent.display}\`${intent.directory === null ? '' : ` in ${intent.directory}`} applies infrastructure. Its own confirmation is read from a terminal, which an agent can create and answer itself (script(1)), so a person approves it here.`,
      ];
  }
}
