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
