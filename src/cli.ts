/**
 * `tf-plan-guard analyze`: the command-line entry point. Reads arguments and files, runs the
 * pipeline, writes the report, and turns the verdict into an exit status. No logic of its own.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { planFileAt } from './action/plan-files.js';
import { readTfFiles } from './action/workspace.js';
import { AGENT_COMMANDS, AGENT_USAGE, claudeCodeVersion, openControllingTerminal, runAgentCommand, selfCommand, type Terminal } from './agent/commands.js';
import { analyzePlans } from './analyze.js';
import { serveAnalysisJob } from './agent/analysis-worker.js';
import { InputError } from './errors.js';
import { readChunks, type ByteChunks, type ProgressListener } from './plan/load-input.js';
import { loadPlanChunks, loadPlanFile } from './plan/load.js';
import type { Plan } from './plan/model.js';
import { BLOCK_ON_VALUES, resolvePolicy, type BlockOn, type Policy } from './policy/config.js';
import type { Analysis } from './report.js';
import { readingProgress } from './progress.js';
import { renderJsonParts } from './render/json.js';
import { renderMarkdown } from './render/markdown.js';
import { renderSarifParts, type SarifOptions } from './render/sarif.js';
import { scrubReport } from './render/scrub.js';
import { renderText, type TextOptions } from './render/text.js';
import { textPieces, writeTextFile } from './text-output.js';
import { TOOL_VERSION } from './version.js';

export const EXIT_OK = 0;
export const EXIT_NEEDS_APPROVAL = 1;
export const EXIT_INVALID_INPUT = 2;

const USAGE = `Usage: tf-plan-guard analyze [PLAN ...] [--config FILE] [--format text|markdown|json|sarif]
                             [--block-on SEVERITY] [--output FILE]
                             [--configuration-change added|modified]
${AGENT_USAGE}

Analyzes the output of \`terraform show -json\` (or \`tofu show -json\`) for dangerous changes.
PLAN is a JSON plan file; \`-\` or no PLAN reads standard input.

  --config FILE     policy file (default: .github/tf-plan-guard.yml when present)
  --format FORMAT   text (default), markdown, json, or sarif (SARIF 2.1.0 for code
                    scanning: findings at the .tf line declaring the resource, found
                    under the current directory, else at the plan file)
  --block-on SEV    critical|high|medium|low|info|none (default: high, or the policy's)
  --output FILE     write the report to FILE instead of standard output
  --configuration-change added|modified
                    whether this change adds the configuration (a new root module) or
                    modifies one that existed; weighs an empty prior state (lost backend)

The text report is wrapped to the terminal's width (COLUMNS, or 100 columns when not a
terminal) and coloured only on a terminal (NO_COLOR turns colour off, FORCE_COLOR on).

Exit status: 0 nothing at or above block-on; 1 a change needs a human's approval;
2 usage error or unreadable/invalid input.`;

/** How a plan read from standard input is named in reports. */
const STDIN_NAME = '(stdin)';
const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
const CONFIGURATION_CHANGES = ['added', 'modified', 'unknown'] as const;
type Format = (typeof FORMATS)[number];

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  /** Whether stderr is a terminal: then a large plan's reading shows its progress there. */
  stderrIsTTY?: boolean;
  stdinIsTTY: boolean;
  /** Standard input: its chunks as they arrive, or (in tests) all of it at once. */
  readStdin: (onProgress?: ProgressListener) => ByteChunks | Uint8Array;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** For `apply`: the controlling terminal, where a person confirms; absent in tests. */
  openTerminal?: () => Terminal | null;
  /** For `install`: the command line that starts this program. */
  selfCommand?: () => string;
  /** For `install claude-code`: the installed Claude Code's version, or null. */
  claudeCodeVersion?: () => string | null;
}

/** `analyze` and the informational flags: synchronous, as the pipeline is. */
export function runCli(argv: readonly string[], io: Io): number {
  try {
    return run(argv, io);
  } catch (error) {
    return failure(error, io);
  }
}

/**
 * Every command, as the program runs it: the agent commands (`hook`, `apply`, `install`) wait
 * for the Terraform they start without blocking, so that a time budget and signals can stop it.
 */
export async function runProgram(argv: readonly string[], io: Io): Promise<number> {
  const agentCommand = AGENT_COMMANDS.find((name) => name === argv[0]);
  if (!agentCommand) return runCli(argv, io);
  try {
    return await runAgentCommand(agentCommand, argv.slice(1), {
      ...io,
      openTerminal: io.openTerminal ?? (() => null),
      selfCommand: io.selfCommand ?? (() => 'tf-plan-guard'),
    });
  } catch (error) {
    return failure(error, io);
  }
}

