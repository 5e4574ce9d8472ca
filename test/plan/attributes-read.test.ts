/**
 * The model keeps only the attributes catalog/attributes-read.ts declares (values-kept.ts). Here
 * every rule runs over plans whose changes carry their full values behind a recording proxy:
 * any attribute present in the plan that something reads and the model would have dropped is a
 * failure, naming the type and the attribute. Run over the corpus, every fixture and generated plans.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePlan } from '../../scripts/generate-plan.mjs';
import { analyzePlans } from '../../src/analyze.js';
import { attributesRead } from '../../src/catalog/attributes-read.js';
import { decodePlanBytes, parseJson } from '../../src/plan/decode.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { keptValues, valuesUnread } from '../../src/plan/values-kept.js';
import { DEFAULT_POLICY, type Policy } from '../../src/policy/config.js';
import { CORPUS, corpusFiles } from '../support/corpus.js';

const POLICIES: readonly Policy[] = [DEFAULT_POLICY, { ...DEFAULT_POLICY, stateful: { include: ['*'], exclude: [] } }];

interface RawChange {
  type?: unknown;
  change?: { actions?: unknown; before?: unknown; after?: unknown; before_sensitive?: unknown; after_sensitive?: unknown; replace_paths?: unknown };
}

/** Attributes read of a full value that the model would not have kept: `type.attribute` each. */
function droppedButRead(bytes: Uint8Array, name: string, keep: typeof keptValues = keptValues): string[] {
  let json: Record<string, unknown>;
  let plan;
  try {
    json = parseJson(decodePlanBytes(bytes, name), name) as Record<string, unknown>;
    plan = loadPlanJson(json, name);
  } catch {
    return [];
  }
  const raw = (json['resource_changes'] ?? []) as RawChange[];
  const missed = new Set<string>();
  plan.changes.forEach((change, index) => {
    const full = raw[index]?.change;
    if (!full || valuesUnread(full.actions) || change.action === 'unknown') return;
    for (const [side, mask] of [['before', 'before_sensitive'], ['after', 'after_sensitive']] as const) {
      const value = full[side];
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const kept = keep(value, change.type, full[mask], full.replace_paths) as Record<string, unknown>;
      const recording = new Proxy(value as Record<string, unknown>, {
        get(target, key, receiver) {
          if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(target, key) && kept[key] !== target[key]) missed.add(`${change.type}.${key}`);
          return Reflect.get(target, key, receiver);
        },
        ownKeys(target) {
          missed.add(`${change.type}: its attributes are listed`);
          return Reflect.ownKeys(target);
        },
      });
      change[side] = recording;
    }
  });
  for (const policy of POLICIES) analyzePlans([plan], policy);
  return [...missed].sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.json') ? [path] : [];
  });
}

describe('every attribute something reads is kept in the model', () => {
  it('the declaration is not empty: a bucket keeps what its rules read', () => {
    expect([...attributesRead('aws_s3_bucket')]).toEqual(expect.arrayContaining(['bucket', 'force_destroy', 'tags']));
    expect(attributesRead('aws_iam_policy').has('policy')).toBe(true);
    expect(attributesRead('aws_instance').has('policy')).toBe(false);
  });

  it('the recorder catches an attribute read and not kept', () => {
    const plan = { format_version: '1.2', resource_changes: [{ address: 'aws_iam_policy.p', type: 'aws_iam_policy', name: 'p', change: { actions: ['create'], before: null, after: { name: 'p', policy: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }, after_unknown: {} } }] };
    const bytes = Buffer.from(JSON.stringify(plan));
    expect(droppedButRead(bytes, 'p.json')).toEqual([]);
    const withoutPolicy: typeof keptValues = (values) => ({ ...(values as Record<string, unknown>), policy: undefined });
    expect(droppedButRead(bytes, 'p.json', withoutPolicy)).toEqual(['aws_iam_policy.policy']);
  });

  it.each(corpusFiles())('corpus: %s', (file) => {
    expect(droppedButRead(readFileSync(join(CORPUS, file)), file)).toEqual([]);
  });

  it.each(filesUnder('fixtures'))('fixture: %s', (file) => {
    expect(droppedButRead(readFileSync(file), file)).toEqual([]);
  });

  describe('generated plans', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfpg-attributes-read-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it.each([1, 2])('seed %i', (seed) => {
      const path = join(dir, `plan-${seed}.json`);
      const fd = openSync(path, 'w');
      writePlan(fd, { resources: 400, seed });
      closeSync(fd);
      expect(droppedButRead(readFileSync(path), 'generated.json')).toEqual([]);
    });
  });
});
