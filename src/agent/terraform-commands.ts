/**
 * Which Terraform, OpenTofu or Terragrunt runs a command line would start that change real
 * infrastructure or lose track of it, however the line is written. Pure: a string and a working
 * directory in, intents out. Anything it cannot be sure of that may run such a command is an
 * `uncertain` intent, never silence.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { displayCommand, displayCommands, normalizeOption, PROGRAMS, type Tool } from './display.js';
import { gitTopLevel, readGitInvocation } from './git-config.js';
import { commandTouch, maySetVariables, type Touch } from './environment-touch.js';
import { filesWritten, laterApplyEffect } from './line-effects.js';
import { readPackageManager, type Manager, type PackageRun } from './package-managers.js';
import { localProgram, longerThanRead, readStart, type Runner, type RunnerCall } from './runners.js';
import { appendArguments, parseCommandLine, type SimpleCommand, type Word } from './shell.js';

export type { Tool } from './display.js';

/** An apply or destroy: it can be planned first. */
export interface ChangeIntent {
  kind: 'change';
  tool: Tool;
  /**
   * The program as written (`terraform`, `terraform_1.9.8`), or its absolute path when written
   * with a directory (`./bin/terraform` → `/work/app/bin/terraform`).
   */
  program: string;
  /** The directory Terraform would work in (after `cd`, `-chdir`). */
  directory: string;
  destroy: boolean;
  /** Options that shape the plan (`-var`, `-target`, `-replace`...), to plan with the same ones. */
  planArgs: string[];
  /** `terraform apply FILE`: a saved plan, applied as it is. */
  savedPlan: string | null;
  /**
   * `terraform plan -out=FILE && terraform apply FILE`: the plan file this line writes before
   * applying it, so tf-plan-guard plans with that plan's options instead. `onlyIfPlanSucceeds`:
   * the apply runs only when that plan succeeded (`&&` all the way); else a FILE already there
   * could be applied instead.
   */
  replacesSavedPlan?: { file: string; onlyIfPlanSucceeds: boolean };
  /** Terragrunt over many modules (`run-all`, `--all`): not planned module by module here. */
  manyModules: boolean;
  /** Variables the command line sets for it (`AWS_PROFILE=prod`, `TF_VAR_x=...`, `export ...`): the plan gets them too. */
  env: Record<string, string>;
  /** The command as written, for the reason shown to people. */
  display: string;
  /**
   * Its words came out of a line joined and split again (`eval`, `echo … | sh`): any of them may
   * be a piece of a value, so Terraform's error quoting one is not shown.
   */
  resplit?: boolean;
}

/** A state command after which Terraform no longer tracks objects that still exist (or vice versa). */
export interface StateIntent {
  kind: 'state';
  tool: Tool;
  directory: string;
  display: string;
  /** What the command does to the state, in words. */
  effect: string;
}

/** A command that may run an apply or destroy, but whose words are not known before it runs. */
export interface UncertainIntent {
  kind: 'uncertain';
  display: string;
  why: string;
  /**
   * A runner in a directory only the running shell knows (`cd "$X" && npm run d4`): the guard
   * asks only when something in the repository around could run Terraform. `file`: the name of
   * the script it runs, when it runs one.
   */
  unplaced?: { runner: Runner; file: string | null };
}

/**
 * `tf-plan-guard apply` run by the agent: its confirmation is read from a terminal, and an agent
 * can make one (script(1)) and answer it, so a person approves it in the harness instead.
 */
export interface GuardedApplyIntent {
  kind: 'guarded-apply';
  directory: string | null;
  display: string;
}

/**
 * A task runner or script that may run Terraform without the line naming it (`make destroy`,
 * `./deploy.sh`): the guard reads the file it runs to decide.
 */
export interface RunnerIntent extends RunnerCall {
  kind: 'runner';
  display: string;
  /**
   * A package script: the words its package manager appends to the script's line (`npm run X --
   * ARGS`, `yarn X ARGS`); a dynamic word among them when which words it passes is not known.
   */
  scriptArguments?: Word[];
  /**
   * A package script run in other packages of a workspace than the nearest (`npm -w x`, `pnpm
   * --filter x`, `yarn workspace x`): the option or command that selects them, as written.
   */
  workspaces?: string;
  /** A package script that, when the package has none of that name, runs this program instead (`yarn eslint .`). */
  orProgram?: Word[];
  /** The script's name is one of the manager's own commands (`pnpm recursive …`, `yarn node …`): its words may be a command it runs. */
  ownCommand?: boolean;
  /** The package manager that runs it (its configuration files may change what runs). */
  manager?: Manager;
  /**
   * Why the environment its scripts would run with is not known: the line sets or exports
   * variables that reach them, which are not carried into the scripts' lines. A Terraform run
   * found there is asked about, not planned.
   */
  environment?: string;
}

export type Intent = ChangeIntent | StateIntent | UncertainIntent | GuardedApplyIntent | RunnerIntent;

/** The directory a command runs in, or null when only the running shell knows it. */
type Directory = string | null;

interface Scope {
  directory: Directory;
  /** Where `cd -` goes back to; null when not known from this line. */
  previous: Directory;
  /** Why the directory is not known (`cd "$DIR"`), shown to people. */
  unknownBecause: string;
  exported: Word[];
  /**
   * Set by a `cd` that may not run (after `&&`/`||`, in an `if`, a loop, a `{ }` group or function
   * body): why the directory is unknown once the `&&` chain it sits in ends.
   */
  unknownAfterChain?: string;
  /**
   * Names exported by a command that may not run: their values hold for the rest of its `&&`
   * chain; after it each is unknown (the shell keeps the earlier value when it did not run).
   */
  exportsUnknownAfterChain?: { names: string[]; because: string };
}

/**
 * What earlier commands of the line may have made on disk, so that a `cd` into a directory that
 * is not there when the hook runs may still succeed: the directories a literal `mkdir` makes, and
 * whether any other command that may change files ran before (`git clone`, `tar x`, a script).
 */
interface MadeEarlier {
  directories: Set<string>;
  anything: boolean;
  /** Shell functions a file the line sources defines, in a file with a `cd`: a call of one may move the shell. */
  functions: Set<string>;
  /** The line sets HOME, a GIT_* variable or XDG_CONFIG_HOME: git may read another configuration, with other aliases. */
  gitConfiguration?: boolean;
  /** What each file sourced (by path) and each line run by `eval` (by text) touches: read once for the line, however often it runs. */
  touches?: Map<string, Touch | null>;
}

