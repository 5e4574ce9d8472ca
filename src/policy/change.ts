/**
 * The `policy-changed` finding: a pull request that adds, changes, deletes or renames the policy
 * file that gates it. The base commit's policy still decides the PR; this finding blocks it and
 * says, in words, what the new policy would loosen once merged. Pure.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { RULES } from '../rules/index.js';
import { atLeast, planFinding, type Finding } from '../rules/types.js';
import { MOVED_INTO_IGNORED } from './moved-into-ignored.js';
import { POLICY_CHANGED, PULL_REQUEST_RULES } from './pull-request-rules.js';
import { DEFAULT_POLICY, parsePolicy, type BlockOn, type IgnoreEntry, type Policy } from './config.js';

export { POLICY_CHANGED } from './pull-request-rules.js';

/** The policy path's content at one commit (as read through the API). */
/**
 * `via`: the other paths whose change changes what the path holds, when it was read through links;
 * `untraced`: a link that could not be followed, so any path may (github/contents.ts).
 */
export type PolicyFileAt = ({ kind: 'file'; text: string } | { kind: 'not-a-file'; type: string } | { kind: 'missing' }) & { via?: readonly string[]; untraced?: true };

export interface PolicyFileChange {
  /** The configured policy path. */
  path: string;
  base: PolicyFileAt;
  head: PolicyFileAt;
  /**
   * Entries of the PR's file list that touch the policy path: the path itself, a rename from or
   * to it, or a path that differs from it only in case.
   */
  touched: readonly { filename: string; status: string; previous_filename?: string | undefined }[];
}

/** The PR's file-list entries that concern the policy path (case-insensitively: a case variant is suspicious too). */
export function policyFileEntries<T extends { filename: string; previous_filename?: string | undefined }>(files: readonly T[], path: string): T[] {
  const target = normalizePath(path).toLowerCase();
  const same = (name: string | undefined): boolean => name !== undefined && normalizePath(name).toLowerCase() === target;
  return files.filter((file) => same(file.filename) || same(file.previous_filename));
}

/** The finding when the PR changes the policy file; null when the file is the same at base and head and untouched. */
export function policyChangedFinding(change: PolicyFileChange): Finding | null {
  if (change.touched.length === 0 && sameContent(change.base, change.head)) return null;
  const what = describeChange(change);
  const loosened = loosenings(change);
  const message =
    `This pull request ${what}. The policy on the base branch still decides this pull request; the new one applies only once merged, ` +
    (loosened.length > 0 ? `and it loosens the gate: ${loosened.join('; ')}.` : 'and no loosening was found in it (check it still).');
  return planFinding(POLICY_CHANGED, {
    message,
    remediation: 'Review the policy change on its own: a change to the gate must be approved by someone other than its author, like the changes it gates.',
    details: [...change.touched.map((file) => `${file.status}: ${file.previous_filename ? `${file.previous_filename} → ` : ''}${file.filename}`), ...loosened.map((line) => `loosens: ${line}`)],
    // The approval covers this content of the policy file, not whatever a later push puts there.
    evidence: policyChangeEvidence(change),
  });
}

/** What the approval of a policy change covers: the policy file's content at the head (as a hash) and how the file list touches it. */
export function policyChangeEvidence(change: PolicyFileChange): string {
  const head = fileContentEvidence(change.head);
  const touched = change.touched.map((file) => `${file.status}:${file.previous_filename ?? ''}>${file.filename}`).sort();
  return [head, ...touched].join('\n');
}

/** A file's content at one commit as fingerprint evidence: a hash of its text, never the text. */
export function fileContentEvidence(file: PolicyFileAt): string {
  if (file.kind === 'file') return `file:${createHash('sha256').update(file.text, 'utf8').digest('hex')}`;
  return file.kind === 'missing' ? 'missing' : `not-a-file:${file.type}`;
}

function describeChange(change: PolicyFileChange): string {
  const { path, base, head } = change;
  const renamed = change.touched.find((file) => file.previous_filename !== undefined && file.filename !== file.previous_filename);
  const caseVariant = change.touched.find((file) => file.filename !== path && file.previous_filename !== path);
  if (renamed) return `renames the policy file (${renamed.previous_filename} → ${renamed.filename})`;
  // Never read (only the configured path is): on a case-insensitive checkout it may be what a local run reads.
  if (caseVariant && head.kind === 'missing') return `adds ${caseVariant.filename}, a policy file name that differs from ${path} only in case`;
  if (head.kind === 'missing') return base.kind === 'missing' ? `touches the policy file ${path}` : `deletes the policy file ${path}`;
  if (head.kind === 'not-a-file') return `replaces the policy file ${path} with a ${head.type}`;
  if (base.kind === 'missing') return `adds the policy file ${path}`;
  return `changes the policy file ${path}`;
}

