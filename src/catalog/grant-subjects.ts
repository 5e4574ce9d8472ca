/**
 * Who receives a grant and what it opens, per carrier type: the attributes naming the principal
 * a policy is attached to (the role of an attachment, the users of an `aws_iam_policy_attachment`,
 * an Azure assignment's `principal_id`), or the object a grant or ingress rule is on (the bucket
 * of a bucket policy, the project of a project binding, the security group of a rule). One row
 * per fact, checkable against the provider docs.
 *
 * The IAM and network rules bind these values into a finding's evidence, so an approval of "admin
 * for breakglass" or "SSH open on the bastion" does not also approve "admin for the CI runner" or
 * "SSH open on the database" (decision/fingerprint.ts). Types not listed carry their grant on
 * themselves (an `aws_security_group`'s inline rules): the address says which object it is.
 */
import { minimatch } from 'minimatch';

export interface GrantSubjectRow {
  /** A resource type, or a glob over types (`google_project_iam_*`: member, binding and policy). */
  type: string;
  attributes: readonly string[];
  /** Attributes among `attributes` that hold a policy document (a role's trust policy): bound as its canonical statements. */
  policyDocuments?: readonly string[];
  /** `grantee`: who receives the grant; `target`: what the grant or rule opens. */
  names: 'grantee' | 'target';
  source: string;
}

