/**
 * The agent guard end to end, as Claude Code drives it: `install claude-code --project` writes the
 * hook into .claude/settings.json, and the hook command found there is run through a shell with
 * the JSON Claude Code sends written into a real pipe in delayed pieces. Terraform is real
 * (`terraform_data`, local state); the bundled dist/cli.js is what runs.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTerraform, REPO_ROOT, TerraformDir } from '../support/terraform.js';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const POLICY = 'stateful:\n  include: [terraform_data]\n';

const STORE = `
resource "terraform_data" "prod_orders_db" {
  input = "orders"
}
`;
const EXTRA = `
resource "terraform_data" "cache_warmup" {
  input = "warm"
}
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let home: string;
let shims: string;

/** The environment Claude Code would give the hook: offline Terraform, a scratch HOME, the shims. */
function env(): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('TF_')) clean[key] = value;
  return { ...clean, HOME: home, PATH: `${shims}:${process.env['PATH'] ?? ''}`, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
}

/** Runs a command line through sh with `input` written to its stdin in delayed pieces. */
function run(commandLine: string, cwd: string, input = ''): Promise<Run> {
  return new Promise((done, fail) => {
    // detached: a session of its own, so there is no controlling terminal, as under a harness.
    const child = spawn('sh', ['-c', commandLine], { cwd, env: env(), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    // A command that reads no input (install, or a hook that already answered) closes the pipe early.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    const half = Math.floor(input.length / 2);
    setTimeout(() => child.stdin.write(input.slice(0, half)), 150);
    setTimeout(() => child.stdin.end(input.slice(half)), 400);
  });
}

function hookInput(command: string, cwd: string): string {
  return JSON.stringify({
    session_id: 'test-session',
    transcript_path: join(home, 'transcript.jsonl'),
    cwd,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command, description: 'Apply the infrastructure change' },
    tool_use_id: 'toolu_01',
  });
}

interface Answer {
  hookSpecificOutput: { hookEventName: string; permissionDecision: string; permissionDecisionReason: string };
}

/** The hook command `install` wrote, as Claude Code would run it. */
async function installedHook(project: string): Promise<string> {
  const settings = JSON.parse(await readFile(join(project, '.claude', 'settings.json'), 'utf8')) as {
    hooks: { PreToolUse: { matcher: string; hooks: { type: string; command: string; timeout: number }[] }[] };
  };
  const group = settings.hooks.PreToolUse.find((entry) => entry.matcher === 'Bash')!;
  return group.hooks[0]!.command;
}

async function askHook(project: string, command: string, cwd = project, extraFlags = ''): Promise<{ run: Run; answer: Answer | null }> {
  const hook = await installedHook(project);
  const result = await run(`${hook}${extraFlags}`, cwd, hookInput(command, cwd));
  expect(result.code, result.stderr).toBe(0);
  return { run: result, answer: result.stdout.trim() === '' ? null : (JSON.parse(result.stdout) as Answer) };
}

/** A project with a real local state holding `terraform_data.prod_orders_db`, committed to git. */
async function projectWithState(): Promise<TerraformDir> {
  const dir = await TerraformDir.create({ 'main.tf': STORE, '.github/tf-plan-guard.yml': POLICY });
  await dir.init();
  await dir.apply();
  const git = await run('git init -q && git add main.tf && git -c user.email=t@example.com -c user.name=t commit -qm init', dir.path);
  expect(git.code, git.stderr).toBe(0);
  const installed = await run(`node ${CLI} install claude-code --project`, dir.path);
  expect(installed.code, installed.stderr).toBe(0);
  return dir;
}

const dirs: TerraformDir[] = [];
async function project(): Promise<TerraformDir> {
  const dir = await projectWithState();
  dirs.push(dir);
  return dir;
}

if (hasTerraform) {
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tfpg-home-'));
    shims = await mkdtemp(join(tmpdir(), 'tfpg-shims-'));
    // OpenTofu is not installed here: `tofu` is Terraform under that name, which is what its CLI mirrors.
    await writeFile(join(shims, 'tofu'), '#!/bin/sh\nexec terraform "$@"\n');
    await chmod(join(shims, 'tofu'), 0o755);
    // A Claude Code older than onFailure, whatever is installed on this machine: install's output is the same everywhere.
    await writeFile(join(shims, 'claude'), '#!/bin/sh\necho "2.1.0 (Claude Code)"\n');
    await chmod(join(shims, 'claude'), 0o755);
  });
  afterAll(async () => {
    for (const dir of dirs) await rm(dir.path, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
    await rm(shims, { recursive: true, force: true });
  });
}

