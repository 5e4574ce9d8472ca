/**
 * The running workflow's reach: the files whose content the runner runs as part of the workflow
 * that writes this check. On `pull_request` they are all the PR's copies: the running file, the
 * local workflows it calls (`jobs.<id>.uses: ./.github/workflows/x.yml`), the local actions its
 * steps use (`steps[].uses: ./dir` → `dir/action.yml`), and, transitively, what those call and use
 * (a composite action's `runs.steps`). The gate step may live in any of them, so a PR touching one
 * changes the running workflow as much as an edit of the running file does. Pure: the caller reads
 * the copies and feeds them level by level (extendReach).
 *
 * Not in reach: a reusable workflow or action of another repository (`owner/repo/…@ref`), whose
 * content the PR does not write; a script a `run:` step starts (the PR's code, like the plan).
 */
import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { normalizePath, type PolicyFileAt } from './change.js';

/**
 * How many levels of references are followed before the reach counts as unknown. GitHub connects
 * at most ten levels of workflows and nests at most ten composite actions in one workflow.
 */
export const REACH_DEPTH_LIMIT = 20;
/** How many files the reach may hold before it counts as unknown: a bound on the reads one run makes. */
export const REACH_FILES_LIMIT = 100;

export interface ReachLimits {
  depth: number;
  files: number;
}
const RUNNING_REACH_LIMITS: ReachLimits = { depth: REACH_DEPTH_LIMIT, files: REACH_FILES_LIMIT };

export interface Reach {
  /** The files known to be in reach (normalized repository paths), the running file first. */
  files: string[];
  /** Each reference met, as the files it may be (a local action: `action.yml` or `action.yaml`). */
  references: string[][];
  /** Files found at the last level whose copies are still to be read; empty when done. */
  pending: string[];
  /** False when the reach could not be worked out whole (a copy that is not readable YAML, or beyond the bounds). */
  complete: boolean;
  depth: number;
}

/** The reach before anything is read: the running file (and, for a rename, its path at the base), or any set of files to start from. */
export function startReach(runningPaths: readonly string[]): Reach {
  const files = [...new Set(runningPaths.map(normalizePath))];
  return { files, references: [], pending: files, complete: true, depth: 0 };
}

/**
 * The reach one level further: `copies` holds the copies (base and head) of each pending file,
 * and every local file they refer to that is not in reach yet becomes pending.
 */
export function extendReach(reach: Reach, copies: ReadonlyMap<string, readonly PolicyFileAt[]>, limits: ReachLimits = RUNNING_REACH_LIMITS): Reach {
  const groups: string[][] = [];
  let complete = reach.complete;
  for (const path of reach.pending) {
    for (const copy of copies.get(path) ?? []) {
      const references = referencedFiles(copy);
      if (references === null) complete = false;
      else groups.push(...references);
    }
  }
  const found = groups.flat();
  const references = [...reach.references, ...groups];
  const known = new Set(reach.files);
  const fresh = [...new Set(found)].filter((path) => !known.has(path));
  const depth = reach.depth + 1;
  if (fresh.length === 0) return { files: reach.files, references, pending: [], complete, depth };
  if (depth >= limits.depth || reach.files.length + fresh.length > limits.files) return { files: reach.files, references, pending: [], complete: false, depth };
  return { files: [...reach.files, ...fresh], references, pending: fresh, complete, depth };
}

/**
 * Whether every reference met is a file of the repository in some copy read. A `./` action is read
 * from the runner's workspace, which need not be the repository's root (a checkout `path:`, a
 * symlink): a reference found nowhere may be a file the reach cannot see, so the reach is not whole.
 */
export function referencesFound(reach: Reach, copies: ReadonlyMap<string, readonly PolicyFileAt[]>): boolean {
  return reach.references.every((group) => group.some((file) => (copies.get(file) ?? []).some((copy) => copy.kind !== 'missing')));
}

