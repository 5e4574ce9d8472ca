/**
 * The agent-facing commands: `hook claude-code|cursor`, `apply` and `install claude-code|cursor`.
 * Each reads its arguments, does its I/O here, and leaves the deciding to guard.ts and the pipeline.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, writeFileSync, writeSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { analyzePlans } from '../analyze.js';
import { InputError } from '../errors.js';
import { loadPlanBytes } from '../plan/load.js';
import type { ByteChunks } from '../plan/load-input.js';
import { BLOCK_ON_VALUES, DEFAULT_POLICY_PATH, resolvePolicy, type BlockOn, type Policy } from '../policy/config.js';
import { compare } from '../policy/change.js';
import { renderText } from '../render/text.js';
import { answerToolCall, parseHookInput, unreadableInputAnswer, type HookSettings } from './claude-code-hook.js';
import { answerShellExecution, parseCursorInput, unreadableCursorInput } from './cursor-hook.js';
import { answerShellCommand, parseGeminiInput, unreadableGeminiInput } from './gemini-hook.js';
import { configurationEvidence } from './guard.js';
import { DEFAULT_TIMEOUT_SECONDS, mergeClaudeCodeSettings, mergeCursorHooks, SettingsShapeError, type Harness, type InstallChoice } from './install.js';
import { decidingPolicy, fixedPolicy, policyLines } from './policy-source.js';
import { DEFAULT_GRACE_MS, onPlanningActivity, producePlan, stopAllPlanning } from './planner.js';
import type { Tool } from './terraform-commands.js';

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
  /** The version of Claude Code on PATH (`claude --version`), or null when there is none. */
  claudeCodeVersion?: () => string | null;
}

export interface Terminal {
  question(prompt: string): string;
  close(): void;
}

export const AGENT_COMMANDS = ['hook', 'apply', 'install'] as const;

/** The first Claude Code release that reads `onFailure` on a hook (2.1.295). */
const CLAUDE_CODE_ON_FAILURE = [2, 1, 295] as const;

export const AGENT_USAGE = `       tf-plan-guard hook claude-code|cursor|gemini-cli [--unattended] [--timeout SECONDS] [--config FILE]
                                  [--terraform FILE] [--tofu FILE] [--terragrunt FILE]
       tf-plan-guard apply [DIR] [--destroy] [--config FILE] [--block-on SEV] [-- TERRAFORM-ARGS]
       tf-plan-guard install claude-code|cursor [--project | --user] [--unattended | --attended]
                                  [--timeout SECONDS] [--fail-closed] [--no-deny-rules]`;

export function runAgentCommand(command: (typeof AGENT_COMMANDS)[number], args: readonly string[], io: AgentIo): Promise<number> {
  switch (command) {
    case 'hook':
      return runHook(args, io);
    case 'apply':
      return runApply(args, io);
    case 'install':
      return Promise.resolve(runInstall(args, io));
  }
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true });
  } catch (error) {
    throw new InputError(null, `${error instanceof Error ? error.message : String(error)}\nUsage: ${AGENT_USAGE.trimStart()}`);
  }
}

function harnessName(positionals: string[], command: string): Harness {
  const name = positionals[0];
  if (name !== 'claude-code' && name !== 'cursor') {
    throw new InputError(null, `tf-plan-guard ${command} needs the harness: claude-code or cursor${command === 'hook' ? ' (or gemini-cli)' : ''} (got ${name ? `"${name}"` : 'nothing'}); see the README for other harnesses`);
  }
  return name;
}

/** The harnesses `hook` speaks to: those `install` knows, and Gemini CLI (set up by hand, see the README). */
function hookHarnessName(positionals: string[]): Harness | 'gemini-cli' {
  return positionals[0] === 'gemini-cli' ? 'gemini-cli' : harnessName(positionals, 'hook');
}

function timeoutSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InputError(null, `--timeout must be a number of seconds (got "${value}")`);
  return seconds;
}

