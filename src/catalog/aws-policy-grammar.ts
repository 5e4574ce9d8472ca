/**
 * Facts about AWS policy language that decide whether a grant is dangerous, one row each.
 * Sources: rule-catalog.md §4.2 (AWS IAM reference, Checkov S3AllowsAnyPrincipal.py) and the
 * AWS global condition key reference.
 */

/**
 * Action-name prefixes (after `service:`) of read-only actions. A pattern starting with one of
 * these (e.g. `ec2:Describe*`) only reads, so `Resource: "*"` is not flagged for it.
 */
export const READ_ONLY_ACTION_PREFIXES: readonly { prefix: string; source: string }[] = [
  { prefix: 'Get', source: 'AWS access level Read (e.g. s3:GetObject)' },
  { prefix: 'List', source: 'AWS access level List (e.g. s3:ListBucket)' },
  { prefix: 'Describe', source: 'AWS access level List/Read (e.g. ec2:DescribeInstances)' },
  { prefix: 'BatchGet', source: 'AWS access level Read (e.g. dynamodb:BatchGetItem)' },
  { prefix: 'Lookup', source: 'AWS access level Read (e.g. cloudtrail:LookupEvents)' },
  { prefix: 'Search', source: 'AWS access level Read (e.g. resource-explorer-2:Search)' },
  { prefix: 'View', source: 'AWS access level Read (e.g. billing:ViewBilling)' },
];

/** Rhino Security Labs' catalogue of IAM privilege escalation methods. */
const ESCALATION_METHODS = 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/';

/**
 * Actions that escalate privilege when allowed on every resource (rule-catalog.md §4.2):
 * such a grant is reported as high whatever the rule's default. `scope` completes "set Resource to …".
 */
export const ESCALATION_ACTIONS: readonly { action: string; why: string; scope: string; source: string }[] = [
  { action: 'iam:PassRole', why: 'lets the holder hand any role, including admin roles, to a service it controls', scope: 'the ARNs of the specific roles to pass (and add an iam:PassedToService condition)', source: 'rule-catalog.md §4.2 (CKV_AWS_110/286)' },
  { action: 'sts:AssumeRole', why: 'lets the holder become any role whose trust policy admits it', scope: 'the ARNs of the specific roles to assume', source: 'rule-catalog.md §4.2' },
  { action: 'iam:CreatePolicyVersion', why: 'lets the holder rewrite any customer-managed policy, its own included, to grant itself anything', scope: 'the ARNs of the specific policies it maintains', source: `${ESCALATION_METHODS} (CreatePolicyVersion)` },
  { action: 'iam:SetDefaultPolicyVersion', why: 'lets the holder switch any policy to an older, broader version', scope: 'the ARNs of the specific policies it maintains', source: `${ESCALATION_METHODS} (SetDefaultPolicyVersion)` },
  { action: 'iam:AttachRolePolicy', why: 'lets the holder attach AdministratorAccess to any role, its own included', scope: 'the ARNs of the specific roles it manages (and add an iam:PolicyARN condition)', source: `${ESCALATION_METHODS} (AttachRolePolicy)` },
  { action: 'iam:AttachUserPolicy', why: 'lets the holder attach AdministratorAccess to any user, itself included', scope: 'the ARNs of the specific users it manages (and add an iam:PolicyARN condition)', source: `${ESCALATION_METHODS} (AttachUserPolicy)` },
  { action: 'iam:AttachGroupPolicy', why: 'lets the holder attach AdministratorAccess to any group, its own included', scope: 'the ARNs of the specific groups it manages (and add an iam:PolicyARN condition)', source: `${ESCALATION_METHODS} (AttachGroupPolicy)` },
  { action: 'iam:PutRolePolicy', why: 'lets the holder write an inline policy granting anything into any role, its own included', scope: 'the ARNs of the specific roles it manages', source: `${ESCALATION_METHODS} (PutRolePolicy)` },
  { action: 'iam:PutUserPolicy', why: 'lets the holder write an inline policy granting anything into any user, itself included', scope: 'the ARNs of the specific users it manages', source: `${ESCALATION_METHODS} (PutUserPolicy)` },
  { action: 'iam:PutGroupPolicy', why: 'lets the holder write an inline policy granting anything into any group, its own included', scope: 'the ARNs of the specific groups it manages', source: `${ESCALATION_METHODS} (PutGroupPolicy)` },
  { action: 'iam:UpdateAssumeRolePolicy', why: "lets the holder rewrite any role's trust policy so that it can assume the role", scope: 'the ARNs of the specific roles it manages', source: `${ESCALATION_METHODS} (UpdateAssumeRolePolicy)` },
];

/** How a limiting condition compares values. */
export type ConditionFamily = 'string' | 'arn' | 'ip';

/** Positive operators per family; negated (`StringNot*`), `…IfExists` and `ForAllValues:` forms never limit. */
export const LIMITING_OPERATORS: readonly { operator: string; family: ConditionFamily }[] = [
  { operator: 'StringEquals', family: 'string' },
  { operator: 'StringEqualsIgnoreCase', family: 'string' },
  { operator: 'StringLike', family: 'string' },
  { operator: 'ArnEquals', family: 'arn' },
  { operator: 'ArnLike', family: 'arn' },
  { operator: 'IpAddress', family: 'ip' },
];

