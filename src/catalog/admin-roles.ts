/**
 * Grants that are admin-equivalent, one row per role or managed policy, per cloud.
 * Sources: shared/reference/rule-catalog.md §4.1 (AWS), §4.4 (GCP), §4.5 (Azure).
 */
import type { Severity } from '../rules/types.js';

/** AWS managed policies (`arn:<partition>:iam::aws:policy/<name>`) that hand over an account. */
export const AWS_ADMIN_MANAGED_POLICIES: readonly { name: string; grants: string; source: string }[] = [
  { name: 'AdministratorAccess', grants: 'every action on every resource', source: 'CKV:resource/aws/IAMManagedAdminPolicy.py (CKV_AWS_274)' },
  { name: 'IAMFullAccess', grants: 'full control of IAM, so it can grant itself anything', source: 'CKV2_AWS_56' },
  { name: 'PowerUserAccess', grants: 'every action except most of IAM and Organizations', source: 'rule-catalog.md §4.1 (ARN UNVERIFIED)' },
];

/** Google roles that control a whole project, folder or organization. */
export const GOOGLE_ADMIN_ROLES: readonly { role: string; grants: string; source: string }[] = [
  { role: 'roles/owner', grants: 'full control, including IAM and billing', source: 'CKV:resource/gcp/AbsGoogleBasicRoles.py (CKV_GCP_115-117)' },
  { role: 'roles/editor', grants: 'change and delete almost every resource', source: 'CKV:resource/gcp/AbsGoogleBasicRoles.py (CKV_GCP_115-117)' },
  { role: 'roles/iam.securityAdmin', grants: 'set any IAM policy, so it can grant itself anything', source: 'CKV:resource/gcp/AbsGoogleImpersonationRoles.py (CKV_GCP_44/45/49)' },
];

/**
 * How far an Azure built-in role reaches: `admin` controls access itself (can grant anything),
 * `write` changes or deletes every resource but cannot grant access.
 */
export type AzureRoleReach = 'admin' | 'write';

export const AZURE_PRIVILEGED_ROLES: readonly { name: string; id: string; reach: AzureRoleReach; source: string }[] = [
  { name: 'Owner', id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', reach: 'admin', source: 'learn.microsoft.com built-in-roles/privileged (id UNVERIFIED in §4.5)' },
  { name: 'User Access Administrator', id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', reach: 'admin', source: 'learn.microsoft.com built-in-roles/privileged (id UNVERIFIED in §4.5)' },
  { name: 'Role Based Access Control Administrator', id: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168', reach: 'admin', source: 'rule-catalog.md §4.5 (UNVERIFIED)' },
  { name: 'Contributor', id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', reach: 'write', source: 'learn.microsoft.com built-in-roles/general (actions ["*"] minus Microsoft.Authorization writes)' },
];

/**
 * Azure custom-role actions (`Provider/resourceType/verb`) that grant a wildcard's worth: what
 * each allows, in words. Reading everything (a star then /read) is not among them.
 * Source: learn.microsoft.com/azure/role-based-access-control/role-definitions (Actions, wildcards).
 */
export const AZURE_WILDCARD_ACTIONS: readonly { pattern: RegExp; allows: string }[] = [
  { pattern: /^\*+(?:\/\*+)*$/, allows: 'every {plane} action' },
  // Microsoft.Authorization writes role assignments and definitions: granting access, User Access Administrator's reach.
  { pattern: /^Microsoft\.Authorization\/(?=.*\*)(?!.*\/read$).+$/i, allows: 'changes to access control (Microsoft.Authorization), role assignments included' },
  { pattern: /^\*+(?:\/[^/]+)*\/(?!read$)[^/*]+$/i, allows: 'that operation on every resource type of every provider' },
  { pattern: /^[^/*]+\/\*+$/, allows: 'every {plane} action of a resource provider' },
  { pattern: /^[^/*]+\/\*+\/(?!read$)[^/*]+$/i, allows: 'that operation on every resource type of a resource provider' },
];

/** Azure scope levels, widest first. */
export type AzureScopeLevel = 'root' | 'management-group' | 'subscription' | 'resource-group' | 'resource' | 'unknown';

export const AZURE_SCOPE_PATTERNS: readonly { level: Exclude<AzureScopeLevel, 'resource' | 'unknown'>; pattern: RegExp; source: string }[] = [
  { level: 'root', pattern: /^\/$/, source: 'AZd:role_assignment (scope "/")' },
  { level: 'management-group', pattern: /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i, source: 'AZd:role_assignment L180-206' },
  { level: 'subscription', pattern: /^\/subscriptions\/[^/]+$/i, source: 'AZd:role_assignment L180-206' },
  { level: 'resource-group', pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i, source: 'AZd:role_assignment L180-206' },
];

/**
 * The severity of a privileged role assignment by scope (null: not reported). The contract fixes
 * admin roles at subscription/management-group scope as high; narrower scopes are less, and a
 * scope known only after apply is most often a resource group created in the same plan.
 */
export const AZURE_ASSIGNMENT_SEVERITY: Readonly<Record<AzureRoleReach, Readonly<Record<AzureScopeLevel, Severity | null>>>> = {
  admin: { root: 'high', 'management-group': 'high', subscription: 'high', 'resource-group': 'medium', resource: 'low', unknown: 'medium' },
  write: { root: 'medium', 'management-group': 'medium', subscription: 'medium', 'resource-group': 'low', resource: null, unknown: 'low' },
};
