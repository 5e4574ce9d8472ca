import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { CORPUS, corpusFiles, corpusPresent } from './support/corpus.js';

const RDS = 'fixtures/incidents/rds-delete-unprotected.json';
const ENGINE = 'fixtures/incidents/db-replace-engine-change.json';
const MOVED = 'fixtures/inputs/moved.json';
const INPUTS = 'fixtures/inputs';
const ANSI = /\u001b\[/;

interface RunOptions {
  stdin?: Uint8Array | string;
  stdinIsTTY?: boolean;
  isTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function run(args: string[], options: RunOptions = {}) {
  let stdout = '';
  let stderr = '';
  let stdinReads = 0;
  const code = runCli(args, {
    stdout: { write: (chunk: string) => ((stdout += chunk), true), isTTY: options.isTTY ?? false } as unknown as NodeJS.WritableStream,
    stderr: { write: (chunk: string) => ((stderr += chunk), true) } as unknown as NodeJS.WritableStream,
    stdinIsTTY: options.stdinIsTTY ?? options.stdin === undefined,
    readStdin: () => {
      stdinReads++;
      const input = options.stdin ?? '';
      return typeof input === 'string' ? new TextEncoder().encode(input) : input;
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr, stdinReads };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tfpg-cli-'));
}

describe('runCli: exit status', () => {
  it('0 when nothing reaches block-on', () => {
    const result = run(['analyze', MOVED]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.split('\n')[0]).toBe('tf-plan-guard: No dangerous changes');
  });

  it('1 when a change needs approval', () => {
    const result = run(['analyze', RDS]);
    expect(result).toMatchObject({ code: 1, stderr: '' });
    expect(result.stdout.split('\n')[0]).toMatch(/^tf-plan-guard: Needs approval: \d+ blocking changes? \(at or above high\)$/);
  });

  it('--block-on none never blocks; --block-on critical blocks only on critical findings', () => {
    expect(run(['analyze', RDS, '--block-on', 'none']).code).toBe(0);
    expect(run(['analyze', ENGINE, '--block-on', 'critical']).code).toBe(1);
    const dir = tempDir();
    writeFileSync(join(dir, 'high.yml'), 'rules:\n  stateful-delete: { severity: high }\n  deletion-protection-missing: { enabled: false }\n  backup-weakened: { enabled: false }\n');
    expect(run(['analyze', RDS, '--config', join(dir, 'high.yml'), '--block-on', 'critical']).code).toBe(0);
    expect(run(['analyze', RDS, '--config', join(dir, 'high.yml')]).code).toBe(1);
  });

  it('--block-on overrides the policy file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.yml'), 'block-on: none\n');
    expect(run(['analyze', RDS, '--config', join(dir, 'p.yml')]).code).toBe(0);
    expect(run(['analyze', RDS, '--config', join(dir, 'p.yml'), '--block-on', 'high']).code).toBe(1);
  });
});

describe('runCli: bad input exits 2 with one or two plain lines naming the file', () => {
  it.each([
    ['binary-plan.tfplan', 'this is a binary plan file (a zip), not JSON'],
    ['text-plan-output.txt', 'this is the text output of `terraform plan`, not JSON'],
    ['terraform-state.json', 'this is a Terraform state file'],
    ['show-json-state.json', 'this is a Terraform state file'],
    ['empty.json', 'the file is empty'],
    ['whitespace.json', 'the file holds only white space'],
    ['truncated.json', 'the JSON is truncated: it stops at line 34, column 28'],
    ['not-a-plan.json', 'this JSON is not a Terraform plan'],
    ['format-2.0.json', 'plan format_version 2.0 is not supported'],
    ['plan-json-stream.json', 'this is the streamed log of `terraform plan -json`'],
    ['setup-terraform-wrapper.json', "this is the output of hashicorp/setup-terraform's wrapper"],
    ['no-such-file.json', 'no such file'],
  ])('%s', (file, fragment) => {
    const result = run(['analyze', `${INPUTS}/${file}`]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(`tf-plan-guard: ${INPUTS}/${file}: ${fragment}`)).toBe(true);
    expect(result.stderr.endsWith('\n')).toBe(true);
    expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    expect(result.stderr).not.toContain('    at ');
  });

  it('stops at the first bad plan of several, naming it', () => {
    const result = run(['analyze', RDS, `${INPUTS}/empty.json`]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(`tf-plan-guard: ${INPUTS}/empty.json: the file is empty (did \`terraform show -json\` fail?)\n`);
  });
});

describe('runCli: reading plans', () => {
  const rdsBytes = readFileSync(RDS);

  it('reads standard input for `-`', () => {
    const result = run(['analyze', '-', '--format', 'json'], { stdin: rdsBytes, stdinIsTTY: false });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).plans.map((p: { name: string }) => p.name)).toEqual(['(stdin)']);
  });

  it('reads standard input when no PLAN is given and stdin is not a terminal', () => {
    const result = run(['analyze', '--format', 'json'], { stdin: readFileSync(`${INPUTS}/utf16le-bom.json`), stdinIsTTY: false });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).plans[0].summary.delete).toBe(1);
  });

  it('asks for a plan when none is given and stdin is a terminal', () => {
    const result = run(['analyze'], { stdinIsTTY: true });
    expect(result).toMatchObject({ code: 2, stdout: '', stdinReads: 0 });
    expect(result.stderr).toBe('tf-plan-guard: no plan given\nUsage: tf-plan-guard analyze [PLAN ...] [--config FILE] [--format text|markdown|json|sarif]\n');
  });

  it('names bad standard input (stdin)', () => {
    const result = run(['analyze', '-'], { stdin: '', stdinIsTTY: false });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('tf-plan-guard: (stdin): the file is empty (did `terraform show -json` fail?)\n');
  });

  it('analyzes several plans into one report, one section each', () => {
    const result = run(['analyze', RDS, MOVED, '-', '--format', 'json'], { stdin: readFileSync(ENGINE), stdinIsTTY: false });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.plans.map((p: { name: string }) => p.name)).toEqual([RDS, MOVED, '(stdin)']);
    expect(report.plans[2].summary.replace).toBe(1);
    const text = run(['analyze', RDS, MOVED]).stdout;
    expect(text).toContain(`\n${RDS} (Terraform 1.11.4, format 1.2)\n`);
    expect(text).toContain(`\n${MOVED} (Terraform 1.9.8, format 1.2)\n`);
  });

  it('refuses to read standard input twice', () => {
    const result = run(['analyze', '-', '-'], { stdin: rdsBytes, stdinIsTTY: false });
    expect(result).toMatchObject({ code: 2, stderr: 'tf-plan-guard: standard input (-) can be read only once\n' });
  });
});

