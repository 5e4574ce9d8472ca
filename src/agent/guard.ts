/**
 * What the guard thinks of one command line an agent is about to run: each Terraform run in it is
 * planned and analyzed by the same pipeline as `analyze`, and each is either clear or a reason a
 * human must read first.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { RuleContext } from '../rules/types.js';
import { optionsOnlyTheApplyReads, producePlan, requestFor } from './planner.js';
import { PROGRAMS } from './display.js';
import { policyLines, type DecidingPolicy } from './policy-source.js';
import { judgeWithin } from './analysis-worker.js';
import { configurationEntries, hasTerraformFiles, localProgram, packageScripts, repositoryRoot, runnerConcern, scriptsNameTerraform, scriptsOf, taskDependencies, terraformUnder, workspacePackages } from './runners.js';
import { configuredSettings } from './package-managers.js';
import { describeIntentProblem } from './reason.js';
import { appendArguments, parseCommandLine, quoteWord, type Word } from './shell.js';
import { recognizeTerraformCommands, type ChangeIntent, type Intent, type ProgramLookup, type RunnerIntent, type Tool, type TouchReads } from './terraform-commands.js';

export interface GuardOptions {
  /** The policy that decides for a Terraform directory, and what the working tree's would loosen. */
  policyFor: (directory: string) => DecidingPolicy;
  /** Milliseconds for all the planning one command line needs. */
  budgetMs: number;
  /** The programs it plans with, when configured (`--terraform FILE`); else each tool's name found on PATH. */
  programs?: Partial<Record<Tool, string>>;
  /** The PATH programs are looked up in (the hook's own). */
  path?: string;
  /** The bundled program to analyze plans in a worker thread from, so that a slow analysis is stopped at the budget; absent: in this thread. */
  analysisScript?: string | null;
}

export interface Assessment {
  intent: Intent;
  /** clear: planned, nothing blocks. Anything else needs a person. */
  outcome: 'clear' | 'blocking' | 'policy-loosened' | 'not-planned' | 'state' | 'uncertain' | 'guarded-apply' | 'runner';
  /** Lines a person reads in the permission prompt; empty when clear. */
  reason: string[];
  timedOut: boolean;
}

/** How deep package scripts that run other package scripts are followed. */
const MAX_SCRIPT_DEPTH = 3;

export async function assessCommandLine(line: string, cwd: string, options: GuardOptions): Promise<Assessment[]> {
  return assessLine(line, cwd, options, Date.now() + options.budgetMs, 0, null, new Map());
}

/**
 * Each run a line makes, assessed. `via`: the package script command (`npm run destroy`) whose
 * script this line is, shown before what it runs.
 */
async function assessLine(line: string, cwd: string, options: GuardOptions, deadline: number, depth: number, via: string | null, walks: Walks, environment: string | null = null): Promise<Assessment[]> {
  const assessments: Assessment[] = [];
  const lookup = programLookup(options.path ?? process.env['PATH'] ?? '');
  // Where the line's runners may be: read once for the line, however many runners it has.
  let roots: string[] | null = null;
  for (const read of recognizeTerraformCommands(line, cwd, lookup, touchReadsOf(walks))) {
    // A package script's line runs with variables the line that runs it set, which are not read into it: a Terraform run there is asked about.
    const found: Intent = environment === null ? read : read.kind === 'change' ? { kind: 'uncertain', display: read.display, why: environment } : read.kind === 'runner' && read.environment === undefined ? { ...read, environment } : read;
    const intent: Intent = via === null ? found : { ...found, display: `${via} → ${found.display}` };
    if (intent.kind === 'uncertain' && intent.unplaced !== undefined) {
      // It may run anywhere: asked about when anything in the repository could run Terraform.
      const file = intent.unplaced.file;
      roots ??= lineRoots(line, cwd);
      const found = roots.map((root) => ({ root, near: walk(walks, root, file, deadline) })).find(({ near }) => near !== null);
      const root = found?.root ?? cwd;
      const near = found?.near ?? null;
      if (near === null) assessments.push({ intent, outcome: 'clear', reason: [], timedOut: false });
      else assessments.push({ intent, outcome: 'uncertain', reason: describeIntentProblem({ ...intent, why: `${intent.why}, and ${describeNear(near, root)}` }), timedOut: false });
    } else if (intent.kind === 'runner' && intent.runner === 'package') {
      assessments.push(...(await assessPackageScript(intent, options, deadline, depth, walks)));
    } else if (intent.kind === 'runner') {
      assessments.push(assessRunner(intent, walks));
    } else if (intent.kind !== 'change') assessments.push({ intent, outcome: intent.kind, reason: describeIntentProblem(intent), timedOut: false });
    else assessments.push(await assessChange(intent, options, deadline - Date.now()));
  }
  return assessments;
}

