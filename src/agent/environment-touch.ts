/**
 * Whether a command of a line touches the environment a Terraform run (or a package script) in
 * that line would get, in a way the hook does not follow exactly. The hook follows two forms:
 * `export NAME=value` in plain sequence at the top level of the line, and `NAME=value` words
 * before a Terraform command itself. Any other setting, exporting, un-exporting or removing of a
 * variable that may reach Terraform (audit 32 F3, F4, F9, F10, F11, F14, F16, F18; audit 34 P_top)
 * is not modelled further: the run is asked about. Pure but for reading a sourced file.
 */
import type { SimpleCommand, Word } from './shell.js';

/**
 * Variables that change nothing a plan or an apply does: logging and automation switches, and
 * npm's settings (`npm_config_workspace=infra npm run X`), which the hook reads as npm does and
 * Terraform does not read.
 */
const INERT = /^(?:TF_LOG|TF_LOG_PATH|TF_LOG_CORE|TF_LOG_PROVIDER|TF_IN_AUTOMATION|TF_INPUT|[Nn][Pp][Mm]_[Cc][Oo][Nn][Ff][Ii][Gg]_\w*)$/;
/** Variables Terraform, git, `cd` or the program lookup read. */
const WATCHED = /^(?:TF_\w*|HOME|PATH|GIT_\w*|XDG_CONFIG_HOME)$/;

/** What the commands of a line do to the environment, as far as the hook's model of it goes. */
export interface Touch {
  /** Why no Terraform run of the line can be planned with the environment the hook follows (null: it can). */
  inexact: string | null;
  /** Why a nested line or a package script run from the line gets variables the hook does not carry into it (null: none). */
  exported: string | null;
}

/** One command, as the caller has split it. */
export interface CommandEnvironment {
  /** The command as written. */
  raw: SimpleCommand;
  /** Its `NAME=value` words before the program. */
  prefix: readonly Word[];
  /** The words after them (and after reserved words). */
  words: SimpleCommand;
  /** The words after wrappers (`env`, `timeout`, `command`...): the program that runs, first. */
  program: SimpleCommand;
  /** `env NAME=value`: the wrapper's own assignments. */
  wrapperAssignments: readonly Word[];
  /** A wrapper clears or removes variables (`env -i`, `env -u NAME`, `exec -c`). */
  unsets: boolean;
  /** The program is Terraform, OpenTofu or Terragrunt itself. */
  runsTerraform: boolean;
  /** It runs at the top level of the line, in sequence (not in a loop, pipeline, group, function, or after `||`). */
  plain: boolean;
  /** Its program is a function the line defines: its `NAME=value` words reach every command of the body. */
  callsFunction: boolean;
  /** The command as people may read it (values hidden): made only for a reason. */
  display: () => string;
  /** What a line that `eval` runs or a file `source` reads in this shell touches; null when that is not known. */
  within: (kind: 'eval' | 'source', words: SimpleCommand) => Touch | null;
}

interface Entry {
  /** The variable's name; null when only the shell knows it. */
  name: string | null;
  /** Whether the command puts it in the environment of what it runs. */
  exported: boolean;
  /** Whether it removes or un-exports it (any name counts then: it may have been exported). */
  removes: boolean;
  /** Whether the hook follows it exactly. */
  exact: boolean;
  /** Set for the one command only (`NAME=value cmd`): another name than a watched one matters only to what it runs. */
  local: boolean;
}

/** Programs whose words may set a variable (a quick test before reading the command closely). */
const SETTERS = new Set(['export', 'declare', 'typeset', 'local', 'readonly', 'unset', 'printf', 'read', 'mapfile', 'readarray', 'getopts', 'set', 'eval', 'source', '.', 'let', 'for', 'select']);

/** Whether a variable of this name may change what Terraform does when set in the shell: watched, or in the environment already. */
function counts(name: string): boolean {
  return !INERT.test(name) && (WATCHED.test(name) || Object.hasOwn(process.env, name));
}

/** The name an assignment-like word sets (`NAME=…`, `NAME+=…`, `NAME`); null when the shell makes it (`$n=…`, `N{AME=x,}`). */
function nameOf(word: Word): string | null {
  return /^([A-Za-z_][A-Za-z0-9_]*)(?:\+?=|$)/.exec(word.text)?.[1] ?? null;
}

function programName(word: Word | undefined): string {
  if (word === undefined || word.dynamic) return '';
  return word.text.slice(word.text.lastIndexOf('/') + 1);
}

