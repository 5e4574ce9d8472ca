/**
 * The raw `terraform show -json` shape, typed only as far as the analysis needs it.
 * Every object is loose: unknown fields from newer Terraform or OpenTofu versions pass through,
 * and anything that differs by version is optional (null accepted wherever absence is: other
 * producers of this format write null where Terraform omits the key). Strictness here breaks real plans.
 */
import * as z from 'zod';
import { misfitOf } from './schema-fits.js';

const rawChange = z.looseObject({
  // Action names are free strings: a future Terraform may add one, which must not be fatal.
  actions: z.array(z.string()),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).nullish(),
  importing: z.unknown().optional(),
});

export const rawResourceChange = z.looseObject({
  // Terraform 0.15-1.0 wrote `resource_drift` entries without an address; it is rebuilt from the parts.
  address: z.string().nullish(),
  previous_address: z.string().nullish(),
  module_address: z.string().nullish(),
  mode: z.string().nullish(),
  type: z.string(),
  name: z.string().nullish(),
  index: z.unknown().optional(),
  provider_name: z.string().nullish(),
  deposed: z.string().nullish(),
  change: rawChange,
  action_reason: z.string().nullish(),
});

const rawResource = z.looseObject({
  address: z.string().nullish(),
  mode: z.string().nullish(),
  type: z.string().nullish(),
  /** Set on a deposed object, listed beside the current object of the same resource instance. */
  deposed_key: z.string().nullish(),
});

export interface RawModule {
  resources?: z.infer<typeof rawResource>[] | null;
  child_modules?: RawModule[] | null;
  [key: string]: unknown;
}

const rawModule: z.ZodType<RawModule> = z.lazy(() =>
  z.looseObject({
    resources: z.array(rawResource).nullish(),
    child_modules: z.array(rawModule).nullish(),
  }),
);

const rawState = z.looseObject({
  values: z
    .looseObject({
      root_module: rawModule.nullish(),
      outputs: z.record(z.string(), z.looseObject({ sensitive: z.boolean().nullish(), value: z.unknown().optional() })).nullish(),
    })
    .nullish(),
});

const rawOutputChange = z.looseObject({
  actions: z.array(z.string()),
  after_sensitive: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

const rawActionInvocation = z.looseObject({
  address: z.string().nullish(),
  type: z.string().nullish(),
  name: z.string().nullish(),
  provider_name: z.string().nullish(),
  config_values: z.record(z.string(), z.unknown()).nullish(),
  config_sensitive: z.unknown().optional(),
  lifecycle_action_trigger: z
    .looseObject({ triggering_resource_address: z.string().nullish(), action_trigger_event: z.string().nullish() })
    .nullish(),
  invoke_cmd_action_trigger: z.looseObject({ action_trigger_event: z.string().nullish() }).nullish(),
});

export const rawPlan = z.looseObject({
  format_version: z.string().optional(),
  plan_format_version: z.string().optional(),
  terraform_version: z.string().nullish(),
  variables: z.record(z.string(), z.looseObject({ value: z.unknown().optional() })).nullish(),
  resource_changes: z.array(rawResourceChange).nullish(),
  resource_drift: z.array(rawResourceChange).nullish(),
  output_changes: z.record(z.string(), rawOutputChange).nullish(),
  prior_state: rawState.nullish(),
  // Its modules are read as the prior state's are (secrets.ts): a module of another shape is a malformed plan, not a crash.
  planned_values: z.looseObject({ root_module: rawModule.nullish() }).nullish(),
  configuration: z.unknown().optional(),
  errored: z.boolean().nullish(),
  complete: z.boolean().nullish(),
  // Terraform 1.9+: changes that could not be planned fully this round.
  deferred_changes: z.array(z.looseObject({ reason: z.string().nullish(), resource_change: rawResourceChange })).nullish(),
  // Terraform 1.14+: provider actions the apply runs.
  action_invocations: z.array(rawActionInvocation).nullish(),
  deferred_action_invocations: z.array(z.looseObject({ reason: z.string().nullish(), action_invocation: rawActionInvocation })).nullish(),
});

export type RawPlan = z.infer<typeof rawPlan>;
export type RawResourceChange = z.infer<typeof rawResourceChange>;
export type RawActionInvocation = z.infer<typeof rawActionInvocation>;

/**
 * The plan itself, typed, when it fits the schema; else the first issue a parse of the whole
 * plan reports. zod's parse returns a copy of every object it checks (the elements of a 600 MB
 * plan's `resource_changes` among them), and nothing in the schema transforms a value, so the
 * copy equals the plan: the plan is only checked (schema-fits.ts), and any issue is named by
 * zod's parse, with the path and words it has always given. The copy is never used: it leaves out
 * every `__proto__` key, which JSON.parse keeps as any other (a variable of that name, whose value
 * would then not be hidden), and zod checks nothing under one. A plan that does not fit only there
 * has its issue named where it does not fit.
 */
export function checkRawPlan(record: Record<string, unknown>): { plan: RawPlan; issue: null } | { plan: null; issue: z.core.$ZodIssue | null } {
  const misfit = misfitOf(rawPlan, record);
  if (misfit === null) return { plan: record as RawPlan, issue: null };
  const parsed = rawPlan.safeParse(record);
  if (!parsed.success) return { plan: null, issue: parsed.error.issues[0] ?? null };
  const inner = misfit.schema.safeParse(misfit.value).error?.issues[0];
  return { plan: null, issue: inner ? { ...inner, path: [...misfit.path, ...inner.path] } : null };
}
