/**
 * What a package manager's command line runs, as its documentation says: a package script
 * (`npm run X`, `yarn X`), a program (`npx X`, `pnpm exec X`, `yarn dlx X`, `bun x X`, `yarn X`
 * when no script is named X) or a shell line (`npx -c '…'`, `pnpm exec -c`, `yarn exec`, `bun
 * exec`); in which directory (`--prefix`, `-C`, `--dir`, `--cwd`), and whether it reaches other
 * packages of a workspace (`-w`, `--workspaces`, `--filter`, `-r`, `yarn workspace X`). Pure:
 * words in, a reading out; the guard reads package.json.
 */
import type { SimpleCommand, Word } from './shell.js';

export type Manager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/**
 * One row per package manager (npm 10/11, pnpm 9/10, yarn 1 and 4, bun 1.x). Options are listed
 * by how they are written; `--name=value` always carries its value. An option in neither list
 * of a manager that reads any other as a flag (npm reads an option it does not know as one) is
 * a flag; for the others, a word after an option they do not list may be its value.
 */
interface ManagerRow {
  /** Its own options that take the next word as their value. */
  optionsWithValue: readonly string[];
  /** Its own options known to take no value. */
  flags: readonly string[];
  /** Whether an option it does not know is a flag (npm) or may take the next word (the others). */
  unknownOptionIsFlag: boolean;
  /** Options naming the directory it works in (values of these are directories). */
  directoryOptions: readonly string[];
  /** Options that make it run in other packages of a workspace than the one it stands in. */
  workspaceOptions: readonly string[];
  /** Commands that run a script by name. */
  runCommands: readonly string[];
  /**
   * Commands that run scripts by a name of their own (`npm test`), with the scripts they may run,
   * in order: `npm it` installs, then runs `test`; `npm restart` runs `restart`, or `stop` and
   * `start` when there is no `restart` (all three are read); `pnpm restart` runs all three.
   */
  scriptCommands: Readonly<Record<string, readonly string[]>>;
  /**
   * Settings it reads from the environment (`npm_config_NAME`, any case, `_` for `-`) and from
   * `.npmrc` as well as from its options, by name, with the option each is: those that choose
   * which packages run a script or what runs it.
   */
  settings: Readonly<Record<string, string>>;
  /** The option whose value is the program every script is run with (`SHELL -c LINE`). */
  scriptShellOption: string | null;
  /** Options naming another configuration file to read (npm's `--userconfig`): its settings (a workspace, a script shell) are not read, so it may select any package. */
  configFileOptions?: string[];
  /** Its configuration file, an ini file read in the package's directory, those above it and HOME (`.npmrc`); null: none read. */
  configFile: string | null;
  /** Commands that run a program, and their options that take a value before the program. */
  execCommands: Readonly<Record<string, readonly string[]>>;
  /** Commands that fetch the package they run a program of (`pnpm dlx`), and the options of exec that name one. */
  fetches: { commands: readonly string[]; options: readonly string[] };
  /** Options of those commands that run a shell line: their value, or the words after the program. */
  execShellOptions: readonly string[];
  /** Commands whose words are a shell line (`yarn exec`, `bun exec`). */
  shellCommands: readonly string[];
  /**
   * Commands that run a command in packages of a workspace (`yarn workspace NAME cmd`): how many
   * words name them, and the options after those that take a value (`foreach --from GLOB`).
   */
  workspaceCommands: Readonly<Record<string, { words: number; optionsWithValue: readonly string[] }>>;
  /**
   * Its own commands: any other first word runs the script of that name, or, when there is none,
   * the program of that name (pnpm: any program; yarn and bun: a dependency's); null for npm,
   * which runs nothing for a word it does not know (it runs scripts only by `run` and the
   * commands above).
   */
  ownCommands: ReadonlySet<string> | null;
  /** Whether `run X` with no script X runs the program X (yarn run, bun run do; npm and pnpm run do not). */
  runFallsBackToProgram: boolean;
  /** Whether the directory its options name is where its programs run too (npm exec runs where the shell is). */
  programsRunInDirectory: boolean;
}

const NPM_EXEC_OPTIONS = ['--package', '-p', '-c', '--call', '-w', '--workspace'];

