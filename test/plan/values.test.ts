import { describe, expect, it } from 'vitest';
import type { ResourceChange, SecretValues } from '../../src/plan/model.js';
import { displayTransition, displayValue, formatPath, formatPlainValue, isMarkedAt, valueAt } from '../../src/plan/values.js';

const NO_SECRETS: SecretValues = { sensitive: new Set(), variables: new Set() };

function change(fields: Partial<ResourceChange>): ResourceChange {
  return {
    address: 'aws_db_instance.main', previousAddress: null, moduleAddress: null, mode: 'managed', type: 'aws_db_instance', name: 'main', index: null,
    providerName: 'aws', deposedKey: null, rawActions: ['update'], action: 'update', replaceOrder: null, isImport: false, isMove: false,
    actionReason: null, reasonText: null, replacePaths: [], before: null, after: null, unchangedValues: null, importing: null, afterUnknown: false, beforeSensitive: false, afterSensitive: false,
    configuredArguments: null, subjectSources: null, ...fields,
  };
}

describe('valueAt', () => {
  const value = { a: { b: [{ c: 1 }, { c: 'two' }] }, n: null };
  it('follows keys and indexes', () => {
    expect(valueAt(value, ['a', 'b', 1, 'c'])).toBe('two');
    expect(valueAt(value, [])).toBe(value);
  });
  it('is undefined past a missing or scalar step', () => {
    expect(valueAt(value, ['a', 'x', 'y'])).toBeUndefined();
    expect(valueAt(value, ['n', 'x'])).toBeUndefined();
    expect(valueAt('text', ['length'])).toBeUndefined();
  });
});

describe('isMarkedAt', () => {
  it('is true at the path, under a marked parent, or when anything below is marked', () => {
    expect(isMarkedAt(true, ['anything', 0])).toBe(true);
    expect(isMarkedAt({ password: true }, ['password'])).toBe(true);
    expect(isMarkedAt({ block: true }, ['block', 0, 'key'])).toBe(true);
    expect(isMarkedAt({ block: [{ key: true }] }, ['block'])).toBe(true);
    expect(isMarkedAt({ block: [{}, { key: true }] }, ['block', 1, 'key'])).toBe(true);
  });
  it('is false elsewhere', () => {
    expect(isMarkedAt(false, ['a'])).toBe(false);
    expect(isMarkedAt(undefined, ['a'])).toBe(false);
    expect(isMarkedAt({ password: true, tags: {} }, ['tags'])).toBe(false);
    expect(isMarkedAt({ block: [{}, { key: true }] }, ['block', 0, 'key'])).toBe(false);
    expect(isMarkedAt({ a: false }, ['a'])).toBe(false);
  });
});

describe('displayValue', () => {
  const replaced = change({
    before: { engine: 'mysql', password: 'old-pass-1', tags: { Name: 'db' }, opts: [{ k: 'v' }] },
    after: { engine: 'postgres', password: 'new-pass-2', tags: { Name: 'db' } },
    beforeSensitive: { password: true, tags: {} },
    afterSensitive: { password: true, tags: {}, opts: true },
    afterUnknown: { endpoint: true, opts: true },
  });

  it('shows plain values as JSON', () => {
    expect(displayValue(replaced, 'before', ['engine'], NO_SECRETS)).toBe('"mysql"');
    expect(displayValue(replaced, 'after', ['engine'], NO_SECRETS)).toBe('"postgres"');
    expect(displayValue(replaced, 'before', ['tags'], NO_SECRETS)).toBe('{"Name":"db"}');
  });

  it('never shows a value the plan marks sensitive, on either side', () => {
    expect(displayValue(replaced, 'before', ['password'], NO_SECRETS)).toBe('(sensitive)');
    expect(displayValue(replaced, 'after', ['password'], NO_SECRETS)).toBe('(sensitive)');
  });

  it('says unknown for a value known only after apply', () => {
    expect(displayValue(replaced, 'after', ['endpoint'], NO_SECRETS)).toBe('(known after apply)');
  });

  it('prefers sensitive over unknown', () => {
    expect(displayValue(replaced, 'after', ['opts'], NO_SECRETS)).toBe('(sensitive)');
  });

  it('shows null for a side that does not exist', () => {
    expect(displayValue(change({ before: null, after: { a: 1 } }), 'before', ['a'], NO_SECRETS)).toBe('null');
  });
});

