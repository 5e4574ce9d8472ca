/**
 * Azure RBAC: role assignments of privileged built-in roles by scope level, and custom role
 * definitions with wildcard actions.
 */
import {
  AZURE_ASSIGNMENT_SEVERITY,
  AZURE_PRIVILEGED_ROLES,
  AZURE_SCOPE_PATTERNS,
  AZURE_WILDCARD_ACTIONS,
  type AzureScopeLevel,
} from '../../catalog/admin-roles.js';
import { AZURE_ROLE_ASSIGNMENT, AZURE_ROLE_DEFINITION } from '../../catalog/iam-policy-attributes.js';
import { attributeState, quoteFrom, quoteList, unknownIssue, type IamIssue, type SideView } from './issues.js';
import { listKey } from './issue-key.js';
import type { AttributePath } from '../../plan/model.js';

const SCOPE_WORDS: Record<AzureScopeLevel, string> = {
  root: 'the root management group ("/"), that is the whole tenant',
  'management-group': 'a management group, that is every subscription under it',
  subscription: 'a whole subscription',
  'resource-group': 'a resource group',
  resource: 'a single resource',
  unknown: 'a scope known only after apply',
};

export function azureRoleAssignmentIssues(view: SideView): IamIssue[] {
  if (view.change.type !== AZURE_ROLE_ASSIGNMENT.type) return [];
  const role = privilegedRole(view);
  if (!role) return unknownRole(view);
  const scopeState = attributeState(view, [AZURE_ROLE_ASSIGNMENT.scope]);
  if (scopeState.state === 'absent') return [];
  const level: AzureScopeLevel = scopeState.state === 'unknown' ? 'unknown' : typeof scopeState.value === 'string' ? scopeLevel(scopeState.value) : 'unknown';
  const severity = AZURE_ASSIGNMENT_SEVERITY[role.row.reach][level];
  if (severity === null) return [];
  const scopeText = scopeState.state === 'known' ? ` (${quoteFrom(view, [AZURE_ROLE_ASSIGNMENT.scope], scopeState.value)})` : '';
  const power = role.row.reach === 'admin' ? 'full control, including granting access to anyone' : 'create, change and delete every resource';
  return [
    {
      ruleId: 'iam-admin-policy',
      severity,
      attribute: role.attribute,
      key: `azure:${role.row.name}:${level}:${scopeState.state === 'known' ? String(scopeState.value).toLowerCase() : '?'}`,
      summary: `${role.row.name} on ${SCOPE_WORDS[level]}`,
      message: `${view.change.address} assigns ${role.row.name} on ${SCOPE_WORDS[level]}${scopeText}: ${power} there.`,
      remediation: `Assign a narrower built-in or custom role than ${role.row.name}, or narrow \`scope\` to the resource group or resource that needs it.`,
    },
  ];
}

/**
 * No privileged role read, but the role is known only after apply (neither name nor id known):
 * usually a custom role this plan creates (checked on its own resource), but it could be Owner.
 */
function unknownRole(view: SideView): IamIssue[] {
  const name = attributeState(view, [AZURE_ROLE_ASSIGNMENT.roleName]);
  const id = attributeState(view, [AZURE_ROLE_ASSIGNMENT.roleId]);
  if (name.state === 'known' || id.state === 'known' || (name.state !== 'unknown' && id.state !== 'unknown')) return [];
  const attribute = name.state === 'unknown' ? AZURE_ROLE_ASSIGNMENT.roleName : AZURE_ROLE_ASSIGNMENT.roleId;
  return [
    unknownIssue(
      attribute,
      `${view.change.address}: \`${attribute}\` is known only after apply, so it could not be checked: this assignment could grant any role, Owner included.`,
      `Check what \`${attribute}\` comes from before approving (a custom role this plan creates is checked on its own resource), or name built-in roles literally.`,
    ),
  ];
}

function privilegedRole(view: SideView): { row: (typeof AZURE_PRIVILEGED_ROLES)[number]; attribute: string } | undefined {
  // A role known only after apply is a custom role created in this plan, checked on its own resource.
  const name = attributeState(view, [AZURE_ROLE_ASSIGNMENT.roleName]);
  if (name.state === 'known' && typeof name.value === 'string') {
    const row = AZURE_PRIVILEGED_ROLES.find((candidate) => candidate.name.toLowerCase() === (name.value as string).trim().toLowerCase());
    if (row) return { row, attribute: AZURE_ROLE_ASSIGNMENT.roleName };
  }
  const id = attributeState(view, [AZURE_ROLE_ASSIGNMENT.roleId]);
  if (id.state === 'known' && typeof id.value === 'string') {
    const guid = id.value.trim().split('/').pop()?.toLowerCase();
    const row = AZURE_PRIVILEGED_ROLES.find((candidate) => candidate.id === guid);
    if (row) return { row, attribute: AZURE_ROLE_ASSIGNMENT.roleId };
  }
  return undefined;
}

