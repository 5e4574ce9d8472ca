/**
 * The values a reviewer recognizes a resource by, shown beside its address: its real name, the
 * environment it belongs to, its size. One row per attribute, in the order they are shown; a
 * value the plan marks sensitive is never shown (plan/identity.ts).
 * Names are the providers' own arguments (AWS `identifier`, `bucket`, `function_name`; Google and
 * Azure `name`; sizes with their documented units).
 */
export interface IdentifyingAttribute {
  /** Attribute path from the resource's top level. */
  path: readonly string[];
  /** How the value is shown: as is, as `Key=value`, or with a unit. */
  show: 'name' | 'tag' | { unit: string };
  /** The resource types the row is about; every type when absent. */
  types?: readonly string[];
}

/** The resource's own name: the first of these that has a value is shown. */
export const NAME_ATTRIBUTES: readonly IdentifyingAttribute[] = [
  { path: ['identifier'], show: 'name' }, // aws_db_instance, aws_docdb/neptune instances
  { path: ['cluster_identifier'], show: 'name' }, // aws_rds_cluster, aws_redshift_cluster
  { path: ['replication_group_id'], show: 'name' }, // aws_elasticache_replication_group
  { path: ['bucket'], show: 'name' }, // aws_s3_bucket
  { path: ['function_name'], show: 'name' }, // aws_lambda_function
  { path: ['domain_name'], show: 'name' }, // aws_opensearch_domain, aws_elasticsearch_domain
  { path: ['creation_token'], show: 'name' }, // aws_efs_file_system
  { path: ['name'], show: 'name' }, // most Google, Azure and Kubernetes types, many AWS ones
];

/** Tags naming the environment a resource belongs to (AWS `tags`, Google `labels`). */
export const ENVIRONMENT_TAGS: readonly IdentifyingAttribute[] = ['tags', 'labels'].flatMap((map) =>
  ['Environment', 'environment', 'Env', 'env', 'Stage', 'stage'].map((key) => ({ path: [map, key], show: 'tag' as const })),
);

/** How big it is, per type (units as each provider documents them): the first with a value is shown. */
export const SIZE_ATTRIBUTES: readonly IdentifyingAttribute[] = [
  { path: ['allocated_storage'], show: { unit: 'GiB' }, types: ['aws_db_instance', 'aws_rds_cluster'] },
  { path: ['size'], show: { unit: 'GiB' }, types: ['aws_ebs_volume'] },
  { path: ['storage_capacity'], show: { unit: 'GiB' }, types: ['aws_fsx_lustre_file_system', 'aws_fsx_windows_file_system', 'aws_fsx_ontap_file_system', 'aws_fsx_openzfs_file_system'] },
  { path: ['size'], show: { unit: 'GB' }, types: ['google_compute_disk', 'google_compute_region_disk'] },
  { path: ['disk_size_gb'], show: { unit: 'GB' }, types: ['azurerm_managed_disk'] },
  { path: ['storage_mb'], show: { unit: 'MB' }, types: ['azurerm_postgresql_flexible_server', 'azurerm_mysql_flexible_server'] },
  { path: ['max_size_gb'], show: { unit: 'GB' }, types: ['azurerm_mssql_database'] },
];
