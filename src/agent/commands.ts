/**
 * The agent-facing commands: `hook claude-code`, `apply` and `install claude-code`. Each reads
 * its arguments, does its I/O here, and leaves the deciding to guard.ts and the pipeline.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, writeFileSync, writeSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzePlans } from '../analyze.js';
import { InputError } from '../errors.js';
import { loadPlanBytes } from '../plan/load.js';
import type { ByteChunks } from '../plan/load-input.js';
import { BLOCK_ON_VALUES, DEFAULT_POLICY_PATH, resolvePolicy, type BlockOn, type Policy } from '../policy/config.js';
import { renderText } from '../render/text.js';
import { answerToolCall, parseHookInput, unreadableInputAnswer } from './claude-code-hook.js';
import { configurationEvidence } from './guard.js';
import { mergeClaudeCodeSettings, SettingsShapeError } from './install.js';
import { producePlan } from './planner.js';

export interface AgentIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  readStdin: () => ByteChunks | Uint8Array;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Opens the controlling terminal for a confirmation; null when there is none. */
  openTerminal: () => Terminal | null;
  /** The command line that starts this program, for the hook entry `install` writes. */
  selfCommand: () => string;
}

export interface Terminal {
  question(prompt: string): string;
  close(): void;
}

export const AGENT_COMMANDS = ['hook', 'apply', 'install'] as const;

/** Seconds the hook may spend planning before it asks a person instead. */
const DEFAULT_TIMEOUT_SECONDS = 90;
/** Extra seconds Claude Code waits for the hook beyond its planning budget (start-up, analysis). */
const HARNESS_TIMEOUT_MARGIN_SECONDS = 20;

export const AGENT_USAGE = `       tf-plan-guard hook claude-code [--unattended] [--timeout SECONDS] [--config FILE]
       tf-plan-guard apply [DIR] [--destroy] [--config FILE] [--block-on SEV] [-- TERRAFORM-ARGS]
       tf-plan-guard install claude-code [--project | --user] [--unattended] [--no-deny-rules]`;

export function runAgentCommand(command: (typeof AGENT_COMMANDS)[number], args: readonly string[], io: AgentIo): number {
  switch (command) {
    case 'hook':
      return runHook(args, io);
    case 'apply':
      return runApply(args, io);
    case 'install':
      return runInstall(args, io);
  }
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true });
  } catch (error) {
    throw new InputError(null, `${error instanceof Error ? error.message : String(error)}\nUsage: ${AGENT_USAGE.trimStart()}`);
  }
}

function harnessName(positionals: string[], command: string): void {
  if (positionals[0] !== 'claude-code') {
    throw new InputError(null, `tf-plan-guard ${command} needs the harness: claude-code (got ${positionals[0] ? `"${positionals[0]}"` : 'nothing'}); see the README for other harnesses`);
  }
}

function timeoutSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InputError(null, `--timeout must be a number of seconds (got "${value}")`);
  return seconds;
}

function policyFor(config: string | undefined, blockOn: string | undefined, cwd: string): Policy {
  const policy = resolvePolicy(config ? resolve(cwd, config) : null, cwd);
  if (blockOn === undefined) return policy;
  if (!(BLOCK_ON_VALUES as readonly string[]).includes(blockOn)) throw new InputError(null, `--block-on must be one of ${BLOCK_ON_VALUES.join(', ')} (got "${blockOn}")`);
  return { ...policy, blockOn: blockOn as BlockOn };
}

/**
 * The policy of the repository a Terraform directory is in: the nearest
 * `.github/tf-plan-guard.yml` from that directory up, else the session directory's, else the
 * defaults. A monorepo's policy at its root covers every configuration below it.
 */
function nearestPolicy(directory: string, sessionCwd: string): Policy {
  for (let dir = directory; ; dir = dirname(dir)) {
    if (existsSync(join(dir, DEFAULT_POLICY_PATH))) return resolvePolicy(null, dir);
    if (dirname(dir) === dir) break;
  }
  return resolvePolicy(null, sessionCwd);
}

/**
 * The hook answers on stdout and exits 0, or says nothing. It never fails open on its own
 * trouble: a bad policy or an unreadable input is an `ask` (or `deny`) naming the problem.
 */
function runHook(args: readonly string[], io: AgentIo): number {
  const { values, positionals } = parse(args, {
    unattended: { type: 'boolean' },
    timeout: { type: 'string' },
    config: { type: 'string' },
  });
  harnessName(positionals, 'hook');
  const unattended = values.unattended === true;
  const budgetMs = timeoutSeconds(values.timeout) * 1000;
  const input = parseHookInput(readAll(io.readStdin()), io.cwd);
  let answer;
  if ('problem' in input) answer = unreadableInputAnswer(input.problem, unattended);
  else {
    try {
      const fixed = values.config === undefined ? null : policyFor(values.config, undefined, input.cwd);
      answer = answerToolCall(input, { policyFor: (directory) => fixed ?? nearestPolicy(directory, input.cwd), budgetMs, unattended });
    } catch (error) {
      const problem = error instanceof InputError ? error.message : `an internal error stopped the check (${error instanceof Error ? error.message : String(error)})`;
      answer = unreadableInputAnswer(problem, unattended);
    }
  }
  if (answer) io.stdout.write(`${JSON.stringify(answer)}\n`);
  return 0;
}

/**
 * Plans, shows the verdict, and applies that same saved plan only when nothing blocks or a person
 * confirms at the terminal. Exit status as `analyze`: 0 applied (or nothing to do), 1 a blocking
 * change was not confirmed, 2 the plan or the apply could not be made.
 */
