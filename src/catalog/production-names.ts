/**
 * What makes a resource look like production, for empty-prior-state: a plan that creates
 * production-named resources from an empty state has most likely lost its state.
 * Matching is on whole words: a name is split on every non-alphanumeric character.
 */

/** Whole words that name a production environment (`acme-prod-db`, `prod_main`; not `product`). */
export const PRODUCTION_WORDS: readonly string[] = ['prod', 'production', 'prd'];

/** Words that, right before a production word, name another environment (`pre-prod`, `non_prod`, `not-production`). */
export const NOT_PRODUCTION_QUALIFIERS: readonly string[] = ['pre', 'non', 'not'];

/**
 * Top-level attributes that name the real object (the name a duplicate would collide with or
 * shadow), across AWS, Google, Azure and Kubernetes resources.
 */
export const NAME_ATTRIBUTES: readonly string[] = [
  'name',
  'identifier',
  'bucket',
  'cluster_identifier',
  'cluster_id',
  'cluster_name',
  'db_name',
  'database_name',
  'table_name',
  'function_name',
  'domain_name',
  'replication_group_id',
  'global_cluster_identifier',
  'repository_name',
  'queue_name',
  'topic_name',
  'stream_name',
  'ledger_name',
  'project',
  'project_id',
  'resource_group_name',
  'account_name',
  'server_name',
];

/** Attributes holding a key→value map of tags or labels. */
export const TAG_ATTRIBUTES: readonly string[] = ['tags', 'tags_all', 'labels'];

/** Tag or label keys (compared case-insensitively) whose value names the object (AWS `Name`). */
export const NAME_TAG_KEYS: readonly string[] = ['name'];

/** Tag or label keys (compared case-insensitively) whose value names the environment. */
export const ENVIRONMENT_TAG_KEYS: readonly string[] = ['environment', 'env', 'stage', 'environment_name', 'env_name'];
