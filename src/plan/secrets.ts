/**
 * Gathers every value that must never leave the process. The renderers are written never to
 * print these, and every output is scrubbed of them as well: the second line of defence.
 */
import type { SecretValues } from './model.js';
import type { RawModule, RawPlan } from './schema.js';
import { quotedInstanceKeys } from './instance-keys.js';
import { markSecretsByName, shapedLikeSecret } from './secret-names.js';

export function collectSecrets(raw: RawPlan): SecretValues {
  const sensitive = new Set<string>();
  const variables = new Set<string>();

  const deferred = (raw.deferred_changes ?? []).map((entry) => entry.resource_change);
  for (const change of [...(raw.resource_changes ?? []), ...(raw.resource_drift ?? []), ...deferred]) {
    collectMasked(change.change.before, change.change.before_sensitive, sensitive);
    collectMasked(change.change.after, change.change.after_sensitive, sensitive);
    collectKeysShapedLikeSecrets(change, sensitive);
  }
  const invocations = [...(raw.action_invocations ?? []), ...(raw.deferred_action_invocations ?? []).map((entry) => entry.action_invocation)];
  for (const invocation of invocations) collectMasked(invocation.config_values, invocation.config_sensitive, sensitive);
  for (const output of Object.values(raw.output_changes ?? {})) {
    collectMasked(output.before, output.before_sensitive, sensitive);
    collectMasked(output.after, output.after_sensitive, sensitive);
  }
  for (const [name, output] of [...Object.entries(raw.prior_state?.values?.outputs ?? {}), ...plannedOutputs(raw.planned_values)]) {
    if (output.sensitive) collectLeaves(output.value, sensitive);
    else collectMasked(output.value, markSecretsByName(output.value, false, name), sensitive);
  }
  collectModuleSecrets(raw.prior_state?.values?.root_module, sensitive);
  collectModuleSecrets(plannedRootModule(raw.planned_values), sensitive);

  const declaredSensitive = sensitiveVariableNames(raw.configuration);
  for (const [name, variable] of Object.entries(raw.variables ?? {})) {
    if (declaredSensitive.has(name)) collectLeaves(variable.value, sensitive, 1);
    else {
      // A variable not declared sensitive is still never printed as a value; one that holds a
      // secret by name (`db_password`) is scrubbed from all text as a sensitive one is.
      collectMasked(variable.value, markSecretsByName(variable.value, false, name), sensitive);
      collectLeaves(variable.value, variables);
    }
  }
  for (const value of sensitive) variables.delete(value);
  return { sensitive, variables };
}

/**
 * A change's instance keys judged by their shape, as values are (audit 27 F7): a `for_each` over
 * `toset([file("id_rsa")])` puts a private key in the address, where no attribute and no
 * sensitivity mask holds it. Both the key and its quoted form in the address (module keys are
 * known only that way) are added.
 */
function collectKeysShapedLikeSecrets(change: { index?: unknown; address?: unknown; module_address?: unknown; previous_address?: unknown }, into: Set<string>): void {
  if (typeof change.index === 'string' && change.index !== '' && shapedLikeSecret(change.index)) into.add(change.index);
  for (const address of [change.address, change.module_address, change.previous_address]) {
    if (typeof address !== 'string') continue;
    for (const key of quotedInstanceKeys(address)) if (shapedLikeSecret(key)) into.add(key);
  }
}

/** Adds every string leaf of `value` that sits under a `true` in the sensitivity mask. */
function collectMasked(value: unknown, mask: unknown, into: Set<string>): void {
  if (mask === true) {
    collectLeaves(value, into);
    return;
  }
  if (mask === null || typeof mask !== 'object' || value === null || typeof value !== 'object') return;
  if (Array.isArray(mask) && Array.isArray(value)) {
    mask.forEach((itemMask, i) => collectMasked(value[i], itemMask, into));
    return;
  }
  for (const [key, itemMask] of Object.entries(mask as Record<string, unknown>)) {
    collectMasked((value as Record<string, unknown>)[key], itemMask, into);
  }
}

/**
 * A short number is a count, a port or a retention far more often than a secret: a plain
 * variable's, or one inside a sensitive object (a whole `module.db` output marked sensitive),
 * would otherwise hide every `7` a finding quotes. Long ones (a PIN, an account id) are kept, and
 * every number of a variable declared sensitive: there the author said so. Booleans are never
 * collected: a sensitive one is masked by the plan's own sensitivity marks where it stands.
 */
const NUMBER_MIN_DIGITS = 4;

/** Adds every string leaf (any length) and number leaf (of at least `numberMinDigits` digits). */
function collectLeaves(value: unknown, into: Set<string>, numberMinDigits = NUMBER_MIN_DIGITS): void {
  if (typeof value === 'string') {
    if (value !== '') into.add(value);
  } else if (typeof value === 'number') {
    if (String(value).length >= numberMinDigits) into.add(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collectLeaves(item, into, numberMinDigits);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) collectLeaves(item, into, numberMinDigits);
  }
}

function collectModuleSecrets(module: RawModule | null | undefined, into: Set<string>): void {
  if (!module) return;
  for (const resource of module.resources ?? []) {
    const record = resource as Record<string, unknown>;
    collectMasked(record['values'], record['sensitive_values'], into);
  }
  for (const child of module.child_modules ?? []) collectModuleSecrets(child, into);
}

function plannedRootModule(planned: unknown): RawModule | undefined {
  if (planned === null || typeof planned !== 'object') return undefined;
  const root = (planned as Record<string, unknown>)['root_module'];
  return root !== null && typeof root === 'object' ? (root as RawModule) : undefined;
}

/** `planned_values.outputs`: each `{ sensitive, value }` by name, as in the prior state. */
function plannedOutputs(planned: unknown): [string, { sensitive?: unknown; value?: unknown }][] {
  if (planned === null || typeof planned !== 'object') return [];
  const outputs = (planned as Record<string, unknown>)['outputs'];
  if (outputs === null || typeof outputs !== 'object') return [];
  return Object.entries(outputs as Record<string, unknown>).filter(
    (entry): entry is [string, { sensitive?: unknown; value?: unknown }] => entry[1] !== null && typeof entry[1] === 'object',
  );
}

function sensitiveVariableNames(configuration: unknown): Set<string> {
  const names = new Set<string>();
  const root = configuration && typeof configuration === 'object' ? (configuration as Record<string, unknown>)['root_module'] : undefined;
  const declared = root && typeof root === 'object' ? (root as Record<string, unknown>)['variables'] : undefined;
  if (declared && typeof declared === 'object') {
    for (const [name, variable] of Object.entries(declared as Record<string, unknown>)) {
      if (variable && typeof variable === 'object' && (variable as Record<string, unknown>)['sensitive'] === true) names.add(name);
    }
  }
  return names;
}