/**
 * A package script (`npm run destroy`): its pre-, main and post-scripts, read as command lines of
 * their own, in the package the command line selects, or in every package of the workspace when
 * it selects by name (`npm -w infra`, `pnpm --filter infra`, `yarn workspace infra`). With no
 * script of that name, the program a manager runs instead (`yarn eslint`); with a script name not
 * known, a person approves it when the package's scripts name Terraform.
 */
async function assessPackageScript(written: RunnerIntent, options: GuardOptions, deadline: number, depth: number, walks: Walks): Promise<Assessment[]> {
  // The manager's configuration file (npm: .npmrc) may select packages, or run every script with a program of its own.
  const configured = written.manager === undefined ? null : configuredSettings(written.manager, (file) => configurationEntries(file, written.directory, process.env['HOME']));
  const intent = configured?.workspaces != null && written.workspaces === undefined ? { ...written, workspaces: configured.workspaces } : written;
  const shell = configured?.scriptShell == null ? [] : [assessRunner({ ...intent, runner: 'script', file: configured.scriptShell.dynamic ? null : resolve(intent.directory, configured.scriptShell.text), targets: [] }, walks)];
  return [...shell, ...(await assessScripts(intent, options, deadline, depth, walks))];
}

/** How many different runs of scripts and task runners one command line is read for (each reads files). */
export const MAX_RUNNER_READS = 200;

/** What reading each run's files found, by run, for one command line: a line that runs one script many times reads it once. */
const concernsRead = new WeakMap<Walks, Map<string, string | null>>();

/**
 * What sourced files and `eval` lines touch, for one command line and every package script it
 * runs: read once for all (each script's line read them again: 30 scripts sourcing 200 files
 * took 208 s, audit 38 F-TIME), within one bound for all.
 */
const touchesRead = new WeakMap<Walks, TouchReads>();

function touchReadsOf(walks: Walks): TouchReads {
  let reads = touchesRead.get(walks);
  if (reads === undefined) touchesRead.set(walks, (reads = new Map()));
  return reads;
}

/** A make, just, task or script run: clear when the file it runs names no Terraform. */
function assessRunner(intent: RunnerIntent, walks: Walks): Assessment {
  let read = concernsRead.get(walks);
  if (read === undefined) concernsRead.set(walks, (read = new Map()));
  const key = JSON.stringify([intent.runner, intent.directory, intent.file, intent.targets]);
  if (!read.has(key)) {
    // Past the bound, what more runs would do is not read: a person looks.
    read.set(key, read.size >= MAX_RUNNER_READS ? `the line runs more than ${MAX_RUNNER_READS} different scripts and task runners, more than tf-plan-guard reads` : runnerConcern(intent));
  }
  const concern = read.get(key)!;
  return concern === null ? { intent, outcome: 'clear', reason: [], timedOut: false } : { intent, outcome: 'runner', reason: describeIntentProblem(intent, concern), timedOut: false };
}