describe('runCli: policy', () => {
  it('an explicit --config that does not exist is an error', () => {
    const result = run(['analyze', RDS, '--config', 'no/such/policy.yml']);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'tf-plan-guard: no/such/policy.yml: policy file not found or unreadable\n' });
  });

  it('an invalid policy file is an error naming the key path', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.yml'), 'rules:\n  stateful-delete: { severty: high }\n');
    const result = run(['analyze', RDS, '--config', join(dir, 'p.yml')]);
    expect(result).toMatchObject({ code: 2, stderr: `tf-plan-guard: ${join(dir, 'p.yml')}: unknown key "rules.stateful-delete.severty" in the policy file\n` });
  });

  it('picks up .github/tf-plan-guard.yml from the working directory', () => {
    const dir = tempDir();
    expect(run(['analyze', join(process.cwd(), RDS)], { cwd: dir }).code).toBe(1);
    mkdirSync(join(dir, '.github'));
    writeFileSync(join(dir, '.github', 'tf-plan-guard.yml'), 'ignore:\n  - address: "**"\n    reason: the orders database is being retired\n');
    const result = run(['analyze', join(process.cwd(), RDS)], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Suppressed by the policy');
    expect(result.stdout).toContain('the orders database is being retired');
  });
});

describe('runCli: output', () => {
  it('--output writes the report to a file and nothing to stdout', () => {
    const dir = tempDir();
    const out = join(dir, 'report.md');
    const result = run(['analyze', RDS, '--format', 'markdown', '--output', out], { isTTY: true });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: '' });
    const written = readFileSync(out, 'utf8');
    expect(written.startsWith('### ⛔ Destroys 1 DB instance (`aws_db_instance.orders`, acme-prod-orders)\n\n**Needs approval: 1 blocking change')).toBe(true);
    expect(written).not.toMatch(ANSI);
  });

  it('--output into a missing directory is an error', () => {
    const result = run(['analyze', RDS, '--output', '/nonexistent-dir/tfpg/report.txt']);
    expect(result).toMatchObject({ code: 2, stderr: 'tf-plan-guard: /nonexistent-dir/tfpg/report.txt: cannot write the report there\n' });
  });

  it('colours text only on a terminal, and never with NO_COLOR or TERM=dumb', () => {
    expect(run(['analyze', RDS], { isTTY: true }).stdout).toMatch(ANSI);
    expect(run(['analyze', RDS], { isTTY: false }).stdout).not.toMatch(ANSI);
    expect(run(['analyze', RDS], { isTTY: true, env: { NO_COLOR: '1' } }).stdout).not.toMatch(ANSI);
    expect(run(['analyze', RDS], { isTTY: true, env: { TERM: 'dumb' } }).stdout).not.toMatch(ANSI);
    // no-color.org: an empty NO_COLOR does not count.
    expect(run(['analyze', RDS], { isTTY: true, env: { NO_COLOR: '' } }).stdout).toMatch(ANSI);
    expect(run(['analyze', RDS, '--format', 'markdown'], { isTTY: true }).stdout).not.toMatch(ANSI);
  });

  it('--format json writes the contract report', () => {
    const report = JSON.parse(run(['analyze', RDS, '--format', 'json']).stdout);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'blockOn', 'risk', 'blocking', 'fingerprint', 'plans']);
  });
});

