/**
 * Which policy decides a pull request (contract §4). The checkout is the PR's own code, and a PR
 * must not set its own gate: the policy is the file at the PR's base commit, read through the
 * API, and when the PR adds, changes, deletes or renames that file the change is itself a
 * blocking `policy-changed` finding. Pure: the caller reads the two files.
 */
import { InputError } from '../errors.js';
import { policyChangedFinding, policyFileEntries, type PolicyFileAt, type PolicyFileChange } from '../policy/change.js';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../policy/config.js';
import type { Finding } from '../rules/types.js';

/** Where the deciding policy is read: the configured path, as a repository path, at the base commit. */
export interface PolicyLocation {
  path: string;
  baseSha: string;
}

/** Throws when the event does not say which commit the PR is based on: there is no other safe place. */
export function policyLocation(configuredPath: string, baseSha: string | null): PolicyLocation {
  if (!baseSha) throw new InputError(null, 'the pull_request event payload lacks pull_request.base.sha (the policy is read at the base commit)');
  return { path: configuredPath.replace(/\\/g, '/').replace(/^(?:\.\/)+/, ''), baseSha };
}

export interface PolicyFiles {
  location: PolicyLocation;
  /** Whether `config-file` was set: then a policy file that exists nowhere is an error, not the defaults. */
  explicit: boolean;
  base: PolicyFileAt;
  head: PolicyFileAt;
  /** The PR's file list (empty when it could not be read). */
  files: PolicyFileChange['touched'];
}

export interface DecidingPolicy {
  /** The base commit's policy (the defaults when it has none): never the head's. */
  policy: Policy;
  /** `policy-changed`, when the PR touches the policy file; null otherwise. */
  policyChanged: Finding | null;
}

export function decidingPolicy(input: PolicyFiles): DecidingPolicy {
  const { location, base, head } = input;
  const where = `${location.path} at the base commit ${location.baseSha.slice(0, 12)}`;
  if (base.kind === 'not-a-file') throw new InputError(where, `the policy path holds a ${base.type}, not a file`);
  if (base.kind === 'missing' && head.kind === 'missing' && input.explicit) throw new InputError(location.path, 'policy file not found at the base commit nor at the head');
  const policy = base.kind === 'file' ? parsePolicy(base.text, where) : DEFAULT_POLICY;
  const policyChanged = policyChangedFinding({ path: location.path, base, head, touched: policyFileEntries(input.files, location.path) });
  return { policy, policyChanged };
}
