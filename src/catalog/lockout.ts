/**
 * Changes that lock people or data out at once, without deleting a database: removing an
 * authoritative IAM policy, and switching off an encryption key. One row per fact, citing the
 * provider page that says so (keys as in rule-catalog.md §0; GCd pages are the `google_*_iam` ones).
 */
import type { AttributePath } from '../plan/model.js';
import type { Severity } from '../rules/types.js';

export interface AuthoritativePolicyRow {
  /** A resource type that owns the whole IAM policy of its target. */
  type: string;
  /** What its destroy takes away, completing "Destroying it removes …". */
  removes: string;
  severity: Severity;
  source: string;
}

export const AUTHORITATIVE_POLICIES: readonly AuthoritativePolicyRow[] = [
  { type: 'aws_iam_policy_attachment', removes: 'the policy from every user, role and group in the account that has it, not only those this resource lists (it is an exclusive attachment)', severity: 'high', source: 'AWSd:iam_policy_attachment' },
  { type: 'google_folder_iam_policy', removes: 'every IAM binding on the folder: everyone without access from the organization loses access to the folder and what it holds', severity: 'critical', source: 'GCd:google_folder_iam' },
  { type: 'google_organization_iam_policy', removes: 'every IAM binding on the organization: everyone, administrators included, can be locked out of it', severity: 'critical', source: 'GCd:google_organization_iam' },
  { type: 'google_project_iam_policy', removes: 'every IAM binding on the project: everyone without organization-level access loses access to it', severity: 'critical', source: 'GCd:google_project_iam' },
];

export interface KeySwitchRow {
  type: string;
  /** The attribute that turns the key off. */
  path: AttributePath;
  /** The values meaning "usable". */
  enabledValues: readonly (boolean | string)[];
  /** The values meaning "off" (a change from enabled to one of these is reported). */
  disabledValues: readonly (boolean | string)[];
  source: string;
}

export const KEY_SWITCHES: readonly KeySwitchRow[] = [
  { type: 'aws_kms_key', path: ['is_enabled'], enabledValues: [true], disabledValues: [false], source: 'AWSd:kms_key' },
  { type: 'aws_kms_external_key', path: ['enabled'], enabledValues: [true], disabledValues: [false], source: 'AWSd:kms_external_key' },
  { type: 'aws_kms_replica_key', path: ['enabled'], enabledValues: [true], disabledValues: [false], source: 'AWSd:kms_replica_key' },
  { type: 'google_kms_crypto_key_version', path: ['state'], enabledValues: ['ENABLED'], disabledValues: ['DISABLED', 'DESTROYED', 'DESTROY_SCHEDULED'], source: 'GCd:kms_crypto_key_version' },
];