function policyFor(config: string | undefined, blockOn: string | undefined, cwd: string, base?: Policy): Policy {
  const policy = base ?? resolvePolicy(config ? resolve(cwd, config) : null, cwd);
  if (blockOn === undefined) return policy;
  if (!(BLOCK_ON_VALUES as readonly string[]).includes(blockOn)) throw new InputError(null, `--block-on must be one of ${BLOCK_ON_VALUES.join(', ')} (got "${blockOn}")`);
  return { ...policy, blockOn: blockOn as BlockOn };
}

/**
 * The policy `apply` decides with: the repository's (as the hook would take it), or what
 * `--config`/`--block-on` make of it. Options that loosen the repository's policy are the caller
 * setting its own gate: without a person at a terminal (an agent, a script) they are refused.
 */
function applyPolicy(config: string | undefined, blockOn: string | undefined, directory: string, io: AgentIo): Policy {
  const repository = decidingPolicy(directory, io.cwd);
  for (const line of policyLines(repository)) io.stderr.write(`tf-plan-guard: ${line}\n`);
  if (config === undefined && blockOn === undefined) return repository.policy;
  const chosen = config === undefined ? repository.policy : policyFor(config, undefined, io.cwd);
  const policy = policyFor(undefined, blockOn, io.cwd, chosen);
  const loosened = compare(repository.policy, policy);
  if (loosened.length > 0) {
    const terminal = io.openTerminal();
    if (terminal === null) throw new InputError(null, `refused: ${[config === undefined ? '' : `--config ${config}`, blockOn === undefined ? '' : `--block-on ${blockOn}`].filter(Boolean).join(' ')} loosens the repository's policy (${loosened.join('; ')}), and loosening needs a person at a terminal`);
    terminal.close();
  }
  return policy;
}

/**
 * The hook answers on stdout and exits 0, or says nothing. It never fails open on its own
 * trouble: a bad policy or an unreadable input is an `ask` (or `deny`) naming the problem. A
 * signal stops the planning it started (the whole process group) and removes its files first.
 */
async function runHook(args: readonly string[], io: AgentIo): Promise<number> {
  const { values, positionals } = parse(args, {
    unattended: { type: 'boolean' },
    timeout: { type: 'string' },
    config: { type: 'string' },
    terraform: { type: 'string' },
    tofu: { type: 'string' },
    terragrunt: { type: 'string' },
  });
  const harness = hookHarnessName(positionals);
  const unattended = values.unattended === true;
  const budgetMs = timeoutSeconds(values.timeout) * 1000;
  const programs: Partial<Record<Tool, string>> = {};
  for (const tool of ['terraform', 'tofu', 'terragrunt'] as const) if (values[tool] !== undefined) programs[tool] = resolve(io.cwd, values[tool]);
  const input = readHookInput(io.readStdin());
  const release = stopPlanningOnSignals();
  try {
    const settingsFor = (cwd: string): HookSettings => {
      const fixed = values.config === undefined ? null : fixedPolicy(policyFor(values.config, undefined, cwd));
      return { policyFor: (directory) => fixed ?? decidingPolicy(directory, cwd), budgetMs, analysisScript: bundledScript(), unattended, programs, path: io.env['PATH'] ?? '' };
    };
    const answer = await hookAnswer(PROTOCOLS[harness], input, io.cwd, unattended, settingsFor);
    if (answer) io.stdout.write(`${JSON.stringify(answer)}\n`);
    return 0;
  } finally {
    release();
  }
}

/** One harness's hook protocol: how its input is read, answered, and answered when unreadable. */
interface HookProtocol<Input extends { cwd: string }, Answer> {
  parse(text: string, fallbackCwd: string): Input | { problem: string };
  answer(input: Input, settings: HookSettings): Promise<Answer | null>;
  unreadable(problem: string, unattended: boolean): Answer;
}

