/**
 * What the loader builds of a plan's JSON: one row per top-level section. A section left out is
 * skipped byte by byte without being built; the rest is read as the schema (schema.ts) and the
 * model (normalize.ts, secrets.ts, configuration.ts) need it, and no more. A section the model
 * starts reading is one more row here (the equivalence test fails until it is added).
 *
 * Large sections are never built whole: each `resource_changes` element is parsed on its own,
 * and the state's resources (prior state, planned values) keep only what is counted (mode,
 * deposed key) and the values their sensitivity marks cover (the secrets).
 */
import { configuredType, referencedArguments } from './configuration.js';
import { RawJson, type Selection } from './load-scan.js';
import { pruneMarks, setOwnKey } from './values.js';
import { keptChange, maskedPart } from './values-kept.js';

const KEEP: Selection = { kind: 'keep' };
/** Whether the key is there; its value is skipped (a state file's `values`, only looked for). */
const PRESENCE: Selection = { kind: 'presence' };

/** A resource of a state module: what the count and the secrets read of it. */
const STATE_RESOURCE: Selection = {
  kind: 'object',
  // `values` comes before the `sensitive_values` that says which of it is needed: kept as bytes until then.
  // Nothing reads a state resource's address or type (tens of thousands of strings on a large plan).
  keys: { mode: KEEP, deposed_key: KEEP, values: { kind: 'raw' }, sensitive_values: KEEP },
};

/** `root_module` and each `child_modules` element of the prior state and the planned values. */
const STATE_MODULE: Selection = {
  kind: 'object',
  keys: {
    resources: { kind: 'array', each: STATE_RESOURCE, map: keepSecretValuesOnly, offload: 'stateResource' },
    get child_modules(): Selection {
      return { kind: 'array', each: STATE_MODULE };
    },
  },
};

/** Expressions by name, each only as far as what it refers to (a module call's arguments, a module's outputs). */
const REFERENCES_BY_NAME: Selection = { kind: 'object', anyKey: { kind: 'object', keys: { references: KEEP } } };

/**
 * A module of `configuration`: its resources' set arguments, its module calls and, to follow a
 * grant-subject argument's references through modules (configuration.ts subjectSourcesOf), its
 * calls' arguments and its outputs as far as what they refer to, and the `for_each` of its
 * resources and calls; recursively.
 */
const CONFIGURATION_MODULE: Selection = {
  kind: 'object',
  keys: {
    // `for_each_expression`: what an `each.value` in a grant-subject argument stands for.
    resources: { kind: 'array', each: { kind: 'object', keys: { address: KEEP, expressions: KEEP, for_each_expression: KEEP } }, map: keepSetArgumentsOnly },
    variables: KEEP,
    outputs: { kind: 'object', anyKey: { kind: 'object', keys: { expression: { kind: 'object', keys: { references: KEEP } } } } },
    get module_calls(): Selection {
      return { kind: 'object', anyKey: { kind: 'object', keys: { module: CONFIGURATION_MODULE, expressions: REFERENCES_BY_NAME, for_each_expression: KEEP } } };
    },
  },
};

/**
 * The reducers of the elements an element worker may read (element-worker.ts), by the name a
 * selection's `offload` gives: the worker applies the same function the scan would.
 */
export const ELEMENT_REDUCERS = {
  change: (element: unknown) => keepChange(element, true),
  drift: (element: unknown) => keepChange(element, false),
  // A state resource parsed whole: first only the keys STATE_RESOURCE builds, as it builds them.
  stateResource: (element: unknown) => keepSecretValuesOnly(selectedKeys(element, STATE_RESOURCE)),
} satisfies Record<string, (element: unknown) => unknown>;

/** Of an object parsed whole, what an object selection builds of it: only its keys, in the object's order. */
function selectedKeys(element: unknown, selection: Selection): unknown {
  if (!isRecord(element) || selection.kind !== 'object' || selection.keys === undefined) return element;
  const selected: Record<string, unknown> = {};
  for (const key of Object.keys(element)) if (Object.prototype.hasOwnProperty.call(selection.keys, key)) selected[key] = element[key];
  return selected;
}

