/**
 * The stateful catalog as the rules see it: the built-in table, plus types the policy adds with
 * `stateful.include`, minus those it removes with `stateful.exclude` (globs on resource types).
 * A `kubernetes_manifest` is looked up by its manifest's kind.
 */
import { minimatch } from 'minimatch';
import { manifestKind, STATEFUL_MANIFEST_KINDS } from './kubernetes-manifest-kinds.js';
import { STATEFUL_TYPES, type StatefulTypeRow } from './stateful-types.js';

export interface StatefulEntry {
  type: string;
  loses: string;
  /** Where the entry comes from: the built-in table or the user's `stateful.include`. */
  source: 'built-in' | 'policy';
}

export interface StatefulCatalog {
  lookup(resourceType: string): StatefulEntry | null;
  /**
   * As `lookup`, for one object: types whose loss depends on the object (`kubernetes_manifest`,
   * by its manifest's kind) are judged by `values`, the side of the change that exists.
   */
  lookupObject(resourceType: string, values: unknown): StatefulEntry | null;
}

const BUILT_IN = new Map<string, StatefulTypeRow>(STATEFUL_TYPES.map((row) => [row.type, row]));
const MANIFEST_KINDS = new Map(STATEFUL_MANIFEST_KINDS.map((row) => [row.kind, row]));
const MANIFEST_TYPE = 'kubernetes_manifest';

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
  const lookup = (resourceType: string): StatefulEntry | null => {
    if (!cache.has(resourceType)) cache.set(resourceType, resolve(resourceType));
    return cache.get(resourceType) ?? null;
  };
  return {
    lookup,
    lookupObject(resourceType, values) {
      const byType = lookup(resourceType);
      if (byType || resourceType !== MANIFEST_TYPE || exclude.some((glob) => minimatch(resourceType, glob))) return byType;
      const row = MANIFEST_KINDS.get(manifestKind(values) ?? '');
      return row ? { type: `${MANIFEST_TYPE} (kind ${row.kind})`, loses: row.loses, source: 'built-in' } : null;
    },
  };
}
