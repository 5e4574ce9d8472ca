/**
 * The `workflow-changed` finding: a pull request that changes the workflow file running this
 * check. On `pull_request` the runner runs the PR's own copy of that file: its steps produce the
 * plan the gate reads, and its inputs set the gate (`config-file`, `block-on`, `approvers`…).
 * The same holds for the files that workflow reaches (the local workflows it calls and actions it
 * uses, policy/workflow-reach.ts): the gate step may live there. The change blocks like a
 * dangerous change, the message says which of the gate's inputs it changes, and while it is in
 * the PR the gate's inputs are the base's gate steps' (decision/gate-inputs.ts). Pure.
 */
import { planFinding, type Finding } from '../rules/types.js';
import { fileContentEvidence, normalizePath, sameContent, type PolicyFileAt } from './change.js';
import { WORKFLOW_CHANGED } from './pull-request-rules.js';
import { INPUT_DEFAULTS } from '../action/inputs.js';
import { localPath, record, workflowDocument } from './workflow-reach.js';

export interface WorkflowFileChange {
  /** The running workflow's path in the repository (from GITHUB_WORKFLOW_REF). */
  path: string;
  base: PolicyFileAt;
  head: PolicyFileAt;
  /** The PR's file list; null when it could not be read (then the two versions are compared). */
  files: readonly FileListEntry[] | null;
  /** The repository of the action being run (GITHUB_ACTION_REPOSITORY), to find its steps; null for a local action. */
  actionRepository: string | null;
  /** The other files in the running workflow's reach (policy/workflow-reach.ts): the local workflows it calls and actions it uses. */
  reached: readonly ReachedFile[];
  /** False when the reach could not be worked out whole: then every workflow or local action the PR touches may be in it. */
  reachComplete: boolean;
  /** A link in reach could not be followed (out of the repository, a chain too long): then any file the PR touches may be in it. */
  reachUntraced?: boolean;
  /** The PR's head: what an approval binds when the reach is not known whole. */
  headSha?: string;
}

/** A file the running workflow calls or uses, with its two copies. */
export interface ReachedFile {
  path: string;
  base: PolicyFileAt;
  head: PolicyFileAt;
}

/** The finding when the PR changes the workflow that runs the gate, or a file it calls or uses; null when it does not. */
export function workflowChangedFinding(change: WorkflowFileChange): Finding | null {
  const running = touchedEntries(change.files, change);
  const reached = change.reached.map((file) => ({ file, entries: touchedEntries(change.files, file) })).filter((touch) => touch.entries.length > 0);
  const beyondReach = change.reachUntraced && change.files ? [...change.files] : change.reachComplete ? [] : unknownReachEntries(change.files, change.path);
  const touched = uniqueEntries([...running, ...reached.flatMap((touch) => touch.entries), ...beyondReach]);
  if (touched.length === 0) return null;
  const inputChanges = [
    ...gateInputChanges(change),
    ...reached.flatMap(({ file }) => gateInputChanges({ ...file, actionRepository: change.actionRepository }).map((line) => `${line} (in ${file.path})`)),
  ];
  const message =
    `This pull request ${describeTouch(change, running.length > 0, reached.map(({ file }) => file.path), beyondReach.length > 0)}: on a pull request the runner runs the PR's own copy of it, ` +
    'whose steps make the plan this check reads and whose inputs set the gate. ' +
    (inputChanges.length > 0 ? `It changes the gate's step: ${inputChanges.join('; ')}. ` : '') +
    "Whatever policy the workflow points at, this finding blocks; until the change is merged, the gate's inputs (config-file, block-on, approvers, approver-permission, approval-label, allow-self-approval, comment, comment-author) are the base copy's, or the strictest reading where that cannot be read.";
  return planFinding(WORKFLOW_CHANGED, {
    message,
    remediation: 'Review the workflow change on its own: a change to the gate must be approved by someone other than its author, like the changes it gates.',
    details: [...touched.map((file) => `${file.status}: ${file.previous_filename ? `${file.previous_filename} → ` : ''}${file.filename}`), ...inputChanges.map((line) => `gate step: ${line}`)],
    // The approval covers this content of the workflow and of the files it calls or uses, not whatever a later push puts there.
    evidence: [
      // A reach not known whole binds the head: files beyond it are known only by their file-list entry.
      ...((change.reachComplete && !change.reachUntraced) || change.headSha === undefined ? [] : [`head:${change.headSha}`]),
      fileContentEvidence(change.head),
      ...touched.map((file) => `${file.status}:${file.previous_filename ?? ''}>${file.filename}`).sort(),
      ...reached.map(({ file }) => `${file.path}:${fileContentEvidence(file.head)}`).sort(),
    ].join('\n'),
  });
}

