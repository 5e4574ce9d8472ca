/**
 * Which Terraform, OpenTofu or Terragrunt runs a command line would start that change real
 * infrastructure or lose track of it, however the line is written. Pure: a string and a working
 * directory in, intents out. Anything it cannot be sure of that may run such a command is an
 * `uncertain` intent, never silence.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseCommandLine, type SimpleCommand, type Word } from './shell.js';

export type Tool = 'terraform' | 'tofu' | 'terragrunt';

/** An apply or destroy: it can be planned first. */
export interface ChangeIntent {
  kind: 'change';
  tool: Tool;
  /** The program as written (`terraform`, `/usr/local/bin/tofu`), run again to plan. */
  program: string;
  /** The directory Terraform would work in (after `cd`, `-chdir`). */
  directory: string;
  destroy: boolean;
  /** Options that shape the plan (`-var`, `-target`, `-replace`...), to plan with the same ones. */
  planArgs: string[];
  /** `terraform apply FILE`: a saved plan, applied as it is. */
  savedPlan: string | null;
  /** Terragrunt over many modules (`run-all`, `--all`): not planned module by module here. */
  manyModules: boolean;
  /** Variables the command line sets for it (`AWS_PROFILE=prod`, `TF_VAR_x=...`, `export ...`): the plan gets them too. */
  env: Record<string, string>;
  /** The command as written, for the reason shown to people. */
  display: string;
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
}

export type Intent = ChangeIntent | StateIntent | UncertainIntent;

