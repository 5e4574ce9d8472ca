/**
 * `plan-file`: newline-separated paths and glob patterns, resolved against the workspace.
 * A walk plus minimatch rather than fs.glob, which Node 20 does not have.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Minimatch } from 'minimatch';
import { InputError } from '../errors.js';
import { toPosix, walk } from './workspace.js';

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