async function assessScripts(intent: RunnerIntent, options: GuardOptions, deadline: number, depth: number, walks: Walks): Promise<Assessment[]> {
  const name = intent.targets[0];
  const workspace = intent.workspaces === undefined ? null : workspacePackages(intent.directory);
  if (workspace !== null && !workspace.complete) {
    // Too many to read one by one: asked about only when anything in the workspace could run Terraform.
    const near = walk(walks, workspace.root, null, deadline);
    if (near === null) return [];
    return [{ intent, outcome: 'runner', reason: describeIntentProblem(intent, `\`${intent.workspaces}\` selects packages of a workspace too large to read them one by one, and ${describeNear(near, workspace.root)}`), timedOut: false }];
  }
  if (name === undefined) {
    // Any package it may select: the nearest, or each of the workspace.
    const packages = workspace?.packages ?? [intent.directory];
    const named = packages.some((directory) => scriptsNameTerraform(directory) === true || (scriptsNameTerraform(directory) === null && hasTerraformFiles(directory)));
    if (!named) return [];
    return [{ intent, outcome: 'runner', reason: describeIntentProblem(intent, 'which script it runs is not known (an option tf-plan-guard does not know may take the word after it as its value), and the scripts of a package it may run name Terraform'), timedOut: false }];
  }
  if (depth >= MAX_SCRIPT_DEPTH) return [{ intent, outcome: 'runner', reason: describeIntentProblem(intent, 'its package scripts run other package scripts too deeply to follow'), timedOut: false }];
  // turbo and nx run the tasks those depend on first (`dependsOn`), as their configuration says.
  const taskRunner = intent.workspaces?.split(' ')[0];
  let targets = intent.targets;
  if (workspace !== null && (taskRunner === 'turbo' || taskRunner === 'nx')) {
    const dependencies = taskDependencies(taskRunner, workspace.root, workspace.packages, targets);
    if (dependencies.unreadable !== null && workspace.packages.some((directory) => scriptsNameTerraform(directory) === true)) {
      return [{ intent, outcome: 'runner', reason: describeIntentProblem(intent, `${dependencies.unreadable} cannot be read (not JSON), so the tasks ${taskRunner} runs first are not known, and a script of the workspace names Terraform`), timedOut: false }];
    }
    targets = dependencies.tasks;
  }
  // Each script it runs (`npm restart`: restart, stop, start), in the nearest package or each of the workspace.
  const found = targets.flatMap((target) => {
    const each = workspace === null ? [packageScripts(intent.directory, target)] : workspace.packages.map((directory) => scriptsOf(directory, target));
    return each.flatMap((scripts) => (scripts === null ? [] : [{ ...scripts, target }]));
  });
  if (found.length === 0 && intent.orProgram !== undefined) {
    const line = programLine(intent.directory, intent.orProgram);
    if (intent.workspaces === undefined) return assessLine(line, intent.directory, options, deadline, depth + 1, intent.display, walks, intent.environment ?? null);
    // The program runs in each package selected: asked about when it may run Terraform at all.
    if (recognizeTerraformCommands(line, intent.directory).length === 0) return [];
    return [{ intent, outcome: 'runner', reason: describeIntentProblem(intent, `it runs a program in each package of a workspace that \`${intent.workspaces}\` selects, which tf-plan-guard does not plan one by one`), timedOut: false }];
  }
  const unreadable = [...new Set(found.flatMap((scripts) => (scripts.unreadable === undefined ? [] : [scripts.unreadable])))];
  if (unreadable.length > 0) return [{ intent, outcome: 'runner', reason: describeIntentProblem(intent, `it runs a script from ${unreadable.join(', ')}, which tf-plan-guard cannot read (not JSON, or too large), so what it runs is not known`), timedOut: false }];
  const assessments: Assessment[] = [];
  // The package manager appends the words after the script's name to its line (not to pre- and
  // post-scripts), as text: `"d": "terraform apply"` with `npm run d -- -destroy` runs a destroy.
  for (const { directory, scripts, target } of found) {
    // A script the package defines is a name people may read, where the command line's own words are hidden.
    const via = intent.display.split(' ').includes(target) ? intent.display : `${intent.display} (script "${target}")`;
    for (const script of scripts) {
      const line = script.name === target ? appendArguments(script.line, intent.scriptArguments ?? []) : script.line;
      assessments.push(...(await assessLine(line, directory, options, deadline, depth + 1, via, walks, intent.environment ?? null)));
    }
  }
  return assessments;
}

/** How many repositories other than the working directory's a line's directories may lead to: walked too. */
const MAX_LINE_ROOTS = 8;

/**
 * Where a runner in a directory only the shell knows may be: the repository around `cwd`, and that
 * around each directory the line names, or names the start of (`cd ../other && cd "$X"`,
 * `npm --prefix ../other/$X`): the shell may have gone there before its directory became unknown.
 */
