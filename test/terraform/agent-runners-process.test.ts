/**
 * The hook process (bundled dist/cli.js) on a real monorepo with real Terraform: the root
 * package.json names `infra` as a workspace, infra/ holds a Terraform configuration whose state
 * has a stateful object, package scripts that destroy it, a Makefile and a script that run their
 * arguments, and node_modules/.bin/terraform as a package would install it. Each way audit 4b
 * found to run the destroy past the hook (package runners, workspace and directory options,
 * scripts given the command as words) must be put before a person; the nearby safe commands not.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTerraform, REPO_ROOT } from '../support/terraform.js';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

let root: string;
let infra: string;

function env(): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('TF_') && !key.toLowerCase().startsWith('npm_')) clean[key] = value;
  return { ...clean, HOME: root, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', npm_config_update_notifier: 'false' };
}

/** The hook's answer to a Bash command run in `cwd`: its permission decision and reason, or null for no answer (the command runs). */
function hook(command: string, cwd: string): Promise<{ decision: string; reason: string } | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'hook', 'claude-code'], { cwd, env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`hook exited ${code}: ${stderr}`));
      if (stdout.trim() === '') return done(null);
      const answer = JSON.parse(stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
      done({ decision: answer.hookSpecificOutput.permissionDecision, reason: answer.hookSpecificOutput.permissionDecisionReason });
    });
    child.stdin.end(JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, cwd }));
  });
}

function sh(line: string, cwd: string, extra: NodeJS.ProcessEnv = {}): void {
  execFileSync('sh', ['-c', line], { cwd, env: { ...env(), ...extra }, stdio: 'pipe' });
}

async function resourcesInState(directory = infra): Promise<number> {
  return (JSON.parse(await readFile(join(directory, 'terraform.tfstate'), 'utf8')) as { resources: unknown[] }).resources.length;
}

/** A fresh copy of the monorepo, state and all, to run a command in for real. */
async function copyOfRoot(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'tfpg-mono-copy-'));
  await cp(root, copy, { recursive: true, verbatimSymlinks: true });
  return copy;
}

if (hasTerraform) {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tfpg-mono-'));
    infra = join(root, 'infra');
    await mkdir(join(infra, 'node_modules', '.bin'), { recursive: true });
    await mkdir(join(root, '.github'));
    await writeFile(join(root, '.github', 'tf-plan-guard.yml'), 'stateful:\n  include: [terraform_data]\n');
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'mono', private: true, workspaces: ['infra'], scripts: { d4: 'echo hi', build: 'echo built' } }));
    await writeFile(join(infra, 'package.json'), JSON.stringify({ name: 'infra', scripts: { d4: 'terraform destroy', d6: 'terraform apply', build: 'echo built', start: 'terraform destroy' } }));
    await writeFile(join(infra, 'main.tf'), 'resource "terraform_data" "prod_db" {\n  input = "orders"\n}\n');
    await writeFile(join(infra, 'Makefile'), 'run:\n\t$(CMD)\ndeploy:\n\t./scripts/deploy.sh\n');
    await mkdir(join(infra, 'scripts'));
    await writeFile(join(infra, 'scripts', 'deploy.sh'), '#!/bin/sh\nterraform destroy\n');
    await chmod(join(infra, 'scripts', 'deploy.sh'), 0o755);
    await writeFile(join(infra, 'run.sh'), '#!/bin/sh\nexec "$@"\n');
    await chmod(join(infra, 'run.sh'), 0o755);
    await writeFile(join(infra, 'd.sh'), '#!/bin/sh\nterraform destroy\n');
    // A file to source that moves the shell (audit 11, B17).
    await writeFile(join(root, 'goinfra.sh'), 'cd infra\n');
    await chmod(join(infra, 'd.sh'), 0o755);
    // A "script shell" that runs a destroy whatever line it is given.
    await writeFile(join(infra, 'tfsh'), '#!/bin/sh\nexec terraform destroy\n');
    await chmod(join(infra, 'tfsh'), 0o755);
    // What installing a package with a terraform bin leaves: node_modules/.bin/terraform, here the real one.
    await symlink(execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim(), join(infra, 'node_modules', '.bin', 'terraform'));
    sh('terraform init -input=false -no-color >/dev/null && terraform apply -auto-approve -input=false -no-color >/dev/null', infra);
    sh('git init -q && git add .github package.json infra/main.tf infra/package.json && git -c user.email=t@example.com -c user.name=t commit -qm init', root);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
}

