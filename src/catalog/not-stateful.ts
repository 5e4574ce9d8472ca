/**
 * Resource types that are NOT in the stateful catalog although a reviewer might expect them there:
 * they have a deletion-protection or backup row, or sit in front of data. One row per type, with
 * why its destroy loses no data (or whose row holds the data instead). A test ties this table to
 * the stateful, protection and backup catalogs: every guarded type is stateful or listed here.
 */
export interface NotStatefulRow {
  /** A resource type, or the glob a provider-wide protection row uses (`google_*`). */
  type: string;
  why: string;
}

export const NOT_STATEFUL: readonly NotStatefulRow[] = [
  // Compute in front of data held elsewhere (rule-catalog.md §1).
  { type: 'aws_rds_cluster_instance', why: 'a compute node: the data is in the cluster volume (aws_rds_cluster)' },
  { type: 'aws_neptune_cluster_instance', why: 'a compute node: the data is in the cluster volume (aws_neptune_cluster)' },
  { type: 'aws_dax_cluster', why: 'a cache in front of DynamoDB, which holds the data' },
  { type: 'aws_kinesis_firehose_delivery_stream', why: 'delivers records to a destination that holds them; it keeps none' },
  { type: 'google_alloydb_instance', why: 'a compute node: the data is in the cluster (google_alloydb_cluster)' },
  { type: 'google_memcache_instance', why: 'a cache without persistence: its contents are rebuilt from their source' },
  { type: 'google_cloud_run_v2_service', why: 'stateless containers; the images are in a registry' },
  { type: 'google_cloud_run_v2_job', why: 'stateless containers; the images are in a registry' },
  { type: 'google_cloud_run_v2_worker_pool', why: 'stateless containers; the images are in a registry' },
  { type: 'aws_lambda_function', why: 'code deployed from the configuration; skip_destroy only keeps old versions published' },
  { type: 'aws_transfer_server', why: 'an endpoint: the files are in S3 or EFS' },
  // Network and delivery: a delete is an outage, not a loss of data.
  { type: 'aws_lb', why: 'a load balancer holds no data; its protection guards availability' },
  { type: 'aws_alb', why: 'a load balancer holds no data; its protection guards availability' },
  { type: 'aws_networkfirewall_firewall', why: 'a firewall holds no data; its rules are in the configuration' },
  { type: 'aws_cloudfront_distribution', why: 'a CDN in front of an origin that holds the data' },
  { type: 'aws_dx_connection', why: 'a physical link: a delete is an outage, not a loss of data' },
  { type: 'aws_dx_lag', why: 'a group of physical links: a delete is an outage, not a loss of data' },
  { type: 'aws_service_discovery_service', why: 'a registry that instances fill again when they register' },
  // Settings and definitions held in the configuration.
  { type: 'aws_s3_bucket_public_access_block', why: 'a bucket setting; the bucket (aws_s3_bucket) holds the data' },
  { type: 'aws_s3_bucket_versioning', why: 'a bucket setting; the bucket (aws_s3_bucket) holds the data' },
  { type: 'aws_efs_backup_policy', why: 'a file-system setting; the file system (aws_efs_file_system) holds the data' },
  { type: 'aws_backup_plan', why: 'a schedule and lifecycle; the recovery points are in the backup vault (aws_backup_vault)' },
  { type: 'aws_s3_bucket_lifecycle_configuration', why: 'a bucket setting; the bucket (aws_s3_bucket) holds the data' },
  { type: 'aws_redshift_snapshot_schedule', why: 'a schedule; the snapshots it made are separate objects' },
  { type: 'aws_organizations_policy', why: 'a policy document held in the configuration' },
  { type: 'aws_iam_user', why: 'an identity: its keys and passwords are made again, no data is held' },
  { type: 'aws_athena_workgroup', why: 'query settings and saved queries; query results are in S3' },
  { type: 'google_workflows_workflow', why: 'a workflow definition held in the configuration' },
  { type: 'google_bigtable_authorized_view', why: 'a view over a table, whose data stays' },
  { type: 'google_compute_storage_pool', why: 'capacity for disks, which are separate resources (google_compute_disk)' },
  { type: 'google_kms_key_ring', why: 'a destroy only removes it from the state: key rings cannot be deleted' },
  { type: 'google_folder', why: 'a folder must be empty to be deleted; its projects are google_project rows' },
  { type: 'google_*', why: 'the provider-wide deletion_policy row (rule-catalog.md §2.2), not a type' },
  { type: 'kubernetes_storage_class', why: 'a template for volumes: it holds none' },
  { type: 'kubernetes_storage_class_v1', why: 'a template for volumes: it holds none' },
  { type: 'kubernetes_manifest', why: 'judged by its manifest kind instead (catalog/kubernetes-manifest-kinds.ts)' },
];
