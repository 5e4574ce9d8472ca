/**
 * Builds `terraform show -json` plan objects for rule tests, and runs them through the real
 * loader and pipeline. A test states only the changes it is about; the factory fills in the rest
 * the way Terraform writes it (prior_state from the objects that exist before the plan, omitted
 * when the state is empty).
 */
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import type { Finding, RuleContext, RuleId } from '../../src/rules/types.js';

export interface ChangeSpec {
  type: string;
  name?: string;
  /** Defaults to `type.name`. */
  address?: string;
  /** The instance key (`index`), written as Terraform writes it beside the address. */
  index?: string | number;
  mode?: 'managed' | 'data';
  actions: string[];
  before?: unknown;
  after?: unknown;
  afterUnknown?: unknown;
  beforeSensitive?: unknown;
  afterSensitive?: unknown;
  replacePaths?: (string | number)[][];
  actionReason?: string;
  /** The deposed key: the change is about a deposed object of the address (Terraform's `deposed`). */
  deposed?: string;
  /**
   * The resource block's `expressions` in the plan's `configuration` (the arguments it sets,
   * e.g. `{ policy: { references: ['data.aws_iam_policy_document.p.json'] } }`). When any change
   * states it, the plan gets a configuration section holding the blocks of those that do
   * (root module only); otherwise the plan has none, as older plans.
   */
  expressions?: Record<string, unknown>;
}

export interface PlanOptions {
  /** Prior-state resource addresses; by default every change whose object exists before the plan. */
  priorResources?: { address: string; type: string; mode?: 'managed' | 'data' }[];
  variables?: Record<string, unknown>;
}

export function planJson(changes: ChangeSpec[], options: PlanOptions = {}): Record<string, unknown> {
  const resourceChanges = changes.map(resourceChangeJson);
  const prior =
    options.priorResources ??
    resourceChanges
      .filter((change) => change.change.before !== null)
      .map((change) => ({ address: change.address, type: change.type, mode: change.mode as 'managed' | 'data' }));
  const plan: Record<string, unknown> = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    variables: Object.fromEntries(Object.entries(options.variables ?? {}).map(([name, value]) => [name, { value }])),
    resource_changes: resourceChanges,
  };
  const configured = changes.filter((spec) => spec.expressions !== undefined);
  if (configured.length > 0) plan['configuration'] = { root_module: { resources: configured.map(configurationBlock) } };
  // Terraform omits prior_state when the state is empty.
  if (prior.length > 0) {
    plan['prior_state'] = {
      format_version: '1.0',
      terraform_version: '1.11.4',
      values: { root_module: { resources: prior.map((resource) => ({ address: resource.address, mode: resource.mode ?? 'managed', type: resource.type })) } },
    };
  }
  return plan;
}

/** One `resource_changes[]` entry as Terraform writes it (also the `resource_change` of a deferred change). */
export function resourceChangeJson(spec: ChangeSpec) {
  const name = spec.name ?? 'this';
  return {
    address: spec.address ?? `${spec.mode === 'data' ? 'data.' : ''}${spec.type}.${name}`,
    mode: spec.mode ?? 'managed',
    type: spec.type,
    name,
    provider_name: `registry.terraform.io/hashicorp/${spec.type.split('_')[0]}`,
    change: {
      actions: spec.actions,
      before: spec.before ?? null,
      after: spec.after ?? null,
      after_unknown: spec.afterUnknown ?? {},
      before_sensitive: spec.beforeSensitive ?? (spec.before ? {} : false),
      after_sensitive: spec.afterSensitive ?? (spec.after ? {} : false),
      ...(spec.replacePaths ? { replace_paths: spec.replacePaths } : {}),
    },
    ...(spec.index !== undefined ? { index: spec.index } : {}),
    ...(spec.actionReason ? { action_reason: spec.actionReason } : {}),
    ...(spec.deposed ? { deposed: spec.deposed } : {}),
  };
}

/** A root-module resource block as `configuration.root_module.resources[]` writes it. */
function configurationBlock(spec: ChangeSpec): Record<string, unknown> {
  if (spec.address?.startsWith('module.')) throw new Error(`expressions: the factory writes root-module blocks only, not ${spec.address}`);
  const mode = spec.mode ?? 'managed';
  const name = spec.name ?? 'this';
  return { address: `${mode === 'data' ? 'data.' : ''}${spec.type}.${name}`, mode, type: spec.type, name, expressions: spec.expressions };
}

/** Findings of the whole pipeline (built-in policy) for one plan object. */
export function analyzeJson(json: unknown, configurationChange: RuleContext['configurationChange'] = 'unknown'): Finding[] {
  const plan = loadPlanJson(json, 'test-plan.json');
  const { report } = analyzePlans([plan], DEFAULT_POLICY, { configurationChange: () => configurationChange });
  return report.plans[0]!.findings;
}

/** Findings of one rule for a plan built from the given changes. */
export function findingsOf(ruleId: RuleId, changes: ChangeSpec[], options: PlanOptions = {}, configurationChange: RuleContext['configurationChange'] = 'unknown'): Finding[] {
  return analyzeJson(planJson(changes, options), configurationChange).filter((finding) => finding.ruleId === ruleId);
}

/** A resource created with the given attribute values. */
export function created(type: string, after: Record<string, unknown>, extra: Partial<ChangeSpec> = {}): ChangeSpec {
  return { type, actions: ['create'], after, ...extra };
}

/** A resource updated in place from `before` to `after`. */
export function updated(type: string, before: Record<string, unknown>, after: Record<string, unknown>, extra: Partial<ChangeSpec> = {}): ChangeSpec {
  return { type, actions: ['update'], before, after, ...extra };
}

/** A resource replaced (delete, then create). */
export function replaced(type: string, before: Record<string, unknown>, after: Record<string, unknown>, extra: Partial<ChangeSpec> = {}): ChangeSpec {
  return { type, actions: ['delete', 'create'], before, after, ...extra };
}

/** A resource destroyed. */
export function deleted(type: string, before: Record<string, unknown>, extra: Partial<ChangeSpec> = {}): ChangeSpec {
  return { type, actions: ['delete'], before, ...extra };
}