describe.skipIf(!hasTerraform)('the hook process on a monorepo: runners, workspaces and scripts that run their words (audit 4b)', () => {
  it.each([
    // G3: package runners run the words after them as a command; node_modules/.bin/terraform is the real one, so it is planned.
    ['npx terraform destroy', 'infra'],
    ['pnpm exec terraform destroy -auto-approve', 'infra'],
    ['yarn terraform destroy', 'infra'],
    ['corepack npm run d6 -- -destroy', 'infra'],
    // G1: options that select another package or directory.
    ['npm --prefix infra run d4', 'root'],
    ['npm run d4 --prefix infra', 'root'],
    ['npm -w infra run d4', 'root'],
    ['npm run d4 --workspaces', 'root'],
    ['yarn workspace infra d4', 'root'],
    ['pnpm --filter infra d4', 'root'],
    ['npm --loglevel silent run d6 -- -destroy', 'infra'],
    // audit 6a, A1: option clusters and `-x=value`.
    ['npm -sw infra run d4', 'root'],
    ['npm run d4 -w=infra', 'root'],
  ])('%s (in %s): planned, and the stateful delete asked about', async (command, where) => {
    const answer = await hook(command, where === 'root' ? root : infra);
    expect(answer?.decision).toBe('ask');
    expect(answer?.reason).toMatch(/CRITICAL stateful-delete terraform_data\.prod_db/);
  });

  it.each([
    // G2: a script or runner given the command as its words.
    ['./run.sh terraform destroy -auto-approve', /gives a script or task runner words that name Terraform/],
    ['make run CMD="terraform destroy -auto-approve"', /gives a script or task runner words that name Terraform/],
    ['pnpm -r exec terraform destroy', /each package of a workspace that `-r` selects/],
    // audit 6a, A3: the words reach the script through xargs.
    ['echo terraform destroy -auto-approve | xargs ./run.sh', /gives a script or task runner words that name Terraform/],
  ])('%s: asked about', async (command, why) => {
    const answer = await hook(command, infra);
    expect(answer?.decision).toBe('ask');
    expect(answer?.reason).toMatch(why);
  });

  it.each([
    ['npx terraform plan', 'infra'],
    ['./run.sh echo hi', 'infra'],
    ['make run CMD="echo hi"', 'infra'],
    ['npm -w infra run build', 'root'],
    ['yarn workspace infra build', 'root'],
    ['npm run d4', 'root'],
  ])('%s (in %s): nothing that changes infrastructure, no answer', async (command, where) => {
    expect(await hook(command, where === 'root' ? root : infra)).toBeNull();
  });

  it('nothing was destroyed while asking', async () => {
    expect(await resourcesInState()).toBe(1);
  });
});

/**
 * In a fresh copy of the monorepo: the hook asks about `command` run in `where` with a reason
 * matching `why`, and the command, run for real, destroys the stateful object.
 */
