/**
 * Task runners and scripts that can run Terraform without the command line naming it: `make
 * destroy`, `just deploy`, `task apply`, `source deploy.sh`, `./deploy.sh`. The hook cannot plan
 * through them, so it reads the one file they run (the Makefile's recipes for the targets asked
 * for, the justfile, the Taskfile, the script) and, when that names Terraform, puts the command
 * before a person. The scripts and Makefiles its lines call by a literal path (`./scripts/x.sh`,
 * `bash x.sh`, `$(MAKE) -C dir t`) are read too, a few calls deep. It does not follow included
 * files, aliases or shell functions: the README says so.
 */
import { existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, closeSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseCommandLine, type Word } from './shell.js';

/** `package`: a package.json script (`npm run X`); the guard reads it as a command line of its own. */
export type Runner = 'make' | 'just' | 'task' | 'script' | 'package';

export interface RunnerCall {
  runner: Runner;
  directory: string;
  /** The file named on the command line (`make -f x.mk`, the script); null: the runner's default. */
  file: string | null;
  /** Make targets (empty: the default goal). */
  targets: readonly string[];
}

const NAMES_TERRAFORM = /\b(?:terraform|tofu|terragrunt)\b/;
/** Only the start of a file is read: a script or Makefile is small, a binary is not a script. */
const MAX_BYTES = 256 * 1024;

const DEFAULT_FILES: Record<Exclude<Runner, 'script' | 'package'>, string[]> = {
  make: ['GNUmakefile', 'makefile', 'Makefile'],
  just: ['justfile', 'Justfile', '.justfile'],
  task: ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml'],
};

/** How many calls deep the scripts and Makefiles a file calls are read, and how many files in all. */
const MAX_CALL_DEPTH = 3;
const MAX_CALLED_FILES = 20;

/**
 * Why a person should approve this call (it may run Terraform), or null when it names none.
 * `seen`: the files (with their make targets) read so far for the command; `depth`: how many calls led here.
 */
export function runnerConcern(call: RunnerCall, seen: Set<string> = new Set(), depth = 0): string | null {
  const own = ownConcern(call);
  if (own === null || typeof own === 'string') return own;
  // It names no Terraform itself: the scripts and Makefiles it calls may.
  seen.add([own.file, ...call.targets].join(' '));
  const { calls, tooLong } = localCalls(own.lines, call.directory, dirname(own.file));
  // A line read only up to a bound may call anything past it (audit 29 F2): asked about, as a command line past a bound is.
  if (tooLong !== null) return `${own.file} has a line with ${tooLong}, more than tf-plan-guard reads in one line, so what it calls is not known`;
  for (const called of calls) {
    const file = called.file ?? defaultFile(called);
    if (file === null || seen.has([file, ...called.targets].join(' '))) continue;
    if (depth >= MAX_CALL_DEPTH || seen.size >= MAX_CALLED_FILES) {
      return hasTerraformFiles(call.directory) ? `${own.file} calls more scripts in turn than tf-plan-guard follows, in a directory with Terraform files` : null;
    }
    const concern = runnerConcern(called, seen, depth + 1);
    if (concern !== null) return `${own.file} calls ${file}: ${concern}`;
  }
  return null;
}

/** Words that run the file named after them (options first). */
const SCRIPT_STARTERS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'source', '.']);

/**
 * The scripts and Makefiles lines run by a literal path: `./x.sh`, `dir/x.sh`, `sh x.sh`, `source
 * x`, `make -C dir t`, `$(MAKE) t`, after a `cd DIR` of the same line too. A path is looked for
 * from where the lines run, then from the file's own directory; one found in neither is left out.
 */
