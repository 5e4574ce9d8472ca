/**
 * Where IAM grants live in a plan: which resource types carry a policy, in which attribute, and
 * what kind of policy it is. One row per fact, checkable against the provider docs
 * (source keys from shared/reference/rule-catalog.md §0 and §4).
 */

/**
 * `identity`: attached to a user/role/group/permission set; what it allows is checked for
 * wildcards. `resource`: attached to a bucket/queue/key…; who it admits is checked for the
 * public. `trust`: a role's assume-role policy; who may become the role.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust';

/** A path into a resource's values; `[]` steps into every element of a list (a repeated block). */
export type PolicyAttributePath = readonly string[];
export const EACH_ELEMENT = '[]';

export interface AwsPolicyAttributeRow {
  type: string;
  path: PolicyAttributePath;
  kind: PolicyKind;
  /**
   * The provider fills the argument (the first step of `path`) from the cloud when the
   * configuration omits it (Optional + Computed), so it is "known after apply" on every new
   * resource, set or not: only the plan's `configuration` tells whether it was set.
   */
  computed?: true;
  source: string;
}

/** AWS policy documents held as JSON strings. */
export const AWS_POLICY_ATTRIBUTES: readonly AwsPolicyAttributeRow[] = [
  { type: 'aws_iam_policy', path: ['policy'], kind: 'identity', source: 'AWSd:iam_policy L48' },
  { type: 'aws_iam_role_policy', path: ['policy'], kind: 'identity', source: 'AWSd:iam_role_policy L67-68' },
  { type: 'aws_iam_user_policy', path: ['policy'], kind: 'identity', source: 'AWSd:iam_user_policy' },
  { type: 'aws_iam_group_policy', path: ['policy'], kind: 'identity', source: 'AWSd:iam_group_policy' },
  { type: 'aws_iam_role', path: ['inline_policy', EACH_ELEMENT, 'policy'], kind: 'identity', computed: true, source: 'AWSd:iam_role L179-203' },
  { type: 'aws_iam_role', path: ['assume_role_policy'], kind: 'trust', source: 'AWSd:iam_role L15' },
  { type: 'aws_ssoadmin_permission_set_inline_policy', path: ['inline_policy'], kind: 'identity', source: 'rule-catalog.md §4.1 (CKV_AWS_62/63)' },
  { type: 'aws_s3_bucket_policy', path: ['policy'], kind: 'resource', source: 'AWSd:s3_bucket_policy L54' },
  { type: 'aws_s3_bucket', path: ['policy'], kind: 'resource', computed: true, source: 'AWSd:s3_bucket (legacy policy argument)' },
  { type: 'aws_s3_access_point', path: ['policy'], kind: 'resource', computed: true, source: 'AWSd:s3_access_point' },
  { type: 'aws_sqs_queue_policy', path: ['policy'], kind: 'resource', source: 'AWSd:sqs_queue_policy L53' },
  { type: 'aws_sqs_queue', path: ['policy'], kind: 'resource', computed: true, source: 'AWSd:sqs_queue L111' },
  { type: 'aws_sns_topic_policy', path: ['policy'], kind: 'resource', source: 'AWSd:sns_topic_policy L73-74' },
  { type: 'aws_sns_topic', path: ['policy'], kind: 'resource', computed: true, source: 'AWSd:sns_topic' },
  { type: 'aws_kms_key', path: ['policy'], kind: 'resource', computed: true, source: 'AWSd:kms_key L36' },
  { type: 'aws_kms_key_policy', path: ['policy'], kind: 'resource', source: 'AWSd:kms_key_policy' },
  { type: 'aws_ecr_repository_policy', path: ['policy'], kind: 'resource', source: 'AWSd:ecr_repository_policy L62' },
  { type: 'aws_secretsmanager_secret', path: ['policy'], kind: 'resource', computed: true, source: 'AWSd:secretsmanager_secret L31' },
  { type: 'aws_secretsmanager_secret_policy', path: ['policy'], kind: 'resource', source: 'AWSd:secretsmanager_secret_policy' },
  { type: 'aws_glacier_vault', path: ['access_policy'], kind: 'resource', source: 'rule-catalog.md §4.1 (CKV_AWS_167)' },
  { type: 'aws_efs_file_system_policy', path: ['policy'], kind: 'resource', source: 'AWSd:efs_file_system_policy' },
  { type: 'aws_backup_vault_policy', path: ['policy'], kind: 'resource', source: 'AWSd:backup_vault_policy' },
  { type: 'aws_opensearch_domain', path: ['access_policies'], kind: 'resource', computed: true, source: 'AWSd:opensearch_domain' },
  { type: 'aws_opensearch_domain_policy', path: ['access_policies'], kind: 'resource', source: 'AWSd:opensearch_domain_policy' },
  { type: 'aws_elasticsearch_domain', path: ['access_policies'], kind: 'resource', computed: true, source: 'AWSd:elasticsearch_domain' },
  { type: 'aws_elasticsearch_domain_policy', path: ['access_policies'], kind: 'resource', source: 'AWSd:elasticsearch_domain_policy' },
  { type: 'aws_api_gateway_rest_api', path: ['policy'], kind: 'resource', computed: true, source: 'AWSd:api_gateway_rest_api' },
  { type: 'aws_api_gateway_rest_api_policy', path: ['policy'], kind: 'resource', source: 'AWSd:api_gateway_rest_api_policy' },
  { type: 'aws_dynamodb_resource_policy', path: ['policy'], kind: 'resource', source: 'registry: aws/docs/resources/dynamodb_resource_policy (policy)' },
  { type: 'aws_vpc_endpoint', path: ['policy'], kind: 'resource', computed: true, source: 'registry: aws/docs/resources/vpc_endpoint (policy, Optional + Computed: full access by default)' },
  { type: 'aws_vpc_endpoint_policy', path: ['policy'], kind: 'resource', source: 'registry: aws/docs/resources/vpc_endpoint_policy (policy)' },
  { type: 'aws_ecr_registry_policy', path: ['policy'], kind: 'resource', source: 'registry: aws/docs/resources/ecr_registry_policy (policy)' },
  { type: 'aws_cloudwatch_log_resource_policy', path: ['policy_document'], kind: 'resource', source: 'registry: aws/docs/resources/cloudwatch_log_resource_policy (policy_document)' },
  { type: 'aws_s3control_bucket_policy', path: ['policy'], kind: 'resource', source: 'registry: aws/docs/resources/s3control_bucket_policy (policy)' },
  { type: 'aws_glue_resource_policy', path: ['policy'], kind: 'resource', source: 'registry: aws/docs/resources/glue_resource_policy (policy)' },
  { type: 'aws_cloudwatch_event_bus_policy', path: ['policy'], kind: 'resource', source: 'registry: aws/docs/resources/cloudwatch_event_bus_policy (policy)' },
];

