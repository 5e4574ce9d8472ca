/**
 * The last pass every output goes through: any value the plan marks sensitive is replaced,
 * in every form a renderer could have written it (raw, JSON-escaped, HTML-escaped, markdown-escaped).
 * Renderers never print such values on purpose; this catches what they would by accident.
 */
import { SCRUBBED_SECRET_MIN_LENGTH, type SecretValues } from '../plan/model.js';
import { SecretMatcher } from '../plan/secret-matcher.js';
import { SENSITIVE_PLACEHOLDER } from '../plan/values.js';
import type { Report } from '../report.js';
import { escapeCell, escapeCodeInTable, escapeText } from './escape.js';

/** One matcher per set of secrets: reports scrub many strings with the same set. */
const matchers = new WeakMap<SecretValues, SecretMatcher>();

export function scrubSecrets(text: string, secrets: SecretValues): string {
  const matcher = secretMatcher(secrets);
  return matcher.isEmpty ? text : matcher.replaceAll(text, SENSITIVE_PLACEHOLDER);
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
  if (secretMatcher(secrets).isEmpty) return report;
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
        ...(finding.identity ? { identity: finding.identity.map(scrub) } : {}),
        suppressed: finding.suppressed && { reason: scrub(finding.suppressed.reason) },
      })),
    })),
  };
}

function secretMatcher(secrets: SecretValues): SecretMatcher {
  const cached = matchers.get(secrets);
  if (cached !== undefined) return cached;
  const forms = new Set<string>();
  for (const secret of [...secrets.sensitive].filter((value) => value.length >= SCRUBBED_SECRET_MIN_LENGTH)) {
    forms.add(secret);
    // Most secrets are letters and digits, which no form changes: only the others are escaped.
    if (INERT_TEXT.test(secret)) continue;
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(escapeHtml(secret));
    forms.add(escapeText(secret));
    forms.add(escapeCell(secret));
    forms.add(escapeCodeInTable(secret));
  }
  // The matcher prefers the longest form at each position, so a secret that contains another is replaced whole.
  const matcher = new SecretMatcher([...forms].map((text) => ({ text, wholeWord: text.length < WHOLE_WORD_BELOW })));
  matchers.set(secrets, matcher);
  return matcher;
}

/**
 * Text every form above leaves as it is (JSON's escapes, HTML's, escape.ts's references, line
 * breaks and autolink breaks all need some other character). test/render/scrub.test.ts holds
 * the escapers to it.
 */
export const INERT_TEXT = /^[A-Za-z0-9 ,+=%/-]*$/;

/**
 * Below this length a secret is replaced only as a word of its own, where a word also holds
 * `_`, `.` and `-` as names do: a sensitive `data` or `orders` must not turn "database" into
 * "(sensitive)base", nor `aws_db_instance.orders` or `stateful-delete` into nonsense. Longer ones
 * are replaced anywhere (a word character is one of A-Z a-z 0-9 _ . -: secret-matcher.ts).
 * (Quoted values are hidden before this pass: formatPlainValue.)
 */
const WHOLE_WORD_BELOW = 8;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