/**
 * What a limiting key's value names, which decides the wildcards it may hold and still confine
 * the grant to someone specific:
 * - `account` / `organization`: an id, matched whole: any wildcard (`1*`, `o-*`) admits strangers;
 * - `organization-path`: `o-id/r-root/ou-…`: wildcards only after the organization id;
 * - `arn`: wildcards never in the account field, since anyone can create a resource of a given
 *   name in their own account (`arn:aws:sns:*:*:alerts`); for account-less S3 ARNs, never in the
 *   globally named bucket;
 * - `id`: another specific id (VPC, endpoint, user id): no wildcard in the id itself, only after
 *   a `:` (`AROAEXAMPLE:*`, every session of one role);
 * - `network`: an address range, anything but /0; the clause's ranges must also not together
 *   cover all of IPv4 or IPv6 (`0.0.0.0/1` + `128.0.0.0/1` is the whole internet too).
 */
export type ConditionValueKind = 'account' | 'organization' | 'organization-path' | 'arn' | 'id' | 'network';

/**
 * Condition keys that, compared with a positive operator to a specific value, confine a grant to
 * one account, organization, network or calling resource: a `Principal: "*"` statement with one
 * of them is not public. `families` lists the operator families that count for the key.
 */
export const LIMITING_CONDITION_KEYS: readonly { key: string; families: readonly ConditionFamily[]; value: ConditionValueKind; source: string }[] = [
  { key: 'aws:SourceArn', families: ['arn', 'string'], value: 'arn', source: 'CKV S3AllowsAnyPrincipal.py (ArnEquals/ArnLike)' },
  { key: 'aws:PrincipalArn', families: ['arn', 'string'], value: 'arn', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'aws:SourceAccount', families: ['string'], value: 'account', source: 'AWS global condition keys (confused-deputy protection)' },
  { key: 'aws:SourceOwner', families: ['string'], value: 'account', source: 'AWS global condition keys (SNS/SES legacy form of SourceAccount)' },
  { key: 'aws:SourceOrgID', families: ['string'], value: 'organization', source: 'AWS global condition keys' },
  { key: 'aws:PrincipalAccount', families: ['string'], value: 'account', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'aws:PrincipalOrgID', families: ['string'], value: 'organization', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'aws:PrincipalOrgPaths', families: ['string'], value: 'organization-path', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'aws:userid', families: ['string'], value: 'id', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'aws:SourceVpce', families: ['string'], value: 'id', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'aws:SourceVpc', families: ['string'], value: 'id', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'aws:VpceAccount', families: ['string'], value: 'account', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'aws:Ec2InstanceSourceVpc', families: ['string'], value: 'id', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'ec2:SourceInstanceArn', families: ['string', 'arn'], value: 'arn', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'lambda:SourceFunctionArn', families: ['string', 'arn'], value: 'arn', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'ssm:SourceInstanceArn', families: ['string', 'arn'], value: 'arn', source: 'CKV S3AllowsAnyPrincipal.py' },
  { key: 'kms:CallerAccount', families: ['string'], value: 'account', source: 'Datadog KMS rule def-000-fdu (condition on the caller\'s account)' },
  // Checkov does not count SourceIp; a specific network range does confine the grant to callers
  // inside it, so it counts here unless the range is the whole internet.
  { key: 'aws:SourceIp', families: ['ip'], value: 'network', source: 'AWS global condition keys (IpAddress)' },
];

/**
 * OpenID Connect providers shared by everyone on a platform: a role trusting one must limit the
 * token's subject, or every workload of every customer of the platform can assume it.
 */
/**
 * How a limiting value is read: `subject`, a token subject whose owner (the organization, group or
 * account after a `repo:`-style prefix, up to the first `/` or `:`) must be free of wildcards, since
 * anyone can register an owner that a wildcard matches; `id`, an identifier with no wildcard at all.
 */
export type OidcValueForm = 'subject' | 'id';

export const SHARED_OIDC_PROVIDERS: readonly { host: string; subjectKey: string; valueForm: OidcValueForm; everyone: string; source: string }[] = [
  { host: 'token.actions.githubusercontent.com', subjectKey: 'token.actions.githubusercontent.com:sub', valueForm: 'subject', everyone: 'every GitHub Actions workflow of every repository on GitHub', source: 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services' },
  { host: 'gitlab.com', subjectKey: 'gitlab.com:sub', valueForm: 'subject', everyone: 'every CI/CD job of every project on gitlab.com', source: 'https://docs.gitlab.com/ci/cloud_services/aws/' },
  { host: 'app.terraform.io', subjectKey: 'app.terraform.io:sub', valueForm: 'subject', everyone: 'every run of every HCP Terraform organization', source: 'https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration' },
  { host: 'cognito-identity.amazonaws.com', subjectKey: 'cognito-identity.amazonaws.com:aud', valueForm: 'id', everyone: 'every identity of every Cognito identity pool', source: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html' },
];
