/**
 * Backup and snapshot guards: one row per (resource type, attribute), each a fact a reviewer can
 * check against the provider's documentation (source keys: shared/reference/rule-catalog.md §3).
 */
import type { AttributePath } from '../plan/model.js';

/**
 * How a change to the attribute weakens backups:
 * - `set-true`: it becomes true (`skip_final_snapshot`);
 * - `set-false`: it becomes false (point-in-time recovery `enabled`);
 * - `lowered`: a retention number (or duration like `"86400s"`) decreases; 0 means off;
 * - `to-zero`: only reaching 0 counts (a count where 0 means "backups are turned off");
 * - `expires-sooner`: a time after which data is deleted decreases, where 0 (or omitted, the
 *   row's default) means never: `retention_in_days` 0 → 1 deletes every log event older than a day;
 * - `changed-to`: a status becomes one of `weakValues` (versioning `Suspended`);
 * - `cleared`: a final-snapshot name is removed, so no final snapshot is taken.
 */
export type BackupWeakening = 'set-true' | 'set-false' | 'lowered' | 'to-zero' | 'changed-to' | 'cleared' | 'expires-sooner';

export interface BackupGuardRow {
  type: string;
  path: AttributePath;
  weakening: BackupWeakening;
  /** For `changed-to`: the values that weaken. */
  weakValues?: readonly string[];
  /** The provider's value when omitted (null in the plan); null when not documented. */
  defaultWhenOmitted: boolean | number | string | null;
  /**
   * Arguments that create the object from another one (a snapshot, a replication source): when
   * one is set, an omitted value comes from there, not from `defaultWhenOmitted`.
   */
  copiedFrom?: readonly string[];
  /**
   * A copy made at delete time (final snapshot or backup). Such a guard is read from `before`
   * when the object is destroyed; switching it off on an existing resource is reported as
   * deletion-protection-disabled (contract §5), setting it weak at creation as backup-weakened.
   */
  finalCopy: boolean;
  /**
   * Whether a weak value at creation is reported. False where the weak value is the provider's
   * default and so appears in nearly every plan (`delete_automated_backups = true`): only a
   * change to it says something.
   */
  onCreate: boolean;
  /**
   * Setting the value to 0 on an existing object deletes the backups it kept (RDS deletes an
   * instance's automated backups when its retention becomes 0): reported high, not medium.
   */
  zeroDeletesBackups?: boolean;
  /** For `expires-sooner` with `onCreate`: a new object is reported when it deletes data after at most this many days. */
  onCreateAtMost?: number;
  /**
   * The resource is only this guard, set on another object: the `type` resource whose `key`
   * attribute equals this one's `via` (the bucket of `aws_s3_bucket_versioning`). Destroying it
   * switches the guard off there, unless that object is destroyed too.
   */
  guards?: { type: string; key: string; via: string };
  /** What is lost when the guard is weakened, in words. */
  effect: string;
  source: string;
}

const NO_FINAL_SNAPSHOT = 'no final snapshot is taken when it is destroyed';

function skipFinalSnapshot(type: string, source: string, defaultWhenOmitted: boolean | null = false): BackupGuardRow {
  return { type, path: ['skip_final_snapshot'], weakening: 'set-true', defaultWhenOmitted, finalCopy: true, onCreate: true, effect: NO_FINAL_SNAPSHOT, source };
}

function retention(type: string, path: AttributePath, defaultWhenOmitted: number | string | null, effect: string, source: string, onCreate = true): BackupGuardRow {
  return { type, path, weakening: 'lowered', defaultWhenOmitted, finalCopy: false, onCreate, effect, source };
}

const AUTOMATED_BACKUPS = 'automated backups are kept for fewer days (0 turns them off)';

