/**
 * What an analysis in the action reads from the workspace: the plans, and outside a pull request
 * the checkout's policy; then the analysis itself. A pull request's policy comes from its base
 * commit instead (decision/policy-source.ts).
 */
import { resolve } from 'node:path';
import { analyzePlans } from '../analyze.js';
import { stricterBlockOn } from '../decision/gate-inputs.js';
import { configurationChange, type PullRequestFile } from '../github/files.js';
import { loadPlanFile } from '../plan/load.js';
import type { Plan } from '../plan/model.js';
import { loadPolicyFile, resolvePolicy, type Policy } from '../policy/config.js';
import type { Analysis } from '../report.js';
import type { Finding } from '../rules/types.js';
import type { ActionInputs } from './inputs.js';
import { resolvePlanFiles, type PlanFile } from './plan-files.js';

export interface LoadedPlans {
  planFiles: PlanFile[];
  plans: Plan[];
}

export interface LoadedInput extends LoadedPlans {
  policy: Policy;
  /** `policy-changed`, when the PR changes the policy file. */
  pullRequestFindings: readonly Finding[];
  /** `workflow-changed`, when the PR changes the workflow running the check: it blocks whatever the policy says. */
  gateFindings?: readonly Finding[];
}

export interface LoadedAnalysis extends LoadedPlans {
  analysis: Analysis;
}

/** Reads the plans: every plan error surfaces here, before any API call. */
export function loadPlans(inputs: ActionInputs, workspace: string): LoadedPlans {
  const planFiles = resolvePlanFiles(inputs.planFiles, workspace);
  const plans = planFiles.map((file) => loadPlanFile(file.path, file.name));
  return { planFiles, plans };
}

/** Outside a pull request there is no base: the policy is the checkout's file (like the CLI's). */
export function loadLocalInput(inputs: ActionInputs, workspace: string): LoadedInput {
  const path = resolve(workspace, inputs.configFile.path);
  const policy = inputs.configFile.explicit ? loadPolicyFile(path, inputs.configFile.path) : resolvePolicy(null, workspace);
  return { policy: withBlockOnInput(policy, inputs), pullRequestFindings: [], ...loadPlans(inputs, workspace) };
}

/**
 * The `block-on` input is the workflow's, not the policy file's: it wins; unless
 * `noLooserThanPolicy` (a PR changing its workflow: decision/gate-inputs.ts), then the stricter wins.
 */
export function withBlockOnInput(policy: Policy, inputs: ActionInputs, noLooserThanPolicy = false): Policy {
  if (!inputs.blockOn) return policy;
  return { ...policy, blockOn: noLooserThanPolicy ? stricterBlockOn(inputs.blockOn, policy.blockOn) : inputs.blockOn };
}

/** `files`: the PR's file list; `checkoutTfFiles`: the `.tf` paths of the workspace (the PR's head). */
export function analyze(input: LoadedInput, files: readonly PullRequestFile[] | null, checkoutTfFiles: readonly string[] = []): LoadedAnalysis {
  const directoryOf = new Map(input.planFiles.map((file) => [file.name, file.configurationDir]));
  const analysis = analyzePlans(input.plans, input.policy, {
    configurationChange: (plan) => {
      const dir = directoryOf.get(plan.name);
      return files && dir !== null && dir !== undefined ? configurationChange(files, dir, checkoutTfFiles) : 'unknown';
    },
    pullRequestFindings: input.pullRequestFindings,
    gateFindings: input.gateFindings ?? [],
  });
  return { analysis, planFiles: input.planFiles, plans: input.plans };
}