/** The top-level sections, each with what is built of it. */
export const PLAN_SECTIONS: Readonly<Record<string, Selection>> = {
  format_version: KEEP,
  plan_format_version: KEEP,
  terraform_version: KEEP,
  errored: KEEP,
  // Terraform 1.8+: false for -target plans and plans with deferred changes.
  complete: KEEP,
  variables: KEEP,
  // Each change is reduced as soon as it is built to what the model keeps of it (values-kept.ts).
  resource_changes: { kind: 'array', each: KEEP, map: ELEMENT_REDUCERS.change, offload: 'change' },
  // Nothing reads drift's values (the model keeps them null): only their secrets are kept.
  resource_drift: { kind: 'array', each: KEEP, map: ELEMENT_REDUCERS.drift, offload: 'drift' },
  // Terraform 1.9+ (deferred changes) and 1.14+ (provider actions).
  deferred_changes: { kind: 'array', each: KEEP },
  action_invocations: { kind: 'array', each: KEEP },
  deferred_action_invocations: { kind: 'array', each: KEEP },
  output_changes: KEEP,
  prior_state: { kind: 'object', keys: { values: { kind: 'object', keys: { outputs: KEEP, root_module: STATE_MODULE } } } },
  planned_values: { kind: 'object', keys: { outputs: KEEP, root_module: STATE_MODULE } },
  configuration: { kind: 'object', keys: { root_module: CONFIGURATION_MODULE } },
  // Looked for only to tell a state file from a plan.
  lineage: KEEP,
  serial: KEEP,
  values: PRESENCE,
};

export const PLAN_SELECTION: Selection = { kind: 'object', keys: PLAN_SECTIONS };

/**
 * A state resource reduced to what is read of it: `values` only where `sensitive_values` marks
 * them (the secrets). Its bytes are parsed only when the mask marks something, and only the
 * marked parts are kept.
 */
function keepSecretValuesOnly(element: unknown): unknown {
  if (!isRecord(element) || !Object.prototype.hasOwnProperty.call(element, 'values')) return element;
  // The mask is kept for the secrets it marks; pruned, it holds only what marks something.
  const mask = pruneMarks(element['sensitive_values']);
  const secrets = mask === false ? undefined : maskedPart(markedFields(element['values'], mask), mask);
  // Built key by key rather than copied and then deleted from: an object with a key deleted
  // turns into a slow dictionary, and there is one per resource of the state.
  const reduced: Record<string, unknown> = {};
  for (const key of Object.keys(element)) {
    if (key === 'sensitive_values') reduced[key] = mask;
    else if (key !== 'values') reduced[key] = element[key];
    else if (secrets !== undefined) reduced[key] = secrets;
  }
  if (!('sensitive_values' in element)) reduced['sensitive_values'] = mask;
  return reduced;
}

/**
 * What maskedPart reads of values under `mask`: of an object under an object mask, only the
 * fields the mask names (of raw values, only those are parsed: one or two of a resource's dozens,
 * usually). The values are raw as the scan captured them, or parsed (by the element worker).
 */
function markedFields(values: unknown, mask: unknown): unknown {
  const byField = mask !== null && typeof mask === 'object';
  if (values instanceof RawJson) return values.isObject && byField ? values.parseFields(Object.keys(mask)) : values.parse();
  if (!isRecord(values) || !byField) return values;
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(mask)) if (Object.prototype.hasOwnProperty.call(values, name)) setOwnKey(picked, name, values[name]);
  return picked;
}

function keepChange(element: unknown, valuesRead: boolean): unknown {
  if (!isRecord(element) || !isRecord(element['change'])) return element;
  return { ...element, change: keptChange(element['type'], element['change'], valuesRead) };
}

/**
 * A configuration resource reduced to its address and which arguments it sets: each expression
 * is kept only as far as telling a literal `null` (not set) from anything else, and, for the
 * arguments of its type whose references are kept (configuration.ts referencedArguments), what it refers to.
 */
function keepSetArgumentsOnly(element: unknown): unknown {
  if (!isRecord(element) || !isRecord(element['expressions'])) return element;
  const subjects = referencedArguments(configuredType(element['address']));
  const expressions: Record<string, unknown> = {};
  for (const [argument, expression] of Object.entries(element['expressions'])) {
    const literalNull = isRecord(expression) && 'constant_value' in expression && expression['constant_value'] === null && expression['references'] === undefined;
    const references = !literalNull && subjects.includes(argument) && isRecord(expression) ? expression['references'] : undefined;
    setOwnKey(expressions, argument, literalNull ? { constant_value: null } : references !== undefined ? { references } : {});
  }
  return { ...element, expressions };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