/** A line that sets, exports or removes a variable that selects git's configuration (`HOME=x`, `export GIT_CONFIG_GLOBAL=…`, `unset GIT_DIR`). */
const SELECTS_GIT_CONFIGURATION = /(?:^|[^$\w{])(?:HOME|GIT_[A-Z_]+|XDG_CONFIG_HOME)(?:\+?=|(?=[\s;&|)'"]|$))/;

/** git's own commands (an alias cannot take their names): any other word after git's options may be an alias. */
const GIT_COMMANDS = new Set(
  ('add am annotate apply archive bisect blame branch bundle cat-file check-attr check-ignore check-mailmap check-ref-format checkout cherry cherry-pick citool clean clone ' +
    'commit commit-graph commit-tree config count-objects credential describe diff diff-files diff-index diff-tree difftool fast-export fast-import fetch fetch-pack ' +
    'filter-branch for-each-ref format-patch fsck gc get-tar-commit-id grep gui hash-object help index-pack init instaweb interpret-trailers log ls-files ls-remote ' +
    'ls-tree mailinfo mailsplit maintenance merge merge-base merge-file merge-tree mergetool mktag mktree mv name-rev notes pack-objects prune pull push range-diff ' +
    'read-tree rebase reflog remote repack replace request-pull rerere reset restore rev-list rev-parse revert rm send-email shortlog show show-branch show-ref ' +
    'sparse-checkout stash status stripspace submodule switch symbolic-ref tag update-index update-ref var verify-commit verify-pack verify-tag version ' +
    'whatchanged worktree write-tree lfs').split(' '),
);

/** Commands that run the rest of their words as a command, with the options they take before it. */
const WRAPPERS: Record<string, { optionsWithValue: string[]; positionalsBefore?: number; chdirOptions?: string[] }> = {
  // sudo -D DIR (--chdir) runs the command there; sudo -C N is --close-from, a number.
  sudo: { optionsWithValue: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group', '--host', '--prompt', '--chdir', '--close-from'], chdirOptions: ['-D', '--chdir'] },
  doas: { optionsWithValue: ['-u', '-C'] },
  env: { optionsWithValue: ['-u', '--unset', '-C', '--chdir'], chdirOptions: ['-C', '--chdir'] },
  time: { optionsWithValue: ['-f', '-o', '--format', '--output'] },
  nohup: { optionsWithValue: [] },
  exec: { optionsWithValue: ['-a'] },
  command: { optionsWithValue: [] },
  builtin: { optionsWithValue: [] },
  nice: { optionsWithValue: ['-n', '--adjustment'] },
  ionice: { optionsWithValue: ['-c', '-n', '-p', '--class', '--classdata'] },
  stdbuf: { optionsWithValue: ['-i', '-o', '-e'] },
  chronic: { optionsWithValue: [] },
  timeout: { optionsWithValue: ['-s', '-k', '--signal', '--kill-after'], positionalsBefore: 1 },
  // xargs --replace[=R] takes its value only after `=`.
  xargs: { optionsWithValue: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs'] },
  watch: { optionsWithValue: ['-n', '-d', '--interval'] },
  script: { optionsWithValue: ['-c', '--command'] },
  setsid: { optionsWithValue: [] },
};

/**
 * Programs that run a command with credentials or variables from somewhere tf-plan-guard cannot
 * see: a secrets store, a profile, a file. What they set may include TF_CLI_ARGS_apply,
 * TF_VAR_*, TF_WORKSPACE or TF_DATA_DIR, or other credentials (another account), so a plan
 * made without them is not what would run. One row per wrapper: how it is written, the
 * positional words it takes before the command when no `--` ends its own options, and what it
 * sets, as its documentation says.
 */
const ENVIRONMENT_WRAPPERS: { program: string; subcommand: string | null; positionals: number; sets: string; only: 'credentials' | 'anything' }[] = [
  { program: 'aws-vault', subcommand: 'exec', positionals: 1, sets: 'AWS credentials of a profile', only: 'credentials' },
  { program: 'aws-sso', subcommand: 'exec', positionals: 0, sets: 'AWS credentials of an SSO role', only: 'credentials' },
  { program: 'saml2aws', subcommand: 'exec', positionals: 0, sets: 'AWS credentials from a SAML login', only: 'credentials' },
  { program: 'op', subcommand: 'run', positionals: 0, sets: 'secrets from 1Password as environment variables', only: 'anything' },
  { program: 'doppler', subcommand: 'run', positionals: 0, sets: 'secrets from Doppler as environment variables', only: 'anything' },
  { program: 'infisical', subcommand: 'run', positionals: 0, sets: 'secrets from Infisical as environment variables', only: 'anything' },
  { program: 'teller', subcommand: 'run', positionals: 0, sets: 'secrets from its providers as environment variables', only: 'anything' },
  { program: 'chamber', subcommand: 'exec', positionals: 1, sets: 'secrets from AWS Parameter Store as environment variables', only: 'anything' },
  { program: 'direnv', subcommand: 'exec', positionals: 1, sets: "the variables of a directory's .envrc", only: 'anything' },
  { program: 'dotenv', subcommand: null, positionals: 0, sets: 'the variables of a .env file', only: 'anything' },
  { program: 'with-env', subcommand: null, positionals: 0, sets: 'variables from a file or store', only: 'anything' },
  { program: 'summon', subcommand: null, positionals: 0, sets: 'secrets from a provider as environment variables', only: 'anything' },
  { program: 'envconsul', subcommand: null, positionals: 0, sets: 'variables from Consul or Vault', only: 'anything' },
];

/** Wrappers that run the command as another user: its environment, home and credentials are not the hook's. */
const OTHER_USER_WRAPPERS = new Set(['sudo', 'doas']);

/** An environment wrapper at the start of `words`: what it sets and the words before the command it runs. */
function environmentWrapper(words: SimpleCommand): { through: string; why: string; skip: number } | null {
  const name = words[0] ? basename(words[0].text) : '';
  const row = ENVIRONMENT_WRAPPERS.find((wrapper) => wrapper.program === name && (wrapper.subcommand === null || wrapper.subcommand === words[1]?.text));
  if (!row) return null;
  const through = row.subcommand === null ? row.program : `${row.program} ${row.subcommand}`;
  const why =
    row.only === 'credentials'
      ? `\`${through}\` runs it with ${row.sets}, which tf-plan-guard does not have: a plan it made with its own credentials could be of another account than the one that would be changed`
      : `\`${through}\` sets ${row.sets}, which tf-plan-guard cannot see: TF_CLI_ARGS_apply, TF_VAR_*, TF_WORKSPACE or credentials among them would make what runs differ from any plan made without them`;
  const start = row.subcommand === null ? 1 : 2;
  const split = words.findIndex((word, index) => index >= start && word.text === '--');
  if (split >= 0) return { through, why, skip: split + 1 };
  // Without `--`: the first word naming a guarded program, else past the options and positionals.
  const named = words.findIndex((word, index) => index >= start && PROGRAMS.some((program) => program.pattern.test(basename(word.text))));
  if (named >= 0) return { through, why, skip: named };
  let i = start;
  while (words[i] && words[i]!.text.startsWith('-')) i++;
  return { through, why, skip: i + row.positionals };
}

const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', 'time', '!']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox']);

/** Words that suggest an apply or destroy when the command itself cannot be read. */
const DANGEROUS_WORD = /\b(?:apply|destroy|run-all|state|workspace|force-unlock)\b/;
const DANGEROUS_VERB = /^(?:apply|destroy|run-all|force-unlock)$/;
/** Verbs after a program tf-plan-guard does not know by name that make it look the program up. */
const LOOKED_UP_VERB = /^(?:apply|destroy|run-all|force-unlock|state|workspace)$/;
const DANGEROUS_VERB_ANYWHERE = /\b(?:apply|destroy|destroy-all|apply-all|run-all|force-unlock|state\s+(?:rm|push)|workspace\s+delete)\b/;
/** Programs that only print or search text: a line of them names Terraform without running it. */
const TEXT_ONLY = new Set(['echo', 'printf', 'grep', 'egrep', 'rg', 'git', 'cat', 'less', 'head', 'tail', 'ls', 'man', 'which', 'type', 'command', 'true', ':']);

/**
 * Options with which a program that otherwise only reads or prints runs a command of the line's
 * choosing (audit 32 F6, F13): `git grep -O CMD`, `git filter-branch --tree-filter CMD`, `git
 * difftool -x CMD`, `--upload-pack`, `rg --pre CMD`, `man -P CMD`, `less +!CMD`.
 */
const RUNS_A_COMMAND: Record<string, RegExp> = {
  git: /^(?:-O|--open-files-in-pager|--upload-pack|--receive-pack|--exec|--extcmd|-x|--setup)(?:=|$)|^-O.|^--[a-z-]*-filter(?:=|$)/,
  rg: /^--pre(?:-glob)?(?:=|$)/,
  man: /^(?:-P|--pager|-H|--html)(?:=|$)|^-P./,
  less: /^\+/,
};

function onlyHarmless(commands: readonly SimpleCommand[]): boolean {
  return commands.every((words) => {
    const first = words[0];
    if (!first || first.dynamic) return false;
    const name = basename(first.text);
    const runs = RUNS_A_COMMAND[name];
    if (runs !== undefined && words.some((word, index) => index > 0 && runs.test(word.text))) return false;
    // `git config alias.X '!…'`: a later `git X` of the line runs it.
    if (name === 'git' && readGitInvocation(words.slice(1)).writesAlias !== null) return false;
    if (PROGRAMS.some((program) => program.pattern.test(name))) return true; // read as Terraform above: plan, show...
    if (name === 'git') return !words.some((word) => /^(?:checkout|switch|reset|restore|pull|merge|rebase|stash|apply)$/.test(word.text));
    return TEXT_ONLY.has(name);
  });
}
const GUARDED_TOOL = /(?:terraform|tofu|terragrunt)/i;
/** `tf-plan-guard apply` is its business too, and so are runners and scripts that may run Terraform. */
const GUARD_ITSELF = /tf-plan-guard|cli\.[cm]?js/i;
const RUNNER_HINT = /\b(?:g?make|just|task|go-task|npm|yarn|pnpm|bun|lerna|turbo|nx|source|bash|sh|zsh|dash|ksh)\b|(?:^|[\s;&|(])\.\s|\//;

/** How many commands of shell functions' bodies one line's calls are read for (each call reads its function's body again). */
const MAX_FUNCTION_COMMANDS = 2000;

/** The longest line read within another (a substitution's, `sh -c`'s, `eval`'s): each level of nesting reads its line again. */
const MAX_NESTED_LINE = 1_000_000;

/** How deep `bash -c '...'` and `eval` nest before the line is called uncertain. */
const MAX_DEPTH = 4;

/**
 * What a program name the line runs is, when it is none tf-plan-guard knows by name: Terraform
 * under another name (`tf`, a symlink or a copy), a script to read, a name that is not on PATH
 * at all (an alias or shell function of the agent's shell), or nothing of concern (null).
 */
export type ProgramLookup = (written: string, directory: string) => { tool: Tool } | { script: string } | 'not-on-path' | null;

/** What sourced files and `eval` lines were found to touch, shared by the lines of one command (its package scripts'): each is read once. */
export type TouchReads = Map<string, Touch | null>;

export function recognizeTerraformCommands(line: string, cwd: string, lookup: ProgramLookup | null = null, touches: TouchReads = new Map()): Intent[] {
  return recognize(line, cwd, 0, lookup, '', false, { directories: new Set(), anything: false, functions: new Set(), touches });
}

/**
 * `cwdUnknownBecause`: why `cwd` is the stand-in for a directory only the running shell knows.
 * `resplit`: the line was joined from words and split again (`eval`, `echo … | sh`), so any of
 * its words may be a piece of a value: what people read of it is stricter.
 */
function recognize(line: string, cwd: string, depth: number, lookup: ProgramLookup | null, cwdUnknownBecause = '', resplit = false, madeEarlier: MadeEarlier = { directories: new Set(), anything: false, functions: new Set() }): Intent[] {
  return recognizeLine(line, cwd, depth, lookup, cwdUnknownBecause, resplit, madeEarlier).intents;
}

/** Where a line leaves its shell: null when no `cd` of its own (or a function's) moved it. */
type LineEnd = { directory: Directory; unknownBecause: string } | null;

/**
 * A shell's positional parameters and xargs' replacement (`sh -c '$0' {}`, `xargs -I{} sh -c '{}'`):
 * a line using them runs words only known when it runs, so it is read whole.
 */
const RUN_TIME_WORDS = /\$(?:[0-9@*]|\{(?:[0-9@*#]|XARGS_ITEM))/;

/** `cd`, `pushd`, `popd` as words (`\cd`, `builtin cd` too): a line or file with none cannot move the shell. */
const CHANGES_DIRECTORY = /(?:^|[^\w./-])(?:cd|pushd|popd)(?![\w./-])/;

function recognizeLine(line: string, cwd: string, depth: number, lookup: ProgramLookup | null, cwdUnknownBecause: string, resplit: boolean, madeEarlier: MadeEarlier): { intents: Intent[]; end: LineEnd } {
  // Quotes, escapes and line continuations split a name without changing it: ter"raform" runs
  // terraform. A newline of its own ends a command, like a space ends a word.
  const bare = line.replace(/\\\n/g, '').replace(/["'\\]/g, '').replace(/\n/g, ' ');
  // A program named by a variable (`$TF apply`) may be Terraform too.
  // A program under another name (`tf apply`) is looked up when the line has a dangerous verb.
  const maybeRenamed = (lookup !== null || /[$`]/.test(bare)) && DANGEROUS_WORD.test(bare);
  // Read once: each command of the line asks, and a line may have a command every few characters.
  const namesTerraform = GUARDED_TOOL.test(bare);
  if (!madeEarlier.gitConfiguration && SELECTS_GIT_CONFIGURATION.test(line)) madeEarlier.gitConfiguration = true;
  const gitElsewhere = madeEarlier.gitConfiguration === true && /\bgit\b/.test(bare);
  if (!namesTerraform && !GUARD_ITSELF.test(bare) && !RUNNER_HINT.test(bare) && !maybeRenamed && !CHANGES_DIRECTORY.test(bare) && !RUN_TIME_WORDS.test(bare) && !gitElsewhere) return { intents: [], end: null };
  if (depth > MAX_DEPTH) return { intents: [{ kind: 'uncertain', display: maskedLine(line, resplit), why: 'it nests shells too deeply to read' }], end: { directory: null, unknownBecause: 'it nests shells too deeply to read' } };
  if (depth > 0 && line.length > MAX_NESTED_LINE) {
    // Each level of nesting reads its line again: a nested one this long is not read.
    const why = `it runs a nested line (\`$(…)\`, \`sh -c\`, \`eval\`…) of more than ${MAX_NESTED_LINE.toLocaleString('en-US')} characters, more than tf-plan-guard reads`;
    return { intents: [{ kind: 'uncertain', display: '…', why }], end: { directory: null, unknownBecause: why } };
  }
  const parsed = parseCommandLine(line);
  if (parsed.tooLong !== null) {
    // Not read on: what it runs past there is not known, so it is asked about as a line that cannot be read.
    const why = `it has ${parsed.tooLong}, more than tf-plan-guard reads in one line`;
    return { intents: [{ kind: 'uncertain', display: displayCommands(parsed.commands.slice(0, 8), true, resplit), why }], end: { directory: null, unknownBecause: why } };
  }
  const intents: Intent[] = [];
  // The directory and exports at each subshell depth: what a `( cd x; ... )` changes ends with it.
  const scopes: Scope[] = [{ directory: cwd, previous: null, unknownBecause: cwdUnknownBecause, exported: [] }];
  // Whether a `cd` (or a function's) moved the line's own shell.
  let moved = false;
  // Commands that may change what a later apply does (`cp other.tf .`, `git checkout x`), and
  // where: a Terraform command's effect stays in its own directory, any other's may reach anywhere.
  const changedEarlier: { what: string; directory: string | null }[] = [];
  // Plan files written by `terraform plan -out=FILE` earlier in the line.
  const planFilesWritten = new Map<string, { plan: Intent | null; index: number }>();
  // Shell functions the line defines: the commands of each one's body, read where it is called.
  const functions = new Map<string, { body: number[]; braceDepth: number; subshellDepth: number; called: boolean }>();
  let defining: { name: string; braceDepth: number; subshellDepth: number } | null = null;
  // The functions being called, innermost last: a function that calls itself is read once.
  const calling: string[] = [];
  // Commands of function bodies read so far: calls that call others many times over stop here.
  let bodyCommandsRead = 0;
  // Files earlier commands write (`> x.sh`, `cp … package.json`): a runner that reads one reads it as the line leaves it.
  const writtenEarlier: WrittenFile[] = [];
  // Whether the line has exported more names than are followed (said once).
  let exportsTooMany = false;
  const lastpipe = /\blastpipe\b/.test(line);
  // Aliases `git config` writes earlier in the line, by name (null: a name only the shell knows): a later `git NAME` runs one.
  const gitAliasesWritten = new Map<string | null, Word>();
  const aliasesRead = new Map<Word, boolean>();
  // What the line does to the environment beyond what the scopes follow (audit 32 F18, F11...; audit 34).
  const touch: Touch = { inexact: null, exported: null };
  const noteEnvironment = (words: SimpleCommand, scope: Scope, plain: boolean): void => {
    if ((touch.inexact !== null && touch.exported !== null) || !maySetVariables(words)) return;
    const found = environmentOf(words, scope.directory, plain, resplit, 0, functions, (madeEarlier.touches ??= new Map()));
    touch.inexact ??= found.inexact;
    touch.exported ??= found.exported;
  };

  /**
   * `git config alias.up '!…'; git up` (audit 32 F2): git runs an alias the line itself writes,
   * which the hook does not follow. Why it is asked about, when its value may run Terraform or
   * anything that may (a shell line with a command the hook reads, a script, a runner); else null.
   */
  const gitAliasOfLine = (words: SimpleCommand, scope: Scope): { why: string; unplaced: boolean } | null => {
    const git = unwrap(commandStart(words).words).words;
    if (git[0] === undefined || git[0].dynamic || basename(git[0].text) !== 'git') return null;
    const invocation = readGitInvocation(git.slice(1));
    if (invocation.writesAlias !== null) {
      gitAliasesWritten.set(invocation.writesAlias.name, invocation.writesAlias.value);
      return null;
    }
    const invoked = invocation.invoked;
    // A line that selects another git configuration (audit 34 P1: `HOME=/x git up`, `export GIT_CONFIG_GLOBAL=…`) may run an alias from it.
    if (madeEarlier.gitConfiguration === true && invoked !== null && (invoked.dynamic || (!GIT_COMMANDS.has(invoked.text) && !invoked.text.startsWith('-')))) {
      return { why: 'git may run an alias from a configuration the line selects (HOME, GIT_*, XDG_CONFIG_HOME), which tf-plan-guard does not read', unplaced: true };
    }
    if (invoked === null || gitAliasesWritten.size === 0) return null;
    const values = invoked.dynamic ? [...gitAliasesWritten.values()] : [gitAliasesWritten.get(invoked.text.toLowerCase()), gitAliasesWritten.get(null)].filter((value) => value !== undefined);
    const mayRun = values.some((value) => {
      if (value.dynamic || GUARDED_TOOL.test(value.text) || RUNNER_HINT.test(value.text)) return true;
      // Read once for the line, however often it is run.
      if (!aliasesRead.has(value)) aliasesRead.set(value, value.text.startsWith('!') && within(scope.directory, scope.unknownBecause, (dir, because) => recognize(value.text.slice(1), dir, depth + 1, lookup, because, resplit, madeEarlier)).length > 0);
      return aliasesRead.get(value)!;
    });
    return mayRun ? { why: 'it runs a git alias the line itself writes with `git config`, and tf-plan-guard reads git aliases as they are before the line runs; a human decides', unplaced: false } : null;
  };

  /**
   * One command of the line, run in `scope` (`conditional`: it may not run, so a `cd` in it leaves
   * the directory unknown after its chain; `plain`: it runs at the top level, in sequence).
   */
  const run = (index: number, scope: Scope, conditional: boolean, plain = false): void => {
    const words = parsed.commands[index]!;
    noteEnvironment(words, scope, plain && !(parsed.forked[index] ?? false));
    const called = commandStart(words).words[0];
    const definition = called !== undefined && !called.dynamic ? functions.get(called.text) : undefined;
    if (definition !== undefined && called !== undefined && !calling.includes(called.text)) {
      // A call of a function the line defines runs its body here, where the shell is.
      definition.called = true;
      bodyCommandsRead += definition.body.length;
      if (bodyCommandsRead > MAX_FUNCTION_COMMANDS) {
        const why = 'it calls shell functions defined on the line more times over than tf-plan-guard reads';
        intents.push({ kind: 'uncertain', display: displayCommand(words, resplit), why });
        [scope.previous, scope.directory, scope.unknownBecause] = [scope.directory, null, why];
        if (scope === scopes[0]) moved = true;
        return;
      }
      calling.push(called.text);
      let subshell: Scope | null = null;
      for (const at of definition.body) {
        const inSubshell = (parsed.subshellDepths[at] ?? 0) > definition.subshellDepth;
        subshell = inSubshell ? (subshell ?? { ...scope }) : null;
        const opens = /^(?:if|while|until|for|case|select|then|else|elif|do)$/.test(parsed.commands[at]![0]?.text ?? '');
        run(at, subshell ?? scope, conditional || opens || (parsed.joinedBy[at] ?? '') !== '' || (parsed.braceDepths[at] ?? 0) > definition.braceDepth + 1);
      }
      calling.pop();
      return;
    }
    // A function a sourced file defines (`. ./lib.sh && go_infra && make deploy`) may move the shell.
    const sourcedFunction = definition === undefined && called !== undefined && !called.dynamic && madeEarlier.functions.has(called.text) ? called.text : null;
    const context: CommandContext = {
      writes: parsed.writes[index] ?? [],
      lineNamesTerraform: namesTerraform,
      resplit,
      stdinFile: parsed.stdinFiles[index] ?? null,
      pipedFrom: parsed.pipedIn[index] ? (parsed.commands[index - 1] ?? null) : null,
      madeEarlier,
    };
    const result = recognizeSimple(words, scope, depth, lookup, context);
    const aliasRun = words.some((word) => !word.dynamic && basename(word.text) === 'git') ? gitAliasOfLine(words, scope) : null;
    if (aliasRun !== null) {
      // An alias from another configuration: asked about where anything in the repository could run Terraform.
      result.intents.push({ kind: 'uncertain', display: displayCommand(words, resplit), why: aliasRun.why, ...(aliasRun.unplaced ? { unplaced: { runner: 'script' as const, file: null } } : {}) });
    }
    // With `shopt -s lastpipe` a pipeline's last stage runs in the shell itself: a cd there moves it, to where is not followed (audit 32 F14).
    if (lastpipe && result.cd !== undefined && (parsed.pipedIn[index] ?? false) && !(parsed.pipedIn[index + 1] ?? false)) {
      [scope.previous, scope.directory, scope.unknownBecause] = [scope.directory, null, 'with `shopt -s lastpipe` the last command of a pipeline runs in the shell itself, and its `cd` is not followed'];
      if (scope === scopes[0]) moved = true;
    }
    // A stage of a pipeline or a background job is a process of its own: its cd and exports end with it.
    if (!(parsed.forked[index] ?? false)) {
      if (result.cd !== undefined) {
        scope.previous = scope.directory;
        // Right after a `||` (`a || cd x && terraform apply`: audit 32 F4) the rest of the chain runs whether or not it did.
        const moves = parsed.joinedBy[index] === '||' ? { directory: null, unknownBecause: `its directory depends on whether \`${displayCommand(words, resplit)}\` ran, after a \`||\`, which only the running shell knows` } : result.cd;
        scope.directory = moves.directory;
        scope.unknownBecause = moves.unknownBecause;
        if (scope === scopes[0]) moved = true;
        if (conditional) scope.unknownAfterChain = `its directory depends on whether \`${displayCommand(words, resplit)}\` ran, which only the running shell knows`;
      }
      const watched = setsWatched(words);
      if (watched.length > 0) result.exports = [...(result.exports ?? []), ...watched];
      if (result.exports) {
        scope.exported = withExports(scope.exported, result.exports);
        if (conditional && scope.exported[0] !== UNREAD_EXPORTS) {
          const names = result.exports.map(exportedName);
          const because = `it depends on whether \`${displayCommand(words, resplit)}\` ran, which only the running shell knows`;
          scope.exportsUnknownAfterChain = { names: [...(scope.exportsUnknownAfterChain?.names ?? []), ...names], because };
        }
        if (scope.exported[0] === UNREAD_EXPORTS && !exportsTooMany) {
          // Past the bound every reader of the environment (a Terraform run, `cd` to HOME, a
          // package manager's settings) would read it wrong (audit 29 F12): the line is asked
          // about, as past the other bounds.
          exportsTooMany = true;
          intents.push({ kind: 'uncertain', display: displayCommand(words, resplit), why: `it exports more than ${MAX_EXPORTS.toLocaleString('en-US')} variables, more than tf-plan-guard reads in one line` });
        }
      }
      if (sourcedFunction !== null) {
        [scope.previous, scope.directory, scope.unknownBecause] = [scope.directory, null, `it calls \`${sourcedFunction}\`, a function a sourced file defines, which may change directory`];
        if (scope === scopes[0]) moved = true;
      }
    }
    // The catch-all, command by command: one naming Terraform and a dangerous verb that no rule
    // could read (an unknown wrapper, a script fed to a shell) is asked about. So is a script or
    // task runner given such words (`./run.sh terraform destroy`, `make run CMD="terraform
    // destroy"`): it may run its own arguments, which reading its file does not show.
    const runsItsArguments = result.intents.length > 0 && result.intents.every(passesOnItsWords);
    if (result.intents.length === 0 || runsItsArguments) {
      // A word only known when it runs may be read from the pipe (`echo terraform destroy | xargs ./run.sh`): what is piped in counts as its words.
      const piped = runsItsArguments && words.some((word) => word.dynamic || basename(word.text) === 'xargs') && context.pipedFrom !== null ? context.pipedFrom.map((word) => word.text.replace(/\\[ntv]/g, ' ')) : [];
      const text = [...words.slice(runsItsArguments ? 1 : 0).map((word) => word.text), ...piped].join(' ');
      if (GUARDED_TOOL.test(text) && DANGEROUS_VERB_ANYWHERE.test(text) && !onlyHarmless([words])) {
        const why = runsItsArguments ? 'it gives a script or task runner words that name Terraform and an apply or destroy, which it may run as a command' : 'it names Terraform and an apply or destroy in a form tf-plan-guard cannot read';
        result.intents.push({ kind: 'uncertain', display: displayCommand(words, resplit), why });
      }
    }
    for (const found of result.intents) {
      const rewritten = writtenEarlier.find((file) => readsWrittenFile(found, file));
      const intent: Intent = rewritten === undefined ? found : { kind: 'uncertain', display: found.display, why: `the line writes ${RUNNER_READS_BY_NAME.test(rewritten.name) ? rewritten.name : 'a script'} before it runs it, and tf-plan-guard reads files as they are before anything in the line runs` };
      const earlier = intent.kind === 'change' || intent.kind === 'guarded-apply' ? changedEarlier.find((change) => change.directory === null || change.directory === intent.directory) : undefined;
      const written = intent.kind === 'change' && intent.savedPlan !== null ? planFilesWritten.get(intent.savedPlan) : undefined;
      if (intent.kind === 'change' && written !== undefined) {
        const planned = planBeforeApply(intent, written.plan, parsed.joinedBy.slice(written.index + 1, index + 1).every((join) => join === '&&'));
        if (CREATED_AT.get(intent) === depth) CREATED_AT.set(planned, depth);
        intents.push(planned);
      } else if (earlier) {
        intents.push({ kind: 'uncertain', display: intent.display, why: `${earlier.what} before it in the same line, and tf-plan-guard plans before anything in the line runs, so what it would check is not what would be applied` });
      } else intents.push(intent);
    }
    for (const file of result.planOut?.files ?? []) planFilesWritten.set(file, { plan: result.planOut!.plan, index });
    if (result.effect) changedEarlier.push({ what: `\`${displayCommand(words, resplit)}\` ${result.effect}`, directory: result.effectDirectory ?? null });
    writtenEarlier.push(...writtenFiles(words, parsed.writes[index] ?? [], scope.directory));
    const made = directoriesMade(commandStart(words).words, scope.directory);
    if (made !== null) for (const directory of made) madeEarlier.directories.add(directory);
    else if (result.effect) madeEarlier.anything = true;
  };

  // How many `if`/loop/`case` bodies enclose the command.
  let compound = 0;
  const moving = loopsThatMove(parsed);
  parsed.commands.forEach((words, index) => {
    const level = parsed.subshellDepths[index] ?? 0;
    const braceDepth = parsed.braceDepths[index] ?? 0;
    // A function's body runs where it is called, not where it is written.
    if (defining !== null && (braceDepth > defining.braceDepth || level > defining.subshellDepth)) {
      functions.get(defining.name)!.body.push(index);
      return;
    }
    defining = null;
    const defines = parsed.functionNames[index] ?? null;
    if (defines !== null) {
      functions.set(defines, { body: [], braceDepth, subshellDepth: level, called: false });
      defining = { name: defines, braceDepth, subshellDepth: level };
      return;
    }
    while (scopes.length - 1 < level) scopes.push({ ...scopes[scopes.length - 1]! });
    scopes.length = level + 1;
    const scope = scopes[level]!;
    const joinedBy = parsed.joinedBy[index] ?? '';
    // A conditional `cd` holds for the rest of its `&&` chain; after it the directory is unknown.
    if (scope.unknownAfterChain !== undefined && joinedBy !== '&&') {
      scope.previous = scope.directory;
      scope.directory = null;
      scope.unknownBecause = scope.unknownAfterChain;
      scope.unknownAfterChain = undefined;
    }
    // Likewise a conditional export: after its chain the name holds one value or the other.
    if (scope.exportsUnknownAfterChain !== undefined && joinedBy !== '&&') {
      const { names, because } = scope.exportsUnknownAfterChain;
      scope.exportsUnknownAfterChain = undefined;
      scope.exported = withExports(scope.exported, names.map((name) => unknownExport(name, because)));
    }
    const first = words[0] && !words[0].dynamic ? words[0].text : '';
    if (/^(?:if|while|until|for|case|select)$/.test(first)) compound++;
    const conditional = joinedBy !== '' || compound > 0 || braceDepth > 0 || /^(?:then|else|elif|do)$/.test(first);
    // In sequence at the top level, and not right after a `||` (`a || export X=v && b` runs b either way: audit 32 F4).
    const plain = level === 0 && braceDepth === 0 && compound === 0 && joinedBy !== '||' && !/^(?:then|else|elif|do|fi|done|esac)$/.test(first);
    if (/^(?:fi|done|esac)$/.test(first)) compound = Math.max(0, compound - 1);
    run(index, scope, conditional, plain);
    if (moving.has(index)) {
      // A loop whose body has a `cd` runs its later passes where that left the shell: read once, its body's directory is unknown (audit 32 F16).
      [scope.previous, scope.directory, scope.unknownBecause] = [scope.directory, null, 'a `cd` in the loop moves the shell for its later passes, which tf-plan-guard reads once'];
      if (scope === scopes[0]) moved = true;
    }
  });
  // A function the line defines but does not call by its name (`eval f`, `xargs … f` in a subshell): its body may run anywhere.
  for (const [name, definition] of functions) {
    if (definition.called) continue;
    const nowhere: Scope = { directory: null, previous: null, unknownBecause: `it is in the body of the function \`${name}\`, which runs wherever it is called`, exported: [] };
    for (const at of definition.body) run(at, nowhere, true);
  }
  const directory = scopes[0]!.directory;
  for (const body of parsed.substitutions) {
    intents.push(...within(directory, scopes[0]!.unknownBecause, (dir, because) => recognize(body, dir, depth + 1, lookup, because, resplit, madeEarlier)));
  }
  if (parsed.incomplete && intents.length === 0 && DANGEROUS_WORD.test(line)) {
    intents.push({ kind: 'uncertain', display: maskedLine(line, resplit), why: `it has ${parsed.incomplete}` });
  }
  // The catch-all: a line naming Terraform and a dangerous verb that no rule above could read
  // (if/for bodies, scripts fed to a shell, xargs, make, other interpreters) is asked about.
  if (depth === 0 && intents.length === 0 && namesTerraform && DANGEROUS_VERB_ANYWHERE.test(bare) && !onlyHarmless(parsed.commands)) {
    intents.push({ kind: 'uncertain', display: maskedLine(line, resplit), why: 'it names Terraform and an apply or destroy in a form tf-plan-guard cannot read' });
  }
  // A line that names Terraform and a destroy in what it writes or prints (`echo 'terraform destroy' > x.sh && sh x.sh`),
  // beside a script or runner it reads, may run them: the runner's file is read as it is before the line runs.
  const onlyRunners = intents.length > 0 && intents.every((intent) => intent.kind === 'runner' || (intent.kind === 'uncertain' && intent.unplaced !== undefined));
  if (depth === 0 && onlyRunners && parsed.commands.some((words, index) => namesChange(words) && !(onlyHarmless([words]) && (parsed.writes[index] ?? []).length === 0))) {
    intents.push({ kind: 'uncertain', display: maskedLine(line, resplit), why: 'it names Terraform and an apply or destroy beside a script or task runner it may reach (a file the line writes, words it prints), which tf-plan-guard cannot read as the line runs' });
  }
  // A run whose environment the line touches beyond what is followed is asked about: a Terraform
  // run anywhere in the line when the touch is not followed, one in a nested line (`sh -c`, `eval`,
  // `$(…)`, a git alias) when the line exports anything, and a package script read later.
  if (touch.inexact !== null || touch.exported !== null) {
    intents.forEach((intent, at) => {
      const why = touch.inexact ?? (CREATED_AT.get(intent) === depth ? null : touch.exported);
      if (why !== null && intent.kind === 'change') intents[at] = { kind: 'uncertain', display: intent.display, why };
      else if (intent.kind === 'runner' && intent.environment === undefined) intents[at] = { ...intent, environment: (touch.inexact ?? touch.exported)! };
    });
  }
  const top = scopes[0]!;
  const end: LineEnd = !moved ? null : top.unknownAfterChain !== undefined ? { directory: null, unknownBecause: top.unknownAfterChain } : { directory: top.directory?.startsWith(UNKNOWN) ? null : top.directory, unknownBecause: top.unknownBecause };
  return { intents: resplit ? intents.map((intent) => (intent.kind === 'change' ? { ...intent, resplit: true } : intent)) : intents, end };
}

/** The commands that open a loop (`for`, `while`, `until`, `select`) whose body has a `cd`, `pushd` or `popd` in the loop's own shell. */
function loopsThatMove(parsed: ReturnType<typeof parseCommandLine>): Set<number> {
  const moving = new Set<number>();
  // How many commands with a cd each subshell level has had so far: a loop's body has one when the count grew since it opened.
  const cds = new Map<number, number>();
  const open: { start: number; level: number; before: number }[] = [];
  parsed.commands.forEach((words, index) => {
    const first = words[0] && !words[0].dynamic ? words[0].text : '';
    const level = parsed.subshellDepths[index] ?? 0;
    if (/^(?:for|while|until|select)$/.test(first)) open.push({ start: index, level, before: cds.get(level) ?? 0 });
    else if (first === 'done') {
      const loop = open.pop();
      if (loop !== undefined && (cds.get(loop.level) ?? 0) > loop.before) moving.add(loop.start);
    } else if (words.some((word) => !word.dynamic && /^(?:cd|pushd|popd)$/.test(word.text))) cds.set(level, (cds.get(level) ?? 0) + 1);
  });
  return moving;
}

/** Whether a command's words name Terraform and an apply or destroy. */
function namesChange(words: SimpleCommand): boolean {
  const text = words.map((word) => word.text).join(' ');
  return GUARDED_TOOL.test(text) && DANGEROUS_VERB_ANYWHERE.test(text);
}

/** A file a command of the line writes: its absolute path (null when only the shell knows it) and its name as written. */
interface WrittenFile {
  path: string | null;
  name: string;
}

/** Files runners read by name: package manifests and settings, task runners' files, scripts. */
const RUNNER_READS = /^(?:package\.json5?|package\.yaml|\.npmrc|\.yarnrc(?:\.yml)?|pnpm-workspace\.yaml|turbo\.json|nx\.json|project\.json|lerna\.json|GNUmakefile|[Mm]akefile|.+\.mk|[Jj]ustfile|\.justfile|[Tt]askfile(?:\.dist)?\.ya?ml|.+\.(?:sh|bash|zsh|ksh))$/;
/** Of those, the names that are the same in every repository (a name people may read in a reason, unlike a script's). */
const RUNNER_READS_BY_NAME = /^(?:package\.json5?|package\.yaml|\.npmrc|\.yarnrc(?:\.yml)?|pnpm-workspace\.yaml|turbo\.json|nx\.json|project\.json|lerna\.json|GNUmakefile|[Mm]akefile|[Jj]ustfile|\.justfile|[Tt]askfile(?:\.dist)?\.ya?ml)$/;
/** Settings a package manager reads from HOME, wherever the package is. */
const USER_SETTINGS = /^\.npmrc$|^\.yarnrc/;

/** The files a command writes by name (redirections, `cp`, `tee`, `sed -i`...), resolved where it runs. */
function writtenFiles(words: SimpleCommand, redirects: readonly string[], directory: Directory): WrittenFile[] {
  const command = unwrap(commandStart(words).words).words;
  const name = command[0] && !command[0].dynamic ? basename(command[0].text) : '';
  const dynamicArgs = new Set(command.filter((word) => word.dynamic).map((word) => word.text));
  const home = process.env['HOME'];
  return filesWritten({ name, tool: null, args: command.slice(1).map((word) => word.text), writes: redirects }).map((target) => {
    const text = target.replace(/ \(only known when the shell runs\)$/, '');
    const known = text === target && !dynamicArgs.has(text) && !/[$`*?[]/.test(text);
    const here = directory === null || directory.startsWith(UNKNOWN) ? null : directory;
    const path = !known ? null : text.startsWith('~/') ? (home === undefined ? null : resolve(home, text.slice(2))) : isAbsolute(text) ? text : here === null ? null : resolve(here, text);
    return { path, name: basename(text) };
  });
}

/** Whether a runner reads `file`, which the line writes before it: its own file, or one its runner reads by name in its directory, one above, or one below. */
function readsWrittenFile(intent: Intent, file: WrittenFile): boolean {
  if (intent.kind === 'uncertain' && intent.unplaced !== undefined) return RUNNER_READS.test(file.name) || file.name === intent.unplaced.file;
  if (intent.kind !== 'runner') return false;
  if (file.path !== null && file.path === intent.file) return true;
  if (!RUNNER_READS.test(file.name)) return false;
  if (file.path === null || USER_SETTINGS.test(file.name)) return true;
  const within = (path: string, directory: string): boolean => path === directory || path.startsWith(`${directory}${sep}`);
  return within(file.path, intent.directory) || within(intent.directory, dirname(file.path));
}

/**
 * A runner whose words the guard does not follow into what it runs: a script, make, just, task,
 * and a package script whose name is not known. (A known package script gets the words its
 * manager appends on its line, and is read with them.)
 */
function passesOnItsWords(intent: Intent): boolean {
  if (intent.kind === 'uncertain') return intent.unplaced !== undefined;
  return intent.kind === 'runner' && (intent.runner !== 'package' || intent.targets.length === 0 || intent.ownCommand === true);
}

/** What a simple command gets from the line around it. */
interface CommandContext {
  /** The files its output redirections write. */
  writes: readonly string[];
  /** Whether the line names Terraform, OpenTofu or Terragrunt anywhere. */
  lineNamesTerraform: boolean;
  /** The file its standard input is redirected from (`< FILE`), or null. */
  stdinFile: Word | null;
  /** The command whose output is its standard input (`a | b`), or null. */
  pipedFrom: SimpleCommand | null;
  /** Whether the line was joined and split again (`eval`): any word may be a piece of a value. */
  resplit: boolean;
  /** What the line's earlier commands may have made on disk. */
  madeEarlier: MadeEarlier;
}

interface SimpleResult {
  intents: Intent[];
  /** Where a `cd` moved the shell (null directory: only known when it runs). */
  cd?: { directory: Directory; unknownBecause: string };
  exports?: Word[];
  /** Why this command may change what a later apply in the line does, or null. */
  effect?: string | null;
  /** The one directory that effect is confined to (a Terraform command's own); absent: anywhere. */
  effectDirectory?: string;
  /** Plan files this command writes (`terraform plan -out=FILE`), and that plan as an apply would make it (null: not readable). */
  planOut?: { files: string[]; plan: Intent | null };
}

/**
 * One simple command. A change it (or a shell it starts) would make through a wrapper that sets
 * an environment tf-plan-guard cannot see, or runs it as another user, cannot be planned here.
 */
function recognizeSimple(original: SimpleCommand, scope: Scope, depth: number, lookup: ProgramLookup | null, context: CommandContext): SimpleResult {
  const result = recognizeUnwrapped(original, scope, depth, lookup, context);
  const through = unwrap(commandStart(original).words).through;
  if (!through) return result;
  return { ...result, intents: result.intents.map((intent): Intent => (intent.kind === 'change' ? { kind: 'uncertain', display: intent.display, why: through.why } : intent)) };
}

/** The `NAME=value` prefixes of a command (its own environment), and the words after them and any reserved words. */
function commandStart(original: SimpleCommand): { assignments: Word[]; words: SimpleCommand } {
  // Counted, then sliced once: a command may have a great many of them.
  let start = 0;
  while (original[start] && isAssignment(original[start]!)) start++;
  const assignments = original.slice(0, start).map(asAssignment);
  // Reserved words open a compound command: `if x; then terraform destroy; fi` runs what follows them.
  while (original[start] && !original[start]!.dynamic && SHELL_KEYWORDS.has(original[start]!.text)) start++;
  return { assignments, words: start === 0 ? original : original.slice(start) };
}

function recognizeUnwrapped(original: SimpleCommand, scope: Scope, depth: number, lookup: ProgramLookup | null, context: CommandContext): SimpleResult {
  const { writes, lineNamesTerraform } = context;
  // Inside `eval`/`sh -c` in a directory only the shell knows, the stand-in is no directory.
  const cwd = scope.directory?.startsWith(UNKNOWN) ? null : scope.directory;
  const start = commandStart(original);
  const assignments: Word[] = [...scope.exported, ...start.assignments];
  let words = start.words;
  const unwrapped = unwrap(words, context.pipedFrom);
  words = unwrapped.words;
  assignments.push(...unwrapped.assignments);
  const resplit = context.resplit;
  const display = displayCommand(original, resplit);
  let directory: Directory = cwd;
  let unknownBecause = scope.unknownBecause;
  if (unwrapped.chdir !== null) {
    if (unwrapped.chdir.dynamic) {
      directory = null;
      unknownBecause = 'the directory it runs in is only known when the shell expands it';
    } else if (cwd === null && !isAbsolute(unwrapped.chdir.text)) directory = null;
    else directory = resolveDir(cwd ?? '/', unwrapped.chdir.text);
  }
  if (unwrapped.inWorkspaces !== null) {
    directory = null;
    unknownBecause = `it runs in each package of a workspace that \`${unwrapped.inWorkspaces}\` selects, which tf-plan-guard does not plan one by one`;
  }
  // A package manager runs a dependency's program (node_modules/.bin) before one on PATH.
  const binDirectory = unwrapped.fromPackage?.binDirectory ?? null;
  const binsFrom = binDirectory === null ? directory : binDirectory.dynamic || cwd === null ? null : resolveDir(cwd, binDirectory.text);
  const local = unwrapped.fromPackage !== null && binsFrom !== null && words[0] && !words[0].dynamic && !words[0].text.includes('/') ? localProgram(binsFrom, words[0].text) : null;
  if (local !== null) words = [{ ...words[0]!, text: local }, ...words.slice(1)];
  else if (unwrapped.fromPackage !== null && binDirectory?.dynamic && lineNamesTerraform) return { intents: [{ kind: 'uncertain', display, why: 'the package whose programs it runs is only known when the shell expands it' }] };
  const first = words[0];
  const effectOf = (tool: Tool | null): string | null =>
    laterApplyEffect({ name: first && !first.dynamic ? basename(first.text) : first ? '(a program only known when the shell runs)' : '', tool, args: words.slice(1).map((word) => word.text), writes });
  if (!first) {
    // Bare `NAME=value` statements: TF_* and PATH reach the Terraform run later in the line when
    // exported (`export NAME`, `set -a`, or already in the environment), so they count as if they
    // were; HOME is where a later `cd` goes, and it is in the environment already.
    const tracked = assignments.slice(scope.exported.length).filter((word) => /^(?:TF_|PATH=|HOME=)/.test(word.text));
    return { intents: [], effect: effectOf(null), ...(tracked.length > 0 ? { exports: tracked } : {}) };
  }
  if (!first.dynamic && (first.text === 'export' || first.text === 'declare' || first.text === 'typeset')) {
    return { intents: [], exports: words.slice(1).filter(isAssignment).map(asAssignment), effect: writes.length > 0 ? effectOf(null) : null };
  }

  if (first.dynamic) {
    if (words.slice(1).some((word) => DANGEROUS_VERB.test(word.text)))
      return { intents: [{ kind: 'uncertain', display, why: 'the program it runs is only known when the shell expands it' }] };
    // `"$f"`, `$X/d.sh`, find's `{}`: it may be any script of the repository.
    return { intents: [dynamicScript(first, display, unknownBecause)], effect: effectOf(null) };
  }
  const name = basename(first.text);
  if (name === 'cd' || name === 'pushd' || name === 'popd') {
    const home = [...assignments].reverse().find((word) => word.text.startsWith('HOME=')) ?? null;
    const cd = changeDirectory(name, words.slice(1), { ...scope, directory, unknownBecause }, context.madeEarlier, home);
    return cd === null ? { intents: [] } : { intents: [], cd };
  }
  if (SHELLS.has(name)) {
    const script = shellScript(words);
    if (script === null) {
      const file = words.slice(1).find((word) => !word.text.startsWith('-'));
      if (file) return { intents: [placedScript(directory, file, display, unknownBecause)], effect: effectOf(null) };
      const recognizeLine = (line: string, joined: boolean): Intent[] => within(directory, unknownBecause, (dir, because) => recognize(line, dir, depth + 1, lookup, because, resplit || joined, context.madeEarlier));
      return { intents: stdinScript(context, { directory, unknownBecause }, display, recognizeLine), effect: effectOf(null) };
    }
    return { intents: within(directory, unknownBecause, (dir, because) => recognize(script, dir, depth + 1, lookup, because, resplit, context.madeEarlier)), effect: effectOf(null) };
  }
  // eval joins its words and splits them again: a quoted value's pieces become words of their own.
  if (name === 'eval') {
    // The line eval runs is this shell's: a `cd` in it moves what follows (`eval "cd infra" && make deploy`).
    let end: LineEnd = null;
    const intents = within(directory, unknownBecause, (dir, because) => {
      const read = recognizeLine(words.slice(1).map((word) => word.text).join(' '), dir, depth + 1, lookup, because, true, context.madeEarlier);
      end = read.end;
      return read.intents;
    });
    // Words only known when it runs (`eval "$X"`, `eval "$(tool init)"`) may hold a cd too.
    if (words.slice(1).some((word) => word.dynamic)) end = { directory: null, unknownBecause: 'eval runs words only known when the shell expands them, which may change directory' };
    return { intents, effect: effectOf(null), ...(end === null ? {} : { cd: end }) };
  }
  if (name === 'git') {
    const git = readGitInvocation(words.slice(1));
    if (git.shellAlias !== null) {
      // git runs a `!` alias through the shell at the top level of the repository it starts in.
      const top = directory === null || (git.chdir !== null && isDynamic(words, git.chdir)) ? null : gitTopLevel(resolveDir(directory, git.chdir ?? '.'));
      // git appends the words after the alias's name to its body (`sh -c 'BODY "$@"' BODY ARGS`).
      const body = appendArguments(git.shellAlias, git.aliasArguments);
      // What is piped or redirected into git reaches the alias's commands: a shell among them runs it (audit 32 F12).
      if ((context.pipedFrom !== null || context.stdinFile !== null) && parseCommandLine(body).commands.some((command) => /^(?:sh|bash|zsh|dash|ksh|ash|busybox|xargs|eval|source|\.)$/.test(basename(command[0]?.text ?? '')))) {
        return { intents: [{ kind: 'uncertain', display, why: 'git runs an alias that reads what is piped or redirected into it as commands, which tf-plan-guard does not read into it' }], effect: effectOf(null) };
      }
      return { intents: within(top, top === null ? unknownBecause || 'the repository git runs its alias in is only known when it runs' : '', (dir, because) => recognize(body, dir, depth + 1, lookup, because, resplit, context.madeEarlier)), effect: effectOf(null) };
    }
    // git submodule foreach runs its words as a shell line in each submodule.
    if (git.foreachLine !== null) {
      const line = git.foreachLine;
      return { intents: within(null, 'git submodule foreach runs it in each submodule', (dir, because) => recognize(line, dir, depth + 1, lookup, because, true, context.madeEarlier)), effect: effectOf(null) };
    }
    if (git.aliasUnknown !== null && lineNamesTerraform) return { intents: [{ kind: 'uncertain', display, why: git.aliasUnknown }], effect: effectOf(null) };
    if (git.commandSettings.length > 0 && lineNamesTerraform) {
      return { intents: [{ kind: 'uncertain', display, why: `git runs the program its ${git.commandSettings.map((key) => `\`${key}\``).join(', ')} setting names, which tf-plan-guard does not read` }], effect: effectOf(null) };
    }
  }
  const guarded = guardedApply(words);
  if (guarded) return { intents: [{ kind: 'guarded-apply', directory: guarded === '.' ? directory : directory === null ? null : resolveDir(directory, guarded), display }], effect: effectOf(null) };
  if (name === 'find') {
    // find runs the command of each -exec (here) and -execdir (in each found file's directory), with `{}` a found path.
    const intents = findActions(words.slice(1)).flatMap(({ command, inFoundDirectory }) => {
      const place = inFoundDirectory ? { ...scope, directory: null, unknownBecause: 'find runs it in the directory of each file it finds' } : { ...scope, directory, unknownBecause };
      return recognizeSimple(command, place, depth, lookup, { ...context, writes: [], stdinFile: null, pipedFrom: null }).intents;
    });
    return { intents, effect: effectOf(null) };
  }
  const packageRun = readPackageManager(words, assignments);
  if (packageRun !== null) {
    const place = { directory, unknownBecause, display };
    return { intents: packageIntents(packageRun, place, (line, dir, because) => recognize(line, dir, depth + 1, lookup, because, resplit, context.madeEarlier)), effect: effectOf(null) };
  }

  let program = PROGRAMS.find((candidate) => candidate.pattern.test(name));
  let shown = display;
  // Task runners and package managers are read as such; a program by its path may be Terraform under another name.
  const read = program ? null : runnerOf(name, words, directory ?? UNKNOWN, display);
  // In a directory only the shell knows, the file it runs is not known either, unless named by an absolute path.
  const sourced = name === 'source' || name === '.' ? words[1] : undefined;
  // A sourced file runs in this shell: a `cd` in it moves what follows.
  const sourcedEnd = sourced === undefined ? null : sourcedDirectory(sourced, directory, unknownBecause, (text, dir, because) => recognizeLine(text, dir, depth + 1, lookup, because, resplit, context.madeEarlier).end, context.madeEarlier);
  const movedBySource = sourcedEnd === null ? {} : { cd: sourcedEnd };
  const runner =
    sourced?.dynamic === true ? dynamicScript(sourced, display, unknownBecause) : read !== null && (read.file ?? read.directory).startsWith(UNKNOWN) ? unplacedRunner(read.runner, read.file, display, unknownBecause) : read;
  if (runner !== null && (runner.kind === 'uncertain' || runner.runner !== 'script')) return { intents: [runner], effect: effectOf(null), ...movedBySource };
  if (!program && lookup !== null && directory !== null && words.slice(1).some((word) => LOOKED_UP_VERB.test(word.text))) {
    const found = lookup(first.text, directory);
    if (found === 'not-on-path') {
      return { intents: [{ kind: 'uncertain', display, why: "its program is not on PATH: it may be an alias or a shell function of the agent's shell, which tf-plan-guard cannot see, in a directory with Terraform files" }], effect: effectOf(null) };
    }
    if (found !== null && 'script' in found) return { intents: [runnerIntent('script', directory, { text: found.script, dynamic: false }, [], display)], effect: effectOf(null) };
    if (found !== null) {
      program = { pattern: /^/, tool: found.tool };
      // The name it runs by is a program on PATH that is Terraform: a word people may read.
      shown = `${name} (${found.tool}) ${displayCommand(words.slice(1), resplit, 'subcommand')}`;
    }
  }
  if (!program) return { intents: runner ? [runner] : [], effect: effectOf(null), ...movedBySource };
  const effect = effectOf(program.tool);
  // A program named with a directory is planned (or refused) by its absolute path.
  if (first.text.includes('/') && directory !== null) words = [{ ...first, text: resolveDir(directory, first.text) }, ...words.slice(1)];
  const intent = program.tool === 'terragrunt' ? terragruntIntent(words, directory ?? UNKNOWN, shown) : terraformIntent(program.tool, words, directory ?? UNKNOWN, shown);
  const planOut = directory === null ? undefined : { files: planOutputs(words, directory), plan: program.tool === 'terragrunt' ? null : savedPlanIntent(program.tool, words, directory, shown, assignments) };
  // What Terraform changes (state, workspace) stays in the directory it works in, unless it also writes files.
  const effectDirectory = directory !== null && writes.length === 0 ? terraformDirectory(words, directory) : undefined;
  if (!intent) return { intents: [], effect, effectDirectory, planOut };
  const placed = isUnknown(intent) ? unknownDirectory(intent, unknownBecause) : intent;
  const planned = withEnvironment(placed, assignments);
  CREATED_AT.set(planned, depth);
  return { intents: [planned], effect, effectDirectory, planOut };
}

/**
 * Where `source FILE` or `. FILE` leaves the shell (null: where it was). A file the guard reads
 * with no `cd`/`pushd`/`popd` in it leaves it there; one with some is read as lines for where they
 * end; one it cannot read (a path only the shell knows, `<(…)`) leaves the directory unknown, and
 * so does one not there yet when a command before it in the line may write it.
 */
function sourcedDirectory(file: Word, directory: Directory, unknownBecause: string, endOf: (text: string, directory: string, unknownBecause: string) => LineEnd, made: MadeEarlier): LineEnd {
  if (file.dynamic) return { directory: null, unknownBecause: 'it sources a file only known when the shell runs, which may change directory' };
  if (directory === null && !isAbsolute(file.text)) return null;
  const text = readStart(resolveDir(directory ?? '/', file.text));
  if (text === null) return made.anything ? { directory: null, unknownBecause: 'it sources a file that is not there yet, which a command before it in the line may write, and which may change directory' } : null;
  if (!CHANGES_DIRECTORY.test(text)) return null;
  for (const name of functionsThatMayMove(text)) made.functions.add(name);
  return directory === null ? endOf(text, UNKNOWN, unknownBecause) : endOf(text, directory, '');
}

/** The shell functions `text` defines whose bodies have a `cd`, `pushd`, `popd`, `source` or `eval`, or call such a function. */
function functionsThatMayMove(text: string): string[] {
  const parsed = parseCommandLine(text);
  const bodies = new Map<string, string[][]>();
  let defining: { name: string; braceDepth: number; subshellDepth: number } | null = null;
  parsed.commands.forEach((words, index) => {
    const braceDepth = parsed.braceDepths[index] ?? 0;
    const subshellDepth = parsed.subshellDepths[index] ?? 0;
    if (defining !== null && (braceDepth > defining.braceDepth || subshellDepth > defining.subshellDepth)) {
      bodies.get(defining.name)!.push(words.map((word) => word.text));
      return;
    }
    const name = parsed.functionNames[index] ?? null;
    defining = name === null ? null : { name, braceDepth, subshellDepth };
    if (name !== null) bodies.set(name, []);
  });
  const moves = new Set([...bodies].filter(([, body]) => body.some((words) => CHANGES_DIRECTORY.test(words.join(' ')) || /^(?:source|\.|eval)$/.test(words[0] ?? ''))).map(([name]) => name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, body] of bodies) {
      if (moves.has(name) || !body.some((words) => moves.has(words[0] ?? ''))) continue;
      moves.add(name);
      grew = true;
    }
  }
  return [...moves];
}

/**
 * Stand-in for a directory only the running shell knows. It is absolute so that `-chdir=/srv/tf`
 * still resolves; anything left under it is "not known".
 */
const UNKNOWN = '/\u0000unknown-directory';

function isUnknown(intent: Intent): boolean {
  return (intent.kind === 'change' || intent.kind === 'state') && intent.directory.startsWith(UNKNOWN);
}

/** An intent whose directory is not known: it cannot be planned, so it is asked about. */
function unknownDirectory(intent: Intent, because: string): Intent {
  if (intent.kind !== 'change' && intent.kind !== 'state') return intent;
  return { kind: 'uncertain', display: intent.display, why: because || 'its directory is only known when the shell runs' };
}

/** Runs `recognize` in `directory`, or marks what it finds as uncertain when the directory is not known. */
function within(directory: Directory, unknownBecause: string, recognizeIn: (directory: string, unknownBecause: string) => Intent[]): Intent[] {
  if (directory !== null) return recognizeIn(directory, '');
  return recognizeIn(UNKNOWN, unknownBecause).map((intent) => (isUnknown(intent) ? unknownDirectory(intent, unknownBecause) : intent));
}

/**
 * Where `cd`, `pushd` or `popd` leaves the shell, or null when it fails and the shell stays where
 * it is. Bare `cd` and `cd ~` go home; `cd -` goes back to the directory before the last `cd` of
 * this line; anything the line itself does not say (a variable, `~user`, the directory stack, `cd
 * -` to where the session was before) is unknown.
 */
function changeDirectory(name: string, args: readonly Word[], scope: Scope, made: MadeEarlier, lineHome: Word | null): { directory: Directory; unknownBecause: string } | null {
  const operands = args.filter((word, index) => !(word.text.startsWith('-') && word.text !== '-' && args.slice(0, index).every((before) => before.text !== '--')) && word.text !== '--');
  const unknown = (why: string): { directory: Directory; unknownBecause: string } => ({ directory: null, unknownBecause: why });
  const here = scope.directory;
  if (name === 'popd' || (name === 'pushd' && (operands.length === 0 || /^[+-]\d+$/.test(operands[0]!.text)))) return unknown(`\`${name}\` moves along the directory stack of the running shell, which tf-plan-guard cannot see`);
  const target = operands[0];
  // HOME as the line sets it (`HOME=infra; cd`, `export HOME=…`, `HOME=x cd ~`), else the hook's own.
  const homeValue = lineHome === null ? process.env['HOME'] : lineHome.text.slice('HOME='.length);
  const home = lineHome === null || homeValue === undefined || isAbsolute(homeValue) ? homeValue : here === null ? undefined : resolveDir(here, homeValue);
  const arrive = (directory: string): { directory: Directory; unknownBecause: string } | null => arrival(directory, here, made, `${name} ${target?.text ?? ''}`.trim());
  if (target === undefined || target.text === '~' || (target.text.startsWith('~/') && !target.dynamic)) {
    if (lineHome?.dynamic) return unknown('`cd` goes to the HOME the line sets, which is only known when the shell expands it');
    if (lineHome !== null && home === undefined) return unknown(scope.unknownBecause);
    if (!home) return unknown('`cd` goes to a home directory tf-plan-guard does not know (HOME is not set)');
    return arrive(target === undefined || target.text === '~' ? home : resolve(home, target.text.slice(2)));
  }
  if (target.dynamic) return unknown(`its directory comes from a \`${name}\` whose target is only known when the shell expands it`);
  if (target.text === '-') {
    if (scope.previous !== null) return { directory: scope.previous, unknownBecause: '' };
    return unknown('`cd -` goes back to a directory only the running shell knows');
  }
  if (target.text.startsWith('~')) return unknown(`its directory comes from a \`${name}\` to another user's home, which tf-plan-guard does not look up`);
  if (here === null) return isAbsolute(target.text) ? arrive(target.text) : unknown(scope.unknownBecause);
  return arrive(resolveDir(here, target.text));
}

/**
 * Where a `cd` into `target` leaves the shell: there when it is a directory; null when it is not
 * and nothing earlier in the line may make it, since the cd then fails and the shell stays (`cd
 * nope; cd infra && make deploy` runs in infra); unknown when something earlier may make it. A
 * shell said to stand in a directory that is not there either (a made-up one) is taken at its word.
 */
function arrival(target: string, here: Directory, made: MadeEarlier, written: string): { directory: Directory; unknownBecause: string } | null {
  if (isDirectory(target) || (here !== null && !isDirectory(here))) return { directory: target, unknownBecause: '' };
  if ([...made.directories].some((directory) => directory === target || directory.startsWith(`${target}${sep}`))) return { directory: target, unknownBecause: '' };
  if (made.anything) return { directory: null, unknownBecause: `its directory comes from \`${written}\` into a directory that is not there yet, which a command before it in the line may make` };
  return null;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The directories a literal `mkdir` makes (with `-p`, their parents too), or null when the words are not one or it makes one only the shell knows. */
function directoriesMade(words: SimpleCommand, directory: Directory): string[] | null {
  if (words[0]?.dynamic !== false || basename(words[0].text) !== 'mkdir') return null;
  const made: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word.text === '-m' || word.text === '--mode' || word.text === '--context') i++;
    else if (word.text.startsWith('-')) continue;
    else if (word.dynamic || (directory === null && !isAbsolute(word.text))) return null;
    else made.push(resolveDir(directory ?? '/', word.text));
  }
  return made;
}

/**
 * The directory `tf-plan-guard apply` would work in ('.' for the current one), or null when the
 * words are not that command: `tf-plan-guard apply`, `npx tf-plan-guard apply`, `node
 * .../tf-plan-guard/dist/cli.js apply`.
 */
/** Whether the word of `words` whose text is `text` is only known when the shell expands it. */
function isDynamic(words: SimpleCommand, text: string): boolean {
  return words.some((word) => word.text === text && word.dynamic);
}

/**
 * What a package manager's command runs, as intents: a package script (read by the guard, in the
 * directory its options name), or a shell line (`npx -c`, `yarn exec`), read as a line of its own.
 * In each package of a workspace, the directory is not one the line says.
 */
function packageIntents(run: PackageRun, place: { directory: Directory; unknownBecause: string; display: string }, recognizeLine: (line: string, directory: string, unknownBecause: string) => Intent[]): Intent[] {
  const { display } = place;
  if (run.kind === 'program') return [];
  let directory = place.directory;
  let unknownBecause = place.unknownBecause;
  if (run.kind !== 'unknown' && run.directory !== null) {
    if (run.directory.dynamic) [directory, unknownBecause] = [null, 'the directory it runs in is only known when the shell expands it'];
    else if (directory !== null || isAbsolute(run.directory.text)) directory = resolveDir(directory ?? '/', run.directory.text);
  }
  if (run.kind === 'shell') {
    if (run.workspaces !== null) [directory, unknownBecause] = [null, `it runs in each package of a workspace that \`${run.workspaces}\` selects, which tf-plan-guard does not plan one by one`];
    if (run.line.dynamic) return [directory === null ? unplacedRunner('script', null, display, unknownBecause) : runnerIntent('script', directory, null, [], display)];
    return within(directory, unknownBecause, (dir, because) => recognizeLine(run.line.text, dir, because));
  }
  if (directory === null) return [unplacedRunner('package', null, display, unknownBecause)];
  if (run.kind === 'unknown') return [runnerIntent('package', directory, null, [], display)];
  const intent: RunnerIntent = { ...runnerIntent('package', directory, null, run.script === null ? [] : [run.script, ...(run.alsoScripts ?? [])], display), scriptArguments: run.appended, ...(run.manager === null ? {} : { manager: run.manager }) };
  if (run.workspaces !== null) intent.workspaces = run.workspaces;
  if (run.orProgram !== null) intent.orProgram = run.orProgram;
  if (run.ownCommand) intent.ownCommand = true;
  // A script shell runs every script's line (`SHELL -c LINE`): the file is read like a script run by its path.
  const shell = run.scriptShell === undefined ? [] : [run.scriptShell.dynamic ? unplacedRunner('script', null, display, 'the program it runs scripts with is only known when the shell expands it') : runnerIntent('script', directory, run.scriptShell, [], display)];
  return [intent, ...shell];
}

/** Programs that start tf-plan-guard under another name: node with its script, and the package runners. */
const GUARD_LAUNCHERS = new Set(['node', 'nodejs', 'npx', 'pnpx', 'bunx', 'npm', 'pnpm', 'yarn', 'bun', 'corepack']);

/**
 * The word that names tf-plan-guard itself: its bin (`tf-plan-guard`, `tf-plan-guard@1.2`, a path
 * to it) or, after a launcher, any word naming the package or its bundled `cli.js`.
 */
function namesGuard(text: string, launcher: boolean): boolean {
  if (/^tf-plan-guard(?:@[\w.^~-]+)?$/.test(basename(text))) return true;
  return launcher && (/tf-plan-guard/i.test(text) || /(?:^|\/)cli\.[cm]?js$/.test(text));
}

/**
 * `tf-plan-guard apply [DIR]`, however started (`node …/dist/cli.js apply`, `npm exec --
 * tf-plan-guard apply`, `pnpm dlx tf-plan-guard apply`, `bunx tf-plan-guard@1 apply`...): the
 * directory it applies, or null when the command is not that.
 */
function guardedApply(words: SimpleCommand): string | null {
  const launcher = GUARD_LAUNCHERS.has(basename(words[0]?.text ?? ''));
  const at = words.findIndex((word, index) => (index === 0 || launcher) && !word.dynamic && namesGuard(word.text, launcher && index > 0) && words[index + 1]?.text === 'apply');
  if (at < 0) return null;
  const options = words.slice(at + 2);
  const split = options.findIndex((word) => word.text === '--');
  const own = split < 0 ? options : options.slice(0, split);
  const positional = own.filter((word, index) => !word.text.startsWith('-') && !/^--(?:config|block-on|program|timeout)$/.test(own[index - 1]?.text ?? ''));
  return positional[0]?.text ?? '.';
}

/** `make`, `just`, `task`, `source FILE`, `. FILE` or a script run by its path, as the guard reads it. */
function runnerOf(name: string, words: SimpleCommand, directory: string, display: string): RunnerIntent | null {
  const args = words.slice(1);
  if (name === 'source' || name === '.') return args[0] ? runnerIntent('script', directory, args[0], [], display) : null;
  if (words[0]!.text.includes('/')) return runnerIntent('script', directory, words[0]!, [], display);
  const runner = name === 'make' || name === 'gmake' ? 'make' : name === 'just' ? 'just' : name === 'task' || name === 'go-task' ? 'task' : null;
  if (runner === null) return null;
  const directoryOptions = { make: ['-C', '--directory'], just: ['-d', '--working-directory'], task: ['-d', '--dir'] }[runner];
  const fileOptions = { make: ['-f', '--file', '--makefile'], just: ['-f', '--justfile'], task: ['-t', '--taskfile'] }[runner];
  let where = directory;
  let file: Word | null = null;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const text = args[i]!.text;
    const [option, attached] = text.startsWith('--') && text.includes('=') ? [text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1)] : /^-[A-Za-z]/.test(text) ? clusterOption(text, CLUSTER_VALUES[runner]) : [text, undefined];
    const valueWord = attached !== undefined ? args[i]! : directoryOptions.includes(option) || fileOptions.includes(option) ? args[++i] : undefined;
    const value = attached ?? valueWord?.text;
    // A directory or file only the shell knows: where it runs is not known.
    if (valueWord?.dynamic && value !== undefined) where = UNKNOWN;
    else if (directoryOptions.includes(option) && value !== undefined) where = resolveDir(where, value);
    else if (fileOptions.includes(option) && value !== undefined) file = { text: value, dynamic: false };
    else if (!text.startsWith('-') && !isAssignment(args[i]!)) targets.push(text);
  }
  return runnerIntent(runner, where, file, runner === 'make' ? targets : [], display);
}

/**
 * The one-letter options of make, just and task that take a value: GNU getopt, clap and pflag read
 * `-sC infra` and `-sCinfra` as `-s -C infra`. `optional`: make's letters whose value may only be
 * attached (`-j4`).
 */
const CLUSTER_VALUES: Record<'make' | 'just' | 'task', { required: string; optional: string }> = {
  make: { required: 'CfIoWE', optional: 'jlO' },
  just: { required: 'dfcs', optional: '' },
  task: { required: 'dto', optional: '' },
};

/** The option of a single-dash word that takes a value, with the rest of the word when any (`-sCinfra` → -C, infra); else the word itself, a flag. */
function clusterOption(text: string, letters: { required: string; optional: string }): [string, string | undefined] {
  for (let k = 1; k < text.length; k++) {
    const letter = text[k]!;
    const rest = text.slice(k + 1);
    if (letters.required.includes(letter)) return [`-${letter}`, rest === '' ? undefined : rest];
    if (letters.optional.includes(letter)) break;
  }
  return [text, undefined];
}

/**
 * A runner in a directory only the running shell knows: asked about when anything in the
 * repository around could run Terraform (the guard looks), since it may run there.
 */
function unplacedRunner(runner: Runner, file: string | null, display: string, unknownBecause: string): UncertainIntent {
  const what = { package: 'a package script', make: 'make', just: 'just', task: 'task', script: 'a script' }[runner];
  const why = `it runs ${what} in a directory only the running shell knows (${unknownBecause || 'its directory is only known when the shell runs'})`;
  return { kind: 'uncertain', display, why, unplaced: { runner, file: file === null ? null : basename(file) } };
}

/** `sh FILE`, `sh < FILE`: the script read where it runs, or an unplaced one when that is only known to the shell. */
function placedScript(directory: Directory, file: Word, display: string, unknownBecause: string): Intent {
  if (file.dynamic) return dynamicScript(file, display, unknownBecause);
  if (directory === null && !isAbsolute(file.text)) return unplacedRunner('script', file.dynamic ? null : file.text, display, unknownBecause);
  return runnerIntent('script', directory ?? UNKNOWN, file, [], display);
}

/** A script run by a path only the shell knows (`bash "$f"`, `"$X"/d.sh`): any script of the repository may be it, so it is looked for like one in an unknown directory. */
function dynamicScript(file: Word, display: string, unknownBecause: string): UncertainIntent {
  const tail = /[^/]*$/.exec(file.text)![0];
  const literalName = tail !== '' && !/[$`{}*?[\]]/.test(tail) ? tail : null;
  return unplacedRunner('script', literalName, display, unknownBecause || 'the path of the script it runs is only known when the shell expands it');
}

function runnerIntent(runner: RunnerIntent['runner'], directory: string, file: Word | null, targets: string[], display: string): RunnerIntent {
  return { kind: 'runner', runner, directory, file: file === null || file.dynamic ? null : resolveDir(directory, file.text), targets, display };
}

/** The directory a Terraform command works in: the shell's, or its `-chdir`. */
function terraformDirectory(words: SimpleCommand, shellDirectory: string): string {
  for (let i = 1; i < words.length; i++) {
    const option = normalizeOption(words[i]!.text);
    if (!option.startsWith('-')) break;
    if (option.startsWith('-chdir=')) return resolveDir(shellDirectory, option.slice('-chdir='.length));
    if (option === '-chdir' && words[i + 1]) return resolveDir(shellDirectory, words[i + 1]!.text);
  }
  return shellDirectory;
}

/** Plan files `terraform plan -out=FILE` writes, as absolute paths. */
function planOutputs(words: SimpleCommand, shellDirectory: string): string[] {
  if (!words.some((word) => word.text === 'plan')) return [];
  let directory = shellDirectory;
  const files: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const option = normalizeOption(words[i]!.text);
    if (option.startsWith('-chdir=')) directory = resolveDir(shellDirectory, option.slice('-chdir='.length));
    else if (option.startsWith('-out=')) files.push(resolveDir(directory, option.slice('-out='.length)));
    else if (option === '-out' && words[i + 1]) files.push(resolveDir(directory, words[++i]!.text));
  }
  return files;
}

/**
 * The plan `terraform plan ... -out=FILE` saves, as the change an apply of FILE makes: planned
 * with the same options (but -out and -detailed-exitcode, which only shape the plan run's output).
 */
function savedPlanIntent(tool: Tool, words: SimpleCommand, shellDirectory: string, display: string, assignments: readonly Word[]): Intent | null {
  const directory = terraformDirectory(words, shellDirectory);
  const at = words.findIndex((word, index) => index > 0 && word.text === 'plan');
  if (at < 0) return null;
  const intent = changeIntent(tool, words[0]!.text, directory, false, words.slice(at + 1), display, false);
  if (intent.kind !== 'change') return intent;
  const planArgs = intent.planArgs.filter((arg) => !/^-(?:out|detailed-exitcode)(?:=|$)/.test(arg));
  return withEnvironment({ ...intent, planArgs, savedPlan: null }, assignments);
}

/** `terraform plan -out=FILE && terraform apply FILE`: the apply, planned as that plan command would plan it. */
function planBeforeApply(apply: ChangeIntent, plan: Intent | null, onlyIfPlanSucceeds: boolean): Intent {
  const display = plan === null ? apply.display : `${plan.display} && ${apply.display}`;
  if (plan === null || plan.kind !== 'change') {
    const why = plan?.kind === 'uncertain' ? plan.why : 'the plan command that writes it cannot be read';
    return { kind: 'uncertain', display, why: `it applies a plan file written earlier in the same line, and ${why}` };
  }
  return { ...plan, display, env: { ...plan.env, ...apply.env }, replacesSavedPlan: { file: apply.savedPlan!, onlyIfPlanSucceeds } };
}

function isAssignment(word: Word): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word.text);
}

/**
 * An assignment word as `NAME=value`: `NAME+=value` appends to a value only the shell knows, so its
 * name is set to an unknown value (audit 29 F1: `export TF_CLI_ARGS_apply+=-destroy` was not read at all).
 */
function asAssignment(word: Word): Word {
  const append = /^([A-Za-z_][A-Za-z0-9_]*)\+=/.exec(word.text);
  return append === null ? word : unknownExport(append[1]!, `\`${append[1]!}+=…\` appends to the value it had, which only the running shell knows`);
}

/** Variables Terraform, `cd` or the program lookup read, set by a command even when not exported (as bare `NAME=value` statements are read). */
const WATCHED_NAME = /^(?:TF_\w*|PATH|HOME)$/;

/**
 * Watched variables a command sets to a value the hook does not read: `printf -v NAME`, `for NAME
 * in …`, `${NAME:=value}` / `${NAME=value}` (audit 29 F1). `read NAME` and the like are read elsewhere.
 */
function setsWatched(raw: SimpleCommand): Word[] {
  const names = new Set<string>();
  if (raw[0]?.text === 'for' && !raw[0].dynamic && raw[1] !== undefined) names.add(raw[1].text);
  const words = commandStart(raw).words;
  if (words[0] !== undefined && !words[0].dynamic && basename(words[0].text) === 'printf') {
    for (let i = 1; i < words.length && words[i]!.text.startsWith('-'); i++) {
      const text = words[i]!.text;
      if (text === '--') break;
      if (text === '-v') names.add(words[++i]?.text ?? '');
      else if (text.startsWith('-v')) names.add(text.slice(2));
    }
  }
  for (const word of raw) {
    if (!word.dynamic || !word.text.includes('${')) continue;
    for (const match of word.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?=/g)) names.add(match[1]!);
  }
  return [...names].filter((name) => WATCHED_NAME.test(name)).map((name) => unknownExport(name, `the line sets ${name} in a form tf-plan-guard does not read (\`printf -v\`, \`for\`, \`\${${name}:=…}\`)`));
}

/** The depth of the line a Terraform run was read in as a command of its own (not from a nested line). */
const CREATED_AT = new WeakMap<Intent, number>();

/** How deep `eval` and sourced files within each other are read for what they set. */
const MAX_TOUCH_DEPTH = 3;
/** How many different sourced files and `eval` lines one line is read for, for what they set (each may be 256 KiB). */
const MAX_TOUCH_READS = 200;

/** What a command does to the environment beyond what the line's scopes follow (environment-touch.ts). */
function environmentOf(words: SimpleCommand, directory: Directory, plain: boolean, resplit: boolean, level: number, functions: ReadonlyMap<string, unknown>, read: Map<string, Touch | null>): Touch {
  const start = commandStart(words);
  const unwrapped = unwrap(start.words);
  const program = unwrapped.words[0];
  const named = program !== undefined && !program.dynamic ? program.text : null;
  return commandTouch({
    raw: words,
    prefix: start.assignments,
    words: start.words,
    program: unwrapped.words,
    wrapperAssignments: unwrapped.assignments,
    unsets: unwrapped.unsets === true,
    runsTerraform: named !== null && PROGRAMS.some((candidate) => candidate.pattern.test(basename(named))),
    plain,
    callsFunction: named !== null && functions.has(named),
    display: () => displayCommand(words, resplit),
    within: (kind, args) => {
      if (level >= MAX_TOUCH_DEPTH) return null;
      const here = directory === null || directory.startsWith(UNKNOWN) ? null : directory;
      const file = args[0];
      const evaluated = kind === 'eval' && !args.some((word) => word.dynamic) ? args.map((word) => word.text).join(' ') : null;
      const path = kind !== 'eval' && file !== undefined && !file.dynamic && (here !== null || isAbsolute(file.text)) ? resolveDir(here ?? '/', file.text) : null;
      if (evaluated === null && path === null) return null;
      // With the directory it runs in: a relative `source` or `cd` in it reads other files from elsewhere (audit 38 F-CACHEKEY).
      const key = JSON.stringify([kind, here, evaluated ?? path]);
      if (!read.has(key)) {
        // Past the bound, what more of them set is not read: asked about.
        if (read.size >= MAX_TOUCH_READS) return null;
        const text = evaluated ?? (longerThanRead(path!) ? null : readStart(path!));
        read.set(key, null);
        read.set(key, text === null ? null : textTouch(text, here, level + 1, read));
      }
      return read.get(key)!;
    },
  });
}

/** What a line `eval` runs, or a sourced file, touches: none of it is followed (null: not read). */
function textTouch(text: string, directory: Directory, level: number, read: Map<string, Touch | null>): Touch | null {
  const parsed = parseCommandLine(text);
  if (parsed.tooLong !== null) return null;
  const touch: Touch = { inexact: null, exported: null };
  for (const words of parsed.commands) {
    if (!maySetVariables(words)) continue;
    const found = environmentOf(words, directory, false, true, level, new Map(), read);
    touch.inexact ??= found.inexact;
    touch.exported ??= found.exported;
    if (touch.inexact !== null) break;
  }
  return touch;
}

/** How many variables a line's exports are followed for; past that, a change it makes is asked about. */
export const MAX_EXPORTS = 1000;

/** Stands for the variables past MAX_EXPORTS: what they set is not read. */
const UNREAD_EXPORTS: Word = { text: '=', dynamic: true };

/** Why an exported name's value is unknown, where that is not a word the shell expands. */
const UNKNOWN_EXPORTS = new WeakMap<Word, string>();

/** A name exported with a value the line does not decide (an export that may not have run). */
function unknownExport(name: string, because: string): Word {
  const word: Word = { text: `${name}=`, dynamic: true };
  UNKNOWN_EXPORTS.set(word, because);
  return word;
}

function exportedName(word: Word): string {
  return word === UNREAD_EXPORTS ? '' : word.text.slice(0, word.text.indexOf('='));
}

/**
 * The variables exported so far and those a command exports, each name once, as the shell keeps
 * it: each command of a line reads them all, so they are kept few. A later value replaces an
 * earlier one only when both are known: once a name's value is only known to the shell, it stays
 * so for the line (a later export may not be what the shell keeps: audit 29 F4), so a value it
 * cannot know is never dropped.
 */
function withExports(exported: Word[], added: readonly Word[]): Word[] {
  if (added.length === 0) return exported;
  const byName = new Map<string, Word>();
  for (const word of [...exported, ...added]) {
    const name = exportedName(word);
    const earlier = byName.get(name);
    byName.delete(name);
    byName.set(name, earlier?.dynamic === true && !word.dynamic ? earlier : word);
    if (byName.size > MAX_EXPORTS) return [UNREAD_EXPORTS];
  }
  return [...byName.values()];
}

/**
 * The intent with the variables its command line sets. Options added to the apply alone
 * (`TF_CLI_ARGS_apply`, `TF_CLI_ARGS_destroy`) or values only known at run time make what
 * would be applied unknowable from a plan.
 */
function withEnvironment(intent: Intent, assignments: readonly Word[]): Intent {
  if (intent.kind !== 'change') return intent;
  const env: Record<string, string> = {};
  for (const word of assignments) {
    if (word === UNREAD_EXPORTS) return { kind: 'uncertain', display: intent.display, why: `the line exports more than ${MAX_EXPORTS} variables before it, more than tf-plan-guard reads, so the environment it would run with is not known` };
    const name = word.text.slice(0, word.text.indexOf('='));
    if (/^TF_CLI_ARGS_(?:apply|destroy|plan|show)$/.test(name)) return { kind: 'uncertain', display: intent.display, why: `${name} adds options to the apply that a plan does not show` };
    if (name === 'PATH') return { kind: 'uncertain', display: intent.display, why: 'it sets PATH, so the program that runs may not be the one tf-plan-guard plans with' };
    if (word.dynamic) return { kind: 'uncertain', display: intent.display, why: `the value of ${name} is ${UNKNOWN_EXPORTS.has(word) ? `not known: ${UNKNOWN_EXPORTS.get(word)!}` : 'only known when the shell expands it'}` };
    env[name] = word.text.slice(name.length + 1);
  }
  return { ...intent, env };
}

/** The command a wrapper (`sudo`, `env`, `timeout 600`...) runs, or the words themselves. */
/** `pipedFrom`: the command whose output is piped in, which xargs reads its words from. */
function unwrap(words: SimpleCommand, pipedFrom: SimpleCommand | null = null): Unwrapped {
  const assignments: Word[] = [];
  let chdir: Word | null = null;
  let through: Unwrapped['through'] = null;
  let fromPackage: Unwrapped['fromPackage'] = null;
  let inWorkspaces: string | null = null;
  let unsets = false;
  for (let guard = 0; guard < 8; guard++) {
    const name = words[0] ? basename(words[0].text) : '';
    const environment = environmentWrapper(words);
    if (environment !== null) {
      through ??= { wrapper: environment.through, why: environment.why };
      words = words.slice(environment.skip);
      continue;
    }
    const packageRun = readPackageManager(words);
    if (packageRun?.kind === 'program') {
      // npx, npm exec, pnpm exec/dlx, yarn dlx, bun x: the program is looked for among the package's dependencies first.
      words = packageRun.words;
      fromPackage = { binDirectory: packageRun.binDirectory };
      if (packageRun.fetched !== null) through ??= { wrapper: packageRun.fetched, why: `\`${packageRun.fetched}\` runs a program from a package it fetches, which is not the one tf-plan-guard plans with` };
      if (packageRun.directory !== null) chdir = packageRun.directory;
      if (packageRun.workspaces !== null) inWorkspaces = packageRun.workspaces;
      continue;
    }
    const wrapper = WRAPPERS[name];
    if (!wrapper) break;
    if (OTHER_USER_WRAPPERS.has(name)) through ??= { wrapper: name, why: `\`${name}\` runs it as another user, whose environment, home and credentials are not the ones tf-plan-guard would plan with` };
    if (name === 'command' && words.some((word) => word.text === '-v' || word.text === '-V')) return { words: [], assignments, chdir, through, fromPackage, inWorkspaces };
    let i = 1;
    while (i < words.length) {
      const word = words[i]!;
      const text = word.text;
      if (text === '--') {
        i++;
        break;
      }
      const splitString = name === 'env' ? envSplitString(words, i) : null;
      if (splitString !== null) {
        // env -S 'NAME=value program args': the string is split into env's own arguments.
        // A string only known when it runs: the program it starts is not known either.
        if (splitString.words === null) return { words: [words[i + 1] ?? words[i]!, ...words.slice(i + splitString.consumed)], assignments, chdir, through, fromPackage, inWorkspaces, unsets: true };
        words = [words[0]!, ...splitString.words, ...words.slice(i + splitString.consumed)];
        continue;
      }
      if ((name === 'env' || name === 'exec') && !word.dynamic && clearsEnvironment(name, text)) unsets = true;
      if (name === 'env' && text === '-') {
        i++;
      } else if (name === 'env' && isAssignment(word)) {
        assignments.push(word);
        i++;
      } else if (text.startsWith('-') && text.length > 1) {
        const takesValue = wrapper.optionsWithValue.includes(text);
        const chdirOptions = wrapper.chdirOptions ?? [];
        // env -C DIR, env -CDIR, sudo -D DIR, --chdir=DIR: the command runs there.
        if (takesValue && chdirOptions.includes(text) && words[i + 1]) chdir = words[i + 1]!;
        else if (chdirOptions.includes('--chdir') && text.startsWith('--chdir=')) chdir = { ...word, text: text.slice('--chdir='.length) };
        else {
          const short = chdirOptions.find((option) => option.length === 2 && text.startsWith(option) && text.length > 2);
          if (short) chdir = { ...word, text: text.slice(2) };
        }
        i += takesValue ? 2 : 1;
      } else break;
    }
    i += wrapper.positionalsBefore ?? 0;
    words = name === 'xargs' ? xargsCommand(words.slice(1, i), words.slice(i), pipedFrom) : words.slice(i);
  }
  return { words, assignments, chdir, through, fromPackage, inWorkspaces, unsets };
}

/**
 * The command xargs runs, with the words it reads from standard input or `-a FILE`, which are
 * only known when it runs: appended to the command, or, with `-I R`/`-i`/`--replace`, put where
 * R is written.
 */
function xargsCommand(options: readonly Word[], command: SimpleCommand, pipedFrom: SimpleCommand | null): SimpleCommand {
  if (command.length === 0) return command;
  // Fed by a literal echo/printf and run once with all of them, the words are known (`echo "--prefix infra run d4" | xargs npm`).
  const printed = pipedFrom === null ? null : literalPrint(pipedFrom);
  const terraform = PROGRAMS.some((program) => program.pattern.test(basename(command[0]!.text)));
  if (printed !== null && !terraform && !options.some((word) => /^(?:-[0aEdILinx]|--(?:null|arg-file|delimiter|max-args|max-lines|replace|eof))/.test(word.text))) {
    return [...command, ...printed.split(/\s+/).filter((text) => text !== '').map((text) => ({ text, dynamic: false }))];
  }
  let replace: string | null = null;
  options.forEach((word, index) => {
    const text = word.text;
    if (text === '-I') replace = options[index + 1]?.text ?? '{}';
    else if (text === '-i' || text === '--replace') replace = '{}';
    else if (/^-I./.test(text)) replace = text.slice(2);
    else if (/^-i./.test(text)) replace = text.slice(2);
    else if (text.startsWith('--replace=')) replace = text.slice('--replace='.length);
  });
  if (replace === null) return [...command, { text: '', dynamic: true }];
  const marker = replace;
  // Written as an expansion, so a shell line it is put in (`sh -c 'cd {} && …'`) reads it as one too.
  return command.map((word) => (word.text.includes(marker) ? { text: word.text.split(marker).join('${XARGS_ITEM}'), dynamic: true } : word));
}

/**
 * Whether an option word of `env` or `exec` clears or removes variables: `env -i`, `env -`,
 * `env -u NAME` (`-uNAME`, `-iu NAME`), `--unset`, `--ignore-environment`; `exec -c`. The letters
 * of a cluster are read up to one that takes a value (env's -C, -S, -u; exec's -a).
 */
function clearsEnvironment(name: 'env' | 'exec', text: string): boolean {
  if (name === 'env' && (text === '-' || /^--(?:i|u)/.test(text))) return true;
  if (!/^-[^-]/.test(text)) return false;
  for (const letter of text.slice(1)) {
    if (name === 'env' && (letter === 'i' || letter === 'u')) return true;
    if (name === 'exec' && letter === 'c') return true;
    if ((name === 'env' && (letter === 'C' || letter === 'S')) || (name === 'exec' && letter === 'a')) return false;
  }
  return false;
}

interface Unwrapped {
  words: SimpleCommand;
  assignments: Word[];
  chdir: Word | null;
  /** A wrapper that changes the environment or user the command runs with, and why that matters. */
  through: { wrapper: string; why: string } | null;
  /** Run by a package manager (`npx X`): X is looked for in node_modules/.bin first, from `binDirectory` (null: the shell's) up. */
  fromPackage: { binDirectory: Word | null } | null;
  /** Run in each package of a workspace the manager selects (`pnpm -r exec X`): the option that selects them. */
  inWorkspaces: string | null;
  /** A wrapper clears or removes variables: `env -i`, `env -`, `env -u NAME`, `env --unset=NAME`, `exec -c`. */
  unsets?: boolean;
}

/** find's actions that run a command, and whether it runs in the directory of the file found (else find's own). */
const FIND_ACTIONS: Record<string, { inFoundDirectory: boolean }> = {
  '-exec': { inFoundDirectory: false },
  '-ok': { inFoundDirectory: false },
  '-execdir': { inFoundDirectory: true },
  '-okdir': { inFoundDirectory: true },
};

/** The commands find's `-exec CMD… ;` (or `+`) actions run, each `{}` in them a path only known when it runs. */
function findActions(args: readonly Word[]): { command: SimpleCommand; inFoundDirectory: boolean }[] {
  const actions: { command: SimpleCommand; inFoundDirectory: boolean }[] = [];
  for (let i = 0; i < args.length; i++) {
    const action = FIND_ACTIONS[args[i]!.text];
    if (action === undefined) continue;
    const command: Word[] = [];
    for (i++; i < args.length && args[i]!.text !== ';' && !(args[i]!.text === '+' && args[i - 1]?.text === '{}'); i++) {
      command.push(args[i]!.text.includes('{}') ? { ...args[i]!, dynamic: true } : args[i]!);
    }
    actions.push({ command, inFoundDirectory: action.inFoundDirectory });
  }
  return actions;
}

/** `env -S STRING` (`-SSTRING`, `--split-string=STRING`) at `index`: the words of the string, null when dynamic. */
function envSplitString(words: SimpleCommand, index: number): { words: Word[] | null; consumed: number } | null {
  const text = words[index]!.text;
  let value: Word | undefined;
  let consumed = 1;
  if (text === '-S' || text === '--split-string') {
    value = words[index + 1];
    consumed = 2;
  } else if (text.startsWith('--split-string=')) value = { ...words[index]!, text: text.slice('--split-string='.length) };
  else if (/^-S./.test(text)) value = { ...words[index]!, text: text.slice(2) };
  else return null;
  if (value === undefined) return null;
  if (value.dynamic) return { words: null, consumed };
  return { words: parseCommandLine(value.text).commands[0] ?? [], consumed };
}

/** The script of `bash -c 'script'` (options may come first), or null when it runs a file. */
/**
 * A shell with no script operand reads its program from standard input: a file redirected to it
 * is read like `sh FILE`, the text of a literal `echo`/`printf` piped to it is read as a command
 * line, and anything else piped to it (`base64 -d`, `cat f`, `curl`) is a script only known when
 * it runs: asked about where Terraform is near, or when the line names it.
 */
function stdinScript(context: CommandContext, place: { directory: Directory; unknownBecause: string }, display: string, recognizeLine: (line: string, joined: boolean) => Intent[]): Intent[] {
  const { directory, unknownBecause } = place;
  if (context.stdinFile !== null) return [placedScript(directory, context.stdinFile, display, unknownBecause)];
  const from = context.pipedFrom;
  if (from === null) return [];
  const printed = literalPrint(from);
  // echo joins its words with spaces, as eval does.
  if (printed !== null) return recognizeLine(printed, true);
  if (context.lineNamesTerraform) return [{ kind: 'uncertain', display: `${displayCommand(from, context.resplit)} | ${display}`, why: 'the shell runs what the command before it prints, which is only known when it runs' }];
  return [directory === null ? unplacedRunner('script', null, display, unknownBecause) : runnerIntent('script', directory, null, [], display)];
}

/** The text a literal `echo` or `printf` prints (its escapes as newlines), or null when it is not one. */
function literalPrint(words: SimpleCommand): string | null {
  const name = basename(words[0]?.text ?? '');
  if ((name !== 'echo' && name !== 'printf') || words.some((word) => word.dynamic)) return null;
  let args = words.slice(1).map((word) => word.text);
  if (name === 'echo') while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) args = args.slice(1);
  return args.join(' ').replace(/\\n|%s/g, (match) => (match === '%s' ? ' ' : '\n'));
}

function shellScript(words: SimpleCommand): string | null {
  for (let i = 1; i < words.length; i++) {
    const text = words[i]!.text;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(text)) return words[i + 1]?.text ?? null;
    if (!text.startsWith('-')) return null;
  }
  return null;
}

/** Terraform's options that take a value as the next word when written without `=`. */
const OPTIONS_WITH_VALUE = new Set(['-var', '-var-file', '-target', '-replace', '-exclude', '-lock-timeout', '-parallelism', '-state', '-state-out', '-backup', '-chdir', '-out']);
/** Options that only matter to the apply itself, not to what it would change. */
const APPLY_ONLY_OPTIONS = new Set(['-auto-approve', '-input', '-no-color', '-json', '-compact-warnings', '-state-out', '-backup', '-show-sensitive']);

function terraformIntent(tool: Tool, words: SimpleCommand, cwd: string, display: string): Intent | null {
  let directory = cwd;
  let i = 1;
  for (; i < words.length; i++) {
    const option = normalizeOption(words[i]!.text);
    if (!option.startsWith('-')) break;
    if (option.startsWith('-chdir=')) directory = resolveDir(cwd, option.slice('-chdir='.length));
    else if (option === '-chdir' && words[i + 1]) directory = resolveDir(cwd, words[++i]!.text);
  }
  const subcommand = words[i];
  if (!subcommand) return null;
  if (subcommand.dynamic) {
    return { kind: 'uncertain', display, why: 'its subcommand is only known when the shell expands it' };
  }
  const rest = words.slice(i + 1);
  const program = words[0]!.text;
  switch (subcommand.text) {
    case 'apply':
    case 'destroy':
      return changeIntent(tool, program, directory, subcommand.text === 'destroy', rest, display, false);
    case 'state': {
      const action = rest.find((word) => !word.text.startsWith('-'))?.text;
      if (action === 'rm') return { kind: 'state', tool, directory, display, effect: 'makes Terraform forget objects that still exist: they are no longer managed, and a later apply may create duplicates' };
      if (action === 'push') return { kind: 'state', tool, directory, display, effect: 'overwrites the stored state with a local file: objects missing from that file are forgotten, and the next plan may recreate or destroy them' };
      return null;
    }
    case 'workspace': {
      const action = rest.find((word) => !word.text.startsWith('-'))?.text;
      if (action === 'delete') return { kind: 'state', tool, directory, display, effect: "deletes a workspace's state: every object it tracked keeps running unmanaged (with -force, even when it still tracks objects)" };
      return null;
    }
    case 'force-unlock':
      return { kind: 'state', tool, directory, display, effect: 'removes the state lock: if another run still holds it, two applies can write the state at once and lose track of objects' };
    default:
      return null;
  }
}

function terragruntIntent(words: SimpleCommand, cwd: string, display: string): Intent | null {
  const program = words[0]!.text;
  const rest = words.slice(1);
  let manyModules = false;
  let directory = cwd;
  const remaining: Word[] = [];
  for (let i = 0; i < rest.length; i++) {
    const text = normalizeOption(rest[i]!.text);
    if (text === 'run-all' || text === '-all' || text === '-a') manyModules = true;
    else if (text === 'run' || text === '--') continue;
    else if (text === '-working-dir' || text === '-terragrunt-working-dir') directory = resolveDir(cwd, rest[++i]?.text ?? '.');
    else if (text.startsWith('-working-dir=') || text.startsWith('-terragrunt-working-dir=')) directory = resolveDir(cwd, text.slice(text.indexOf('=') + 1));
    else remaining.push(rest[i]!);
  }
  const verbIndex = remaining.findIndex((word) => !word.text.startsWith('-'));
  const verb = remaining[verbIndex];
  if (!verb) return null;
  if (verb.dynamic) return { kind: 'uncertain', display, why: 'its command is only known when the shell expands it' };
  if (verb.text === 'apply' || verb.text === 'destroy') {
    return changeIntent('terragrunt', program, directory, verb.text === 'destroy', remaining.slice(verbIndex + 1), display, manyModules);
  }
  return terraformIntent('terragrunt', [words[0]!, ...remaining], directory, display);
}

function changeIntent(tool: Tool, program: string, directory: string, destroy: boolean, args: readonly Word[], display: string, manyModules: boolean): Intent {
  if (args.some((word) => word.dynamic)) {
    return { kind: 'uncertain', display, why: 'some of its options are only known when the shell expands them' };
  }
  const planArgs: string[] = [];
  let savedPlan: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!.text;
    const option = normalizeOption(raw);
    if (!option.startsWith('-')) {
      savedPlan = isAbsolute(raw) ? raw : resolve(directory, raw);
      continue;
    }
    const name = option.split('=')[0]!;
    if (name === '-destroy') {
      // `terraform destroy -destroy=false` still destroys: only `apply` reads the option.
      if (!destroy) destroy = option !== '-destroy=false';
      continue;
    }
    const value = !option.includes('=') && OPTIONS_WITH_VALUE.has(name) ? args[++i]?.text : undefined;
    if (APPLY_ONLY_OPTIONS.has(name)) continue;
    planArgs.push(value === undefined ? option : `${option}=${value}`);
  }
  return { kind: 'change', tool, program, directory, destroy, planArgs, savedPlan, manyModules, display, env: {} };
}

/** Longer than any path a program can be started by (PATH_MAX): a word of this length names none. */
const MAX_PATH = 4096;

function basename(path: string): string {
  // Not searched: a word of a great many characters (a whole `$(…)` substitution) is asked for its name many times over.
  if (path.length > MAX_PATH) return '';
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function resolveDir(cwd: string, target: string): string {
  return isAbsolute(target) ? target : resolve(cwd, target);
}

/** A whole line as people may read it, command by command. */
function maskedLine(line: string, resplit: boolean): string {
  const parsed = parseCommandLine(line);
  return displayCommands(parsed.commands, parsed.incomplete !== null, resplit);
}