/** The top-level arguments of `type` holding a policy document (the configuration's references of them are kept). */
export function awsPolicyArguments(type: string): string[] {
  return AWS_POLICY_ATTRIBUTES.filter((row) => row.type === type && row.path.length === 1).map((row) => row.path[0]!);
}

/**
 * The data source that renders a policy document from blocks. When one of its arguments is known
 * only after apply (`resources = [aws_s3_bucket.new.arn]`) it is read during apply and the policy
 * using it is unknown, yet the plan holds its known blocks: `actions = ["*"]` is visible there.
 */
export const AWS_POLICY_DOCUMENT_SOURCE = {
  type: 'aws_iam_policy_document',
  renders: ['json', 'minified_json'],
  statements: 'statement',
  source: 'registry: aws/docs/data-sources/iam_policy_document (statement: sid, effect, actions, not_actions, resources, not_resources, principals, not_principals, condition; json, minified_json)',
} as const;

export interface AwsManagedPolicyAttachmentRow {
  type: string;
  /** Attribute holding one policy ARN, or a list of them. */
  attribute: string;
  list: boolean;
  /** Optional + Computed: known only after apply on every new resource unless the configuration sets it. */
  computed?: true;
  source: string;
}

/** Attachments of managed policies by ARN (the policy document itself lives elsewhere). */
export const AWS_MANAGED_POLICY_ATTACHMENTS: readonly AwsManagedPolicyAttachmentRow[] = [
  { type: 'aws_iam_role_policy_attachment', attribute: 'policy_arn', list: false, source: 'AWSd:iam_role_policy_attachment L62-63' },
  { type: 'aws_iam_user_policy_attachment', attribute: 'policy_arn', list: false, source: 'rule-catalog.md §4.1' },
  { type: 'aws_iam_group_policy_attachment', attribute: 'policy_arn', list: false, source: 'rule-catalog.md §4.1' },
  { type: 'aws_iam_policy_attachment', attribute: 'policy_arn', list: false, source: 'AWSd:iam_policy_attachment L13, L78-81' },
  { type: 'aws_iam_role', attribute: 'managed_policy_arns', list: true, computed: true, source: 'AWSd:iam_role L179-203' },
  { type: 'aws_ssoadmin_managed_policy_attachment', attribute: 'managed_policy_arn', list: false, source: 'rule-catalog.md §4.1 (CKV_AWS_274)' },
];

