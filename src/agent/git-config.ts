/**
 * What a `git` command line runs besides git: a shell alias defined on the line itself
 * (`git -c alias.x='!cd infra && terraform destroy' x`, which git runs through the shell at the
 * repository's top level) and `-c` settings that name a program git starts (`core.sshCommand`,
 * `core.hooksPath`, `diff.external`, `*.command`...). Pure but for finding the top level.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SimpleCommand, Word } from './shell.js';

export interface GitInvocation {
  /** The body of a `!` alias the line defines and invokes: a shell line. */
  shellAlias: string | null;
  /** The words after the invoked alias's name, which git appends to its body. */
  aliasArguments: Word[];
  /** Why what the invoked alias runs is not known from the line (`--config-env`, a non-`!` alias); null when it is. */
  aliasUnknown: string | null;
  /** `-c` keys (and `--exec-path`) whose value is a program git may run. */
  commandSettings: string[];
  /** `git -C DIR`: where git starts; null when not given. */
  chdir: string | null;
  /** The shell line `git submodule foreach [--recursive] CMD…` runs in each submodule; null when it is not that. */
  foreachLine: string | null;
  /** The word after git's own options: a git command or an alias; null when there is none. */
  invoked: Word | null;
  /**
   * `git config [--global…] [set] alias.NAME VALUE`: the alias the command writes (its name in
   * lower case, null when only the shell knows it) and its value; null when it writes none.
   */
  writesAlias: { name: string | null; value: Word } | null;
}

/** Global options of git that take the next word as their value. */
const OPTIONS_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--config-env', '--list-cmds', '--attr-source']);

/** Settings whose value is a program (or a directory of programs) git runs. */
const RUNS_A_COMMAND =
  /^(?:core\.(?:sshcommand|hookspath|pager|editor|fsmonitor|askpass|gitproxy|alternaterefscommand)|sequence\.editor|diff\.external|pager\..+|include\.path|includeif\..+|credential\..*helper|uploadpack\.packobjectshook|gpg\.(?:.+\.)?program|.+\.(?:command|cmd|textconv|process|clean|smudge|helper|program|tool|path))$/i;

export function readGitInvocation(args: SimpleCommand): GitInvocation {
  const settings = new Map<string, string | null>();
  const result: GitInvocation = { shellAlias: null, aliasArguments: [], commandSettings: [], aliasUnknown: null, chdir: null, foreachLine: null, invoked: null, writesAlias: null };
  let index = 0;
  for (; index < args.length; index++) {
    const text = args[index]!.text;
    if (!text.startsWith('-')) break;
    const [option, inline] = text.startsWith('--') && text.includes('=') ? [text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1)] : [text, undefined];
    const value = inline ?? (OPTIONS_WITH_VALUE.has(option) ? args[++index]?.text : undefined);
    if (option === '-C' && value !== undefined) result.chdir = value;
    else if (option === '-c' && value !== undefined) {
      const equals = value.indexOf('=');
      settings.set((equals < 0 ? value : value.slice(0, equals)).toLowerCase(), equals < 0 ? '' : value.slice(equals + 1));
    } else if (option === '--config-env' && value !== undefined) settings.set(value.slice(0, Math.max(0, value.indexOf('='))).toLowerCase(), null);
    else if (option === '--exec-path' && inline !== undefined) result.commandSettings.push('--exec-path');
  }
  const invoked = args[index]?.text;
  result.invoked = args[index] ?? null;
  result.foreachLine = submoduleForeach(args.slice(index));
  if (invoked === 'config') result.writesAlias = aliasWritten(args.slice(index + 1));
  for (const [key, value] of settings) {
    if (key.startsWith('alias.')) {
      if (invoked === undefined || key !== `alias.${invoked.toLowerCase()}`) continue;
      if (value === null) result.aliasUnknown = `its alias \`${invoked}\` is read from an environment variable (--config-env)`;
      else if (value.startsWith('!')) {
        result.shellAlias = value.slice(1);
        result.aliasArguments = args.slice(index + 1);
      }
      else result.aliasUnknown = `its alias \`${invoked}\` expands to other git words`;
    } else if (RUNS_A_COMMAND.test(key)) result.commandSettings.push(key);
  }
  return result;
}

/** `git config` options that take the next word as their value. */
const CONFIG_OPTIONS_WITH_VALUE = new Set(['-f', '--file', '--blob', '--type', '--default', '--comment', '--value', '--url']);

/** The alias `git config [options] [set] KEY VALUE` writes, when KEY may be `alias.*` (the first operand) and a value follows. */
function aliasWritten(args: SimpleCommand): GitInvocation['writesAlias'] {
  const operands: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!word.dynamic && word.text.startsWith('-')) {
      if (CONFIG_OPTIONS_WITH_VALUE.has(word.text)) i++;
      continue;
    }
    operands.push(word);
  }
  if (operands[0]?.text === 'set' && !operands[0].dynamic) operands.shift();
  const [key, value] = operands;
  if (key === undefined || value === undefined) return null;
  if (key.dynamic) return { name: null, value };
  const alias = /^alias\.(.+)$/i.exec(key.text);
  return alias === null ? null : { name: alias[1]!.toLowerCase(), value };
}

/** `submodule [-q] foreach [-q] [--recursive] CMD…`: git joins CMD's words and runs them with the shell. */
function submoduleForeach(words: SimpleCommand): string | null {
  if (words[0]?.text !== 'submodule') return null;
  let i = 1;
  while (words[i] && /^(?:-q|--quiet)$/.test(words[i]!.text)) i++;
  if (words[i]?.text !== 'foreach') return null;
  for (i++; words[i] && /^(?:-q|--quiet|--recursive|--)$/.test(words[i]!.text); i++);
  return words.slice(i).map((word) => word.text).join(' ');
}

/** The working tree's top level above `directory` (where `.git` is), or `directory` when there is none. */
export function gitTopLevel(directory: string): string {
  for (let dir = directory; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return directory;
  }
}
