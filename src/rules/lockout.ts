/**
 * Lock-outs: iam-policy-removed (an authoritative IAM policy is destroyed, taking every binding
 * with it) and key-disabled (an encryption key is switched off, so what it encrypts cannot be read).
 * Which types and attributes is data (catalog/lockout.ts).
 */
import { AUTHORITATIVE_POLICIES, KEY_SWITCHES } from '../catalog/lockout.js';
import { isDestroying } from '../plan/model.js';
import { displayTransition, formatPath, isMarkedAt, valueAt } from '../plan/values.js';
import { resourceFinding, type Rule } from './types.js';

const POLICIES = new Map(AUTHORITATIVE_POLICIES.map((row) => [row.type, row]));
const KEYS = new Map(KEY_SWITCHES.map((row) => [row.type, row]));

export const iamPolicyRemoved: Rule = {
  id: 'iam-policy-removed',
  defaultSeverity: 'critical',
  summary: 'An authoritative IAM policy (google_project_iam_policy, folder, organization; an exclusive AWS policy attachment) is destroyed: every binding it holds goes with it.',
  evaluate(plan) {
    return plan.changes.flatMap((change) => {
      const row = POLICIES.get(change.type);
      if (change.mode !== 'managed' || !row || !isDestroying(change)) return [];
      const replacing = change.action === 'replace';
      return [
        resourceFinding(this, change, {
          severity: row.severity,
          message:
            `${change.address} will be ${replacing ? 'replaced: while the old one is destroyed, the target has no policy' : 'destroyed'}. Destroying it removes ${row.removes}.`,
          details: [`Provider documentation: ${row.source}`],
          remediation: replacing
            ? 'Find what forces the replacement and revert it; an authoritative policy should be changed in place.'
            : 'Keep the resource, or replace it by non-authoritative grants (…_iam_member / …_iam_binding) applied before this one is removed; use a `removed` block with lifecycle { destroy = false } to stop managing it without clearing the policy.',
        }),
      ];
    });
  },
};

export const keyDisabled: Rule = {
  id: 'key-disabled',
  defaultSeverity: 'critical',
  summary: 'An encryption key is switched off (AWS KMS is_enabled/enabled true → false, a Cloud KMS key version leaving ENABLED): everything it encrypts becomes unreadable at once.',
  evaluate(plan) {
    return plan.changes.flatMap((change) => {
      const row = KEYS.get(change.type);
      if (change.mode !== 'managed' || !row || change.action !== 'update') return [];
      if (isMarkedAt(change.beforeSensitive, row.path) || isMarkedAt(change.afterSensitive, row.path)) return [];
      const before = valueAt(change.before, row.path);
      const after = valueAt(change.after, row.path);
      if (!row.enabledValues.includes(before as boolean | string) || !row.disabledValues.includes(after as boolean | string)) return [];
      return [
        resourceFinding(this, change, {
          message: `${change.address} will be switched off (${formatPath(row.path)}: ${displayTransition(change, row.path, plan.secrets)}): every service reading data encrypted with it (volumes, databases, buckets, secrets) fails at once, until the key is enabled again.`,
          details: [`Provider documentation: ${row.source}`],
          remediation: 'Re-encrypt or retire what the key protects first, and switch the key off only once nothing depends on it.',
        }),
      ];
    });
  },
};
