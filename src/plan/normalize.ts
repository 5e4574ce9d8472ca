/** Raw plan JSON (already validated by the schema) → the normalized model. */
import { classifyActions, describeReason } from './actions.js';
import { configAddress, configuredArgumentsOf, subjectSourcesOf, type ConfiguredArguments, type SubjectSourcesByAddress } from './configuration.js';
import type { ActionInvocation, OutputChange, Plan, ResourceChange } from './model.js';
import type { RawActionInvocation, RawModule, RawPlan, RawResourceChange } from './schema.js';
import { markPlanSecretsByName } from './secret-names.js';
import { collectSecrets } from './secrets.js';
import { keptChange, unchangedValues, valuesUnread } from './values-kept.js';

/**
 * `changesKept`: the resource changes and drift were reduced to what the model keeps of them,
 * and their secrets by name marked, as the loader read them (load-sections.ts); the rest of the
 * plan (deferred changes included) is as the JSON has it.
 */
export function normalizePlan(plan: RawPlan, name: string, changesKept = false): Plan {
  // Before anything reads the masks: a value secret by its name is then sensitive to every reader.
  const raw = markPlanSecretsByName(plan, changesKept);
  const configured = configuredArgumentsOf(raw.configuration);
  const sources = subjectSourcesOf(raw.configuration, raw.variables);
  const normalize = (change: RawResourceChange): ResourceChange => normalizeChange(change, configured, sources, false);
  const normalizeKept = (change: RawResourceChange): ResourceChange => normalizeChange(change, configured, sources, changesKept);
  // Read from the raw changes, so before the loader's own are released (normalizeReleasing).
  const secrets = collectSecrets(raw);
  const normalizeEach = changesKept ? normalizeReleasing : normalizeAll;
  const changes = normalizeEach(raw.resource_changes ?? [], normalizeKept);
  const outputChanges = Object.entries(raw.output_changes ?? {}).map(([outputName, change]): OutputChange => ({
    name: outputName,
    action: classifyActions(change.actions).action,
    sensitive: change.after_sensitive === true || change.before_sensitive === true,
  }));
  return {
    name,
    formatVersion: raw.format_version ?? raw.plan_format_version ?? null,
    terraformVersion: raw.terraform_version ?? null,
    changes,
    // Nothing reads drift's values; they are kept null as an unchanged object's are.
    drift: normalizeEach(raw.resource_drift ?? [], (change) => withoutValues(normalizeKept(change))),
    outputChanges,
    priorManagedResourceCount: countPriorManagedResources(raw, changes),
    variableNames: Object.keys(raw.variables ?? {}),
    secrets,
    errored: raw.errored === true,
    complete: typeof raw.complete === 'boolean' ? raw.complete : null,
    deferred: (raw.deferred_changes ?? []).map((entry) => ({ reason: entry.reason ?? 'unknown', change: normalize(entry.resource_change) })),
    actionInvocations: [
      ...(raw.action_invocations ?? []).map((invocation) => normalizeInvocation(invocation, null)),
      ...(raw.deferred_action_invocations ?? []).map((entry) => normalizeInvocation(entry.action_invocation, entry.reason ?? 'unknown')),
    ],
    priorOutputCount: countPriorOutputs(raw, outputChanges),
  };
}

/**
 * The changes of a plan the loader built for this model alone (`changesKept`), each released as
 * soon as it is normalized: the raw elements and the model share their values, but not their
 * objects, and a 600 MB plan would otherwise hold both whole at once (a hundred MiB more at the peak).
 */
function normalizeReleasing(rawChanges: RawResourceChange[], normalize: (change: RawResourceChange) => ResourceChange): ResourceChange[] {
  const changes = new Array<ResourceChange>(rawChanges.length);
  for (let i = 0; i < rawChanges.length; i++) {
    changes[i] = normalize(rawChanges[i]!);
    (rawChanges as unknown[])[i] = undefined;
  }
  return changes;
}

function normalizeAll(rawChanges: RawResourceChange[], normalize: (change: RawResourceChange) => ResourceChange): ResourceChange[] {
  return rawChanges.map(normalize);
}

function normalizeInvocation(raw: RawActionInvocation, deferredReason: string | null): ActionInvocation {
  const type = raw.type ?? '';
  const name = raw.name ?? '';
  return {
    address: raw.address ?? `action.${type}.${name}`,
    type,
    name,
    providerName: raw.provider_name ?? '',
    configValues: raw.config_values ?? {},
    configSensitive: raw.config_sensitive ?? false,
    triggeringAddress: raw.lifecycle_action_trigger?.triggering_resource_address ?? null,
    triggerEvent: raw.lifecycle_action_trigger?.action_trigger_event ?? raw.invoke_cmd_action_trigger?.action_trigger_event ?? null,
    deferredReason,
  };
}