describe('formatPlainValue', () => {
  it('hides any value that contains a sensitive value or a variable value', () => {
    const secrets: SecretValues = { sensitive: new Set(['hunter2-secret']), variables: new Set(['prod-vpc-123']) };
    expect(formatPlainValue('x-hunter2-secret-y', secrets)).toBe('(sensitive)');
    expect(formatPlainValue({ id: 'prod-vpc-123' }, secrets)).toBe('(sensitive)');
    expect(formatPlainValue('fine', secrets)).toBe('"fine"');
  });
  it('recognizes a secret with quotes or backslashes inside the JSON text it is quoted in', () => {
    const secrets: SecretValues = { sensitive: new Set(['pa"ss\\word']), variables: new Set(['a.b*c']) };
    expect(formatPlainValue('x pa"ss\\word', secrets)).toBe('(sensitive)');
    expect(formatPlainValue({ k: 'a.b*c' }, secrets)).toBe('(sensitive)');
    expect(formatPlainValue('aXb*c', secrets)).toBe('"aXb*c"');
  });
  it('shortens long values to 80 characters', () => {
    const text = formatPlainValue('x'.repeat(200), NO_SECRETS);
    expect(text).toHaveLength(80);
    expect(text.endsWith('…')).toBe(true);
  });
  it('writes null, numbers and booleans as JSON', () => {
    expect(formatPlainValue(null, NO_SECRETS)).toBe('null');
    expect(formatPlainValue(undefined, NO_SECRETS)).toBe('null');
    expect(formatPlainValue(5432, NO_SECRETS)).toBe('5432');
    expect(formatPlainValue(false, NO_SECRETS)).toBe('false');
  });
});

describe('short secrets and transitions', () => {
  const secrets: SecretValues = { sensitive: new Set(['42']), variables: new Set(['ab1']) };

  it('hides a value equal to a secret, however short, and a structure holding one', () => {
    expect(formatPlainValue('ab1', secrets)).toBe('(sensitive)');
    expect(formatPlainValue(42, secrets)).toBe('(sensitive)');
    expect(formatPlainValue(['x', 'ab1'], secrets)).toBe('(sensitive)');
    expect(formatPlainValue({ pin: 42 }, secrets)).toBe('(sensitive)');
    // A short secret is not searched for inside other values: "ab12" is not "ab1".
    expect(formatPlainValue('ab12', secrets)).toBe('"ab12"');
    expect(formatPlainValue(420, secrets)).toBe('420');
  });

  it('hides both sides of a transition when either is secret', () => {
    const rotated = change({ action: 'replace', before: { token: 'zq9' }, after: { token: 'ab1' } });
    expect(displayTransition(rotated, ['token'], secrets)).toBe('(sensitive) → (sensitive)');
    const marked = change({ action: 'replace', before: { token: 'old' }, after: { token: 'new' }, afterSensitive: { token: true } });
    expect(displayTransition(marked, ['token'], NO_SECRETS)).toBe('(sensitive) → (sensitive)');
    const plain = change({ action: 'replace', before: { engine: 'mysql' }, after: { engine: 'postgres' } });
    expect(displayTransition(plain, ['engine'], secrets)).toBe('"mysql" → "postgres"');
  });
});

describe('formatPath', () => {
  it.each([
    [['engine'], 'engine'],
    [['ingress', 0, 'cidr_blocks', 1], 'ingress[0].cidr_blocks[1]'],
    [['tags', 'kubernetes.io/role'], 'tags["kubernetes.io/role"]'],
    [['labels', 'app name'], 'labels["app name"]'],
    [['tags', 'Cost-Center'], 'tags.Cost-Center'],
    [[0, 'a'], '[0].a'],
    [[], ''],
  ] as const)('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
