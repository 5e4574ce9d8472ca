import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTECTION_ATTRIBUTES } from '../../src/catalog/protection-attributes.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { protectionRowsFor, protectionStatus } from '../../src/rules/protection.js';
import { analyzeJson, created, deleted, findingsOf, planJson, replaced, updated, type ChangeSpec } from '../support/plan-factory.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/rules/protection/${name}`, import.meta.url), 'utf8'));

const missing = (changes: ChangeSpec[]) => findingsOf('deletion-protection-missing', changes);
const disabled = (changes: ChangeSpec[]) => findingsOf('deletion-protection-disabled', changes);

describe('protection catalog', () => {
  it('has one row per (type, attribute), each with a source and a default of the guard value type', () => {
    const keys = PROTECTION_ATTRIBUTES.map((row) => `${row.type} ${JSON.stringify(row.path)}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of PROTECTION_ATTRIBUTES) {
      expect(row.source, row.type).not.toBe('');
      expect(row.type, row.type).toMatch(/^(aws|google|azurerm|mongodbatlas)_[a-z0-9_*]+$/);
      const protectedValues = Array.isArray(row.protectedWhen) ? row.protectedWhen : [row.protectedWhen];
      if (row.defaultWhenOmitted !== null) expect(typeof row.defaultWhenOmitted, row.type).toBe(typeof protectedValues[0]);
    }
  });

  it('records the defaults the issue names: omitted means unprotected on AWS RDS, protected on Cloud SQL and GKE', () => {
    const row = (type: string, attribute: string) => PROTECTION_ATTRIBUTES.find((r) => r.type === type && r.path.join('.') === attribute)!;
    expect(row('aws_db_instance', 'deletion_protection')).toMatchObject({ protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api' });
    expect(row('google_sql_database_instance', 'deletion_protection')).toMatchObject({ protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform' });
    expect(row('google_container_cluster', 'deletion_protection')).toMatchObject({ defaultWhenOmitted: true });
    expect(row('aws_cognito_user_pool', 'deletion_protection')).toMatchObject({ protectedWhen: 'ACTIVE', defaultWhenOmitted: 'INACTIVE' });
    expect(row('aws_s3_bucket', 'force_destroy')).toMatchObject({ protectedWhen: false, defaultWhenOmitted: false });
    expect(row('azurerm_key_vault', 'purge_protection_enabled')).toMatchObject({ protectedWhen: true, defaultWhenOmitted: false });
  });

  it('gives a type its own rows first and provider-wide rows only for attributes it does not define', () => {
    expect(protectionRowsFor('google_project').map((row) => row.path.join('.'))).toEqual(['deletion_policy']);
    expect(protectionRowsFor('google_project')[0]!.defaultWhenOmitted).toBe('PREVENT');
    expect(protectionRowsFor('google_storage_bucket').map((row) => row.path.join('.'))).toEqual(['force_destroy', 'deletion_policy']);
    expect(protectionRowsFor('aws_vpc')).toEqual([]);
  });
});

describe('deletion-protection-missing', () => {
  it('fires on a database created without deletion protection, with the default named and a one-line fix', () => {
    const findings = missing([created('aws_db_instance', { identifier: 'orders', deletion_protection: null })]);
    expect(findings).toEqual([
      {
        ruleId: 'deletion-protection-missing',
        severity: 'medium',
        address: 'aws_db_instance.this',
        resourceType: 'aws_db_instance',
        actions: ['create'],
        message:
          'aws_db_instance.this will be created without deletion protection: deletion_protection = false (not set: the provider default). With deletion_protection = true, the delete is refused, so the apply fails unless the guard is switched off in an earlier apply.',
        remediation: 'Set deletion_protection = true in the resource block.',
        details: ['deletion_protection: enforced by the cloud API'],
        suppressed: null,
        evidence: { missing: [{ guard: 'deletion_protection', after: false }] },
        identity: ['orders'],
      },
    ]);
  });

  it('stays quiet on the protected twin', () => {
    expect(missing([created('aws_db_instance', { identifier: 'orders', deletion_protection: true })])).toEqual([]);
  });

  // [type, unprotected after, protected after]
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['aws_rds_cluster', { deletion_protection: false }, { deletion_protection: true }],
    ['aws_rds_global_cluster', { deletion_protection: null }, { deletion_protection: true }],
    ['aws_docdb_cluster', { deletion_protection: null }, { deletion_protection: true }],
    ['aws_neptune_cluster', { deletion_protection: false }, { deletion_protection: true }],
    ['aws_dynamodb_table', { deletion_protection_enabled: null }, { deletion_protection_enabled: true }],
    ['aws_qldb_ledger', { deletion_protection: false }, { deletion_protection: null }],
    ['aws_cognito_user_pool', { deletion_protection: 'INACTIVE' }, { deletion_protection: 'ACTIVE' }],
    ['aws_cognito_user_pool', { deletion_protection: null }, { deletion_protection: 'ACTIVE' }],
    ['aws_lb', { enable_deletion_protection: false }, { enable_deletion_protection: true }],
    ['aws_alb', { enable_deletion_protection: null }, { enable_deletion_protection: true }],
    ['aws_networkfirewall_firewall', { delete_protection: false }, { delete_protection: true }],
    ['aws_s3_bucket', { force_destroy: true }, { force_destroy: false }],
    ['aws_ecr_repository', { force_delete: true }, { force_delete: null }],
    ['aws_backup_vault', { force_destroy: true }, { force_destroy: false }],
    ['aws_route53_zone', { force_destroy: true }, { force_destroy: false }],
    ['google_sql_database_instance', { deletion_protection: false, settings: [{ deletion_protection_enabled: false }] }, { deletion_protection: false, settings: [{ deletion_protection_enabled: true }] }],
    ['google_sql_database_instance', { deletion_protection: false, settings: [{ deletion_protection_enabled: null }] }, { deletion_protection: null, settings: [{ deletion_protection_enabled: null }] }],
    ['google_container_cluster', { deletion_protection: false }, { deletion_protection: true }],
    ['google_bigquery_table', { deletion_protection: false }, { deletion_protection: null }],
    ['google_bigquery_dataset', { delete_contents_on_destroy: true }, { delete_contents_on_destroy: false }],
    ['google_spanner_database', { deletion_protection: false, enable_drop_protection: false }, { deletion_protection: false, enable_drop_protection: true }],
    ['google_bigtable_instance', { deletion_protection: false, force_destroy: false }, { deletion_protection: true, force_destroy: false }],
    ['google_bigtable_table', { deletion_protection: 'UNPROTECTED' }, { deletion_protection: 'PROTECTED' }],
    ['google_storage_bucket', { force_destroy: true }, { force_destroy: false }],
    ['google_alloydb_cluster', { deletion_protection: false }, { deletion_protection: null }],
    ['google_redis_instance', { deletion_protection: null }, { deletion_protection: true }],
    ['google_redis_cluster', { deletion_protection_enabled: false }, { deletion_protection_enabled: null }],
    ['google_firestore_database', { delete_protection_state: 'DELETE_PROTECTION_DISABLED' }, { delete_protection_state: 'DELETE_PROTECTION_ENABLED' }],
    ['google_container_cluster', { deletion_protection: false, deletion_policy: 'DELETE' }, { deletion_protection: false, deletion_policy: 'PREVENT' }],
    ['azurerm_key_vault', { purge_protection_enabled: null }, { purge_protection_enabled: true }],
    ['azurerm_app_configuration', { purge_protection_enabled: false }, { purge_protection_enabled: true }],
    ['azurerm_data_protection_backup_vault', { soft_delete: 'Off' }, { soft_delete: 'On' }],
    ['azurerm_data_protection_backup_vault', { soft_delete: 'Off' }, { soft_delete: 'AlwaysOn' }],
    ['mongodbatlas_advanced_cluster', { termination_protection_enabled: false }, { termination_protection_enabled: true }],
  ];
  for (const [type, unprotected, safe] of cases) {
    it(`${type}: fires on ${JSON.stringify(unprotected)}, quiet on ${JSON.stringify(safe)}`, () => {
      const fired = missing([created(type, unprotected)]);
      expect(fired.map((finding) => [finding.ruleId, finding.severity, finding.address])).toEqual([['deletion-protection-missing', 'medium', `${type}.this`]]);
      expect(fired[0]!.remediation).toMatch(/^Set .+ in the resource block\.$/);
      expect(missing([created(type, safe)])).toEqual([]);
    });
  }

  it('lists every expected guard of a type when none holds, and suggests either', () => {
    const [finding] = missing([created('google_sql_database_instance', { deletion_protection: false, settings: [{ deletion_protection_enabled: false }] })]);
    expect(finding!.message).toBe(
      'google_sql_database_instance.this will be created without deletion protection: deletion_protection = false, settings[0].deletion_protection_enabled = false. With deletion_protection = true, the delete is refused, so the apply fails unless the guard is switched off in an earlier apply.',
    );
    expect(finding!.remediation).toBe('Set deletion_protection = true or settings[0].deletion_protection_enabled = true in the resource block.');
  });

  it('names an inverse attribute as a guard switched off', () => {
    const [finding] = missing([created('aws_s3_bucket', { bucket: 'acme-assets', force_destroy: true })]);
    expect(finding!.message).toBe(
      'aws_s3_bucket.this will be created with its deletion guard switched off: force_destroy = true. With force_destroy = false, Terraform does not empty the bucket first (force_destroy would delete every object, locked ones included), so the delete fails while it holds objects.',
    );
    expect(finding!.remediation).toBe('Set force_destroy = false in the resource block.');
  });

  it('reports an update that keeps the resource unprotected, and a replacement that creates it unprotected', () => {
    const kept = missing([updated('aws_dynamodb_table', { deletion_protection_enabled: false, read_capacity: 5 }, { deletion_protection_enabled: false, read_capacity: 10 })]);
    expect(kept.map((finding) => finding.message)).toEqual([
      'aws_dynamodb_table.this is updated and still has no deletion protection: deletion_protection_enabled = false. With deletion_protection_enabled = true, the delete is refused, so the apply fails unless the guard is switched off in an earlier apply.',
    ]);
    const replacedUnprotected = missing([replaced('aws_docdb_cluster', { deletion_protection: false }, { deletion_protection: false })]);
    expect(replacedUnprotected.map((finding) => finding.message.split(':')[0])).toEqual(['aws_docdb_cluster.this will be replaced by a new object without deletion protection']);
  });

  it('does not report no-op resources (every plan would repeat them), deletes, or reads', () => {
    const same = { deletion_protection: false };
    expect(missing([{ type: 'aws_db_instance', actions: ['no-op'], before: same, after: same }])).toEqual([]);
    expect(missing([deleted('aws_db_instance', same)])).toEqual([]);
    expect(missing([{ type: 'aws_db_instance', mode: 'data', actions: ['read'], after: same }])).toEqual([]);
  });

  it('does not judge a value known only after apply, an attribute the provider version lacks, or a sensitive value', () => {
    expect(missing([created('aws_db_instance', { identifier: 'x' }, { afterUnknown: { deletion_protection: true } })])).toEqual([]);
    expect(missing([created('aws_dynamodb_table', { name: 'events' })])).toEqual([]);
    expect(missing([created('aws_db_instance', { deletion_protection: false }, { afterSensitive: { deletion_protection: true } })])).toEqual([]);
  });

  it('does not judge an omitted attribute whose default is undocumented', () => {
    expect(missing([created('mongodbatlas_advanced_cluster', { termination_protection_enabled: null })])).toEqual([]);
    expect(missing([created('google_filestore_instance', { deletion_protection_enabled: null })])).toEqual([]);
  });

  it('leaves opt-in switches and replaceable compute alone on create', () => {
    expect(missing([created('aws_instance', { disable_api_termination: null })])).toEqual([]);
    expect(missing([created('google_compute_instance', { deletion_protection: false })])).toEqual([]);
    expect(missing([created('aws_iam_user', { force_destroy: true })])).toEqual([]);
    expect(missing([created('aws_lambda_function', { skip_destroy: false })])).toEqual([]);
    expect(missing([created('google_storage_bucket', { force_destroy: false, deletion_policy: 'DELETE' })])).toEqual([]);
  });

  it('does not report an update or replacement that switches the guard off: that is deletion-protection-disabled', () => {
    expect(missing([updated('aws_db_instance', { deletion_protection: true }, { deletion_protection: false })])).toEqual([]);
    const all = analyzeJson(planJson([replaced('aws_rds_cluster', { deletion_protection: true }, { deletion_protection: false })]));
    expect(all.map((finding) => finding.ruleId)).toEqual(['stateful-replace', 'deletion-protection-disabled']);
  });
});

describe('deletion-protection-disabled', () => {
  it('fires on deletion_protection true → false, with the transition and a fix', () => {
    expect(disabled([updated('aws_db_instance', { identifier: 'orders', deletion_protection: true }, { identifier: 'orders', deletion_protection: false })])).toEqual([
      {
        ruleId: 'deletion-protection-disabled',
        severity: 'high',
        address: 'aws_db_instance.this',
        resourceType: 'aws_db_instance',
        actions: ['update'],
        message: 'aws_db_instance.this switches off its deletion guard (deletion_protection). Once applied, nothing in the state stops a later plan from destroying it.',
        remediation: 'Keep deletion_protection = true; switch it off only in a reviewed change made just before an intended delete.',
        details: ['deletion_protection: true → false (no longer: the delete is refused, so the apply fails unless the guard is switched off in an earlier apply)'],
        suppressed: null,
        evidence: { switchedOff: [{ guard: 'deletion_protection', before: true, after: false }] },
        identity: ['orders'],
      },
    ]);
  });

  it('stays quiet when the guard stays on, is switched on, or was never on', () => {
    expect(disabled([updated('aws_db_instance', { deletion_protection: true, port: 5432 }, { deletion_protection: true, port: 5433 })])).toEqual([]);
    expect(disabled([updated('aws_db_instance', { deletion_protection: false }, { deletion_protection: true })])).toEqual([]);
    expect(disabled([updated('aws_db_instance', { deletion_protection: false, port: 1 }, { deletion_protection: false, port: 2 })])).toEqual([]);
    expect(disabled([updated('aws_s3_bucket', { force_destroy: true, tags: {} }, { force_destroy: true, tags: { a: 'b' } })])).toEqual([]);
  });

  // [type, before, after]
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['aws_rds_cluster', { deletion_protection: true }, { deletion_protection: false }],
    ['aws_dynamodb_table', { deletion_protection_enabled: true }, { deletion_protection_enabled: null }],
    ['aws_lb', { enable_deletion_protection: true }, { enable_deletion_protection: false }],
    ['aws_cognito_user_pool', { deletion_protection: 'ACTIVE' }, { deletion_protection: 'INACTIVE' }],
    ['aws_qldb_ledger', { deletion_protection: true }, { deletion_protection: false }],
    ['aws_instance', { disable_api_termination: true }, { disable_api_termination: false }],
    ['aws_s3_bucket', { force_destroy: false }, { force_destroy: true }],
    ['aws_iam_user', { force_destroy: false }, { force_destroy: true }],
    ['aws_db_instance', { skip_final_snapshot: false }, { skip_final_snapshot: true }],
    ['aws_rds_cluster', { skip_final_snapshot: null }, { skip_final_snapshot: true }],
    ['aws_elasticache_replication_group', { final_snapshot_identifier: 'cache-final' }, { final_snapshot_identifier: null }],
    ['aws_fsx_windows_file_system', { skip_final_backup: false }, { skip_final_backup: true }],
    ['aws_ebs_volume', { final_snapshot: true }, { final_snapshot: false }],
    ['google_sql_database_instance', { deletion_protection: true }, { deletion_protection: false }],
    ['google_sql_database_instance', { settings: [{ deletion_protection_enabled: true }] }, { settings: [{ deletion_protection_enabled: false }] }],
    ['google_container_cluster', { deletion_protection: null }, { deletion_protection: false }],
    ['google_bigtable_table', { deletion_protection: 'PROTECTED' }, { deletion_protection: 'UNPROTECTED' }],
    ['google_storage_bucket', { force_destroy: false }, { force_destroy: true }],
    ['google_storage_bucket', { deletion_policy: 'PREVENT' }, { deletion_policy: 'DELETE' }],
    ['google_compute_disk', { create_snapshot_before_destroy: true }, { create_snapshot_before_destroy: false }],
    ['azurerm_key_vault', { purge_protection_enabled: true }, { purge_protection_enabled: false }],
    ['azurerm_data_protection_backup_vault', { soft_delete: 'On' }, { soft_delete: 'Off' }],
    ['mongodbatlas_cluster', { termination_protection_enabled: true }, { termination_protection_enabled: false }],
  ];
  for (const [type, before, after] of cases) {
    it(`${type}: fires on ${JSON.stringify(before)} → ${JSON.stringify(after)}, quiet on the reverse`, () => {
      const fired = disabled([updated(type, before, after)]);
      expect(fired.map((finding) => [finding.ruleId, finding.severity, finding.address])).toEqual([['deletion-protection-disabled', 'high', `${type}.this`]]);
      expect(disabled([updated(type, after, before)])).toEqual([]);
    });
  }

  it('reports skip_final_snapshot false → true here and not as backup-weakened (one home per change)', () => {
    const all = analyzeJson(planJson([updated('aws_db_instance', { skip_final_snapshot: false, deletion_protection: true }, { skip_final_snapshot: true, deletion_protection: true })]));
    expect(all.map((finding) => finding.ruleId)).toEqual(['deletion-protection-disabled']);
    expect(all[0]!.details).toEqual(['skip_final_snapshot: false → true (no final snapshot is taken when it is destroyed)']);
  });

  it('warns that switching a guard off in the same apply as a replacement does not help the delete', () => {
    const [finding] = disabled([replaced('aws_db_instance', { deletion_protection: true, engine: 'postgres' }, { deletion_protection: false, engine: 'mysql' })]);
    expect(finding!.actions).toEqual(['delete', 'create']);
    expect(finding!.message).toBe(
      "aws_db_instance.this switches off its deletion guard (deletion_protection). This plan also replaces it: the old object's delete reads deletion_protection from the current state, not from this change, so the switch does not take effect for that delete (a refusing guard makes the apply fail). Switch guards off in their own apply first.",
    );
  });

  it('reads the incident fixture: an RDS update switching protection off and skipping the final snapshot', () => {
    const findings = analyzeJson(fixture('rds-guards-off.json')).filter((finding) => finding.ruleId === 'deletion-protection-disabled');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.details).toEqual([
      'deletion_protection: true → false (no longer: the delete is refused, so the apply fails unless the guard is switched off in an earlier apply)',
      'skip_final_snapshot: false → true (no final snapshot is taken when it is destroyed)',
    ]);
    expect(findings[0]!.remediation).toBe('Keep deletion_protection = true and skip_final_snapshot = false; switch it off only in a reviewed change made just before an intended delete.');
  });
});

describe('the protection note on stateful deletes and replaces', () => {
  const noteOf = (change: ChangeSpec) => {
    const finding = analyzeJson(planJson([change])).find((f) => f.ruleId === 'stateful-delete' || f.ruleId === 'stateful-replace');
    return finding?.details;
  };

  it('says the cloud will refuse a delete when protection is on in the current state', () => {
    expect(noteOf(deleted('aws_db_instance', { deletion_protection: true, skip_final_snapshot: false }))).toEqual([
      'deletion_protection = true in the current state: the delete is refused, so the apply fails unless the guard is switched off in an earlier apply (enforced by the cloud API).',
    ]);
  });

  it('says nothing stops the delete when it is off, and that no final snapshot will be taken', () => {
    expect(noteOf(deleted('aws_db_instance', { deletion_protection: false, skip_final_snapshot: true }))).toEqual([
      'deletion_protection = false in the current state: nothing stops this delete.',
      'skip_final_snapshot = true in the current state: no final snapshot is taken when it is destroyed.',
    ]);
  });

  it('calls a Google deletion_protection a Terraform-only guard, and applies the default to an omitted value', () => {
    expect(noteOf(deleted('google_sql_database_instance', { name: 'main', deletion_protection: null, settings: [{ deletion_protection_enabled: false }] }))).toEqual([
      'deletion_protection = true (not set: the provider default) in the current state: the delete is refused, so the apply fails unless the guard is switched off in an earlier apply (a Terraform-only guard: other tools can still delete it).',
    ]);
  });

  it('reads the guard of a replacement from before, not after', () => {
    const details = noteOf(replaced('aws_s3_bucket', { bucket: 'a', force_destroy: false }, { bucket: 'b', force_destroy: true }, { replacePaths: [['bucket']] }));
    expect(details).toEqual([
      'bucket: "a" → "b"',
      'force_destroy = false in the current state: Terraform does not empty the bucket first (force_destroy would delete every object, locked ones included), so the delete fails while it holds objects (a Terraform-only guard: other tools can still delete it).',
    ]);
  });

  it('says when a cache has no final snapshot name, so nothing is kept', () => {
    expect(noteOf(deleted('aws_elasticache_replication_group', { replication_group_id: 'sessions', final_snapshot_identifier: null }))).toEqual([
      'final_snapshot_identifier = null in the current state: no final snapshot is taken when it is destroyed.',
    ]);
    expect(noteOf(deleted('aws_elasticache_replication_group', { replication_group_id: 'sessions', final_snapshot_identifier: 'sessions-final' }))).toEqual([]);
  });

  it('adds nothing for a type without protection attributes', () => {
    expect(noteOf(deleted('aws_sqs_queue', { name: 'jobs' }))).toEqual([]);
  });

  it('exposes the readings per attribute', () => {
    const plan = loadPlanJson(planJson([deleted('azurerm_key_vault', { name: 'kv', purge_protection_enabled: true })]), 'p.json');
    expect(protectionStatus(plan.changes[0]!).map((reading) => [reading.row.path.join('.'), reading.state])).toEqual([['purge_protection_enabled', 'protected']]);
  });
});