/**
 * Outputs the state held before this plan. An output change that starts from a value (update,
 * no-op, delete) shows one. `prior_state` outputs alone do not: Terraform's plan evaluates the
 * configuration's outputs into the refreshed prior state, so a plan from an empty state carries
 * them too, with `output_changes` saying `create` (corpus: terraform's own show-json testdata).
 * A prior-state output counts only when no output change creates it.
 */
function countPriorOutputs(raw: RawPlan, outputChanges: readonly OutputChange[]): number {
  const created = new Set(outputChanges.filter((output) => output.action === 'create').map((output) => output.name));
  const names = new Set(Object.keys(raw.prior_state?.values?.outputs ?? {}).filter((name) => !created.has(name)));
  for (const output of outputChanges) {
    if (output.action === 'update' || output.action === 'no-op' || output.action === 'delete') names.add(output.name);
  }
  return names.size;
}

function withoutValues(change: ResourceChange): ResourceChange {
  return { ...change, before: null, after: null, unchangedValues: null };
}

/** The sources of a block that sets no grant-subject argument. */
const NO_SUBJECT_SOURCES: ReadonlyMap<string, readonly string[] | null> = new Map();

function normalizeChange(raw: RawResourceChange, configured: ConfiguredArguments | null, sources: SubjectSourcesByAddress | null, alreadyKept: boolean): ResourceChange {
  const { action, replaceOrder } = classifyActions(raw.change.actions);
  // What anything reads of the values (values-kept.ts): the same whichever way the plan was read.
  const kept = alreadyKept ? (raw.change as Record<string, unknown>) : keptChange(raw.type, raw.change);
  const unread = valuesUnread(raw.change.actions);
  const index = raw.index;
  const actionReason = raw.action_reason ?? null;
  const address = raw.address ?? rebuildAddress(raw);
  const previousAddress = raw.previous_address && raw.previous_address !== address ? raw.previous_address : null;
  // Deposed objects and drift share their block's entry: the lookup is by address alone.
  const block = configAddress(address);
  const configuredHere = configured?.get(block);
  return {
    address,
    previousAddress,
    moduleAddress: raw.module_address ?? null,
    mode: raw.mode === 'data' ? 'data' : 'managed',
    type: raw.type,
    name: raw.name ?? '',
    index: typeof index === 'string' || typeof index === 'number' ? index : null,
    providerName: raw.provider_name ?? '',
    deposedKey: raw.deposed ?? null,
    rawActions: [...raw.change.actions],
    action,
    replaceOrder,
    isImport: raw.change.importing !== undefined && raw.change.importing !== null,
    isMove: previousAddress !== null,
    actionReason,
    reasonText: describeReason(actionReason, Boolean(raw.module_address)),
    replacePaths: raw.change.replace_paths ?? [],
    before: unread ? null : kept['before'] ?? null,
    after: unread ? null : kept['after'] ?? null,
    unchangedValues: unread ? unchangedValues(raw.type, raw.change.actions, kept['after'] ?? kept['before']) : null,
    importing: raw.change.importing ?? null,
    afterUnknown: kept['after_unknown'] ?? false,
    beforeSensitive: kept['before_sensitive'] ?? false,
    afterSensitive: kept['after_sensitive'] ?? false,
    configuredArguments: configuredHere ?? null,
    subjectSources: configuredHere !== undefined ? (sources?.get(block) ?? NO_SUBJECT_SOURCES) : null,
  };
}

function rebuildAddress(raw: RawResourceChange): string {
  const prefix = raw.module_address ? `${raw.module_address}.` : '';
  const mode = raw.mode === 'data' ? 'data.' : '';
  const index = typeof raw.index === 'number' ? `[${raw.index}]` : typeof raw.index === 'string' ? `[${JSON.stringify(raw.index)}]` : '';
  return `${prefix}${mode}${raw.type}.${raw.name ?? ''}${index}`;
}

/**
 * Managed resources in the prior state, child modules included. Terraform omits `prior_state`
 * when the state is empty, so absence means zero, unless the plan itself contradicts that
 * (it updates, deletes or keeps existing objects: a trimmed or hand-made plan) or comes in HCP
 * Terraform's redacted format, which never carries the prior state. Then the count is unknown.
 */
function countPriorManagedResources(raw: RawPlan, changes: readonly ResourceChange[]): number | null {
  const root = raw.prior_state?.values?.root_module;
  const count = raw.prior_state ? (root ? countManaged(root) : 0) : raw.format_version === undefined ? null : 0;
  if (count !== 0) return count;
  // A change to an existing object (a no-op included) contradicts an empty state: the plan or its
  // prior state was trimmed, so the count is not known.
  const touchesExisting = changes.some((change) => change.mode === 'managed' && change.action !== 'create' && change.action !== 'read');
  return touchesExisting ? null : 0;
}

function countManaged(module: RawModule): number {
  let count = 0;
  // A deposed object is a leftover of a resource already counted, not another resource.
  for (const resource of module.resources ?? []) if (resource.mode !== 'data' && !resource.deposed_key) count++;
  for (const child of module.child_modules ?? []) count += countManaged(child);
  return count;
}
