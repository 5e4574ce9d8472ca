/**
 * The fingerprint an approval is bound to (contract §3, README "What an approval covers"). Pure.
 *
 * It is the sha256 over the set of the blocking findings' subjects. A finding's subject is what
 * the approver was shown to be at stake, and nothing else:
 * - the plan it is in (only when several plans are analyzed together),
 * - its rule, resource address and action list,
 * - which object at that address: the deposed key when it is a deposed object (the leftover of a
 *   create-before-destroy), so approving that cleanup does not approve deleting the current one,
 * - its evidence (rules/evidence.ts): the canonicalized facts that made it fire: the flagged IAM
 *   statements (actions, resources, principals, conditions), who receives a grant and what it or
 *   an ingress rule opens (the role, users or principal_id; the bucket, project, function or
 *   security group: catalog/grant-subjects.ts), the open ports, protocols and source ranges, the
 *   set of addresses a mass delete destroys, the attributes forcing a replace and their new
 *   values (sensitive ones only as hashes), the guard values switched off or missing, the
 *   content of a changed policy file.
 * Messages, severities, details, the order of findings and of the plan, other findings, unrelated
 * resources, Terraform and provider versions, ids and timestamps are not part of it: a push that
 * changes only those keeps the approval; a push that widens any evidence (`s3:*` to `*`, one
 * port to all, ten deletes to four hundred) does not.
 */
import { createHash } from 'node:crypto';
import { canonicalEvidence } from '../rules/evidence.js';
import type { Finding } from '../rules/types.js';

/** The canonical text of one finding's subject (see above); `plan` is null with a single plan. */
export function findingSubject(finding: Finding, plan: string | null = null): string {
  const evidence = finding.evidence ?? null;
  const evidenceText = canonicalEvidence(evidence);
  return canonicalEvidence({
    plan,
    ruleId: finding.ruleId,
    address: finding.address,
    actions: finding.actions,
    // Evidence past this length enters as its sha256: an IAM finding holds its statement once per
    // issue (up to 64), and a statement may name thousands of resources. Evidence of any real plan
    // is far shorter, and bound as it always was.
    evidence: evidenceText.length > SUBJECT_EVIDENCE_MAX_LENGTH ? { evidenceSha256: sha256(`tf-plan-guard:evidence\u0000${evidenceText}`) } : evidence,
    // Only when set, so that the subjects of current objects are what they always were.
    ...(finding.deposedKey ? { deposed: finding.deposedKey } : {}),
  });
}

/**
 * A short digest of one finding's subject, kept in the comment's hidden state so that the next
 * analysis can say which findings changed since an approval. Public like the fingerprint.
 */
export function subjectDigest(finding: Finding, plan: string | null = null): string {
  return sha256(findingSubject(finding, plan)).slice(0, 16);
}

/**
 * The fingerprint of a report: sha256 over the sorted, de-duplicated subjects of its blocking
 * findings. `planOf` names each finding's plan when several plans are analyzed together, so that
 * approving a delete in one plan does not also approve the same address deleted in another.
 */
export function fingerprint(blockingFindings: readonly Finding[], planOf: (finding: Finding) => string | null = () => null): string {
  const subjects = [...new Set(blockingFindings.map((finding) => findingSubject(finding, planOf(finding))))].sort();
  // The subjects joined by line breaks, hashed as they come rather than joined into one string.
  const hash = createHash('sha256');
  subjects.forEach((subject, index) => hash.update(index === 0 ? subject : `\n${subject}`, 'utf8'));
  return hash.digest('hex');
}

/** The longest evidence text a subject holds as it is (64 KiB). */
const SUBJECT_EVIDENCE_MAX_LENGTH = 64 * 1024;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