function runApply(args: readonly string[], io: AgentIo): number {
  const split = args.indexOf('--');
  const own = split < 0 ? args : args.slice(0, split);
  const terraformArgs = split < 0 ? [] : args.slice(split + 1);
  const { values, positionals } = parse(own, {
    destroy: { type: 'boolean' },
    config: { type: 'string' },
    'block-on': { type: 'string' },
    program: { type: 'string' },
    timeout: { type: 'string' },
  });
  if (positionals.length > 1) throw new InputError(null, `tf-plan-guard apply takes one directory (got ${positionals.length}); Terraform's own options go after --`);
  const directory = resolve(io.cwd, positionals[0] ?? '.');
  const program = values.program ?? 'terraform';
  const policy = policyFor(values.config, values['block-on'], io.cwd);
  const planned = producePlan({ program, directory, destroy: values.destroy === true, planArgs: terraformArgs, savedPlan: null, budgetMs: timeoutSeconds(values.timeout ?? '3600') * 1000, env: io.env });
  if (!planned.ok) throw new InputError(directory, `no plan to apply: ${planned.problem}`);
  try {
    const analysis = analyzePlans([loadPlanBytes(planned.json, `plan of ${directory}`)], policy, { configurationChange: () => configurationEvidence(directory) });
    io.stderr.write(renderText(analysis, { color: false }));
    if (analysis.report.blocking) {
      const terminal = io.openTerminal();
      if (terminal === null) {
        io.stderr.write('tf-plan-guard: refused: this plan needs a human\'s approval and there is no terminal to ask one. Ask a person to run `tf-plan-guard apply` themselves.\n');
        return 1;
      }
      let confirmed: boolean;
      try {
        confirmed = terminal.question(`This plan needs a human's approval. Type "apply" to apply exactly this plan: `).trim() === 'apply';
      } finally {
        terminal.close();
      }
      if (!confirmed) {
        io.stderr.write('tf-plan-guard: not confirmed; nothing was applied.\n');
        return 1;
      }
    }
    const applied = spawnSync(program, ['apply', '-input=false', planned.planFile], { cwd: directory, env: io.env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (applied.error || applied.status !== 0) throw new InputError(directory, `\`${program} apply\` of the saved plan failed (exit ${applied.status ?? 'none'})`);
    return 0;
  } finally {
    planned.cleanup();
  }
}

function runInstall(args: readonly string[], io: AgentIo): number {
  const { values, positionals } = parse(args, {
    project: { type: 'boolean' },
    user: { type: 'boolean' },
    unattended: { type: 'boolean' },
    'no-deny-rules': { type: 'boolean' },
    timeout: { type: 'string' },
  });
  harnessName(positionals, 'install');
  if (values.project && values.user) throw new InputError(null, 'choose one of --project and --user');
  const home = io.env['HOME'];
  if (values.user && !home) throw new InputError(null, '--user needs HOME to find ~/.claude/settings.json');
  const path = values.user ? join(home!, '.claude', 'settings.json') : join(io.cwd, '.claude', 'settings.json');
  const seconds = timeoutSeconds(values.timeout);
  const hookCommand = `${io.selfCommand()} hook claude-code${values.unattended ? ' --unattended' : ''}${values.timeout ? ` --timeout ${seconds}` : ''}`;

  let existing: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      existing = parsed as Record<string, unknown>;
    } catch {
      throw new InputError(path, 'is not a JSON object; fix or move it, then run install again (nothing was changed)');
    }
  }
  let merged;
  try {
    merged = mergeClaudeCodeSettings(existing, { hookCommand, timeoutSeconds: Math.ceil(seconds + HARNESS_TIMEOUT_MARGIN_SECONDS), denyRules: values['no-deny-rules'] !== true });
  } catch (error) {
    if (error instanceof SettingsShapeError) throw new InputError(path, `${error.message}; nothing was changed`);
    throw error;
  }
  if (merged.changes.length === 0) {
    io.stdout.write(`${path}: tf-plan-guard is already installed; nothing changed.\n`);
    return 0;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(merged.settings, null, 2)}\n`);
  io.stdout.write(`${path}:\n${merged.changes.map((change) => `  ${change}`).join('\n')}\n`);
  return 0;
}

function readAll(input: ByteChunks | Uint8Array): string {
  const chunks = input instanceof Uint8Array ? [input] : [...input];
  return Buffer.concat(chunks).toString('utf8');
}

/** The controlling terminal, read and written directly (standard input may be a pipe). */
export function openControllingTerminal(): Terminal | null {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return null;
  }
  return {
    question(prompt: string): string {
      writeSync(fd, prompt);
      const buffer = Buffer.alloc(1024);
      let answer = '';
      while (!answer.includes('\n')) {
        const count = readSync(fd, buffer, 0, buffer.length, null);
        if (count === 0) break;
        answer += buffer.toString('utf8', 0, count);
      }
      return answer.split('\n')[0] ?? '';
    },
    close: () => closeSync(fd),
  };
}

/** `tf-plan-guard` when that name runs this program from PATH, else node and this script's path. */
export function selfCommand(env: NodeJS.ProcessEnv, script: string | undefined): string {
  const self = script ? safeRealpath(script) : null;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'tf-plan-guard');
    if (existsSync(candidate) && self !== null && safeRealpath(candidate) === self) return 'tf-plan-guard';
  }
  return self ? `${quote(process.execPath)} ${quote(self)}` : 'tf-plan-guard';
}

function safeRealpath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function quote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
