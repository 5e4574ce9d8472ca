/**
 * Deletion-protection attributes: one row per (resource type, attribute), each a fact a reviewer
 * can check against the provider's documentation (source keys: shared/reference/rule-catalog.md §2).
 *
 * A guard is read from `before` when the object is destroyed: setting it in the same apply as the
 * delete does not take effect (rule-catalog §0.1 rule 2).
 */
import type { AttributePath } from '../plan/model.js';

/** A protection attribute's value: most are booleans, some are string enums (`ACTIVE`/`INACTIVE`). */
export type ProtectionValue = boolean | string;

/**
 * Who refuses the delete when the guard is on. `cloud-api`: the cloud refuses it whoever asks
 * (console, CLI, Terraform). `terraform`: only the Terraform provider refuses (or, for an inverse
 * attribute, only the provider empties the object first); other tools can still delete it.
 */
export type ProtectionLayer = 'cloud-api' | 'terraform';

export interface ProtectionAttributeRow {
  /** Resource type, or a glob on resource types (`google_*`) for provider-wide attributes. */
  type: string;
  path: AttributePath;
  /**
   * The value(s) meaning "protected". `false` marks an inverse attribute: setting it to true
   * weakens protection (`force_destroy`, `force_delete`, `delete_contents_on_destroy`).
   */
  protectedWhen: ProtectionValue | readonly ProtectionValue[];
  /**
   * The provider's value when the attribute is omitted (null in the plan). `null` when no default
   * is documented or verified: an omitted value is then never judged.
   */
  defaultWhenOmitted: ProtectionValue | null;
  layer: ProtectionLayer;
  /**
   * Whether a resource created or kept without this guard is worth a deletion-protection-missing
   * finding. False for opt-in switches most configurations rightly leave off (Lambda
   * `skip_destroy`, IAM user `force_destroy`) and for replaceable compute; such rows still count
   * for deletion-protection-disabled and for the note on deletes.
   */
  expected: boolean;
  /** What the protected state does at delete time, in words (shown on deletes and replaces). */
  protectedMeans: string;
  /** Citation key(s) in rule-catalog.md. */
  source: string;
}

const REFUSED = 'the delete is refused, so the apply fails unless the guard is switched off in an earlier apply';
const FAILS_WHILE_NOT_EMPTY = 'Terraform does not empty it first, so the delete fails while it still holds data';

/** Rows for the inverse `force_destroy`-style flags: true empties the object and deletes it. */
function inverse(type: string, attribute: string, source: string, expected: boolean): ProtectionAttributeRow {
  return { type, path: [attribute], protectedWhen: false, defaultWhenOmitted: false, layer: 'terraform', expected, protectedMeans: FAILS_WHILE_NOT_EMPTY, source };
}

/** Rows for `skip_destroy`-style flags: true only removes the object from the state on destroy. */
function skipDestroy(type: string, source: string): ProtectionAttributeRow {
  return { type, path: ['skip_destroy'], protectedWhen: true, defaultWhenOmitted: false, layer: 'terraform', expected: false, protectedMeans: 'the object is only removed from the state, not destroyed', source };
}

