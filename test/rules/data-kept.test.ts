/** Destroys whose configuration keeps the data: still reported, at low, saying why (catalog/data-kept.ts). */
import { describe, expect, it } from 'vitest';
import { deleted, findingsOf, replaced, type ChangeSpec } from '../support/plan-factory.js';

const statefulOf = (change: ChangeSpec) => [...findingsOf('stateful-delete', [change]), ...findingsOf('stateful-replace', [change])];

describe('data kept on destroy', () => {
  it('reports a Firestore database with deletion_policy ABANDON at low, saying the documents stay', () => {
    const [finding] = statefulOf(deleted('google_firestore_database', { name: '(default)', deletion_policy: 'ABANDON', type: 'FIRESTORE_NATIVE' }, { name: 'main' }));
    expect(finding).toMatchObject({ ruleId: 'stateful-delete', severity: 'low' });
    expect(finding!.message).toBe('google_firestore_database.main will be destroyed, but the data stays: deletion_policy = "ABANDON" only removes the database from the state; it and its documents stay.');
  });

  it('keeps the critical finding when the Firestore database is deleted for real', () => {
    const [finding] = statefulOf(deleted('google_firestore_database', { name: '(default)', deletion_policy: 'DELETE' }, { name: 'main' }));
    expect(finding).toMatchObject({ severity: 'critical' });
    expect(finding!.message).toContain('Lost: every document');
  });

  it('takes the provider default when the state does not hold the attribute, and says so', () => {
    const [finding] = statefulOf(deleted('google_firestore_database', { name: '(default)', deletion_policy: null }, { name: 'main' }));
    expect(finding).toMatchObject({ severity: 'low' });
    expect(finding!.message).toContain('(deletion_policy is not set; the provider\'s default is "ABANDON")');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['aws_cloudwatch_log_group', { name: '/app/orders', skip_destroy: true, retention_in_days: 30 }, 'skip_destroy = true only removes the log group from the state'],
    ['kubernetes_persistent_volume_v1', { metadata: [{ name: 'orders' }], spec: [{ persistent_volume_reclaim_policy: 'Retain', capacity: { storage: '100Gi' } }] }, 'the reclaim policy is Retain'],
    ['kubernetes_manifest', { manifest: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'orders' }, spec: { persistentVolumeReclaimPolicy: 'Retain' } } }, "the PersistentVolume's reclaim policy is Retain"],
    ['kubernetes_stateful_set_v1', { metadata: [{ name: 'db' }], spec: [{ persistent_volume_claim_retention_policy: [{ when_deleted: 'Retain', when_scaled: 'Retain' }] }] }, 'only the pods go'],
    ['google_secret_manager_secret_version', { secret: 'projects/p/secrets/s', deletion_policy: 'DISABLE' }, 'DISABLE only disables it'],
    ['aws_organizations_account', { name: 'sandbox', email: 'sandbox@acme.example', close_on_deletion: false }, 'only leaves the organization'],
    ['google_project', { project_id: 'acme-prod', deletion_policy: 'PREVENT' }, 'refuse the destroy'],
  ])('reports %s at low when its state keeps the data', (type, before, says) => {
    const [finding] = statefulOf(deleted(type, before));
    expect(finding).toMatchObject({ severity: 'low' });
    expect(finding!.message).toContain(says);
  });

  it.each<[string, Record<string, unknown>]>([
    ['aws_cloudwatch_log_group', { name: '/app/orders', skip_destroy: false }],
    ['kubernetes_persistent_volume_v1', { metadata: [{ name: 'orders' }], spec: [{ persistent_volume_reclaim_policy: 'Delete' }] }],
    ['kubernetes_manifest', { manifest: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'orders' }, spec: { persistentVolumeReclaimPolicy: 'Delete' } } }],
    ['kubernetes_stateful_set_v1', { metadata: [{ name: 'db' }], spec: [{ persistent_volume_claim_retention_policy: [{ when_deleted: 'Delete' }] }] }],
    ['aws_organizations_account', { name: 'sandbox', close_on_deletion: true }],
    ['google_project', { project_id: 'acme-prod', deletion_policy: 'DELETE' }],
  ])('keeps %s critical when its state lets the data go', (type, before) => {
    expect(statefulOf(deleted(type, before)).map((finding) => finding.severity)).toEqual(['critical']);
  });

  it('reads the guard from the state, not the new configuration: a replace whose old object keeps its data is low', () => {
    const before = { name: '/app/orders', skip_destroy: true };
    const [finding] = statefulOf(replaced('aws_cloudwatch_log_group', before, { ...before, name: '/app/orders-v2' }, { replacePaths: [['name']] }));
    expect(finding).toMatchObject({ ruleId: 'stateful-replace', severity: 'low' });
    expect(finding!.message).toContain("The old object's data stays: skip_destroy = true only removes the log group from the state; it and its log events stay; the new one starts empty.");
  });

  it('never judges a sensitive guard', () => {
    expect(statefulOf(deleted('aws_cloudwatch_log_group', { name: 'x', skip_destroy: true }, { beforeSensitive: { skip_destroy: true } })).map((f) => f.severity)).toEqual(['critical']);
  });
});