type FileListEntry = { filename: string; status: string; previous_filename?: string | undefined };

/** Where the workflows and local actions of a repository live. */
const WORKFLOW_DIRECTORIES = ['.github/workflows/', '.github/actions/'];
/** A local action's file, wherever its directory is (`uses: ./ci/gate` reads ci/gate/action.yml). */
const ACTION_FILE = /(?:^|\/)action\.ya?ml$/;

/**
 * The file list's entries that add, change, remove or rename a workflow or a local action: only a
 * PR with one of these can change what the running workflow runs, so no other PR costs a read.
 */
export function workflowDirectoryEntries(files: readonly FileListEntry[]): FileListEntry[] {
  const inside = (path: string | undefined) => {
    if (path === undefined) return false;
    const normalized = normalizePath(path);
    return WORKFLOW_DIRECTORIES.some((directory) => normalized.startsWith(directory)) || ACTION_FILE.test(normalized);
  };
  return files.filter((file) => inside(file.filename) || inside(file.previous_filename));
}

/** Whether a repository path is a workflow file's place (`.github/workflows/…`), however the list spells it. */
function isWorkflowPath(path: string): boolean {
  return normalizePath(path).startsWith('.github/workflows/');
}

/**
 * `workflow-changed` when the runner does not say which workflow runs the check (no
 * GITHUB_WORKFLOW_REF of this repository): any workflow or local action the PR touches may be it.
 * `touched` is null when the file list could not be read whole. The approval covers this head only.
 */
export function unknownWorkflowChangedFinding(touched: readonly FileListEntry[] | null, headSha: string): Finding {
  const what = touched === null ? 'may change a workflow (its file list could not be read whole)' : `changes ${touched.length === 1 ? 'a file' : 'files'} under .github/workflows or .github/actions`;
  return planFinding(WORKFLOW_CHANGED, {
    message:
      `This pull request ${what}, and the runner does not say which workflow runs this check (GITHUB_WORKFLOW_REF is unset or names another repository's): ` +
      "on a pull request the runner runs the PR's own copy of it, whose steps make the plan this check reads and whose inputs set the gate. " +
      'Whatever policy the workflow points at, this finding blocks; until the change is merged, the gate takes the strictest reading of its inputs.',
    remediation: 'Review the workflow change on its own: a change to the gate must be approved by someone other than its author, like the changes it gates.',
    details: (touched ?? []).map((file) => `${file.status}: ${file.previous_filename ? `${file.previous_filename} → ` : ''}${file.filename}`),
    // Without knowing which file runs the check, nothing narrower than the head binds what was seen.
    evidence: [`head:${headSha}`, ...(touched ?? []).map((file) => `${file.status}:${file.previous_filename ?? ''}>${file.filename}`).sort()].join('\n'),
  });
}

/**
 * The file list's entries that add, change, remove or rename the file at `path`, or an entry on
 * its way: a submodule the path is in (the list names `tools/gate` when a PR bumps it; the
 * contents API sees no file inside) or a directory replaced by a symlink. Letter case aside
 * (caseless): on a macOS or Windows runner `TerraformGate/` and `terraformgate/` are one
 * directory, whose file is the copy git writes last.
 */
function workflowEntries(files: readonly FileListEntry[], path: string): FileListEntry[] {
  const target = caseless(normalizePath(path));
  const leadsTo = (entry: string | undefined) => {
    if (entry === undefined) return false;
    const normalized = caseless(normalizePath(entry));
    return normalized === target || target.startsWith(`${normalized}/`);
  };
  return files.filter((file) => leadsTo(file.filename) || leadsTo(file.previous_filename));
}

