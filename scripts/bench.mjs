// Measures the command-line analysis on large synthetic plans and on the whole shared corpus:
// wall time and peak memory (max RSS) of `node dist/cli.js analyze`, each in a fresh process.
// Usage: npm run bench [-- --sizes 1000,10000,50000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.js');
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,50000' }, child: { type: 'string' } } });

if (values.child) {
  // In the measured process: run the CLI in-process, then report time and peak memory.
  const started = performance.now();
  const { runCli } = await import(cli);
  const sink = { write: () => true, isTTY: false };
  const args = JSON.parse(values.child);
  const code = runCli(args, { stdout: sink, stderr: process.stderr, stdinIsTTY: true, readStdin: () => new Uint8Array(), env: {}, cwd: root });
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ code, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

function measure(args) {
  const result = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', JSON.stringify(args)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

function syntheticPlan(count) {
  const resourceChanges = [];
  const priorResources = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 10;
    const type = ['aws_instance', 'aws_s3_bucket', 'aws_db_instance', 'aws_security_group', 'aws_iam_policy'][i % 5];
    const address = `module.m${i % 50}.${type}.r${i}`;
    const before = { id: `id-${i}`, name: `resource-${i}`, tags: { Environment: 'staging', Index: String(i) }, password: `secret-${i}`, blob: 'x'.repeat(400) };
    const after = kind === 0 ? null : { ...before, name: kind === 1 ? `renamed-${i}` : before.name };
    const actions = kind === 0 ? ['delete'] : kind === 1 ? ['delete', 'create'] : kind < 5 ? ['update'] : ['no-op'];
    resourceChanges.push({
      address, module_address: `module.m${i % 50}`, mode: 'managed', type, name: `r${i}`, provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions, before, after, after_unknown: {}, before_sensitive: { password: true }, after_sensitive: after ? { password: true } : false,
        replace_paths: kind === 1 ? [['name']] : undefined },
      action_reason: kind === 1 ? 'replace_because_cannot_update' : undefined,
    });
    priorResources.push({ address, mode: 'managed', type, name: `r${i}`, values: before, sensitive_values: { password: true } });
  }
  return { format_version: '1.2', terraform_version: '1.11.4', resource_changes: resourceChanges, planned_values: { root_module: {} },
    prior_state: { format_version: '1.0', values: { root_module: { resources: priorResources } } } };
}

const dir = mkdtempSync(join(tmpdir(), 'tfpg-bench-'));
try {
  const rows = [];
  for (const size of values.sizes.split(',').map(Number)) {
    const file = join(dir, `plan-${size}.json`);
    writeFileSync(file, JSON.stringify(syntheticPlan(size)));
    const mib = statSync(file).size / 2 ** 20;
    for (const format of ['json', 'markdown']) {
      const r = measure(['analyze', file, '--format', format, '--block-on', 'none']);
      rows.push({ input: `${size} changes (${mib.toFixed(1)} MiB)`, format, ms: r.ms.toFixed(0), maxRssMiB: r.maxRssMiB.toFixed(0) });
    }
  }
  const corpus = join(root, '../shared/corpus');
  try {
    const files = readdirSync(corpus).filter((name) => name.endsWith('.json')).map((name) => join(corpus, name));
    const r = measure(['analyze', ...files, '--format', 'json', '--block-on', 'none']);
    rows.push({ input: `shared corpus (${files.length} plans in one run)`, format: 'json', ms: r.ms.toFixed(0), maxRssMiB: r.maxRssMiB.toFixed(0) });
  } catch {
    rows.push({ input: 'shared corpus: not found beside the repo', format: '-', ms: '-', maxRssMiB: '-' });
  }
  console.table(rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