/**
 * The paths that decide what the reach holds besides its own files: the symlinks and submodules a
 * copy was read through, and the links' targets (github/contents.ts). The PR's file list names
 * those when the PR edits or retargets them, never the reach file. Each once, with the reach file
 * read through it; paths that are reach files themselves are left out.
 */
export function linkedPaths(copies: ReadonlyMap<string, readonly PolicyFileAt[]>): { path: string; file: string }[] {
  const linked = new Map<string, string>();
  for (const [file, fileCopies] of copies) {
    for (const path of fileCopies.flatMap((copy) => copy.via ?? []).map(normalizePath)) {
      if (path !== file && !copies.has(path) && !linked.has(path)) linked.set(path, file);
    }
  }
  return [...linked].map(([path, file]) => ({ path, file }));
}

/**
 * The local files a workflow or action copy refers to: each called local workflow, and both file
 * names a local action may have (`action.yml`, `action.yaml`: reading both is stricter than
 * guessing the runner's choice). Empty for a missing copy; null when the copy is not readable YAML.
 */
export function localReferences(file: PolicyFileAt): string[] | null {
  const groups = referencedFiles(file);
  return groups === null ? null : [...new Set(groups.flat())];
}

/** Each local reference of a copy as the files it may be; null when the copy is not readable YAML. */
function referencedFiles(file: PolicyFileAt): string[][] | null {
  const document = workflowDocument(file);
  if (document === null) return null;
  const references: string[][] = [];
  for (const job of Object.values(record(record(document)['jobs']))) {
    const called = localPath(record(job)['uses']);
    if (called !== null) references.push([called]);
    references.push(...stepActions(record(job)['steps']));
  }
  references.push(...stepActions(record(record(document)['runs'])['steps']));
  return references;
}

function stepActions(steps: unknown): string[][] {
  if (!Array.isArray(steps)) return [];
  // An action another repository's checkout puts in the workspace is still followed: which checkout
  // runs first, and whether it is this repository after all, are the PR's to write (audit 13).
  return steps.flatMap((step: unknown) => {
    const directory = localPath(record(step)['uses']);
    if (directory === null) return [];
    const prefix = directory === '' ? '' : `${directory}/`;
    return [[`${prefix}action.yml`, `${prefix}action.yaml`]];
  });
}

/**
 * The forms of `uses:` that name a file of this repository: `./x` (from the workspace, which a
 * plain checkout makes the repository's root), `.\\x` (a Windows runner's), and `$/x` or `$/./x`,
 * GitHub's self-repository form (the repository at the running commit, no checkout needed).
 */
const LOCAL_USES = /^(?:\$\/|\.[\\/])/;

/** A local `uses:` as a repository path (`x/y`); null for anything not local or leaving the repository. */
export function localPath(uses: unknown): string | null {
  if (typeof uses !== 'string') return null;
  const text = uses.trim().replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  if (!LOCAL_USES.test(text)) return null;
  const path = posix.normalize(normalizePath(text.replace(/^\$\//, './'))).replace(/\/+$/, '');
  if (path === '.') return '';
  return path === '..' || path.startsWith('../') ? null : path;
}

/**
 * Each copy's parsed document: one run asks for a copy's references, triggers and gate steps,
 * and a parse of a hostile copy (aliases near the bound) is worth doing once. Read-only to callers.
 */
const parsedCopies = new WeakMap<PolicyFileAt, unknown>();

/** A workflow or action copy as parsed YAML: `{}` for a missing copy; null when it is not a readable YAML file. */
export function workflowDocument(file: PolicyFileAt): unknown {
  if (file.kind === 'missing') return {};
  if (file.kind !== 'file') return null;
  if (parsedCopies.has(file)) return parsedCopies.get(file);
  let document: unknown;
  try {
    // Aliases are bounded (an expansion attack), but well above what a real workflow writes.
    document = parseYaml(file.text, { maxAliasCount: 1_000 }) ?? {};
  } catch {
    document = null;
  }
  parsedCopies.set(file, document);
  return document;
}

export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