export const MANAGERS: Record<Manager, ManagerRow> = {
  npm: {
    // npm's config options that take a value, as `npm help config` lists them (the ones people put on a command line).
    optionsWithValue: ['-C', '--prefix', '-w', '--workspace', '--loglevel', '--registry', '--userconfig', '--globalconfig', '--cache', '--script-shell', '--node-options', '--tag', '--otp', '--include', '--omit', '--before', '--scope', '--access', '--auth-type', '--call', '-c', '--package', '--install-strategy', '--fetch-timeout', '--fetch-retries', '--maxsockets', '--proxy', '--https-proxy', '--noproxy', '--cafile', '--logs-dir', '--logs-max', '--replace-registry-host', '--workspaces-update', '--editor', '--shell', '--preid', '--message', '-m'],
    flags: ['-s', '--silent', '-q', '--quiet', '-d', '-dd', '-ddd', '--verbose', '--if-present', '--ignore-scripts', '--foreground-scripts', '-y', '--yes', '--no', '--color', '--json', '--parseable', '-g', '--global', '--workspaces', '-ws', '--include-workspace-root', '--offline', '--prefer-offline', '--prefer-online', '-f', '--force', '--dry-run', '--legacy-peer-deps', '--timing', '--usage', '-h', '--help', '--unicode', '--progress'],
    unknownOptionIsFlag: true,
    directoryOptions: ['-C', '--prefix'],
    workspaceOptions: ['-w', '--workspace', '--workspaces', '-ws'],
    runCommands: ['run', 'run-script', 'rum', 'urn'],
    scriptCommands: { start: ['start'], test: ['test'], t: ['test'], tst: ['test'], stop: ['stop'], restart: ['restart', 'stop', 'start'], 'install-test': ['test'], it: ['test'], 'install-ci-test': ['test'], cit: ['test'], 'clean-install-test': ['test'], sit: ['test'] },
    // Checked with npm 11 (audit 6a): env and .npmrc `workspace`/`workspaces`/`script-shell` apply; `prefix` and `ws` do not move `run`.
    settings: { workspace: '--workspace', workspaces: '--workspaces', 'script-shell': '--script-shell', userconfig: '--userconfig', globalconfig: '--globalconfig' },
    scriptShellOption: '--script-shell',
    configFileOptions: ['--userconfig', '--globalconfig'],
    configFile: '.npmrc',
    execCommands: { exec: NPM_EXEC_OPTIONS, x: NPM_EXEC_OPTIONS },
    fetches: { commands: [], options: ['-p', '--package'] },
    execShellOptions: ['-c', '--call'],
    shellCommands: [],
    workspaceCommands: {},
    ownCommands: null,
    runFallsBackToProgram: false,
    programsRunInDirectory: false,
  },
  pnpm: {
    optionsWithValue: ['-C', '--dir', '--filter', '-F', '--filter-prod', '--test-pattern', '--changed-files-ignore-pattern', '--loglevel', '--reporter', '--workspace-concurrency', '--resume-from', '--store-dir', '--virtual-store-dir', '--modules-dir', '--package', '--allow-build'],
    flags: ['-s', '--silent', '-r', '--recursive', '-w', '--workspace-root', '--parallel', '--stream', '--aggregate-output', '--if-present', '--no-bail', '--bail', '--sequential', '--reverse', '--report-summary', '--color', '--no-color', '-c', '--shell-mode', '--include-workspace-root', '--fail-if-no-match', '-h', '--help', '--offline', '--prefer-offline', '--frozen-lockfile', '--prod', '-P', '--dev', '-D', '--save-dev', '--ignore-scripts', '--verbose'],
    unknownOptionIsFlag: false,
    directoryOptions: ['-C', '--dir'],
    workspaceOptions: ['--filter', '-F', '--filter-prod', '-r', '--recursive', '-w', '--workspace-root'],
    runCommands: ['run', 'run-script'],
    scriptCommands: { start: ['start'], test: ['test'], t: ['test'], tst: ['test'], restart: ['stop', 'restart', 'start'], stop: ['stop'], 'install-test': ['test'], it: ['test'] },
    settings: {},
    scriptShellOption: null,
    configFile: null,
    // `pnpm exec`: its options come before `exec`; every word after it is the command's.
    execCommands: { exec: [], dlx: ['--package', '--allow-build'] },
    fetches: { commands: ['dlx'], options: ['--package'] },
    execShellOptions: ['-c', '--shell-mode'],
    shellCommands: [],
    // `pnpm recursive CMD` (and its aliases) is `pnpm -r CMD`.
    workspaceCommands: { recursive: { words: 0, optionsWithValue: [] }, multi: { words: 0, optionsWithValue: [] }, m: { words: 0, optionsWithValue: [] } },
    ownCommands: new Set(['add', 'i', 'install', 'up', 'update', 'upgrade', 'remove', 'rm', 'uninstall', 'un', 'link', 'ln', 'unlink', 'import', 'rebuild', 'rb', 'prune', 'fetch', 'install-test', 'it', 'patch', 'patch-commit', 'patch-remove', 'audit', 'list', 'ls', 'outdated', 'why', 'licenses', 'run', 'run-script', 'test', 't', 'tst', 'exec', 'dlx', 'create', 'start', 'restart', 'stop', 'publish', 'pack', 'server', 'store', 'root', 'bin', 'setup', 'init', 'deploy', 'doctor', 'config', 'c', 'env', 'self-update', 'cat-file', 'cat-index', 'find-hash', 'approve-builds', 'ignored-builds', 'catalog', 'help', 'dedupe', 'recursive', 'multi', 'm', 'completion']),
    runFallsBackToProgram: false,
    programsRunInDirectory: true,
  },
  yarn: {
    optionsWithValue: ['--cwd', '--modules-folder', '--cache-folder', '--mutex', '--network-timeout', '--network-concurrency', '--registry', '--use-yarnrc', '--link-folder', '--global-folder', '--preferred-cache-folder', '--https-proxy', '--proxy', '--otp'],
    flags: ['-s', '--silent', '--verbose', '--offline', '--prefer-offline', '--frozen-lockfile', '--immutable', '--ignore-scripts', '--non-interactive', '--no-progress', '--ignore-engines', '-B', '--binaries-only', '-T', '--top-level', '-q', '--quiet', '-h', '--help',
      // `yarn workspaces foreach`'s flags.
      '-A', '--all', '-p', '--parallel', '-i', '--interlaced', '-v', '-t', '--topological', '--topological-dev', '-R', '--recursive', '-W', '--worktree', '--private'],
    unknownOptionIsFlag: false,
    directoryOptions: ['--cwd'],
    // `yarn run -T` (--top-level) runs the root workspace's script instead.
    workspaceOptions: ['-T', '--top-level'],
    runCommands: ['run'],
    scriptCommands: { start: ['start'], test: ['test'] },
    settings: {},
    scriptShellOption: null,
    configFile: null,
    execCommands: { dlx: ['-p', '--package'] },
    fetches: { commands: ['dlx'], options: ['-p', '--package'] },
    execShellOptions: [],
    // yarn 4's `exec` runs its words through the shell; yarn 1's as a command: reading them as a line covers both.
    shellCommands: ['exec'],
    // `yarn workspace NAME cmd…`, `yarn workspaces foreach [options] cmd…`, yarn 1's `yarn workspaces run cmd…`.
    workspaceCommands: { workspace: { words: 1, optionsWithValue: [] }, workspaces: { words: 1, optionsWithValue: ['--from', '--include', '--exclude', '-j', '--jobs'] } },
    ownCommands: new Set(['add', 'install', 'remove', 'up', 'upgrade', 'upgrade-interactive', 'why', 'info', 'init', 'link', 'unlink', 'pack', 'publish', 'config', 'cache', 'bin', 'dlx', 'exec', 'run', 'node', 'npm', 'set', 'plugin', 'constraints', 'dedupe', 'explain', 'patch', 'patch-commit', 'rebuild', 'stage', 'unplug', 'version', 'workspace', 'workspaces', 'audit', 'autoclean', 'check', 'create', 'generate-lock-entry', 'global', 'help', 'import', 'licenses', 'list', 'login', 'logout', 'outdated', 'owner', 'policies', 'tag', 'team', 'test', 'start', 'search']),
    runFallsBackToProgram: true,
    programsRunInDirectory: true,
  },
  bun: {
    optionsWithValue: ['--cwd', '--filter', '-F', '--elide-lines', '--shell', '-r', '--preload', '--env-file', '--conditions', '--main-fields', '--tsconfig-override', '--config', '-c', '-p', '--package'],
    flags: ['--bun', '--silent', '--if-present', '--watch', '--hot', '--smol', '--no-install', '--verbose', '-h', '--help', '-b'],
    unknownOptionIsFlag: false,
    directoryOptions: ['--cwd'],
    workspaceOptions: ['--filter', '-F'],
    runCommands: ['run'],
    // `bun test` runs bun's own test runner, not the "test" script; read as that script too, which can only ask more.
    scriptCommands: { test: ['test'] },
    settings: {},
    scriptShellOption: null,
    configFile: null,
    execCommands: { x: ['-p', '--package'] },
    fetches: { commands: [], options: ['-p', '--package'] },
    execShellOptions: [],
    // `bun exec "…"` runs its words with Bun Shell.
    shellCommands: ['exec'],
    workspaceCommands: {},
    ownCommands: new Set(['run', 'test', 'x', 'repl', 'exec', 'init', 'create', 'c', 'install', 'i', 'add', 'a', 'remove', 'rm', 'update', 'link', 'unlink', 'pm', 'build', 'upgrade', 'outdated', 'publish', 'patch', 'patch-commit', 'audit', 'info', 'why', 'completions', 'discord', 'help']),
    runFallsBackToProgram: true,
    programsRunInDirectory: true,
  },
};

