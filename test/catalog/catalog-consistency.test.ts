/**
 * The catalogs describe one world: a type whose deletion protection or backups the product knows
 * is a type whose delete loses data, or the not-stateful table says why not.
 */
import { describe, expect, it } from 'vitest';
import { BACKUP_GUARDS } from '../../src/catalog/backup-guards.js';
import { DATA_KEPT } from '../../src/catalog/data-kept.js';
import { STATEFUL_MANIFEST_KINDS } from '../../src/catalog/kubernetes-manifest-kinds.js';
import { NOT_STATEFUL } from '../../src/catalog/not-stateful.js';
import { PROTECTION_ATTRIBUTES } from '../../src/catalog/protection-attributes.js';
import { STATEFUL_TYPES } from '../../src/catalog/stateful-types.js';

const stateful = new Set(STATEFUL_TYPES.map((row) => row.type));
const notStateful = new Set(NOT_STATEFUL.map((row) => row.type));

describe('catalog consistency', () => {
  it('puts every type with a protection row in the stateful catalog, or says why not', () => {
    const unexplained = [...new Set(PROTECTION_ATTRIBUTES.map((row) => row.type))].filter((type) => !stateful.has(type) && !notStateful.has(type));
    expect(unexplained).toEqual([]);
  });

  it('puts every type with a backup row in the stateful catalog, or says why not', () => {
    const unexplained = [...new Set(BACKUP_GUARDS.map((row) => row.type))].filter((type) => !stateful.has(type) && !notStateful.has(type));
    expect(unexplained).toEqual([]);
  });

  it('says data is kept only for types whose destroy is reported (stateful, or a manifest judged by kind)', () => {
    expect(DATA_KEPT.map((row) => row.type).filter((type) => !stateful.has(type) && type !== 'kubernetes_manifest')).toEqual([]);
  });

  it('never lists a type as both stateful and not', () => {
    expect([...notStateful].filter((type) => stateful.has(type))).toEqual([]);
  });

  it('gives every not-stateful row a reason, once per type', () => {
    expect(NOT_STATEFUL.filter((row) => row.why.trim() === '').map((row) => row.type)).toEqual([]);
    expect(NOT_STATEFUL.length).toBe(notStateful.size);
  });

  it('names only kinds Kubernetes defines, once each, with a documentation link', () => {
    const kinds = STATEFUL_MANIFEST_KINDS.map((row) => row.kind);
    expect(kinds).toEqual(['CustomResourceDefinition', 'Namespace', 'PersistentVolume', 'PersistentVolumeClaim', 'Secret', 'StatefulSet']);
    expect(STATEFUL_MANIFEST_KINDS.filter((row) => !row.source.startsWith('https://kubernetes.io/docs/')).map((row) => row.kind)).toEqual([]);
  });
});
