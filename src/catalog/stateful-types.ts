/**
 * Resource types that hold data: deleting or replacing one loses what it holds.
 * One row per type. `loses` says what is gone, in words a reviewer can check against the
 * provider's documentation (sources: shared/reference/rule-catalog.md §1).
 */
export interface StatefulTypeRow {
  type: string;
  provider: 'aws' | 'google' | 'azurerm' | 'kubernetes' | 'other';
  /** What is lost when the object is destroyed. */
  loses: string;
}

export const STATEFUL_TYPES: readonly StatefulTypeRow[] = [
  { type: 'aws_db_instance', provider: 'aws', loses: 'the database instance and all its data; automated backups unless delete_automated_backups is false' },
  { type: 'aws_rds_cluster', provider: 'aws', loses: 'the cluster volume with every database; automated backups by default' },
  { type: 'aws_dynamodb_table', provider: 'aws', loses: 'every item in the table, and its point-in-time recovery history' },
  { type: 'aws_s3_bucket', provider: 'aws', loses: 'every object in the bucket' },
  { type: 'aws_kms_key', provider: 'aws', loses: 'the key: everything encrypted under it becomes unrecoverable when the deletion window ends' },
  { type: 'google_sql_database_instance', provider: 'google', loses: 'the instance and all its databases; backups unless retained on delete' },
  { type: 'google_storage_bucket', provider: 'google', loses: 'every object in the bucket' },
  { type: 'azurerm_storage_account', provider: 'azurerm', loses: 'all blobs, files, queues and tables in the account' },
  { type: 'azurerm_key_vault', provider: 'azurerm', loses: 'keys, secrets and certificates (purged on destroy by default unless purge protection is on)' },
  { type: 'kubernetes_persistent_volume_claim_v1', provider: 'kubernetes', loses: 'the bound volume when its reclaim policy is Delete (the StorageClass default)' },
];
