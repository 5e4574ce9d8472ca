/**
 * What a person may read of a command line in a reason. Built only from words tf-plan-guard
 * recognizes (program names, subcommands, option names from the tables below): every other word
 * is shown as `…`, whatever its quoting. A variable's value can reach any word of a command, once
 * `eval`, `sh -c` or an unquoted expansion splits it (`eval terraform apply -var "pw=a b c"` runs
 * `terraform apply -var pw=a b c`), so nothing is shown because it looks harmless: only because
 * it is one of these known words.
 */
import type { SimpleCommand, Word } from './shell.js';

export type Tool = 'terraform' | 'tofu' | 'terragrunt';

export const PROGRAMS: { pattern: RegExp; tool: Tool }[] = [
  // Versioned binaries (terraform_1.9.8, tofu-1.8) and Windows names count too.
  { pattern: /^terraform(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: 'terraform' },
  { pattern: /^(?:tofu|opentofu)(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: 'tofu' },
  { pattern: /^terragrunt(?:[-_.]?v?\d[\w.]*)?(?:\.exe)?$/i, tool: 'terragrunt' },
];

/** Words shown as they are: subcommands, shells, wrappers, runners, common programs and task names. */
const SHOWN_WORDS = new Set([
  // Terraform, OpenTofu and Terragrunt subcommands and their actions.
  'apply', 'destroy', 'plan', 'state', 'rm', 'push', 'pull', 'mv', 'list', 'show', 'workspace', 'delete', 'select', 'new',
  'force-unlock', 'init', 'import', 'taint', 'untaint', 'output', 'validate', 'refresh', 'console', 'fmt', 'graph',
  'providers', 'version', 'get', 'test', 'run', 'run-all', 'apply-all', 'destroy-all', 'exec',
  // Shells, shell words and wrappers.
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox', 'eval', 'source', '.', 'cd', 'pushd', 'popd', 'export',
  'declare', 'typeset', 'set', 'unset', 'alias', 'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done',
  'case', 'esac', 'in', '{', '}', '!', 'sudo', 'doas', 'env', 'time', 'nohup', 'command', 'builtin', 'nice', 'ionice',
  'stdbuf', 'chronic', 'timeout', 'xargs', 'watch', 'script', 'setsid', 'aws-vault', 'op', 'doppler', 'direnv', 'with-env',
  'dotenv', 'chamber', 'vault', 'infisical', 'teller', 'summon', 'sops', 'granted', 'assume', 'saml2aws', 'aws-sso',
  // Task runners and package managers.
  'make', 'gmake', 'just', 'task', 'go-task', 'npm', 'yarn', 'pnpm', 'bun', 'npx', 'pnpx', 'bunx', 'node', 'tf-plan-guard',
  // Common programs.
  'echo', 'printf', 'cat', 'ls', 'pwd', 'grep', 'rg', 'jq', 'git', 'cp', 'mkdir', 'touch', 'ln', 'sed', 'awk', 'tee',
  'find', 'chmod', 'curl', 'wget', 'sleep', 'true', 'false', 'test', '[', 'which', 'type', 'checkout', 'switch', 'reset',
  // Common task names (`make deploy`, `npm run destroy`).
  'deploy', 'up', 'down', 'all', 'infra', 'release', 'clean', 'build', 'lint', 'start', 'ci', 'prod', 'production', 'staging',
]);

/** Options shown by name (their values never): Terraform's, and the wrappers' that matter here. */
const SHOWN_OPTIONS = new Set([
  '-auto-approve', '-destroy', '-var', '-var-file', '-target', '-replace', '-exclude', '-lock', '-lock-timeout', '-parallelism',
  '-refresh', '-refresh-only', '-input', '-no-color', '-json', '-compact-warnings', '-state', '-state-out', '-backup',
  '-show-sensitive', '-chdir', '-out', '-force', '-all', '-a', '-working-dir', '-terragrunt-working-dir', '-upgrade',
  '-reconfigure', '-migrate-state', '-backend-config', '-c', '-lc', '-ec', '-ic', '-C', '-D', '-E', '-S', '-u', '-i',
  '-l', '-e', '-x', '-f', '-n', '-d', '-k', '-v', '-unset', '-split-string', '-preserve-env', '-directory', '-file', '-',
]);

/** Options whose value is only `true` or `false`, shown with it. */
const BOOLEAN_OPTIONS = new Set(['-destroy', '-lock', '-refresh', '-input', '-auto-approve', '-refresh-only', '-compact-warnings']);

/** Environment variable names shown before `=(hidden)`; any other name is `…` too. */
const SHOWN_ASSIGNMENT = /^(?:TF_[A-Za-z0-9_]+|AWS_[A-Z0-9_]+|ARM_[A-Z0-9_]+|GOOGLE_[A-Z0-9_]+|CLOUDSDK_[A-Z0-9_]+|KUBECONFIG|PATH|HOME)$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const HIDDEN = '…';

/** Terraform's options whose value may be the next word: a word after one may be a piece of that value. */
const OPTIONS_WITH_VALUE = new Set(['-var', '-var-file', '-target', '-replace', '-exclude', '-state', '-state-out', '-backup', '-chdir', '-out', '-lock-timeout', '-parallelism', '-backend-config']);

/** Words that run the rest of the command: the word after one is still in the program's place. */
const RUNS_THE_REST = new Set([
  'sudo', 'doas', 'env', 'time', 'nohup', 'exec', 'command', 'builtin', 'nice', 'ionice', 'stdbuf', 'chronic', 'timeout', 'xargs',
  'watch', 'setsid', 'eval', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '!',
]);
/** The programs by their exact names (a versioned or suffixed name may hold a value's piece). */
const TOOL_NAMES = new Set(['terraform', 'tofu', 'opentofu', 'terragrunt']);
/** What may follow the program's name as its subcommand, and what may follow `state` or `workspace`. */
const SUBCOMMANDS = new Set(['apply', 'destroy', 'plan', 'state', 'workspace', 'force-unlock', 'init', 'import', 'output', 'validate', 'refresh', 'show', 'fmt', 'run-all', 'run', 'apply-all', 'destroy-all', 'taint', 'untaint', 'console', 'graph', 'providers', 'version', 'get', 'test']);
const ACTIONS = new Set(['rm', 'push', 'pull', 'mv', 'list', 'show', 'delete', 'select', 'new', 'replace-provider']);

/** Where a word stands in its command: the program's place, the subcommand's, a state/workspace action's, or among the arguments. */
type Place = 'program' | 'subcommand' | 'action' | 'arguments';

/**
 * The command as people may read it: recognized words as written, every other word `…`.
 * `resplit`: the words came out of a line `eval` or an `echo … | sh` joined and split again, where
 * a quoted value's pieces become words of their own: the strict display starts at the first word
 * that carries any value (an assignment, `-opt=value`, an option that takes one), not only at a
 * `-var`. `from`: the place of the first word (`subcommand` when the program is shown apart).
 */
export function displayCommand(words: SimpleCommand, resplit = false, from: Place = 'program'): string {
  const shown: string[] = [];
  // After the first `-var`, a word may be a piece of its value that `eval` or `sh -c` split off
  // (`-var "pw=a terraform_9x -var=y=1"`): from there on only words in their places and option names are shown.
  let strict = false;
  let place: Place = from;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const option = word.dynamic ? '' : normalizeOption(word.text.split('=')[0]!);
    if (normalizeOption(word.text) === '-var' && !word.dynamic && words[i + 1]) {
      shown.push(word.text, strict ? shownStrictly(words[++i]!, 'arguments') : shownAssignment(words[++i]!, true));
      strict = true;
      continue;
    }
    // `-target x`: the next word is the option's value, and keeps the place the option stood in.
    const valueNext = !word.dynamic && word.text.startsWith('-') && !word.text.includes('=') && OPTIONS_WITH_VALUE.has(option) && words[i + 1] !== undefined;
    shown.push(strict ? shownStrictly(word, place) : shownWord(word, i === 0));
    if (valueNext) {
      const value = words[++i]!;
      shown.push(strict || resplit ? HIDDEN : shownWord(value, false));
      strict ||= resplit;
      continue;
    }
    // eval joins its words and splits them again: from it on, the command is read as re-split.
    if (place === 'program' && !word.dynamic && word.text === 'eval') resplit = true;
    place = nextPlace(word, place);
    if (option === '-var') strict = true;
    if (resplit && !word.dynamic && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text) || (word.text.startsWith('-') && (word.text.includes('=') || OPTIONS_WITH_VALUE.has(option))))) strict = true;
  }
  // Unknown words in a row are one `…`: how many there were says nothing a person needs.
  const joined = shown.filter((text, index) => text !== HIDDEN || shown[index - 1] !== HIDDEN);
  return oneLine(joined.join(' '));
}