function failure(error: unknown, io: Io): number {
  if (error instanceof InputError) {
    io.stderr.write(`tf-plan-guard: ${error.message}\n`);
    return EXIT_INVALID_INPUT;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`tf-plan-guard: internal error: ${message}\n`);
  if (io.env['TF_PLAN_GUARD_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_INVALID_INPUT;
}

function run(argv: readonly string[], io: Io): number {
  if (AGENT_COMMANDS.some((name) => name === argv[0])) throw new Error(`${argv[0]} runs through runProgram`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        format: { type: 'string' },
        'block-on': { type: 'string' },
        'configuration-change': { type: 'string' },
        output: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new InputError(null, `${error instanceof Error ? error.message : String(error)}\n${USAGE.split('\n')[0]}`);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT_OK;
  }
  if (values.help || positionals.length === 0) {
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    throw new InputError(null, `missing command\n${USAGE}`);
  }
  const [command, ...planArgs] = positionals;
  if (command !== 'analyze') throw new InputError(null, `unknown command "${command}" (the commands are: analyze, ${AGENT_COMMANDS.join(', ')})`);

  const format = oneOf(values.format ?? 'text', FORMATS, '--format');
  const blockOnFlag = values['block-on'] === undefined ? null : oneOf(values['block-on'], BLOCK_ON_VALUES, '--block-on');
  const policy = resolvePolicy(values.config ?? null, io.cwd);
  const effectivePolicy = blockOnFlag ? { ...policy, blockOn: blockOnFlag as BlockOn } : policy;

  const configurationChange = oneOf(values['configuration-change'] ?? 'unknown', CONFIGURATION_CHANGES, '--configuration-change');
  const analysis = analyzePlanArgs(planArgs, io, effectivePolicy, configurationChange);
  const toStdout = values.output === undefined;
  const toTerminal = toStdout && io.stdout.isTTY === true;
  const text: TextOptions = {
    color: toStdout && wantsColor(io.env, toTerminal),
    width: (toTerminal ? io.stdout.columns : undefined) ?? columnsFromEnv(io.env) ?? DEFAULT_TEXT_WIDTH,
    closing: true,
  };
  const rendered = render(format as Format, analysis, text, io.cwd);

  if (values.output !== undefined) {
    try {
      writeTextFile(values.output, rendered);
    } catch {
      throw new InputError(values.output, 'cannot write the report there');
    }
  } else {
    for (const piece of textPieces(rendered)) io.stdout.write(piece);
  }
  return analysis.report.blocking ? EXIT_NEEDS_APPROVAL : EXIT_OK;
}

/** The report as the parts of its text (text-output.ts). */
function render(format: Format, analysis: Analysis, text: TextOptions, cwd: string): readonly string[] {
  switch (format) {
    case 'sarif':
      return renderSarifParts(analysis, sarifLocations(cwd));
    case 'json':
      return renderJsonParts(scrubReport(analysis.report, analysis.secrets));
    case 'markdown':
      return [renderMarkdown(analysis)];
    case 'text':
      return [renderText(analysis, text)];
  }
}

/** The text report's width when standard output is not a terminal (a pipe, a file, CI logs) and COLUMNS is not set. */
const DEFAULT_TEXT_WIDTH = 100;

/**
 * Colour on a terminal only, unless the environment says otherwise: FORCE_COLOR (other than 0 or
 * false) forces it even into a pipe, as Node and most tools do; NO_COLOR (non-empty, no-color.org)
 * and TERM=dumb turn it off. Never into an --output file.
 */
function wantsColor(env: NodeJS.ProcessEnv, toTerminal: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env['NO_COLOR']) return false;
  if (env['TERM'] === 'dumb') return false;
  return toTerminal;
}

/** COLUMNS as shells export it, when it is a sensible width. */
function columnsFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const columns = Number.parseInt(env['COLUMNS'] ?? '', 10);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/**
 * Where SARIF results point: paths relative to the current directory (the repository root, where
 * code scanning resolves them). A root module is looked for beside its plan file, then in the
 * current directory; `.tf` files are read only for this format.
 */
function sarifLocations(cwd: string): SarifOptions {
  return {
    files: readTfFiles(cwd),
    planFileOf: (name) => {
      const file = name === STDIN_NAME ? null : planFileAt(resolve(cwd, name), cwd);
      return file && file.configurationDir !== null ? { name: file.name, configurationDir: file.configurationDir } : null;
    },
  };
}

/**
 * The analysis of the plans named: the plans themselves (a 600 MB plan's model is ~120 MiB) are
 * no longer held once it is made, so rendering the report can reuse their memory.
 */
function analyzePlanArgs(planArgs: readonly string[], io: Io, policy: Policy, configurationChange: (typeof CONFIGURATION_CHANGES)[number]): Analysis {
  return analyzePlans(loadPlans(planArgs, io), policy, { configurationChange: () => configurationChange });
}

function loadPlans(planArgs: readonly string[], io: Io): Plan[] {
  if (planArgs.length === 0) {
    if (io.stdinIsTTY) throw new InputError(null, `no plan given\n${USAGE.split('\n')[0]}`);
    return [loadStdin(io)];
  }
  if (planArgs.filter((arg) => arg === '-').length > 1) throw new InputError(null, 'standard input (-) can be read only once');
  return planArgs.map((arg) => (arg === '-' ? loadStdin(io) : withProgress(io, arg, (onProgress) => loadPlanFile(arg, arg, onProgress))));
}

function loadStdin(io: Io): Plan {
  return withProgress(io, 'standard input', (onProgress) => {
    const input = io.readStdin(onProgress);
    return loadPlanChunks(input instanceof Uint8Array ? [input] : input, STDIN_NAME);
  });
}

function withProgress(io: Io, name: string, load: (onProgress?: ProgressListener) => Plan): Plan {
  if (!io.stderrIsTTY) return load();
  const progress = readingProgress(io.stderr, name);
  try {
    return load(progress.onProgress);
  } finally {
    progress.done();
  }
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(null, `${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** True when this file is the program being run (directly or through npm's bin link), not an import. */
function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// An analysis worker the hook started from this same program does its job and nothing else.
if (!serveAnalysisJob() && isMain()) {
  // A reader that stops early (`| head`) closes the pipe; that ends our output, it is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? EXIT_OK);
  });
  process.exitCode = await runProgram(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    // Not process.stdin: opening that stream switches a pipe to non-blocking mode.
    stdinIsTTY: isatty(0),
    stderrIsTTY: isatty(2),
    readStdin: (onProgress) => readChunks(0, onProgress),
    env: process.env,
    cwd: process.cwd(),
    openTerminal: openControllingTerminal,
    selfCommand: () => selfCommand(process.env, process.argv[1]),
    claudeCodeVersion: () => claudeCodeVersion(process.env),
  });
}
