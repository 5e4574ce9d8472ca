/**
 * Reading attribute values out of a change, and showing them safely. Every value a finding
 * quotes goes through `displayValue`, which honours the sensitivity and unknown masks.
 */
import { SCRUBBED_SECRET_MIN_LENGTH, type AttributePath, type ResourceChange, type SecretValues } from './model.js';
import { SecretMatcher, type SecretForm } from './secret-matcher.js';

export function valueAt(value: unknown, path: AttributePath): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/**
 * Whether a mask (sensitive or unknown) marks this path as a whole: `true` at the path or at one
 * of its parents, not only somewhere inside it (isMarkedAt counts that too).
 */
export function isMarkedWholeAt(mask: unknown, path: AttributePath): boolean {
  return maskAt(mask, path) === true;
}

/**
 * Whether a mask (`after_unknown`, `before_sensitive`, `after_sensitive`) marks the path: true
 * when the mask is `true` at the path or at any parent, or anywhere below it (a partly
 * sensitive object is shown as sensitive as a whole).
 */
export function isMarkedAt(mask: unknown, path: AttributePath): boolean {
  return containsTrue(maskAt(mask, path));
}

/** The part of a mask at `path`: `true` when the path or a parent is marked whole; undefined past its end. */
function maskAt(mask: unknown, path: AttributePath): unknown {
  let current: unknown = mask;
  for (const step of path) {
    if (current === true) return true;
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/**
 * A mask with every branch that marks nothing taken out (`false` when nothing is marked): every
 * question isMarkedAt asks gets the same answer, and a plan's masks are mostly such branches
 * (`{"tags": {}, "ingress": [{}, {}]}`), which on a large plan would be a large part of memory.
 */
export function pruneMarks(mask: unknown): unknown {
  // A mask pruned already (the loader prunes each as it reads it, and the model is built from the
  // same objects) comes back as it is, after a walk over what is left of it: a few marks. Cheaper
  // than remembering the pruned ones in a WeakSet, which every collection has to go through.
  return prunedBelow(mask);
}

/** pruneMarks below the top: the same object back when nothing in it was pruned away. */
function prunedBelow(mask: unknown): unknown {
  if (mask === null || typeof mask !== 'object') return mask === true;
  if (Array.isArray(mask)) {
    let items: unknown[] | null = null;
    let any = false;
    for (let index = 0; index < mask.length; index++) {
      const item: unknown = mask[index];
      const pruned = prunedBelow(item);
      if (pruned !== false) any = true;
      if (pruned !== item && items === null) items = mask.slice(0, index);
      if (items !== null) items.push(pruned);
    }
    return any ? items ?? mask : false;
  }
  const record = mask as Record<string, unknown>;
  let kept: Record<string, unknown> | null = null;
  let changed = false;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const item = record[key];
    const pruned = prunedBelow(item);
    if (pruned !== item) changed = true;
    if (pruned === false) continue;
    kept ??= {};
    setOwnKey(kept, key, pruned);
  }
  if (kept === null) return false;
  return changed ? kept : mask;
}

/** Sets a property as JSON.parse does: `__proto__` is an ordinary key, not the prototype. */
export function setOwnKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function containsTrue(mask: unknown): boolean {
  if (mask === true) return true;
  if (mask === null || typeof mask !== 'object') return false;
  return Object.values(mask).some(containsTrue);
}

export const SENSITIVE_PLACEHOLDER = '(sensitive)';
export const UNKNOWN_PLACEHOLDER = '(known after apply)';
const MAX_VALUE_LENGTH = 80;

/** A value of one side of a change, as text safe to print. */
export function displayValue(change: ResourceChange, side: 'before' | 'after', path: AttributePath, secrets: SecretValues): string {
  if (isMarkedAt(side === 'before' ? change.beforeSensitive : change.afterSensitive, path)) return SENSITIVE_PLACEHOLDER;
  const value = valueAt(side === 'before' ? change.before : change.after, path);
  if (side === 'after' && value === undefined && isMarkedAt(change.afterUnknown, path)) return UNKNOWN_PLACEHOLDER;
  return formatPlainValue(value, secrets);
}

export function formatPlainValue(value: unknown, secrets: SecretValues): string {
  if (value === undefined || value === null) return 'null';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  if (holdsSecretLeaf(value, secrets) || containsSecret(text, secrets)) return SENSITIVE_PLACEHOLDER;
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/** Whether a value is, holds or quotes a secret: what formatPlainValue would hide. */
export function holdsSecret(value: unknown, secrets: SecretValues): boolean {
  if (value === undefined || value === null) return false;
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return holdsSecretLeaf(value, secrets) || containsSecret(text, secrets);
}

/** Whether the value, or any string or number inside it, is a secret whole (a short one included). */
function holdsSecretLeaf(value: unknown, secrets: SecretValues): boolean {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    return secrets.sensitive.has(text) || secrets.variables.has(text);
  }
  if (value !== null && typeof value === 'object') return Object.values(value).some((item) => holdsSecretLeaf(item, secrets));
  return false;
}

/**
 * `before → after` of one attribute. A value that tracks a secret is secret on both sides: when
 * either is hidden, so is the other (the old value of a rotated token is the old token).
 */
export function displayTransition(change: ResourceChange, path: AttributePath, secrets: SecretValues): string {
  const before = displayValue(change, 'before', path, secrets);
  const after = displayValue(change, 'after', path, secrets);
  if (before === SENSITIVE_PLACEHOLDER || after === SENSITIVE_PLACEHOLDER) return `${SENSITIVE_PLACEHOLDER} → ${SENSITIVE_PLACEHOLDER}`;
  return `${before} → ${after}`;
}

/** One matcher per set of secrets: a plan with many secrets quotes many values. */
const secretMatchers = new WeakMap<SecretValues, SecretMatcher>();

function containsSecret(text: string, secrets: SecretValues): boolean {
  let matcher = secretMatchers.get(secrets);
  if (matcher === undefined) {
    matcher = anyOf([...secrets.sensitive, ...secrets.variables].filter((secret) => secret.length >= SCRUBBED_SECRET_MIN_LENGTH));
    secretMatchers.set(secrets, matcher);
  }
  return !matcher.isEmpty && matcher.test(text);
}

/** Any character JSON.stringify writes as an escape (a lone surrogate included; a paired one is tested too, harmlessly). */
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Finds any of the values, raw or as they appear inside a JSON string. */
function anyOf(values: readonly string[]): SecretMatcher {
  // Repeated forms are the matcher's to drop.
  const forms: SecretForm[] = [];
  for (const value of values) {
    forms.push({ text: value, wholeWord: false });
    // Most secrets have nothing JSON escapes (quotes, backslashes, control characters, lone surrogates).
    if (JSON_ESCAPED.test(value)) forms.push({ text: JSON.stringify(value).slice(1, -1), wholeWord: false });
  }
  return new SecretMatcher(forms);
}

/**
 * `a.b[0].c` for a path. Keys that are not plain identifiers (map keys such as
 * `kubernetes.io/role`) are written `["…"]`, as Terraform writes them, so the path stays readable.
 */
export function formatPath(path: AttributePath): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) out += `[${JSON.stringify(step)}]`;
    else out += out === '' ? step : `.${step}`;
  }
  return out;
}