/** The place of the word after `word`, which stands at `place`. */
function nextPlace(word: Word, place: Place): Place {
  const text = word.dynamic ? '' : word.text;
  if (text.startsWith('-') || (place === 'program' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(text))) return place;
  if (place === 'program') {
    if (RUNS_THE_REST.has(text) || /^\d+[smhd]?$/.test(text)) return 'program';
    return TOOL_NAMES.has(text) ? 'subcommand' : 'arguments';
  }
  if (place === 'subcommand') return text === 'state' || text === 'workspace' ? 'action' : 'arguments';
  return 'arguments';
}

/** Each command of a line, as people may read it. */
export function displayCommands(commands: readonly SimpleCommand[], incomplete: boolean, resplit = false): string {
  const shown = commands.map((words) => displayCommand(words, resplit)).join(' ; ');
  return oneLine(incomplete ? `${shown} ${HIDDEN}` : shown);
}

function shownWord(word: Word, first: boolean): string {
  if (word.dynamic) return HIDDEN;
  const text = word.text;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) return shownAssignment(word, false);
  if (text.startsWith('-')) return shownOption(text);
  if (SHOWN_WORDS.has(text)) return text;
  // The program itself: Terraform by any of its names, or its path (`./bin/terraform`).
  const name = text.slice(Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1);
  if (PROGRAMS.some((program) => program.pattern.test(name))) return text.includes('/') ? `${HIDDEN}/${name}` : name;
  if (first && SHOWN_WORDS.has(name)) return `${HIDDEN}/${name}`;
  return HIDDEN;
}