export const GRANT_SUBJECTS: readonly GrantSubjectRow[] = [
  // AWS managed-policy attachments and inline policies: the principal they are attached to.
  { type: 'aws_iam_role_policy_attachment', attributes: ['role'], names: 'grantee', source: 'AWSd:iam_role_policy_attachment (role)' },
  { type: 'aws_iam_user_policy_attachment', attributes: ['user'], names: 'grantee', source: 'AWSd:iam_user_policy_attachment (user)' },
  { type: 'aws_iam_group_policy_attachment', attributes: ['group'], names: 'grantee', source: 'AWSd:iam_group_policy_attachment (group)' },
  { type: 'aws_iam_policy_attachment', attributes: ['users', 'roles', 'groups'], names: 'grantee', source: 'AWSd:iam_policy_attachment L78-81 (users, roles, groups)' },
  { type: 'aws_ssoadmin_managed_policy_attachment', attributes: ['instance_arn', 'permission_set_arn'], names: 'grantee', source: 'AWSd:ssoadmin_managed_policy_attachment' },
  { type: 'aws_iam_role_policy', attributes: ['role'], names: 'grantee', source: 'AWSd:iam_role_policy (role)' },
  { type: 'aws_iam_user_policy', attributes: ['user'], names: 'grantee', source: 'AWSd:iam_user_policy (user)' },
  { type: 'aws_iam_group_policy', attributes: ['group'], names: 'grantee', source: 'AWSd:iam_group_policy (group)' },
  { type: 'aws_ssoadmin_permission_set_inline_policy', attributes: ['instance_arn', 'permission_set_arn'], names: 'grantee', source: 'AWSd:ssoadmin_permission_set_inline_policy' },
  // The role itself receives managed_policy_arns and inline_policy, and is what assume_role_policy opens.
  // Whoever the trust policy lets assume the role receives what the role is granted.
  { type: 'aws_iam_role', attributes: ['name', 'assume_role_policy'], policyDocuments: ['assume_role_policy'], names: 'grantee', source: 'AWSd:iam_role (name, assume_role_policy)' },
  // Grants written as attributes: which function, which version or alias, which action.
  { type: 'aws_lambda_permission', attributes: ['function_name', 'qualifier', 'action'], names: 'target', source: 'AWSd:lambda_permission (function_name, qualifier, action)' },
  { type: 'aws_lambda_function_url', attributes: ['function_name', 'qualifier'], names: 'target', source: 'AWSd:lambda_function_url' },
  // Resource policies and public settings held by a separate resource: the object they open.
  { type: 'aws_s3_bucket_policy', attributes: ['bucket'], names: 'target', source: 'AWSd:s3_bucket_policy (bucket)' },
  { type: 'aws_s3_bucket_acl', attributes: ['bucket'], names: 'target', source: 'AWSd:s3_bucket_acl (bucket)' },
  { type: 'aws_s3_bucket_public_access_block', attributes: ['bucket'], names: 'target', source: 'AWSd:s3_bucket_public_access_block (bucket)' },
  { type: 'aws_s3_access_point', attributes: ['bucket'], names: 'target', source: 'AWSd:s3_access_point (bucket: the bucket the access point and its policy open)' },
  { type: 'aws_sqs_queue_policy', attributes: ['queue_url'], names: 'target', source: 'AWSd:sqs_queue_policy (queue_url)' },
  { type: 'aws_sns_topic_policy', attributes: ['arn'], names: 'target', source: 'AWSd:sns_topic_policy (arn)' },
  { type: 'aws_kms_key_policy', attributes: ['key_id'], names: 'target', source: 'AWSd:kms_key_policy (key_id)' },
  { type: 'aws_ecr_repository_policy', attributes: ['repository'], names: 'target', source: 'AWSd:ecr_repository_policy (repository)' },
  { type: 'aws_secretsmanager_secret_policy', attributes: ['secret_arn'], names: 'target', source: 'AWSd:secretsmanager_secret_policy (secret_arn)' },
  { type: 'aws_efs_file_system_policy', attributes: ['file_system_id'], names: 'target', source: 'AWSd:efs_file_system_policy (file_system_id)' },
  { type: 'aws_backup_vault_policy', attributes: ['backup_vault_name'], names: 'target', source: 'AWSd:backup_vault_policy (backup_vault_name)' },
  { type: 'aws_opensearch_domain_policy', attributes: ['domain_name'], names: 'target', source: 'AWSd:opensearch_domain_policy (domain_name)' },
  { type: 'aws_elasticsearch_domain_policy', attributes: ['domain_name'], names: 'target', source: 'AWSd:elasticsearch_domain_policy (domain_name)' },
  { type: 'aws_api_gateway_rest_api_policy', attributes: ['rest_api_id'], names: 'target', source: 'AWSd:api_gateway_rest_api_policy (rest_api_id)' },
  // AWS ingress rules written as their own resource: the security group they open.
  { type: 'aws_security_group_rule', attributes: ['security_group_id'], names: 'target', source: 'AWSd:security_group_rule (security_group_id)' },
  { type: 'aws_vpc_security_group_ingress_rule', attributes: ['security_group_id'], names: 'target', source: 'AWSd:vpc_security_group_ingress_rule (security_group_id)' },
  { type: 'aws_security_group', attributes: ['vpc_id'], names: 'target', source: 'AWSd:security_group (vpc_id)' },
  { type: 'aws_default_security_group', attributes: ['vpc_id'], names: 'target', source: 'AWSd:default_security_group (vpc_id: whose default group it manages)' },
  // Azure: who an assignment is for (its role and scope are in the grant itself).
  { type: 'azurerm_role_assignment', attributes: ['principal_id'], names: 'grantee', source: 'AZd:role_assignment (principal_id)' },
  { type: 'azurerm_network_security_rule', attributes: ['resource_group_name', 'network_security_group_name'], names: 'target', source: 'AZd:network_security_rule' },
  { type: 'azurerm_mssql_firewall_rule', attributes: ['server_id'], names: 'target', source: 'AZd:mssql_firewall_rule (server_id)' },
  { type: 'azurerm_mysql_flexible_server_firewall_rule', attributes: ['resource_group_name', 'server_name'], names: 'target', source: 'AZd:mysql_flexible_server_firewall_rule' },
  { type: 'azurerm_postgresql_flexible_server_firewall_rule', attributes: ['resource_group_name', 'server_name'], names: 'target', source: 'AZd:postgresql_flexible_server_firewall_rule' },
  { type: 'azurerm_redis_firewall_rule', attributes: ['resource_group_name', 'redis_cache_name'], names: 'target', source: 'AZd:redis_firewall_rule' },
  { type: 'azurerm_synapse_firewall_rule', attributes: ['synapse_workspace_id'], names: 'target', source: 'AZd:synapse_firewall_rule' },
  // Google IAM (member, binding and policy alike): the organization, folder, project or resource granted on.
  { type: 'google_organization_iam_*', attributes: ['org_id'], names: 'target', source: 'GCd:google_organization_iam (org_id)' },
  { type: 'google_folder_iam_*', attributes: ['folder'], names: 'target', source: 'GCd:google_folder_iam (folder)' },
  { type: 'google_project_iam_*', attributes: ['project'], names: 'target', source: 'GCd:google_project_iam (project)' },
  { type: 'google_storage_bucket_iam_*', attributes: ['bucket'], names: 'target', source: 'GCd:storage_bucket_iam (bucket)' },
  { type: 'google_service_account_iam_*', attributes: ['service_account_id'], names: 'target', source: 'GCd:google_service_account_iam (service_account_id)' },
  { type: 'google_bigquery_dataset_iam_*', attributes: ['project', 'dataset_id'], names: 'target', source: 'GCd:bigquery_dataset_iam' },
  { type: 'google_bigquery_table_iam_*', attributes: ['project', 'dataset_id', 'table_id'], names: 'target', source: 'GCd:bigquery_table_iam' },
  { type: 'google_pubsub_topic_iam_*', attributes: ['project', 'topic'], names: 'target', source: 'GCd:pubsub_topic_iam' },
  { type: 'google_pubsub_subscription_iam_*', attributes: ['project', 'subscription'], names: 'target', source: 'GCd:pubsub_subscription_iam' },
  { type: 'google_secret_manager_secret_iam_*', attributes: ['project', 'secret_id'], names: 'target', source: 'GCd:secret_manager_secret_iam' },
  { type: 'google_kms_crypto_key_iam_*', attributes: ['crypto_key_id'], names: 'target', source: 'GCd:kms_crypto_key_iam' },
  { type: 'google_kms_key_ring_iam_*', attributes: ['key_ring_id'], names: 'target', source: 'GCd:kms_key_ring_iam' },
  { type: 'google_cloud_run_service_iam_*', attributes: ['project', 'location', 'service'], names: 'target', source: 'GCd:cloud_run_service_iam' },
  { type: 'google_cloud_run_v2_service_iam_*', attributes: ['project', 'location', 'name'], names: 'target', source: 'GCd:cloud_run_v2_service_iam' },
  { type: 'google_cloudfunctions_function_iam_*', attributes: ['project', 'region', 'cloud_function'], names: 'target', source: 'GCd:cloudfunctions_function_iam' },
  { type: 'google_artifact_registry_repository_iam_*', attributes: ['project', 'location', 'repository'], names: 'target', source: 'GCd:artifact_registry_repository_iam' },
  // Google firewalls: which network and which instances (tags, service accounts) a rule opens.
  { type: 'google_compute_firewall', attributes: ['project', 'network', 'target_tags', 'target_service_accounts'], names: 'target', source: 'GCd:compute_firewall (network, target_tags, target_service_accounts)' },
  { type: 'google_compute_firewall_policy_rule', attributes: ['firewall_policy', 'target_resources', 'target_service_accounts'], names: 'target', source: 'GCd:compute_firewall_policy_rule' },
  { type: 'google_compute_network_firewall_policy_rule', attributes: ['project', 'firewall_policy', 'target_service_accounts'], names: 'target', source: 'GCd:compute_network_firewall_policy_rule' },
  { type: 'google_compute_region_network_firewall_policy_rule', attributes: ['project', 'region', 'firewall_policy', 'target_service_accounts'], names: 'target', source: 'GCd:compute_region_network_firewall_policy_rule' },
];

