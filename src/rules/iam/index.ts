/**
 * The five IAM rules. Each provider module finds risky grants ("issues") on one side of a
 * change; every rule reports the issues of its id that the plan adds.
 */
import type { Rule } from '../types.js';
import { awsAttachmentIssues, awsPolicyIssues, awsPrincipalAttributeIssues, awsPublicSettingIssues } from './aws.js';
import { azureRoleAssignmentIssues, azureRoleDefinitionIssues } from './azure.js';
import { googleIamIssues } from './google.js';
import { findingsFor, planIssues, type IamRuleId, type IssueCollector } from './issues.js';

const COLLECTORS: readonly IssueCollector[] = [
  awsPolicyIssues,
  awsAttachmentIssues,
  awsPrincipalAttributeIssues,
  awsPublicSettingIssues,
  googleIamIssues,
  azureRoleAssignmentIssues,
  azureRoleDefinitionIssues,
];

function iamRule(id: IamRuleId, defaultSeverity: Rule['defaultSeverity'], summary: string): Rule {
  return {
    id,
    defaultSeverity,
    summary,
    evaluate(plan) {
      return findingsFor(this, planIssues(plan, COLLECTORS));
    },
  };
}

export const iamWildcardAction = iamRule(
  'iam-wildcard-action',
  'high',
  'An Allow grants every action (`*`), every action of a service (`s3:*`), or everything but a list (NotAction); Azure custom roles with `*` actions.',
);
export const iamWildcardResource = iamRule(
  'iam-wildcard-resource',
  'medium',
  'An Allow grants write actions on every resource (`Resource: "*"`); high for iam:PassRole and sts:AssumeRole.',
);
export const iamAdminPolicy = iamRule(
  'iam-admin-policy',
  'high',
  'An admin-equivalent grant: AWS AdministratorAccess/IAMFullAccess/PowerUserAccess, GCP owner/editor/securityAdmin, Azure Owner/User Access Administrator by scope.',
);
export const iamPublicPrincipal = iamRule(
  'iam-public-principal',
  'high',
  'A resource or trust policy, or a binding, open to everyone: Principal "*" without a limiting Condition, allUsers, allAuthenticatedUsers.',
);
export const iamUnverifiable = iamRule(
  'iam-unverifiable',
  'info',
  'A policy is known only after apply (or is not valid), so it could not be checked.',
);

export const IAM_RULES: readonly Rule[] = [iamWildcardAction, iamWildcardResource, iamAdminPolicy, iamPublicPrincipal, iamUnverifiable];
