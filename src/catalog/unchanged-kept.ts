/**
 * What the model keeps of an object the plan leaves as it is (`no-op`, a move or an import
 * included): nothing reads how it changes, but a few rules must still tell which object it is.
 * One row per fact. A data source read keeps all its known arguments instead (its query:
 * plan/values-kept.ts), since any data source can name a grant's subject.
 */
import type { AttributePath } from '../plan/model.js';
import { grantSubjectAttributes, ROLE_TRUST } from './grant-subjects.js';
import { INGRESS_SHAPES, ingressAttributes } from './ingress-shapes.js';

export interface UnchangedKeptRow {
  type: string;
  path: AttributePath;
  /** Who reads it, and why. */
  why: string;
}

export const UNCHANGED_KEPT: readonly UnchangedKeptRow[] = [
  { type: 'kubernetes_manifest', path: ['manifest', 'kind'], why: 'a manifest moved or imported into an ignored address holds data or not by its kind (policy/moved-into-ignored.ts, catalog/kubernetes-manifest-kinds.ts)' },
  { type: ROLE_TRUST.type, path: [ROLE_TRUST.name], why: 'an attachment names the role it is on by this name (rules/grant-subject.ts trustedRoles)' },
  { type: ROLE_TRUST.type, path: [ROLE_TRUST.trust], why: 'who may assume a role an admin grant is attached to is bound into its approval the same whether the plan updates the role or leaves it as it is (rules/grant-subject.ts)' },
  // One PR adding 11.0.0.0/8, the next 12.0.0.0/8: each stays below the breadth alone, not with the rules already there.
  ...INGRESS_SHAPES.flatMap((shape) =>
    [...new Set([...ingressAttributes(shape), ...grantSubjectAttributes(shape.type)])].map((attribute) => ({
      type: shape.type,
      path: [attribute],
      why: 'the ingress rules a group already has, and what they open (a firewall\'s network and targets), are combined with those the plan adds (rules/network.ts)',
    })),
  ),
];

const BY_TYPE = new Map<string, AttributePath[]>();
for (const row of UNCHANGED_KEPT) BY_TYPE.set(row.type, [...(BY_TYPE.get(row.type) ?? []), row.path]);

/** The paths kept of an unchanged object of `type` (none for most types). */
export function unchangedKeptPaths(type: string): readonly AttributePath[] {
  return BY_TYPE.get(type) ?? [];
}