/**
 * Grant-subject attributes that name IAM roles (by name, which is also a role's id): the grant
 * reaches whoever the role's trust policy lets assume it, so that policy is bound too, wherever in
 * the plan the role is (rules/grant-subject.ts).
 */
export const ROLE_NAMING_ATTRIBUTES: readonly { type: string; attribute: string; source: string }[] = [
  { type: 'aws_iam_role_policy_attachment', attribute: 'role', source: 'AWSd:iam_role_policy_attachment (role: the role name)' },
  { type: 'aws_iam_role_policy', attribute: 'role', source: 'AWSd:iam_role_policy (role: the role name)' },
  { type: 'aws_iam_policy_attachment', attribute: 'roles', source: 'AWSd:iam_policy_attachment (roles: role names)' },
];

/** The role those attributes name: found by its name, with who may assume it in its trust policy. */
export const ROLE_TRUST = { type: 'aws_iam_role', name: 'name', trust: 'assume_role_policy', source: 'AWSd:iam_role (name, assume_role_policy)' } as const;

const cache = new Map<string, readonly string[]>();
const documentCache = new Map<string, ReadonlySet<string>>();

/** The attributes of `type` holding a policy document, bound as canonical statements. */
export function grantSubjectPolicyDocuments(type: string): ReadonlySet<string> {
  let documents = documentCache.get(type);
  if (!documents) {
    documents = new Set(GRANT_SUBJECTS.filter((row) => row.type === type || minimatch(type, row.type)).flatMap((row) => row.policyDocuments ?? []));
    documentCache.set(type, documents);
  }
  return documents;
}

/** The attributes naming who receives a grant on `type` and what it opens, in catalog order; empty when none. */
export function grantSubjectAttributes(type: string): readonly string[] {
  let attributes = cache.get(type);
  if (!attributes) {
    attributes = [...new Set(GRANT_SUBJECTS.filter((row) => row.type === type || minimatch(type, row.type)).flatMap((row) => row.attributes))];
    cache.set(type, attributes);
  }
  return attributes;
}
