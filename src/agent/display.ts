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

/** The command as people may read it: recognized words as written, every other word `…`. */
export function displayCommand(words: SimpleCommand): string {
  const shown: string[] = [];
  // After the first `-var`, a word may be a piece of its value that `eval` or `sh -c` split off
  // (`-var "pw=a terraform_9x -var=y=1"`): from there on only fixed words and option names are shown.
  let afterVar = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (normalizeOption(word.text) === '-var' && !word.dynamic && words[i + 1]) {
      shown.push(word.text, afterVar ? shownAfterVar(words[++i]!) : shownAssignment(words[++i]!, true));
      afterVar = true;
      continue;
    }
    shown.push(afterVar ? shownAfterVar(word) : shownWord(word, i === 0));
    if (!word.dynamic && normalizeOption(word.text.split('=')[0]!) === '-var') afterVar = true;
  }
  // Unknown words in a row are one `…`: how many there were says nothing a person needs.
  const joined = shown.filter((text, index) => text !== HIDDEN || shown[index - 1] !== HIDDEN);
  return oneLine(joined.join(' '));
}

/** Each command of a line, as people may read it. */
export function displayCommands(commands: readonly SimpleCommand[], incomplete: boolean): string {
  const shown = commands.map((words) => displayCommand(words)).join(' ; ');
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

/** A word after a `-var`: a fixed word or an option's name as it is, anything that could be a value's piece `…`. */
function shownAfterVar(word: Word): string {
  if (word.dynamic) return HIDDEN;
  const text = word.text;
  if (SHOWN_WORDS.has(text)) return text;
  if (!text.startsWith('-')) return /^[A-Za-z_][A-Za-z0-9_]*=/.test(text) ? `${HIDDEN}=(hidden)` : HIDDEN;
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
