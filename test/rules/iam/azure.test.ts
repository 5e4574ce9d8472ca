import { describe, expect, it } from 'vitest';
import { scopeLevel } from '../../../src/rules/iam/azure.js';
import { created, findingsOf } from '../../support/plan-factory.js';

const subscription = '/subscriptions/00000000-0000-0000-0000-000000000001';

function assignment(name: string, fields: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) {
  return created('azurerm_role_assignment', { principal_id: '11111111-1111-1111-1111-111111111111', ...fields }, { name, afterUnknown });
}

describe('azure scope levels', () => {
  it('tells root, management group, subscription, resource group and resource apart', () => {
    expect(scopeLevel('/')).toBe('root');
    expect(scopeLevel('/providers/Microsoft.Management/managementGroups/corp')).toBe('management-group');
    expect(scopeLevel(subscription)).toBe('subscription');
    expect(scopeLevel(`${subscription}/`)).toBe('subscription');
    expect(scopeLevel(`${subscription}/resourceGroups/rg`)).toBe('resource-group');
    expect(scopeLevel(`${subscription}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa`)).toBe('resource');
  });
});

describe('iam-admin-policy (Azure)', () => {
  it('rates Owner and User Access Administrator by scope: high at subscription and management group, lower below', () => {
    const findings = findingsOf('iam-admin-policy', [
      assignment('sub', { role_definition_name: 'Owner', scope: subscription }),
      assignment('mg', { role_definition_name: 'User Access Administrator', scope: '/providers/Microsoft.Management/managementGroups/corp' }),
      assignment('rg', { role_definition_name: 'Owner', scope: `${subscription}/resourceGroups/rg` }),
      assignment('res', { role_definition_name: 'Owner', scope: `${subscription}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv` }),
      assignment('later', { role_definition_name: 'Owner' }, { scope: true }),
    ]);
    expect(findings.map((finding) => [finding.address, finding.severity])).toEqual([
      ['azurerm_role_assignment.sub', 'high'],
      ['azurerm_role_assignment.mg', 'high'],
      ['azurerm_role_assignment.rg', 'medium'],
      ['azurerm_role_assignment.res', 'low'],
      ['azurerm_role_assignment.later', 'medium'],
    ]);
    expect(findings[0]!.message).toBe(
      `azurerm_role_assignment.sub assigns Owner on a whole subscription ("${subscription}"): full control, including granting access to anyone there.`,
    );
    expect(findings[4]!.message).toBe('azurerm_role_assignment.later assigns Owner on a scope known only after apply: full control, including granting access to anyone there.');
    expect(findings[0]!.remediation).toBe('Assign a narrower built-in or custom role than Owner, or narrow `scope` to the resource group or resource that needs it.');
  });

  it('resolves role_definition_id to the built-in role', () => {
    const findings = findingsOf('iam-admin-policy', [
      assignment('by_id', { role_definition_id: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`, scope: subscription }),
    ]);
    expect(findings.map((finding) => [finding.severity, finding.message.split(':')[0]])).toEqual([['high', 'azurerm_role_assignment.by_id assigns Owner on a whole subscription ("/subscriptions/00000000-0000-0000-0000-000000000001")']]);
  });

  it('rates Contributor below the access-granting roles, and not at all on a single resource', () => {
    const findings = findingsOf('iam-admin-policy', [
      assignment('sub', { role_definition_name: 'Contributor', scope: subscription }),
      assignment('rg', { role_definition_name: 'contributor', scope: `${subscription}/resourceGroups/rg` }),
      assignment('res', { role_definition_name: 'Contributor', scope: `${subscription}/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/fw` }),
    ]);
    expect(findings.map((finding) => [finding.address, finding.severity])).toEqual([
      ['azurerm_role_assignment.sub', 'medium'],
      ['azurerm_role_assignment.rg', 'low'],
    ]);
  });

  it('stays quiet on narrow roles at any scope', () => {
    expect(findingsOf('iam-admin-policy', [assignment('reader', { role_definition_name: 'Reader', scope: subscription })])).toEqual([]);
  });
});

describe('iam-wildcard-action (Azure role definitions)', () => {
  it('reports "*" and provider-wide wildcards in actions and data_actions', () => {
    const findings = findingsOf('iam-wildcard-action', [
      created('azurerm_role_definition', {
        name: 'custom',
        scope: subscription,
        permissions: [{ actions: ['*'], not_actions: ['Microsoft.Authorization/*/Write'], data_actions: ['Microsoft.Storage/*'], not_data_actions: [] }],
      }),
    ]);
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['high', 'azurerm_role_definition.this: custom role `permissions[0].actions` allows "*": every management action, wherever the role is assigned.'],
      ['high', 'azurerm_role_definition.this: custom role `permissions[0].data_actions` allows "Microsoft.Storage/*": every data action of a resource provider, wherever the role is assigned.'],
    ]);
    expect(findings[0]!.remediation).toBe('List the specific actions the role needs in permissions[0].actions instead of "*".');
  });

  it('reports an operation on every provider and wildcard writes to access control', () => {
    const findings = findingsOf('iam-wildcard-action', [
      created('azurerm_role_definition', { name: 'c', scope: subscription, permissions: [{ actions: ['*/write', '*/*/delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Compute/*/write', '*/*', '*/read'], data_actions: [] }] }),
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'azurerm_role_definition.this: custom role `permissions[0].actions` allows "*/write", "*/*/delete", "Microsoft.Authorization/*/Write", "Microsoft.Compute/*/write", and 1 more: that operation on every resource type of every provider; changes to access control (Microsoft.Authorization), role assignments included; that operation on every resource type of a resource provider; every management action, wherever the role is assigned.',
    ]);
  });

  it('stays quiet on specific actions, resource-type wildcards and reading everything', () => {
    expect(findingsOf('iam-wildcard-action', [
      created('azurerm_role_definition', { name: 'c', scope: subscription, permissions: [{ actions: ['Microsoft.Storage/storageAccounts/*', 'Microsoft.Compute/virtualMachines/read', '*/read', '*/*/read', 'Microsoft.Compute/*/read', 'Microsoft.Authorization/*/read'], data_actions: [] }] }),
    ])).toEqual([]);
  });

  it('reports permissions known only after apply as unverifiable', () => {
    const findings = findingsOf('iam-unverifiable', [created('azurerm_role_definition', { name: 'c', scope: subscription, permissions: [{ data_actions: [] }] }, { afterUnknown: { permissions: [{ actions: true }] } })]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'azurerm_role_definition.this: `permissions[0].actions` of the custom role is known only after apply, so it could not be checked for wildcard actions.',
    ]);
  });
});