describe.skipIf(!hasTerraform)('the Claude Code hook with real Terraform', () => {
  it('install writes the hook and the deny rules, keeps what was there, and changes nothing the second time', async () => {
    const dir = await TerraformDir.create({ 'main.tf': STORE, '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(npm test)'] }, model: 'opus' }) });
    dirs.push(dir);
    const first = await run(`node ${CLI} install claude-code --project`, dir.path);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('added a PreToolUse hook for Bash');
    expect(first.stdout).toContain('added the deny rule Bash(terraform destroy *)');
    const settings = JSON.parse(await readFile(join(dir.path, '.claude', 'settings.json'), 'utf8')) as Record<string, any>;
    expect(settings['model']).toBe('opus');
    expect(settings['permissions']['allow']).toEqual(['Bash(npm test)']);
    expect(settings['permissions']['deny']).toEqual(expect.arrayContaining(['Bash(terraform apply *)', 'Bash(terraform destroy *)', 'Bash(tofu apply *)', 'Bash(tofu destroy *)']));
    expect(settings['hooks']['PreToolUse']).toEqual([{ matcher: 'Bash', hooks: [{ type: 'command', command: expect.stringMatching(/ hook claude-code$/), timeout: 110 }] }]);

    const second = await run(`node ${CLI} install claude-code --project`, dir.path);
    expect(second.stdout).toContain('already installed; nothing changed');
    expect(await readFile(join(dir.path, '.claude', 'settings.json'), 'utf8')).toBe(`${JSON.stringify(settings, null, 2)}\n`);
  });

  it('install --user writes ~/.claude/settings.json and refuses a settings file that is not JSON', async () => {
    const user = await run(`node ${CLI} install claude-code --user --unattended`, home);
    expect(user.code, user.stderr).toBe(0);
    expect(await readFile(join(home, '.claude', 'settings.json'), 'utf8')).toContain('hook claude-code --unattended');
    await writeFile(join(home, '.claude', 'settings.json'), '{ not json');
    const broken = await run(`node ${CLI} install claude-code --user`, home);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/settings\.json: is not a JSON object/);
    expect(await readFile(join(home, '.claude', 'settings.json'), 'utf8')).toBe('{ not json');
  });

  it('terraform destroy -auto-approve: ask, naming what would be destroyed; nothing is left behind or changed', async () => {
    const dir = await project();
    const before = await readdir(dir.path);
    const { answer } = await askHook(dir.path, 'terraform destroy -auto-approve');
    expect(answer?.hookSpecificOutput.hookEventName).toBe('PreToolUse');
    expect(answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    const reason = answer!.hookSpecificOutput.permissionDecisionReason;
    expect(reason).toContain('terraform destroy -auto-approve');
    expect(reason).toMatch(/CRITICAL stateful-delete terraform_data\.prod_orders_db/);
    expect(reason).toMatch(/Plan: 1 to delete/);
    expect(reason.split('\n').length).toBeLessThanOrEqual(12);
    expect(await readdir(dir.path)).toEqual(before);
    const state = JSON.parse(await readFile(join(dir.path, 'terraform.tfstate'), 'utf8')) as { resources: unknown[] };
    expect(state.resources).toHaveLength(1);
  });

  it('--unattended denies with the same reason, telling the agent to ask a person', async () => {
    const dir = await project();
    const { answer } = await askHook(dir.path, 'terraform apply -destroy -auto-approve', dir.path, ' --unattended');
    expect(answer?.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/stateful-delete terraform_data\.prod_orders_db/);
    expect(answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/ask a person/);
  });

  it('an apply whose state file was deleted: ask, with the lost-state finding at critical', async () => {
    const dir = await project();
    await dir.remove('terraform.tfstate');
    const { answer } = await askHook(dir.path, 'terraform apply -auto-approve');
    expect(answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/CRITICAL empty-prior-state/);
  });

  it('a harmless apply: no objection (no output), and the harness decides', async () => {
    const dir = await project();
    await dir.write({ 'extra.tf': EXTRA });
    const { answer, run: result } = await askHook(dir.path, 'terraform apply -auto-approve');
    expect(answer).toBeNull();
    expect(result.stdout).toBe('');
  });

  it('reads the directory from cd chains and -chdir, and the OpenTofu spelling', async () => {
    const dir = await project();
    const parent = join(dir.path, '..');
    const name = dir.path.slice(parent.length + 1);
    for (const command of [`cd ${name} && terraform destroy -auto-approve`, `terraform -chdir=${name} destroy -auto-approve`, `cd ${name}; tofu destroy -auto-approve`]) {
      const { answer } = await askHook(dir.path, command, parent);
      expect(answer?.hookSpecificOutput.permissionDecision, command).toBe('ask');
      expect(answer?.hookSpecificOutput.permissionDecisionReason, command).toMatch(/stateful-delete terraform_data\.prod_orders_db/);
    }
  });

  it('state commands that lose track of objects are asked about without planning', async () => {
    const dir = await project();
    const { answer } = await askHook(dir.path, 'terraform state rm terraform_data.prod_orders_db');
    expect(answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/forget objects that still exist/);
  });

  it('commands that are not its business get no output at all', async () => {
    const dir = await project();
    for (const command of ['ls -la', 'terraform plan', 'git status && npm test']) {
      const { run: result } = await askHook(dir.path, command);
      expect(result.stdout, command).toBe('');
    }
  });

  it('a plan that cannot be made is ask, never a silent allow: init missing, time budget out', async () => {
    const dir = await project();
    // A provider that was never installed: Terraform refuses to plan until `terraform init`.
    await dir.write({ 'versions.tf': 'terraform {\n  required_providers {\n    null = { source = "hashicorp/null" }\n  }\n}\n' });
    const uninitialized = await askHook(dir.path, 'terraform apply -auto-approve');
    expect(uninitialized.answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(uninitialized.answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/could not check its plan: `terraform plan` failed: .*init/i);

    const other = await project();
    const hurried = await askHook(other.path, 'terraform apply -auto-approve', other.path, ' --timeout 0.01');
    expect(hurried.answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(hurried.answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/time budget/);
  });

  it('install cursor --project, then the Cursor hook: ask naming what would be destroyed, allow for a harmless apply', async () => {
    const dir = await project();
    const installed = await run(`node ${CLI} install cursor --project`, dir.path);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/added a beforeShellExecution hook/);
    const hooks = JSON.parse(await readFile(join(dir.path, '.cursor', 'hooks.json'), 'utf8')) as { version: number; hooks: { beforeShellExecution: { command: string; timeout: number; failClosed: boolean }[] } };
    expect(hooks.version).toBe(1);
    const entry = hooks.hooks.beforeShellExecution[0]!;
    expect(entry).toMatchObject({ command: expect.stringMatching(/ hook cursor$/), timeout: 110, failClosed: true });
    const cursorInput = (command: string): string =>
      JSON.stringify({ hook_event_name: 'beforeShellExecution', conversation_id: 'c1', generation_id: 'g1', workspace_roots: [dir.path], command, cwd: dir.path });
    const destroy = await run(entry.command, dir.path, cursorInput('terraform destroy -auto-approve'));
    expect(destroy.code, destroy.stderr).toBe(0);
    const asked = JSON.parse(destroy.stdout) as { permission: string; user_message: string; agent_message: string };
    expect(asked.permission).toBe('ask');
    expect(asked.user_message).toMatch(/CRITICAL stateful-delete terraform_data\.prod_orders_db/);
    expect(asked.agent_message).toMatch(/stateful-delete/);
    await dir.write({ 'extra.tf': EXTRA });
    const harmless = await run(entry.command, dir.path, cursorInput('terraform apply -auto-approve'));
    expect(JSON.parse(harmless.stdout)).toEqual({ permission: 'allow' });
  });

  it('no variable value reaches the reason, however the line quotes it and whatever Terraform says about it', async () => {
    const dir = await project();
    const resplit = ['eval TF_VAR_pw="a TF_VAR_K9a=1" terraform destroy', 'eval terraform destroy -var "pw=a -target=K9secret"'];
    for (const command of ['terraform apply -var "pw=K9a K9b"', 'eval terraform apply -var "pw=K9a K9b K9c"', "sh -c 'terraform destroy -var pw=K9a K9b'", 'TF_VAR_pw="K9a K9b" terraform apply -var-file=K9c.tfvars', ...resplit]) {
      const { answer } = await askHook(dir.path, command);
      expect(answer?.hookSpecificOutput.permissionDecision, command).toBe('ask');
      // Asked: its plan could not be checked, needs approval, or the line sets variables the hook does not follow.
      expect(answer?.hookSpecificOutput.permissionDecisionReason, command).toMatch(/could not check its plan|needs a human|a human decides/);
      // The temporary directory's random name may hold K9 too: it is not a value.
      expect(JSON.stringify(answer).replaceAll(dir.path, '<dir>'), command).not.toMatch(/K9/);
    }
    // Terraform's own summary of a piece eval split off, without the piece (audit 3, F1b).
    expect((await askHook(dir.path, resplit[1]!)).answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/failed: Invalid target "…"/);
  });

  it('variables the line sets are planned with (TF_WORKSPACE); options only the apply reads, and wrappers that set what it cannot see, are asked about', async () => {
    const dir = await project();
    // A second workspace with no resources: destroying it is harmless, destroying the default one is not.
    const workspace = await run('terraform workspace new -lock=false blue >/dev/null && terraform workspace select default >/dev/null', dir.path);
    expect(workspace.code, workspace.stderr).toBe(0);
    expect((await askHook(dir.path, 'TF_WORKSPACE=blue terraform destroy -auto-approve')).answer).toBeNull();
    expect((await askHook(dir.path, 'export TF_WORKSPACE=default; terraform destroy -auto-approve')).answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/stateful-delete terraform_data\.prod_orders_db/);

    await dir.write({ 'extra.tf': EXTRA }); // a harmless apply, unless something turns it into a destroy
    expect((await askHook(dir.path, 'terraform apply -auto-approve')).answer).toBeNull();
    for (const command of ['TF_CLI_ARGS_apply=-destroy terraform apply -auto-approve', 'export TF_CLI_ARGS_apply=-destroy; terraform apply -auto-approve', 'doppler run -- terraform apply -auto-approve', 'aws-vault exec prod -- terraform apply -auto-approve', 'sudo -E terraform apply -auto-approve']) {
      const { answer } = await askHook(dir.path, command);
      expect(answer?.hookSpecificOutput.permissionDecision, command).toBe('ask');
    }
    // Set in the hook's own environment (the agent's shell inherits it): the apply reads it, a plan does not.
    const hook = await installedHook(dir.path);
    const inherited = await run(`TF_CLI_ARGS_apply=-destroy ${hook}`, dir.path, hookInput('terraform apply -auto-approve', dir.path));
    expect(JSON.parse(inherited.stdout).hookSpecificOutput.permissionDecisionReason).toMatch(/TF_CLI_ARGS_apply in the environment adds options to the apply that a plan does not read/);
  });

  it('Terraform under another name: a tf symlink on PATH and a package script are planned, and what they would destroy named', async () => {
    const dir = await project();
    await dir.write({ 'package.json': JSON.stringify({ scripts: { test: 'echo ok', teardown: 'terraform destroy -auto-approve' } }) });
    const terraform = (await run('command -v terraform', dir.path)).stdout.trim();
    await rm(join(shims, 'tf'), { force: true });
    await run(`ln -s ${terraform} ${join(shims, 'tf')}`, dir.path);
    for (const command of ['tf destroy -auto-approve', 'npm run teardown', 'yarn teardown']) {
      const { answer } = await askHook(dir.path, command);
      expect(answer?.hookSpecificOutput.permissionDecision, command).toBe('ask');
      expect(answer?.hookSpecificOutput.permissionDecisionReason, command).toMatch(/CRITICAL stateful-delete terraform_data\.prod_orders_db/);
    }
    expect((await askHook(dir.path, 'npm test')).answer).toBeNull();
    expect((await askHook(dir.path, 'tfx destroy')).answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/not on PATH: it may be an alias or a shell function/);
  });

  it('saved plans: an existing plan file is analyzed as it is; one the line writes first is planned with that plan command\'s options', async () => {
    const dir = await project();
    // A lone apply of a saved destroy plan: `show -json` of that very file names what it destroys.
    const saved = await run('terraform plan -destroy -lock=false -out=teardown.tfplan >/dev/null', dir.path);
    expect(saved.code, saved.stderr).toBe(0);
    const lone = await askHook(dir.path, 'terraform apply teardown.tfplan');
    expect(lone.answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/CRITICAL stateful-delete terraform_data\.prod_orders_db/);

    await dir.write({ 'extra.tf': EXTRA });
    // Written first in the same line: planned as that plan command would, not read from the file already there.
    const destroyChain = await askHook(dir.path, 'terraform plan -destroy -out=next.tfplan && terraform apply next.tfplan');
    expect(destroyChain.answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/`terraform plan -destroy -out=… && terraform apply …` .*needs a human's approval/);
    expect(destroyChain.answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/stateful-delete terraform_data\.prod_orders_db/);
    expect((await askHook(dir.path, 'terraform plan -out=teardown.tfplan && terraform apply teardown.tfplan')).answer).toBeNull();
    // Joined by `;`: if that plan failed, the destroy plan already there would be applied.
    const loose = await askHook(dir.path, 'terraform plan -out=teardown.tfplan; terraform apply teardown.tfplan');
    expect(loose.answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/even when the `plan` before it fails/);
    expect((await readdir(dir.path)).filter((name) => name.endsWith('.tfplan'))).toEqual(['teardown.tfplan']);
  });

  it('hook gemini-cli: deny naming what would be destroyed, {} for a harmless apply', async () => {
    const dir = await project();
    const geminiInput = (command: string): string =>
      JSON.stringify({ session_id: 's1', transcript_path: join(home, 't.json'), cwd: dir.path, hook_event_name: 'BeforeTool', timestamp: '2026-12-05T20:00:00Z', tool_name: 'run_shell_command', tool_input: { command, description: 'apply' } });
    const destroy = await run(`node ${CLI} hook gemini-cli`, dir.path, geminiInput('terraform destroy -auto-approve'));
    expect(destroy.code, destroy.stderr).toBe(0);
    const denied = JSON.parse(destroy.stdout) as { decision: string; reason: string; systemMessage: string };
    expect(denied.decision).toBe('deny');
    expect(denied.reason).toMatch(/CRITICAL stateful-delete terraform_data\.prod_orders_db[\s\S]*ask a person/);
    expect(denied.systemMessage).toBe(denied.reason);
    await dir.write({ 'extra.tf': EXTRA });
    const harmless = await run(`node ${CLI} hook gemini-cli`, dir.path, geminiInput('terraform apply -auto-approve'));
    expect(JSON.parse(harmless.stdout)).toEqual({});
  });

  it('input that is not the hook JSON is ask, naming the problem', async () => {
    const dir = await project();
    const hook = await installedHook(dir.path);
    const result = await run(hook, dir.path, 'terraform destroy');
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as Answer;
    expect(answer.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/not JSON/);
  });
});

/** A repository whose committed policy makes terraform_data stateful, with the configuration in infra/prod (audit F4's layout). */
async function committedPolicyProject(): Promise<TerraformDir> {
  const dir = await TerraformDir.create({ 'infra/prod/main.tf': STORE, '.github/tf-plan-guard.yml': POLICY });
  dirs.push(dir);
  const setup = await run(
    'git init -q && git add -A && git -c user.email=t@example.com -c user.name=t commit -qm init && cd infra/prod && terraform init -input=false >/dev/null && terraform apply -auto-approve -input=false >/dev/null',
    dir.path,
  );
  expect(setup.code, setup.stderr).toBe(0);
  const installed = await run(`node ${CLI} install claude-code --project`, dir.path);
  expect(installed.code, installed.stderr).toBe(0);
  return dir;
}

const NESTED_DESTROY = "bash -c 'cd infra/prod && terraform destroy -auto-approve'";

describe.skipIf(!hasTerraform)('the policy the hook decides with cannot be loosened by the agent (audit F4)', () => {
  it('an untracked block-on: none beside the configuration: ask, the committed policy decides and the reason says the working tree loosens it', async () => {
    const dir = await committedPolicyProject();
    await dir.write({ 'infra/prod/.github/tf-plan-guard.yml': 'block-on: none\n' });
    const { answer } = await askHook(dir.path, NESTED_DESTROY);
    expect(answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    const reason = answer!.hookSpecificOutput.permissionDecisionReason;
    expect(reason).toMatch(/stateful-delete terraform_data\.prod_orders_db/);
    expect(reason).toMatch(/loosens the one committed at HEAD \(.*infra\/prod\/\.github\/tf-plan-guard\.yml in the working tree: block-on raised from high to none/);
    expect(reason).toMatch(/\.github\/tf-plan-guard\.yml as committed at HEAD decided/);
  });

  it('an edit of the committed policy that ignores everything: ask, even though nothing would block under the edit', async () => {
    const dir = await committedPolicyProject();
    await dir.write({ '.github/tf-plan-guard.yml': `${POLICY}ignore:\n  - address: "**"\n    reason: x\n` });
    const { answer } = await askHook(dir.path, NESTED_DESTROY);
    expect(answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(answer!.hookSpecificOutput.permissionDecisionReason).toMatch(/stateful-delete terraform_data\.prod_orders_db/);
    expect(answer!.hookSpecificOutput.permissionDecisionReason).toMatch(/new ignore of "\*\*"/);
  });

  // A stricter working-tree policy is honoured: projectWithState commits no policy, and the untracked
  // one that makes terraform_data stateful decides every destroy test above.
  it('a loosened policy asks even for a plan with nothing blocking', async () => {
    const dir = await committedPolicyProject();
    await dir.write({ 'infra/prod/extra.tf': EXTRA, '.github/tf-plan-guard.yml': `${POLICY}mass-delete:\n  threshold: 50\n` });
    const loosened = await askHook(dir.path, 'cd infra/prod && terraform apply -auto-approve');
    expect(loosened.answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(loosened.answer!.hookSpecificOutput.permissionDecisionReason).toMatch(/nothing in its plan blocks under the committed policy.*\n.*mass-delete threshold raised from 10 to 50/);
  });

  it('outside a git repository the nearest file still decides, and the reason names it', async () => {
    const dir = await TerraformDir.create({ 'main.tf': STORE, '.github/tf-plan-guard.yml': POLICY });
    dirs.push(dir);
    await dir.init();
    await dir.apply();
    const installed = await run(`node ${CLI} install claude-code --project`, dir.path);
    expect(installed.code, installed.stderr).toBe(0);
    const { answer } = await askHook(dir.path, 'terraform destroy -auto-approve');
    expect(answer?.hookSpecificOutput.permissionDecisionReason).toContain(`Policy: ${join(dir.path, '.github', 'tf-plan-guard.yml')} (not in a git repository`);
  });
});

describe.skipIf(!hasTerraform)('shell forms that hid a destroy from the hook (audit F12, F13)', () => {
  it('a git shell alias defined with -c is planned at the repository top level; other -c programs near Terraform are asked about', async () => {
    const dir = await committedPolicyProject();
    const alias = await askHook(dir.path, "git -c alias.tidy='!cd infra/prod && terraform destroy -auto-approve' tidy", join(dir.path, 'infra'));
    expect(alias.answer?.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(alias.answer!.hookSpecificOutput.permissionDecisionReason).toMatch(/stateful-delete terraform_data\.prod_orders_db/);
    const ssh = await askHook(dir.path, "git -c core.sshCommand='terraform -chdir=infra/prod destroy -auto-approve #' fetch origin");
    expect(ssh.answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/core\.sshcommand/);
    const plain = await askHook(dir.path, 'git -c user.name=x -c core.pager=cat log --oneline');
    expect(plain.run.stdout).toBe('');
  });

  it('$\'\\x74erraform\', base64 -d | sh, cat f | sh and sh < f: each asked about, naming the destroy where it can be read', async () => {
    const dir = await project();
    await dir.write({ 'cleanup.txt': 'terraform destroy -auto-approve\n' });
    const ansi = await askHook(dir.path, "$'\\x74erraform' destroy -auto-approve");
    expect(ansi.answer!.hookSpecificOutput.permissionDecisionReason).toMatch(/stateful-delete terraform_data\.prod_orders_db/);
    const redirected = await askHook(dir.path, 'sh < cleanup.txt');
    expect(redirected.answer!.hookSpecificOutput.permissionDecisionReason).toMatch(/cleanup\.txt names Terraform/);
    for (const command of ['echo dGVycmFmb3JtIGRlc3Ryb3kgLWF1dG8tYXBwcm92ZQ== | base64 -d | sh', 'cat cleanup.txt | sh']) {
      const { answer } = await askHook(dir.path, command);
      expect(answer?.hookSpecificOutput.permissionDecision, command).toBe('ask');
      expect(answer!.hookSpecificOutput.permissionDecisionReason, command).toMatch(/cannot read, in a directory with Terraform files/);
    }
    // Away from Terraform, a script from a pipe is not its business.
    const elsewhere = await askHook(dir.path, 'echo ZWNobyBoaQ== | base64 -d | sh', home);
    expect(elsewhere.run.stdout).toBe('');
  });
});

describe.skipIf(!hasTerraform)('arguments appended to what a line runs (audit 3, F7, F8)', () => {
  it('a package script that applies, with a destroy or replace appended by npm, yarn, pnpm or bun: ask, naming what would be lost', async () => {
    const dir = await project();
    await dir.write({ 'package.json': JSON.stringify({ scripts: { d6: 'terraform apply', test: 'terraform apply', start: 'terraform apply' } }) });
    const forms: [string, RegExp][] = [
      ['npm run d6 -- -destroy -auto-approve', /CRITICAL stateful-delete terraform_data\.prod_orders_db/],
      ['npm run d6 -- -replace=terraform_data.prod_orders_db -auto-approve', /CRITICAL stateful-replace terraform_data\.prod_orders_db/],
      ['yarn d6 -destroy', /CRITICAL stateful-delete terraform_data\.prod_orders_db/],
      ['pnpm d6 -destroy', /CRITICAL stateful-delete terraform_data\.prod_orders_db/],
      ['pnpm run d6 -destroy', /CRITICAL stateful-delete terraform_data\.prod_orders_db/],
      ['bun run d6 -destroy', /CRITICAL stateful-delete terraform_data\.prod_orders_db/],
      ['npm test -- -destroy', /CRITICAL stateful-delete terraform_data\.prod_orders_db/],
      ['npm start -- -destroy', /CRITICAL stateful-delete terraform_data\.prod_orders_db/],
    ];
    for (const [command, finding] of forms) {
      const { answer } = await askHook(dir.path, command);
      expect(answer?.hookSpecificOutput.permissionDecision, command).toBe('ask');
      expect(answer?.hookSpecificOutput.permissionDecisionReason, command).toMatch(finding);
    }
    // The same script with nothing appended, or only an option of the apply's own, is planned and passes.
    await dir.write({ 'extra.tf': EXTRA });
    for (const command of ['npm run d6', 'npm run d6 -- -auto-approve']) expect((await askHook(dir.path, command)).answer, command).toBeNull();
  });

  it('git appends the words after a ! alias to its body; xargs appends words read when it runs: ask', async () => {
    const dir = await project();
    await dir.write({ 'args.txt': '-destroy\n' });
    const alias = await askHook(dir.path, "git -c alias.x='!terraform apply' x -destroy -auto-approve");
    expect(alias.answer?.hookSpecificOutput.permissionDecisionReason).toMatch(/CRITICAL stateful-delete terraform_data\.prod_orders_db/);
    for (const command of ['echo -destroy | xargs terraform apply', "printf -- '-destroy\\n' | xargs terraform apply -auto-approve", 'xargs -a args.txt terraform apply']) {
      const { answer } = await askHook(dir.path, command);
      expect(answer?.hookSpecificOutput.permissionDecision, command).toBe('ask');
      expect(answer?.hookSpecificOutput.permissionDecisionReason, command).toMatch(/only known when/);
    }
  });
});

describe.skipIf(!hasTerraform)('tf-plan-guard apply with real Terraform', () => {
  it('without a terminal, options that loosen the repository\'s policy are refused (exit 2, one line) and nothing is destroyed (audit F11)', async () => {
    const dir = await project();
    await dir.write({ 'loose.yml': 'block-on: none\n' });
    for (const options of ['--block-on none', '--block-on critical', '--config loose.yml']) {
      const result = await run(`node ${CLI} apply --destroy ${options}`, dir.path);
      expect(result.code, options).toBe(2);
      expect(result.stderr.trim().split('\n'), options).toHaveLength(1);
      expect(result.stderr, options).toMatch(/refused: .* loosens the repository's policy \(block-on raised from high to (none|critical).*needs a person at a terminal/);
    }
    // Stricter is no loosening: it plans, and the blocking destroy is refused as before.
    const stricter = await run(`node ${CLI} apply --destroy --block-on low`, dir.path);
    expect(stricter.code).toBe(1);
    expect(stricter.stderr).toMatch(/refused: .*no terminal/);
    const state = JSON.parse(await readFile(join(dir.path, 'terraform.tfstate'), 'utf8')) as { resources: unknown[] };
    expect(state.resources).toHaveLength(1);
  });

  it('the hook asks about tf-plan-guard apply by any launcher (audit F11)', async () => {
    const dir = await project();
    for (const command of [`node ${CLI} apply --destroy --block-on none`, 'npm exec -- tf-plan-guard apply --destroy --block-on none', 'pnpm dlx tf-plan-guard apply --destroy --block-on none']) {
      const { answer } = await askHook(dir.path, command);
      expect(answer?.hookSpecificOutput.permissionDecision, command).toBe('ask');
      expect(answer?.hookSpecificOutput.permissionDecisionReason, command).toMatch(/applies infrastructure/);
    }
  });

  it('refuses a blocking plan without a terminal and leaves the state alone', async () => {
    const dir = await project();
    const result = await run(`node ${CLI} apply --destroy --config .github/tf-plan-guard.yml`, dir.path);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stateful-delete/);
    expect(result.stderr).toMatch(/refused: .*no terminal/);
    const state = JSON.parse(await readFile(join(dir.path, 'terraform.tfstate'), 'utf8')) as { resources: unknown[] };
    expect(state.resources).toHaveLength(1);
  });

  it.each([
    ['apply', 0, 0],
    ['no', 1, 1],
  ])('asks at the controlling terminal (a pty from script(1)); answering %s', async (typed, exitCode, resourcesLeft) => {
    const hasScript = (await run('command -v script', tmpdir())).code === 0;
    if (!hasScript) {
      console.warn('script(1) not found: terminal confirmation test skipped');
      return;
    }
    const dir = await project();
    const result = await run(`script -qec "node ${CLI} apply --destroy" /dev/null`, dir.path, `${typed}\n`);
    expect(result.code, result.stdout).toBe(exitCode);
    expect(result.stdout).toMatch(/Type "apply" to apply exactly this plan/);
    const state = JSON.parse(await readFile(join(dir.path, 'terraform.tfstate'), 'utf8')) as { resources: unknown[] };
    expect(state.resources).toHaveLength(resourcesLeft);
  });

  it('applies the plan it showed when nothing blocks', async () => {
    const dir = await project();
    await dir.write({ 'extra.tf': EXTRA });
    const result = await run(`node ${CLI} apply . -- -lock=false`, dir.path);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Apply complete! Resources: 1 added, 0 changed, 0 destroyed/);
    const state = JSON.parse(await readFile(join(dir.path, 'terraform.tfstate'), 'utf8')) as { resources: { name: string }[] };
    expect(state.resources.map((resource) => resource.name).sort()).toEqual(['cache_warmup', 'prod_orders_db']);
    expect((await readdir(dir.path)).filter((name) => name.endsWith('.tfplan'))).toEqual([]);
  });
});