function localCalls(lines: string, directory: string, fileDirectory: string): { calls: RunnerCall[]; tooLong: string | null } {
  const calls: RunnerCall[] = [];
  for (const line of lines.replace(/\$[({]MAKE[)}]/g, 'make').split('\n')) {
    let here = directory;
    const parsed = parseCommandLine(line);
    // Read only up to the bound: the commands past it are not known.
    if (parsed.tooLong !== null) return { calls, tooLong: parsed.tooLong };
    for (const command of parsed.commands) {
      let start = 0;
      while (command[start] !== undefined && /^[A-Za-z_]\w*=/.test(command[start]!.text)) start++;
      const [first, ...rest] = command.slice(start);
      if (first === undefined || first.dynamic) continue;
      const name = first.text.slice(first.text.lastIndexOf('/') + 1);
      const operand = rest.find((word) => !word.text.startsWith('-'));
      if (name === 'cd') here = operand === undefined || operand.dynamic ? here : resolve(here, operand.text);
      else if (name === 'make' || name === 'gmake') {
        const made = makeCall(rest, here);
        if (made !== null) calls.push(made);
      } else {
        const path = SCRIPT_STARTERS.has(name) ? (rest.some((word) => /^-\w*c/.test(word.text)) ? undefined : operand) : first.text.includes('/') && !isAbsolute(first.text) ? first : undefined;
        const file = path === undefined || path.dynamic ? undefined : [here, fileDirectory].map((base) => resolve(base, path.text)).find((candidate) => existsSync(candidate));
        if (file !== undefined) calls.push({ runner: 'script', directory: here, file, targets: [] });
      }
    }
  }
  return { calls, tooLong: null };
}

/** `make [-C DIR] [targets]` in a recipe or script: where it runs and its targets; null when its directory is only known when it runs. */
function makeCall(args: readonly Word[], directory: string): RunnerCall | null {
  let where = directory;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const text = args[i]!.text;
    const value = text === '-C' || text === '--directory' ? args[++i] : /^-C.|^--directory=/.test(text) ? { ...args[i]!, text: text.replace(/^-C|^--directory=/, '') } : undefined;
    if (value !== undefined) {
      if (value.dynamic) return null;
      where = resolve(where, value.text);
    } else if (!text.startsWith('-') && !text.includes('=')) targets.push(text);
  }
  return { runner: 'make', directory: where, file: null, targets };
}

