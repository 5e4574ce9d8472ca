/**
 * The last pass every output goes through: any value the plan marks sensitive is replaced,
 * in every form a renderer could have written it (raw, JSON-escaped, HTML-escaped, markdown-escaped).
 * Renderers never print such values on purpose; this catches what they would by accident.
 */
import { SCRUBBED_SECRET_MIN_LENGTH, type SecretValues } from '../plan/model.js';
import { SENSITIVE_PLACEHOLDER } from '../plan/values.js';
import type { Report } from '../report.js';
import { escapeCell, escapeCodeInTable, escapeText } from './escape.js';

/** One compiled pattern per set of secrets: reports scrub many strings with the same set. */
const patterns = new WeakMap<SecretValues, RegExp | null>();

export function scrubSecrets(text: string, secrets: SecretValues): string {
  const pattern = secretPattern(secrets);
  return pattern ? text.replace(pattern, SENSITIVE_PLACEHOLDER) : text;
}

/**
 * The report with secrets scrubbed from the text that came from the plan (names, messages),
 * leaving its own fields alone: scrubbing the serialized report could rewrite a short secret
 * that happens to occur inside the fingerprint's hex digits. Addresses, resource types and
 * actions are left whole too: Terraform refuses sensitive values in instance keys, so a match
 * there is a coincidence (a secret "orders", a database `aws_db_instance.orders`), and these
 * fields are what scripts key on.
 */
export function scrubReport(report: Report, secrets: SecretValues): Report {
  if (!secretPattern(secrets)) return report;
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const scrubNullable = (text: string | null) => (text === null ? null : scrub(text));
  return {
    ...report,
    plans: report.plans.map((plan) => ({
      ...plan,
      name: scrub(plan.name),
      terraformVersion: scrubNullable(plan.terraformVersion),
      formatVersion: scrubNullable(plan.formatVersion),
      warnings: plan.warnings.map(scrub),
      findings: plan.findings.map((finding) => ({
        ...finding,
        message: scrub(finding.message),
        remediation: scrubNullable(finding.remediation),
        details: finding.details.map(scrub),
        suppressed: finding.suppressed && { reason: scrub(finding.suppressed.reason) },
      })),
    })),
  };
}

function secretPattern(secrets: SecretValues): RegExp | null {
  const cached = patterns.get(secrets);
  if (cached !== undefined) return cached;
  const forms = new Set<string>();
  for (const secret of [...secrets.sensitive].filter((value) => value.length >= SCRUBBED_SECRET_MIN_LENGTH)) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(escapeHtml(secret));
    forms.add(escapeText(secret));
    forms.add(escapeCell(secret));
    forms.add(escapeCodeInTable(secret));
  }
  // Longest first, so a secret that contains another is replaced whole.
  const alternatives = [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length).map(alternative);
  const pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : null;
  patterns.set(secrets, pattern);
  return pattern;
}

/**
 * Below this length a secret is replaced only as a word of its own, where a word also holds
 * `_`, `.` and `-` as names do: a sensitive `data` or `orders` must not turn "database" into
 * "(sensitive)base", nor `aws_db_instance.orders` or `stateful-delete` into nonsense. Longer ones
 * are replaced anywhere. (Quoted values are hidden before this pass: formatPlainValue.)
 */
const WHOLE_WORD_BELOW = 8;
const WORD_CHARACTER = '[A-Za-z0-9_.-]';

function alternative(form: string): string {
  const escaped = escapeRegExp(form);
  return form.length < WHOLE_WORD_BELOW ? `(?<!${WORD_CHARACTER})${escaped}(?!${WORD_CHARACTER})` : escaped;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
