/**
 * `plan-file`: newline-separated paths and glob patterns, resolved against the workspace.
 * A walk plus minimatch rather than fs.glob, which Node 20 does not have.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Minimatch } from 'minimatch';
import { InputError } from '../errors.js';

/** Directories never searched: tool caches and dependencies, not plans. */
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform']);

export interface PlanFile {
  /** Absolute path. */
  path: string;
  /** How the plan is named in reports: relative to the workspace with forward slashes. */
  name: string;
  /** The plan's configuration directory relative to the workspace ('' = the root); null when outside it. */
  configurationDir: string | null;
}

export function resolvePlanFiles(patterns: readonly string[], workspace: string): PlanFile[] {
  const seen = new Set<string>();
  const files: PlanFile[] = [];
  for (const pattern of patterns) {
    const matches = new Minimatch(pattern, { dot: true }).hasMagic() ? expandGlob(pattern, workspace) : [resolve(workspace, pattern)];
    if (matches.length === 0) throw new InputError(null, `input "plan-file": the pattern "${pattern}" matches no file`);
    for (const path of matches) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push(planFileAt(path, workspace));
    }
  }
  return files;
}

export function planFileAt(path: string, workspace: string): PlanFile {
  const fromWorkspace = relative(workspace, path);
  const inside = fromWorkspace !== '' && !fromWorkspace.startsWith('..') && !isAbsolute(fromWorkspace);
  const name = inside ? toPosix(fromWorkspace) : path;
  const slash = name.lastIndexOf('/');
  return { path, name, configurationDir: inside ? (slash < 0 ? '' : name.slice(0, slash)) : null };
}

function expandGlob(pattern: string, workspace: string): string[] {
  const absolutePattern = toPosix(isAbsolute(pattern) ? pattern : join(workspace, pattern));
  const matcher = new Minimatch(absolutePattern, { dot: true });
  // Walk from the longest literal prefix of the pattern.
  const literal: string[] = [];
  for (const part of absolutePattern.split('/')) {
    if (new Minimatch(part).hasMagic()) break;
    literal.push(part);
  }
  const root = literal.join('/') || '/';
  const found: string[] = [];
  walk(root, (file) => {
    if (matcher.match(toPosix(file))) found.push(file);
  });
  return found.sort();
}

function walk(directory: string, visit: (file: string) => void): void {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path, visit);
    } else if (entry.isFile() || (entry.isSymbolicLink() && isFile(path))) {
      visit(path);
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Every `.tf` file of the workspace, for annotations (bounded: a huge monorepo only loses annotations). */
export function walkTfFiles(workspace: string, limits = { files: 5_000, bytes: 1_000_000 }): { path: string; absolute: string }[] {
  const found: { path: string; absolute: string }[] = [];
  walk(workspace, (file) => {
    if (found.length >= limits.files || !file.endsWith('.tf')) return;
    try {
      if (statSync(file).size > limits.bytes) return;
    } catch {
      return;
    }
    found.push({ path: toPosix(relative(workspace, file)), absolute: file });
  });
  return found;
}