const PROTOCOLS: Record<Harness | 'gemini-cli', HookProtocol<{ cwd: string }, unknown>> = {
  'claude-code': { parse: parseHookInput, answer: answerToolCall, unreadable: unreadableInputAnswer },
  cursor: { parse: parseCursorInput, answer: answerShellExecution, unreadable: unreadableCursorInput },
  'gemini-cli': { parse: parseGeminiInput, answer: answerShellCommand, unreadable: unreadableGeminiInput },
};

async function hookAnswer<Input extends { cwd: string }, Answer>(protocol: HookProtocol<Input, Answer>, read: HookRead, cwd: string, unattended: boolean, settingsFor: (cwd: string) => HookSettings): Promise<Answer | null> {
  const input = 'problem' in read ? read : protocol.parse(read.text, cwd);
  if ('problem' in input) return protocol.unreadable(input.problem, unattended);
  try {
    return await protocol.answer(input, settingsFor(input.cwd));
  } catch (error) {
    return protocol.unreadable(internalProblem(error), unattended);
  }
}

function internalProblem(error: unknown): string {
  return error instanceof InputError ? error.message : `an internal error stopped the check (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * On SIGTERM, SIGINT or SIGHUP while planning runs or its files are there: stop every planning run
 * (SIGINT, then SIGKILL after a short grace), remove the temporary directories, and exit as killed
 * by that signal. On any exit: the same, at once. Returns the function that removes the handlers.
 *
 * The signal handlers are there only while planning has something to stop (onPlanningActivity):
 * a handler runs only when this thread is free, and reading a command line is synchronous work,
 * so with one installed a busy hook would outlive the harness's SIGTERM. Without one, node's
 * default ends the process at once, and there is nothing of planning to leave behind then.
 */
export function stopPlanningOnSignals(): () => void {
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      void stopAllPlanning(0);
      process.exit(128 + (numbers[signal] ?? 15));
    }
    stopping = true;
    void stopAllPlanning(Math.min(DEFAULT_GRACE_MS, 2_000)).then(() => process.exit(128 + (numbers[signal] ?? 15)));
  };
  const onExit = (): void => void stopAllPlanning(0);
  let handling = false;
  const handle = (active: boolean): void => {
    if (active === handling) return;
    handling = active;
    for (const signal of signals) (active ? process.on : process.off).call(process, signal, onSignal);
  };
  const stopListening = onPlanningActivity(handle);
  process.on('exit', onExit);
  return () => {
    stopListening();
    handle(false);
    process.off('exit', onExit);
  };
}

/**
 * Plans, shows the verdict, and applies that same saved plan only when nothing blocks or a person
 * confirms at the terminal. Exit status as `analyze`: 0 applied (or nothing to do), 1 a blocking
 * change was not confirmed, 2 the plan or the apply could not be made.
 */
async function runApply(args: readonly string[], io: AgentIo): Promise<number> {
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
  const policy = applyPolicy(values.config, values['block-on'], directory, io);
  const release = stopPlanningOnSignals();
  const planned = await producePlan({ program, directory, destroy: values.destroy === true, planArgs: terraformArgs, savedPlan: null, budgetMs: timeoutSeconds(values.timeout ?? '3600') * 1000, env: io.env });
  release();
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
    attended: { type: 'boolean' },
    'fail-closed': { type: 'boolean' },
    'no-deny-rules': { type: 'boolean' },
    timeout: { type: 'string' },
  });
  const harness = harnessName(positionals, 'install');
  if (values.project && values.user) throw new InputError(null, 'choose one of --project and --user');
  if (values.unattended && values.attended) throw new InputError(null, 'choose one of --unattended and --attended');
  const home = io.env['HOME'];
  const folder = harness === 'cursor' ? '.cursor' : '.claude';
  const file = harness === 'cursor' ? 'hooks.json' : 'settings.json';
  if (values.user && !home) throw new InputError(null, `--user needs HOME to find ~/${folder}/${file}`);
  const path = join(values.user ? home! : io.cwd, folder, file);

  let failClosed = values['fail-closed'] === true || harness === 'cursor';
  // onFailure is read from Claude Code 2.1.295 on; an older one may reject the whole settings file.
  const version = harness === 'claude-code' && !failClosed ? (io.claudeCodeVersion?.() ?? null) : null;
  if (version !== null && atLeast(version, CLAUDE_CODE_ON_FAILURE)) failClosed = true;
  const choice: InstallChoice = {
    self: io.selfCommand(),
    unattended: values.unattended ? true : values.attended ? false : undefined,
    timeoutSeconds: values.timeout === undefined ? undefined : timeoutSeconds(values.timeout),
    denyRules: values['no-deny-rules'] !== true,
    failClosed,
  };

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
    merged = harness === 'cursor' ? mergeCursorHooks(existing, choice) : mergeClaudeCodeSettings(existing, choice);
  } catch (error) {
    if (error instanceof SettingsShapeError) throw new InputError(path, `${error.message}; nothing was changed`);
    throw error;
  }
  // The note describes the settings as written, whatever this run asked for.
  const notes = merged.failClosed
    ? []
    : [`note: ${version === null ? 'no `claude` on PATH to check' : `Claude Code ${version} is older than 2.1.295`}, so the hook has no "onFailure": "block": if the hook crashes or Claude Code's timeout runs out, the command runs. Pass --fail-closed once every Claude Code that reads this file is 2.1.295 or later.`];
  const report = [...merged.changes, ...merged.kept, ...notes];
  if (merged.changes.length === 0) {
    io.stdout.write(`${path}: tf-plan-guard is already installed; nothing changed.\n${[...merged.kept, ...notes].map((line) => `  ${line}\n`).join('')}`);
    return 0;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(merged.settings, null, 2)}\n`);
  io.stdout.write(`${path}:\n${report.map((change) => `  ${change}`).join('\n')}\n`);
  return 0;
}

/** Whether a version string ("2.1.300 (Claude Code)") is at least `minimum`. */
function atLeast(version: string, minimum: readonly number[]): boolean {
  const parts = /(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number);
  if (!parts) return false;
  for (let i = 0; i < minimum.length; i++) {
    if (parts[i]! !== minimum[i]!) return parts[i]! > minimum[i]!;
  }
  return true;
}

/** `claude --version` from PATH, or null when it cannot be run. */
export function claudeCodeVersion(env: NodeJS.ProcessEnv): string | null {
  const result = spawnSync('claude', ['--version'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim().split('\n')[0] ?? null;
}

/**
 * The most of a hook's input that is read: a tool call's is a few KiB (a heredoc, some MiB). A
 * larger one (512 MiB would not even fit in one string) is answered as unreadable input is; what
 * comes past this is read to its end without being kept, so the harness's write completes.
 */
export const MAX_HOOK_INPUT_BYTES = 64 * 1024 * 1024;

type HookRead = { text: string } | { problem: string };

function readHookInput(input: ByteChunks | Uint8Array): HookRead {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (const chunk of input instanceof Uint8Array ? [input] : input) {
      bytes += chunk.length;
      // Copied as it arrives: the reader reuses its buffers (load-input.ts ByteChunks).
      if (bytes <= MAX_HOOK_INPUT_BYTES) chunks.push(Uint8Array.prototype.slice.call(chunk));
    }
  } catch (error) {
    return { problem: `the hook input cannot be read (${(error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error'})` };
  }
  if (bytes > MAX_HOOK_INPUT_BYTES) return { problem: `the hook input is larger than ${MAX_HOOK_INPUT_BYTES / (1024 * 1024)} MiB` };
  return { text: Buffer.concat(chunks).toString('utf8') };
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

/** This bundled program (dist/cli.js), to start analysis workers from; null when running from sources. */
function bundledScript(): string | null {
  const url = import.meta.url;
  return url.startsWith('file:') && url.endsWith('.js') ? fileURLToPath(url) : null;
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
