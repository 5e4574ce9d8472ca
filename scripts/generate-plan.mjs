// Writes a synthetic `terraform show -json` plan of a chosen size, shaped like real ones: every
// top-level section, modules (nested and keyed as Terraform 1.11 writes them: test/terraform/generated-plan-layout.test.ts), nested blocks, long policy documents, sensitive masks, unknowns,
// deposed objects, moves, imports and a mix of every action. Written as it is generated, so a
// plan larger than memory could hold as a string costs no more memory than a small one.
// Deterministic: the same options give the same bytes.
// Usage: node scripts/generate-plan.mjs --out FILE (--resources N | --size 200MB) [--seed N]
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** Actions in proportion to a busy real plan: mostly no-op and update, some of everything else. */
const ACTION_MIX = [
  ['no-op'], ['no-op'], ['no-op'], ['update'], ['update'], ['create'], ['delete'],
  ['delete', 'create'], ['create', 'delete'], ['read'], ['forget'], ['no-op'],
];
const TYPES = ['aws_db_instance', 'aws_s3_bucket', 'aws_iam_policy', 'aws_security_group', 'aws_instance', 'aws_dynamodb_table', 'terraform_data'];
const MODULES = [null, 'module.network', 'module.data["eu"]', 'module.data["us"]', 'module.app[0].module.db'];

