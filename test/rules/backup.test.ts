import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKUP_GUARDS } from '../../src/catalog/backup-guards.js';
import { analyzeJson, created, deleted, findingsOf, replaced, updated, type ChangeSpec } from '../support/plan-factory.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/rules/backup/${name}`, import.meta.url), 'utf8'));
const weakened = (changes: ChangeSpec[]) => findingsOf('backup-weakened', changes);

describe('backup-guards catalog', () => {
  it('has one row per (type, attribute), each with a source, and weak values exactly where a status changes', () => {
    const keys = BACKUP_GUARDS.map((row) => `${row.type} ${JSON.stringify(row.path)}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of BACKUP_GUARDS) {
      expect(row.source, row.type).not.toBe('');
      expect(row.effect, row.type).not.toBe('');
      expect(row.weakValues !== undefined, `${row.type} ${row.path.join('.')}`).toBe(row.weakening === 'changed-to');
    }
  });

  it('marks only delete-time copies as final copies', () => {
    expect(BACKUP_GUARDS.filter((row) => row.finalCopy).map((row) => `${row.type}.${row.path.join('.')}`)).toEqual([
      'aws_db_instance.skip_final_snapshot',
      'aws_rds_cluster.skip_final_snapshot',
      'aws_docdb_cluster.skip_final_snapshot',
      'aws_neptune_cluster.skip_final_snapshot',
      'aws_neptune_cluster_instance.skip_final_snapshot',
      'aws_redshift_cluster.skip_final_snapshot',
      'aws_lightsail_database.skip_final_snapshot',
      'aws_elasticache_cluster.final_snapshot_identifier',
      'aws_elasticache_replication_group.final_snapshot_identifier',
      'aws_memorydb_cluster.final_snapshot_name',
      'aws_ebs_volume.final_snapshot',
      'aws_fsx_windows_file_system.skip_final_backup',
      'aws_fsx_openzfs_file_system.skip_final_backup',
      'aws_fsx_ontap_volume.skip_final_backup',
      'google_sql_database_instance.settings.0.final_backup_config.0.enabled',
      'google_compute_disk.create_snapshot_before_destroy',
    ]);
  });
});

describe('backup-weakened on updates', () => {
  it('fires when backup_retention_period is lowered, with the transition, the effect and the fix', () => {
    expect(weakened([updated('aws_db_instance', { backup_retention_period: 7 }, { backup_retention_period: 1 })])).toEqual([
      {
        ruleId: 'backup-weakened',
        severity: 'medium',
        address: 'aws_db_instance.this',
        resourceType: 'aws_db_instance',
        actions: ['update'],
        message: 'aws_db_instance.this weakens its backups: backup_retention_period 7 → 1, so automated backups are kept for fewer days (0 turns them off).',
        remediation: 'Set backup_retention_period back to 7 in the resource block.',
        details: ['backup_retention_period: automated backups are kept for fewer days (0 turns them off)'],
        suppressed: null,
        evidence: { weakened: [{ guard: 'backup_retention_period', before: 7, after: 1 }] },
      },
    ]);
  });

  // [type, before, after]: each fires; the reverse change and an unchanged value stay quiet.
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['aws_db_instance', { backup_retention_period: 7 }, { backup_retention_period: 0 }],
    ['aws_db_instance', { delete_automated_backups: false }, { delete_automated_backups: true }],
    ['aws_rds_cluster', { backup_retention_period: 14 }, { backup_retention_period: 1 }],
    ['aws_rds_cluster', { delete_automated_backups: false }, { delete_automated_backups: null }],
    ['aws_docdb_cluster', { backup_retention_period: 5 }, { backup_retention_period: 1 }],
    ['aws_neptune_cluster', { backup_retention_period: 7 }, { backup_retention_period: 2 }],
    ['aws_redshift_cluster', { automated_snapshot_retention_period: 7 }, { automated_snapshot_retention_period: 0 }],
    ['aws_elasticache_replication_group', { snapshot_retention_limit: 5 }, { snapshot_retention_limit: 0 }],
    ['aws_memorydb_cluster', { snapshot_retention_limit: 3 }, { snapshot_retention_limit: 0 }],
    ['aws_dynamodb_table', { point_in_time_recovery: [{ enabled: true }] }, { point_in_time_recovery: [{ enabled: false }] }],
    ['aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] }, { versioning_configuration: [{ status: 'Suspended', mfa_delete: null }] }],
    ['aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Enabled', mfa_delete: 'Enabled' }] }, { versioning_configuration: [{ status: 'Enabled', mfa_delete: 'Disabled' }] }],
    ['aws_s3_bucket', { versioning: [{ enabled: true, mfa_delete: false }] }, { versioning: [{ enabled: false, mfa_delete: false }] }],
    ['aws_kms_key', { deletion_window_in_days: 30 }, { deletion_window_in_days: 7 }],
    ['aws_kms_key', { deletion_window_in_days: null }, { deletion_window_in_days: 10 }],
    ['aws_secretsmanager_secret', { recovery_window_in_days: 30 }, { recovery_window_in_days: 0 }],
    ['aws_fsx_windows_file_system', { automatic_backup_retention_days: 7 }, { automatic_backup_retention_days: 0 }],
    ['aws_efs_backup_policy', { backup_policy: [{ status: 'ENABLED' }] }, { backup_policy: [{ status: 'DISABLED' }] }],
    ['google_sql_database_instance', { settings: [{ backup_configuration: [{ enabled: true }] }] }, { settings: [{ backup_configuration: [{ enabled: false }] }] }],
    ['google_sql_database_instance', { settings: [{ backup_configuration: [{ enabled: true, point_in_time_recovery_enabled: true }] }] }, { settings: [{ backup_configuration: [{ enabled: true, point_in_time_recovery_enabled: false }] }] }],
    ['google_sql_database_instance', { settings: [{ backup_configuration: [{ backup_retention_settings: [{ retained_backups: 14 }] }] }] }, { settings: [{ backup_configuration: [{ backup_retention_settings: [{ retained_backups: 3 }] }] }] }],
    ['google_storage_bucket', { versioning: [{ enabled: true }] }, { versioning: [{ enabled: false }] }],
    ['google_storage_bucket', { soft_delete_policy: [{ retention_duration_seconds: 604800 }] }, { soft_delete_policy: [{ retention_duration_seconds: 0 }] }],
    ['google_kms_crypto_key', { destroy_scheduled_duration: '2592000s' }, { destroy_scheduled_duration: '86400s' }],
    ['azurerm_mssql_database', { short_term_retention_policy: [{ retention_days: 35 }] }, { short_term_retention_policy: [{ retention_days: 7 }] }],
    ['azurerm_mssql_database', { geo_backup_enabled: true }, { geo_backup_enabled: false }],
    ['azurerm_postgresql_flexible_server', { backup_retention_days: 35 }, { backup_retention_days: 7 }],
    ['azurerm_mysql_flexible_server', { backup_retention_days: null }, { backup_retention_days: 1 }],
    ['azurerm_cosmosdb_account', { backup: [{ type: 'Continuous' }] }, { backup: [{ type: 'Periodic' }] }],
    ['azurerm_storage_account', { blob_properties: [{ delete_retention_policy: [{ days: 30 }] }] }, { blob_properties: [{ delete_retention_policy: [{ days: 1 }] }] }],
    ['azurerm_storage_account', { blob_properties: [{ versioning_enabled: true }] }, { blob_properties: [{ versioning_enabled: false }] }],
    ['azurerm_key_vault', { soft_delete_retention_days: 90 }, { soft_delete_retention_days: 7 }],
    ['azurerm_data_protection_backup_vault', { retention_duration_in_days: 30 }, { retention_duration_in_days: 14 }],
    ['mongodbatlas_advanced_cluster', { backup_enabled: true }, { backup_enabled: false }],
  ];
  for (const [type, before, after] of cases) {
    it(`${type}: fires on ${JSON.stringify(before)} → ${JSON.stringify(after)}, quiet on the reverse and unchanged`, () => {
      const fired = weakened([updated(type, before, after)]);
      // An RDS instance's retention cut to 0 deletes the automated backups it kept: high.
      const severity = type === 'aws_db_instance' && 'backup_retention_period' in after ? 'high' : 'medium';
      expect(fired.map((finding) => [finding.ruleId, finding.severity, finding.address])).toEqual([['backup-weakened', severity, `${type}.this`]]);
      expect(fired[0]!.remediation).toMatch(/^Set .+ back to .+ in the resource block\.$/);
      expect(weakened([updated(type, after, before)])).toEqual([]);
      expect(weakened([updated(type, before, before)])).toEqual([]);
    });
  }

  it('compares durations written as seconds', () => {
    const [finding] = weakened([updated('google_kms_crypto_key', { destroy_scheduled_duration: '2592000s' }, { destroy_scheduled_duration: '86400s' })]);
    expect(finding!.message).toBe('google_kms_crypto_key.this weakens its backups: destroy_scheduled_duration "2592000s" → "86400s", so key versions are destroyed sooner after a destroy is scheduled.');
  });

  it('treats a replacement like an update: the new object is compared with the old one', () => {
    const fired = weakened([replaced('aws_rds_cluster', { backup_retention_period: 14, engine: 'aurora-mysql' }, { backup_retention_period: 1, engine: 'aurora-postgresql' })]);
    expect(fired.map((finding) => finding.actions)).toEqual([['delete', 'create']]);
  });

  it('does not judge a value known only after apply, or a block that is absent', () => {
    expect(weakened([updated('aws_db_instance', { backup_retention_period: 7 }, {}, { afterUnknown: { backup_retention_period: true } })])).toEqual([]);
    expect(weakened([updated('aws_dynamodb_table', { point_in_time_recovery: [{ enabled: true }] }, { point_in_time_recovery: [] })])).toEqual([]);
  });

  it('shows the default for an omitted value and reports several weakenings in one finding', () => {
    const [finding] = weakened([updated('aws_rds_cluster', { backup_retention_period: 7, delete_automated_backups: false }, { backup_retention_period: null, delete_automated_backups: true })]);
    expect(finding!.message).toBe(
      'aws_rds_cluster.this weakens its backups: delete_automated_backups false → true, so automated backups are deleted with the cluster; backup_retention_period 7 → 1 (not set: the provider default), so automated backups are kept for fewer days (0 turns them off).',
    );
    expect(finding!.remediation).toBe('Set delete_automated_backups back to false; set backup_retention_period back to 7 in the resource block.');
  });

  it('never judges or shows a sensitive value, and scrubs variable values from what it shows', () => {
    expect(weakened([updated('aws_db_instance', { backup_retention_period: 7 }, { backup_retention_period: 1 }, { afterSensitive: { backup_retention_period: true } })])).toEqual([]);
    const findings = findingsOf('backup-weakened', [updated('aws_kms_key', { deletion_window_in_days: 3000 }, { deletion_window_in_days: 1000 })], { variables: { window: 3000 } });
    expect(findings.map((finding) => finding.message)).toEqual([
      'aws_kms_key.this weakens its backups: deletion_window_in_days (sensitive) → 1000, so key material is destroyed sooner after a deletion is scheduled.',
    ]);
    expect(findings[0]!.remediation).toBe('Set deletion_window_in_days back to (sensitive) in the resource block.');
  });

  it('leaves a final-copy guard switched off on an existing resource to deletion-protection-disabled', () => {
    expect(weakened([updated('aws_db_instance', { skip_final_snapshot: false }, { skip_final_snapshot: true })])).toEqual([]);
    expect(weakened([updated('aws_fsx_ontap_volume', { skip_final_backup: false }, { skip_final_backup: true })])).toEqual([]);
  });

  it('reads the fixture: DynamoDB point-in-time recovery off and S3 versioning suspended in one plan', () => {
    const findings = analyzeJson(fixture('pitr-off-versioning-suspended.json')).filter((finding) => finding.ruleId === 'backup-weakened');
    expect(findings.map((finding) => finding.message)).toEqual([
      'aws_dynamodb_table.orders weakens its backups: point_in_time_recovery[0].enabled true → false, so point-in-time recovery is turned off and its restore history is lost.',
      'aws_s3_bucket_versioning.assets weakens its backups: versioning_configuration[0].status "Enabled" → "Suspended", so overwritten and deleted objects are no longer kept as versions.',
    ]);
  });
});

describe('backup-weakened when a guard resource is destroyed', () => {
  it('fires when aws_s3_bucket_versioning is destroyed while versioning is enabled: the bucket\'s versioning is suspended', () => {
    const [finding, ...rest] = weakened([deleted('aws_s3_bucket_versioning', { bucket: 'assets', versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] })]);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'aws_s3_bucket_versioning.this weakens its backups: it is destroyed while versioning_configuration[0].status = "Enabled", so overwritten and deleted objects are no longer kept as versions.',
    );
    expect(finding!.remediation).toBe('Keep the resource block, or replace it with a `removed` block with lifecycle { destroy = false } to stop managing it without switching the guard off.');
  });

  it('stays quiet when the bucket goes too: its loss is stateful-delete\'s finding', () => {
    const versioning = deleted('aws_s3_bucket_versioning', { bucket: 'assets', versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] });
    expect(weakened([versioning, deleted('aws_s3_bucket', { bucket: 'assets' }, { name: 'assets' })])).toEqual([]);
    expect(weakened([versioning, deleted('aws_s3_bucket', { bucket: 'other' }, { name: 'other' })])).toHaveLength(1);
  });

  it('stays quiet when versioning was already suspended, when the resource is replaced, or for a resource that is not only a guard', () => {
    expect(weakened([deleted('aws_s3_bucket_versioning', { bucket: 'assets', versioning_configuration: [{ status: 'Suspended', mfa_delete: null }] })])).toEqual([]);
    expect(weakened([replaced('aws_s3_bucket_versioning', { bucket: 'a', versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] }, { bucket: 'b', versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] })])).toEqual([]);
    expect(weakened([deleted('aws_dynamodb_table', { point_in_time_recovery: [{ enabled: true }] })])).toEqual([]);
  });
});

describe('backup-weakened on new resources', () => {
  it('fires on a database created with skip_final_snapshot = true', () => {
    const [finding] = weakened([created('aws_db_instance', { skip_final_snapshot: true, backup_retention_period: 7 })]);
    expect(finding!.message).toBe('aws_db_instance.this weakens its backups: skip_final_snapshot = true, so no final snapshot is taken when it is destroyed.');
    expect(finding!.remediation).toBe('Set skip_final_snapshot = false in the resource block.');
  });

  it('fires when the plan shows the omitted retention as known only after apply (the provider computes it) and the configuration leaves it out', () => {
    const omitted = created('aws_db_instance', { skip_final_snapshot: false }, { afterUnknown: { backup_retention_period: true }, expressions: { engine: { constant_value: 'postgres' } } });
    expect(weakened([omitted]).map((finding) => finding.message)).toEqual([
      'aws_db_instance.this weakens its backups: backup_retention_period = 0 (not set: the provider default), so automated backups are kept for fewer days (0 turns them off).',
    ]);
    // Set in the configuration to something known only after apply: not judged.
    const set = created('aws_db_instance', { skip_final_snapshot: false }, { afterUnknown: { backup_retention_period: true }, expressions: { backup_retention_period: { references: ['var.days'] } } });
    expect(weakened([set])).toEqual([]);
  });

  it('stays quiet on a database restored from a snapshot or created as a replica: its retention comes from the source', () => {
    expect(weakened([created('aws_db_instance', { skip_final_snapshot: false, backup_retention_period: null, snapshot_identifier: 'orders-final' })])).toEqual([]);
    const replica = created('aws_db_instance', { skip_final_snapshot: false }, { afterUnknown: { backup_retention_period: true }, expressions: { replicate_source_db: { references: ['aws_db_instance.main.identifier'] } } });
    expect(weakened([replica])).toEqual([]);
  });

  it('fires on a database created with backups off, the provider default when the retention is omitted', () => {
    const [finding] = weakened([created('aws_db_instance', { skip_final_snapshot: false, backup_retention_period: null })]);
    expect(finding!.message).toBe(
      'aws_db_instance.this weakens its backups: backup_retention_period = 0 (not set: the provider default), so automated backups are kept for fewer days (0 turns them off).',
    );
    expect(finding!.remediation).toBe('Set backup_retention_period to a retention above 0 in the resource block.');
  });

  const firing: [string, Record<string, unknown>][] = [
    ['aws_rds_cluster', { skip_final_snapshot: true }],
    ['aws_docdb_cluster', { skip_final_snapshot: true }],
    ['aws_redshift_cluster', { skip_final_snapshot: true }],
    ['aws_fsx_windows_file_system', { skip_final_backup: true }],
    ['aws_secretsmanager_secret', { recovery_window_in_days: 0 }],
    ['aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Suspended' }] }],
    ['aws_efs_backup_policy', { backup_policy: [{ status: 'DISABLED' }] }],
    ['google_storage_bucket', { soft_delete_policy: [{ retention_duration_seconds: 0 }] }],
    ['azurerm_mssql_database', { geo_backup_enabled: false }],
    ['azurerm_storage_account', { blob_properties: [{ delete_retention_policy: [{ permanent_delete_enabled: true }] }] }],
    // Creation-time exposure (issue #11): a new table without point-in-time recovery, a new Cloud SQL instance without backups.
    ['aws_dynamodb_table', { point_in_time_recovery: [{ enabled: false }] }],
    ['google_sql_database_instance', { settings: [{ backup_configuration: [{ enabled: false }] }] }],
  ];
  for (const [type, after] of firing) {
    it(`${type}: fires on create with ${JSON.stringify(after)}`, () => {
      expect(weakened([created(type, after)]).map((finding) => [finding.severity, finding.address])).toEqual([['medium', `${type}.this`]]);
    });
  }

  const quiet: [string, Record<string, unknown>][] = [
    ['aws_db_instance', { skip_final_snapshot: false, backup_retention_period: 7, delete_automated_backups: true }],
    ['aws_db_instance', { skip_final_snapshot: false }],
    ['aws_kms_key', { deletion_window_in_days: 7 }],
    ['aws_memorydb_cluster', { snapshot_retention_limit: 0 }],
    ['aws_elasticache_cluster', { final_snapshot_identifier: null }],
    ['aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Enabled' }] }],
    ['azurerm_postgresql_flexible_server', { backup_retention_days: 7 }],
    ['azurerm_mssql_database', { geo_backup_enabled: null }],
  ];
  for (const [type, after] of quiet) {
    it(`${type}: quiet on create with ${JSON.stringify(after)} (safe, or the provider default every plan would repeat)`, () => {
      expect(weakened([created(type, after)])).toEqual([]);
    });
  }
});

describe('backup-weakened: retention cuts at the severity of what is lost', () => {
  it('is high when an RDS instance\'s retention goes 14 → 0 with apply_immediately, saying it happens during the apply', () => {
    const db = { identifier: 'orders', backup_retention_period: 14, apply_immediately: true };
    const [finding] = weakened([updated('aws_db_instance', db, { ...db, backup_retention_period: 0 })]);
    expect(finding).toMatchObject({ severity: 'high' });
    expect(finding!.details).toContain('apply_immediately = true: this takes effect during the apply, not in the next maintenance window.');
  });

  it('keeps a retention lowered but not off at medium', () => {
    const db = { identifier: 'orders', backup_retention_period: 14 };
    expect(weakened([updated('aws_db_instance', db, { ...db, backup_retention_period: 7 })]).map((f) => f.severity)).toEqual(['medium']);
  });

  it('reads log retention with 0 as never: 0 → 1 is high, 30 → 14 medium, 14 → 0 (never) nothing', () => {
    const group = (days: number) => ({ name: '/app/orders', retention_in_days: days });
    const [toOne] = weakened([updated('aws_cloudwatch_log_group', group(0), group(1))]);
    expect(toOne).toMatchObject({ severity: 'high' });
    expect(toOne!.message).toBe('aws_cloudwatch_log_group.this weakens its backups: retention_in_days 0 → 1, so log events older than the new retention are deleted.');
    expect(weakened([updated('aws_cloudwatch_log_group', group(30), group(14))]).map((f) => f.severity)).toEqual(['medium']);
    expect(weakened([updated('aws_cloudwatch_log_group', group(14), group(0))])).toEqual([]);
  });

  it('reads a backup plan\'s delete_after, with omitted as never', () => {
    const plan = (days: number | null) => ({ name: 'daily', rule: [{ rule_name: 'daily', target_vault_name: 'main', lifecycle: [{ delete_after: days, cold_storage_after: null }] }] });
    expect(weakened([updated('aws_backup_plan', plan(35), plan(7))]).map((f) => f.severity)).toEqual(['medium']);
    expect(weakened([updated('aws_backup_plan', plan(null), plan(1))]).map((f) => f.severity)).toEqual(['high']);
  });

  it('reports a new S3 lifecycle rule expiring objects and versions within a day as high, and a 90-day expiry not at all', () => {
    const rule = (days: number) => ({ bucket: 'acme-prod-invoices', rule: [{ id: 'all', status: 'Enabled', filter: [], expiration: [{ days, date: null, expired_object_delete_marker: false }], noncurrent_version_expiration: [{ noncurrent_days: days, newer_noncurrent_versions: null }] }] });
    const [finding] = weakened([created('aws_s3_bucket_lifecycle_configuration', rule(1))]);
    expect(finding).toMatchObject({ severity: 'high' });
    expect(finding!.message).toContain('rule[0].expiration[0].days = 1, so objects the rule covers (every object when it has no filter) are deleted that many days after creation');
    expect(finding!.message).toContain('rule[0].noncurrent_version_expiration[0].noncurrent_days = 1');
    expect(weakened([created('aws_s3_bucket_lifecycle_configuration', rule(90))])).toEqual([]);
  });
});