export const BACKUP_GUARDS: readonly BackupGuardRow[] = [
  // --- AWS relational databases ---
  skipFinalSnapshot('aws_db_instance', 'AWSs:rds/instance.go L614-617, L2432-2443; AWSd:db_instance L397'),
  { type: 'aws_db_instance', path: ['delete_automated_backups'], weakening: 'set-true', defaultWhenOmitted: true, finalCopy: false, onCreate: false, effect: 'automated backups (point-in-time recovery) are deleted with the instance', source: 'AWSs:rds/instance.go L235-238' },
  // Create always sends the zero value when omitted: backups are off unless set (rule-catalog §6 item 2).
  {
    ...retention('aws_db_instance', ['backup_retention_period'], 0, AUTOMATED_BACKUPS, 'AWSs:rds/instance.go L144-149, L1546; https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html (retention 0 disables backups and deletes the existing automated backups)'),
    zeroDeletesBackups: true,
    copiedFrom: ['snapshot_identifier', 'replicate_source_db', 'restore_to_point_in_time', 's3_import'],
  },
  skipFinalSnapshot('aws_rds_cluster', 'AWSs:rds/cluster.go L502-505; AWSd:rds_cluster L252'),
  { type: 'aws_rds_cluster', path: ['delete_automated_backups'], weakening: 'set-true', defaultWhenOmitted: true, finalCopy: false, onCreate: false, effect: 'automated backups are deleted with the cluster', source: 'AWSd:rds_cluster L221' },
  retention('aws_rds_cluster', ['backup_retention_period'], 1, AUTOMATED_BACKUPS, 'AWSd:rds_cluster L210; AWSs:rds/cluster.go L96-101'),
  skipFinalSnapshot('aws_docdb_cluster', 'AWSs:docdb/cluster.go L225-228, L653-656'),
  retention('aws_docdb_cluster', ['backup_retention_period'], 1, AUTOMATED_BACKUPS, 'AWSs:docdb/cluster.go L77-82'),
  skipFinalSnapshot('aws_neptune_cluster', 'AWSs:neptune/cluster.go L271-274, L753-763'),
  retention('aws_neptune_cluster', ['backup_retention_period'], 1, AUTOMATED_BACKUPS, 'AWSs:neptune/cluster.go L88-93'),
  skipFinalSnapshot('aws_neptune_cluster_instance', 'AWSd:neptune_cluster_instance L62', null),
  skipFinalSnapshot('aws_redshift_cluster', 'AWSs:redshift/cluster.go L351-354, L1003-1010; AWSd:redshift_cluster L78'),
  retention('aws_redshift_cluster', ['automated_snapshot_retention_period'], 1, 'automated snapshots are kept for fewer days (0 turns them off)', 'AWSd:redshift_cluster L96-105'),
  skipFinalSnapshot('aws_lightsail_database', 'AWSd:lightsail_database L117-118', null),

  // --- AWS caches: no final snapshot name means no final snapshot ---
  ...['aws_elasticache_cluster', 'aws_elasticache_replication_group'].flatMap((type): BackupGuardRow[] => [
    { type, path: ['final_snapshot_identifier'], weakening: 'cleared', defaultWhenOmitted: null, finalCopy: true, onCreate: false, effect: NO_FINAL_SNAPSHOT, source: 'AWSd:elasticache_cluster L164; AWSd:elasticache_replication_group L212' },
    { type, path: ['snapshot_retention_limit'], weakening: 'to-zero', defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: 'automatic backups are turned off', source: 'AWSd:elasticache_cluster L180' },
  ]),
  { type: 'aws_memorydb_cluster', path: ['final_snapshot_name'], weakening: 'cleared', defaultWhenOmitted: null, finalCopy: true, onCreate: false, effect: NO_FINAL_SNAPSHOT, source: 'AWSd:memorydb_cluster L42' },
  { type: 'aws_memorydb_cluster', path: ['snapshot_retention_limit'], weakening: 'to-zero', defaultWhenOmitted: 0, finalCopy: false, onCreate: false, effect: 'automatic snapshots are turned off', source: 'AWSd:memorydb_cluster L54' },

  // --- AWS tables, buckets, keys, secrets, volumes, file systems ---
  { type: 'aws_dynamodb_table', path: ['point_in_time_recovery', 0, 'enabled'], weakening: 'set-false', defaultWhenOmitted: false, finalCopy: false, onCreate: true, effect: 'point-in-time recovery is turned off and its restore history is lost', source: 'AWSd:dynamodb_table L248' },
  // "Deleting this resource will either suspend versioning on the associated S3 bucket or simply remove the resource from Terraform state."
  { type: 'aws_s3_bucket_versioning', path: ['versioning_configuration', 0, 'status'], weakening: 'changed-to', weakValues: ['Suspended', 'Disabled'], defaultWhenOmitted: null, finalCopy: false, onCreate: true, guards: { type: 'aws_s3_bucket', key: 'bucket', via: 'bucket' }, effect: 'overwritten and deleted objects are no longer kept as versions', source: 'AWSd:s3_bucket_versioning L96-108 (and its destroy note)' },
  { type: 'aws_s3_bucket_versioning', path: ['versioning_configuration', 0, 'mfa_delete'], weakening: 'changed-to', weakValues: ['Disabled'], defaultWhenOmitted: 'Disabled', finalCopy: false, onCreate: false, effect: 'deleting versions no longer needs MFA', source: 'AWSd:s3_bucket_versioning L96-108' },
  // The legacy inline block, deprecated in AWS provider v4 but still common.
  { type: 'aws_s3_bucket', path: ['versioning', 0, 'enabled'], weakening: 'set-false', defaultWhenOmitted: false, finalCopy: false, onCreate: false, effect: 'overwritten and deleted objects are no longer kept as versions', source: 'AWSd:s3_bucket (versioning block)' },
  ...['aws_kms_key', 'aws_kms_replica_key', 'aws_kms_external_key'].map((type) =>
    retention(type, ['deletion_window_in_days'], 30, 'key material is destroyed sooner after a deletion is scheduled', 'AWSd:kms_key L44-46; AWSs:kms/key.go L72-76'),
  ),
  retention('aws_secretsmanager_secret', ['recovery_window_in_days'], 30, 'a deleted secret can be recovered for fewer days (0 deletes it immediately and for good)', 'AWSd:secretsmanager_secret L32'),
  { type: 'aws_ebs_volume', path: ['final_snapshot'], weakening: 'set-false', defaultWhenOmitted: false, finalCopy: true, onCreate: false, effect: NO_FINAL_SNAPSHOT, source: 'AWSs:ec2/ebs_volume.go L69-73; AWSd:ebs_volume L34' },
  { type: 'aws_instance', path: ['root_block_device', 0, 'delete_on_termination'], weakening: 'set-true', defaultWhenOmitted: true, finalCopy: false, onCreate: false, effect: 'the root volume is deleted with the instance', source: 'AWSd:instance L304' },
  ...['aws_fsx_windows_file_system', 'aws_fsx_openzfs_file_system', 'aws_fsx_ontap_volume'].map(
    (type): BackupGuardRow => ({ type, path: ['skip_final_backup'], weakening: 'set-true', defaultWhenOmitted: false, finalCopy: true, onCreate: true, effect: 'no final backup is taken when it is destroyed', source: 'AWSd:fsx_windows_file_system L73; AWSd:fsx_openzfs_file_system L45; AWSd:fsx_ontap_volume L58' }),
  ),
  retention('aws_fsx_windows_file_system', ['automatic_backup_retention_days'], 7, 'automatic backups are kept for fewer days (0 turns them off)', 'AWSd:fsx_windows_file_system L63'),
  retention('aws_fsx_lustre_file_system', ['automatic_backup_retention_days'], null, 'automatic backups are kept for fewer days (0 turns them off)', 'AWSd:fsx_lustre_file_system L41'),
  { type: 'aws_efs_backup_policy', path: ['backup_policy', 0, 'status'], weakening: 'changed-to', weakValues: ['DISABLED'], defaultWhenOmitted: null, finalCopy: false, onCreate: true, effect: 'AWS Backup no longer backs up the file system', source: 'AWSd:efs_backup_policy L41' },

  // --- Expiry: data deleted after a time (0 or omitted: never) ---
  { type: 'aws_cloudwatch_log_group', path: ['retention_in_days'], weakening: 'expires-sooner', defaultWhenOmitted: 0, finalCopy: false, onCreate: false, effect: 'log events older than the new retention are deleted', source: 'AWSd:cloudwatch_log_group' },
  { type: 'aws_backup_plan', path: ['rule', 0, 'lifecycle', 0, 'delete_after'], weakening: 'expires-sooner', defaultWhenOmitted: 0, finalCopy: false, onCreate: false, effect: 'recovery points are deleted sooner (existing ones too, by their new lifecycle)', source: 'AWSd:backup_plan' },
  { type: 'aws_s3_bucket_lifecycle_configuration', path: ['rule', 0, 'expiration', 0, 'days'], weakening: 'expires-sooner', defaultWhenOmitted: 0, finalCopy: false, onCreate: true, onCreateAtMost: 7, effect: 'objects the rule covers (every object when it has no filter) are deleted that many days after creation', source: 'AWSd:s3_bucket_lifecycle_configuration' },
  { type: 'aws_s3_bucket_lifecycle_configuration', path: ['rule', 0, 'noncurrent_version_expiration', 0, 'noncurrent_days'], weakening: 'expires-sooner', defaultWhenOmitted: 0, finalCopy: false, onCreate: true, onCreateAtMost: 7, effect: 'overwritten and deleted object versions are purged that many days later', source: 'AWSd:s3_bucket_lifecycle_configuration' },

  // --- Google ---
  { type: 'google_sql_database_instance', path: ['settings', 0, 'backup_configuration', 0, 'enabled'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: false, onCreate: true, effect: 'automated backups are turned off', source: 'GCs:sql/resource_sql_database_instance.go L471-476; GCd:sql_database_instance L582' },
  { type: 'google_sql_database_instance', path: ['settings', 0, 'backup_configuration', 0, 'point_in_time_recovery_enabled'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: 'point-in-time recovery is turned off', source: 'GCd:sql_database_instance L579-601' },
  { type: 'google_sql_database_instance', path: ['settings', 0, 'backup_configuration', 0, 'binary_log_enabled'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: 'the binary log (MySQL point-in-time recovery) is turned off', source: 'GCd:sql_database_instance L579-601' },
  retention('google_sql_database_instance', ['settings', 0, 'backup_configuration', 0, 'transaction_log_retention_days'], null, 'point-in-time recovery reaches back fewer days', 'GCd:sql_database_instance L579-601', false),
  retention('google_sql_database_instance', ['settings', 0, 'backup_configuration', 0, 'backup_retention_settings', 0, 'retained_backups'], null, 'fewer automated backups are kept', 'GCd:sql_database_instance L579-601', false),
  { type: 'google_sql_database_instance', path: ['settings', 0, 'retain_backups_on_delete'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: 'backups are deleted with the instance', source: 'GCd:sql_database_instance L521' },
  { type: 'google_sql_database_instance', path: ['settings', 0, 'final_backup_config', 0, 'enabled'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: true, onCreate: false, effect: 'no final backup is taken when it is destroyed', source: 'GCd:sql_database_instance L523-527' },
  { type: 'google_storage_bucket', path: ['versioning', 0, 'enabled'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: 'overwritten and deleted objects are no longer kept as versions', source: 'GCd:storage_bucket L231, L333' },
  retention('google_storage_bucket', ['soft_delete_policy', 0, 'retention_duration_seconds'], 604800, 'deleted objects can be restored for a shorter time (0 turns soft delete off)', 'GCd:storage_bucket L260, L400'),
  retention('google_storage_bucket', ['retention_policy', 0, 'retention_period'], null, 'objects are protected from deletion for a shorter time', 'GCd:storage_bucket L239, L355-357', false),
  { type: 'google_compute_disk', path: ['create_snapshot_before_destroy'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: true, onCreate: false, effect: NO_FINAL_SNAPSHOT, source: 'GCd:compute_disk L362-366' },
  retention('google_kms_crypto_key', ['destroy_scheduled_duration'], '2592000s', 'key versions are destroyed sooner after a destroy is scheduled', 'GCd:kms_crypto_key L126-129', false),

  // --- Azure ---
  retention('azurerm_mssql_database', ['short_term_retention_policy', 0, 'retention_days'], null, 'point-in-time restore reaches back fewer days', 'AZd:mssql_database L192-296', false),
  { type: 'azurerm_mssql_database', path: ['geo_backup_enabled'], weakening: 'set-false', defaultWhenOmitted: true, finalCopy: false, onCreate: true, effect: 'backups are no longer copied to the paired region', source: 'AZd:mssql_database L192-296' },
  retention('azurerm_postgresql_flexible_server', ['backup_retention_days'], null, 'backups are kept for fewer days', 'AZd:postgresql_flexible_server L111-115', false),
  retention('azurerm_mysql_flexible_server', ['backup_retention_days'], 7, 'backups are kept for fewer days', 'AZd:mysql_flexible_server L97', false),
  { type: 'azurerm_cosmosdb_account', path: ['backup', 0, 'type'], weakening: 'changed-to', weakValues: ['Periodic'], defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: 'continuous backup (point-in-time restore) becomes periodic snapshots', source: 'AZd:cosmosdb_account L181-258' },
  retention('azurerm_cosmosdb_account', ['backup', 0, 'retention_in_hours'], 8, 'periodic backups are kept for fewer hours', 'AZd:cosmosdb_account L181-258', false),
  retention('azurerm_storage_account', ['blob_properties', 0, 'delete_retention_policy', 0, 'days'], 7, 'deleted blobs can be restored for fewer days', 'AZd:storage_account L197-280', false),
  retention('azurerm_storage_account', ['blob_properties', 0, 'container_delete_retention_policy', 0, 'days'], 7, 'deleted containers can be restored for fewer days', 'AZd:storage_account L197-280', false),
  { type: 'azurerm_storage_account', path: ['blob_properties', 0, 'delete_retention_policy', 0, 'permanent_delete_enabled'], weakening: 'set-true', defaultWhenOmitted: false, finalCopy: false, onCreate: true, effect: 'soft-deleted blobs can be deleted permanently before the retention ends', source: 'AZd:storage_account L197-280' },
  { type: 'azurerm_storage_account', path: ['blob_properties', 0, 'versioning_enabled'], weakening: 'set-false', defaultWhenOmitted: false, finalCopy: false, onCreate: false, effect: 'overwritten and deleted blobs are no longer kept as versions', source: 'AZd:storage_account L197-280' },
  retention('azurerm_storage_account', ['share_properties', 0, 'retention_policy', 0, 'days'], 7, 'deleted file shares can be restored for fewer days', 'AZd:storage_account L390', false),
  retention('azurerm_data_protection_backup_vault', ['retention_duration_in_days'], 14, 'soft-deleted backups are kept for fewer days', 'AZd:data_protection_backup_vault L53', false),
  retention('azurerm_key_vault', ['soft_delete_retention_days'], 90, 'a deleted vault can be recovered for fewer days', 'AZs:.../key_vault_resource.go L205-210; AZd:key_vault L107', false),
  retention('azurerm_log_analytics_workspace', ['retention_in_days'], null, 'logs are kept for fewer days', 'AZd:log_analytics_workspace L54', false),

  // --- MongoDB Atlas ---
  { type: 'mongodbatlas_advanced_cluster', path: ['backup_enabled'], weakening: 'set-false', defaultWhenOmitted: false, finalCopy: false, onCreate: false, effect: 'cloud backups are turned off', source: 'MDB:docs/resources/advanced_cluster.md L535-563' },
  { type: 'mongodbatlas_advanced_cluster', path: ['pit_enabled'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: 'continuous (point-in-time) backup is turned off', source: 'MDB:docs/resources/advanced_cluster.md L535-563' },
  { type: 'mongodbatlas_advanced_cluster', path: ['retain_backups_enabled'], weakening: 'set-false', defaultWhenOmitted: null, finalCopy: false, onCreate: false, effect: 'backups are deleted with the cluster', source: 'MDB:docs/resources/advanced_cluster.md L535-563' },
];
