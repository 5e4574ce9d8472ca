/** The user's policy applied to raw findings: rules switched off, severities overridden, ignores. */
import { minimatch } from 'minimatch';
import type { Finding, RuleId } from '../rules/types.js';
import type { IgnoreEntry, Policy } from './config.js';

/**
 * `movedFrom` gives the address a resource had before a `moved` block (or a count/for_each key
 * change) carried it to its current one; null when it did not move.
 *
 * An ignore entry covers a moved object only when it covered it where it was too. The current
 * address is the pull request's choice: a `moved` into `module.sandbox.**` must not carry a
 * production database into the ignored space and destroy it there. Such a finding stays counted
 * and says why the ignore does not apply.
 */
export function applyPolicy(findings: readonly Finding[], policy: Policy, movedFrom: (address: string) => string | null = () => null): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const settings = policy.rules[finding.ruleId];
    if (settings?.enabled === false) continue;
    const severity = settings?.severity ?? finding.severity;
    const previous = finding.address === null ? null : movedFrom(finding.address);
    // `moved-into-ignored` is about entering: an entry naming it at the address entered silences it.
    const ignore = policy.ignore.find(
      (entry) => ignores(entry, finding, finding.address) && (previous === null || finding.ruleId === 'moved-into-ignored' || ignores(entry, finding, previous)),
    );
    // A move into the ignored addresses says so itself (policy/moved-into-ignored.ts).
    const evaded = ignore || previous === null || finding.ruleId === 'moved-into-ignored' ? undefined : policy.ignore.find((entry) => ignores(entry, finding, finding.address));
    const message = evaded ? `${finding.message} ${movedIntoIgnored(previous!, evaded)}` : finding.message;
    result.push({ ...finding, severity, message, suppressed: ignore ? { reason: ignore.reason } : null });
  }
  return result;
}

function movedIntoIgnored(previous: string, entry: IgnoreEntry): string {
  return `It was moved here from ${previous}, into addresses the policy ignores (${entry.addresses.join(', ')}: "${entry.reason}"); that ignore covers only what was already there, so this still counts.`;
}

function ignores(entry: IgnoreEntry, finding: Finding, address: string | null): boolean {
  // `moved-into-ignored` is about the ignore itself: an entry for every rule is what it reports
  // (an import into `module.sandbox.**`), so only an entry naming it silences it.
  if (finding.ruleId === 'moved-into-ignored' && entry.rules === null) return false;
  return suppressesAt(entry, finding.ruleId, address);
}

/** Whether the entry silences the rule's findings at the address. */
export function suppressesAt(entry: IgnoreEntry, ruleId: RuleId, address: string | null): boolean {
  if (entry.rules && !entry.rules.includes(ruleId)) return false;
  // Plan-wide findings have no address: only an entry for every address ("**" or "*") covers them.
  return entry.addresses.some((glob) => matchesAddress(address ?? '', glob));
}

/**
 * Addresses contain dots and brackets, not slashes, so globs are matched on the address with
 * its dots read as path separators: `module.sandbox.**` covers everything inside that module.
 */
export function matchesAddress(address: string, glob: string): boolean {
  if (glob === '**' || glob === '*') return true;
  if (address === '') return false;
  const options = { nocomment: true, noext: true };
  const pathGlob = literalBrackets(toPathForm(glob));
  // `module.sandbox.**` is meant to cover every instance of the module (`module.sandbox["eu"]…`).
  const candidates = new Set([address, withoutModuleInstanceKeys(address)]);
  for (const candidate of candidates) {
    if (minimatch(toPathForm(candidate), pathGlob, options) || minimatch(candidate, literalBrackets(glob), options)) return true;
  }
  return false;
}

/** `module.a["x"].module.b[0].aws_s3_bucket.c[1]` → `module.a.module.b.aws_s3_bucket.c[1]`. */
function withoutModuleInstanceKeys(address: string): string {
  return address.replace(/(module\.[A-Za-z0-9_-]+)\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, '$1');
}

/** Brackets in an address are indexes (`[0]`, `["key"]`), never glob character classes. */
function literalBrackets(glob: string): string {
  return glob.replace(/[[\]]/g, '\\$&');
}

/** `module.a["x"].aws_s3_bucket.b[0]` → `module/a["x"]/aws_s3_bucket/b[0]`, dots inside quotes kept. */
function toPathForm(address: string): string {
  let out = '';
  let quoted = false;
  for (const char of address) {
    if (char === '"') quoted = !quoted;
    out += char === '.' && !quoted ? '/' : char;
  }
  return out;
}
