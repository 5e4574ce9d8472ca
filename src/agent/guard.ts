/**
 * What the guard thinks of one command line an agent is about to run: each Terraform run in it is
 * planned and analyzed by the same pipeline as `analyze`, and each is either clear or a reason a
 * human must read first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePlans } from '../analyze.js';
import { loadPlanBytes } from '../plan/load.js';
import type { Policy } from '../policy/config.js';
import type { Analysis } from '../report.js';
import type { RuleContext } from '../rules/types.js';
import { producePlan, requestFor } from './planner.js';
import { describeAnalysis, describeIntentProblem } from './reason.js';
import { recognizeTerraformCommands, type ChangeIntent, type Intent } from './terraform-commands.js';

export interface GuardOptions {
  /** The policy that decides for a Terraform directory. */
  policyFor: (directory: string) => Policy;
  /** Milliseconds for all the planning one command line needs. */
  budgetMs: number;
}

export interface Assessment {
  intent: Intent;
  /** clear: planned, nothing blocks. Anything else needs a person. */
  outcome: 'clear' | 'blocking' | 'not-planned' | 'state' | 'uncertain';
  /** Lines a person reads in the permission prompt; empty when clear. */
  reason: string[];
  timedOut: boolean;
}

export function assessCommandLine(line: string, cwd: string, options: GuardOptions): Assessment[] {
  const deadline = Date.now() + options.budgetMs;
  return recognizeTerraformCommands(line, cwd).map((intent) => {
    if (intent.kind !== 'change') return { intent, outcome: intent.kind, reason: describeIntentProblem(intent), timedOut: false };
    return assessChange(intent, options.policyFor(intent.directory), deadline - Date.now());
  });
}

function assessChange(intent: ChangeIntent, policy: Policy, budgetMs: number): Assessment {
  if (intent.manyModules) {
    return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, 'it runs over many modules, which tf-plan-guard does not plan one by one'), timedOut: false };
  }
  const outcome = producePlan(requestFor(intent, budgetMs));
  if (!outcome.ok) return { intent, outcome: 'not-planned', reason: describeIntentProblem(intent, outcome.problem), timedOut: outcome.timedOut };
  try {
    const analysis = analyzeGuardedPlan(outcome.json, intent);
    if (!analysis.report.blocking) return { intent, outcome: 'clear', reason: [], timedOut: false };
    return { intent, outcome: 'blocking', reason: describeAnalysis(intent, analysis), timedOut: false };
  } finally {
    outcome.cleanup();
  }
  function analyzeGuardedPlan(json: Buffer, planned: ChangeIntent): Analysis {
    const plan = loadPlanBytes(json, `plan of ${planned.directory}`);
    return analyzePlans([plan], policy, { configurationChange: () => configurationEvidence(planned.directory) });
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