async function asksAndReallyDestroys(command: string, where: 'root' | 'infra', why: RegExp): Promise<void> {
  const copy = await copyOfRoot();
  const cwd = where === 'root' ? copy : join(copy, 'infra');
  try {
    const answer = await hook(command, cwd);
    expect(answer?.decision).toBe('ask');
    expect(answer?.reason).toMatch(why);
    // What the hook asked about, run: the destroy happens (Terraform's own prompt answered by TF_CLI_ARGS_destroy).
    sh(command, cwd, { HOME: copy, TF_CLI_ARGS_destroy: '-auto-approve', TF_IN_AUTOMATION: '1' });
    expect(await resourcesInState(join(copy, 'infra'))).toBe(0);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

describe.skipIf(!hasTerraform)('the hook process on a monorepo: a runner in a directory only the shell knows really destroys, and is asked about (audit 6a, A2)', () => {
  it.each([
    'X=infra; cd "$X" && npm run d4',
    'X=infra; npm --prefix "$X" run d4',
    'for d in */; do (cd "$d" && npm run d4); done',
    'find . -name package.json -not -path "*/node_modules/*" -execdir npm run d4 \\;',
    'echo infra | xargs -I{} npm --prefix {} run d4',
    'X=infra; cd "$X" && ./d.sh',
  ])('%s (from the root)', async (command) => {
    await asksAndReallyDestroys(command, 'root', /only the running shell knows.*infra\/main\.tf is a Terraform file/);
  });
});

describe.skipIf(!hasTerraform)("the hook process on a monorepo: npm's configuration, its own script commands and a recipe's script really destroy, and are asked about (audit 6a, A5, A7, A8, A9)", () => {
  it.each([
    ['npm_config_workspace=infra npm run d4', 'root', /CRITICAL stateful-delete terraform_data\.prod_db/],
    ['npm restart', 'infra', /CRITICAL stateful-delete terraform_data\.prod_db/],
    ['npm run build --script-shell ./tfsh', 'infra', /tfsh names Terraform/],
    // A9: the recipe calls a script that destroys.
    ['make deploy', 'infra', /Makefile calls .*scripts\/deploy\.sh: .*names Terraform/],
  ] as const)('%s (in %s)', async (command, where, why) => {
    await asksAndReallyDestroys(command, where, why);
  });
});

describe.skipIf(!hasTerraform)('the hook process on a monorepo: where the shell really is after a failed cd, a cd in eval, a sourced file or a function, and a file the line writes before running it (audit 11)', () => {
  it.each([
    // B18: a cd into a directory that is not there fails; the line goes on where the shell was.
    ['cd nope; cd infra && npm run d4', /CRITICAL stateful-delete terraform_data\.prod_db/],
    ['cd nope 2>/dev/null; npm --prefix infra run d4', /CRITICAL stateful-delete terraform_data\.prod_db/],
    ['cd web/nope; make -C infra deploy', /Makefile calls .*scripts\/deploy\.sh: .*names Terraform/],
    // B19: HOME set on the line is where a bare cd goes; the shell variable also reaches the script
    // (HOME is exported), which the hook does not follow into it: asked without a plan (audit 34, P_top).
    ['HOME=infra; cd && npm run d4', /sets HOME in a way tf-plan-guard cannot follow/],
    // B17: a cd in eval, in a sourced file, in a function defined on the line.
    ['eval "cd infra" && npm run d4', /CRITICAL stateful-delete terraform_data\.prod_db/],
    ['. ./goinfra.sh && npm run d4', /CRITICAL stateful-delete terraform_data\.prod_db/],
    ['go() { cd infra; }; go; npm run d4', /CRITICAL stateful-delete terraform_data\.prod_db/],
    // B15: a file the line writes, then runs or reads.
    ["echo 'cd infra && terraform destroy -auto-approve' > x.sh && sh x.sh", /the line writes a script before it runs it/],
    [`printf '{"scripts":{"d4":"cd infra && terraform destroy"}}' > package.json && npm run d4`, /the line writes package\.json before it runs it/],
    ["printf 'workspace=infra\\n' > .npmrc && npm run d4", /the line writes \.npmrc before it runs it/],
  ] as const)('%s (from the root)', async (command, why) => {
    await asksAndReallyDestroys(command, 'root', why);
  });
});