/** Arithmetic that assigns (`$((TF_X=1))`, `let TF_X++`, `(( TF_X = 1 ))`): the names it sets. */
function arithmeticNames(text: string): string[] {
  const names: string[] = [];
  // A name starts only where a run of word characters starts: tried at every position of the run,
  // the scan to its end was quadratic (audit 38 F-REGEX: 200 KB in one word, 179 s).
  for (const match of text.matchAll(/(?<!\w)([A-Za-z_]\w*)\s*(?:(?:[-+*/%&|^]|<<|>>)?=(?!=)|\+\+|--)|(?:\+\+|--)\s*([A-Za-z_]\w*)/g)) names.push((match[1] ?? match[2])!);
  return names;
}

/** What one command does to the environment, as entries. */
function entriesOf(command: CommandEnvironment): Entry[] | 'within' {
  const entries: Entry[] = [];
  const add = (name: string | null, how: Partial<Entry> = {}): void => {
    entries.push({ name, exported: false, removes: false, exact: false, local: false, ...how });
  };
  const { raw, words, program } = command;
  const hasProgram = words.length > 0;
  // `NAME=value cmd` and `env NAME=value cmd`: exact only before Terraform itself.
  const exactPrefix = command.runsTerraform && !command.unsets;
  for (const word of [...command.prefix, ...command.wrapperAssignments]) {
    add(nameOf(word), { exported: hasProgram, exact: exactPrefix, local: hasProgram && !command.callsFunction });
    // `((x=1,TF_X=5))` without spaces reads as one assignment to x whose value sets TF_X in bash (audit 41 H3):
    // names assigned inside the value count as set (a string that only spells one is asked about too).
    const value = word.text.slice(word.text.indexOf('=') + 1);
    if (value.includes('=')) for (const name of arithmeticNames(value)) add(name);
  }
  if (command.unsets) add(null, { removes: true });
  // `TF_X[0]=v`: an element of an array, which for index 0 is the variable itself.
  const element = words[0] === undefined ? null : /^([A-Za-z_]\w*)\[.*\]\+?=/.exec(words[0].text);
  if (element !== null) add(element[1]!);
  // `(( TF_X = 1 ))` is read as a command named TF_X.
  if (words[0] !== undefined && /^[A-Za-z_]\w*$/.test(words[0].text) && words[1] !== undefined && /^(?:(?:[-+*/%&|^]|<<|>>)?=|\+\+|--)$/.test(words[1].text)) add(words[0].text);
  const stepped = words[0] === undefined ? null : /^(?:\+\+|--)([A-Za-z_]\w*)$|^([A-Za-z_]\w*)(?:\+\+|--)$/.exec(words[0].text);
  if (stepped !== null) add((stepped[1] ?? stepped[2])!);
  for (const word of raw) {
    if (!word.dynamic) continue;
    if (word.text.includes('${')) for (const match of word.text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?[=]/g)) add(match[1]!);
    if (/\$\(\(|\$\[/.test(word.text)) for (const name of arithmeticNames(word.text)) add(name);
  }
  const first = raw[0];
  if (first !== undefined && !first.dynamic && (first.text === 'for' || first.text === 'select') && raw[1] !== undefined) add(raw[1].dynamic ? null : raw[1].text);
  const name = programName(program[0]);
  if (!SETTERS.has(name)) return entries;
  const args = program.slice(1);
  const split = args.findIndex((word) => word.text === '--');
  const options = (split < 0 ? args : args.slice(0, split)).filter((word) => /^[-+]./.test(word.text) && !word.dynamic);
  const operands = args.filter((word, index) => (split >= 0 && index > split) || !(/^[-+]./.test(word.text) && !word.dynamic));
  const letters = options.map((word) => word.text).join('');
  if (name === 'export') {
    if (/f/.test(letters)) return entries;
    const unexport = /n/.test(letters);
    // Only `export NAME=value…`, written as such at the top level, is followed.
    const exact = command.plain && command.prefix.length === 0 && program === words && options.length === 0 && split < 0 && operands.length > 0 && operands.every((word) => nameOf(word) !== null && word.text.includes('='));
    for (const word of operands) add(nameOf(word), { exported: !unexport, removes: unexport, exact });
    return entries;
  }
  if (name === 'declare' || name === 'typeset' || name === 'local' || name === 'readonly') {
    if (/[fF]/.test(letters)) return entries;
    // A nameref: a later assignment to its name sets the variable it names.
    if (/-[A-Za-z]*n/.test(letters)) add(null);
    const exported = /-[A-Za-z]*x/.test(letters);
    const unexport = /\+[A-Za-z]*x/.test(letters);
    for (const word of operands) add(word.dynamic && nameOf(word) === null ? null : nameOf(word), { exported, removes: unexport });
    return entries;
  }
  if (name === 'unset') {
    if (/f/.test(letters)) return entries;
    for (const word of operands) add(word.dynamic ? null : nameOf(word), { removes: true });
    return entries;
  }
  if (name === 'printf') {
    for (let i = 0; i < args.length && args[i]!.text.startsWith('-'); i++) {
      const text = args[i]!.text;
      if (text === '--') break;
      const target = text === '-v' ? args[++i] : text.startsWith('-v') ? { text: text.slice(2), dynamic: args[i]!.dynamic } : undefined;
      if (target !== undefined) add(target.dynamic ? null : nameOf(target));
    }
    return entries;
  }
  if (name === 'read' || name === 'mapfile' || name === 'readarray' || name === 'getopts') {
    const withValue = name === 'read' ? /^-[A-Za-z]*[dinNptu]$/ : name === 'getopts' ? /^$/ : /^-[A-Za-z]*[dnOsuCc]$/;
    const targets: Word[] = [];
    for (let i = 0; i < args.length; i++) {
      const text = args[i]!.text;
      if (name === 'read' && /^-[A-Za-z]*a$/.test(text)) targets.push(args[++i] ?? { text: '', dynamic: false });
      else if (withValue.test(text)) i++;
      else if (!text.startsWith('-') || args[i]!.dynamic) targets.push(args[i]!);
    }
    const named = name === 'getopts' ? targets.slice(1, 2) : name === 'read' ? targets : targets.slice(0, 1);
    for (const word of named) add(word.dynamic ? null : nameOf(word));
    return entries;
  }
  if (name === 'set') {
    // `set -a` exports every later assignment, `set -k` takes assignments from anywhere in a command.
    if (args.some((word) => word.dynamic || /^[-+][A-Za-z]*[ak]/.test(word.text) || word.text === 'allexport' || word.text === 'keyword')) add(null);
    return entries;
  }
  if (name === 'let') {
    for (const word of args) for (const found of arithmeticNames(word.text)) add(found);
    return entries;
  }
  if (name === 'eval' || name === 'source' || name === '.') return 'within';
  return entries;
}

/** What one command touches. */
export function commandTouch(command: CommandEnvironment): Touch {
  const touch: Touch = { inexact: null, exported: null };
  const entries = entriesOf(command);
  if (entries === 'within') {
    // It runs in this shell what the line does not follow into it: anything it sets stays.
    const kind = programName(command.program[0]) === 'eval' ? 'eval' : 'source';
    // A prefix (`TF_WORKSPACE=5 eval terraform apply`) reaches what it runs, which is planned without it (audit 41 H2).
    const prefixed = [...command.prefix, ...command.wrapperAssignments].map(nameOf).find((name) => name === null || !INERT.test(name));
    if (prefixed !== undefined) {
      touch.inexact = `the line sets ${prefixed ?? 'a variable whose name only the running shell knows'} for what \`${command.display()}\` runs, which tf-plan-guard reads without it, so the environment the run would get is not known; a human decides`;
      touch.exported = touch.inexact;
      return touch;
    }
    const inner = command.within(kind, command.program.slice(1));
    if (inner === null) touch.inexact = `\`${command.display()}\` runs, in this shell, ${kind === 'eval' ? 'words only known when it runs' : 'a file tf-plan-guard cannot read'}, which may set any variable; tf-plan-guard cannot follow what the run would get, so a human decides`;
    else if (inner.inexact !== null || inner.exported !== null) touch.inexact = `\`${command.display()}\` sets variables in this shell, which tf-plan-guard does not follow out of it, so what the run would get is not known; a human decides`;
    touch.exported = touch.inexact;
    return touch;
  }
  for (const entry of entries) {
    const what = entry.name === null ? 'a variable whose name only the running shell knows' : entry.name;
    if (entry.name !== null && INERT.test(entry.name)) continue;
    if (entry.exported) touch.exported ??= `the line exports ${what} (\`${command.display()}\`), and tf-plan-guard does not carry the line's variables into what it runs there, so a human decides`;
    if (entry.exact) continue;
    // A prefix counts even where it reaches one command only (`LANG=C sort`): before a special
    // builtin in sh it stays set for the rest of the line, and `CDPATH=… cd` moves it (audit 41 H1).
    if (entry.name === null || entry.removes || (entry.exported && !entry.local) || counts(entry.name)) {
      touch.inexact ??= `the line sets ${what} in a way tf-plan-guard cannot follow (\`${command.display()}\`), so the environment the run would get is not known; a human decides`;
      touch.exported ??= touch.inexact;
    }
  }
  return touch;
}

/** Quick test: whether a command may set a variable at all (most commands of a line do not). */
export function maySetVariables(raw: SimpleCommand): boolean {
  return raw.some((word) => word.dynamic || word.text.includes('=') || SETTERS.has(programName(word)) || word.text === 'env' || word.text === 'exec' || /\+\+|--/.test(word.text));
}
