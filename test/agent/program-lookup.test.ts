/**
 * Terraform run under a name tf-plan-guard does not know by itself: a `tf` symlink or copy on
 * PATH, a wrapper script, an alias or function of the agent's shell (not on PATH at all), and
 * package scripts (`npm run destroy`) whose text runs it. The guard looks each up, reads scripts
 * (never runs them), and plans what they run or asks. A fake `terraform` that records its
 * arguments stands in for the real one; it never plans, so every run here ends in an objection
 * saying why, or in none when nothing runs Terraform.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { objectionsTo } from '../../src/agent/claude-code-hook.js';
import { fixedPolicy } from '../../src/agent/policy-source.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';

const root = mkdtempSync(join(tmpdir(), 'tfpg-lookup-'));
const bin = join(root, 'bin');
const project = join(root, 'app');
const plain = join(root, 'notes');
const calls = join(root, 'calls.log');
mkdirSync(bin);
mkdirSync(project);
mkdirSync(plain);
// A terraform that records how it was called and fails, so the guard asks "could not check its plan".
writeFileSync(join(bin, 'terraform'), `#!/bin/sh\necho "$0 $*" >> ${calls}\necho "Error: fake terraform" >&2\nexit 1\n`);
chmodSync(join(bin, 'terraform'), 0o755);
symlinkSync(join(bin, 'terraform'), join(bin, 'tf'));
copyFileSync(join(bin, 'terraform'), join(bin, 'tfcopy'));
chmodSync(join(bin, 'tfcopy'), 0o755);
writeFileSync(join(bin, 'deploy-infra'), '#!/bin/sh\nexec terraform "$@"\n');
chmodSync(join(bin, 'deploy-infra'), 0o755);
writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\necho applied\n');
chmodSync(join(bin, 'kubectl'), 0o755);
writeFileSync(join(project, 'main.tf'), 'resource "terraform_data" "x" {}\n');
writeFileSync(
  join(project, 'package.json'),
  JSON.stringify({
    scripts: { test: 'vitest run', build: 'tsc', destroy: 'terraform destroy -auto-approve', predeploy: 'npm run build', deploy: 'cd . && terraform apply -auto-approve', nuke: 'npm run destroy', wipe: 'bash ./wipe.sh', loop: 'npm run loop' },
  }),
);
// What npm, yarn, pnpm and bun append to a script (audit 3, F7): a plain apply that the words after it turn into a destroy.
const appended = join(root, 'appended');
mkdirSync(appended);
writeFileSync(join(appended, 'main.tf'), 'resource "terraform_data" "x" {}\n');
writeFileSync(join(appended, 'package.json'), JSON.stringify({ scripts: { up: 'terraform apply', test: 'terraform apply', start: 'terraform apply', prerel: 'terraform apply', rel: 'echo released', chain: 'terraform init && terraform apply', again: 'npm run up --' } }));
// A monorepo (audit 4b, G1): the root's d4 is harmless, the infra workspace's destroys; infra has a
// terraform of its own in node_modules/.bin, which is not the one on PATH.
const mono = join(root, 'mono');
const monoInfra = join(mono, 'infra');
mkdirSync(join(monoInfra, 'node_modules', '.bin'), { recursive: true });
writeFileSync(join(mono, 'package.json'), JSON.stringify({ name: 'mono', private: true, workspaces: ['infra'], scripts: { d4: 'echo hi', build: 'tsc' } }));
writeFileSync(join(monoInfra, 'package.json'), JSON.stringify({ name: 'infra', scripts: { d4: 'terraform destroy', build: 'echo built' } }));
writeFileSync(join(monoInfra, 'main.tf'), 'resource "terraform_data" "x" {}\n');
writeFileSync(join(monoInfra, 'node_modules', '.bin', 'terraform'), '#!/bin/sh\necho local\n');
chmodSync(join(monoInfra, 'node_modules', '.bin', 'terraform'), 0o755);
writeFileSync(join(project, 'wipe.sh'), '#!/bin/sh\nterraform destroy -auto-approve\n');
symlinkSync(join(bin, 'terraform'), join(project, 'tf-local'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SETTINGS = { policyFor: () => fixedPolicy(DEFAULT_POLICY), budgetMs: 10_000, path: bin };

async function reasons(line: string, cwd = project): Promise<string> {
  return (await objectionsTo(line, cwd, SETTINGS)).flatMap((objection) => objection.reason).join('\n');
}

beforeEach(() => writeFileSync(calls, ''));

describe('Terraform under another name', () => {
  it.each([
    ['tf apply -auto-approve', /`tf \(terraform\) apply -auto-approve` in .* could not check its plan: `tf plan` failed: fake terraform/],
    ['tfcopy destroy', /`tfcopy \(terraform\) destroy` in .* could not check its plan/],
    ['./tf-local destroy', /could not check its plan/],
    ['deploy-infra apply', /names Terraform/],
    ['tfx apply', /not on PATH: it may be an alias or a shell function/],
    ['alias tf2=terraform; tf2 apply', /not on PATH: it may be an alias or a shell function/],
    ['tf3() { terraform "$@"; }; tf3 destroy', /only known when the shell expands it|not on PATH/],
  ])('%s: planned as Terraform, or asked about', async (line, why) => {
    expect(await reasons(line)).toMatch(why);
  });

  it('plans a symlink through the same program, by the name it was run by', async () => {
    await reasons('tf apply -auto-approve');
    expect(readFileSync(calls, 'utf8')).toMatch(/\/bin\/tf plan -input=false/);
  });

  it.each([['kubectl apply -f deploy.yaml'], ['tfx apply']])('%s elsewhere, or a program that is not Terraform, is left alone', async (line) => {
    expect(await reasons(line, line.startsWith('kubectl') ? project : plain)).toBe('');
  });
});

describe('package scripts', () => {
  it.each([
    ['npm run destroy', /`npm run destroy → terraform destroy -auto-approve` in .*app destroys infrastructure/],
    ['npm run-script destroy', /`npm … destroy → terraform destroy/],
    ['yarn destroy', /`yarn destroy → terraform destroy/],
    ['pnpm run deploy', /`pnpm run deploy → terraform apply -auto-approve` in .*app applies/],
    ['bun run nuke', /`bun run … \(script "nuke"\) → npm run destroy → terraform destroy/],
    ['npm run wipe', /wipe\.sh names Terraform/],
    ['cd app && npm run destroy', /npm run destroy → terraform destroy/],
    ['npm run loop', /too deeply to follow/],
  ])('%s: reads the script and plans or asks about what it runs', async (line, why) => {
    expect(await reasons(line, line.startsWith('cd app') ? root : project)).toMatch(why);
  });

  it.each([['npm test'], ['npm run build'], ['yarn install'], ['pnpm add zod'], ['npm run missing']])('%s runs no Terraform: no objection', async (line) => {
    expect(await reasons(line)).toBe('');
  });

  it.each([
    ['npm run up -- -destroy -auto-approve', 'terraform apply -destroy -auto-approve', 'plan -input=false .*-destroy'],
    ['npm run up -- -replace=terraform_data.x -auto-approve', 'terraform apply -replace=… -auto-approve', 'plan -input=false .*-replace=terraform_data.x'],
    ['npm run-script up -- -destroy', 'terraform apply -destroy', '-destroy'],
    ['npm test -- -destroy', 'terraform apply -destroy', '-destroy'],
    ['npm t -- -destroy', 'terraform apply -destroy', '-destroy'],
    ['npm start -- -destroy', 'terraform apply -destroy', '-destroy'],
    ['yarn up -destroy', 'terraform apply -destroy', '-destroy'],
    ['yarn run up -- -destroy', 'terraform apply -destroy', '-destroy'],
    ['pnpm up -destroy', 'terraform apply -destroy', '-destroy'],
    ['pnpm run up -destroy', 'terraform apply -destroy', '-destroy'],
    ['bun run up -destroy', 'terraform apply -destroy', '-destroy'],
    ['bun up -destroy', 'terraform apply -destroy', '-destroy'],
    ['npm run chain -- -destroy', 'terraform apply -destroy', '-destroy'],
    ['npm run again -- -destroy', 'npm run up -- -destroy → terraform apply -destroy', '-destroy'],
  ])('%s: the words the package manager appends reach the script, and are planned (audit 3, F7)', async (line, shown, planned) => {
    const escaped = shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(await reasons(line, appended)).toMatch(new RegExp(`→ ${escaped}\` in .* (?:destroys|applies) infrastructure`));
    expect(readFileSync(calls, 'utf8')).toMatch(new RegExp(planned));
  });

  it('npm keeps its own options before `--` (checked with npm 11) and passes the words after it', async () => {
    expect(await reasons('npm run up --silent -- -destroy', appended)).toMatch(/→ terraform apply -destroy` in .* destroys/);
    expect(await reasons('npm run up -destroy', appended)).toMatch(/→ terraform apply` in .* applies/);
  });

  it('npm options that take a value keep it: the word after one is not passed (audit 4b, G1)', async () => {
    expect(await reasons('npm run up --loglevel warn -- -destroy', appended)).toMatch(/→ terraform apply -destroy` in .* destroys/);
    expect(await reasons('npm --loglevel silent run up -- -destroy', appended)).toMatch(/→ terraform apply -destroy` in .* destroys/);
  });

  it.each([['npm run up --logl warn -- -auto-approve'], ['npm run up -- $EXTRA'], ['yarn up "$@"']])('%s: which words reach the script is not known: asked about', async (line) => {
    expect(await reasons(line, appended)).toMatch(/→ terraform apply …` may run a Terraform apply or destroy, but some of its options are only known/);
  });

  it('the words go to the script asked for, not to its pre-script', async () => {
    expect(await reasons('npm run rel -- -destroy', appended)).toMatch(/→ terraform apply` in .* applies/);
    expect(readFileSync(calls, 'utf8')).not.toMatch(/-destroy/);
  });

  it('the script runs in the directory of its package.json, found from a subdirectory', async () => {
    mkdirSync(join(project, 'src'), { recursive: true });
    expect(await reasons('npm run destroy', join(project, 'src'))).toMatch(new RegExp(`in ${project} destroys`));
  });
});

describe('package managers that select another package or directory (audit 4b, G1)', () => {
  it.each([
    ['npm --prefix infra run d4'],
    ['npm run d4 --prefix infra'],
    ['npm -w infra run d4'],
    ['npm --workspace=infra run d4'],
    ['npm run d4 --workspaces'],
    ['npm run d4 -ws'],
    ['pnpm -C infra d4'],
    ['pnpm --dir infra run d4'],
    ['pnpm --filter infra d4'],
    ['pnpm -r d4'],
    ['yarn --cwd infra d4'],
    ['yarn workspace infra d4'],
    ['yarn workspaces foreach run d4'],
    ['bun --cwd infra run d4'],
    ['bun --filter infra run d4'],
  ])('%s: the script of the package it selects is read and planned', async (line) => {
    expect(await reasons(line, mono)).toMatch(new RegExp(`→ terraform destroy\` in ${monoInfra} destroys infrastructure`));
  });

  it.each([['npm run d4'], ['npm -w infra run build'], ['yarn workspace infra build'], ['pnpm -r build'], ['npm --prefix infra run build']])('%s: no package it selects runs Terraform: no objection', async (line) => {
    expect(await reasons(line, mono)).toBe('');
  });

  it('which script runs is not known after an option the guard does not know: asked about where scripts name Terraform', async () => {
    expect(await reasons('pnpm --some-option x d4', monoInfra)).toMatch(/which script it runs is not known/);
    expect(await reasons('pnpm --some-option x build', mono)).toBe('');
    // With a workspace selector, every package it may select counts.
    expect(await reasons('npm -w infra --pref x run d4', mono)).toMatch(/which script it runs is not known .* a package it may run name Terraform/);
    expect(await reasons('yarn workspaces foreach -A --since main run d4', mono)).toMatch(/which script it runs is not known/);
  });

  it.each([['npx terraform destroy'], ['yarn terraform destroy'], ['pnpm terraform destroy'], ['bun x terraform destroy']])('%s: the terraform in node_modules/.bin runs, not the one on PATH: asked about (G3)', async (line) => {
    expect(await reasons(line, monoInfra)).toMatch(/runs .*node_modules\/\.bin\/terraform, which is not the terraform tf-plan-guard plans with/);
  });

  it('yarn X with no script X and no such program runs nothing Terraform', async () => {
    expect(await reasons('yarn eslint .', monoInfra)).toBe('');
  });
});
