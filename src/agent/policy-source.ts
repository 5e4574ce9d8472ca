/**
 * Which policy decides for a Terraform directory the agent works in. The agent can write any file
 * in its working tree (its Write and Edit tools are not the Bash hook's business), so a policy
 * file there is trusted only as far as it is no looser than the one committed at git HEAD: an
 * edit can tighten the gate, never loosen it unseen. Outside a git repository there is nothing to
 * compare with, and the nearest file decides as before (the reason names it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { InputError } from '../errors.js';
import { compare } from '../policy/change.js';
import { DEFAULT_POLICY, DEFAULT_POLICY_PATH, loadPolicyFile, parsePolicy, type Policy } from '../policy/config.js';

export interface DecidingPolicy {
  policy: Policy;
  /** Where the deciding policy came from, in words a person reads. */
  from: string;
  /** What the working tree's policy would loosen against the committed one (then the committed one decides). */
  loosened: string[];
  /** Whether the directory is in a git repository, so that the policy could be checked against HEAD. */
  checked: boolean;
}

/** The policy for `directory`; `sessionCwd`'s is the fallback outside git, as it always was. */
export function decidingPolicy(directory: string, sessionCwd: string): DecidingPolicy {
  const top = gitText(directory, ['rev-parse', '--show-toplevel'])?.trim() || null;
  if (top === null) {
    const policy = nearestWorkingPolicy(directory, null) ?? nearestWorkingPolicy(sessionCwd, realOrSelf(sessionCwd)) ?? DEFAULT_POLICY;
    return { policy, from: `${policy.source ?? 'the built-in defaults'} (not in a git repository, so any file there decides)`, loosened: [], checked: false };
  }
  const committed = committedPolicy(top, directory);
  const working = nearestWorkingPolicyOrProblem(directory, top);
  if (working === null) {
    // No policy file in the working tree: the committed one was deleted (or there never was one).
    const loosened = committed.path === null ? [] : compare(committed.policy, DEFAULT_POLICY);
    return { policy: committed.policy, from: committed.from, loosened: loosened.length === 0 ? [] : [`${committed.path} is deleted: ${loosened.join('; ')}`], checked: true };
  }
  if ('problem' in working) return { policy: committed.policy, from: committed.from, loosened: [working.problem], checked: true };
  const loosened = compare(committed.policy, working);
  if (loosened.length === 0) return { policy: working, from: `${working.source} in the working tree`, loosened: [], checked: true };
  return { policy: committed.policy, from: committed.from, loosened: [`${working.source} in the working tree: ${loosened.join('; ')}`], checked: true };
}

/** A policy given outright (`--config FILE`, chosen by whoever installed the hook): it decides as it is. */
export function fixedPolicy(policy: Policy): DecidingPolicy {
  return { policy, from: policy.source ?? 'the built-in defaults', loosened: [], checked: true };
}

/** The lines a reason gets about the policy: what the working tree loosens, or which unchecked file decided. */
export function policyLines(deciding: DecidingPolicy): string[] {
  if (deciding.loosened.length > 0) {
    return [`The policy in the working tree loosens the one committed at HEAD (${deciding.loosened.join('; ')}), so ${deciding.from} decided, and a change to the gate needs a person.`];
  }
  return deciding.checked ? [] : [`Policy: ${deciding.from}.`];
}

/** The nearest `.github/tf-plan-guard.yml` committed at HEAD from `directory` up to the repository's top. */
function committedPolicy(top: string, directory: string): { policy: Policy; from: string; path: string | null } {
  const candidates = policyPathsUp(top, directory);
  const listed = gitText(top, ['ls-tree', '--name-only', '-z', 'HEAD', '--', ...candidates]);
  if (listed === null) return { policy: DEFAULT_POLICY, from: 'the built-in defaults (the repository has no commit yet)', path: null };
  const present = new Set(listed.split('\0').filter(Boolean));
  const path = candidates.find((candidate) => present.has(candidate));
  if (path === undefined) return { policy: DEFAULT_POLICY, from: 'the built-in defaults (no policy file is committed at HEAD)', path: null };
  const text = gitText(top, ['cat-file', 'blob', `HEAD:${path}`]);
  if (text === null) throw new InputError(`HEAD:${path}`, 'the committed policy file could not be read');
  return { policy: parsePolicy(text, `HEAD:${path}`), from: `${path} as committed at HEAD`, path };
}

/** `.github/tf-plan-guard.yml` of `directory` and each directory above it up to `top`, relative to `top`, nearest first. */
function policyPathsUp(top: string, directory: string): string[] {
  const rel = relative(top, realOrSelf(directory));
  const parts = rel === '' || rel.startsWith('..') ? [] : rel.split(sep);
  const paths: string[] = [];
  for (let count = parts.length; count >= 0; count--) paths.push([...parts.slice(0, count), DEFAULT_POLICY_PATH].join('/'));
  return paths;
}

function nearestWorkingPolicyOrProblem(directory: string, top: string): Policy | { problem: string } | null {
  try {
    return nearestWorkingPolicy(directory, top);
  } catch (error) {
    if (error instanceof InputError) return { problem: `the working tree's policy is not valid (${error.message.split('\n')[0]})` };
    throw error;
  }
}

/** The nearest policy file in the working tree from `directory` up (to `top` when given), named by its full path. */
function nearestWorkingPolicy(directory: string, top: string | null): Policy | null {
  for (let dir = realOrSelf(directory); ; dir = dirname(dir)) {
    const path = join(dir, DEFAULT_POLICY_PATH);
    if (existsSync(path)) return loadPolicyFile(path, path);
    if (dir === top || dirname(dir) === dir) return null;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A git command's output in `cwd`, or null when git is missing, the directory is no repository, or the command fails. */
function gitText(cwd: string, args: readonly string[]): string | null {
  const result = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000, maxBuffer: 8 * 1024 * 1024 });
  return result.error || result.status !== 0 ? null : result.stdout;
}
