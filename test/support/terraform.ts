/**
 * Real Terraform plans for tests: a throw-away working directory per scenario, driven by the
 * installed `terraform` with only its builtin provider (`terraform_data`), so nothing is downloaded.
 * The plan is then analyzed by the bundled CLI (`node dist/cli.js`), exactly as a user runs it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO_ROOT, 'dist', 'cli.js');

/** The policy every scenario analyzes with: `terraform_data` stands in for a database. */
export const POLICY_YAML = 'stateful:\n  include: [terraform_data]\n';

/** At most this many child processes (terraform or the CLI) run at once, across all scenarios. */
const MAX_PROCESSES = 3;

/** The installed Terraform's version, or null when there is no `terraform` on PATH. */
export const terraformVersion: string | null = detectTerraform();
export const hasTerraform = terraformVersion !== null;
if (!hasTerraform) console.warn('terraform not found on PATH: real-plan tests skipped');

function detectTerraform(): string | null {
  try {
    const output = execFileSync('terraform', ['version', '-json'], { env: terraformEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 });
    const version = (JSON.parse(output) as { terraform_version?: unknown }).terraform_version;
    return typeof version === 'string' ? version : null;
  } catch {
    return null;
  }
}

/**
 * The parent's environment without any TF_* setting that could steer Terraform elsewhere
 * (TF_WORKSPACE, TF_CLI_ARGS, TF_DATA_DIR…), plus: automation mode, no version check
 * (no network), and no CLI configuration file.
 */
function terraformEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('TF_')) env[key] = value;
  return { ...env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
}

/** Bundles dist/cli.js from the current sources, once per test file that calls it. */
export async function buildCli(): Promise<void> {
  await runProcess(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], REPO_ROOT, process.env);
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

let running = 0;
const waiting: (() => void)[] = [];

async function withProcessSlot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_PROCESSES) await new Promise<void>((wake) => waiting.push(wake));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runProcess(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return withProcessSlot(
    () =>
      new Promise<ProcessResult>((done, fail) => {
        execFile(file, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            fail(new Error(`${file} ${args.join(' ')} could not run: ${error.message}`));
            return;
          }
          done({ code: error ? (error.code as number) : 0, stdout, stderr });
        });
      }),
  );
}

/** A finding as the JSON report carries it (contract §3). */
export interface ReportFinding {
  ruleId: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  address: string | null;
  resourceType: string | null;
  actions: string[];
  message: string;
  remediation: string | null;
  details: string[];
  suppressed: { reason: string } | null;
}

export interface ActionCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  read: number;
  noop: number;
  forget: number;
  import: number;
  move: number;
}

export interface JsonReport {
  schemaVersion: number;
  blockOn: string;
  risk: string;
  blocking: boolean;
  fingerprint: string;
  plans: { name: string; terraformVersion: string | null; formatVersion: string | null; summary: ActionCounts; warnings: string[]; findings: ReportFinding[] }[];
}

/** One `resource_changes` entry, as far as these tests read it. */
export interface RawResourceChange {
  address: string;
  previous_address?: string;
  deposed?: string;
  action_reason?: string;
  change: { actions: string[]; replace_paths?: (string | number)[][]; importing?: unknown };
}

export interface RawPlan {
  terraform_version: string;
  resource_changes?: RawResourceChange[];
  prior_state?: { values?: { root_module?: { resources?: unknown[]; child_modules?: unknown[] } } };
}

export interface Analysis {
  exitCode: number;
  report: JsonReport;
  stderr: string;
}

/** A scratch Terraform working directory. Every step throws with Terraform's own output when it fails. */
export class TerraformDir {
  private constructor(readonly path: string) {}

  static async create(files: Record<string, string>): Promise<TerraformDir> {
    const dir = new TerraformDir(await mkdtemp(join(tmpdir(), 'tfpg-terraform-')));
    await dir.write(files);
    await writeFile(join(dir.path, 'policy.yml'), POLICY_YAML);
    return dir;
  }

