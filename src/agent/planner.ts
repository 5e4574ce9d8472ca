/**
 * Produces the plan an apply or destroy would carry out, by running the same program in the same
 * directory with the same plan-shaping options, and hands back `show -json` of it. The saved
 * plan file lives in a private temporary directory that is removed afterwards, unless the
 * caller keeps it to apply exactly that plan.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  env?: NodeJS.ProcessEnv;
}

export type PlanOutcome =
  | { ok: true; json: Buffer; planFile: string; cleanup: () => void }
  | { ok: false; problem: string; timedOut: boolean };

export function requestFor(intent: ChangeIntent, budgetMs: number): PlanRequest {
  return {
    program: intent.program,
    directory: intent.directory,
    destroy: intent.destroy,
    planArgs: intent.planArgs,
    savedPlan: intent.savedPlan,
    budgetMs,
    env: { ...process.env, ...intent.env },
  };
}

export function producePlan(request: PlanRequest): PlanOutcome {
  const deadline = Date.now() + request.budgetMs;
  if (!existsSync(request.directory) || !statSync(request.directory).isDirectory()) {
    return { ok: false, problem: `the directory ${request.directory} does not exist`, timedOut: false };
  }
  const workDir = mkdtempSync(join(tmpdir(), 'tf-plan-guard-'));
  const cleanup = (): void => rmSync(workDir, { recursive: true, force: true });
  try {
    let planFile = request.savedPlan;
    if (planFile === null) {
      planFile = join(workDir, 'guarded.tfplan');
      const args = ['plan', '-input=false', '-no-color', `-out=${planFile}`, ...(request.destroy ? ['-destroy'] : []), ...request.planArgs];
      const planned = run(request, args, deadline);
      if (!planned.ok) {
        cleanup();
        return planned;
      }
    }
    const shown = run(request, ['show', '-json', planFile], deadline);
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

function run(request: PlanRequest, args: string[], deadline: number): { ok: true; stdout: Buffer } | { ok: false; problem: string; timedOut: boolean } {
  const remaining = deadline - Date.now();
  const command = `${request.program} ${args[0]}`;
  if (remaining <= 0) return { ok: false, problem: `the time budget ran out before \`${command}\``, timedOut: true };
  const result = spawnSync(request.program, args, {
    cwd: request.directory,
    env: { ...(request.env ?? process.env), TF_IN_AUTOMATION: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: remaining,
    // Terraform treats an interrupt as "stop gracefully and release the lock".
    killSignal: 'SIGINT',
    maxBuffer: 1 << 30,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ETIMEDOUT') return { ok: false, problem: `\`${command}\` did not finish within the time budget`, timedOut: true };
    if (code === 'ENOENT') return { ok: false, problem: `\`${request.program}\` is not installed or not on PATH`, timedOut: false };
    return { ok: false, problem: `\`${command}\` could not run (${code ?? 'error'})`, timedOut: false };
  }
  if (result.status !== 0) return { ok: false, problem: `\`${command}\` failed: ${terraformError(result.stderr.toString('utf8'))}`, timedOut: false };
  return { ok: true, stdout: result.stdout };
}

/**
 * The summary line of Terraform's first error ("Backend initialization required, please run
 * terraform init"), never its detail: details can quote configuration values.
 */
export function terraformError(stderr: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = stderr.replace(/\u001b\[[0-9;]*m/g, '');
  const summary = /Error:\s*([^\n]+)/.exec(clean)?.[1]?.trim();
  const text = summary ?? 'it exited with an error';
  const cut = text.length > 160 ? `${text.slice(0, 159)}…` : text;
  return /terraform init|tofu init/.test(clean) ? `${cut} (it asks for \`init\` first)` : cut;
}
