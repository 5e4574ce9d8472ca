/**
 * Secrets by name: values the plan does not mark sensitive but that hold a secret by the name
 * they stand under (catalog/secret-names.ts) or by their shape (a PEM private key). They are
 * marked in the plan's own sensitivity masks before the model is built, so every reader of the
 * model (the rules quoting values, the secrets every output is scrubbed of) treats them exactly
 * as values the plan marks.
 */
import { NOT_SECRET_LAST_WORDS, NOT_SECRET_VALUES, SECRET_NAMES, SECRET_SHAPES, type SecretShapeRow } from '../catalog/secret-names.js';
import type { RawPlan, RawResourceChange } from './schema.js';

const NOT_SECRET_LAST = new Set(NOT_SECRET_LAST_WORDS.map((row) => row.word));

/** The words of a name: split at non-alphanumerics and camelCase humps, lowercased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/** Names repeat across resources and plans: each is judged once. */
const judged = new Map<string, boolean>();
const JUDGED_MAX = 100_000;

/** Whether a value under this attribute, map key or output name is a secret (when it is a string). */
export function namesSecret(name: string): boolean {
  const known = judged.get(name);
  if (known !== undefined) return known;
  const words = nameWords(name);
  const last = words[words.length - 1];
  const secret = last !== undefined && !NOT_SECRET_LAST.has(last) && SECRET_NAMES.some((row) => containsPhrase(words, row.words));
  if (judged.size >= JUDGED_MAX) judged.clear();
  judged.set(name, secret);
  return secret;
}

function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  for (let start = 0; start + phrase.length <= words.length; start++) {
    if (phrase.every((word, k) => words[start + k] === word)) return true;
  }
  return false;
}

/**
 * Characters most shapes' `holds` contain: whether a value holds each is told by one search, and
 * the shapes whose `holds` has none of them by one search for all their texts, instead of a
 * search of the whole value per shape (those searches were most of the cost of judging a long
 * value, which holds none of most shapes' texts).
 */
const GATE_CHARACTERS = ['=', ':', '_'];
const NO_GATE = -1;

/**
 * Each shape with, for a `NAME=value` form, its pattern made global to read every assignment,
 * and the first of GATE_CHARACTERS its `holds` contains (NO_GATE when none).
 */
const SHAPES = SECRET_SHAPES.map((row) => ({
  row,
  every: row.judgeName ? new RegExp(row.pattern.source, `${row.pattern.flags}g`) : null,
  gate: GATE_CHARACTERS.findIndex((character) => row.holds.includes(character)),
}));