/** What the head's policy loosens compared with the base's, in words. */
function loosenings(change: PolicyFileChange): string[] {
  const basePolicy = policyOf(change.base, change.path);
  if (basePolicy === 'invalid') return [];
  if (change.head.kind === 'missing') {
    return change.base.kind === 'missing' ? [] : ['the policy file is deleted, so the built-in defaults would apply', ...compare(basePolicy, DEFAULT_POLICY)];
  }
  if (change.head.kind === 'not-a-file') return [`the policy path would hold a ${change.head.type}, not a policy`];
  const headPolicy = policyOf(change.head, change.path);
  if (headPolicy === 'invalid') return ['the new policy file is not a valid policy'];
  return compare(basePolicy, headPolicy);
}

/** The loosenings from `base` to `head`. Exported for its unit tests. */
export function compare(base: Policy, head: Policy): string[] {
  const lines: string[] = [];
  if (blockOnRank(head.blockOn) < blockOnRank(base.blockOn)) {
    lines.push(head.blockOn === 'none' ? `block-on raised from ${base.blockOn} to none (nothing would block)` : `block-on raised from ${base.blockOn} to ${head.blockOn}`);
  }
  for (const rule of [...RULES, ...PULL_REQUEST_RULES, MOVED_INTO_IGNORED]) {
    const id = rule.id;
    const was = base.rules[id];
    const now = head.rules[id];
    if (was?.enabled !== false && now?.enabled === false) {
      lines.push(`rule ${id} disabled`);
      continue;
    }
    const wasSeverity = was?.severity ?? rule.defaultSeverity;
    const nowSeverity = now?.severity ?? rule.defaultSeverity;
    if (nowSeverity !== wasSeverity && atLeast(wasSeverity, nowSeverity)) lines.push(`rule ${id} lowered from ${wasSeverity} to ${nowSeverity}`);
  }
  const baseIgnores = new Set(base.ignore.map(ignoreKey));
  for (const entry of head.ignore) {
    if (baseIgnores.has(ignoreKey(entry))) continue;
    lines.push(`new ignore of ${entry.addresses.map((glob) => JSON.stringify(glob)).join(', ')} for ${entry.rules ? entry.rules.join(', ') : 'all rules'}`);
  }
  const excluded = head.stateful.exclude.filter((glob) => !base.stateful.exclude.includes(glob));
  if (excluded.length > 0) lines.push(`resource types no longer stateful: ${excluded.map((glob) => JSON.stringify(glob)).join(', ')}`);
  const dropped = base.stateful.include.filter((glob) => !head.stateful.include.includes(glob));
  if (dropped.length > 0) lines.push(`stateful.include no longer adds ${dropped.map((glob) => JSON.stringify(glob)).join(', ')}`);
  if (head.massDeleteThreshold > base.massDeleteThreshold) lines.push(`mass-delete threshold raised from ${base.massDeleteThreshold} to ${head.massDeleteThreshold}`);
  return lines;
}

function policyOf(file: PolicyFileAt, path: string): Policy | 'invalid' {
  if (file.kind !== 'file') return DEFAULT_POLICY;
  try {
    return parsePolicy(file.text, path);
  } catch (error) {
    if (error instanceof InputError) return 'invalid';
    throw error;
  }
}

/** `none` blocks nothing; `info` blocks the most. Higher = stricter. */
function blockOnRank(blockOn: BlockOn): number {
  const order: readonly BlockOn[] = ['none', 'critical', 'high', 'medium', 'low', 'info'];
  return order.indexOf(blockOn);
}

function ignoreKey(entry: IgnoreEntry): string {
  return JSON.stringify([[...entry.addresses].sort(), entry.rules ? [...entry.rules].sort() : null]);
}

export function sameContent(a: PolicyFileAt, b: PolicyFileAt): boolean {
  if (a.kind === 'file' && b.kind === 'file') return a.text === b.text;
  if (a.kind === 'not-a-file' && b.kind === 'not-a-file') return a.type === b.type;
  return a.kind === b.kind;
}

export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}