/** Programs that are a package manager's `exec` by another name, and what they stand for. */
const EXEC_ALIASES: Record<string, { manager: Manager; command: string }> = {
  npx: { manager: 'npm', command: 'exec' },
  pnpx: { manager: 'pnpm', command: 'dlx' },
  bunx: { manager: 'bun', command: 'x' },
};

/** What a package manager's words run. */
export type PackageRun =
  | {
      kind: 'script';
      /** Null: a workspace task runner (`turbo run X`), which runs scripts through the workspace's own manager. */
      manager: Manager | null;
      /** The script's name; null when which script runs is not known (an option may take the word after it). */
      script: string | null;
      /** Other scripts it may run after it (`npm restart`: `stop`, `start`). */
      alsoScripts?: string[];
      /** The program it runs every script with (`--script-shell ./x`, `npm_config_script_shell`), when not a shell. */
      scriptShell?: Word;
      /** The words the manager appends to the script's line (a dynamic word among them when which is not known). */
      appended: Word[];
      /** The directory it works in when an option names one (`--prefix DIR`). */
      directory: Word | null;
      /** The option or command that reaches other packages of a workspace, as written; null when none. */
      workspaces: string | null;
      /** The program and its words run when the package has no script of that name (`yarn eslint .`); null when none is. */
      orProgram: Word[] | null;
      /** The name is one of the manager's own commands (`yarn node`, `pnpm patch`), whose words may be a command it runs. */
      ownCommand?: boolean;
    }
  /**
   * A program with its words, found first among the dependencies (node_modules/.bin) of the
   * package at `binDirectory` (null: where the shell is); `fetched`: from a package it fetches
   * (`pnpm dlx X`, `npx -p PKG X`), as written, or null.
   */
  | { kind: 'program'; words: Word[]; directory: Word | null; binDirectory: Word | null; workspaces: string | null; fetched: string | null }
  /** A line run by a shell. */
  | { kind: 'shell'; line: Word; directory: Word | null; workspaces: string | null }
  /** It runs something, but which is only known when the shell expands a word. */
  | { kind: 'unknown'; why: string };

