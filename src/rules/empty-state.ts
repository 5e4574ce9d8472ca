/**
 * empty-prior-state: Terraform sees no existing resource, yet the plan creates some. Either this is
 * a new configuration, or the state was lost (wrong backend, workspace or key), and then every
 * resource is about to be duplicated. Evidence that the configuration existed before raises it.
 */
import { ENVIRONMENT_TAG_KEYS, NAME_ATTRIBUTES, NAME_TAG_KEYS, NOT_PRODUCTION_QUALIFIERS, PRODUCTION_WORDS, TAG_ATTRIBUTES } from '../catalog/production-names.js';
import type { ResourceChange, SecretValues } from '../plan/model.js';
import { displayValue, isMarkedAt, SENSITIVE_PLACEHOLDER, valueAt } from '../plan/values.js';
import { planFinding, type Finding, type Rule, type RuleContext, type Severity } from './types.js';
import { formatCount } from '../numbers.js';

/** How many resources with production-looking names a finding lists before saying "and N more". */
const LISTED_EVIDENCE = 10;

const PRODUCTION = new Set(PRODUCTION_WORDS);
const NOT_PRODUCTION = new Set(NOT_PRODUCTION_QUALIFIERS);
/** Tag keys whose value is evidence when it holds a production word. */
const EVIDENCE_TAG_KEYS = new Set([...ENVIRONMENT_TAG_KEYS, ...NAME_TAG_KEYS].map((key) => key.toLowerCase()));

/**
 * Whether the text holds `prod`, `production` or `prd` as a whole word (split on
 * non-alphanumerics), not qualified as another environment (`pre-prod`, `non-prod`).
 */
export function hasProductionWord(text: string): boolean {
  const words = text.toLowerCase().split(/[^a-z0-9]+/);
  return words.some((word, index) => PRODUCTION.has(word) && !NOT_PRODUCTION.has(words[index - 1] ?? ''));
}

/**
 * Production-looking evidence in one created resource, as text safe to print: the address, then
 * the names and tags that look like production, e.g. `aws_s3_bucket.assets (bucket "acme-prod-assets")`.
 * Null when nothing looks like production.
 */
export function productionEvidence(change: ResourceChange, secrets: SecretValues): string | null {
  const values: string[] = [];
  for (const name of NAME_ATTRIBUTES) {
    const value = readPlain(change, [name]);
    if (typeof value === 'string' && hasProductionWord(value)) values.push(named(name, displayValue(change, 'after', [name], secrets)));
  }
  // `tags_all` repeats `tags` plus the provider's default tags: a key is reported once.
  const seenTagKeys = new Set<string>();
  for (const tagAttribute of TAG_ATTRIBUTES) {
    const tags = readPlain(change, [tagAttribute]);
    if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) continue;
    for (const [key, value] of Object.entries(tags as Record<string, unknown>)) {
      if (!EVIDENCE_TAG_KEYS.has(key.toLowerCase()) || typeof value !== 'string' || !hasProductionWord(value)) continue;
      if (isMarkedAt(change.afterSensitive, [tagAttribute, key]) || seenTagKeys.has(key)) continue;
      seenTagKeys.add(key);
      values.push(named(`${tagAttribute}.${key}`, displayValue(change, 'after', [tagAttribute, key], secrets)));
    }
  }
  if (values.length === 0) return hasProductionWord(change.address) ? change.address : null;
  return `${change.address} (${values.join(', ')})`;
}

/** `bucket "acme-prod-assets"`; just the name when the value holds a variable value and may not be shown. */
function named(name: string, shown: string): string {
  return shown === SENSITIVE_PLACEHOLDER ? name : `${name} ${shown}`;
}

/**
 * A value from `after` that may be used as evidence: never a sensitive one (nothing is derived
 * from a sensitive value, not even a yes/no).
 */
function readPlain(change: ResourceChange, path: readonly string[]): unknown {
  if (isMarkedAt(change.afterSensitive, path)) return undefined;
  return valueAt(change.after, path);
}

/**
 * critical: evidence the configuration existed (its `.tf` files predate the PR); high: no
 * evidence either way, or production names in a configuration the PR adds; medium: the PR adds
 * the configuration and nothing looks like production (a genuinely new configuration).
 * Production names alone never make it critical: a brand-new production stack has them too.
 */
function severityFor(configurationChange: RuleContext['configurationChange'], productionNames: boolean): Severity {
  if (configurationChange === 'modified') return 'critical';
  if (configurationChange === 'added') return productionNames ? 'high' : 'medium';
  return 'high';
}

export const emptyPriorState: Rule = {
  id: 'empty-prior-state',
  defaultSeverity: 'high',
  summary: 'The prior state holds no managed resource while the plan creates some: a lost or missing backend would duplicate everything.',
  evaluate(plan, context): Finding[] {
    // Outputs in the state mean the backend found this configuration's state: it is not lost.
    if (plan.priorManagedResourceCount !== 0 || plan.priorOutputCount > 0) return [];
    const created = plan.changes.filter((change) => change.mode === 'managed' && change.action === 'create');
    if (created.length === 0) return [];

    const evidence = created.map((change) => productionEvidence(change, plan.secrets)).filter((text) => text !== null);
    const severity = severityFor(context.configurationChange, evidence.length > 0);
    const details = [`Resources to create: ${formatCount(created.length)}; resources in the prior state: 0.`];
    if (context.configurationChange === 'modified') details.push('The .tf files of this configuration existed before this change, so an empty state is not expected.');
    if (context.configurationChange === 'added') details.push('The pull request adds the .tf files of this configuration.');
    if (evidence.length > 0) {
      const listed = evidence.slice(0, LISTED_EVIDENCE);
      const more = evidence.length > LISTED_EVIDENCE ? `, and ${evidence.length - LISTED_EVIDENCE} more` : '';
      details.push(`Production-looking names in ${formatCount(evidence.length)} of the ${formatCount(created.length)} resources: ${listed.join('; ')}${more}.`);
    }
    return [
      planFinding({ id: this.id, defaultSeverity: this.defaultSeverity }, {
        severity,
        message:
          `Terraform sees no existing resources in the state, so it will create ${created.length === 1 ? 'the 1 resource' : `all ${formatCount(created.length)} resources`} of this plan as new. ` +
          'If these resources already exist, this is a lost or wrong state: the apply creates duplicates (or fails on name clashes), ' +
          'and a later apply or destroy against the real state can delete production.',
        details,
        remediation:
          'Check the backend block (bucket/key/workspace), run `terraform init` against the backend and workspace where this configuration\'s state lives, and plan again.',
      }),
    ];
  },
};
