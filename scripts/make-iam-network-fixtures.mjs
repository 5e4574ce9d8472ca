// Generates the IAM and network rule fixtures: plans shaped as `terraform show -json` writes
// them, each pairing risky grants and exposures with their safe twins. Policies are JSON inside
// JSON strings, which is why these are generated rather than typed.
// Deterministic: running it twice writes the same bytes. Run: node scripts/make-iam-network-fixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';

const root = new URL('../fixtures/rules/', import.meta.url);
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const policy = (...statements) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

function change(type, name, actions, before, after, extra = {}) {
  const provider = type.startsWith('google_') ? 'google' : type.startsWith('azurerm_') ? 'azurerm' : 'aws';
  return {
    address: `${extra.mode === 'data' ? 'data.' : ''}${type}.${name}`,
    mode: extra.mode ?? 'managed',
    type,
    name,
    provider_name: `registry.terraform.io/hashicorp/${provider}`,
    change: {
      actions,
      before,
      after,
      after_unknown: extra.afterUnknown ?? {},
      before_sensitive: before === null ? false : {},
      after_sensitive: after === null ? false : {},
    },
    ...(extra.reason ? { action_reason: extra.reason } : {}),
  };
}
const create = (type, name, after, extra) => change(type, name, ['create'], null, after, extra);

function plan(changes) {
  const prior = changes.filter((c) => c.change.before !== null && c.mode === 'managed');
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    resource_changes: changes,
    ...(prior.length > 0
      ? { prior_state: { format_version: '1.0', terraform_version: '1.11.4', values: { root_module: { resources: prior.map((c) => ({ address: c.address, mode: 'managed', type: c.type, name: c.name })) } } } }
      : {}),
  };
}

const lambdaTrust = policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });

// ---------------------------------------------------------------------------------------------
// iam/aws-policies.json
const aws = plan([
  create('aws_iam_policy', 'admin', { name: 'admin', path: '/', policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) }),
  create('aws_iam_policy', 'scoped', { name: 'scoped', path: '/', policy: policy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::acme-reports/*' }) }),
  create('aws_iam_role_policy', 'deploy', {
    name: 'deploy',
    role: 'deploy',
    policy: policy({ Sid: 'Deploy', Effect: 'Allow', Action: ['iam:PassRole', 'ecs:RunTask', 'ecs:DescribeTasks'], Resource: '*' }),
  }),
  create('aws_iam_user_policy', 'everything_but_iam', { name: 'ops', user: 'ops', policy: policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }) }),
  create('aws_iam_role', 'public_trust', { name: 'public-trust', assume_role_policy: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) }, { afterUnknown: { inline_policy: true, managed_policy_arns: true, arn: true } }),
  create('aws_iam_role', 'worker', { name: 'worker', assume_role_policy: lambdaTrust, managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, { afterUnknown: { inline_policy: true, arn: true } }),
  create('aws_iam_role_policy_attachment', 'ops_power', { role: 'ops', policy_arn: 'arn:aws:iam::aws:policy/PowerUserAccess' }),
  create('aws_iam_role_policy_attachment', 'readonly', { role: 'auditor', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
  create('aws_s3_bucket_policy', 'public', { bucket: 'acme-site', policy: policy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-site/*' }) }),
  create('aws_s3_bucket_policy', 'cloudfront', {
    bucket: 'acme-assets',
    policy: policy({
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::acme-assets/*',
    }, {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::acme-assets/logs/*',
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHEXAMPLE' } },
    }),
  }),
  create('aws_s3_bucket_policy', 'tls_only', { bucket: 'acme-data', policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::acme-data', 'arn:aws:s3:::acme-data/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }) }),
  create('aws_iam_policy', 'rendered_later', { name: 'rendered-later', path: '/' }, { afterUnknown: { policy: true, arn: true, id: true } }),
  create('aws_iam_policy', 'broken', { name: 'broken', path: '/', policy: '{"Statement": [{"Effect": "Allow", "Action": "s3:*"' }),
  create('aws_kms_key', 'default_policy', { description: 'uses the AWS default key policy', deletion_window_in_days: 30 }, { afterUnknown: { policy: true, arn: true } }),
  create('aws_lambda_permission', 'public', { action: 'lambda:InvokeFunction', function_name: 'hook', principal: '*' }),
  create('aws_lambda_permission', 'from_bucket', { action: 'lambda:InvokeFunction', function_name: 'hook', principal: 's3.amazonaws.com', source_arn: 'arn:aws:s3:::acme-uploads' }),
  change('aws_iam_policy', 'retired', ['delete'], { name: 'retired', path: '/', policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) }, null, { reason: 'delete_because_no_resource_config' }),
  change('aws_iam_policy_document', 'later', ['read'], null, { statement: [{ effect: 'Allow', actions: ['*'], resources: ['*'] }] }, { mode: 'data', afterUnknown: { json: true } }),
]);

// ---------------------------------------------------------------------------------------------
// iam/google-azure.json
const subscription = '/subscriptions/00000000-0000-0000-0000-0000000000aa';
const googleAzure = plan([
  create('google_project_iam_member', 'owner', { project: 'acme-prod', role: 'roles/owner', member: 'user:alice@example.com', condition: [] }),
  create('google_project_iam_member', 'viewer', { project: 'acme-prod', role: 'roles/viewer', member: 'group:auditors@example.com', condition: [] }),
  create('google_storage_bucket_iam_binding', 'public', { bucket: 'acme-site', role: 'roles/storage.objectViewer', members: ['allUsers'], condition: [] }),
  create('google_storage_bucket_iam_member', 'team', { bucket: 'acme-data', role: 'roles/storage.objectAdmin', member: 'group:data@example.com', condition: [] }),
  create('google_project_iam_policy', 'authoritative', {
    project: 'acme-prod',
    policy_data: JSON.stringify({ bindings: [{ role: 'roles/editor', members: ['serviceAccount:ci@acme-prod.iam.gserviceaccount.com'] }, { role: 'roles/viewer', members: ['allAuthenticatedUsers'] }] }),
  }),
  create('google_folder_iam_policy', 'later', { folder: 'folders/1234' }, { afterUnknown: { policy_data: true, etag: true } }),
  create('azurerm_role_assignment', 'sub_owner', { scope: subscription, role_definition_name: 'Owner', principal_id: '11111111-1111-1111-1111-111111111111' }, { afterUnknown: { id: true, role_definition_id: true } }),
  create('azurerm_role_assignment', 'rg_uaa', { scope: `${subscription}/resourceGroups/rg-app`, role_definition_name: 'User Access Administrator', principal_id: '11111111-1111-1111-1111-111111111111' }, { afterUnknown: { id: true, role_definition_id: true } }),
  create('azurerm_role_assignment', 'sub_reader', { scope: subscription, role_definition_name: 'Reader', principal_id: '11111111-1111-1111-1111-111111111111' }, { afterUnknown: { id: true, role_definition_id: true } }),
  create('azurerm_role_definition', 'god', { name: 'god-mode', scope: subscription, assignable_scopes: [subscription], permissions: [{ actions: ['*'], not_actions: [], data_actions: [], not_data_actions: [] }] }),
  create('azurerm_role_definition', 'vm_operator', { name: 'vm-operator', scope: subscription, assignable_scopes: [subscription], permissions: [{ actions: ['Microsoft.Compute/virtualMachines/start/action', 'Microsoft.Compute/virtualMachines/read'], not_actions: [], data_actions: [], not_data_actions: [] }] }),
]);

// ---------------------------------------------------------------------------------------------
// network/open-ingress.json
const sgRule = (rule) => ({ cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '', ...rule });
const nsgRule = (rule) => ({ description: '', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', source_port_ranges: [], source_address_prefix: '', source_address_prefixes: [], destination_address_prefix: '*', destination_address_prefixes: [], destination_port_range: '', destination_port_ranges: [], ...rule });
const network = plan([
  create('aws_security_group', 'bastion', { name: 'bastion', ingress: [sgRule({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] })], egress: [sgRule({ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] })] }, { afterUnknown: { id: true, arn: true } }),
  create('aws_security_group', 'internal', { name: 'internal', ingress: [sgRule({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] })], egress: [] }, { afterUnknown: { id: true } }),
  create('aws_security_group_rule', 'https', { type: 'ingress', from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: ['::/0'] }, { afterUnknown: { security_group_id: true } }),
  create('aws_vpc_security_group_ingress_rule', 'everything', { ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' }, { afterUnknown: { security_group_id: true } }),
  create('aws_vpc_security_group_ingress_rule', 'from_alb', { ip_protocol: 'tcp', from_port: 8080, to_port: 8080 }, { afterUnknown: { security_group_id: true, referenced_security_group_id: true } }),
  create('google_compute_firewall', 'ssh', { name: 'allow-ssh', network: 'default', source_ranges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['22'] }], deny: [], disabled: false }, { afterUnknown: { direction: true } }),
  create('google_compute_firewall', 'ssh_disabled', { name: 'allow-ssh-off', network: 'default', source_ranges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['22'] }], deny: [], disabled: true }, { afterUnknown: { direction: true } }),
  create('google_compute_firewall', 'iap', { name: 'allow-iap', network: 'default', direction: 'INGRESS', source_ranges: ['35.235.240.0/20'], allow: [{ protocol: 'tcp', ports: ['22', '3389'] }], deny: [], disabled: false }),
  create('azurerm_network_security_rule', 'rdp', nsgRule({ name: 'rdp', source_address_prefix: 'Internet', destination_port_range: '3389' })),
  create('azurerm_network_security_group', 'web', { name: 'web', security_rule: [nsgRule({ name: 'web', source_address_prefix: '*', destination_port_ranges: ['80', '443'] }), nsgRule({ name: 'ssh-vnet', priority: 110, source_address_prefix: 'VirtualNetwork', destination_port_range: '22' })] }),
]);

mkdirSync(new URL('iam/', root), { recursive: true });
mkdirSync(new URL('network/', root), { recursive: true });
writeFileSync(new URL('iam/aws-policies.json', root), json(aws));
writeFileSync(new URL('iam/google-azure.json', root), json(googleAzure));
writeFileSync(new URL('network/open-ingress.json', root), json(network));