/**
 * Workspace task runners: each runs a package script of every workspace package that has one
 * (lerna, turbo and nx run package.json scripts as tasks). One row per runner, as its
 * documentation says: the commands whose words name tasks (`lerna run X`, `turbo run X Y`,
 * `turbo watch X`, `nx run P:X`, `nx run-many -t X`, `nx affected -t X`), and its own commands:
 * any other first word is a task too (`turbo build`, `nx build web`); null when there is no such form.
 */
const TASK_RUNNERS: Record<string, { runCommands: readonly string[]; ownCommands: ReadonlySet<string> | null; execCommands: readonly string[] }> = {
  lerna: { runCommands: ['run'], ownCommands: null, execCommands: ['exec'] },
  turbo: { runCommands: ['run', 'watch'], ownCommands: new Set(['prune', 'login', 'logout', 'link', 'unlink', 'daemon', 'gen', 'generate', 'info', 'ls', 'query', 'scan', 'telemetry', 'boundaries', 'bin', 'completion', 'devtools', 'docs', 'help']), execCommands: [] },
  nx: { runCommands: ['run', 'run-many', 'affected', 'watch'], ownCommands: new Set(['graph', 'generate', 'g', 'add', 'init', 'migrate', 'release', 'show', 'report', 'list', 'format', 'format:check', 'format:write', 'reset', 'daemon', 'connect', 'view-logs', 'exec', 'sync', 'sync:check', 'repair', 'import', 'login', 'logout', 'mcp', 'help']), execCommands: ['exec'] },
};

/**
 * `lerna run X`, `turbo run X`, `nx run-many -t X`...: script X of every package of the workspace.
 * Every word that may name a task is taken as a script's name (`web:build:prod` and `web#build`
 * name `build` among their parts; a `-t`/`--targets` value too): reading a script that does not
 * run can only ask more. The words after `--` are appended to the scripts' lines.
 */
