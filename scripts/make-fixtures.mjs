// Generates the plan fixtures that are too large or too byte-exact to write by hand:
// the lost-state incident, the engine-change replacement, and the edge-case inputs the loader
// must refuse or accept (binary plan, text output, state files, encodings, odd actions).
// Deterministic: running it twice writes the same bytes. Run: node scripts/make-fixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';

const root = new URL('../fixtures/', import.meta.url);
const incidents = new URL('incidents/', root);
const inputs = new URL('inputs/', root);
mkdirSync(incidents, { recursive: true });
mkdirSync(inputs, { recursive: true });

const AWS = 'registry.terraform.io/hashicorp/aws';
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const write = (dir, name, data) => writeFileSync(new URL(name, dir), data);

// ---------------------------------------------------------------------------------------------
// incidents/db-replace-engine-change.json: `engine` mysql → postgres forces a replacement.

const dbBefore = {
  allocated_storage: 200,
  deletion_protection: false,
  engine: 'mysql',
  engine_version: '8.0.36',
  identifier: 'acme-prod-billing',
  instance_class: 'db.r6g.xlarge',
  password: 'Bill1ng-Db-Pa55word#2024',
  skip_final_snapshot: false,
  backup_retention_period: 14,
  username: 'billing_admin',
  tags: { Environment: 'production', Team: 'payments' },
};
const dbAfter = { ...dbBefore, engine: 'postgres', engine_version: '16.3', password: 'Bill1ng-Db-Pa55word#2025' };