  /** Writes (or overwrites) files relative to the directory, e.g. `main.tf`, `modules/store/main.tf`. */
  async write(files: Record<string, string>): Promise<void> {
    for (const [name, text] of Object.entries(files)) {
      const target = join(this.path, name);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  }

  async remove(name: string): Promise<void> {
    await unlink(join(this.path, name));
  }

  /** Runs `terraform ARGS` here; a non-zero exit is an error unless `allowFailure`. */
  async terraform(args: readonly string[], options: { allowFailure?: boolean } = {}): Promise<ProcessResult> {
    const result = await runProcess('terraform', [...args], this.path, terraformEnv());
    if (result.code !== 0 && !options.allowFailure) {
      throw new Error(`terraform ${args.join(' ')} exited ${result.code} in ${this.path}:\n${result.stderr}${result.stdout}`);
    }
    return result;
  }

  async init(): Promise<void> {
    await this.terraform(['init', '-input=false', '-no-color']);
  }

  async apply(flags: readonly string[] = [], options: { allowFailure?: boolean } = {}): Promise<ProcessResult> {
    return this.terraform(['apply', '-auto-approve', '-input=false', '-lock=false', '-no-color', ...flags], options);
  }

  /** `terraform plan -out=tfplan` then `terraform show -json tfplan > plan.json`; returns the plan JSON. */
  async plan(flags: readonly string[] = []): Promise<RawPlan> {
    await this.terraform(['plan', '-out=tfplan', '-input=false', '-lock=false', '-no-color', ...flags]);
    const shown = await this.terraform(['show', '-json', 'tfplan']);
    await writeFile(join(this.path, 'plan.json'), shown.stdout);
    return JSON.parse(shown.stdout) as RawPlan;
  }

  /** `node dist/cli.js analyze plan.json --format json --config policy.yml`, run from this directory. */
  async analyze(extraArgs: readonly string[] = []): Promise<Analysis> {
    const result = await runProcess(process.execPath, [CLI, 'analyze', 'plan.json', '--format', 'json', '--config', 'policy.yml', ...extraArgs], this.path, {
      ...process.env,
      NO_COLOR: '1',
    });
    if (result.code !== 0 && result.code !== 1) throw new Error(`tf-plan-guard exited ${result.code}:\n${result.stderr}`);
    return { exitCode: result.code, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
  }

  async dispose(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

export interface Scenario {
  /** The configuration applied first. */
  initial: Record<string, string>;
  /** What happens between the apply and the plan: change files, taint, delete the state… */
  change?: (dir: TerraformDir) => Promise<void>;
  /** Extra `terraform plan` flags, e.g. `-destroy` or `-replace=ADDRESS`. */
  planFlags?: readonly string[];
}

export interface ScenarioResult {
  plan: RawPlan;
  analysis: Analysis;
}

/** init, apply, change, plan, show -json, analyze; the directory is removed afterwards. */
export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const dir = await TerraformDir.create(scenario.initial);
  try {
    await dir.init();
    await dir.apply();
    await scenario.change?.(dir);
    const plan = await dir.plan(scenario.planFlags);
    const analysis = await dir.analyze();
    return { plan, analysis };
  } finally {
    await dir.dispose();
  }
}

/**
 * Counts the plan's actions independently of the product's own summary: each action list
 * Terraform writes maps to one bucket; moves and imports are counted on top of it.
 */
export function countActions(plan: RawPlan): ActionCounts {
  const counts: ActionCounts = { create: 0, update: 0, replace: 0, delete: 0, read: 0, noop: 0, forget: 0, import: 0, move: 0 };
  const buckets: Record<string, keyof ActionCounts> = {
    create: 'create',
    update: 'update',
    'delete,create': 'replace',
    'create,delete': 'replace',
    delete: 'delete',
    read: 'read',
    'no-op': 'noop',
    forget: 'forget',
  };
  for (const entry of plan.resource_changes ?? []) {
    const key = entry.change.actions.join(',');
    const bucket = buckets[key];
    if (!bucket) throw new Error(`countActions: action list [${key}] of ${entry.address} is not one these tests expect`);
    counts[bucket]++;
    if (entry.previous_address !== undefined && entry.previous_address !== entry.address) counts.move++;
    if (entry.change.importing !== undefined && entry.change.importing !== null) counts.import++;
  }
  return counts;
}

/** A finding reduced to what identifies it, for exact set comparisons. */
export interface FindingKey {
  ruleId: string;
  address: string | null;
  actions: string[];
}

function keyOf(finding: FindingKey): FindingKey {
  return { ruleId: finding.ruleId, address: finding.address, actions: [...finding.actions] };
}

function order(a: FindingKey, b: FindingKey): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

/** The findings of a one-plan report. */
export function findingsOf(report: JsonReport): ReportFinding[] {
  if (report.plans.length !== 1) throw new Error(`expected a one-plan report, got ${report.plans.length} plans`);
  return report.plans[0]!.findings;
}

/** stateful-delete and stateful-replace findings, sorted, reduced to rule, address and actions. */
export function statefulKeys(report: JsonReport): FindingKey[] {
  return findingsOf(report)
    .filter((finding) => finding.ruleId === 'stateful-delete' || finding.ruleId === 'stateful-replace')
    .map(keyOf)
    .sort(order);
}

/** Findings at or above high, sorted, reduced to rule, address and actions. */
export function highKeys(report: JsonReport): FindingKey[] {
  return findingsOf(report)
    .filter((finding) => finding.severity === 'critical' || finding.severity === 'high')
    .map(keyOf)
    .sort(order);
}

/** Sorts expected keys the same way, so tests can write them in any order. */
export function sortedKeys(keys: readonly FindingKey[]): FindingKey[] {
  return keys.map(keyOf).sort(order);
}