function readTaskRunner(words: SimpleCommand): PackageRun | null {
  const program = basename(words[0]?.text ?? '');
  const row = Object.hasOwn(TASK_RUNNERS, program) ? TASK_RUNNERS[program] : undefined;
  const command = words[1];
  if (row === undefined || command === undefined || command.dynamic) return null;
  if (row.execCommands.includes(command.text)) return taskRunnerExec(words.slice(2), `${program} ${command.text}`);
  const named = row.runCommands.includes(command.text) ? words.slice(2) : row.ownCommands !== null && !row.ownCommands.has(command.text) && !command.text.startsWith('-') ? words.slice(1) : null;
  if (named === null) return null;
  const split = named.findIndex((word) => word.text === '--');
  const tasks = split < 0 ? named : named.slice(0, split);
  const workspaces = `${program} ${command.text}`;
  const base = { kind: 'script', manager: null, appended: split < 0 ? [] : named.slice(split + 1), directory: null, workspaces, orProgram: null } as const;
  if (tasks.some((word) => word.dynamic)) return { ...base, script: null };
  const names = tasks.flatMap((word) => {
    const target = /^--?t(?:argets?)?=(.*)$/.exec(word.text);
    return target ? [target[1]!] : word.text.startsWith('-') ? [] : [word.text];
  }).flatMap((text) => text.split(/[,:#]/)).filter((name) => name !== '');
  if (names.length === 0) return null;
  return { ...base, script: names[0]!, alsoScripts: names.slice(1) };
}

/**
 * `lerna exec [options] -- CMD…`, `nx exec -- CMD…`: CMD is a shell line run in each package. Without
 * `--`, an option before the command may take the word after it as its value: which words are the
 * command is not known (a line only known when it runs).
 */
function taskRunnerExec(args: readonly Word[], workspaces: string): PackageRun | null {
  const split = args.findIndex((word) => word.text === '--');
  const start = args.findIndex((word) => !word.text.startsWith('-'));
  const line = split >= 0 ? args.slice(split + 1) : start >= 0 ? args.slice(start) : [];
  if (line.length === 0) return null;
  const unsure = split < 0 && args.slice(0, start).some((word) => !word.text.includes('='));
  return { kind: 'shell', line: unsure ? UNKNOWN_WORD : joined(line), directory: null, workspaces };
}

/** The manager a program name is (`npm`, `corepack pnpm@9`, `npx`), with the words after it, or null. */
function managerOf(words: SimpleCommand): { manager: Manager; args: Word[] } | null {
  let name = basename(words[0]?.text ?? '');
  let args = words.slice(1);
  // corepack runs the manager it is given (`corepack pnpm@9 install`) after options of its own.
  if (name === 'corepack') {
    const at = args.findIndex((word) => !word.text.startsWith('-'));
    if (at < 0) return null;
    name = args[at]!.text.replace(/@.*$/, '');
    args = args.slice(at + 1);
  }
  const alias = Object.hasOwn(EXEC_ALIASES, name) ? EXEC_ALIASES[name] : undefined;
  if (alias) return { manager: alias.manager, args: [{ text: alias.command, dynamic: false }, ...args] };
  return Object.hasOwn(MANAGERS, name) ? { manager: name as Manager, args } : null;
}

/** A word only known when it runs: what a package manager passes when its rule leaves it open. */
export const UNKNOWN_WORD: Word = { text: '', dynamic: true };

/**
 * The reading of a package manager's command line, or null when `words` are not one, or run
 * nothing. `environment`: the `NAME=value` words its environment gets from the line.
 */
export function readPackageManager(words: SimpleCommand, environment: readonly Word[] = []): PackageRun | null {
  if (words[0]?.dynamic) return null;
  const tasks = readTaskRunner(words);
  if (tasks !== null) return tasks;
  const found = managerOf(words);
  if (found === null) return null;
  const { manager } = found;
  const row = MANAGERS[manager];
  // Its settings from the environment are read as options written first.
  const args = [...settingsAsOptions(row, environment.filter((word) => /^npm_config_/i.test(word.text))), ...found.args];
  // HOME set for it (`HOME=… npm run X`): its user config is that home's .npmrc, not read here, so (as with --userconfig) it may select any package.
  const home = row.configFile !== null && environment.some((word) => word.text.startsWith('HOME=')) ? 'HOME' : null;
  const reading: Reading = { row, directory: null, workspaces: home, unsure: false, unplaced: null, shellMode: false, fetches: false, scriptShell: null };
  let i = skipOptions(reading, args, 0, row.optionsWithValue);
  const command = args[i];
  if (command === undefined) return null;
  if (command.dynamic) return { kind: 'unknown', why: 'what it runs is only known when the shell expands its words' };
  // After an option that may have taken the next word as its value, which word is the command is not known.
  if (reading.unsure) {
    const scriptShell = notAShell(reading.scriptShell);
    return { kind: 'script', manager, script: null, appended: [], directory: reading.directory, workspaces: reading.workspaces ?? mayAbbreviateSelector(row, reading.unplaced), orProgram: null, ...(scriptShell === null ? {} : { scriptShell }) };
  }
  const text = command.text;
  const where = (): { directory: Word | null; workspaces: string | null } => ({ directory: row.programsRunInDirectory ? reading.directory : null, workspaces: reading.workspaces });

  const inWorkspaces = row.workspaceCommands[text];
  if (inWorkspaces !== undefined) {
    // `yarn workspace NAME cmd…` runs in that workspace; `yarn workspaces foreach [options] cmd…` in each.
    const at = skipOptions(reading, args, i + 1 + inWorkspaces.words, inWorkspaces.optionsWithValue);
    const inner = readPackageManager([{ text: manager, dynamic: false }, ...args.slice(at)]);
    if (inner === null || inner.kind === 'unknown') return inner;
    const selected = { workspaces: `${manager} ${text}`, directory: reading.directory };
    return inner.kind === 'script' ? { ...inner, ...selected, script: reading.unsure ? null : inner.script, orProgram: reading.unsure ? null : inner.orProgram } : { ...inner, ...selected };
  }
  if (row.shellCommands.includes(text)) {
    const line = args.slice(i + 1);
    return line.length === 0 ? null : { kind: 'shell', line: joined(line), ...where() };
  }
  const execOptions = row.execCommands[text];
  if (execOptions !== undefined) {
    for (i++; i < args.length; ) {
      const word = args[i]!;
      // npm exec -c LINE, --call=LINE: the value is the line.
      const call = word.text.startsWith('--call=') ? { ...word, text: word.text.slice('--call='.length) } : row.execShellOptions.includes(word.text) && execOptions.includes(word.text) ? args[i + 1] : undefined;
      if (call !== undefined) return { kind: 'shell', line: call, ...where() };
      if (word.text === '--') {
        i++;
        break;
      }
      const next = skipOptions(reading, args, i, execOptions, 1);
      if (next === i) break;
      i = next;
    }
    const program = args.slice(i);
    if (program.length === 0) return null;
    if (reading.shellMode) return { kind: 'shell', line: joined(program), ...where() };
    const fetched = row.fetches.commands.includes(text) || reading.fetches ? `${manager} ${text}` : null;
    return { kind: 'program', words: withoutVersion(program), ...where(), binDirectory: reading.directory, fetched };
  }
  let scriptName: string;
  let alsoScripts: string[] = [];
  let orProgram: Word[] | null = null;
  let ownCommand = false;
  if (row.runCommands.includes(text)) {
    i = skipOptions(reading, args, i + 1, row.optionsWithValue);
    const named = args[i];
    if (named === undefined) return null;
    if (named.dynamic) return { kind: 'unknown', why: 'the script it runs is only known when the shell expands it' };
    scriptName = named.text;
    if (row.runFallsBackToProgram) orProgram = args.slice(i);
  } else if (row.scriptCommands[text] !== undefined) {
    scriptName = row.scriptCommands[text]![0]!;
    alsoScripts = row.scriptCommands[text]!.slice(1);
  }
  // npm runs nothing for a word it does not know.
  else if (row.ownCommands === null) return null;
  else {
    // A command of its own is read as a script of that name too (the guard finds none unless the
    // package has one): which commands are its own differs between versions (`yarn up`).
    scriptName = text;
    if (!row.ownCommands.has(text)) orProgram = args.slice(i);
    else ownCommand = true;
  }
  const scriptUnsure = reading.unsure;
  const appended = appendedWords(reading, args.slice(i + 1));
  // An option after the script it cannot place (`npm run d4 --prefi infra`) may name the package too: any of the workspace.
  const workspaces = reading.workspaces ?? (appended.some((word) => word.dynamic) ? mayAbbreviateSelector(row, reading.unplaced) : null);
  const scriptShell = notAShell(reading.scriptShell);
  const shell = scriptShell === null ? {} : { scriptShell };
  return { kind: 'script', manager, script: scriptUnsure ? null : scriptName, appended, directory: reading.directory, workspaces, orProgram: scriptUnsure ? null : orProgram, ...(alsoScripts.length > 0 ? { alsoScripts } : {}), ...shell, ...(ownCommand ? { ownCommand } : {}) };
}

/** What the options read so far say. */
interface Reading {
  row: ManagerRow;
  directory: Word | null;
  workspaces: string | null;
  /** An option whose value is not known to be the next word or not stood before the command. */
  unsure: boolean;
  /** The first option it could not place, as written. */
  unplaced: string | null;
  /** pnpm -c (--shell-mode): exec runs its words through a shell. */
  shellMode: boolean;
  /** An option of exec names the package to fetch (`npx -p PKG`). */
  fetches: boolean;
  /** The program scripts are run with (`--script-shell X`), as written. */
  scriptShell: Word | null;
}

/** Programs npm may be told to run scripts with that run the script's line as a shell does. */
const SCRIPT_SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'fish', 'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh']);

/** A script shell that is not a shell (`./x`), or null. */
function notAShell(program: Word | null): Word | null {
  return program !== null && (program.dynamic || !SCRIPT_SHELLS.has(basename(program.text))) ? program : null;
}

/**
 * What a manager's configuration file adds to a script run: the packages it selects (`.npmrc`
 * `workspace=infra`), as a name people read, and a program it runs scripts with that is not a
 * shell. Null for a manager whose file is not read. `entries`: the file's `key=value` entries.
 */
export function configuredSettings(manager: Manager, entries: (file: string) => Word[]): { workspaces: string | null; scriptShell: Word | null } | null {
  const row = MANAGERS[manager];
  if (row.configFile === null) return null;
  const options = settingsAsOptions(row, entries(row.configFile));
  const reading: Reading = { row, directory: null, workspaces: null, unsure: false, unplaced: null, shellMode: false, fetches: false, scriptShell: null };
  skipOptions(reading, options, 0, row.optionsWithValue);
  return { workspaces: reading.workspaces === null ? null : `${row.configFile} ${reading.workspaces.replace(/^-+/, '')}`, scriptShell: notAShell(reading.scriptShell) };
}

/** Whether a setting's value turns a flag on (`npm_config_workspaces=true`): npm reads `false`, `0` and nothing as off. */
function settingIsOn(value: string): boolean {
  return !/^(?:false|0|)$/i.test(value.trim());
}

/**
 * A manager's settings, from `NAME=value` words (`npm_config_workspace=infra`) or from a config
 * file's entries, as the options they are (`--workspace=infra`); settings it does not read are left out.
 */
export function settingsAsOptions(row: ManagerRow, entries: readonly Word[]): Word[] {
  const options: Word[] = [];
  for (const entry of entries) {
    const equals = entry.text.indexOf('=');
    const key = entry.text.slice(0, equals).replace(/^npm_config_/i, '').toLowerCase().replace(/_/g, '-');
    const value = entry.text.slice(equals + 1);
    const option = equals > 0 ? row.settings[key] : undefined;
    if (option === undefined) continue;
    if (row.optionsWithValue.includes(option)) options.push({ text: `${option}=${value}`, dynamic: entry.dynamic });
    else if (entry.dynamic || settingIsOn(value)) options.push({ text: option, dynamic: false });
  }
  return options;
}

/**
 * Reads the manager's own options from `args[from]` on, up to `limit` of them: the index of the
 * first word that is not one. Directories, workspace selectors and shell mode go into `reading`.
 */
function skipOptions(reading: Reading, args: readonly Word[], from: number, withValue: readonly string[], limit = Infinity): number {
  const { row } = reading;
  let i = from;
  for (let count = 0; count < limit && i < args.length; count++) {
    const word = args[i]!;
    const text = word.text;
    // `--prefix=$X` is the option --prefix with a value only known when it runs.
    if ((word.dynamic && !/^--?[A-Za-z][\w-]*=/.test(text)) || !text.startsWith('-') || text === '-' || text === '--') break;
    let takesNext = false;
    for (const { name, attached, cluster } of optionsIn(row, word, withValue)) {
      const takesValue = withValue.includes(name);
      const value = attached ?? (takesValue ? args[i + 1] : undefined);
      if (row.directoryOptions.includes(name) && value !== undefined) reading.directory = value;
      if (name === row.scriptShellOption && value !== undefined) reading.scriptShell = value;
      // npm (nopt) reads an unambiguous prefix as the option (`--script-shel X`, `--scr=X`): one that may be `--script-shell` is read as it.
      else if (abbreviatesScriptShell(row, name, cluster, withValue) && (attached ?? args[i + 1]) !== undefined) reading.scriptShell = attached ?? args[i + 1]!;
      if (row.workspaceOptions.includes(name)) reading.workspaces = name;
      if (row.configFileOptions?.includes(name) && value !== undefined) reading.workspaces ??= name;
      if (row.execShellOptions.includes(name) && !takesValue) reading.shellMode = true;
      if (row.fetches.options.includes(name) && withValue !== row.optionsWithValue) reading.fetches = true;
      // A letter of a cluster it does not know may take the rest, or the next word, as its value.
      if (!takesValue && attached === undefined && (cluster ? !row.flags.includes(name) : !knownFlag(row, name, withValue))) {
        reading.unsure = true;
        reading.unplaced ??= name;
      }
      if (takesValue && attached === undefined) takesNext = true;
    }
    i += takesNext ? 2 : 1;
  }
  return i;
}

function abbreviatesScriptShell(row: ManagerRow, name: string, cluster: boolean, withValue: readonly string[]): boolean {
  const option = row.scriptShellOption;
  return option !== null && row.unknownOptionIsFlag && !cluster && name.length > 2 && option.startsWith(name) && !withValue.includes(name) && !row.flags.includes(name);
}

/** An option it could not place that may abbreviate one naming a directory or packages (npm reads `--prefi` as `--prefix`), as written; else null. */
function mayAbbreviateSelector(row: ManagerRow, option: string | null): string | null {
  if (option === null || !option.startsWith('--')) return null;
  return [...row.directoryOptions, ...row.workspaceOptions, ...(row.configFileOptions ?? [])].some((selector) => selector.startsWith(option)) ? option : null;
}

/**
 * The options one word holds, as the managers' parsers (nopt, pnpm's) read them: `--name=value`
 * and `-x=value` carry their value; a single-dash word that is not an option of its own (`-ws`)
 * is a cluster of one-letter options (`-sw infra` is `-s -w infra`), where the first letter that
 * takes a value takes the rest of the word (`-sCinfra`) or, when none is left, the next word.
 * A letter it does not know ends the cluster: what follows is not known.
 */
function optionsIn(row: ManagerRow, word: Word, withValue: readonly string[]): { name: string; attached?: Word; cluster: boolean }[] {
  const text = word.text;
  const equals = text.indexOf('=');
  if (text.startsWith('--') || /^-[A-Za-z]=/.test(text)) {
    return equals < 0 ? [{ name: text, cluster: false }] : [{ name: text.slice(0, equals), attached: { ...word, text: text.slice(equals + 1) }, cluster: false }];
  }
  if (text.length <= 2 || withValue.includes(text) || row.flags.includes(text) || !/^-[A-Za-z]/.test(text)) return [{ name: text, cluster: false }];
  // npm (nopt) splits a word only when every letter is a one-letter option; else it is one option of that name.
  const letters = [...text.slice(1)].map((letter) => `-${letter}`);
  if (row.unknownOptionIsFlag && !letters.every((name) => withValue.includes(name) || row.flags.includes(name))) return [{ name: text, cluster: false }];
  const options: { name: string; attached?: Word; cluster: boolean }[] = [];
  for (let k = 1; k < text.length; k++) {
    const name = `-${text[k]}`;
    const rest = text.slice(k + 1);
    if (withValue.includes(name)) return [...options, rest === '' ? { name, cluster: true } : { name, attached: { ...word, text: rest }, cluster: true }];
    options.push({ name, cluster: true });
    if (!row.flags.includes(name)) break;
  }
  return options;
}

/**
 * Whether an option is known to take no value: listed as a flag, a `--no-` negation, or (npm) any
 * option it does not know, unless it may abbreviate one that takes a value (`--pref` for `--prefix`).
 */
function knownFlag(row: ManagerRow, name: string, withValue: readonly string[]): boolean {
  if (row.flags.includes(name) || name.startsWith('--no-')) return true;
  if (!row.unknownOptionIsFlag) return false;
  return !(name.startsWith('--') && withValue.some((option) => option.startsWith(name)));
}

/**
 * The words after a script's name that its package manager appends to the script's line, by each
 * one's rule. npm: the words after `--`, and the words before it that are not its own options
 * (checked with npm 11: `npm run e a -destroy b` passes `a b`; `--prefix DIR` there is npm's
 * option, and its value is not passed); an option that may abbreviate one that takes a value
 * makes which words pass unknown. yarn 1 drops a `--` right after the name and passes the rest
 * (yarn 2+ passes the `--` too, which Terraform reads as the end of its options: dropping it is the
 * reading that can do more); pnpm (7+) and bun pass every word.
 */
function appendedWords(reading: Reading, rest: readonly Word[]): Word[] {
  const manager = reading.row;
  if (manager === MANAGERS.npm) {
    const appended: Word[] = [];
    const before = reading.unsure;
    reading.unsure = false;
    let i = 0;
    while (i < rest.length && rest[i]!.text !== '--') {
      const next = skipOptions(reading, rest, i, manager.optionsWithValue, 1);
      if (next === i) appended.push(rest[i++]!);
      else i = next;
    }
    const unknown = reading.unsure;
    reading.unsure = before;
    const words = [...appended, ...rest.slice(i + 1)];
    // Its own options are read even among words only known when it runs (`--prefix=$X`).
    return unknown || words.some((word) => word.dynamic) ? [UNKNOWN_WORD] : words;
  }
  if (rest.some((word) => word.dynamic)) return [UNKNOWN_WORD];
  if (manager === MANAGERS.yarn && rest[0]?.text === '--') return rest.slice(1);
  return [...rest];
}

/** Words run by a shell as one line, as the manager joins them: dynamic when any of them is. */
function joined(words: readonly Word[]): Word {
  return { text: words.map((word) => word.text).join(' '), dynamic: words.some((word) => word.dynamic) };
}

/** `terraform@1.9` names the package's version; the program is `terraform`. */
function withoutVersion(words: readonly Word[]): Word[] {
  const [first, ...rest] = words;
  if (first === undefined || first.dynamic || first.text.startsWith('@') || first.text.includes('/')) return [...words];
  return [{ ...first, text: first.text.replace(/@[^@]*$/, '') }, ...rest];
}

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