describe('runCli: usage', () => {
  it('--help prints the usage and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const result = run([flag]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.startsWith('Usage: tf-plan-guard analyze [PLAN ...]')).toBe(true);
      expect(result.stdout).toContain('Exit status: 0 nothing at or above block-on; 1 a change needs a human');
    }
    expect(run(['analyze', '--help']).code).toBe(0);
  });

  it('--version prints the version', () => {
    expect(run(['--version'])).toMatchObject({ code: 0, stdout: '0.0.0-dev\n' });
  });

  it.each([
    [['analyze', RDS, '--frobnicate'], /^tf-plan-guard: Unknown option '--frobnicate'/],
    [['analyze', RDS, '--format', 'html'], /^tf-plan-guard: --format must be one of text, markdown, json, sarif \(got "html"\)\n$/],
    [['analyze', RDS, '--block-on', 'severe'], /^tf-plan-guard: --block-on must be one of critical, high, medium, low, info, none \(got "severe"\)\n$/],
    [['analyse', RDS], /^tf-plan-guard: unknown command "analyse" \(the commands are: analyze, hook, apply, install\)\n$/],
    [[], /^tf-plan-guard: missing command\nUsage: /],
    [['analyze', RDS, '--config'], /^tf-plan-guard: Option '--config <value>' argument missing/],
  ])('%j exits 2', (args, message) => {
    const result = run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('the built bundle: node dist/cli.js', () => {
  beforeAll(() => {
    // Rebuild when a source is newer than the bundle (a global setup may already have built it).
    const bundle = 'dist/cli.js';
    const newest = (dir: string): number =>
      Math.max(...readdirSync(dir, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newest(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs)));
    if (!existsSync(bundle) || statSync(bundle).mtimeMs < newest('src')) {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
    }
  });

  const cli = (args: string[], input?: Buffer | string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['dist/cli.js', ...args], { input, encoding: 'utf8', env: { ...process.env, ...env } });

  it('runs the README\'s example: npm run example succeeds exactly on the blocking verdict', () => {
    const result = spawnSync('npm', ['run', '-s', 'example'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^tf-plan-guard: Needs approval: 1 blocking change/);
  });

  it('exits 0, 1 and 2', () => {
    expect(cli(['analyze', MOVED]).status).toBe(0);
    const blocked = cli(['analyze', RDS]);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain('aws_db_instance.orders');
    const bad = cli(['analyze', `${INPUTS}/truncated.json`]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(`tf-plan-guard: ${INPUTS}/truncated.json: the JSON is truncated: it stops at line 34, column 28 before the plan is complete\n`);
  });

  it('runs as the main module even when VITEST is set in its environment', () => {
    expect(cli(['analyze', RDS], undefined, { VITEST: 'true' }).status).toBe(1);
  });

  it('reads a piped plan with `-` and with no PLAN', () => {
    const bytes = readFileSync(`${INPUTS}/utf16be-bom.json`);
    for (const args of [['analyze', '-', '--format', 'json'], ['analyze', '--format', 'json']]) {
      const result = cli(args, bytes);
      expect(result.status).toBe(1);
      expect(JSON.parse(result.stdout).plans[0]).toMatchObject({ name: '(stdin)', summary: { delete: 1 } });
    }
  });

  it('prints no colour into a pipe, help on --help, and exits 2 on an unknown flag', () => {
    expect(cli(['analyze', RDS]).stdout).not.toMatch(ANSI);
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout.startsWith('Usage: tf-plan-guard analyze')).toBe(true);
    const version = cli(['--version']);
    expect(version.stdout).toBe(`${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
    const unknown = cli(['analyze', RDS, '--nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^tf-plan-guard: Unknown option '--nope'/);
    expect(unknown.stderr).not.toContain('    at ');
  });

  it.skipIf(!corpusPresent)('stops quietly, keeping its exit status, when the reader closes the pipe early (| head)', async () => {
    const corpus = corpusFiles().filter((file) => file.endsWith('.json')).map((file) => join(CORPUS, file));
    const child = spawn(process.execPath, ['dist/cli.js', 'analyze', ...corpus, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });

  it('writes --output and reports a bad binary plan plainly', () => {
    const out = join(tempDir(), 'report.json');
    expect(cli(['analyze', ENGINE, '--format', 'json', '--output', out]).status).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).plans[0].summary.replace).toBe(1);
    const zip = cli(['analyze', `${INPUTS}/binary-plan.tfplan`]);
    expect(zip.status).toBe(2);
    expect(zip.stderr).toBe(`tf-plan-guard: ${INPUTS}/binary-plan.tfplan: this is a binary plan file (a zip), not JSON. Convert it first: terraform show -json PLANFILE > plan.json\n`);
  });
});
