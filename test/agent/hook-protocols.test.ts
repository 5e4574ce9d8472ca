import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerShellExecution, parseCursorInput, unreadableCursorInput } from '../../src/agent/cursor-hook.js';
import { answerShellCommand, parseGeminiInput, unreadableGeminiInput } from '../../src/agent/gemini-hook.js';
import { planningProgram } from '../../src/agent/guard.js';
import { recognizeTerraformCommands, type ChangeIntent } from '../../src/agent/terraform-commands.js';
import { fixedPolicy } from '../../src/agent/policy-source.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';

const SETTINGS = { policyFor: () => fixedPolicy(DEFAULT_POLICY), budgetMs: 1000, unattended: false };

describe("Cursor's beforeShellExecution protocol", () => {
  it('reads command and cwd at the top level, falling back to the first workspace root', () => {
    const input = { hook_event_name: 'beforeShellExecution', conversation_id: 'c1', generation_id: 'g1', workspace_roots: ['/work/app'], command: 'terraform destroy', cwd: '/work/app/infra' };
    expect(parseCursorInput(JSON.stringify(input), '/elsewhere')).toEqual({ command: 'terraform destroy', cwd: '/work/app/infra' });
    expect(parseCursorInput(JSON.stringify({ ...input, cwd: '' }), '/elsewhere')).toEqual({ command: 'terraform destroy', cwd: '/work/app' });
    expect(parseCursorInput('terraform destroy', '/x')).toEqual({ problem: 'the hook input is not JSON' });
    expect(parseCursorInput('{"tool_input":{"command":"terraform destroy"}}', '/x')).toEqual({ problem: 'the hook input has no "command"' });
  });

  it('answers allow for what is not its business, and ask (or deny) with both messages otherwise', async () => {
    expect(await answerShellExecution({ command: 'npm test', cwd: '/work/app' }, SETTINGS)).toEqual({ permission: 'allow' });
    const asked = await answerShellExecution({ command: 'terraform state rm aws_db_instance.main', cwd: '/work/app' }, SETTINGS);
    expect(asked.permission).toBe('ask');
    expect(asked.user_message).toMatch(/^tf-plan-guard:\n.*forget objects that still exist/s);
    expect(asked.agent_message).toMatch(/forget objects that still exist/);
    const denied = await answerShellExecution({ command: 'terraform state rm aws_db_instance.main', cwd: '/work/app' }, { ...SETTINGS, unattended: true });
    expect(denied.permission).toBe('deny');
    expect(denied.agent_message).toMatch(/ask a person/);
    expect(unreadableCursorInput('the hook input is not JSON', false)).toMatchObject({ permission: 'ask', user_message: expect.stringMatching(/not JSON/) });
  });
});

describe('the program the guard plans with', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfpg-programs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, 'bin');
  const evil = join(dir, 'evil');
  for (const [folder, name] of [[bin, 'terraform'], [evil, 'terraform']] as const) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, name), '#!/bin/sh\n', { mode: 0o755 });
  }
  mkdirSync(join(dir, 'link'));
  symlinkSync(join(bin, 'terraform'), join(dir, 'link', 'terraform'));
  const intent = (line: string): ChangeIntent => recognizeTerraformCommands(line, dir)[0] as ChangeIntent;

  it('is the tool found on PATH, or the configured one', () => {
    expect(planningProgram(intent('terraform apply'), { path: bin })).toEqual({ path: join(bin, 'terraform') });
    expect(planningProgram(intent('terraform apply'), { path: bin, programs: { terraform: '/opt/tf/terraform' } })).toEqual({ path: '/opt/tf/terraform' });
    expect(planningProgram(intent('terraform apply'), { path: evil.replace('evil', 'nothing') })).toEqual({ problem: '`terraform` is not installed or not on PATH' });
  });

  it('never runs a binary the command line names by path, unless it is that same file', () => {
    const refused = planningProgram(intent('./evil/terraform apply'), { path: bin });
    expect(refused).toEqual({ problem: expect.stringMatching(/runs .*\/evil\/terraform, which is not the terraform tf-plan-guard plans with \(.*\/bin\/terraform\)/) });
    expect(planningProgram(intent('./link/terraform apply'), { path: bin })).toEqual({ path: join(bin, 'terraform') });
    expect(planningProgram(intent(`${bin}/terraform apply`), { path: bin })).toEqual({ path: join(bin, 'terraform') });
  });
});

describe("Gemini CLI's BeforeTool protocol (run_shell_command)", () => {
  it('reads tool_input.command and the directory it runs in, relative to the project root', () => {
    const input = { session_id: 's', transcript_path: '/t', cwd: '/work/app', hook_event_name: 'BeforeTool', timestamp: '2026-12-05T20:00:00Z', tool_name: 'run_shell_command', tool_input: { command: 'terraform destroy', dir_path: 'infra' } };
    expect(parseGeminiInput(JSON.stringify(input), '/elsewhere')).toEqual({ toolName: 'run_shell_command', command: 'terraform destroy', cwd: '/work/app/infra' });
    expect(parseGeminiInput(JSON.stringify({ ...input, tool_input: { command: 'ls', directory: '/srv' } }), '/x')).toMatchObject({ cwd: '/srv' });
    expect(parseGeminiInput(JSON.stringify({ ...input, tool_input: { command: 'ls' } }), '/x')).toMatchObject({ cwd: '/work/app' });
    expect(parseGeminiInput('terraform destroy', '/x')).toEqual({ problem: 'the hook input is not JSON' });
  });

  it('answers {} when it has no objection, and deny with the reason for the agent and the person otherwise', async () => {
    expect(await answerShellCommand({ toolName: 'read_file', command: 'terraform destroy', cwd: '/work/app' }, SETTINGS)).toEqual({});
    expect(await answerShellCommand({ toolName: 'run_shell_command', command: 'npm test', cwd: '/work/app' }, SETTINGS)).toEqual({});
    // No "ask" in Gemini CLI's protocol: attended or not, a blocking command is denied and the agent told to ask a person.
    const denied = await answerShellCommand({ toolName: 'run_shell_command', command: 'terraform state rm aws_db_instance.main', cwd: '/work/app' }, SETTINGS);
    expect(denied).toMatchObject({ decision: 'deny', reason: expect.stringMatching(/forget objects that still exist[\s\S]*ask a person/), systemMessage: expect.stringMatching(/forget objects/) });
    expect(unreadableGeminiInput('the hook input is not JSON')).toMatchObject({ decision: 'deny', reason: expect.stringMatching(/not JSON/) });
  });
});
