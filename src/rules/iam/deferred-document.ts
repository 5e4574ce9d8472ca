/**
 * A policy rendered by an `aws_iam_policy_document` that Terraform reads during apply (one of its
 * arguments is known only after apply): the policy argument using it is unknown, yet the plan
 * holds the data source's known blocks. Those statements are the grant as far as the plan shows
 * it, written back as a policy document so that the same checks read them. Pure.
 */
import { AWS_POLICY_DOCUMENT_SOURCE } from '../../catalog/iam-policy-attributes.js';
import type { Plan, ResourceChange } from '../../plan/model.js';
import { isMarkedAt } from '../../plan/values.js';
import { dataReadsOf } from '../grant-subject.js';

export interface DeferredDocument {
  /** The data source block (`data.aws_iam_policy_document.ci`). */
  block: string;
  /** Its known statements as a policy document; statements whose actions are unknown are left out. */
  document: { Version: string; Statement: Record<string, unknown>[] };
  /** Whether the plan marks any part of it sensitive: then nothing of it is quoted. */
  sensitive: boolean;
}

const RENDERED = new RegExp(`^((?:module\\.[^.]+\\.)*data\\.${AWS_POLICY_DOCUMENT_SOURCE.type}\\.[^.]+)(?:\\.(?:${AWS_POLICY_DOCUMENT_SOURCE.renders.join('|')}))?$`);

/** The documents read during apply that `attribute` of `change` renders from (its configuration's references). */
export function deferredDocuments(plan: Plan, change: ResourceChange, attribute: string): DeferredDocument[] {
  const sources = change.subjectSources?.get(attribute);
  if (!sources) return [];
  const blocks = new Set(sources.flatMap((source) => RENDERED.exec(source)?.[1] ?? []));
  const documents: DeferredDocument[] = [];
  for (const block of [...blocks].sort()) {
    for (const read of instanceReads(dataReadsOf(plan, block), change)) {
      const statements = read.unchangedValues !== null && typeof read.unchangedValues === 'object' ? (read.unchangedValues as Record<string, unknown>)[AWS_POLICY_DOCUMENT_SOURCE.statements] : undefined;
      if (!Array.isArray(statements)) continue;
      const written = statements.flatMap((statement): Record<string, unknown>[] => {
        const rendered = policyStatement(statement);
        return rendered === null ? [] : [rendered];
      });
      if (written.length === 0) continue;
      documents.push({ block, document: { Version: '2012-10-17', Statement: written }, sensitive: isMarkedAt(read.afterSensitive, []) });
    }
  }
  return documents;
}

/**
 * The reads of the block that render this instance's policy. Which instance of a counted data
 * source an expression picks is not in the plan; the one with the consumer's own key is the
 * everyday `for_each` over one map (`data.aws_iam_policy_document.trust[each.key].json`), and
 * otherwise every instance could be it.
 */
function instanceReads(reads: readonly ResourceChange[], change: ResourceChange): readonly ResourceChange[] {
  const same = change.index === null ? [] : reads.filter((read) => read.index === change.index);
  return same.length > 0 ? same : reads;
}

/** One `statement` block as the policy JSON Terraform renders from it; null when its actions are unknown. */
function policyStatement(block: unknown): Record<string, unknown> | null {
  if (block === null || typeof block !== 'object' || Array.isArray(block)) return null;
  const fields = block as Record<string, unknown>;
  const list = (name: string) => (Array.isArray(fields[name]) ? (fields[name] as unknown[]) : null);
  const actions = list('actions');
  const notActions = list('not_actions');
  if (actions === null && notActions === null) return null;
  const statement: Record<string, unknown> = {};
  if (typeof fields['sid'] === 'string' && fields['sid'] !== '') statement['Sid'] = fields['sid'];
  statement['Effect'] = typeof fields['effect'] === 'string' && fields['effect'] !== '' ? fields['effect'] : 'Allow';
  if (actions !== null) statement['Action'] = actions;
  if (notActions !== null) statement['NotAction'] = notActions;
  const resources = list('resources');
  const notResources = list('not_resources');
  if (resources !== null) statement['Resource'] = resources;
  if (notResources !== null) statement['NotResource'] = notResources;
  const principals = principalMap(list('principals'));
  if (principals !== null) statement['Principal'] = principals;
  const notPrincipals = principalMap(list('not_principals'));
  if (notPrincipals !== null) statement['NotPrincipal'] = notPrincipals;
  const conditions = conditionMap(list('condition'));
  if (conditions !== null) statement['Condition'] = conditions;
  return statement;
}

/** `principals { type = "AWS", identifiers = [...] }` blocks as a Principal; `type = "*"` with `["*"]` is everyone. */
function principalMap(blocks: unknown[] | null): unknown {
  if (blocks === null || blocks.length === 0) return null;
  const principal: Record<string, unknown[]> = {};
  for (const block of blocks) {
    const fields = block !== null && typeof block === 'object' ? (block as Record<string, unknown>) : {};
    const type = fields['type'];
    const identifiers = Array.isArray(fields['identifiers']) ? fields['identifiers'] : [];
    if (type === '*') return '*';
    if (typeof type === 'string') principal[type] = [...(principal[type] ?? []), ...identifiers];
  }
  return principal;
}

/** `condition { test, variable, values }` blocks as a Condition (tests and variables merged). */
function conditionMap(blocks: unknown[] | null): Record<string, Record<string, unknown[]>> | null {
  if (blocks === null || blocks.length === 0) return null;
  const conditions: Record<string, Record<string, unknown[]>> = {};
  for (const block of blocks) {
    const fields = block !== null && typeof block === 'object' ? (block as Record<string, unknown>) : {};
    const test = fields['test'];
    const variable = fields['variable'];
    if (typeof test !== 'string' || typeof variable !== 'string') continue;
    const values = Array.isArray(fields['values']) ? fields['values'] : [];
    conditions[test] = { ...conditions[test], [variable]: [...(conditions[test]?.[variable] ?? []), ...values] };
  }
  return conditions;
}