/**
 * A path as a case-insensitive file system compares it, or wider: decomposed (APFS ignores the
 * normalization form) and folded through upper case (`ſ` and `s`, `K` the Kelvin sign and `k` are
 * one letter to APFS's case folding and NTFS's upcase table).
 */
function caseless(path: string): string {
  // Lower first: `ẞ` folds to `ss` (CaseFolding.txt), through `ß` and `SS`.
  return path.normalize('NFD').toLowerCase().toUpperCase().toLowerCase();
}

function touchedEntries(files: readonly FileListEntry[] | null, file: Pick<ReachedFile, 'path' | 'base' | 'head'>): FileListEntry[] {
  if (files) return workflowEntries(files, file.path);
  // Without the file list, a difference between the base's copy and the head's counts (it may also be a base that moved on: failing closed).
  return sameContent(file.base, file.head) ? [] : [{ filename: file.path, status: 'differs from the base (the file list could not be read)' }];
}

/** When the reach is not known whole, any workflow or local action the PR touches may be in it; without a file list, the PR may touch one. */
function unknownReachEntries(files: readonly FileListEntry[] | null, path: string): FileListEntry[] {
  if (files) return workflowDirectoryEntries(files);
  return [{ filename: path, status: 'may call or use a changed file (neither the file list nor the files it calls could be read whole)' }];
}