write(
  incidents,
  'db-replace-engine-change.json',
  json({
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: {
      billing_db_password: { value: 'Bill1ng-Db-Pa55word#2025' },
      environment: { value: 'production' },
    },
    planned_values: {
      root_module: {
        resources: [
          {
            address: 'aws_db_instance.billing', mode: 'managed', type: 'aws_db_instance', name: 'billing', provider_name: AWS,
            schema_version: 2, values: dbAfter, sensitive_values: { password: true, tags: {} },
          },
        ],
      },
    },
    resource_changes: [
      {
        address: 'aws_db_instance.billing',
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'billing',
        provider_name: AWS,
        change: {
          actions: ['delete', 'create'],
          before: dbBefore,
          after: dbAfter,
          after_unknown: { id: true, arn: true, endpoint: true, address: true, tags: {} },
          before_sensitive: { password: true, tags: {} },
          after_sensitive: { password: true, tags: {} },
          replace_paths: [['engine']],
        },
        action_reason: 'replace_because_cannot_update',
      },
    ],
    prior_state: {
      format_version: '1.0',
      terraform_version: '1.9.8',
      values: {
        root_module: {
          resources: [
            {
              address: 'aws_db_instance.billing', mode: 'managed', type: 'aws_db_instance', name: 'billing', provider_name: AWS,
              schema_version: 2, values: dbBefore, sensitive_values: { password: true, tags: {} },
            },
          ],
        },
      },
    },
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: AWS } },
      root_module: {
        variables: {
          billing_db_password: { sensitive: true },
          environment: { default: 'production' },
        },
      },
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// incidents/lost-state-prod.json: the backend was lost (wrong bucket, new workspace), so the
// prior state is empty and Terraform plans to create the whole production estate again.

const PROD_DB_PASSWORD = 'Pr0d-Main-DB-pw!7731';
const lostState = [];
const tags = { Environment: 'production', ManagedBy: 'terraform' };
function resource(type, name, values, { unknown = ['id', 'arn'], sensitive = {}, index = null } = {}) {
  const address = `${type}.${name}${index === null ? '' : typeof index === 'number' ? `[${index}]` : `["${index}"]`}`;
  lostState.push({ address, type, name, index, values, unknown, sensitive });
}

resource('aws_vpc', 'prod', { cidr_block: '10.20.0.0/16', enable_dns_hostnames: true, tags: { ...tags, Name: 'acme-prod-vpc' } });
resource('aws_internet_gateway', 'prod', { tags: { ...tags, Name: 'acme-prod-igw' } }, { unknown: ['id', 'arn', 'vpc_id'] });
const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
zones.forEach((zone, i) => {
  resource('aws_subnet', 'prod_private', { availability_zone: zone, cidr_block: `10.20.${i}.0/24`, tags: { ...tags, Name: `acme-prod-private-${zone}` } }, { index: i, unknown: ['id', 'arn', 'vpc_id'] });
  resource('aws_subnet', 'prod_public', { availability_zone: zone, cidr_block: `10.20.${100 + i}.0/24`, tags: { ...tags, Name: `acme-prod-public-${zone}` } }, { index: i, unknown: ['id', 'arn', 'vpc_id'] });
  resource('aws_eip', 'prod_nat', { domain: 'vpc', tags: { ...tags, Name: `acme-prod-nat-${zone}` } }, { index: i, unknown: ['id', 'public_ip'] });
  resource('aws_nat_gateway', 'prod', { connectivity_type: 'public', tags: { ...tags, Name: `acme-prod-nat-${zone}` } }, { index: i, unknown: ['id', 'subnet_id', 'allocation_id'] });
  resource('aws_route_table', 'prod_private', { tags: { ...tags, Name: `acme-prod-private-${zone}` } }, { index: i, unknown: ['id', 'arn', 'vpc_id'] });
  resource('aws_route_table_association', 'prod_private', {}, { index: i, unknown: ['id', 'subnet_id', 'route_table_id'] });
});
resource('aws_route_table', 'prod_public', { tags: { ...tags, Name: 'acme-prod-public' } }, { unknown: ['id', 'arn', 'vpc_id'] });
for (const name of ['alb', 'app', 'db', 'cache', 'bastion']) {
  resource('aws_security_group', `prod_${name}`, { name: `acme-prod-${name}`, description: `production ${name}`, tags }, { unknown: ['id', 'arn', 'vpc_id'] });
}
for (const name of ['assets', 'logs', 'backups', 'uploads', 'data-lake', 'audit']) {
  const key = name.replace('-', '_');
  resource('aws_s3_bucket', `prod_${key}`, { bucket: `acme-prod-${name}`, force_destroy: false, tags: { ...tags, Name: `acme-prod-${name}` } });
  resource('aws_s3_bucket_versioning', `prod_${key}`, { versioning_configuration: [{ status: 'Enabled', mfa_delete: null }] }, { unknown: ['id', 'bucket'] });
  resource('aws_s3_bucket_public_access_block', `prod_${key}`, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }, { unknown: ['id', 'bucket'] });
}
resource('aws_db_subnet_group', 'prod', { name: 'acme-prod-db', tags }, { unknown: ['id', 'arn', 'subnet_ids'] });
resource(
  'aws_db_instance',
  'prod_main',
  { identifier: 'acme-prod-main', engine: 'postgres', engine_version: '16.3', instance_class: 'db.r6g.2xlarge', allocated_storage: 500, username: 'acme_admin', password: PROD_DB_PASSWORD, deletion_protection: true, backup_retention_period: 30, skip_final_snapshot: false, tags },
  { unknown: ['id', 'arn', 'endpoint', 'address'], sensitive: { password: true } },
);
resource(
  'aws_db_instance',
  'prod_replica',
  { identifier: 'acme-prod-replica', instance_class: 'db.r6g.xlarge', deletion_protection: true, skip_final_snapshot: true, tags },
  { unknown: ['id', 'arn', 'endpoint', 'address', 'replicate_source_db'] },
);
resource('aws_elasticache_subnet_group', 'prod', { name: 'acme-prod-cache', tags }, { unknown: ['id', 'subnet_ids'] });
resource('aws_elasticache_replication_group', 'prod_sessions', { replication_group_id: 'acme-prod-sessions', node_type: 'cache.r6g.large', num_cache_clusters: 2, snapshot_retention_limit: 7, tags });
for (const name of ['orders', 'customers', 'sessions', 'events']) {
  resource('aws_dynamodb_table', `prod_${name}`, { name: `acme-prod-${name}`, billing_mode: 'PAY_PER_REQUEST', hash_key: 'pk', point_in_time_recovery: [{ enabled: true }], deletion_protection_enabled: true, tags });
}
for (const name of ['data', 'logs', 'secrets']) {
  resource('aws_kms_key', `prod_${name}`, { description: `acme production ${name} key`, deletion_window_in_days: 30, enable_key_rotation: true, tags }, { unknown: ['id', 'arn', 'key_id', 'policy'] });
  resource('aws_kms_alias', `prod_${name}`, { name: `alias/acme-prod-${name}` }, { unknown: ['id', 'arn', 'target_key_id', 'target_key_arn'] });
}
for (const name of ['orders', 'orders-dlq', 'emails', 'webhooks']) {
  resource('aws_sqs_queue', `prod_${name.replace('-', '_')}`, { name: `acme-prod-${name}`, message_retention_seconds: 1209600, tags }, { unknown: ['id', 'arn', 'url'] });
}
resource('aws_sns_topic', 'prod_alerts', { name: 'acme-prod-alerts', tags });
for (const name of ['api', 'worker', 'scheduler', 'deploy']) {
  resource('aws_iam_role', `prod_${name}`, { name: `acme-prod-${name}`, assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}', tags }, { unknown: ['id', 'arn', 'unique_id'] });
  resource('aws_iam_role_policy_attachment', `prod_${name}`, { policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy', role: `acme-prod-${name}` }, { unknown: ['id'] });
}
resource('aws_iam_policy', 'prod_app_data', { name: 'acme-prod-app-data', policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::acme-prod-uploads/*"}]}', tags }, { unknown: ['id', 'arn', 'policy_id'] });
resource('aws_ecs_cluster', 'prod', { name: 'acme-prod', tags });
for (const name of ['api', 'worker', 'scheduler']) {
  resource('aws_ecs_task_definition', `prod_${name}`, { family: `acme-prod-${name}`, cpu: '1024', memory: '2048', tags }, { unknown: ['id', 'arn', 'revision', 'execution_role_arn'] });
  resource('aws_ecs_service', `prod_${name}`, { name: `acme-prod-${name}`, desired_count: 3, launch_type: 'FARGATE', tags }, { unknown: ['id', 'cluster', 'task_definition'] });
  resource('aws_cloudwatch_log_group', `prod_${name}`, { name: `/ecs/acme-prod-${name}`, retention_in_days: 90, tags });
}
resource('aws_lb', 'prod', { name: 'acme-prod-alb', internal: false, load_balancer_type: 'application', enable_deletion_protection: true, tags }, { unknown: ['id', 'arn', 'dns_name', 'zone_id'] });
resource('aws_lb_target_group', 'prod_api', { name: 'acme-prod-api', port: 8080, protocol: 'HTTP', tags });
resource('aws_lb_listener', 'prod_https', { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }, { unknown: ['id', 'arn', 'load_balancer_arn'] });
resource('aws_acm_certificate', 'prod', { domain_name: 'acme.example', validation_method: 'DNS', tags }, { unknown: ['id', 'arn', 'domain_validation_options'] });
resource('aws_route53_zone', 'prod', { name: 'acme.example', tags }, { unknown: ['id', 'arn', 'zone_id', 'name_servers'] });
for (const name of ['www', 'api', 'status']) {
  resource('aws_route53_record', `prod_${name}`, { name: `${name}.acme.example`, type: 'A' }, { unknown: ['id', 'fqdn', 'zone_id'] });
}
resource('aws_ecr_repository', 'prod_api', { name: 'acme-prod-api', image_tag_mutability: 'IMMUTABLE', tags });
resource('aws_ecr_repository', 'prod_worker', { name: 'acme-prod-worker', image_tag_mutability: 'IMMUTABLE', tags });
resource('aws_secretsmanager_secret', 'prod_api_keys', { name: 'acme-prod/api-keys', recovery_window_in_days: 30, tags });
resource('aws_efs_file_system', 'prod_shared', { creation_token: 'acme-prod-shared', encrypted: true, tags });
resource('aws_cloudwatch_metric_alarm', 'prod_db_cpu', { alarm_name: 'acme-prod-db-cpu', threshold: 80, tags });
resource('aws_cloudwatch_metric_alarm', 'prod_alb_5xx', { alarm_name: 'acme-prod-alb-5xx', threshold: 10, tags });
resource('aws_wafv2_web_acl', 'prod', { name: 'acme-prod-waf', scope: 'REGIONAL', tags });
resource('aws_backup_vault', 'prod', { name: 'acme-prod-vault', tags });
resource('aws_backup_plan', 'prod_daily', { name: 'acme-prod-daily', tags });

if (lostState.length !== 100) throw new Error(`lost-state fixture should create 100 resources, has ${lostState.length}`);

const nullMask = (keys) => Object.fromEntries(keys.map((key) => [key, true]));
write(
  incidents,
  'lost-state-prod.json',
  json({
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: {
      db_password: { value: PROD_DB_PASSWORD },
      environment: { value: 'production' },
      region: { value: 'eu-west-1' },
    },
    planned_values: {
      root_module: {
        resources: lostState.map((r) => ({
          address: r.address, mode: 'managed', type: r.type, name: r.name, ...(r.index === null ? {} : { index: r.index }),
          provider_name: AWS, schema_version: 0, values: r.values, sensitive_values: r.sensitive,
        })),
      },
    },
    resource_changes: lostState.map((r) => ({
      address: r.address,
      mode: 'managed',
      type: r.type,
      name: r.name,
      ...(r.index === null ? {} : { index: r.index }),
      provider_name: AWS,
      change: {
        actions: ['create'],
        before: null,
        after: r.values,
        after_unknown: nullMask(r.unknown),
        before_sensitive: false,
        after_sensitive: r.sensitive,
      },
    })),
    // No prior_state: Terraform omits it when the state is empty, which is the whole incident.
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: AWS, expressions: { region: { references: ['var.region'] } } } },
      root_module: {
        variables: {
          db_password: { sensitive: true, description: 'master password of the production database' },
          environment: { default: 'production' },
          region: { default: 'eu-west-1' },
        },
      },
    },
    applyable: true,
    complete: true,
    errored: false,
  }),
);

// ---------------------------------------------------------------------------------------------
// incidents/incomplete-plan-actions.json: a Terraform 1.14 plan that is not the whole story.
// `complete: false`; one change deferred (the orders database's count depends on a value not known
// yet, and its delete waits for a later plan); an action that empties the invoices bucket after the
// cleanup marker is created; a deferred action running SQL whose text is sensitive. Shapes follow
// hashicorp/terraform internal/command/jsonplan (plan.go, action_invocations.go).

const ordersDb = {
  identifier: 'acme-prod-orders', engine: 'postgres', deletion_protection: false, skip_final_snapshot: true, password: 'Orders-Db-Pa55word#14',
};

write(
  incidents,
  'incomplete-plan-actions.json',
  json({
    format_version: '1.2',
    terraform_version: '1.14.0',
    variables: { cleanup_run: { value: 'run-2026-12-05' } },
    planned_values: {
      root_module: {
        resources: [
          { address: 'terraform_data.cleanup', mode: 'managed', type: 'terraform_data', name: 'cleanup', provider_name: 'terraform.io/builtin/terraform', schema_version: 0, values: { input: 'run-2026-12-05', triggers_replace: null }, sensitive_values: {} },
        ],
      },
    },
    resource_changes: [
      {
        address: 'terraform_data.cleanup', mode: 'managed', type: 'terraform_data', name: 'cleanup', provider_name: 'terraform.io/builtin/terraform',
        change: {
          actions: ['create'], before: null, after: { input: 'run-2026-12-05', triggers_replace: null },
          after_unknown: { id: true, output: true }, before_sensitive: false, after_sensitive: {},
        },
      },
    ],
    deferred_changes: [
      {
        reason: 'instance_count_unknown',
        resource_change: {
          address: 'aws_db_instance.orders[0]', mode: 'managed', type: 'aws_db_instance', name: 'orders', index: 0, provider_name: AWS,
          change: { actions: ['delete'], before: ordersDb, after: null, after_unknown: {}, before_sensitive: { password: true }, after_sensitive: false },
          action_reason: 'delete_because_count_index',
        },
      },
    ],
    action_invocations: [
      {
        address: 'action.aws_s3_empty_bucket.invoices', type: 'aws_s3_empty_bucket', name: 'invoices', provider_name: AWS,
        config_values: { bucket_name: 'acme-prod-invoices', prefix: null, batch_size: null, timeout: null }, config_sensitive: {},
        lifecycle_action_trigger: { triggering_resource_address: 'terraform_data.cleanup', action_trigger_event: 'after_create', action_trigger_block_index: 0, actions_list_index: 0 },
      },
    ],
    deferred_action_invocations: [
      {
        reason: 'deferred_prereq',
        action_invocation: {
          address: 'action.aws_rdsdata_query.purge', type: 'aws_rdsdata_query', name: 'purge', provider_name: AWS,
          config_values: { resource_arn: 'arn:aws:rds:eu-west-1:111122223333:cluster:orders', secret_arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders', sql: 'DROP TABLE invoices_archive' },
          config_sensitive: { sql: true },
          lifecycle_action_trigger: { triggering_resource_address: 'terraform_data.cleanup', action_trigger_event: 'after_create', action_trigger_block_index: 0, actions_list_index: 1 },
        },
      },
    ],
    output_changes: {},
    prior_state: {
      format_version: '1.0',
      terraform_version: '1.14.0',
      values: {
        root_module: {
          resources: [
            { address: 'aws_db_instance.orders[0]', mode: 'managed', type: 'aws_db_instance', name: 'orders', index: 0, provider_name: AWS, schema_version: 2, values: ordersDb, sensitive_values: { password: true } },
          ],
        },
      },
    },
    applyable: true,
    complete: false,
    errored: false,
  }),
);

// ---------------------------------------------------------------------------------------------
// inputs/: files the loader meets in the wild.

/** A small valid plan used to check that decoding does not alter the content. */
const SMALL_PLAN = {
  format_version: '1.2',
  terraform_version: '1.9.8',
  planned_values: { root_module: {} },
  resource_changes: [
    {
      address: 'aws_s3_bucket.reports',
      mode: 'managed',
      type: 'aws_s3_bucket',
      name: 'reports',
      provider_name: AWS,
      change: {
        actions: ['delete'],
        before: { bucket: 'acme-reports', tags: { Owner: 'Zoë Müller ✓' } },
        after: null,
        after_unknown: {},
        before_sensitive: { tags: {} },
        after_sensitive: false,
      },
      action_reason: 'delete_because_no_resource_config',
    },
  ],
  prior_state: {
    format_version: '1.0',
    values: { root_module: { resources: [{ address: 'aws_s3_bucket.reports', mode: 'managed', type: 'aws_s3_bucket', name: 'reports', values: {} }] } },
  },
};
const smallText = json(SMALL_PLAN);
write(inputs, 'utf8-bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(smallText, 'utf8')]));
write(inputs, 'utf16le-bom.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(smallText.replace(/\n/g, '\r\n'), 'utf16le')]));
write(inputs, 'utf16be-bom.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(smallText, 'utf16le').swap16()]));

write(inputs, 'empty.json', '');
write(inputs, 'whitespace.json', '  \n\t\n   \r\n');
// Cut off in the middle of the second resource change, as an interrupted redirect leaves it.
const truncatedSource = json({
  ...SMALL_PLAN,
  resource_changes: [SMALL_PLAN.resource_changes[0], { ...SMALL_PLAN.resource_changes[0], address: 'aws_s3_bucket.more', name: 'more' }],
});
write(inputs, 'truncated.json', truncatedSource.slice(0, truncatedSource.indexOf('"aws_s3_bucket.more"') + 10));
write(
  inputs,
  'not-a-plan.json',
  json({ name: 'infra-tools', version: '1.0.0', private: true, scripts: { plan: 'terraform plan -out tfplan' }, devDependencies: { cdktf: '^0.20.0' } }),
);
write(inputs, 'format-2.0.json', json({ ...SMALL_PLAN, format_version: '2.0', terraform_version: '2.0.0' }));

// `terraform show -json` on a state (no plan file): format_version plus values.
write(
  inputs,
  'show-json-state.json',
  json({
    format_version: '1.0',
    terraform_version: '1.9.8',
    values: { root_module: { resources: [{ address: 'aws_s3_bucket.reports', mode: 'managed', type: 'aws_s3_bucket', name: 'reports', provider_name: AWS, schema_version: 0, values: { bucket: 'acme-reports' }, sensitive_values: {} }] } },
  }),
);
// A raw terraform.tfstate (named .json here: *.tfstate is git-ignored).
write(
  inputs,
  'terraform-state.json',
  json({
    version: 4,
    terraform_version: '1.9.8',
    serial: 12,
    lineage: '3f1e0c52-8d1b-4c57-9a3e-2b5e7f9d1c44',
    outputs: {},
    resources: [
      { mode: 'managed', type: 'aws_s3_bucket', name: 'reports', provider: `provider["${AWS}"]`, instances: [{ schema_version: 0, attributes: { bucket: 'acme-reports', id: 'acme-reports' } }] },
    ],
    check_results: null,
  }),
);

// `terraform plan` as a terminal shows it, colour codes included.
const E = '\u001b';
write(
  inputs,
  'text-plan-output.txt',
  [
    `${E}[0m${E}[1maws_s3_bucket.reports: Refreshing state... [id=acme-reports]${E}[0m`,
    '',
    'Terraform used the selected providers to generate the following execution',
    'plan. Resource actions are indicated with the following symbols:',
    `  ${E}[31m-${E}[0m destroy`,
    '',
    'Terraform will perform the following actions:',
    '',
    `${E}[1m  # aws_s3_bucket.reports${E}[0m will be ${E}[1m${E}[31mdestroyed${E}[0m`,
    `  ${E}[31m-${E}[0m${E}[0m resource "aws_s3_bucket" "reports" {`,
    `      ${E}[31m-${E}[0m${E}[0m bucket = "acme-reports" ${E}[90m-> null${E}[0m${E}[0m`,
    '    }',
    '',
    `${E}[1mPlan:${E}[0m 0 to add, 0 to change, 1 to destroy.`,
    '',
  ].join('\n'),
);

// HCP Terraform's redacted JSON (the API's json-output-redacted): plan_format_version, no
// format_version, no prior_state or variables.
write(
  inputs,
  'hcp-redacted.json',
  json({
    plan_format_version: '1.1',
    resource_drift: [],
    resource_changes: [
      {
        address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', name: 'main', provider_name: AWS,
        change: { actions: ['delete'], before: { identifier: 'acme-main' }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
        action_reason: 'delete_because_no_resource_config',
      },
      {
        address: 'aws_s3_bucket.logs', mode: 'managed', type: 'aws_s3_bucket', name: 'logs', provider_name: AWS,
        change: { actions: ['create'], before: null, after: { bucket: 'acme-logs' }, after_unknown: { id: true }, before_sensitive: false, after_sensitive: {} },
      },
    ],
    relevant_attributes: [],
    output_changes: {},
    provider_format_version: '1.0',
    provider_schemas: {},
  }),
);

// A newer Terraform: an action name and fields this version has never heard of.
write(
  inputs,
  'unknown-actions.json',
  json({
    format_version: '1.9',
    terraform_version: '1.99.0',
    future_top_level_field: { anything: [1, 2, 3] },
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: 'aws_s3_bucket.weird', mode: 'managed', type: 'aws_s3_bucket', name: 'weird', provider_name: AWS,
        future_field: true,
        change: { actions: ['frobnicate'], before: { bucket: 'acme-weird' }, after: { bucket: 'acme-weird' }, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, future_change_field: 'x' },
        action_reason: 'frobnicate_because_the_moon_is_full',
      },
      {
        address: 'aws_db_instance.odd', mode: 'managed', type: 'aws_db_instance', name: 'odd', provider_name: AWS,
        change: { actions: ['frobnicate', 'delete'], before: { identifier: 'acme-odd' }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
      },
      {
        address: 'aws_s3_bucket.fine', mode: 'managed', type: 'aws_s3_bucket', name: 'fine', provider_name: AWS,
        change: { actions: ['create'], before: null, after: { bucket: 'acme-fine' }, after_unknown: { id: true }, before_sensitive: false, after_sensitive: {} },
      },
    ],
    prior_state: { format_version: '1.9', values: { root_module: { resources: [{ address: 'aws_s3_bucket.weird', mode: 'managed', type: 'aws_s3_bucket', name: 'weird' }, { address: 'aws_db_instance.odd', mode: 'managed', type: 'aws_db_instance', name: 'odd' }] } } },
  }),
);

// A create-before-destroy left a deposed object behind: the same address twice.
const dbCurrent = { identifier: 'acme-ledger', engine: 'postgres', instance_class: 'db.r6g.large' };
write(
  inputs,
  'deposed-delete.json',
  json({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: 'aws_db_instance.ledger', mode: 'managed', type: 'aws_db_instance', name: 'ledger', provider_name: AWS,
        change: { actions: ['no-op'], before: dbCurrent, after: dbCurrent, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
      },
      {
        address: 'aws_db_instance.ledger', mode: 'managed', type: 'aws_db_instance', name: 'ledger', provider_name: AWS,
        deposed: '3e6c1a9f',
        change: { actions: ['delete'], before: { ...dbCurrent, instance_class: 'db.r5.large' }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
      },
    ],
    prior_state: {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            { address: 'aws_db_instance.ledger', mode: 'managed', type: 'aws_db_instance', name: 'ledger', values: dbCurrent },
            { address: 'aws_db_instance.ledger', mode: 'managed', type: 'aws_db_instance', name: 'ledger', deposed_key: '3e6c1a9f', values: dbCurrent },
          ],
        },
      },
    },
  }),
);

// `moved` blocks: one pure rename (no-op), one rename with an in-place update.
write(
  inputs,
  'moved.json',
  json({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: 'module.storage.aws_s3_bucket.archive', previous_address: 'aws_s3_bucket.archive', module_address: 'module.storage',
        mode: 'managed', type: 'aws_s3_bucket', name: 'archive', provider_name: AWS,
        change: { actions: ['no-op'], before: { bucket: 'acme-archive' }, after: { bucket: 'acme-archive' }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
      },
      {
        address: 'aws_db_instance.primary', previous_address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', name: 'primary', provider_name: AWS,
        change: {
          actions: ['update'],
          before: { identifier: 'acme-main', instance_class: 'db.r6g.large' },
          after: { identifier: 'acme-main', instance_class: 'db.r6g.xlarge' },
          after_unknown: {}, before_sensitive: {}, after_sensitive: {},
        },
      },
    ],
    prior_state: {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            { address: 'aws_s3_bucket.archive', mode: 'managed', type: 'aws_s3_bucket', name: 'archive' },
            { address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', name: 'main' },
          ],
        },
      },
    },
  }),
);

// A `removed` block with lifecycle { destroy = false }: Terraform forgets the object.
write(
  inputs,
  'forget.json',
  json({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: 'aws_db_instance.legacy', mode: 'managed', type: 'aws_db_instance', name: 'legacy', provider_name: AWS,
        change: { actions: ['forget'], before: { identifier: 'acme-legacy' }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
        action_reason: 'delete_because_no_resource_config',
      },
    ],
    prior_state: { format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_db_instance.legacy', mode: 'managed', type: 'aws_db_instance', name: 'legacy' }] } } },
  }),
);

// A replacement whose old object is left behind (destroy = false on a replaced resource).
write(
  inputs,
  'create-forget.json',
  json({
    format_version: '1.2',
    terraform_version: '1.12.0',
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: 'aws_s3_bucket.exports', mode: 'managed', type: 'aws_s3_bucket', name: 'exports', provider_name: AWS,
        change: {
          actions: ['create', 'forget'],
          before: { bucket: 'acme-exports-v1' }, after: { bucket: 'acme-exports-v2' },
          after_unknown: { id: true }, before_sensitive: {}, after_sensitive: {},
          replace_paths: [['bucket']],
        },
        action_reason: 'replace_because_cannot_update',
      },
    ],
    prior_state: { format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_s3_bucket.exports', mode: 'managed', type: 'aws_s3_bucket', name: 'exports' }] } } },
  }),
);

// `terraform plan -json` (the streamed UI log), mistaken for `terraform show -json`.
write(
  inputs,
  'plan-json-stream.json',
  [
    { '@level': 'info', '@message': 'Terraform 1.9.8', '@module': 'terraform.ui', '@timestamp': '2026-01-05T10:00:00.000000Z', terraform: '1.9.8', type: 'version', ui: '1.2' },
    { '@level': 'info', '@message': 'aws_s3_bucket.reports: Plan to delete', '@module': 'terraform.ui', '@timestamp': '2026-01-05T10:00:01.000000Z', change: { resource: { addr: 'aws_s3_bucket.reports' }, action: 'delete' }, type: 'planned_change' },
    { '@level': 'info', '@message': 'Plan: 0 to add, 0 to change, 1 to destroy.', '@module': 'terraform.ui', '@timestamp': '2026-01-05T10:00:01.000000Z', changes: { add: 0, change: 0, remove: 1, operation: 'plan' }, type: 'change_summary' },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n') + '\n',
);

// hashicorp/setup-terraform's wrapper (terraform_wrapper: true) adds lines around the JSON.
write(
  inputs,
  'setup-terraform-wrapper.json',
  `[command]/home/runner/work/_temp/terraform-bin show -json tfplan\n${JSON.stringify(SMALL_PLAN)}\n::debug::Terraform exited with code 0.\n::debug::stdout: ${'{'}...\n::set-output name=exitcode::0\n`,
);

// A binary plan file (what `terraform plan -out` writes): a zip archive. Built by hand, stored
// (uncompressed) entries, so the bytes are reproducible.
write(
  inputs,
  'binary-plan.tfplan',
  zip([
    ['tfplan', Buffer.from('\x08\x01\x12\x05prod\x1a\x00', 'latin1')],
    ['tfstate', Buffer.from('{"version":4,"serial":3,"lineage":"00000000-0000-4000-8000-000000000000","resources":[]}\n')],
    ['tfconfig/m-/main.tf', Buffer.from('resource "aws_s3_bucket" "reports" {\n  bucket = "acme-reports"\n}\n')],
  ]),
);

function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function crc32(data) {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
