/**
 * The raw `terraform show -json` shape, typed only as far as the analysis needs it.
 * Every object is loose: unknown fields from newer Terraform or OpenTofu versions pass through,
 * and anything that differs by version is optional. Strictness here breaks real plans.
 */
import { z } from 'zod';

const rawChange = z.looseObject({
  // Action names are free strings: a future Terraform may add one, which must not be fatal.
  actions: z.array(z.string()),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  importing: z.unknown().optional(),
});

export const rawResourceChange = z.looseObject({
  // Terraform 0.15-1.0 wrote `resource_drift` entries without an address; it is rebuilt from the parts.
  address: z.string().optional(),
  previous_address: z.string().optional(),
  module_address: z.string().optional(),
  mode: z.string().optional(),
  type: z.string(),
  name: z.string().optional(),
  index: z.unknown().optional(),
  provider_name: z.string().optional(),
  deposed: z.string().optional(),
  change: rawChange,
  action_reason: z.string().optional(),
});

const rawResource = z.looseObject({
  address: z.string().optional(),
  mode: z.string().optional(),
  type: z.string().optional(),
});

export interface RawModule {
  resources?: z.infer<typeof rawResource>[];
  child_modules?: RawModule[];
  [key: string]: unknown;
}

const rawModule: z.ZodType<RawModule> = z.lazy(() =>
  z.looseObject({
    resources: z.array(rawResource).optional(),
    child_modules: z.array(rawModule).optional(),
  }),
);

const rawState = z.looseObject({
  values: z
    .looseObject({
      root_module: rawModule.optional(),
      outputs: z.record(z.string(), z.looseObject({ sensitive: z.boolean().optional(), value: z.unknown().optional() })).optional(),
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

export const rawPlan = z.looseObject({
  format_version: z.string().optional(),
  plan_format_version: z.string().optional(),
  terraform_version: z.string().optional(),
  variables: z.record(z.string(), z.looseObject({ value: z.unknown().optional() })).optional(),
  resource_changes: z.array(rawResourceChange).optional(),
  resource_drift: z.array(rawResourceChange).optional(),
  output_changes: z.record(z.string(), rawOutputChange).optional(),
  prior_state: rawState.optional(),
  planned_values: z.unknown().optional(),
  configuration: z.unknown().optional(),
  errored: z.boolean().optional(),
});

export type RawPlan = z.infer<typeof rawPlan>;
export type RawResourceChange = z.infer<typeof rawResourceChange>;