function uniqueEntries(entries: readonly FileListEntry[]): FileListEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = `${entry.status}:${entry.previous_filename ?? ''}>${entry.filename}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeTouch(change: WorkflowFileChange, runningTouched: boolean, reachedTouched: readonly string[], beyondReach: boolean): string {
  const parts: string[] = [];
  if (runningTouched) parts.push(`${describe(change)}, the workflow that runs this check`);
  if (reachedTouched.length > 0) {
    const files = `${reachedTouched.length === 1 ? 'changes' : 'changes each of'} ${reachedTouched.join(', ')}`;
    parts.push(runningTouched ? `${files}, which it calls or uses` : `${files}, which the workflow that runs this check (${change.path}) calls or uses`);
  }
  if (beyondReach) parts.push(`changes a workflow or local action that the workflow that runs this check (${change.path}) may call or use (what it calls could not be worked out whole)`);
  return parts.join(', and ');
}

function describe(change: WorkflowFileChange): string {
  if (change.base.kind === 'missing') return `adds ${change.path}`;
  if (change.head.kind === 'missing') return `removes or renames ${change.path}`;
  return `changes ${change.path}`;
}

/** The gate steps' inputs that differ between the base's workflow and the head's, in words. */
export function gateInputChanges(change: Pick<WorkflowFileChange, 'base' | 'head' | 'actionRepository'>): string[] {
  const before = stepsByKey(gateSteps(change.base, change.actionRepository));
  const after = stepsByKey(gateSteps(change.head, change.actionRepository));
  if (before === null || after === null) return [];
  const lines: string[] = [];
  for (const [key, inputs] of after) {
    const was = before.get(key);
    if (!was) {
      lines.push(`adds a step running tf-plan-guard (${key})`);
      continue;
    }
    for (const name of [...new Set([...was.keys(), ...inputs.keys()])].sort()) {
      const old = was.get(name);
      const now = inputs.get(name);
      if (old === now) continue;
      if (old === undefined) lines.push(`sets ${name} to ${quoted(now!)}`);
      else if (now === undefined) lines.push(`removes ${name} (was ${quoted(old)})`);
      else lines.push(`changes ${name} from ${quoted(old)} to ${quoted(now)}`);
    }
  }
  for (const key of before.keys()) if (!after.has(key)) lines.push(`removes the step running tf-plan-guard (${key})`);
  return lines;
}

/**
 * The `with:` inputs, as written, of the steps that run this action and write the check named
 * `checkName` in a copy of the workflow: what the base's copy sets this gate to. Chosen by the
 * check they write, never by the job id: the running job's id is the PR's copy's word, and a PR
 * could rename its prod job after the base's sandbox job to take the sandbox gate's inputs. A step
 * whose check name is an expression may write it, and a job calling another repository's reusable
 * workflow may run the gate unseen: both count, with inputs read the strictest way. No step writing
 * it (a PR that turns a sandbox workflow into the prod gate) means no base step to go by: the
 * caller reads that the strictest way, as it reads steps that disagree. Empty too when the copy is
 * missing; null when it is not a readable workflow.
 */
export function gateStepInputs(file: PolicyFileAt, actionRepository: string | null, checkName: string): ReadonlyMap<string, string>[] | null {
  const steps = gateSteps(file, actionRepository);
  if (steps === null) return null;
  // A check name set by an expression may be this one: such a step counts too (its inputs then disagree, read strictest).
  const writes = (name: string) => name.trim() === checkName.trim() || name.includes('${{');
  return [...steps.filter((step) => writes(step.inputs.get('check-name') ?? INPUT_DEFAULTS['check-name'])).map((step) => step.inputs), ...remoteWorkflowCalls(file)];
}

/** A job calling another repository's reusable workflow may run the gate with any inputs: its word is unknown, read strictest. */
function remoteWorkflowCalls(file: PolicyFileAt): Map<string, string>[] {
  const document = record(workflowDocument(file));
  return Object.values(record(document['jobs'])).flatMap((job) => {
    const uses = record(job)['uses'];
    return typeof uses === 'string' && localPath(uses) === null && mayWriteChecks(record(job), document) ? [unknownInputs("another repository's reusable workflow")] : [];
  });
}

/**
 * Whether a job calling a reusable workflow can write a check: it passes secrets (an app's key),
 * or its token's permissions (the job's, else the workflow's; unset is the repository's default,
 * which may be write-all) allow `checks: write` or `id-token: write`.
 */
function mayWriteChecks(job: Record<string, unknown>, document: Record<string, unknown>): boolean {
  if (job['secrets'] !== undefined) return true;
  const permissions = 'permissions' in job ? job['permissions'] : document['permissions'];
  if (permissions === undefined) return true;
  if (typeof permissions === 'string') return permissions.trim() === 'write-all' || permissions.includes('${{');
  // A permissions map leaves every scope it does not name at none.
  const granted = record(permissions);
  return ['checks', 'id-token'].some((scope) => {
    const level = granted[scope];
    return typeof level === 'string' && (level.trim() === 'write' || level.includes('${{'));
  });
}

/**
 * The events whose runs carry a pull request (or run for a workflow that does): only a workflow
 * triggered by one of them can write this PR's check. A scheduled drift job never does.
 */
const PULL_REQUEST_TRIGGERS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'workflow_run'];
/** A reusable workflow runs as part of its caller: it writes the check when a caller that may is known to call it. */
const CALLED_TRIGGER = 'workflow_call';

/**
 * Whether a base file's gate steps may write this PR's check: any file but a workflow whose `on:`
 * names none of the pull request's events. A reusable workflow (`workflow_call`) counts when
 * `called` (it is in the running workflow's reach); otherwise only through a caller that counts,
 * whose references the reading follows (a drift gate only a scheduled workflow calls is left out).
 * A trigger list that cannot be read counts.
 */
export function mayWriteTheCheck(path: string, file: PolicyFileAt, called: boolean): boolean {
  if (!isWorkflowPath(path)) return true;
  const document = workflowDocument(file);
  if (document === null || typeof document !== 'object') return true;
  const on = (document as Record<string, unknown>)['on'];
  const events = typeof on === 'string' ? [on] : Array.isArray(on) ? on : on !== null && typeof on === 'object' ? Object.keys(on) : null;
  if (events === null) return true;
  return events.some((event) => typeof event !== 'string' || PULL_REQUEST_TRIGGERS.includes(event.trim()) || (called && event.trim() === CALLED_TRIGGER));
}

/** Where GitHub looks for a repository's workflows. */
export const WORKFLOWS_DIRECTORY = '.github/workflows';
/**
 * How many base files may be read for their gate steps: a repository with more workflows (and the
 * local actions they use) than this gets the strictest reading whenever a PR changes its running workflow.
 */
export const BASE_GATE_FILES_LIMIT = 100;

/**
 * The base files whose gate steps are the base's word on this check, before the local actions they
 * use are followed: every workflow directly in `.github/workflows` at the base (`entries`, its
 * listing), whether or not the PR touches it or it runs for this PR (a path-filtered prod workflow
 * still sets the check it shares with dev); each workflow the PR touches, under both names of a
 * rename; and the running workflow's reach. Normalized and without repeats.
 */
export function baseGateStepFiles(entries: readonly { name: string; path: string; type: string }[], files: readonly FileListEntry[], reach: readonly string[]): string[] {
  const workflows = entries.filter((entry) => (entry.type === 'file' || entry.type === 'symlink') && /\.ya?ml$/i.test(entry.name)).map((entry) => entry.path);
  const touched = files.flatMap((file) => [file.filename, ...(file.previous_filename === undefined ? [] : [file.previous_filename])]).filter(isWorkflowPath);
  return [...new Set([...workflows, ...touched, ...reach].map(normalizePath))];
}

/** Where the base's copy of the workflow at `path` is: the path it was renamed from when the file list says so. */
export function baseWorkflowPath(files: readonly FileListEntry[] | null, path: string): string {
  const target = normalizePath(path);
  return files?.find((file) => normalizePath(file.filename) === target && file.previous_filename !== undefined)?.previous_filename ?? path;
}

interface GateStep {
  jobId: string;
  /** `job id / step name or number`. */
  key: string;
  inputs: Map<string, string>;
}

function stepsByKey(steps: GateStep[] | null): Map<string, Map<string, string>> | null {
  return steps === null ? null : new Map(steps.map((step) => [step.key, step.inputs]));
}

/** A composite action's steps (`runs.steps`) are listed under this name, as if they were a job's. */
const COMPOSITE_ACTION_STEPS = 'composite action';

/**
 * Each step that runs this action, with its `with:` inputs: a workflow's `jobs.<id>.steps` and a
 * composite action's `runs.steps`. Null when the file is not readable YAML.
 */
function gateSteps(file: PolicyFileAt, actionRepository: string | null): GateStep[] | null {
  const document = workflowDocument(file);
  if (document === null) return null;
  const steps: GateStep[] = [];
  const jobSteps = Object.entries(record(record(document)['jobs'])).map(([jobId, job]): [string, unknown] => [jobId, record(job)['steps']]);
  const stepLists: [string, unknown][] = [...jobSteps, [COMPOSITE_ACTION_STEPS, record(record(document)['runs'])['steps']]];
  for (const [jobId, list] of stepLists) {
    if (!Array.isArray(list)) continue;
    list.forEach((step: unknown, index) => {
      const uses = record(step)['uses'];
      if (typeof uses !== 'string' || !runsThisAction(uses, actionRepository)) return;
      const name = record(step)['name'];
      const key = `${jobId} / ${typeof name === 'string' ? name : `step ${index + 1}`}`;
      const given = record(step)['with'];
      // `with: ${{ fromJSON(vars.GATE) }}`: every input is whatever the expression gives.
      if (typeof given === 'string') {
        steps.push({ jobId, key, inputs: unknownInputs('one expression') });
        return;
      }
      const inputs = new Map<string, string>();
      for (const [key, value] of Object.entries(record(given))) {
        // Input names are case-insensitive to the runner (`Approvers:` sets `approvers`). The same
        // name written twice with different values cannot be known: an expression stands for it.
        // `comment:` with no value is YAML's null: the runner passes an empty string.
        const name = key.toLowerCase();
        const text = value === null ? '' : String(value);
        inputs.set(name, inputs.has(name) && inputs.get(name) !== text ? '${{ conflicting values }}' : text);
      }
      steps.push({ jobId, key, inputs });
    });
  }
  return steps;
}

/** Every input of the gate (check-name included) as set by an expression: read the strictest way. */
function unknownInputs(what: string): Map<string, string> {
  return new Map(Object.keys(INPUT_DEFAULTS).map((name) => [name, `\${{ ${what} }}`]));
}

function runsThisAction(uses: string, actionRepository: string | null): boolean {
  const target = uses.trim().toLowerCase();
  if (actionRepository) {
    const repository = actionRepository.toLowerCase();
    return target.startsWith(`${repository}@`) || target.startsWith(`${repository}/`);
  }
  // A local action (`uses: ./`) or an unknown runner: the action's name is the best guess.
  return target.includes('tf-plan-guard');
}

/** A value from the PR's workflow, shown as a quoted string of bounded length. */
function quoted(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 77)}…` : value;
  return JSON.stringify(short);
}

