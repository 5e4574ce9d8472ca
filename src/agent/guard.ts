/**
 * What the guard thinks of one command line an agent is about to run: each Terraform run in it is
 * planned and analyzed by the same pipeline as `analyze`, and each is either clear or a reason a
 * human must read first.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { analyzePlans } from '../analyze.js';
import { loadPlanBytes } from '../plan/load.js';
import type { Policy } from '../policy/config.js';
import type { Analysis } from '../report.js';
import type { RuleContext } from '../rules/types.js';
import { optionsOnlyTheApplyReads, producePlan, requestFor } from './planner.js';
import { runnerConcern } from './runners.js';
import { describeAnalysis, describeIntentProblem } from './reason.js';
import { recognizeTerraformCommands, type ChangeIntent, type Intent, type Tool } from './terraform-commands.js';

export interface GuardOptions {
  /** The policy that decides for a Terraform directory. */
  policyFor: (directory: string) => Policy;
  /** Milliseconds for all the planning one command line needs. */
  budgetMs: number;
  /** The programs it plans with, when configured (`--terraform FILE`); else each tool's name found on PATH. */
  programs?: Partial<Record<Tool, string>>;
  /** The PATH programs are looked up in (the hook's own). */
  path?: string;
}

export interface Assessment {
  intent: Intent;
  /** clear: planned, nothing blocks. Anything else needs a person. */
  outcome: 'clear' | 'blocking' | 'not-planned' | 'state' | 'uncertain' | 'guarded-apply' | 'runner';
  /** Lines a person reads in the permission prompt; empty when clear. */
  reason: string[];
  timedOut: boolean;
}

export async function assessCommandLine(line: string, cwd: string, options: GuardOptions): Promise<Assessment[]> {
  const deadline = Date.now() + options.budgetMs;
  const assessments: Assessment[] = [];
  for (const intent of recognizeTerraformCommands(line, cwd)) {
    if (intent.kind === 'runner') {
      const concern = runnerConcern(intent);
      assessments.push(concern === null ? { intent, outcome: 'clear', reason: [], timedOut: false } : { intent, outcome: 'runner', reason: describeIntentProblem(intent, concern), timedOut: false });
    } else if (intent.kind !== 'change') assessments.push({ intent, outcome: intent.kind, reason: describeIntentProblem(intent), timedOut: false });
    else assessments.push(await assessChange(intent, options, deadline - Date.now()));
  }
  return assessments;
}

async function assessChange(intent: ChangeIntent, options: GuardOptions, budgetMs: number): Promise<Assessment> {
  if (intent.manyModules) {
    return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, 'it runs over many modules, which tf-plan-guard does not plan one by one'), timedOut: false };
  }
  // A destroy, however spelled (`destroy`, `apply -destroy`), is checked against both names.
  const applyOnly = optionsOnlyTheApplyReads({ ...process.env, ...intent.env }, intent.destroy);
  if (applyOnly !== null) return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, applyOnly), timedOut: false };
  const program = planningProgram(intent, options);
  if ('problem' in program) return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, program.problem), timedOut: false };
  const outcome = await producePlan(requestFor(intent, program.path, budgetMs));
  if (!outcome.ok) return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, outcome.problem), timedOut: outcome.timedOut };
  try {
    const plan = loadPlanBytes(outcome.json, `plan of ${intent.directory}`);
    const analysis: Analysis = analyzePlans([plan], options.policyFor(intent.directory), { configurationChange: () => configurationEvidence(intent.directory) });
    if (!analysis.report.blocking) return { intent, outcome: 'clear', reason: [], timedOut: false };
    return { intent, outcome: 'blocking', reason: describeAnalysis(intent, analysis), timedOut: false };
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
  return { problem: `it runs ${written}, which is not the ${defaultName} tf-plan-guard plans with (${trusted ?? `no ${defaultName} on PATH`}), so its plan cannot be trusted to be what would run` };
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