/** Any `holds` text of the shapes with no gate character. */
const HOLDS_UNGATED_SHAPE = new RegExp(
  SHAPES.filter((shape) => shape.gate === NO_GATE)
    .map((shape) => escapeRegExp(shape.row.holds))
    .join('|'),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Any text a shape holds, looked for in one pass: most values hold none of them, and are then
 * cleared without a search per shape (the per-shape searches were half the cost of marking a
 * large plan's secrets).
 */
const HOLDS_ANY_SHAPE = new RegExp([...new Set(SECRET_SHAPES.map((row) => row.holds))].map(escapeRegExp).join('|'));

/**
 * The phrases of SECRET_NAMES as a `NAME=value` shape's `name` group spells them (catalog
 * anchoredName): such a shape matches only a value holding one. Most values with a '=' or ':'
 * (ARNs, policies, scripts) hold none, and are cleared of every such shape by this one search
 * instead of by each name pattern, which tries a name at every word of the value (those were
 * most of the cost of marking a large plan's secrets).
 */
export const SECRET_NAME_PHRASES = SECRET_NAMES.map((row) => row.words.join('[_.-]?')).join('|');
const HOLDS_SECRET_PHRASE = new RegExp(SECRET_NAME_PHRASES, 'i');

/**
 * Long values repeat (before and after of an update, one policy on many resources): each is
 * judged once. Bounded by the text it holds, so a large plan's values are not kept alive by it.
 */
const shapeJudged = new Map<string, boolean>();
const SHAPE_JUDGED_MIN_LENGTH = 64;
const SHAPE_JUDGED_MAX_CHARACTERS = 4 << 20;
let shapeJudgedCharacters = 0;

/** Whether a string value is a secret by its shape, whatever it is called. */
export function shapedLikeSecret(value: string): boolean {
  if (value.length < SHAPE_JUDGED_MIN_LENGTH) return judgeShape(value);
  const known = shapeJudged.get(value);
  if (known !== undefined) return known;
  const secret = judgeShape(value);
  if (shapeJudgedCharacters + value.length > SHAPE_JUDGED_MAX_CHARACTERS) {
    shapeJudged.clear();
    shapeJudgedCharacters = 0;
  }
  shapeJudged.set(value, secret);
  shapeJudgedCharacters += value.length;
  return secret;
}

function judgeShape(value: string): boolean {
  if (!HOLDS_ANY_SHAPE.test(value)) return false;
  let gates = 0;
  for (let k = 0; k < GATE_CHARACTERS.length; k++) if (value.includes(GATE_CHARACTERS[k]!)) gates |= 1 << k;
  let holdsUngated: boolean | null = null;
  let holdsPhrase: boolean | null = null;
  for (const { row, every, gate } of SHAPES) {
    if (gate === NO_GATE ? !(holdsUngated ??= HOLDS_UNGATED_SHAPE.test(value)) : (gates & (1 << gate)) === 0) continue;
    if (row.holds.length > 1 && !value.includes(row.holds)) continue;
    if (every === null) {
      if (row.pattern.test(value)) return true;
      continue;
    }
    holdsPhrase ??= HOLDS_SECRET_PHRASE.test(value);
    if (holdsPhrase && assignsSecret(every, value)) return true;
  }
  return false;
}

/** Whether one of the assignments `every` finds in `value` gives a secret name a secret value. */
function assignsSecret(every: SecretShapeRow['pattern'], value: string): boolean {
  for (const match of value.matchAll(every)) {
    const name = match.groups?.['name'] ?? '';
    const assigned = match.groups?.['value'] ?? '';
    if (namesSecret(name) && !NOT_SECRET_VALUES.some((row) => row.value.test(assigned))) return true;
  }
  return false;
}

/**
 * A string that is a setting whatever its name says: a secret-named attribute holding `true`
 * (a string-typed flag) must not make every "true" in the report a secret to scrub.
 */
function isSettingWord(value: string): boolean {
  return value === '' || value === 'true' || value === 'false';
}

/**
 * `mask` (a `before_sensitive`/`after_sensitive` value) with `true` added at every string of
 * `value` that is a secret by name or shape. `key` is the name `value` stands under (an output's
 * name), null for a resource's whole object. Returns `mask` itself when nothing is added.
 */
export function markSecretsByName(value: unknown, mask: unknown, key: string | null = null): unknown {
  return mark(value, mask, key, false, false);
}

/**
 * `underSecret`: the value is in an object directly under a secret name (`secrets = { A = "…" }`,
 * `credentials = { user = "…" }`): its strings are secrets unless their own name says otherwise.
 * Not so for the objects of a list (a block: `master_user_secret { secret_arn, kms_key_id }`),
 * whose attributes are named one by one.
 */
function mark(value: unknown, mask: unknown, key: string | null, underSecret: boolean, inList: boolean): unknown {
  if (mask === true || value === null || value === undefined) return mask;
  if (typeof value === 'string') {
    if (isSettingWord(value)) return mask;
    const byName = key !== null && (namesSecret(key) || (underSecret && !NOT_SECRET_LAST.has(nameWords(key).at(-1) ?? '')));
    return byName || shapedLikeSecret(value) ? true : mask;
  }
  if (typeof value !== 'object') return mask;
  const maskObject = mask !== null && typeof mask === 'object' ? (mask as Record<string | number, unknown>) : null;
  // The mask is copied at the first step marked anew: most values add nothing, and allocate nothing.
  let marked: Record<string | number, unknown> | null = null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const itemMask = maskObject?.[index];
      // A list keeps the name it stands under: `passwords = ["…"]`.
      const markedItem = mark(value[index], itemMask, key, false, true);
      if (markedItem !== itemMask) (marked ??= Object.assign([], maskObject))[index] = markedItem;
    }
    return marked ?? mask;
  }
  const record = value as Record<string, unknown>;
  const childrenUnderSecret = !inList && key !== null && namesSecret(key);
  // `{ name = "DB_PASSWORD", value = "…" }`: an environment variable (Kubernetes, ECS, CodeBuild, Beanstalk).
  // The name is judged only when there is such a value: most objects with a `name` (every
  // resource's own values) have none, and their names are all different (a judgement each).
  const pairValue = record['value'];
  const pairIsSecret = typeof pairValue === 'string' && !isSettingWord(pairValue) && pairNameIsSecret(record);
  for (const childKey of Object.keys(record)) {
    const childMask = maskObject?.[childKey];
    const markedChild = pairIsSecret && childKey === 'value' ? true : mark(record[childKey], childMask, childKey, childrenUnderSecret, false);
    if (markedChild !== childMask) (marked ??= { ...maskObject })[childKey] = markedChild;
  }
  return marked ?? mask;
}

