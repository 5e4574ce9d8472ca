/**
 * Produces the plan an apply or destroy would carry out, by running the planning program in the
 * same directory with the same plan-shaping options, and hands back `show -json` of it. The saved
 * plan file lives in a private temporary directory that is removed afterwards, unless the
 * caller keeps it to apply exactly that plan.
 *
 * Every Terraform run is a process group of its own: at the deadline the whole group (Terraform
 * and its provider plugins) gets SIGINT, Terraform's "stop gracefully and release the lock", and
 * SIGKILL after a grace period if it is still there. A signal to this process, or its exit on any
 * path, stops the groups still running and removes their temporary directories
 * (`stopAllPlanning`), so no plan is left holding the state lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ChangeIntent } from './terraform-commands.js';

export interface PlanRequest {
  program: string;
  directory: string;
  destroy: boolean;
  planArgs: readonly string[];
  /** A saved plan to show instead of planning anew. */
  savedPlan: string | null;
  /** When this many milliseconds have passed, the run is stopped. */
  budgetMs: number;
  /** Milliseconds between SIGINT and SIGKILL when the budget runs out. */
  graceMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Values the command line gave (its environment assignments): never shown, even in Terraform's own error. */
  hiddenValues?: readonly string[];
  /** The command's words were split again from a joined line (`eval`): any of them may be a value's piece. */
  resplit?: boolean;
}

export type PlanOutcome =
  | { ok: true; json: Buffer; planFile: string; cleanup: () => void }
  | { ok: false; problem: string; timedOut: boolean };

/** Terraform usually stops a plan within a second of SIGINT; this is the most it gets. */
export const DEFAULT_GRACE_MS = 5_000;

/** Process groups still running, and the temporary directories still on disk. */
const runningGroups = new Set<ChildProcess>();
const workDirs = new Set<string>();

/** Told when planning starts (a temporary directory or a process group exists) and when nothing of it is left. */
let activityListener: ((active: boolean) => void) | null = null;
let wasActive = false;

function noteActivity(): void {
  const active = runningGroups.size > 0 || workDirs.size > 0;
  if (active === wasActive) return;
  wasActive = active;
  activityListener?.(active);
}

/**
 * Calls `listener(true)` when planning leaves something to stop or remove, and `listener(false)`
 * when nothing is left. Returns the function that stops the calls.
 */
export function onPlanningActivity(listener: (active: boolean) => void): () => void {
  activityListener = listener;
  if (wasActive) listener(true);
  return () => {
    if (activityListener === listener) activityListener = null;
  };
}

/**
 * The plan an agent's apply or destroy would make. Its environment is the one the command would
 * run with, but for TF_CLI_ARGS_plan: `terraform apply` plans without reading it.
 */
export function requestFor(intent: ChangeIntent, program: string, budgetMs: number): PlanRequest {
  const env: NodeJS.ProcessEnv = { ...process.env, ...intent.env };
  delete env['TF_CLI_ARGS_plan'];
  return {
    program,
    directory: intent.directory,
    destroy: intent.destroy,
    planArgs: intent.planArgs,
    savedPlan: intent.savedPlan,
    budgetMs,
    env,
    hiddenValues: Object.values(intent.env),
    resplit: intent.resplit ?? false,
  };
}

/**
 * Options the environment adds to the apply or destroy itself (TF_CLI_ARGS_apply,
 * TF_CLI_ARGS_destroy): a plan does not read them, so they are what a plan cannot show. Null
 * when there are none.
 */
export function optionsOnlyTheApplyReads(env: NodeJS.ProcessEnv, destroy: boolean): string | null {
  const names = destroy ? ['TF_CLI_ARGS_apply', 'TF_CLI_ARGS_destroy'] : ['TF_CLI_ARGS_apply'];
  const set = names.filter((name) => (env[name] ?? '').trim() !== '');
  return set.length === 0 ? null : `${set.join(' and ')} in the environment add${set.length === 1 ? 's' : ''} options to the apply that a plan does not read`;
}