/**
 * A word where it may be a piece of a value: an option's name as it is, and a word only when it is
 * what its place takes (the program's exact name, a subcommand right after it); anything else,
 * however harmless it looks (`pull build release` of a passphrase), `…`.
 */
function shownStrictly(word: Word, place: Place): string {
  if (word.dynamic) return HIDDEN;
  const text = word.text;
  if (!text.startsWith('-')) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) return `${HIDDEN}=(hidden)`;
    const fits = place === 'program' ? TOOL_NAMES.has(text) || RUNS_THE_REST.has(text) : place === 'subcommand' ? SUBCOMMANDS.has(text) : place === 'action' && ACTIONS.has(text);
    return fits ? text : HIDDEN;
  }
  const equals = text.indexOf('=');
  const name = equals < 0 ? text : text.slice(0, equals);
  if (!SHOWN_OPTIONS.has(normalizeOption(name))) return HIDDEN;
  return equals < 0 ? text : `${name}=${HIDDEN}`;
}

function shownOption(text: string): string {
  const equals = text.indexOf('=');
  const name = equals < 0 ? text : text.slice(0, equals);
  if (!SHOWN_OPTIONS.has(normalizeOption(name))) return HIDDEN;
  if (equals < 0) return text;
  const value = text.slice(equals + 1);
  if (normalizeOption(name) === '-var') return `${name}=${shownAssignment({ text: value, dynamic: false }, true)}`;
  if (BOOLEAN_OPTIONS.has(normalizeOption(name)) && /^(?:true|false)$/.test(value)) return text;
  return `${name}=${HIDDEN}`;
}

/**
 * `NAME=(hidden)` for a name people may read (an environment name from the table, or the
 * variable name a `-var` gives), else `…=(hidden)`; never the value.
 */
function shownAssignment(word: Word, afterVar: boolean): string {
  const equals = word.text.indexOf('=');
  if (equals < 0 || word.dynamic) return HIDDEN;
  const name = word.text.slice(0, equals);
  const known = SHOWN_ASSIGNMENT.test(name) || (afterVar && IDENTIFIER.test(name));
  return `${known ? name : HIDDEN}=(hidden)`;
}

/** Terraform reads `--name` as `-name`. */
export function normalizeOption(text: string): string {
  return text.startsWith('--') ? text.slice(1) : text;
}

/** A command shown to people on one line, cut to a readable length, without control characters. */
export function oneLine(text: string, max = 160): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