function pairNameIsSecret(record: Record<string, unknown>): boolean {
  const pairName = typeof record['name'] === 'string' ? record['name'] : typeof record['key'] === 'string' ? record['key'] : null;
  return pairName !== null && namesSecret(pairName);
}

/** A resource change with its sensitivity masks covering its secrets by name. */
function markChange<T extends RawResourceChange>(raw: T): T {
  const change = raw.change;
  const beforeSensitive = markSecretsByName(change.before, change.before_sensitive);
  const afterSensitive = markSecretsByName(change.after, change.after_sensitive);
  if (beforeSensitive === change.before_sensitive && afterSensitive === change.after_sensitive) return raw;
  return { ...raw, change: { ...change, before_sensitive: beforeSensitive, after_sensitive: afterSensitive } };
}

/**
 * The plan with secrets by name marked sensitive in its changes (resources, drift, deferred
 * changes), provider actions' configuration, and output changes. Variables and state outputs are
 * judged by name where the secrets are collected (secrets.ts). `changesKept`: the resource
 * changes and drift were marked as they were read (values-kept.ts), and are left as they are.
 */
export function markPlanSecretsByName(raw: RawPlan, changesKept = false): RawPlan {
  const marked: RawPlan = { ...raw };
  if (raw.resource_changes && !changesKept) marked.resource_changes = raw.resource_changes.map(markChange);
  if (raw.resource_drift && !changesKept) marked.resource_drift = raw.resource_drift.map(markChange);
  if (raw.deferred_changes) marked.deferred_changes = raw.deferred_changes.map((entry) => ({ ...entry, resource_change: markChange(entry.resource_change) }));
  const markInvocation = <T extends { config_values?: unknown; config_sensitive?: unknown }>(invocation: T): T => ({
    ...invocation,
    config_sensitive: markSecretsByName(invocation.config_values, invocation.config_sensitive),
  });
  if (raw.action_invocations) marked.action_invocations = raw.action_invocations.map(markInvocation);
  if (raw.deferred_action_invocations) {
    marked.deferred_action_invocations = raw.deferred_action_invocations.map((entry) => ({ ...entry, action_invocation: markInvocation(entry.action_invocation) }));
  }
  if (raw.output_changes) {
    marked.output_changes = Object.fromEntries(
      Object.entries(raw.output_changes).map(([name, output]) => [
        name,
        { ...output, before_sensitive: markSecretsByName(output.before, output.before_sensitive, name), after_sensitive: markSecretsByName(output.after, output.after_sensitive, name) },
      ]),
    );
  }
  return marked;
}