function lineRoots(line: string, cwd: string): string[] {
  const roots = new Set<string>();
  // The walk leaves out hidden directories and node_modules below its root: one the shell starts in is walked itself.
  const add = (directory: string): void => {
    const root = repositoryRoot(directory);
    roots.add(root);
    if (relative(root, directory).split(sep).some((part) => part.startsWith('.') || part === 'node_modules')) roots.add(directory);
  };
  add(cwd);
  for (const word of parseCommandLine(line).commands.flat()) {
    if (roots.size > MAX_LINE_ROOTS) break;
    // `--prefix=DIR`, `X=DIR`: the directory is the value.
    const text = word.text.replace(/^(?:-[^=]*|[A-Za-z_]\w*)=/, '');
    // The literal start of a word only partly known: its directory part (`../other/$X` → ../other/).
    const head = word.dynamic ? text.slice(0, text.search(/[$`*?[]/) + 1 || text.length).replace(/[^/]*$/, '') : text;
    if (head === '' || head.startsWith('-')) continue;
    const directory = resolve(cwd, head);
    try {
      if (statSync(directory).isDirectory()) add(directory);
    } catch {
      continue;
    }
  }
  return [...roots];
}

/** The repository walks one hook call has made, by root and script name: a line with many runners walks each once. */
type Walks = Map<string, ReturnType<typeof terraformUnder>>;

function walk(walks: Walks, root: string, alsoRead: string | null, deadline: number): ReturnType<typeof terraformUnder> {
  const key = `${root}\0${alsoRead ?? ''}`;
  if (!walks.has(key)) walks.set(key, terraformUnder(root, alsoRead, deadline));
  return walks.get(key)!;
}

/** What `terraformUnder` found, in words. */
function describeNear(near: NonNullable<ReturnType<typeof terraformUnder>>, root: string): string {
  return 'what' in near ? `in ${root}, ${near.what}` : `${near.tooLarge}, to be sure nothing there runs Terraform`;
}

/** The line a package manager runs for a program and its words: a dependency's (node_modules/.bin) before one on PATH. */
function programLine(directory: string, words: readonly Word[]): string {
  const [program, ...args] = words;
  const path = localProgram(directory, program!.text) ?? program!.text;
  return appendArguments(quoteWord(path), args);
}

/**
 * How the guard finds what a program name is (`tf apply`): on PATH (or by its path), a symlink to
 * Terraform or OpenTofu, or a copy of the one on PATH, is that tool; a small text file is a
 * script to read; a name not on PATH at all, where there are Terraform files, may be an alias or
 * a function of the agent's shell.
 */
function programLookup(path: string): ProgramLookup {
  return (written, directory) => {
    const file = written.includes('/') ? (isAbsolute(written) ? written : join(directory, written)) : findOnPath(written, path);
    if (file === null || !existsSync(file)) return hasTerraformFiles(directory) ? 'not-on-path' : null;
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      return null;
    }
    const named = PROGRAMS.find((program) => program.pattern.test(basename(real)));
    if (named) return { tool: named.tool };
    for (const tool of ['terraform', 'tofu'] as const) {
      const installed = findOnPath(tool, path);
      if (installed !== null && sameBytes(real, installed)) return { tool };
    }
    return isText(real) ? { script: real } : null;
  };
}

/** Whether a file starts as text (a script), not a compiled program. */
function isText(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const start = Buffer.alloc(4096);
      return !start.subarray(0, readSync(fd, start, 0, start.length, 0)).includes(0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Whether two files have the same bytes (a copy of a program); compared only when their sizes match. */
function sameBytes(a: string, b: string): boolean {
  try {
    if (statSync(a).size !== statSync(b).size) return false;
    const [left, right] = [openSync(a, 'r'), openSync(b, 'r')];
    try {
      const chunk = 1 << 20;
      const [x, y] = [Buffer.alloc(chunk), Buffer.alloc(chunk)];
      for (let offset = 0; ; offset += chunk) {
        const count = readSync(left, x, 0, chunk, offset);
        if (count !== readSync(right, y, 0, chunk, offset) || !x.subarray(0, count).equals(y.subarray(0, count))) return false;
        if (count === 0) return true;
      }
    } finally {
      closeSync(left);
      closeSync(right);
    }
  } catch {
    return false;
  }
}

async function assessChange(intent: ChangeIntent, options: GuardOptions, budgetMs: number): Promise<Assessment> {
  const started = Date.now();
  if (intent.manyModules) {
    return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, 'it runs over many modules, which tf-plan-guard does not plan one by one'), timedOut: false };
  }
  const replaced = intent.replacesSavedPlan;
  if (replaced && !replaced.onlyIfPlanSucceeds && existsSync(replaced.file)) {
    return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, 'it applies its plan file even when the `plan` before it fails, and a plan file of that name is already there, which would then be applied unchecked'), timedOut: false };
  }
  // A destroy, however spelled (`destroy`, `apply -destroy`), is checked against both names.
  const applyOnly = optionsOnlyTheApplyReads({ ...process.env, ...intent.env }, intent.destroy);
  if (applyOnly !== null) return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, applyOnly), timedOut: false };
  const program = planningProgram(intent, options);
  if ('problem' in program) return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, program.problem), timedOut: false };
  const outcome = await producePlan(requestFor(intent, program.path, budgetMs));
  if (!outcome.ok) return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, outcome.problem), timedOut: outcome.timedOut };
  try {
    const deciding = options.policyFor(intent.directory);
    // The analysis counts in the budget too: a plan it cannot judge in time is put before a person.
    const verdict = await judgeWithin({ json: outcome.json, policy: deciding.policy, intent }, budgetMs - (Date.now() - started), options.analysisScript ?? null);
    if (verdict === 'late') return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, 'its plan was made, but the analysis did not finish in time (--timeout)'), timedOut: false };
    if (verdict.blocking) return { intent, outcome: 'blocking', reason: [...verdict.reason, ...policyLines(deciding)], timedOut: false };
    if (deciding.loosened.length === 0) return { intent, outcome: 'clear', reason: [], timedOut: false };
    return { intent, outcome: 'policy-loosened', reason: [`\`${intent.display}\` in ${intent.directory}: nothing in its plan blocks under the committed policy.`, ...policyLines(deciding)], timedOut: false };
  } finally {
    outcome.cleanup();
  }
}

/**
 * The program the guard plans with: the configured one for the tool, else the tool's name as
 * written, found on the hook's PATH. A program the command line names by a path (`./bin/terraform`)
 * is never run by the guard: when it is not the same file, what it would do is not known.
 */
export function planningProgram(intent: ChangeIntent, options: Pick<GuardOptions, 'programs' | 'path'>): { path: string } | { problem: string } {
  const written = intent.program;
  const defaultName = intent.tool === 'tofu' ? 'tofu' : intent.tool;
  const configured = options.programs?.[intent.tool];
  const trusted = configured ?? findOnPath(written.includes('/') ? defaultName : written, options.path ?? process.env['PATH'] ?? '');
  if (!written.includes('/')) {
    if (trusted === null) return { problem: `\`${written}\` is not installed or not on PATH` };
    return { path: trusted };
  }
  const same = trusted !== null && sameFile(written, trusted);
  if (same) return { path: trusted };
  // The path as written is not shown (it is command text); the program's name and the trusted path are.
  const shown = existsSync(written) ? written : `…/${basename(written)}`;
  return { problem: `it runs ${shown}, which is not the ${defaultName} tf-plan-guard plans with (${trusted ?? `no ${defaultName} on PATH`}), so its plan cannot be trusted to be what would run` };
}

function findOnPath(name: string, path: string): string | null {
  if (isAbsolute(name)) return name;
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * Whether the configuration in `directory` existed before now, as far as the directory shows:
 * `.tf` files committed to git, or a state backup Terraform wrote on an earlier apply. An empty
 * prior state there means a lost state, not a new configuration.
 */
export function configurationEvidence(directory: string): RuleContext['configurationChange'] {
  if (existsSync(join(directory, 'terraform.tfstate.backup'))) return 'modified';
  let tfFiles: string[];
  try {
    tfFiles = readdirSync(directory).filter((name) => name.endsWith('.tf') || name.endsWith('.tf.json'));
  } catch {
    return 'unknown';
  }
  if (tfFiles.length === 0) return 'unknown';
  const tracked = spawnSync('git', ['ls-tree', '--name-only', 'HEAD', '--', ...tfFiles], { cwd: directory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });
  if (tracked.status !== 0) return 'unknown';
  return tracked.stdout.trim() !== '' ? 'modified' : 'unknown';
}
