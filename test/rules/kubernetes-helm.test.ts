/** kubernetes_manifest judged by its manifest's kind; helm_release uninstalls reported as information. */
import { describe, expect, it } from 'vitest';
import { analyzeJson, deleted, planJson, replaced, type ChangeSpec } from '../support/plan-factory.js';

/** A kubernetes_manifest's values as the provider writes them: the manifest and the object read back. */
function manifestValues(kind: string, extra: Record<string, unknown> = {}) {
  const manifest = { apiVersion: 'v1', kind, metadata: { name: 'orders', namespace: 'shop' }, ...extra };
  return { manifest, object: manifest, computed_fields: null, field_manager: [], timeouts: null, wait: [], wait_for: null };
}

const manifest = (kind: string, extra: Record<string, unknown> = {}): ChangeSpec =>
  deleted('kubernetes_manifest', manifestValues(kind, extra), { name: kind.toLowerCase(), actionReason: 'delete_because_no_resource_config' });

const stateful = (changes: ChangeSpec[]) => analyzeJson(planJson(changes)).filter((finding) => finding.ruleId === 'stateful-delete' || finding.ruleId === 'stateful-replace');

describe('kubernetes_manifest', () => {
  it.each([
    ['PersistentVolumeClaim', 'reclaim policy is Delete'],
    ['PersistentVolume', 'spec.persistentVolumeReclaimPolicy'],
    ['Namespace', 'every object in the namespace'],
    ['StatefulSet', 'volumeClaimTemplates'],
    ['Secret', 'the secret data'],
    ['CustomResourceDefinition', 'every custom resource of this kind'],
  ])('a deleted %s is stateful-delete, saying what is lost', (kind, loses) => {
    const findings = stateful([manifest(kind)]);
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.address])).toEqual([['stateful-delete', 'critical', `kubernetes_manifest.${kind.toLowerCase()}`]]);
    expect(findings[0]!.message).toContain(loses);
  });

  it.each(['ConfigMap', 'Deployment', 'Service', 'Ingress'])('a deleted %s is not', (kind) => {
    expect(stateful([manifest(kind)])).toEqual([]);
  });

  it('judges a replacement by the kind being destroyed', () => {
    const before = manifestValues('PersistentVolumeClaim');
    const findings = stateful([replaced('kubernetes_manifest', before, { ...before, manifest: { ...before.manifest, metadata: { name: 'orders-2' } } }, { replacePaths: [['manifest', 'metadata', 'name']] })]);
    expect(findings.map((finding) => finding.ruleId)).toEqual(['stateful-replace']);
  });
});

describe('helm_release', () => {
  const release = { name: 'postgres', chart: 'postgresql', namespace: 'data', version: '15.5.0' };

  it('reports an uninstall as information, saying what Helm deletes and what it keeps', () => {
    const findings = analyzeJson(planJson([deleted('helm_release', release, { name: 'db' })])).filter((finding) => finding.ruleId === 'helm-release-uninstall');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'info', address: 'helm_release.db', actions: ['delete'] });
    expect(findings[0]!.message).toBe(
      "helm_release.db will be uninstalled: Helm deletes every Kubernetes object the chart created (Secrets, ConfigMaps and PersistentVolumeClaims the chart itself declares among them), except those annotated helm.sh/resource-policy: keep; claims made from a StatefulSet's volumeClaimTemplates are not part of the release and stay.",
    );
  });

  it('reports a replacement as an uninstall and install', () => {
    const [finding] = analyzeJson(planJson([replaced('helm_release', release, { ...release, namespace: 'db' }, { name: 'db', replacePaths: [['namespace']] })])).filter((f) => f.ruleId === 'helm-release-uninstall');
    expect(finding!.message.startsWith('helm_release.db will be uninstalled and installed again:')).toBe(true);
  });

  it('says nothing of an upgrade in place', () => {
    expect(analyzeJson(planJson([{ type: 'helm_release', name: 'db', actions: ['update'], before: release, after: { ...release, version: '15.6.0' } }])).filter((f) => f.ruleId === 'helm-release-uninstall')).toEqual([]);
  });
});
