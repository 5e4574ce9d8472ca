/**
 * What the rules find in the 316 real-world plans of ../shared/corpus, pinned. Each number was
 * reviewed finding by finding when it was set; a change to it must be explained in the commit
 * that makes it (a new rule, a fixed false positive, a catalog row).
 *
 * Why the numbers are what they are:
 * - empty-prior-state: most corpus plans are test fixtures planned from an empty state, so 223
 *   plans create resources with no prior state, all high: with no pull request around them there
 *   is no evidence the configuration existed, and production-looking names alone
 *   (`production_logs`, an `Environment = production` tag, `demo-prod-AppOne`, once 4 criticals)
 *   no longer raise it. 13 of them carry outputs in `prior_state`, yet every such output is
 *   `create` in `output_changes`: the plan evaluated them into the refreshed prior state, they were
 *   not stored, so they are not evidence of an existing state (only an output change from a stored
 *   value is). tf-summarize's example (224th until then) is no longer reported: its prior state
 *   lists no resource, yet it keeps `github_branch.demo` as a no-op, so the state is not empty.
 * - stateful-delete: the corpus deletes few stateful types; the one is an
 *   aws_secretsmanager_secret (checkov's plan_with_pure_deleted_resources).
 * - deletion-protection-missing / backup-weakened: checkov and terraform-compliance fixtures that
 *   create RDS, Neptune, Spanner, S3 (force_destroy = true) and others without their guards, or
 *   with skip_final_snapshot / zero retention. One of the 11 backup-weakened findings is an
 *   aws_db_instance whose plan shows backup_retention_period as known only after apply while its
 *   configuration leaves it out (terraform-compliance test_issue_401): the provider then creates
 *   it with retention 0, backups off.
 * - iam-admin-policy: terraform-validator's roles/owner and roles/editor grants on projects,
 *   folders and organizations. iam-public-principal: allAuthenticatedUsers bindings, a `{"AWS":"*"}`
 *   Elasticsearch policy and two bucket policies; since public settings are read (issue #11), also
 *   five public S3 ACLs (high: checkov's `aws_s3_bucket.data` acl "public-read" in four plans and
 *   its nested module's acl "public-read-write" beside a public access block switched off) and two
 *   public access blocks switched off (medium: that module's, and terraform-compliance's
 *   test_resource_ref_in_module_fails block_public_policy = false); and checkov's
 *   GithubActionsOIDCTrustPolicy roles r6["p1"] and r6["p2"], whose trust policies come from an
 *   aws_iam_policy_document read during apply: the statements the plan shows of it trust the
 *   Federated principal cognito-identity.amazonaws.com with conditions on accounts.google.com only,
 *   no Cognito `aud` (since audit5 I6). iam-unverifiable: policies unknown until apply
 *   (four assume_role_policy of checkov's module.poc roles, one google_bigquery_dataset_iam_policy).
 *   The 42 Computed policy arguments unknown on new resources (bucket, KMS key, queue, topic,
 *   secret and Elasticsearch policies, role inline_policy lists) are rightly not among them: the
 *   configuration of 40 does not set them, and 2 are in a plan without a configuration section.
 * - iam-policy-removed: terraform-validator's tf12plan_delete_iam_policy destroys a
 *   google_project_iam_policy and a google_folder_iam_policy: every binding on the project and the
 *   folder goes, two true criticals the rule was added for (issue #11).
 * - network-open-ingress: security groups and firewalls open to 0.0.0.0/0: high for SSH, RDP,
 *   database ports or all ports, low for 80/443 only, medium for other ports.
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../src/analyze.js';
import { loadPlanFile } from '../src/plan/load.js';
import { DEFAULT_POLICY } from '../src/policy/config.js';
import { CORPUS, corpusFiles, corpusPresent } from './support/corpus.js';


const PINNED_FINDINGS: Record<string, number> = {
  'backup-weakened/medium': 11,
  'deletion-protection-missing/medium': 48,
  'empty-prior-state/high': 223,
  'iam-admin-policy/high': 22,
  'iam-policy-removed/critical': 2,
  'iam-public-principal/high': 19,
  'iam-public-principal/medium': 2,
  'iam-unverifiable/info': 5,
  'iam-wildcard-action/high': 9,
  'iam-wildcard-resource/medium': 1,
  'network-open-ingress/high': 17,
  'network-open-ingress/low': 8,
  'network-open-ingress/medium': 3,
  'resource-forget/info': 1,
  'stateful-delete/critical': 1,
};

const PINNED_PLANS_PER_RULE: Record<string, number> = {
  'backup-weakened': 7,
  'deletion-protection-missing': 18,
  'empty-prior-state': 223,
  'iam-admin-policy': 13,
  'iam-policy-removed': 1,
  'iam-public-principal': 14,
  'iam-unverifiable': 2,
  'iam-wildcard-action': 5,
  'iam-wildcard-resource': 1,
  'network-open-ingress': 15,
  'resource-forget': 1,
  'stateful-delete': 1,
};

describe.skipIf(!corpusPresent)('rule counts over the shared corpus', () => {
  const findings: Record<string, number> = {};
  const plansPerRule: Record<string, number> = {};
  const files = corpusFiles();
  for (const file of files) {
    const { report } = analyzePlans([loadPlanFile(`${CORPUS}/${file}`, file)], DEFAULT_POLICY);
    const rules = new Set<string>();
    for (const finding of report.plans[0]!.findings) {
      const key = `${finding.ruleId}/${finding.severity}`;
      findings[key] = (findings[key] ?? 0) + 1;
      rules.add(finding.ruleId);
    }
    for (const rule of rules) plansPerRule[rule] = (plansPerRule[rule] ?? 0) + 1;
  }

  it('reads all 316 plans', () => {
    expect(files).toHaveLength(316);
  });

  it('finds exactly the pinned number of findings per rule and severity', () => {
    expect(sorted(findings)).toEqual(sorted(PINNED_FINDINGS));
  });

  it('finds them in exactly the pinned number of plans per rule', () => {
    expect(sorted(plansPerRule)).toEqual(sorted(PINNED_PLANS_PER_RULE));
  });
});

function sorted(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