export const PROTECTION_ATTRIBUTES: readonly ProtectionAttributeRow[] = [
  // --- AWS (rule-catalog §2.1) ---
  { type: 'aws_db_instance', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWScur:db_instance@0130d51a; AWSd:db_instance L322' },
  { type: 'aws_rds_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSs:rds/cluster.go L174-177' },
  { type: 'aws_rds_global_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:rds_global_cluster L207' },
  inverse('aws_rds_global_cluster', 'force_destroy', 'AWSd:rds_global_cluster (force_destroy grep list)', false),
  { type: 'aws_docdb_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:docdb_cluster L56' },
  { type: 'aws_docdb_global_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:docdb_global_cluster L109' },
  { type: 'aws_neptune_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:neptune_cluster L70' },
  { type: 'aws_neptune_global_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:neptune_global_cluster L106' },
  { type: 'aws_dynamodb_table', path: ['deletion_protection_enabled'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:dynamodb_table L179' },
  { type: 'aws_qldb_ledger', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'cloud-api', expected: true, protectedMeans: 'the delete is refused; it must be set to false and applied first', source: 'AWSs:qldb/ledger.go L52-56; AWSd:qldb_ledger L28' },
  { type: 'aws_cognito_user_pool', path: ['deletion_protection'], protectedWhen: 'ACTIVE', defaultWhenOmitted: 'INACTIVE', layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSs:cognitoidp/user_pool.go L143-148; AWSd:cognito_user_pool L76' },
  { type: 'aws_lb', path: ['enable_deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:lb L111' },
  { type: 'aws_alb', path: ['enable_deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:lb L111' },
  // Enforced on `terraform destroy` only from provider v6.8.0; instances are usually replaceable compute.
  { type: 'aws_instance', path: ['disable_api_termination'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: false, protectedMeans: 'termination is refused (Terraform honours it from AWS provider v6.8.0)', source: 'AWSs:ec2/ec2_instance.go L2141-2170; AWSCL6 6.8.0' },
  inverse('aws_instance', 'force_destroy', 'AWSCL6 6.8.0 (default UNVERIFIED)', false),
  { type: 'aws_eks_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSCL6 6.9.0 (default UNVERIFIED)' },
  { type: 'aws_emr_cluster', path: ['termination_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: false, protectedMeans: 'termination is refused; it must be set to false and applied first', source: 'AWSd:emr_cluster L665' },
  { type: 'aws_networkfirewall_firewall', path: ['delete_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'AWSd:networkfirewall_firewall L41' },
  { type: 'aws_cloudfront_distribution', path: ['retain_on_delete'], protectedWhen: true, defaultWhenOmitted: false, layer: 'terraform', expected: false, protectedMeans: 'the distribution is disabled instead of deleted', source: 'AWSd:cloudfront_distribution L264' },
  skipDestroy('aws_cloudwatch_log_group', 'AWSd:cloudwatch_log_group L32'),
  skipDestroy('aws_lambda_function', 'AWSd:lambda_function (skip_destroy)'),
  skipDestroy('aws_dx_connection', 'AWSd:dx_connection (skip_destroy)'),
  skipDestroy('aws_organizations_policy', 'AWSd:organizations_policy (skip_destroy)'),
  skipDestroy('aws_s3_bucket_public_access_block', 'AWSCL6 6.4.0'),
  { type: 'aws_organizations_account', path: ['close_on_deletion'], protectedWhen: false, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: 'the account is only removed from the organization, not closed', source: 'AWSd:organizations_account L15, L35' },
  { ...inverse('aws_s3_bucket', 'force_destroy', 'AWSd:s3_bucket L38', true), protectedMeans: 'Terraform does not empty the bucket first (force_destroy would delete every object, locked ones included), so the delete fails while it holds objects' },
  inverse('aws_s3_directory_bucket', 'force_destroy', 'AWSd:s3_directory_bucket L31', true),
  inverse('aws_s3tables_table_bucket', 'force_destroy', 'AWSCL6 6.11.0', true),
  inverse('aws_ecr_repository', 'force_delete', 'AWSd:ecr_repository L32-33', true),
  inverse('aws_backup_vault', 'force_destroy', 'AWSd:backup_vault L26', true),
  inverse('aws_route53_zone', 'force_destroy', 'AWSs:route53/zone.go L72-76', true),
  inverse('aws_kinesis_stream', 'enforce_consumer_deletion', 'AWSd:kinesis_stream L48', false),
  inverse('aws_iam_user', 'force_destroy', 'AWSd:iam_user (force_destroy grep list)', false),
  inverse('aws_athena_database', 'force_destroy', 'AWSd:athena_database (force_destroy grep list)', false),
  inverse('aws_athena_workgroup', 'force_destroy', 'AWSd:athena_workgroup (force_destroy grep list)', false),
  inverse('aws_dx_lag', 'force_destroy', 'AWSd:dx_lag (force_destroy grep list)', false),
  inverse('aws_service_discovery_service', 'force_destroy', 'AWSd:service_discovery_service (force_destroy grep list)', false),
  inverse('aws_transfer_server', 'force_destroy', 'AWSd:transfer_server (force_destroy grep list)', false),
  inverse('aws_redshift_snapshot_schedule', 'force_destroy', 'AWSd:redshift_snapshot_schedule (force_destroy grep list)', false),

  // --- Google (rule-catalog §2.2). Most `deletion_protection` flags bind Terraform only (§0.1 rule 3). ---
  { type: 'google_sql_database_instance', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:sql/resource_sql_database_instance.go L264-268; GCd:sql_database_instance L413-418' },
  { type: 'google_sql_database_instance', path: ['settings', 0, 'deletion_protection_enabled'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCd:sql_database_instance L495' },
  { type: 'google_container_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:container/resource_container_cluster.go L342-345; GCg:version_5_upgrade L575-581' },
  { type: 'google_bigquery_table', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:bigquery/resource_bigquery_table.go L1580-1583; GCd:bigquery_table L200-203' },
  { ...inverse('google_bigquery_dataset', 'delete_contents_on_destroy', 'GCs:bigquery/resource_bigquery_dataset.go L440-446', true), protectedMeans: 'Terraform does not delete the tables first, so the delete fails while the dataset holds tables' },
  { type: 'google_spanner_database', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:spanner/resource_spanner_database.go L320-329; GCd:spanner_database L134' },
  { type: 'google_spanner_database', path: ['enable_drop_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCd:spanner_database L115-118' },
  { ...inverse('google_spanner_instance', 'force_destroy', 'GCs:spanner/resource_spanner_instance.go L497-502', true), protectedMeans: 'Terraform does not delete the backups first, so the delete fails while backups exist' },
  { type: 'google_bigtable_instance', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:bigtable/resource_bigtable_instance.go L206-209' },
  { ...inverse('google_bigtable_instance', 'force_destroy', 'GCs:bigtable/resource_bigtable_instance.go L199-202; GCd:bigtable_instance L114', true), protectedMeans: 'Terraform does not delete the backups first, so the delete fails while backups exist' },
  { type: 'google_bigtable_table', path: ['deletion_protection'], protectedWhen: 'PROTECTED', defaultWhenOmitted: 'UNPROTECTED', layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCd:bigtable_table L113' },
  { type: 'google_bigtable_authorized_view', path: ['deletion_protection'], protectedWhen: 'PROTECTED', defaultWhenOmitted: 'UNPROTECTED', layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCd:bigtable_table L113' },
  { type: 'google_compute_instance', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: false, protectedMeans: REFUSED, source: 'GCs:compute/resource_compute_instance.go L973-976; GCd:compute_instance L171' },
  { type: 'google_alloydb_cluster', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:alloydb/resource_alloydb_cluster.go L853-860; GCg:version_7_upgrade L121-125' },
  // The docs say "unset protects", but the delete code reads d.Get(...).(bool): unset is unprotected.
  { type: 'google_redis_instance', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:redis/resource_redis_instance.go L661-669, L1325-1326' },
  { type: 'google_memcache_instance', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: null, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:memcache/resource_memcache_instance.go L455-464 (default UNVERIFIED)' },
  { type: 'google_redis_cluster', path: ['deletion_protection_enabled'], protectedWhen: true, defaultWhenOmitted: true, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCs:redis/resource_redis_cluster.go L334-338; GCg:version_6_upgrade L386-387' },
  { type: 'google_memorystore_instance', path: ['deletion_protection_enabled'], protectedWhen: true, defaultWhenOmitted: true, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCs:memorystore/resource_memorystore_instance.go L360-362' },
  { type: 'google_filestore_instance', path: ['deletion_protection_enabled'], protectedWhen: true, defaultWhenOmitted: null, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCd:filestore_instance L211-216 (default UNVERIFIED)' },
  { type: 'google_firestore_database', path: ['delete_protection_state'], protectedWhen: 'DELETE_PROTECTION_ENABLED', defaultWhenOmitted: 'DELETE_PROTECTION_STATE_UNSPECIFIED', layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCd:firestore_database L301-307' },
  { type: 'google_privateca_certificate_authority', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:privateca/resource_privateca_certificate_authority.go L958' },
  { type: 'google_compute_storage_pool', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCs:compute/resource_compute_storage_pool.go L417' },
  { type: 'google_secret_manager_secret', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'terraform', expected: false, protectedMeans: REFUSED, source: 'GCs:secretmanager/resource_secret_manager_secret.go L420-426' },
  { type: 'google_secret_manager_regional_secret', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: false, layer: 'terraform', expected: false, protectedMeans: REFUSED, source: 'GCs:secretmanager/resource_secret_manager_secret.go L420-426' },
  { type: 'google_folder', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCd:google_folder L72' },
  { type: 'google_cloud_run_v2_service', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCd:cloud_run_v2_service L982' },
  { type: 'google_cloud_run_v2_job', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCd:cloud_run_v2_job L569' },
  { type: 'google_cloud_run_v2_worker_pool', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCd:cloud_run_v2_worker_pool L650' },
  { type: 'google_workflows_workflow', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCd:workflows_workflow L235' },
  { type: 'google_active_directory_domain', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: true, layer: 'terraform', expected: true, protectedMeans: REFUSED, source: 'GCd:active_directory_domain L91' },
  { type: 'google_dataproc_metastore_service', path: ['deletion_protection'], protectedWhen: true, defaultWhenOmitted: null, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'GCd:dataproc_metastore_service L455 (layer UNVERIFIED)' },
  { ...inverse('google_storage_bucket', 'force_destroy', 'GCs:storage/resource_storage_bucket.go L164-167; GCd:storage_bucket L220', true), protectedMeans: 'Terraform does not empty the bucket first, so the delete fails while it holds objects' },
  inverse('google_dns_managed_zone', 'force_destroy', 'GCs:dns/resource_dns_managed_zone.go L418-422', true),
  { type: 'google_project', path: ['deletion_policy'], protectedWhen: ['PREVENT', 'ABANDON'], defaultWhenOmitted: 'PREVENT', layer: 'terraform', expected: true, protectedMeans: 'the delete is refused (PREVENT) or only removes the project from the state (ABANDON)', source: 'GCd:google_project L125-128; GCg:version_6_upgrade L367-376' },
  // Since v7.33.0 almost every Google resource has `deletion_policy`; the default is DELETE.
  { type: 'google_*', path: ['deletion_policy'], protectedWhen: ['PREVENT', 'ABANDON'], defaultWhenOmitted: 'DELETE', layer: 'terraform', expected: false, protectedMeans: 'the delete is refused (PREVENT) or only removes the object from the state (ABANDON)', source: 'google CHANGELOG.md L636 (7.33.0); GCd:storage_bucket L270-274' },

  // --- Azure (rule-catalog §2.3). Provider `features {}` switches are not in the resource diff. ---
  { type: 'azurerm_key_vault', path: ['purge_protection_enabled'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: 'the vault cannot be purged while soft-deleted, so it stays recoverable', source: 'AZs:internal/services/keyvault/key_vault_resource.go L200-203; AZd:key_vault L101-103' },
  { type: 'azurerm_app_configuration', path: ['purge_protection_enabled'], protectedWhen: true, defaultWhenOmitted: false, layer: 'cloud-api', expected: true, protectedMeans: 'the store cannot be purged while soft-deleted, so it stays recoverable', source: 'AZd:app_configuration L173' },
  { type: 'azurerm_data_protection_backup_vault', path: ['soft_delete'], protectedWhen: ['AlwaysOn', 'On'], defaultWhenOmitted: 'On', layer: 'cloud-api', expected: true, protectedMeans: 'deleted backups stay recoverable (soft delete)', source: 'AZd:data_protection_backup_vault L57-59' },
  { type: 'azurerm_data_protection_backup_vault', path: ['immutability'], protectedWhen: 'Locked', defaultWhenOmitted: 'Disabled', layer: 'cloud-api', expected: false, protectedMeans: 'recovery points cannot be deleted before they expire', source: 'AZd:data_protection_backup_vault L57-59' },
  { type: 'azurerm_recovery_services_vault', path: ['immutability'], protectedWhen: 'Locked', defaultWhenOmitted: null, layer: 'cloud-api', expected: false, protectedMeans: 'recovery points cannot be deleted before they expire', source: 'AZd:recovery_services_vault L47' },

  // --- MongoDB Atlas (rule-catalog §2.4). Kubernetes and Cloudflare have no such attribute. ---
  ...['mongodbatlas_advanced_cluster', 'mongodbatlas_cluster', 'mongodbatlas_flex_cluster', 'mongodbatlas_serverless_instance'].map(
    (type): ProtectionAttributeRow => ({ type, path: ['termination_protection_enabled'], protectedWhen: true, defaultWhenOmitted: null, layer: 'cloud-api', expected: true, protectedMeans: REFUSED, source: 'MDB:docs/resources/advanced_cluster.md L566' }),
  ),
];
