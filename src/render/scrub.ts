/**
 * The last pass every output goes through: any value the plan marks sensitive is replaced,
 * in every form a renderer could have written it (raw, JSON-escaped, HTML-escaped, markdown-escaped).
 * Renderers never print such values on purpose; this catches what they would by accident.
 */
import { SCRUBBED_SECRET_MIN_LENGTH, type SecretValues } from '../plan/model.js';
import { SecretMatcher, type SecretForm } from '../plan/secret-matcher.js';
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
 * Rendered markdown with secrets scrubbed, but for a secret found within one of its folds' own tags
 * (`<details>`, `</details>`, `<summary>`, `</summary>`): a sensitive value spelled like one
 * (`output "x" { value = "</details>", sensitive = true }`) must not erase the folds and hide every
 * later section inside the first (audit 25 F4). A secret that only contains a tag is scrubbed whole
 * (audit 26 F1: splitting the text at the tags let `Hunter2<details>Zq9vX` in an address through).
 */
export function scrubMarkdown(text: string, secrets: SecretValues): string {
  const matcher = secretMatcher(secrets);
  if (matcher.isEmpty) return text;
  const tags = [...text.matchAll(FOLD_TAG)].map((match) => [match.index, match.index + match[0].length] as const);
  const withinTag = (start: number, end: number) => tags.some(([from, to]) => from <= start && end <= to);
  return matcher.replaceAll(text, SENSITIVE_PLACEHOLDER, tags.length === 0 ? undefined : withinTag);
}

const FOLD_TAG = /<\/?(?:details|summary)>/g;

/**
 * An address with secrets scrubbed from its instance keys (`["..."]`), the only part of it that
 * holds values: Terraform refuses a sensitive value there, but not one passed through
 * `nonsensitive()`, nor a variable holding a password-shaped string. The rest (modules, type,
 * name) is configuration, left whole so scripts can key on it.
 */
export function scrubAddress(address: string, secrets: SecretValues): string {
  if (secretMatcher(secrets).isEmpty) return address;
  return address.replace(INSTANCE_KEY, (_, key: string) => `["${scrubSecrets(key, secrets)}"]`);
}

/** A string instance key as Terraform writes it in an address: `["..."]`, with `\"` and `\\` escaped. */
const INSTANCE_KEY = /\["((?:[^"\\]|\\.)*)"\]/g;

/**
 * The report with secrets scrubbed from the text that came from the plan (names, messages, the
 * instance keys of addresses), leaving its own fields alone: scrubbing the serialized report could
 * rewrite a short secret that happens to occur inside the fingerprint's hex digits.
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
        address: finding.address === null ? null : scrubAddress(finding.address, secrets),
        message: scrub(finding.message),
        remediation: scrubNullable(finding.remediation),
        details: finding.details.map(scrub),
        ...(finding.identity ? { identity: finding.identity.map(scrub) } : {}),
        suppressed: finding.suppressed && { reason: scrub(finding.suppressed.reason) },
      })),
      ...(plan.otherChanges
        ? {
            otherChanges: plan.otherChanges.map((change) => ({
              ...change,
              address: scrubAddress(change.address, secrets),
              ...(change.previousAddress !== undefined ? { previousAddress: scrubAddress(change.previousAddress, secrets) } : {}),
            })),
          }
        : {}),
    })),
  };
}

function secretMatcher(secrets: SecretValues): SecretMatcher {
  const cached = matchers.get(secrets);
  if (cached !== undefined) return cached;
  // Repeated forms are the matcher's to drop.
  const forms: SecretForm[] = [];
  const add = (text: string) => forms.push({ text, wholeWord: text.length < WHOLE_WORD_BELOW });
  for (const secret of secrets.sensitive) {
    if (secret.length < SCRUBBED_SECRET_MIN_LENGTH) continue;
    add(secret);
    // Most secrets are letters and digits, which no form changes: only the others are escaped.
    if (INERT_TEXT.test(secret)) continue;
    add(JSON.stringify(secret).slice(1, -1));
    add(escapeHtml(secret));
    add(escapeText(secret));
    add(escapeCell(secret));
    add(escapeCodeInTable(secret));
    // As Terraform writes it in an instance key (`${` and `%{` doubled, then JSON-escaped).
    add(JSON.stringify(secret.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')).slice(1, -1));
  }
  // The matcher prefers the longest form at each position, so a secret that contains another is replaced whole.
  const matcher = new SecretMatcher(forms);
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