export async function producePlan(request: PlanRequest): Promise<PlanOutcome> {
  const deadline = Date.now() + request.budgetMs;
  if (!existsSync(request.directory) || !statSync(request.directory).isDirectory()) {
    return { ok: false, problem: `the directory ${request.directory} does not exist`, timedOut: false };
  }
  const workDir = mkdtempSync(join(tmpdir(), 'tf-plan-guard-'));
  workDirs.add(workDir);
  noteActivity();
  const cleanup = (): void => {
    rmSync(workDir, { recursive: true, force: true });
    workDirs.delete(workDir);
    noteActivity();
  };
  try {
    let planFile = request.savedPlan;
    if (planFile === null) {
      planFile = join(workDir, 'guarded.tfplan');
      const args = ['plan', '-input=false', '-no-color', `-out=${planFile}`, ...(request.destroy ? ['-destroy'] : []), ...request.planArgs];
      const planned = await run(request, args, deadline);
      if (!planned.ok) {
        cleanup();
        return planned;
      }
    }
    // Options meant for the user's commands are not for this reading of the plan.
    const showEnv: NodeJS.ProcessEnv = { ...(request.env ?? process.env) };
    delete showEnv['TF_CLI_ARGS'];
    delete showEnv['TF_CLI_ARGS_show'];
    const shown = await run({ ...request, env: showEnv }, ['show', '-json', planFile], deadline);
    if (!shown.ok) {
      cleanup();
      return shown;
    }
    return { ok: true, json: shown.stdout, planFile, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** After SIGKILL, how long the pipes are waited for before the answer is given without them. */
const LAST_WAIT_MS = 1000;

type RunResult = { ok: true; stdout: Buffer } | { ok: false; problem: string; timedOut: boolean };

function run(request: PlanRequest, args: string[], deadline: number): Promise<RunResult> {
  const remaining = deadline - Date.now();
  const command = `${basename(request.program)} ${args[0]}`;
  if (remaining <= 0) return Promise.resolve({ ok: false, problem: `the time budget ran out before \`${command}\``, timedOut: true });
  return new Promise((settle) => {
    const child = spawn(request.program, args, {
      cwd: request.directory,
      env: { ...(request.env ?? process.env), TF_IN_AUTOMATION: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // a process group of its own, so the providers it starts stop with it
    });
    runningGroups.add(child);
    noteActivity();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    let lastTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const timedOutResult: RunResult = { ok: false, problem: `\`${command}\` did not finish within the time budget`, timedOut: true };
    const finish = (result: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(budgetTimer);
      clearTimeout(killTimer);
      clearTimeout(lastTimer);
      runningGroups.delete(child);
      noteActivity();
      // Anything the group left running (a provider that ignored the signal) goes too.
      signalGroup(child, 'SIGKILL');
      // A descendant that left the group (setsid) may hold the pipes open: they are not waited for.
      child.stdout?.destroy();
      child.stderr?.destroy();
      settle(result);
    };
    const budgetTimer = setTimeout(() => {
      timedOut = true;
      signalGroup(child, 'SIGINT');
      killTimer = setTimeout(() => {
        signalGroup(child, 'SIGKILL');
        // Past the grace period the answer is given, whatever still holds the pipes.
        lastTimer = setTimeout(() => finish(timedOutResult), LAST_WAIT_MS);
      }, request.graceMs ?? DEFAULT_GRACE_MS);
    }, remaining);
    let spawnError: NodeJS.ErrnoException | null = null;
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    // Once the budget has run out, the program's own exit is enough: its output is not read.
    child.on('exit', () => {
      if (timedOut) finish(timedOutResult);
    });
    child.on('close', (status) => {
      if (timedOut) return finish(timedOutResult);
      if (spawnError) {
        const code = spawnError.code;
        if (code === 'ENOENT') return finish({ ok: false, problem: `\`${request.program}\` is not installed or not on PATH`, timedOut: false });
        return finish({ ok: false, problem: `\`${command}\` could not run (${code ?? 'error'})`, timedOut: false });
      }
      if (status !== 0) return finish({ ok: false, problem: `\`${command}\` failed: ${terraformError(Buffer.concat(stderr).toString('utf8'), valuesOf(request), request.resplit ?? false)}`, timedOut: false });
      finish({ ok: true, stdout: Buffer.concat(stdout) });
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/**
 * Stops every planning run still going and removes every temporary directory: SIGINT to each
 * group, then (after `graceMs`, or at once when 0) SIGKILL. Synchronous when `graceMs` is 0, so
 * it can run in an `exit` handler.
 */
export function stopAllPlanning(graceMs: number): Promise<void> {
  const children = [...runningGroups];
  const removeDirs = (): void => {
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
    workDirs.clear();
    noteActivity();
  };
  if (graceMs <= 0 || children.length === 0) {
    for (const child of children) signalGroup(child, 'SIGKILL');
    removeDirs();
    return Promise.resolve();
  }
  for (const child of children) signalGroup(child, 'SIGINT');
  return new Promise((done) => {
    const finish = (): void => {
      clearTimeout(timer);
      for (const child of children) signalGroup(child, 'SIGKILL');
      removeDirs();
      done();
    };
    const timer = setTimeout(finish, graceMs);
    let left = children.filter((child) => runningGroups.has(child)).length;
    if (left === 0) return finish();
    for (const child of children) {
      child.once('close', () => {
        if (--left === 0) finish();
      });
    }
  });
}

/**
 * The values a run was given that must never be shown: `-var` values, the saved plan's name, the
 * variables the command line set, and TF_VAR_* and TF_CLI_ARGS* from its environment.
 */
function valuesOf(request: PlanRequest): string[] {
  const values = [...(request.hiddenValues ?? [])];
  request.planArgs.forEach((arg, index) => {
    // -var=NAME=VALUE, or -var NAME=VALUE as `tf-plan-guard apply -- ...` passes it on.
    const assignment = /^--?var=/.test(arg) ? arg.slice(arg.indexOf('=') + 1) : /^--?var$/.test(request.planArgs[index - 1] ?? '') ? arg : null;
    if (assignment !== null) values.push(assignment.slice(assignment.indexOf('=') + 1));
  });
  // Split again from a joined line, any option's value may be a piece of another value (`-target=x` out of a `-var`).
  if (request.resplit) for (const arg of request.planArgs) if (arg.includes('=')) values.push(arg.slice(arg.indexOf('=') + 1));
  if (request.savedPlan !== null) values.push(basename(request.savedPlan));
  for (const [name, value] of Object.entries(request.env ?? {})) if (/^TF_(?:VAR_|CLI_ARGS)/.test(name) && value) values.push(value);
  return values;
}

/** The pieces of a value a message could quote: its runs of three or more letters and digits. */
function valuePieces(values: readonly string[]): string[] {
  return values.flatMap((value) => value.match(/[\p{L}\p{N}_]{3,}/gu) ?? []);
}

/**
 * The summary line of Terraform's first error ("Backend initialization required, please run
 * terraform init"), never its detail: details can quote configuration values. A summary that
 * quotes any piece of a value the command line gave is not shown at all. `resplit`: the command's
 * words came out of a line split again (`eval`), where a value's piece is a word of its own
 * (`-target=x` inside a `-var` value): what the summary quotes is left out, its kind kept
 * (`Invalid target "…"`).
 */
export function terraformError(stderr: string, hiddenValues: readonly string[] = [], resplit = false): string {
  // eslint-disable-next-line no-control-regex
  const clean = stderr.replace(/\u001b\[[0-9;]*m/g, '');
  const first = /Error:\s*([^\n]+)/.exec(clean)?.[1]?.trim();
  const found = resplit ? first?.replace(/"[^"]*"|'[^']*'|`[^`]*`|“[^”]*”/g, (quote) => `${quote[0]}…${quote[quote.length - 1]}`) : first;
  const quotesValue = found !== undefined && valuePieces(hiddenValues).some((piece) => found.includes(piece));
  const summary = quotesValue ? 'its error message quotes a value from the command line, so it is not shown' : found;
  const text = summary ?? 'it exited with an error';
  const cut = text.length > 160 ? `${text.slice(0, 159)}…` : text;
  return /terraform init|tofu init/.test(clean) ? `${cut} (it asks for \`init\` first)` : cut;
}
