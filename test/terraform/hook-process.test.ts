/**
 * The hook as a process, with stand-in Terraform programs on PATH (no real Terraform needed):
 * a Terraform that ignores SIGINT must not make the hook overrun its time budget, a signal to the
 * hook must not leave a plan running (holding the state lock) or its temporary files behind, and
 * a binary the command line names by path is never what gets run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/terraform.js';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

/** A Terraform that ignores SIGINT and keeps a child of its own running, as a stuck provider would. */
const STUBBORN_TERRAFORM = `#!/bin/sh
trap '' INT
echo $$ > "$FAKE_STATE/terraform.pid"
sleep 120 &
echo $! > "$FAKE_STATE/child.pid"
wait
`;

let work: string;
let shims: string;
let temp: string;
let state: string;

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${shims}:${process.env['PATH'] ?? ''}`, TMPDIR: temp, FAKE_STATE: state, HOME: work, ...extra };
}

interface Started {
  pid: number;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startHook(args: string[], input: string, extraEnv: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(process.execPath, [CLI, 'hook', ...args], { cwd: work, env: env(extraEnv), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // A hook that ends (or is killed) before it has read all of its input closes the pipe: the
  // write then fails with EPIPE, which is not the test's concern (audit 29 F7: unhandled, it made
  // the integration run exit 1 with every test passed).
  child.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') stderr += `stdin: ${error.message}\n`;
  });
  child.stdin.end(input);
  return { pid: child.pid!, done: new Promise((settle) => child.on('close', (code, signal) => settle({ code, signal, stdout, stderr }))) };
}

function claudeInput(command: string): string {
  return JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, cwd: work });
}

/** Whether a process is running (a zombie waiting to be reaped is not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((settle) => setTimeout(settle, 50));
  }
  return condition();
}

async function pidsOfStandIn(): Promise<number[]> {
  return [Number(await readFile(join(state, 'terraform.pid'), 'utf8')), Number(await readFile(join(state, 'child.pid'), 'utf8'))];
}

describe('the hook process', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'tfpg-hookproc-'));
    shims = join(work, 'shims');
    temp = join(work, 'tmp');
    state = join(work, 'state');
    for (const dir of [shims, temp, state]) await mkdir(dir);
    await writeFile(join(shims, 'terraform'), STUBBORN_TERRAFORM);
    await chmod(join(shims, 'terraform'), 0o755);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('a Terraform that ignores SIGINT: the hook still answers ask soon after its budget, and nothing is left running or on disk', async () => {
    const started = Date.now();
    const hook = startHook(['claude-code', '--timeout', '1'], claudeInput('terraform apply -auto-approve'));
    const result = await hook.done;
    const elapsed = Date.now() - started;
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/did not finish within the time budget/);
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/ran out of its 1 s time budget/);
    // Budget (1 s) + the grace between SIGINT and SIGKILL (5 s) + start-up; spawnSync waited 120 s here.
    expect(elapsed).toBeLessThan(10_000);
    for (const pid of await pidsOfStandIn()) expect(await waitFor(() => !alive(pid), 2000), `pid ${pid}`).toBe(true);
    expect(await readdir(temp)).toEqual([]);
  });

  it('a Terraform whose descendant leaves the group (setsid) and holds its output open: the hook still answers soon after its budget', async () => {
    const escaping = join(shims, 'escaping-terraform');
    await writeFile(escaping, '#!/bin/sh\nsetsid sleep 30 &\necho $! > "$FAKE_STATE/escaped.pid"\nsleep 30\n');
    await chmod(escaping, 0o755);
    const started = Date.now();
    const hook = startHook(['claude-code', '--timeout', '1', '--terraform', escaping], claudeInput('terraform apply -auto-approve'));
    const result = await hook.done;
    const elapsed = Date.now() - started;
    const escaped = Number(await readFile(join(state, 'escaped.pid'), 'utf8'));
    if (alive(escaped)) process.kill(escaped, 'SIGKILL');
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/did not finish within the time budget/);
    // Waiting for the pipes to close took the descendant's 30 s here.
    expect(elapsed).toBeLessThan(10_000);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s to the hook stops the plan it started (the whole group) and removes its files', async (signal) => {
    await rm(join(state, 'child.pid'), { force: true });
    const hook = startHook(['claude-code'], claudeInput('terraform destroy -auto-approve'));
    expect(await waitFor(() => existsSync(join(state, 'child.pid')), 10_000)).toBe(true);
    const pids = await pidsOfStandIn();
    expect(pids.every(alive)).toBe(true);
    expect((await readdir(temp)).filter((name) => name.startsWith('tf-plan-guard-'))).toHaveLength(1);
    process.kill(hook.pid, signal);
    const result = await hook.done;
    expect(result.code ?? result.signal).toBe(signal === 'SIGTERM' ? 143 : 130);
    for (const pid of pids) expect(await waitFor(() => !alive(pid), 2000), `pid ${pid}`).toBe(true);
    expect(await readdir(temp)).toEqual([]);
  });

  // Audit 23 F2 (HIGH): this line took 25 s, and one of 60 MB did not end in 10 minutes, not even on SIGTERM.
  const auditLine = `${'true && '.repeat(50_000)}terraform apply -auto-approve`;

  it('a command line of 50,000 commands before an apply comes back with deny (unattended), having planned nothing', async () => {
    await rm(join(state, 'terraform.pid'), { force: true });
    const hook = startHook(['claude-code', '--unattended'], claudeInput(auditLine));
    const came = await Promise.race([hook.done, new Promise<null>((settle) => setTimeout(() => settle(null), 15_000))]);
    if (came === null) process.kill(hook.pid, 'SIGKILL');
    expect(came, 'no answer within 15 s').not.toBeNull();
    const result = came!;
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('deny');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/more than 10,000 commands, more than tf-plan-guard reads in one line/);
    expect(existsSync(join(state, 'terraform.pid'))).toBe(false);
  }, 20_000);

  it('SIGTERM to a hook reading a long command line ends it at once (or it has already answered)', async () => {
    const hook = startHook(['claude-code', '--unattended'], claudeInput(auditLine));
    await new Promise((settle) => setTimeout(settle, 300));
    try {
      process.kill(hook.pid, 'SIGTERM');
    } catch {
      // it has already answered and gone
    }
    const result = await Promise.race([hook.done, new Promise<null>((settle) => setTimeout(() => settle(null), 5_000))]);
    if (result === null) process.kill(hook.pid, 'SIGKILL');
    expect(result, 'still running 5 s after SIGTERM').not.toBeNull();
    expect(result!.signal === 'SIGTERM' || (result!.code === 0 && JSON.parse(result!.stdout).hookSpecificOutput.permissionDecision === 'deny')).toBe(true);
    expect(await readdir(temp)).toEqual([]);
  }, 20_000);

  it('never runs a terraform the command line names by path: ask, and the binary was not started', async () => {
    await mkdir(join(work, 'evil'), { recursive: true });
    await writeFile(join(work, 'evil', 'terraform'), `#!/bin/sh\ntouch "$FAKE_STATE/evil-ran"\n`);
    await chmod(join(work, 'evil', 'terraform'), 0o755);
    const result = await startHook(['claude-code'], claudeInput('./evil/terraform apply -auto-approve')).done;
    const answer = JSON.parse(result.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(answer.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(answer.hookSpecificOutput.permissionDecisionReason).toMatch(/runs .*\/evil\/terraform, which is not the terraform tf-plan-guard plans with/);
    expect(existsSync(join(state, 'evil-ran'))).toBe(false);
  });

  it('`tf-plan-guard apply` run by the agent is put before a person (ask), deny when unattended', async () => {
    const asked = JSON.parse((await startHook(['claude-code'], claudeInput('tf-plan-guard apply --destroy')).done).stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    expect(asked.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(asked.hookSpecificOutput.permissionDecisionReason).toMatch(/agent can create and answer itself \(script\(1\)\)/);
    const denied = JSON.parse((await startHook(['claude-code', '--unattended'], claudeInput('npx tf-plan-guard apply')).done).stdout) as { hookSpecificOutput: { permissionDecision: string } };
    expect(denied.hookSpecificOutput.permissionDecision).toBe('deny');
  });

  it('hook cursor: allow for other commands, ask with user and agent messages, ask on unreadable input', async () => {
    const cursor = (command: string): string => JSON.stringify({ hook_event_name: 'beforeShellExecution', conversation_id: 'c', generation_id: 'g', workspace_roots: [work], command, cwd: work });
    const allowed = await startHook(['cursor'], cursor('npm test')).done;
    expect(JSON.parse(allowed.stdout)).toEqual({ permission: 'allow' });
    const asked = JSON.parse((await startHook(['cursor'], cursor('terraform state rm aws_db_instance.main')).done).stdout) as Record<string, string>;
    expect(asked['permission']).toBe('ask');
    expect(asked['user_message']).toMatch(/forget objects that still exist/);
    expect(asked['agent_message']).toMatch(/forget objects that still exist/);
    const unreadable = JSON.parse((await startHook(['cursor'], 'terraform destroy').done).stdout) as Record<string, string>;
    expect(unreadable).toMatchObject({ permission: 'ask', user_message: expect.stringMatching(/not JSON/) });
  });

  it('install claude-code writes onFailure: block only when the Claude Code on PATH reads it, and says why not otherwise', async () => {
    const install = async (version: string, flags: string[] = [], existing?: string): Promise<{ stdout: string; hook: Record<string, unknown>; project: string }> => {
      const project = existing ?? (await mkdtemp(join(work, 'project-')));
      await writeFile(join(shims, 'claude'), `#!/bin/sh\necho "${version} (Claude Code)"\n`);
      await chmod(join(shims, 'claude'), 0o755);
      const child = spawn(process.execPath, [CLI, 'install', 'claude-code', '--project', ...flags], { cwd: project, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      await new Promise((settle) => child.on('close', settle));
      const settings = JSON.parse(await readFile(join(project, '.claude', 'settings.json'), 'utf8')) as { hooks: { PreToolUse: { hooks: Record<string, unknown>[] }[] } };
      const hook = settings.hooks.PreToolUse[0]!.hooks[0]!;
      // What install prints matches what it wrote: it says "no onFailure" exactly when the file has none.
      expect(/no "onFailure": "block"/.test(stdout), stdout).toBe(hook['onFailure'] !== 'block');
      return { stdout, hook, project };
    };
    const recent = await install('2.1.300');
    expect(recent.hook['onFailure']).toBe('block');
    const old = await install('2.1.200');
    expect(old.hook).not.toHaveProperty('onFailure');
    expect(old.stdout).toMatch(/Claude Code 2\.1\.200 \(Claude Code\) is older than 2\.1\.295.*the command runs.*--fail-closed/s);
    const closed = await install('2.1.200', ['--fail-closed']);
    expect(closed.hook['onFailure']).toBe('block');
    // Re-run with an old Claude Code and no --fail-closed: the block is kept, and said to be kept.
    const rerun = await install('2.1.200', [], closed.project);
    expect(rerun.hook['onFailure']).toBe('block');
    expect(rerun.stdout).toMatch(/kept "onFailure": "block" from the installed hook/);
    const unknown = await install('not-a-version', ['--unattended'], closed.project);
    expect(unknown.hook['onFailure']).toBe('block');
  });
});