/** A small deterministic generator (mulberry32): the plan depends on the seed only. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resource `i` of the plan, the same every time it is asked for. */
function resource(i, seed) {
  const next = random(seed * 7919 + i);
  const type = TYPES[i % TYPES.length];
  const module = MODULES[i % MODULES.length];
  const name = `r${i}`;
  const index = i % 3 === 0 ? null : i % 3 === 1 ? i % 4 : `key-${i % 5}`;
  const indexText = index === null ? '' : typeof index === 'number' ? `[${index}]` : `[${JSON.stringify(index)}]`;
  const address = `${module ? `${module}.` : ''}${type}.${name}${indexText}`;
  const configAddress = `${module ? `${module.replace(/\[[^\]]*\]/g, '')}.` : ''}${type}.${name}`;
  const actions = type === 'terraform_data' && i % 2 === 0 ? ['read'] : ACTION_MIX[Math.floor(next() * ACTION_MIX.length)];
  const mode = actions[0] === 'read' ? 'data' : 'managed';
  const password = `pw-${i}-${Math.floor(next() * 1e9).toString(36)}-secret`;
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: Array.from({ length: 1 + Math.floor(next() * 4) }, (_, s) => ({
      Sid: `Statement${s}`,
      Effect: 'Allow',
      Action: s === 0 && i % 17 === 0 ? '*' : ['s3:GetObject', 's3:PutObject', 'kms:Decrypt', 'logs:PutLogEvents'].slice(0, 1 + (s % 4)),
      Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:kms:eu-west-1:123456789012:key/${i}-${s}`],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg', 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    })),
  });
  const before = {
    id: `${type}-${i}`,
    arn: `arn:aws:service:eu-west-1:123456789012:${type}/${name}`,
    name: `name-${i}`,
    password,
    deletion_protection: i % 5 !== 0,
    backup_retention_period: i % 7,
    policy,
    tags: { Environment: i % 4 === 0 ? 'production' : 'staging', Team: `team-${i % 9}`, 'kubernetes.io/role': 'internal' },
    ingress: [
      { from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: [i % 13 === 0 ? '0.0.0.0/0' : '10.0.0.0/8'], description: 'https', self: false },
      { from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: ['10.1.0.0/16'], description: 'postgres', self: false },
    ],
    server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: `key-${i}` }] }] }],
    description: 'ü✓ ' + 'x'.repeat(Math.floor(next() * 200)),
  };
  const sensitive = { password: true, tags: {}, ingress: [{}, {}], server_side_encryption_configuration: [{ rule: [{ apply_server_side_encryption_by_default: [{}] }] }] };
  const creating = actions.includes('create');
  const destroying = actions.includes('delete') || actions[0] === 'forget';
  const after = destroying && !creating ? null : { ...before, name: creating && destroying ? `renamed-${i}` : before.name, deletion_protection: i % 11 === 0 ? false : before.deletion_protection };
  if (after && creating) delete after.id;
  const change = {
    actions,
    before: actions[0] === 'create' && actions.length === 1 ? null : before,
    after,
    after_unknown: after ? (creating ? { id: true, arn: true, tags: {}, ingress: [{ cidr_blocks: [false] }, { cidr_blocks: [false] }] } : {}) : false,
    before_sensitive: actions[0] === 'create' && actions.length === 1 ? false : sensitive,
    after_sensitive: after ? sensitive : false,
  };
  if (creating && destroying) change.replace_paths = [['name']];
  if (i % 23 === 0 && actions[0] === 'no-op') change.importing = { id: `${type}-${i}` };
  const entry = changeEntry({
    address,
    previous_address: i % 29 === 0 && actions[0] === 'no-op' ? address.replace(name, `old_${name}`) : undefined,
    module_address: module ?? undefined,
    mode,
    type,
    name,
    index: index ?? undefined,
    change,
    action_reason: creating && destroying ? 'replace_because_cannot_update' : actions[0] === 'delete' && i % 3 === 0 ? 'delete_because_no_resource_config' : undefined,
  });
  const deposed = i % 31 === 0 ? 'a1b2c3d4' : null;
  return { i, type, module, name, index, address, configAddress, mode, actions, before, after, sensitive, entry, deposed, password };
}

/** A resource change (or drift) with its keys in the order Terraform writes them (jsonplan's ResourceChange). */
function changeEntry({ address, previous_address, module_address, mode, type, name, index, deposed, change, action_reason }) {
  return { address, previous_address, module_address, mode, type, name, index, provider_name: 'registry.terraform.io/hashicorp/aws', deposed, change, action_reason };
}

/** Writes text through a buffer of about a megabyte: few system calls, bounded memory. */
function bufferedWriter(sink) {
  let pending = [];
  let size = 0;
  let written = 0;
  const flush = () => {
    if (size === 0) return;
    const bytes = Buffer.from(pending.join(''), 'utf8');
    sink(bytes);
    written += bytes.length;
    pending = [];
    size = 0;
  };
  return {
    write(text) {
      pending.push(text);
      size += text.length;
      if (size > 1 << 20) flush();
    },
    end() {
      flush();
      return written;
    },
  };
}

const json = (value) => JSON.stringify(value);

/** Writes a JSON array of `count` items, each produced by `item(k)`, without holding them all. */
function writeArray(out, count, item) {
  if (!writeArrayIfAny(out, '', count, item)) out.write('[]');
}

/**
 * Writes `prefix` and a JSON array of the items `item(k)` gives, if it gives any (Terraform
 * leaves out an empty list of a module's resources); returns whether it wrote.
 */
function writeArrayIfAny(out, prefix, count, item) {
  let first = true;
  for (let k = 0; k < count; k++) {
    const value = item(k);
    if (value === undefined) continue;
    out.write(first ? `${prefix}[${json(value)}` : `,${json(value)}`);
    first = false;
  }
  if (!first) out.write(']');
  return !first;
}

/**
 * The modules as Terraform nests them in a state: each module instance under the one that calls
 * it (module.app[0].module.db under module.app[0], which holds no resources of its own), each
 * module's children in the order of their addresses.
 */
function moduleTree() {
  const root = { address: null, children: new Map() };
  for (const module of MODULES.slice(1)) {
    const calls = module.match(/module\.[^.[]+(?:\[[^\]]*\])?/g);
    let node = root;
    for (let depth = 1; depth <= calls.length; depth++) {
      const address = calls.slice(0, depth).join('.');
      if (!node.children.has(address)) node.children.set(address, { address, children: new Map() });
      node = node.children.get(address);
    }
  }
  return root;
}

/**
 * A state module (`prior_state.values.root_module`, `planned_values.root_module`) over resources
 * `0..count-1`, in Terraform's layout (jsonstate's module): `resources` (full addresses), then
 * `address` (none at the root), then `child_modules`, each left out when empty.
 */
function writeStateModule(out, count, seed, side) {
  const stateResource = (r, deposedKey) => {
    const values = side === 'prior' ? r.before : r.after;
    if (values === null || r.mode === 'data' && side === 'planned') return undefined;
    const item = { address: r.address, mode: r.mode, type: r.type, name: r.name, index: r.index ?? undefined, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 1, values, sensitive_values: r.sensitive };
    if (deposedKey) item.deposed_key = deposedKey;
    return item;
  };
  // Each resource, then its deposed object where it has one (in the prior state).
  const inModule = (module) => (k) => {
    const r = resource(Math.floor(k / 2), seed);
    if (r.module !== module) return undefined;
    if (k % 2 === 0) return stateResource(r);
    return side === 'prior' && r.deposed ? stateResource(r, r.deposed) : undefined;
  };
  const writeModule = (node) => {
    out.write('{');
    let written = writeArrayIfAny(out, '"resources":', count * 2, inModule(node.address));
    if (node.address !== null) {
      out.write(`${written ? ',' : ''}"address":${json(node.address)}`);
      written = true;
    }
    const children = [...node.children.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
    if (children.length > 0) {
      out.write(`${written ? ',' : ''}"child_modules":[`);
      children.forEach((child, c) => {
        if (c > 0) out.write(',');
        writeModule(child);
      });
      out.write(']');
    }
    out.write('}');
  };
  writeModule(moduleTree());
}

/** Writes the plan to the file descriptor `fd`; returns the number of bytes written. */
export function writePlan(fd, options) {
  return generatePlan((bytes) => {
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
  }, options);
}

/** Hands the plan's bytes to `sink` in pieces of about a megabyte; returns their total. */
export function generatePlan(sink, { resources, seed = 1 }) {
  const out = bufferedWriter(sink);
  out.write(`{"format_version":"1.2","terraform_version":"1.11.4","variables":${json({
    region: { value: 'eu-west-1' },
    environment: { value: 'production' },
    db_password: { value: `variable-secret-${seed}` },
    tags: { value: { Owner: 'platform', CostCentre: '4242' } },
  })},"planned_values":{"outputs":${json({ endpoint: { sensitive: false, type: 'string', value: 'db.example.internal' }, token: { sensitive: true, type: 'string', value: `output-token-${seed}` } })},"root_module":`);
  writeStateModule(out, resources, seed, 'planned');
  out.write('},"resource_drift":');
  writeArray(out, resources, (k) => (k % 97 === 5 ? changeEntry({ ...resource(k, seed).entry, change: { ...resource(k, seed).entry.change, actions: ['update'] } }) : undefined));
  out.write(',"resource_changes":');
  writeArray(out, resources * 2, (k) => {
    const r = resource(Math.floor(k / 2), seed);
    if (k % 2 === 0) return r.entry;
    if (!r.deposed) return undefined;
    return changeEntry({ ...r.entry, deposed: r.deposed, change: { ...r.entry.change, actions: ['delete'], after: null, after_unknown: false, after_sensitive: false } });
  });
  out.write(`,"output_changes":${json({
    endpoint: { actions: ['update'], before: 'old.example.internal', after: 'db.example.internal', after_unknown: false, before_sensitive: false, after_sensitive: false },
    token: { actions: ['no-op'], before: `output-token-${seed}`, after: `output-token-${seed}`, after_unknown: false, before_sensitive: true, after_sensitive: true },
  })},"prior_state":{"format_version":"1.0","terraform_version":"1.11.4","values":{"outputs":${json({ token: { sensitive: true, value: `output-token-${seed}`, type: 'string' } })},"root_module":`);
  writeStateModule(out, resources, seed, 'prior');
  out.write('}},"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","expressions":{"region":{"references":["var.region"]}}}},"root_module":{"variables":');
  out.write(json({ region: { default: 'eu-west-1' }, environment: {}, db_password: { sensitive: true, description: 'the database password' }, tags: {} }));
  const configResource = (r) => ({
    address: r.configAddress.replace(/^(module\.[^.]+\.)+/, ''),
    mode: r.mode,
    type: r.type,
    name: r.name,
    provider_config_key: 'aws',
    expressions: {
      name: { constant_value: `name-${r.i}` },
      password: { references: ['var.db_password'] },
      ...(r.i % 3 === 0 ? { deletion_protection: { constant_value: true } } : {}),
      ...(r.i % 5 === 0 ? { skip_final_snapshot: { constant_value: null } } : {}),
      ingress: [{ cidr_blocks: { constant_value: ['10.0.0.0/8'] }, from_port: { constant_value: 443 } }],
    },
    schema_version: 1,
    ...(r.index === null ? {} : { count_expression: { constant_value: 3 } }),
  });
  const configModule = (module) => (k) => {
    const r = resource(k, seed);
    return r.module === module && k % 2 === 0 ? configResource(r) : undefined;
  };
  out.write(',"resources":');
  writeArray(out, resources, configModule(null));
  // Module calls, nested as the instance addresses are (module.app[0].module.db).
  const callModule = (module) => {
    out.write('{"resources":');
    writeArray(out, resources, configModule(module));
    out.write('}');
  };
  out.write(',"module_calls":{"network":{"source":"./modules/network","module":');
  callModule('module.network');
  out.write('},"data":{"source":"./modules/data","for_each_expression":{"references":["var.regions"]},"module":');
  // Both instances of module.data share one configuration block: its resources are those of either instance.
  out.write('{"resources":');
  writeArray(out, resources, (k) => {
    const r = resource(k, seed);
    return (r.module === 'module.data["eu"]' || r.module === 'module.data["us"]') && k % 2 === 0 ? configResource(r) : undefined;
  });
  out.write('}},"app":{"source":"./modules/app","count_expression":{"constant_value":1},"module":{"module_calls":{"db":{"source":"./db","module":');
  callModule('module.app[0].module.db');
  out.write('}}}}}}},"relevant_attributes":[{"resource":"aws_db_instance.r0","attribute":["id"]}],"checks":[],"timestamp":"2026-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}\n');
  return out.end();
}

/** About how many resources make a plan of `bytes` bytes (scaled from a small plan's size). */
export function resourcesForSize(bytes, seed = 1) {
  const probe = 500;
  const probeBytes = generatePlan(() => {}, { resources: probe, seed });
  return Math.max(1, Math.round((bytes / probeBytes) * probe));
}

function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)\s*(|k|kb|m|mb|g|gb)$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text}`);
  const unit = { '': 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9 }[match[2].toLowerCase()];
  return Number(match[1]) * unit;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, resources: { type: 'string' }, size: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  if (!values.out || (!values.resources && !values.size)) {
    console.error('Usage: node scripts/generate-plan.mjs --out FILE (--resources N | --size 200MB) [--seed N]');
    process.exit(2);
  }
  const seed = Number(values.seed);
  const resources = values.resources ? Number(values.resources) : resourcesForSize(parseSize(values.size), seed);
  const fd = openSync(values.out, 'w');
  const bytes = writePlan(fd, { resources, seed });
  closeSync(fd);
  console.log(`${values.out}: ${resources} resources, ${(bytes / 2 ** 20).toFixed(1)} MiB`);
}
