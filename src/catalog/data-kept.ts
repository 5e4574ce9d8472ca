/**
 * Destroys that keep the data: the provider only forgets the object (or refuses the destroy) when
 * an attribute, read from the state as at delete time, says so. One row per (type, attribute,
 * values) fact, citing the provider page (keys as in rule-catalog.md §0). A destroy these rows
 * cover is still reported, lower, saying why the data stays.
 */
import type { AttributePath } from '../plan/model.js';

export interface DataKeptRow {
  type: string;
  path: AttributePath;
  /** The values that keep the data. */
  keptWhen: readonly (string | boolean)[];
  /** The provider's value when the attribute is omitted (null in the state); null when undocumented. */
  defaultWhenOmitted: string | boolean | null;
  /** Why the data stays, completing "the data stays: …" (no trailing period). */
  why: string;
  source: string;
}

export const DATA_KEPT: readonly DataKeptRow[] = [
  { type: 'aws_cloudwatch_log_group', path: ['skip_destroy'], keptWhen: [true], defaultWhenOmitted: false, why: 'skip_destroy = true only removes the log group from the state; it and its log events stay', source: 'AWSd:cloudwatch_log_group' },
  { type: 'aws_organizations_account', path: ['close_on_deletion'], keptWhen: [false], defaultWhenOmitted: false, why: 'close_on_deletion is false, so the account only leaves the organization; it and everything in it stay', source: 'AWSd:organizations_account' },
  { type: 'google_firestore_database', path: ['deletion_policy'], keptWhen: ['ABANDON'], defaultWhenOmitted: 'ABANDON', why: 'deletion_policy = "ABANDON" only removes the database from the state; it and its documents stay', source: 'GCd:firestore_database' },
  { type: 'google_project', path: ['deletion_policy'], keptWhen: ['PREVENT', 'ABANDON'], defaultWhenOmitted: 'PREVENT', why: 'deletion_policy PREVENT makes the provider refuse the destroy (the apply fails), and ABANDON only removes the project from the state', source: 'GCd:google_project' },
  { type: 'google_secret_manager_secret_version', path: ['deletion_policy'], keptWhen: ['ABANDON', 'DISABLE'], defaultWhenOmitted: 'DELETE', why: 'deletion_policy ABANDON leaves the version as it is, and DISABLE only disables it; its value stays', source: 'GCd:secret_manager_secret_version' },
  { type: 'kubernetes_persistent_volume', path: ['spec', 0, 'persistent_volume_reclaim_policy'], keptWhen: ['Retain'], defaultWhenOmitted: 'Retain', why: 'the reclaim policy is Retain, so Kubernetes keeps the backing volume and its data', source: 'K8S:kubernetes/resource_kubernetes_persistent_volume_v1.go' },
  { type: 'kubernetes_persistent_volume_v1', path: ['spec', 0, 'persistent_volume_reclaim_policy'], keptWhen: ['Retain'], defaultWhenOmitted: 'Retain', why: 'the reclaim policy is Retain, so Kubernetes keeps the backing volume and its data', source: 'K8S:kubernetes/resource_kubernetes_persistent_volume_v1.go' },
  { type: 'kubernetes_manifest', path: ['manifest', 'spec', 'persistentVolumeReclaimPolicy'], keptWhen: ['Retain'], defaultWhenOmitted: null, why: 'the PersistentVolume\'s reclaim policy is Retain, so Kubernetes keeps the backing volume and its data', source: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#retain' },
  { type: 'kubernetes_stateful_set', path: ['spec', 0, 'persistent_volume_claim_retention_policy', 0, 'when_deleted'], keptWhen: ['Retain'], defaultWhenOmitted: 'Retain', why: 'its claims\' retention policy when_deleted is Retain, so the claims from volume_claim_template and their data stay (only the pods go)', source: 'K8S:kubernetes/schema_stateful_set_spec.go' },
  { type: 'kubernetes_stateful_set_v1', path: ['spec', 0, 'persistent_volume_claim_retention_policy', 0, 'when_deleted'], keptWhen: ['Retain'], defaultWhenOmitted: 'Retain', why: 'its claims\' retention policy when_deleted is Retain, so the claims from volume_claim_template and their data stay (only the pods go)', source: 'K8S:kubernetes/schema_stateful_set_spec.go' },
];
