import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRecipes, runnerConcern } from '../../src/agent/runners.js';
import { recognizeTerraformCommands, type RunnerIntent } from '../../src/agent/terraform-commands.js';

const MAKEFILE = [
  'TF ?= terraform',
  '.PHONY: test destroy deploy',
  'test: lint',
  '\tnpm test',
  'lint:',
  '\teslint .',
  'deploy: plan',
  '\t$(TF) apply tfplan',
  'plan:',
  '\tterraform plan -out=tfplan',
  'destroy:',
  '\tcd infra && terraform destroy -auto-approve',
  '',
].join('\n');

describe('runners that can run Terraform without naming it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfpg-runners-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Makefile'), MAKEFILE);
  writeFileSync(join(dir, 'deploy.sh'), '#!/bin/sh\nset -e\ntofu apply -auto-approve\n');
  writeFileSync(join(dir, 'build.sh'), '#!/bin/sh\nnpm run build\n');
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'Makefile'), 'all:\n\tgo build ./...\n');
  writeFileSync(join(dir, 'justfile'), 'up:\n    terragrunt run-all apply\n');

  const runner = (line: string, cwd = dir): RunnerIntent => {
    const intents = recognizeTerraformCommands(line, cwd);
    expect(intents, line).toHaveLength(1);
    expect(intents[0]!.kind).toBe('runner');
    return intents[0] as RunnerIntent;
  };

  it('a script longer than is read, with Terraform near, is asked about (audit 32 F8: its apply past 256 KiB was allowed)', () => {
    const filler = `${'# filler line of a generated script\n'.repeat(8000)}`;
    writeFileSync(join(dir, 'big.sh'), `#!/bin/sh\n${filler}./deploy.sh\n`);
    writeFileSync(join(dir, 'main.tf'), '');
    try {
      expect(runnerConcern(runner('./big.sh'))).toMatch(/big\.sh is longer than tf-plan-guard reads \(256 KiB\)/);
    } finally {
      rmSync(join(dir, 'main.tf'));
    }
    // With no Terraform near, as before: what it reads names none.
    expect(runnerConcern(runner('./big.sh'))).toBeNull();
  });

  it('reads a make target’s recipe and its prerequisites’', () => {
    expect(makeRecipes(MAKEFILE, ['destroy'])).toBe('cd infra && terraform destroy -auto-approve');
    expect(makeRecipes(MAKEFILE, ['deploy'])).toBe('$(TF) apply tfplan\nterraform plan -out=tfplan');
    expect(makeRecipes(MAKEFILE, [])).toBe('npm test\neslint .');
    expect(makeRecipes(MAKEFILE, ['missing'])).toBeNull();
  });

  it.each([
    ['make destroy', /recipe it runs from .*Makefile names Terraform/],
    ['make deploy', /names Terraform/],
    ['make -C app all && make -f Makefile destroy', /names Terraform/],
    ['source deploy.sh', /deploy\.sh names Terraform/],
    ['. ./deploy.sh', /deploy\.sh names Terraform/],
    ['./deploy.sh', /deploy\.sh names Terraform/],
    ['bash deploy.sh', /deploy\.sh names Terraform/],
    ['just up', /justfile names Terraform/],
  ])('%s: a person approves it', (line, why) => {
    const concerns = recognizeTerraformCommands(line, dir).flatMap((intent) => (intent.kind === 'runner' ? [runnerConcern(intent)] : []));
    expect(concerns.some((concern) => concern !== null && why.test(concern)), JSON.stringify(concerns)).toBe(true);
  });

  it.each([['make test'], ['make'], ['make -C app'], ['./build.sh'], ['sh build.sh']])('%s: names no Terraform, so no objection', (line) => {
    expect(runnerConcern(runner(line))).toBeNull();
  });

  it('make in a directory with Terraform files and no readable Makefile is asked about', () => {
    const bare = mkdtempSync(join(tmpdir(), 'tfpg-runners-bare-'));
    writeFileSync(join(bare, 'main.tf'), '');
    try {
      expect(runnerConcern(runner('make destroy', bare))).toMatch(/cannot read, in a directory with Terraform files/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  // Audit 29 F2 (HIGH): a script or recipe line read only up to a bound (10,000 commands, 1,000
  // deep) hid what it called past it: `./a.sh` whose line runs ./b.sh after 10,001 `:;` was let
  // through, and b.sh applies. Such a line is asked about, as a command line past a bound is.
  describe('a script or recipe line past what is read', () => {
    const far = mkdtempSync(join(tmpdir(), 'tfpg-runners-far-'));
    afterAll(() => rmSync(far, { recursive: true, force: true }));
    writeFileSync(join(far, 'b.sh'), '#!/bin/sh\nterraform apply -auto-approve\n');
    writeFileSync(join(far, 'a.sh'), `#!/bin/sh\n${':;'.repeat(10_001)} ./b.sh\n`);
    writeFileSync(join(far, 'n.sh'), `#!/bin/sh\n${'{ '.repeat(1001)}./b.sh; ${'} '.repeat(1001)}\n`);
    writeFileSync(join(far, 'Makefile'), `deploy:\n\t${':;'.repeat(10_001)} ./b.sh\n`);
    writeFileSync(join(far, 'c.sh'), `#!/bin/sh\n${':;'.repeat(10_001)} echo done\n`);

    it.each([
      ['./a.sh', /a\.sh has a line with more than 10,000 commands, more than tf-plan-guard reads in one line/],
      ['sh a.sh', /a\.sh has a line with more than 10,000 commands/],
      ['./n.sh', /n\.sh has a line with subshells and \{ \} groups nested more than 1,000 deep/],
      ['make deploy', /Makefile has a line with more than 10,000 commands/],
      ['./c.sh', /c\.sh has a line with more than 10,000 commands/],
    ])('%s: asked about', (line, why) => {
      const concerns = recognizeTerraformCommands(line, far).flatMap((intent) => (intent.kind === 'runner' ? [runnerConcern(intent)] : []));
      expect(concerns.some((concern) => concern !== null && why.test(concern)), JSON.stringify(concerns)).toBe(true);
    });
  });
});
