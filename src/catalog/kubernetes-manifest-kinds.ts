/**
 * `kubernetes_manifest` holds any Kubernetes object: what its destroy loses depends on the
 * manifest's `kind`. One row per kind (core API kinds and CustomResourceDefinition), citing the
 * Kubernetes documentation of what deleting one does.
 */
export interface ManifestKindRow {
  kind: string;
  /** What is lost when the object is deleted, as in the stateful catalog. */
  loses: string;
  source: string;
}

const K8S_DOCS = 'https://kubernetes.io/docs/';

export const STATEFUL_MANIFEST_KINDS: readonly ManifestKindRow[] = [
  { kind: 'CustomResourceDefinition', loses: 'every custom resource of this kind, in every namespace: Kubernetes deletes them with their definition', source: `${K8S_DOCS}tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#delete-a-customresourcedefinition` },
  { kind: 'Namespace', loses: 'every object in the namespace (Kubernetes deletes its contents with it)', source: `${K8S_DOCS}concepts/overview/working-with-objects/namespaces/` },
  { kind: 'PersistentVolume', loses: 'the backing volume when its reclaim policy (spec.persistentVolumeReclaimPolicy) is Delete', source: `${K8S_DOCS}concepts/storage/persistent-volumes/#reclaiming` },
  { kind: 'PersistentVolumeClaim', loses: "the bound volume when its reclaim policy is Delete (the StorageClass's reclaimPolicy, Delete by default)", source: `${K8S_DOCS}concepts/storage/persistent-volumes/#reclaiming` },
  { kind: 'Secret', loses: 'the secret data', source: `${K8S_DOCS}concepts/configuration/secret/` },
  { kind: 'StatefulSet', loses: 'its pods, and the claims from volumeClaimTemplates when spec.persistentVolumeClaimRetentionPolicy.whenDeleted is Delete (default Retain)', source: `${K8S_DOCS}concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention` },
];

/** The manifest's kind on the side that exists (`before` for a delete), or null. */
export function manifestKind(values: unknown): string | null {
  if (values === null || typeof values !== 'object') return null;
  const manifest = (values as Record<string, unknown>)['manifest'];
  if (manifest === null || typeof manifest !== 'object') return null;
  const kind = (manifest as Record<string, unknown>)['kind'];
  return typeof kind === 'string' ? kind : null;
}