const PROGRAMS: { pattern: RegExp; tool: Tool }[] = [
  // Versioned binaries (terraform_1.9.8, tofu-1.8) and Windows names count too.
  { pattern: /^terraform(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: 'terraform' },
  { pattern: /^(?:tofu|opentofu)(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: 'tofu' },
  { pattern: /^terragrunt(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: 'terragrunt' },
];

/** Commands that run the rest of their words as a command, with the options they take before it. */
const WRAPPERS: Record<string, { optionsWithValue: string[]; positionalsBefore?: number }> = {
  sudo: { optionsWithValue: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group', '--host', '--prompt', '--chdir'] },
  doas: { optionsWithValue: ['-u', '-C'] },
  env: { optionsWithValue: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'] },
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
  xargs: { optionsWithValue: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-procs', '--replace'] },
  watch: { optionsWithValue: ['-n', '-d', '--interval'] },
  script: { optionsWithValue: ['-c', '--command'] },
};

const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', 'time', '!']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox']);

/** Words that suggest an apply or destroy when the command itself cannot be read. */
const DANGEROUS_WORD = /\b(?:apply|destroy|run-all|state|workspace|force-unlock)\b/;
const DANGEROUS_VERB = /^(?:apply|destroy|run-all|force-unlock)$/;
const DANGEROUS_VERB_ANYWHERE = /\b(?:apply|destroy|destroy-all|apply-all|run-all|force-unlock)\b/;
/** Programs that only print or search text: a line of them names Terraform without running it. */
const TEXT_ONLY = new Set(['echo', 'printf', 'grep', 'egrep', 'rg', 'git', 'cat', 'less', 'head', 'tail', 'ls', 'man', 'which', 'type', 'command', 'true', ':']);

function onlyHarmless(commands: readonly SimpleCommand[]): boolean {
  return commands.every((words) => {
    const first = words[0];
    if (!first || first.dynamic) return false;
    const name = basename(first.text);
    if (PROGRAMS.some((program) => program.pattern.test(name))) return true; // read as Terraform above: plan, show...
    if (name === 'git') return !words.some((word) => /^(?:checkout|switch|reset|restore|pull|merge|rebase|stash|apply)$/.test(word.text));
    return TEXT_ONLY.has(name);
  });
}
const GUARDED_TOOL = /(?:terraform|tofu|terragrunt)/i;

/** How deep `bash -c '...'` and `eval` nest before the line is called uncertain. */
const MAX_DEPTH = 4;

export function recognizeTerraformCommands(line: string, cwd: string): Intent[] {
  return recognize(line, cwd, 0);
}

function recognize(line: string, cwd: string, depth: number): Intent[] {
  // Quotes and escapes split a name without changing it: ter"raform" runs terraform.
  const bare = line.replace(/["'\\\n]/g, '');
  // A program named by a variable (`$TF apply`) may be Terraform too.
  if (!GUARDED_TOOL.test(bare) && !(/[$`]/.test(bare) && DANGEROUS_WORD.test(bare))) return [];
  if (depth > MAX_DEPTH) return [{ kind: 'uncertain', display: maskedLine(line), why: 'it nests shells too deeply to read' }];
  const parsed = parseCommandLine(line);
  const intents: Intent[] = [];
  // The directory and exports at each subshell depth: what a `( cd x; ... )` changes ends with it.
  const scopes: { directory: string; exported: Word[] }[] = [{ directory: cwd, exported: [] }];
  parsed.commands.forEach((words, index) => {
    const level = parsed.subshellDepths[index] ?? 0;
    while (scopes.length - 1 < level) scopes.push({ ...scopes[scopes.length - 1]! });
    scopes.length = level + 1;
    const scope = scopes[level]!;
    const result = recognizeSimple(words, scope.directory, scope.exported, depth);
    if (result.cd !== undefined) scope.directory = result.cd;
    if (result.exports) scope.exported = [...scope.exported, ...result.exports];
    intents.push(...result.intents);
  });
  const directory = scopes[0]!.directory;
  for (const body of parsed.substitutions) intents.push(...recognize(body, directory, depth + 1));
  if (parsed.incomplete && intents.length === 0 && DANGEROUS_WORD.test(line)) {
    intents.push({ kind: 'uncertain', display: maskedLine(line), why: `it has ${parsed.incomplete}` });
  }
  // The catch-all: a line naming Terraform and a dangerous verb that no rule above could read
  // (if/for bodies, scripts fed to a shell, xargs, make, other interpreters) is asked about.
  if (depth === 0 && intents.length === 0 && GUARDED_TOOL.test(bare) && DANGEROUS_VERB_ANYWHERE.test(bare) && !onlyHarmless(parsed.commands)) {
    intents.push({ kind: 'uncertain', display: maskedLine(line), why: 'it names Terraform and an apply or destroy in a form tf-plan-guard cannot read' });
  }
  return intents;
}

function recognizeSimple(original: SimpleCommand, cwd: string, exported: readonly Word[], depth: number): { intents: Intent[]; cd?: string; exports?: Word[] } {
  let words = original;
  // NAME=value prefixes set the environment of this command alone.
  const assignments: Word[] = [...exported];
  while (words[0] && isAssignment(words[0])) {
    assignments.push(words[0]);
    words = words.slice(1);
  }
  // Reserved words open a compound command: `if x; then terraform destroy; fi` runs what follows them.
  while (words[0] && !words[0].dynamic && SHELL_KEYWORDS.has(words[0].text)) words = words.slice(1);
  const unwrapped = unwrap(words);
  words = unwrapped.words;
  assignments.push(...unwrapped.assignments);
  const directory = unwrapped.chdir === null ? cwd : resolveDir(cwd, unwrapped.chdir);
  const first = words[0];
  if (!first) return { intents: [] };
  const display = displayCommand(original);
  if (!first.dynamic && (first.text === 'export' || first.text === 'declare' || first.text === 'typeset')) {
    return { intents: [], exports: words.slice(1).filter(isAssignment) };
  }

  if (first.dynamic) {
    if (words.slice(1).some((word) => DANGEROUS_VERB.test(word.text)))
      return { intents: [{ kind: 'uncertain', display, why: 'the program it runs is only known when the shell expands it' }] };
    return { intents: [] };
  }
  const name = basename(first.text);
  if ((name === 'cd' || name === 'pushd') && words.length >= 2) {
    const target = words[words.length - 1]!;
    if (target.dynamic) return { intents: [], cd: directory };
    return { intents: [], cd: resolveDir(directory, target.text.replace(/^~(?=\/|$)/, process.env['HOME'] ?? '~')) };
  }
  if (SHELLS.has(name)) {
    const script = shellScript(words);
    return { intents: script === null ? [] : recognize(script, directory, depth + 1) };
  }
  if (name === 'eval') return { intents: recognize(words.slice(1).map((word) => word.text).join(' '), directory, depth + 1) };

  const program = PROGRAMS.find((candidate) => candidate.pattern.test(name));
  if (!program) return { intents: [] };
  const intent = program.tool === 'terragrunt' ? terragruntIntent(words, directory, display) : terraformIntent(program.tool, words, directory, display);
  return { intents: intent ? [withEnvironment(intent, assignments)] : [] };
}

function isAssignment(word: Word): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text);
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
    const name = word.text.slice(0, word.text.indexOf('='));
    if (/^TF_CLI_ARGS_(?:apply|destroy|plan|show)$/.test(name)) return { kind: 'uncertain', display: intent.display, why: `${name} adds options to the apply that a plan does not show` };
    if (word.dynamic) return { kind: 'uncertain', display: intent.display, why: `the value of ${name} is only known when the shell expands it` };
    env[name] = word.text.slice(name.length + 1);
  }
  return { ...intent, env };
}

/** The command a wrapper (`sudo`, `env`, `timeout 600`...) runs, or the words themselves. */
function unwrap(words: SimpleCommand): { words: SimpleCommand; assignments: Word[]; chdir: string | null } {
  const assignments: Word[] = [];
  let chdir: string | null = null;
  for (let guard = 0; guard < 8; guard++) {
    const name = words[0] ? basename(words[0].text) : '';
    const wrapper = WRAPPERS[name];
    if (!wrapper) break;
    if (name === 'command' && words.some((word) => word.text === '-v' || word.text === '-V')) return { words: [], assignments, chdir };
    let i = 1;
    while (i < words.length) {
      const word = words[i]!;
      const text = word.text;
      if (text === '--') {
        i++;
        break;
      }
      if (name === 'env' && isAssignment(word)) {
        assignments.push(word);
        i++;
      } else if (text.startsWith('-') && text.length > 1) {
        const takesValue = wrapper.optionsWithValue.includes(text);
        // env -C DIR, sudo --chdir DIR: the command runs there.
        if (takesValue && (text === '-C' || text === '--chdir') && (name === 'env' || name === 'sudo') && words[i + 1]) chdir = words[i + 1]!.text;
        else if (text.startsWith('--chdir=')) chdir = text.slice('--chdir='.length);
        i += takesValue ? 2 : 1;
      } else break;
    }
    i += wrapper.positionalsBefore ?? 0;
    words = words.slice(i);
  }
  return { words, assignments, chdir };
}

/** The script of `bash -c 'script'` (options may come first), or null when it runs a file. */
function shellScript(words: SimpleCommand): string | null {
  for (let i = 1; i < words.length; i++) {
    const text = words[i]!.text;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(text)) return words[i + 1]?.text ?? null;
    if (!text.startsWith('-')) return null;
  }
  return null;
}

/** Terraform's options that take a value as the next word when written without `=`. */
const OPTIONS_WITH_VALUE = new Set(['-var', '-var-file', '-target', '-replace', '-exclude', '-lock-timeout', '-parallelism', '-state', '-state-out', '-backup', '-chdir']);
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

/** Terraform reads `--name` as `-name`. */
function normalizeOption(text: string): string {
  return text.startsWith('--') ? text.slice(1) : text;
}

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function resolveDir(cwd: string, target: string): string {
  return isAbsolute(target) ? target : resolve(cwd, target);
}

/**
 * The command as people should see it: variable values given on the command line
 * (`-var db_password=...`, `TF_VAR_x=...`) are hidden, as they are everywhere else.
 */
function displayCommand(words: SimpleCommand): string {
  const shown: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const text = words[i]!.text;
    const option = normalizeOption(text);
    // Every assignment is hidden: AWS_SECRET_ACCESS_KEY=..., TF_TOKEN_...=..., TF_VAR_x=...
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text) && shown.every((word) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word))) shown.push(`${text.split('=')[0]}=(hidden)`);
    else if (option.startsWith('-var=')) shown.push(`-var=${hideValue(option.slice('-var='.length))}`);
    else if (option === '-var' && words[i + 1]) shown.push('-var', hideValue(words[++i]!.text));
    else shown.push(/\s/.test(text) || text === '' ? `'${text}'` : text);
  }
  return oneLine(shown.join(' '));
}

function hideValue(assignment: string): string {
  const name = assignment.split('=')[0];
  return `${name}=(hidden)`;
}

/** A whole line shown to people, with assignments and -var values hidden. */
function maskedLine(line: string): string {
  return oneLine(
    line
      .replace(/\b([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g, '$1=(hidden)')
      .replace(/(-?-var[= ]+["']?)([A-Za-z_][A-Za-z0-9_]*)=\S*/g, '$1$2=(hidden)'),
  );
}

/** A command shown to people on one line, cut to a readable length, without control characters. */
export function oneLine(text: string, max = 160): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