/** The concern of the one file a call runs, or the lines it runs when they name no Terraform (to follow what they call). */
function ownConcern(call: RunnerCall): string | null | { file: string; lines: string } {
  const file = call.file ?? defaultFile(call);
  const text = file === null ? null : readStart(file);
  if (text === null) {
    if (!hasTerraformFiles(call.directory)) return null;
    // A file that cannot be read is named by nothing from the command line: only one that exists is a name people may read.
    return `it runs ${file !== null && existsSync(file) ? file : `a ${call.runner === 'script' ? 'script' : `${call.runner} file`}`} that tf-plan-guard cannot read, in a directory with Terraform files`;
  }
  const shown = file!;
  // Read only up to the bound (audit 32 F8: a script whose apply is past 256 KB was allowed): past it, anything may run.
  if (!NAMES_TERRAFORM.test(text) && longerThanRead(shown) && hasTerraformFiles(call.directory)) return `${shown} is longer than tf-plan-guard reads (${MAX_BYTES / 1024} KiB), so what it runs past there is not known, in a directory with Terraform files`;
  if (call.runner === 'make') {
    const recipes = makeRecipes(text, call.targets);
    if (recipes === null) {
      if (!NAMES_TERRAFORM.test(text) && !hasTerraformFiles(call.directory)) return null;
      return `${shown} has no rule of its own for the target asked for (a pattern rule or an included file), and Terraform is near`;
    }
    if (NAMES_TERRAFORM.test(recipes)) return `the recipe it runs from ${shown} names Terraform`;
    // A variable or an included file may bring Terraform in: `$(TF) apply`, `include deploy.mk`.
    if (NAMES_TERRAFORM.test(text) && /\$[({]/.test(recipes)) return `the recipe it runs from ${shown} uses variables, and ${shown} names Terraform`;
    if (/^-?include\s/m.test(text) && hasTerraformFiles(call.directory)) return `${shown} includes other files, which tf-plan-guard does not read, in a directory with Terraform files`;
    return { file: shown, lines: recipes };
  }
  return NAMES_TERRAFORM.test(text) ? `${shown} names Terraform` : { file: shown, lines: text };
}

function defaultFile(call: RunnerCall): string | null {
  if (call.runner === 'script' || call.runner === 'package') return null;
  // just and task look in parent directories too; make only where it runs.
  for (let dir = call.directory; ; dir = dirname(dir)) {
    for (const name of DEFAULT_FILES[call.runner]) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (call.runner === 'make' || dirname(dir) === dir) return null;
  }
}

/** Whether a file is longer than `readStart` reads of it: what it holds past there is not known (audit 32 F8). */
export function longerThanRead(path: string): boolean {
  try {
    return statSync(path).size > MAX_BYTES;
  } catch {
    return false;
  }
}

export function readStart(path: string): string | null {
  try {
    if (!statSync(path).isFile()) return null;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_BYTES);
      const count = readSync(fd, buffer, 0, MAX_BYTES, 0);
      return buffer.toString('utf8', 0, count);
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Files Terraform, OpenTofu or Terragrunt read: a directory holding one is a configuration. */
const TERRAFORM_FILE = /\.tf(?:\.json)?$|^terragrunt\.hcl$/;

export function hasTerraformFiles(directory: string): boolean {
  try {
    return readdirSync(directory).some((name) => TERRAFORM_FILE.test(name));
  } catch {
    return false;
  }
}

/**
 * The recipe lines make runs for `targets` (the first target when none) and, transitively, their
 * prerequisites; null when a target has no rule here (a pattern rule, an included file).
 */
export function makeRecipes(text: string, targets: readonly string[]): string | null {
  const rules = new Map<string, { prerequisites: string[]; recipe: string[] }>();
  let current: { prerequisites: string[]; recipe: string[] }[] = [];
  let firstTarget: string | null = null;
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    if (line.startsWith('\t')) {
      for (const rule of current) rule.recipe.push(line.slice(1));
      continue;
    }
    const rule = /^([^\s:=#][^:=#]*?)\s*::?\s*([^=].*)?$/.exec(line);
    if (!rule || /^\s*[\w.]+\s*[:+?]?=/.test(line)) {
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) current = [];
      continue;
    }
    const [recipeInline, ...rest] = (rule[2] ?? '').split(';');
    current = rule[1]!.trim().split(/\s+/).map((name) => {
      const entry = rules.get(name) ?? { prerequisites: [], recipe: [] };
      entry.prerequisites.push(...(recipeInline ?? '').trim().split(/\s+/).filter(Boolean));
      if (rest.length > 0) entry.recipe.push(rest.join(';'));
      rules.set(name, entry);
      if (firstTarget === null && !name.startsWith('.')) firstTarget = name;
      return entry;
    });
  }
  const wanted = targets.length > 0 ? [...targets] : firstTarget === null ? [] : [firstTarget];
  const seen = new Set<string>();
  const lines: string[] = [];
  while (wanted.length > 0) {
    const name = wanted.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const rule = rules.get(name);
    if (!rule) {
      if (targets.includes(name)) return null;
      continue; // a file prerequisite
    }
    lines.push(...rule.recipe);
    wanted.push(...rule.prerequisites);
  }
  return lines.join('\n');
}

/**
 * The scripts `npm run NAME` (and yarn, pnpm, bun) would run, in order: `preNAME`, `NAME`,
 * `postNAME`, from the nearest package.json at or above `directory`, with the directory they run
 * in. Null when there is no package.json or it has no script of that name.
 */
export function packageScripts(directory: string, name: string): PackageScripts | null {
  for (let dir = directory; ; dir = dirname(dir)) {
    if (hasManifest(dir)) return scriptsOf(dir, name);
    if (dirname(dir) === dir) return null;
  }
}

export interface PackageScripts {
  directory: string;
  scripts: { name: string; line: string }[];
  /** The manifest that exists but cannot be read (a JSON error, too large, pnpm's package.yaml): which scripts it runs is not known. */
  unreadable?: string;
}

/**
 * The scripts `run NAME` runs in the package at `directory` (pre-, main and post-script), or null
 * when it has no script NAME. A manifest it cannot read is never "no such script".
 */
export function scriptsOf(directory: string, name: string): PackageScripts | null {
  const manifest = readManifest(directory);
  if (manifest !== null && 'unreadable' in manifest) return { directory, scripts: [], unreadable: manifest.unreadable };
  const table = scriptTable(manifest);
  if (table === null || typeof table[name] !== 'string') return null;
  const run = [`pre${name}`, name, `post${name}`].flatMap((key) => (typeof table[key] === 'string' ? [{ name: key, line: table[key] }] : []));
  return { directory, scripts: run };
}

/** The `scripts` of a manifest read; null when there are none. */
function scriptTable(manifest: ManifestRead): Record<string, unknown> | null {
  const scripts = manifest === null || 'unreadable' in manifest ? null : manifest.fields['scripts'];
  return scripts !== null && typeof scripts === 'object' ? (scripts as Record<string, unknown>) : null;
}

/** package.json, or the manifests pnpm reads instead of it (YAML and JSON5, which tf-plan-guard does not parse). */
const MANIFESTS = ['package.json', 'package.yaml', 'package.json5'];
/** A manifest is read whole (a truncated one would parse as no scripts); one larger than this is not read. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

type ManifestRead = { fields: Record<string, unknown> } | { unreadable: string } | null;

/** Manifests read, by file and its size, times and inode: read again only when any of those change. */
const manifestsRead = new Map<string, ManifestRead>();
const MAX_MANIFESTS_KEPT = 64;

function hasManifest(directory: string): boolean {
  return MANIFESTS.some((name) => existsSync(join(directory, name)));
}

/** The package manifest in `directory`: its fields, or the file that exists but cannot be read; null when there is none. */
function readManifest(directory: string): ManifestRead {
  const file = MANIFESTS.map((name) => join(directory, name)).find((candidate) => existsSync(candidate));
  if (file === undefined) return null;
  if (!file.endsWith('package.json')) return { unreadable: file };
  try {
    // A FIFO or device of that name would block the read (and the hook) forever.
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_MANIFEST_BYTES) return { unreadable: file };
    // A line that runs many package scripts reads the same manifest once, while it is unchanged.
    const version = `${file}\0${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
    const known = manifestsRead.get(version);
    if (known !== undefined) return known;
    // npm's parser strips a byte order mark, as JSON.parse does not.
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    const read: ManifestRead = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? { fields: parsed as Record<string, unknown> } : { unreadable: file };
    if (manifestsRead.size >= MAX_MANIFESTS_KEPT) manifestsRead.clear();
    manifestsRead.set(version, read);
    return read;
  } catch {
    return { unreadable: file };
  }
}

/** Whether any script of the package at or above `directory` names Terraform (true too when its manifest cannot be read; null: no package found). */
export function scriptsNameTerraform(directory: string): boolean | null {
  for (let dir = directory; ; dir = dirname(dir)) {
    if (hasManifest(dir)) {
      const manifest = readManifest(dir);
      if (manifest !== null && 'unreadable' in manifest) return true;
      const table = scriptTable(manifest);
      return table === null ? false : Object.values(table).some((line) => typeof line === 'string' && NAMES_TERRAFORM.test(line));
    }
    if (dirname(dir) === dir) return null;
  }
}

/** How far the packages of a workspace are looked for: deep enough for `packages/NAME` and `apps/GROUP/NAME`, not a whole disk. */
const WORKSPACE_DEPTH = 5;
const WORKSPACE_DIRECTORIES = 2000;

/**
 * Every package of the workspace `directory` is in, as a package manager's workspace options may
 * select any of them: the directories with a package.json under the workspace's root (the highest
 * directory above with `workspaces` in its package.json or a pnpm-workspace.yaml; else the
 * nearest package), leaving out node_modules and hidden directories. `complete` is false when
 * there were more than it reads.
 */
export function workspacePackages(directory: string): { root: string; packages: string[]; complete: boolean } {
  const root = workspaceRoot(directory);
  const packages: string[] = [];
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  let visited = 0;
  for (let head = 0; head < queue.length; head++) {
    const { dir, depth } = queue[head]!;
    if (++visited > WORKSPACE_DIRECTORIES) return { root, packages, complete: false };
    if (hasManifest(dir)) packages.push(dir);
    if (depth >= WORKSPACE_DEPTH) continue;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) queue.push({ dir: join(dir, entry.name), depth: depth + 1 });
    }
  }
  return { root, packages, complete: true };
}

/** The highest directory at or above `directory` with `workspaces` in its package.json or a pnpm-workspace.yaml; else the nearest package; else `directory`. */
function workspaceRoot(directory: string): string {
  let root: string | null = null;
  let nearest: string | null = null;
  for (let dir = directory; ; dir = dirname(dir)) {
    const manifest = readManifest(dir);
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) || (manifest !== null && 'fields' in manifest && manifest.fields['workspaces'] !== undefined)) root = dir;
    if (nearest === null && hasManifest(dir)) nearest = dir;
    if (dirname(dir) === dir) break;
  }
  return root ?? nearest ?? directory;
}

/** Where a command whose directory only the shell knows is looked for: the git working tree around `directory`, else its workspace. */
export function repositoryRoot(directory: string): string {
  for (let dir = directory; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return workspaceRoot(directory);
  }
}

/** The files make, just, task and a shell run, by name: read for a Terraform name. */
const RUNNER_FILE = /^(?:GNUmakefile|[Mm]akefile|.+\.mk|[Jj]ustfile|\.justfile|[Tt]askfile(?:\.dist)?\.ya?ml|.+\.(?:sh|bash|zsh|ksh))$/;
/** How much of a repository is read: a walk of this many directories, reading this many files. */
const REPOSITORY_DIRECTORIES = 20_000;
const REPOSITORY_FILES_READ = 4_000;
/** Directories found but not yet read: past this many it is too large too. */
const REPOSITORY_QUEUED = 100_000;

/**
 * What under `root` may run Terraform wherever in it a command runs: a Terraform file, a
 * package.json whose scripts name Terraform (or one it cannot read), a Makefile, justfile,
 * Taskfile or shell script naming it (and any file named `alsoRead`: the script a command runs).
 * Null when nothing does; `tooLarge` when it stopped before reading everything. node_modules and
 * hidden directories are left out. A symbolic link to a directory is followed, as the shell's
 * `*\/`, `cd` and `make -C` follow it; each directory is read once, by its real path, so a link
 * loop ends.
 */
export function terraformUnder(root: string, alsoRead: string | null, deadline = Infinity): { what: string } | { tooLarge: string } | null {
  const queue = [root];
  const seen = new Set<string>();
  let read = 0;
  // An index, not shift(): a directory of 300,000 subdirectories would make each shift a copy of them all.
  for (let visited = 0; visited < queue.length; visited++) {
    if (visited >= REPOSITORY_DIRECTORIES || read > REPOSITORY_FILES_READ || queue.length > REPOSITORY_QUEUED) return { tooLarge: `${root} is too large to read all of it` };
    if (Date.now() > deadline) return { tooLarge: `${root} could not be read all through in the hook's time` };
    const dir = queue[visited]!;
    let entries: Dirent[];
    try {
      const real = realpathSync(dir);
      if (seen.has(real)) continue;
      seen.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const shown = (name: string): string => relative(root, join(dir, name)) || name;
    // A Terraform file is the plainest thing to name: looked at first.
    entries.sort((a, b) => Number(TERRAFORM_FILE.test(b.name)) - Number(TERRAFORM_FILE.test(a.name)) || (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const name = entry.name;
      if (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(join(dir, name)))) {
        if (name !== 'node_modules' && !name.startsWith('.')) queue.push(join(dir, name));
      } else if (TERRAFORM_FILE.test(name)) return { what: `${shown(name)} is a Terraform file` };
      else if (name === 'package.json' || (MANIFESTS.includes(name) && !entries.some((other) => other.name === 'package.json'))) {
        read++;
        if (scriptsNameTerraform(dir) === true) return { what: `${shown(name)} has a script that names Terraform (or cannot be read)` };
      } else if (RUNNER_FILE.test(name) || name === alsoRead) {
        read++;
        const text = readStart(join(dir, name));
        if (text !== null && NAMES_TERRAFORM.test(text)) return { what: `${shown(name)} names Terraform` };
      }
    }
  }
  return null;
}

/**
 * The `key=value` entries of an ini configuration file (`.npmrc`) named `file` in HOME and in
 * `directory` and each directory above it, the nearest last (it wins). A value with `${VAR}` in
 * it is only known when it runs.
 */
export function configurationEntries(file: string, directory: string, home: string | undefined): Word[] {
  const directories: string[] = [];
  for (let dir = directory; ; dir = dirname(dir)) {
    directories.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  if (home !== undefined) directories.unshift(home);
  const entries: Word[] = [];
  for (const dir of directories) {
    for (const line of (readStart(join(dir, file)) ?? '').split(/\r?\n/)) {
      const entry = /^\s*([^;#[\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
      // An ini array entry (`workspace[]=infra`) is the setting of that name.
      if (entry) entries.push({ text: `${entry[1]!.replace(/\[\]$/, '')}=${entry[2]!.replace(/^"(.*)"$/, '$1')}`, dynamic: entry[2]!.includes('${') });
    }
  }
  return entries;
}

/**
 * The program `name` among a package's dependencies, as npx, npm exec, pnpm exec, yarn and bun run
 * it before one on PATH: node_modules/.bin/NAME at or above `directory`; null when there is none.
 */
export function localProgram(directory: string, name: string): string | null {
  for (let dir = directory; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The tasks a workspace task runner runs for those named, with the ones they depend on, as its
 * configuration says (`dependsOn`, followed transitively): turbo's `turbo.json` (`tasks`, or
 * `pipeline` in turbo 1) at the workspace root and in each package; nx's `nx.json`
 * (`targetDefaults`), each package's `project.json` (`targets`) and its package.json's `nx`
 * field. An entry names a task in the same package (`build`), in its dependencies (`^build`), in
 * another package (`web#build`), or, for nx, as `{ "target": "build" }`: each is read as a
 * script name of every package. `unreadable`: a configuration file that exists but is not JSON
 * (what it makes run first is not known).
 */
export function taskDependencies(runner: 'turbo' | 'nx', root: string, packages: readonly string[], tasks: readonly string[]): { tasks: string[]; unreadable: string | null } {
  const configurations: { file: string; tables: (fields: Record<string, unknown>) => unknown[] }[] =
    runner === 'turbo'
      ? [root, ...packages].map((directory) => ({ file: join(directory, 'turbo.json'), tables: (fields) => [fields['tasks'], fields['pipeline']] }))
      : [
          { file: join(root, 'nx.json'), tables: (fields) => [fields['targetDefaults']] },
          ...packages.flatMap((directory) => [
            { file: join(directory, 'project.json'), tables: (fields: Record<string, unknown>) => [fields['targets']] },
            { file: join(directory, 'package.json'), tables: (fields: Record<string, unknown>) => [(fields['nx'] as Record<string, unknown> | undefined)?.['targets']] },
          ]),
        ];
  // Each task's key (`build`, `web#build`, an nx executor) with the tasks it depends on.
  const dependsOn: { key: string; on: string[] }[] = [];
  let unreadable: string | null = null;
  for (const { file, tables } of configurations) {
    if (!existsSync(file)) continue;
    const text = readStart(file);
    let fields: unknown;
    try {
      // turbo.json may hold comments (JSONC).
      fields = text === null ? null : JSON.parse(text.replace(/^\uFEFF/, '').replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string: string | undefined) => string ?? ''));
    } catch {
      fields = null;
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      unreadable ??= file;
      continue;
    }
    for (const table of tables(fields as Record<string, unknown>)) {
      if (table === null || typeof table !== 'object') continue;
      for (const [key, task] of Object.entries(table as Record<string, unknown>)) {
        const entries = task !== null && typeof task === 'object' ? (task as Record<string, unknown>)['dependsOn'] : undefined;
        if (!Array.isArray(entries)) continue;
        const on = entries.flatMap((entry: unknown) => (typeof entry === 'string' ? [entry] : entry !== null && typeof entry === 'object' && typeof (entry as Record<string, unknown>)['target'] === 'string' ? [(entry as Record<string, string>)['target']!] : []));
        dependsOn.push({ key, on: on.filter((name) => !name.startsWith('$')).map((name) => name.replace(/^\^/, '').replace(/^.*#/, '')) });
      }
    }
  }
  const all = new Set(tasks);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { key, on } of dependsOn) {
      const task = key.replace(/^.*#/, '');
      if (!all.has(task) && !all.has(key)) continue;
      for (const name of on) {
        if (all.has(name)) continue;
        all.add(name);
        grew = true;
      }
    }
  }
  return { tasks: [...all], unreadable };
}
