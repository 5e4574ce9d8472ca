import { describe, expect, it } from 'vitest';
import { loadPlanFile, loadPlanJson } from '../../src/plan/load.js';

describe('collectSecrets', () => {
  it('collects values under sensitive masks in changes, drift, outputs, prior state and planned values', () => {
    const plan = loadPlanJson(
      {
        format_version: '1.2',
        planned_values: {
          outputs: { planned_out: { sensitive: true, value: 'planned-out-1' }, shown: { sensitive: false, value: 'shown-out' } },
          root_module: { resources: [{ address: 'a_b.c', values: { token: 'planned-token-1', name: 'visible' }, sensitive_values: { token: true } }] },
        },
        resource_changes: [
          {
            address: 'a_b.c', type: 'a_b', name: 'c',
            change: {
              actions: ['update'],
              before: { password: 'before-pass-1', nested: [{ key: 'nested-key-1', plain: 'plain-1' }], port: 54321 },
              after: { password: 'after-pass-1', nested: [{ key: 'nested-key-2', plain: 'plain-2' }], port: 54321 },
              before_sensitive: { password: true, nested: [{ key: true }], port: true },
              after_sensitive: { password: true, nested: [{ key: true }] },
            },
          },
        ],
        resource_drift: [{ address: 'a_b.c', type: 'a_b', name: 'c', change: { actions: ['update'], before: { s: 'drift-secret' }, after: null, before_sensitive: { s: true } } }],
        output_changes: {
          conn: { actions: ['update'], before: 'out-before-1', after: { url: 'out-after-1' }, before_sensitive: true, after_sensitive: true },
          plain: { actions: ['create'], after: 'plain-output', after_sensitive: false },
        },
        prior_state: {
          values: {
            outputs: { secret_out: { sensitive: true, value: ['prior-out-1'] }, open_out: { sensitive: false, value: 'open-value' } },
            root_module: { resources: [{ address: 'a_b.c', mode: 'managed', values: { password: 'prior-pass-1' }, sensitive_values: { password: true } }] },
          },
        },
      },
      'p',
    );
    expect([...plan.secrets.sensitive].sort()).toEqual(
      ['54321', 'after-pass-1', 'before-pass-1', 'drift-secret', 'nested-key-1', 'nested-key-2', 'out-after-1', 'out-before-1', 'planned-out-1', 'planned-token-1', 'prior-out-1', 'prior-pass-1'].sort(),
    );
    expect(plan.secrets.variables.size).toBe(0);
  });

  it('treats every variable value as secret, declared-sensitive ones as sensitive', () => {
    const plan = loadPlanFile('fixtures/incidents/rds-delete-unprotected.json');
    expect(plan.secrets.sensitive.has('hunter2-Sup3rSecret!')).toBe(true);
    expect([...plan.secrets.variables]).toEqual(['production']);
  });

  it('collects every string leaf of a structured variable value, short ones too; long numbers; never booleans', () => {
    const plan = loadPlanJson(
      { format_version: '1.2', planned_values: {}, variables: { cfg: { value: { a: ['list-item-1', 'ab', ''], n: 123456, port: 22, flag: true } } } },
      'p',
    );
    expect([...plan.secrets.variables].sort()).toEqual(['123456', 'ab', 'list-item-1']);
  });

  it('collects every number of a sensitive variable, short ones too', () => {
    const plan = loadPlanJson(
      {
        format_version: '1.2',
        planned_values: {},
        variables: { pin: { value: 42 } },
        configuration: { root_module: { variables: { pin: { sensitive: true } } } },
      },
      'p',
    );
    expect([...plan.secrets.sensitive]).toEqual(['42']);
  });

  it('keeps sensitive values out of the variables set', () => {
    const plan = loadPlanJson(
      {
        format_version: '1.2',
        planned_values: {},
        variables: { pw: { value: 'shared-value-1' } },
        resource_changes: [{ address: 'a_b.c', type: 'a_b', name: 'c', change: { actions: ['create'], after: { p: 'shared-value-1' }, after_sensitive: { p: true } } }],
      },
      'p',
    );
    expect(plan.secrets.sensitive.has('shared-value-1')).toBe(true);
    expect(plan.secrets.variables.has('shared-value-1')).toBe(false);
  });

  it('finds the sensitive password of the engine-change incident on both sides', () => {
    const plan = loadPlanFile('fixtures/incidents/db-replace-engine-change.json');
    expect(plan.secrets.sensitive.has('Bill1ng-Db-Pa55word#2024')).toBe(true);
    expect(plan.secrets.sensitive.has('Bill1ng-Db-Pa55word#2025')).toBe(true);
  });
});
