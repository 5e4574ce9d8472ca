/**
 * Forms audit 6a found the guard could not be sure of, each answered by a person (a non-clear
 * assessment), next to the nearby safe forms that stay silent. No Terraform runs here: the
 * program the guard would plan with does not exist, so anything it would run is "not planned".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessCommandLine, type GuardOptions } from '../../src/agent/guard.js';

const OPTIONS: GuardOptions = {
  policyFor: () => { throw new Error('nothing is planned here'); },
  budgetMs: 5000,
  programs: { terraform: '/nonexistent/terraform', tofu: '/nonexistent/tofu', terragrunt: '/nonexistent/terragrunt' },
};

const root = mkdtempSync(join(tmpdir(), 'tfpg-unsure-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(tree: Record<string, string>): void {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

async function asked(line: string, where = ''): Promise<string[]> {
  const assessments = await assessCommandLine(line, join(root, where), OPTIONS);
  return assessments.filter((a) => a.outcome !== 'clear').flatMap((a) => a.reason);
}

files({
  'mono/package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['infra'], scripts: { d4: 'echo hi', build: 'echo built' } }),
  'mono/infra/package.json': JSON.stringify({ name: 'infra', scripts: { d4: 'terraform destroy', build: 'echo built' } }),
  'mono/infra/main.tf': 'resource "terraform_data" "db" {}\n',
  'bom/package.json': `\uFEFF${JSON.stringify({ scripts: { d4: 'terraform destroy', lint: 'eslint .' } })}`,
  'big/package.json': JSON.stringify({ scripts: { d4: 'terraform destroy' }, padding: 'x'.repeat(5 * 1024 * 1024) }),
  'yaml/package.yaml': 'scripts:\n  d4: terraform destroy\n',
  'broken/package.json': '{ "scripts": { "d4": "terraform destroy", } }',
});

describe('a package manifest the guard cannot read is never "no such script" (audit 6a, A13)', () => {
  it('a package.json with a byte order mark is read as npm reads it', async () => {
    expect(await asked('npm run d4', 'bom')).not.toEqual([]);
    expect(await asked('npm run lint', 'bom')).toEqual([]);
  });
  it.each([
    ['npm run d4', 'big'],
    ['pnpm run d4', 'yaml'],
    ['npm run d4', 'broken'],
    ['yarn d4', 'broken'],
  ])('%s in %s: asked, naming the file it cannot read', async (line, where) => {
    expect((await asked(line, where)).join('\n')).toMatch(/cannot read/);
  });
});

describe('option spellings that select another package or directory (audit 6a, A1 and A4)', () => {
  files({
    'mono/infra/Makefile': 'deploy:\n\tterraform destroy -auto-approve\n',
    'mono/web/Makefile': 'deploy:\n\techo built\n',
    'mono/deploy.mk': 'deploy:\n\tterraform apply\n',
  });
  it.each([
    'npm -sw infra run d4',
    'npm -qw infra run d4',
    'npm run d4 -sw infra',
    'npm -w=infra run d4',
    'npm run d4 -w=infra',
    'npm --prefi infra run d4',
    'npm run d4 --prefi infra',
    'pnpm -rs d4',
    'pnpm -sr d4',
    'pnpm -sC infra d4',
    'yarn workspaces foreach -A run d4',
    'yarn workspaces foreach -Apt run d4',
    'make -sC infra',
    'make -kC infra deploy',
    'make -sCinfra deploy',
    'make -sf deploy.mk deploy',
  ])('%s (from the root): asked', async (line) => {
    expect(await asked(line, 'mono')).not.toEqual([]);
  });
  it.each([
    'npm -sw infra run build',
    'npm -w=infra run build',
    'npm -s run d4',
    'pnpm -rs build',
    'yarn workspaces foreach -A run build',
    'make -sC web deploy',
    'make -kCweb deploy',
    'make -j4 -C web deploy',
  ])('%s (from the root): no answer', async (line) => {
    expect(await asked(line, 'mono')).toEqual([]);
  });
});

describe("a package manager's own command is not a script that hides its words (audit 6a, A12)", () => {
  it.each([
    'pnpm recursive exec terraform destroy',
    'pnpm recursive exec -- terraform destroy -auto-approve',
    'pnpm m exec terraform destroy',
    'pnpm recursive run d4',
    'pnpm m run d4',
    'pnpm multi d4',
    `yarn node -e "require('child_process').execSync('terraform -chdir=infra destroy -auto-approve')"`,
  ])('%s (from the root): asked', async (line) => {
    expect(await asked(line, 'mono')).not.toEqual([]);
  });
  it.each(['pnpm recursive run build', 'pnpm m exec echo hi', 'yarn node -e "console.log(1)"', 'pnpm install'])('%s (from the root): no answer', async (line) => {
    expect(await asked(line, 'mono')).toEqual([]);
  });
});

describe('a script given its words by xargs from a literal print (audit 6a, A3)', () => {
  files({ 'proj/run.sh': '#!/bin/sh\nexec "$@"\n', 'proj/main.tf': 'resource "terraform_data" "db" {}\n' });
  it.each([
    'echo terraform destroy -auto-approve | xargs ./run.sh',
    'echo destroy -auto-approve | xargs ./run.sh terraform',
    'printf "terraform\\ndestroy\\n-auto-approve\\n" | xargs ./run.sh',
  ])('%s: asked', async (line) => {
    expect((await asked(line, 'proj')).join('\n')).toMatch(/words that name Terraform/);
  });
  it.each(['echo hello | xargs ./run.sh', 'echo plan | xargs ./run.sh terraform', 'ls | xargs ./run.sh echo'])('%s: no answer', async (line) => {
    expect(await asked(line, 'proj')).toEqual([]);
  });
});
