/**
 * Whether a command that runs before an apply in the same line may change what that apply does:
 * its configuration files, its state, its saved plan, its workspace. The hook plans before
 * anything in the line runs, so after such a command its plan is not the one that would be
 * applied. Knowledge as data: the programs and subcommands that only read and print.
 */

/** Programs that only read files, print or test something. */
const READ_ONLY_PROGRAMS = new Set([
  'echo', 'printf', 'cat', 'less', 'more', 'head', 'tail', 'ls', 'pwd', 'grep', 'egrep', 'fgrep', 'rg', 'wc', 'jq',
  'date', 'sleep', 'true', 'false', ':', 'test', '[', '[[', 'which', 'type', 'whoami', 'id', 'hostname', 'uname',
  'tree', 'stat', 'file', 'du', 'df', 'diff', 'cmp', 'sort', 'uniq', 'cut', 'basename', 'dirname', 'realpath',
  'readlink', 'md5sum', 'sha256sum', 'shasum', 'set', 'shopt', 'command', 'exit', 'return', 'wait',
  // Words that open or close a compound command, read as a command of their own here.
  'for', 'case', 'select', 'in', 'done', 'fi', 'esac', '}', 'then', 'else', 'do',
]);

/** Subcommands of version control that leave the working tree as it is. */
const READ_ONLY_GIT = new Set(['status', 'diff', 'log', 'show', 'fetch', 'rev-parse', 'ls-files', 'blame', 'describe', 'shortlog', 'grep', 'branch', 'remote', 'config']);

/** Terraform subcommands that change neither configuration, state nor workspace. */
const READ_ONLY_TERRAFORM = new Set(['plan', 'show', 'validate', 'output', 'providers', 'version', 'graph', 'fmt', 'console', 'metadata', 'test']);
/** Read-only actions of `terraform state` and `terraform workspace`. */
const READ_ONLY_TERRAFORM_ACTIONS: Record<string, Set<string>> = {
  state: new Set(['list', 'show', 'pull']),
  workspace: new Set(['list', 'show']),
};
/** `terraform init` options that install nothing other than what the lock file and backend already say. */
const PLAIN_INIT_OPTIONS = /^-(?:input(?:=\w+)?|no-color|lockfile=readonly|backend=false|get=false)$/;

/** Files a redirection may write without changing anything Terraform reads. */
const HARMLESS_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty']);

export interface CommandShape {
  /** The program's name without its directory (`terraform`, `git`). */
  name: string;
  /** Which guarded tool it is, if any. */
  tool: 'terraform' | 'tofu' | 'terragrunt' | null;
  /** Its words after the program name. */
  args: readonly string[];
  /** Files its redirections write. */
  writes: readonly string[];
}

/**
 * Why this command may change what a later apply in the line does, in words ("writes main.tf"),
 * or null when it only reads.
 */
export function laterApplyEffect(command: CommandShape): string | null {
  const written = command.writes.filter((target) => !HARMLESS_TARGETS.has(target));
  if (written.length > 0) return `writes ${written.join(', ')}`;
  const { name, tool, args } = command;
  if (name === '') return null;
  if (tool !== null) return terraformEffect(args);
  if (READ_ONLY_PROGRAMS.has(name)) return null;
  if (name === 'find') return args.some((arg) => /^-(?:delete|exec|execdir|ok|okdir|fprint\w*|fls)$/.test(arg)) ? 'changes or runs things on the files it finds' : null;
  if (name === 'git') {
    const subcommand = args.find((arg) => !arg.startsWith('-'));
    return subcommand !== undefined && READ_ONLY_GIT.has(subcommand) ? null : 'may change the files in the working tree';
  }
  return 'may change files or state';
}

function terraformEffect(args: readonly string[]): string | null {
  const positional = args.filter((arg) => !arg.startsWith('-'));
  const subcommand = positional[0];
  if (subcommand === undefined) return null;
  if (READ_ONLY_TERRAFORM.has(subcommand)) return null;
  const actions = READ_ONLY_TERRAFORM_ACTIONS[subcommand];
  if (actions) {
    const action = positional[1];
    if (action !== undefined && actions.has(action)) return null;
    return subcommand === 'workspace' ? 'changes the workspace' : 'changes the state';
  }
  if (subcommand === 'init') {
    const options = args.slice(args.indexOf('init') + 1);
    return options.every((option) => PLAIN_INIT_OPTIONS.test(option.replace(/^--/, '-'))) ? null : 'may install other providers or modules, or change the backend';
  }
  return 'changes the state or the configuration it works on';
}

/**
 * Programs that write files their words name, and which words those are, as their manuals say:
 * a copy's destination (the last operand, or `-t DIR`), tee's files, sed's and perl's `-i`
 * files, dd's `of=`, a download's output. One row per program.
 */
const FILE_WRITERS: Record<string, (args: readonly string[]) => string[]> = {
  cp: copyDestinations,
  mv: copyDestinations,
  install: copyDestinations,
  ln: copyDestinations,
  rsync: copyDestinations,
  tee: (args) => operands(args),
  sed: (args) => (args.some((arg) => /^-[a-zA-Z]*i|^--in-place/.test(arg)) ? operands(args) : []),
  perl: (args) => (args.some((arg) => /^-[a-zA-Z]*i/.test(arg)) ? operands(args) : []),
  dd: (args) => args.filter((arg) => arg.startsWith('of=')).map((arg) => arg.slice(3)),
  curl: (args) => valuesOf(args, ['-o', '--output']),
  wget: (args) => valuesOf(args, ['-O', '--output-document']),
};

function operands(args: readonly string[]): string[] {
  return args.filter((arg) => !arg.startsWith('-'));
}

/** `cp A B DEST`, `cp -t DEST A B`: the destination, and each source's name in it (it may be a directory). */
function copyDestinations(args: readonly string[]): string[] {
  const target = valuesOf(args, ['-t', '--target-directory'])[0];
  const files = operands(args).filter((arg) => arg !== target);
  const destination = target ?? files.pop();
  if (destination === undefined) return [];
  return [destination, ...files.map((file) => `${destination}/${file.slice(file.lastIndexOf('/') + 1)}`)];
}

function valuesOf(args: readonly string[], options: readonly string[]): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    const long = options.find((option) => option.startsWith('--') && arg.startsWith(`${option}=`));
    if (long !== undefined) values.push(arg.slice(long.length + 1));
    else if (options.includes(arg) && args[index + 1] !== undefined) values.push(args[index + 1]!);
  });
  return values;
}

/** The files a command writes by name: its output redirections and the files its words name for writing (`cp x package.json`, `tee .npmrc`). */
export function filesWritten(command: CommandShape): string[] {
  const named = Object.hasOwn(FILE_WRITERS, command.name) ? FILE_WRITERS[command.name]!(command.args) : [];
  return [...command.writes, ...named].filter((target) => !HARMLESS_TARGETS.has(target));
}
