/** The user's policy applied to raw findings: rules switched off, severities overridden, ignores. */
import { minimatch } from 'minimatch';
import type { Finding } from '../rules/types.js';
import type { IgnoreEntry, Policy } from './config.js';

export function applyPolicy(findings: readonly Finding[], policy: Policy): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const settings = policy.rules[finding.ruleId];
    if (settings?.enabled === false) continue;
    const severity = settings?.severity ?? finding.severity;
    const ignore = policy.ignore.find((entry) => ignores(entry, finding));
    result.push({ ...finding, severity, suppressed: ignore ? { reason: ignore.reason } : null });
  }
  return result;
}

function ignores(entry: IgnoreEntry, finding: Finding): boolean {
  if (entry.rules && !entry.rules.includes(finding.ruleId)) return false;
  // Plan-wide findings have no address: only an entry for every address ("**" or "*") covers them.
  const address = finding.address ?? '';
  return entry.addresses.some((glob) => matchesAddress(address, glob));
}

/**
 * Addresses contain dots and brackets, not slashes, so globs are matched on the address with
 * its dots read as path separators: `module.sandbox.**` covers everything inside that module.
 */
export function matchesAddress(address: string, glob: string): boolean {
  if (glob === '**' || glob === '*') return true;
  if (address === '') return false;
  const options = { nocomment: true, noext: true };
  return minimatch(toPathForm(address), literalBrackets(toPathForm(glob)), options) || minimatch(address, literalBrackets(glob), options);
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
