/**
 * The stateful catalog as the rules see it: the built-in table, plus types the policy adds with
 * `stateful.include`, minus those it removes with `stateful.exclude` (globs on resource types).
 */
import { minimatch } from 'minimatch';
import { STATEFUL_TYPES, type StatefulTypeRow } from './stateful-types.js';

export interface StatefulEntry {
  type: string;
  loses: string;
  /** Where the entry comes from: the built-in table or the user's `stateful.include`. */
  source: 'built-in' | 'policy';
}

export interface StatefulCatalog {
  lookup(resourceType: string): StatefulEntry | null;
}

const BUILT_IN = new Map<string, StatefulTypeRow>(STATEFUL_TYPES.map((row) => [row.type, row]));

export function statefulCatalog(options: { include?: readonly string[]; exclude?: readonly string[] } = {}): StatefulCatalog {
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  const cache = new Map<string, StatefulEntry | null>();
  const resolve = (resourceType: string): StatefulEntry | null => {
    if (exclude.some((glob) => minimatch(resourceType, glob))) return null;
    const row = BUILT_IN.get(resourceType);
    if (row) return { type: row.type, loses: row.loses, source: 'built-in' };
    if (include.some((glob) => minimatch(resourceType, glob))) {
      return { type: resourceType, loses: 'the data this resource holds (declared stateful by the policy file)', source: 'policy' };
    }
    return null;
  };
  return {
    lookup(resourceType) {
      if (!cache.has(resourceType)) cache.set(resourceType, resolve(resourceType));
      return cache.get(resourceType) ?? null;
    },
  };
}