export function scopeLevel(scope: string): AzureScopeLevel {
  const trimmed = scope.trim();
  const normalized = trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : trimmed;
  return AZURE_SCOPE_PATTERNS.find((row) => row.pattern.test(normalized))?.level ?? 'resource';
}

/** What a wildcard action allows (catalog AZURE_WILDCARD_ACTIONS); null for a specific or read-only one. */
function wildcardAzureAction(action: string, plane: string): string | null {
  const row = AZURE_WILDCARD_ACTIONS.find((candidate) => candidate.pattern.test(action.trim()));
  return row ? row.allows.replace('{plane}', plane) : null;
}

export function azureRoleDefinitionIssues(view: SideView): IamIssue[] {
  if (view.change.type !== AZURE_ROLE_DEFINITION.type) return [];
  const address = view.change.address;
  const permissions = attributeState(view, [AZURE_ROLE_DEFINITION.permissions]);
  if (permissions.state === 'unknown') {
    return [unknownPermissions(address, AZURE_ROLE_DEFINITION.permissions)];
  }
  if (permissions.state !== 'known' || !Array.isArray(permissions.value)) return [];
  const issues: IamIssue[] = [];
  permissions.value.forEach((_, blockIndex) => {
    for (const list of AZURE_ROLE_DEFINITION.actionLists) {
      const path = [AZURE_ROLE_DEFINITION.permissions, blockIndex, list];
      const attribute = `${AZURE_ROLE_DEFINITION.permissions}[${blockIndex}].${list}`;
      const state = attributeState(view, path);
      if (state.state === 'unknown') {
        issues.push(unknownPermissions(address, attribute));
        continue;
      }
      if (state.state !== 'known' || !Array.isArray(state.value)) continue;
      const plane = list === 'data_actions' ? 'data' : 'management';
      const matches = state.value.flatMap((action) => {
        const allowed = typeof action === 'string' ? wildcardAzureAction(action, plane) : null;
        return allowed === null ? [] : [{ action: action as string, allowed }];
      });
      if (matches.length === 0) continue;
      const wildcards = matches.map((match) => match.action);
      const quoted = quoteList(view, path, wildcards);
      const allows = [...new Set(matches.map((match) => match.allowed))].join('; ');
      // listKey: `["Microsoft.Authorization/*,Microsoft.Compute/*"]` is not the two wildcards it spells joined by a comma.
      const grant = `azure-definition:${list}:${listKey(wildcards.map((w) => w.toLowerCase()).sort())}`;
      issues.push({
        ruleId: 'iam-wildcard-action',
        severity: 'high',
        attribute,
        ...excludedKey(view, [AZURE_ROLE_DEFINITION.permissions, blockIndex, `not_${list}`], grant),
        summary: `${attribute} allows ${quoted}`,
        message: `${address}: custom role \`${attribute}\` allows ${quoted}: ${allows}, wherever the role is assigned.`,
        remediation: `List the specific ${list} the role needs in ${attribute} instead of ${quoted}.`,
      });
    }
  });
  return issues;
}

/**
 * A wildcard's key with the block's exclusions (`not_actions`, `not_data_actions`), which act as
 * Denies beside it: each one narrows the grant as a condition does, so removing one is a new grant
 * (audit 28 F7: a Contributor-like `actions = ["*"]` that lost its `Microsoft.Authorization/*`
 * exclusions can assign any role, Owner included) and adding one is not. Without exclusions the key
 * is the grant, as it always was. Exclusions known only after apply count as none (reported).
 */
function excludedKey(view: SideView, path: AttributePath, grant: string): Pick<IamIssue, 'key' | 'conditions'> {
  const state = attributeState(view, path);
  const excluded = state.state === 'known' && Array.isArray(state.value) ? state.value.filter((action): action is string => typeof action === 'string') : [];
  const clauses = [...new Set(excluded.map((action) => action.toLowerCase()))].sort();
  return { key: clauses.length === 0 ? grant : `${grant}\u0000${JSON.stringify(clauses)}`, conditions: { grant, clauses } };
}

function unknownPermissions(address: string, attribute: string): IamIssue {
  return unknownIssue(
    attribute,
    `${address}: \`${attribute}\` of the custom role is known only after apply, so it could not be checked for wildcard actions.`,
    'Write the role\'s actions as literals (or values known at plan time) so they can be reviewed.',
  );
}
