/**
 * Walking the workspace: for plan-file globs and for the `.tf` files annotations point at.
 * Tool caches and dependencies are skipped: they hold neither plans nor the PR's configuration.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { TfFile } from '../render/annotations.js';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.terraform']);

/** Visits every file under `directory` (following file symlinks), in name order. */
export function walk(directory: string, visit: (file: string) => void): void {
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

export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Every `.tf` file of the workspace with its text, for annotations (bounded: a huge monorepo only loses annotations). */
export function readTfFiles(workspace: string, limits = { files: 5_000, bytes: 1_000_000 }): TfFile[] {
  const found: TfFile[] = [];
  walk(workspace, (file) => {
    if (found.length >= limits.files || !file.endsWith('.tf')) return;
    try {
      if (statSync(file).size > limits.bytes) return;
      found.push({ path: toPosix(relative(workspace, file)), text: readFileSync(file, 'utf8') });
    } catch {
      // An unreadable file only loses its annotations.
    }
  });
  return found;
}