export interface AwsPrincipalAttributeRow {
  type: string;
  /** The attribute naming who is granted access; `*` is everyone. */
  principal: string;
  /** Attributes that, when set, limit the grant the way a policy Condition would. */
  limitedBy: readonly string[];
  /** What the principal may then do, in words ("invoke it"). */
  grants: string;
  source: string;
}

/** Grants written as plain attributes instead of a policy document. */
export const AWS_PRINCIPAL_ATTRIBUTES: readonly AwsPrincipalAttributeRow[] = [
  {
    type: 'aws_lambda_permission',
    principal: 'principal',
    limitedBy: ['source_arn', 'source_account', 'principal_org_id'],
    grants: 'invoke it',
    source: 'AWSd:lambda_permission L230-244',
  },
  {
    type: 'aws_lambda_layer_version_permission',
    principal: 'principal',
    limitedBy: ['organization_id'],
    grants: 'use the layer version',
    source: 'registry: aws/docs/resources/lambda_layer_version_permission (principal "*" = all AWS accounts; organization_id)',
  },
];

/** Google IAM resources, told apart by their name's ending (the trio exists for most resources). */
export type GoogleIamShape = 'member' | 'binding' | 'policy';

export const GOOGLE_IAM_CARRIERS: readonly { suffix: string; shape: GoogleIamShape; attributes: readonly string[]; source: string }[] = [
  { suffix: '_iam_member', shape: 'member', attributes: ['role', 'member'], source: 'GCd:google_project_iam L169-196' },
  { suffix: '_iam_binding', shape: 'binding', attributes: ['role', 'members'], source: 'GCd:google_project_iam L169-196' },
  { suffix: '_iam_policy', shape: 'policy', attributes: ['policy_data'], source: 'GCd:google_project_iam L25-30 (policy_data JSON: bindings[].role, members[])' },
];

/** The level a Google IAM resource grants at. Types not listed grant on one resource. */
export type GoogleScope = 'organization' | 'folder' | 'project' | 'resource';

export const GOOGLE_IAM_SCOPES: readonly { prefix: string; scope: GoogleScope; source: string }[] = [
  { prefix: 'google_organization_iam', scope: 'organization', source: 'rule-catalog.md §4.4' },
  { prefix: 'google_folder_iam', scope: 'folder', source: 'rule-catalog.md §4.4' },
  { prefix: 'google_project_iam', scope: 'project', source: 'GCd:google_project_iam' },
];

/** Google members that mean everyone. */
export const GOOGLE_PUBLIC_MEMBERS: readonly { member: string; meaning: string; source: string }[] = [
  { member: 'allUsers', meaning: 'anyone on the internet', source: 'GCd:storage_bucket_iam L159-162' },
  { member: 'allAuthenticatedUsers', meaning: 'anyone with a Google account', source: 'GCd:storage_bucket_iam L159-162' },
];

/** Azure role assignment and definition attributes. */
export const AZURE_ROLE_ASSIGNMENT = {
  type: 'azurerm_role_assignment',
  scope: 'scope',
  roleName: 'role_definition_name',
  roleId: 'role_definition_id',
  source: 'AZd:role_assignment L180-206',
} as const;

export const AZURE_ROLE_DEFINITION = {
  type: 'azurerm_role_definition',
  permissions: 'permissions',
  actionLists: ['actions', 'data_actions'],
  source: 'AZd:role_definition L70-92',
} as const;
