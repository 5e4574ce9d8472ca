/**
 * Who receives a grant and what it opens, as evidence (catalog/grant-subjects.ts): bound into
 * the evidence and keys of IAM and ingress findings, so that the same grant given to someone
 * else, or opened on something else, is a new approval (decision/fingerprint.ts).
 *
 * A subject known only after apply (`role = aws_iam_role.x.name` of a role the plan creates) is
 * bound by where the configuration takes it from (plan/configuration.ts SubjectSources): the same
 * rule pointed at another security group refers to another resource. Where the plan does not
 * show the source, the evidence fails closed: it never equals that of another analysis.
 */
import { randomUUID } from 'node:crypto';
import { grantSubjectAttributes, grantSubjectPolicyDocuments, ROLE_NAMING_ATTRIBUTES, ROLE_TRUST } from '../catalog/grant-subjects.js';
import { configAddress } from '../plan/configuration.js';
import type { Plan, ResourceChange, SecretValues } from '../plan/model.js';
import { isMarkedAt, valueAt } from '../plan/values.js';
import type { Side } from './added-by-plan.js';
import { attributeEvidence, canonicalEvidence, concealSecrets, evidenceSet, hiddenValue, type Evidence } from './evidence.js';
import { parsePolicyReadings, statementEvidence } from './iam/policy-document.js';

/**
 * Stands for a subject whose source the plan does not show. Drawn once per process: equal within
 * one analysis (both loaders, both sides of an update), never equal to an earlier analysis's, so
 * no approval given before this run covers it.
 */
const UNBOUND = `unbound:${randomUUID()}`;

/**
 * `{attribute: evidence}` for each attribute the catalog names for the type (lists as sets), and
 * for attributes naming IAM roles, the roles found in the plan and their trust policies
 * (`assumedThrough`); null for a type that carries its grant on itself.
 */
export function grantSubjectEvidence(change: ResourceChange, side: Side, plan: Plan): Evidence {
  const attributes = grantSubjectAttributes(change.type);
  if (attributes.length === 0) return null;
  const documents = grantSubjectPolicyDocuments(change.type);
  const evidence: Record<string, Evidence> = {};
  for (const attribute of attributes) {
    const value = subjectAttributeEvidence(change, side, attribute, documents.has(attribute), plan);
    evidence[attribute] = Array.isArray(value) ? evidenceSet(value) : value;
  }
  const roles = trustedRoles(change, side, plan);
  if (roles !== null) evidence['assumedThrough'] = roles;
  return evidence;
}

function subjectAttributeEvidence(change: ResourceChange, side: Side, attribute: string, policyDocument: boolean, plan: Plan): Evidence {
  if (isUnknown(change, side, attribute)) return unknownSubject(change, attribute, plan);
  const known = policyDocument ? policyDocumentEvidence(change, side, attribute, plan.secrets) : attributeEvidence(change, side, [attribute], plan.secrets);
  // A list with members known only after apply (`users = ["breakglass", aws_iam_user.new.name]`): those members by their sources.
  if (side === 'after' && holdsUnknown(valueAt(change.afterUnknown, [attribute]))) return { known: Array.isArray(known) ? evidenceSet(known) : known, ...unknownSubject(change, attribute, plan) };
  return known;
}

/**
 * For the reviewer: where each grant subject known only after apply comes from (" Its role is
 * known only after apply: aws_iam_role.breakglass."), or that the plan does not say, so that an
 * approval covers this analysis only (unknownSubject). Empty when the subjects are known, or left
 * to the provider (an unset `vpc_id`: the default VPC).
 */
export function unknownSubjectSentence(change: ResourceChange): string {
  let sentence = '';
  // An unknown policy document (a trust policy) is a finding of its own (iam-unverifiable).
  const documents = grantSubjectPolicyDocuments(change.type);
  for (const attribute of grantSubjectAttributes(change.type)) {
    if (documents.has(attribute) || !holdsUnknown(valueAt(change.afterUnknown, [attribute]))) continue;
    const source = unknownSubject(change, attribute, null).source;
    if (source === 'not configured') continue;
    const objects = Array.isArray(source) ? namedObjects(source as readonly string[]) : [];
    sentence +=
      objects.length > 0
        ? ` Its ${attribute} is known only after apply: ${objects.join(', ')}.`
        : ` Its ${attribute} is known only after apply and the plan does not say what it refers to, so an approval covers this analysis only.`;
  }
  return sentence;
}

/** The objects sources name, each once (`aws_security_group.bastion` for it and its `.id`); a root variable by its name alone. */
function namedObjects(sources: readonly string[]): string[] {
  // A block's `for_each` (its value's digest) is what picks, not an object.
  const picked = sources.filter((source) => !/^(?:module\.[^.]+\.)*for_each \(value sha256:/.test(source));
  const names = picked.map((source) => source.replace(/ \(value sha256:[0-9a-f]+\)$/, '')).filter((name) => !/^(?:module\.[^.]+\.)*(?:each|count|self|path|terraform)\./.test(name));
  return [...new Set(names.filter((name) => !names.some((other) => other !== name && (name.startsWith(`${other}.`) || name.startsWith(`${other}[`)))))];
}

function holdsUnknown(mask: unknown): boolean {
  if (mask === true) return true;
  if (mask === null || typeof mask !== 'object') return false;
  return Object.values(mask as Record<string, unknown>).some(holdsUnknown);
}

function isUnknown(change: ResourceChange, side: Side, attribute: string): boolean {
  if (side !== 'after') return false;
  const value = valueAt(change.after, [attribute]);
  return (value === undefined || value === null) && isMarkedAt(change.afterUnknown, [attribute]);
}

/**
 * A subject known only after apply: what the configuration takes it from; the provider's choice
 * when the configuration does not set it (a default VPC, a generated name); UNBOUND when the plan
 * does not say (no configuration section, a local value, an expression without references).
 * A source that is a data source the plan reads during apply (`role =
 * data.aws_iam_role.target.name`, read late for a pending dependency) is bound with what it looks
 * up (dataReads); `plan` null leaves that out (the message names the sources only).
 */
function unknownSubject(change: ResourceChange, attribute: string, plan: Plan | null): { unknown: true; source: Evidence; reads?: Evidence } {
  if (change.subjectSources === null || change.configuredArguments === null) return { unknown: true, source: UNBOUND };
  if (!change.configuredArguments.has(attribute)) return { unknown: true, source: 'not configured' };
  const sources = change.subjectSources.get(attribute);
  if (!sources) return { unknown: true, source: UNBOUND };
  const reads = plan === null ? [] : dataReads(sources, plan);
  if (reads === null) return { unknown: true, source: UNBOUND };
  return { unknown: true, source: [...sources], ...(reads.length > 0 ? { reads: evidenceSet(reads) } : {}) };
}

/** `module.a.data.aws_iam_role.t` of a source `module.a.data.aws_iam_role.t.name` (instance keys already taken out). */
const DATA_BLOCK = /^((?:module\.[^.]+\.)*data\.[^.]+\.[^.]+)/;

/**
 * Each data source among `sources` that the plan reads during apply, as its address and its
 * query: the arguments known at plan time (`name = "acme-breakglass"`), sensitive or variable
 * values as hashes. The looked-up object itself is known only after apply; what it is follows
 * from the query. Null (fail closed) when an argument the configuration sets is itself unknown:
 * what the data source looks up then is not in the plan.
 */
function dataReads(sources: readonly string[], plan: Plan): Evidence[] | null {
  const reads: Evidence[] = [];
  const index = dataReadIndex(plan);
  for (const source of sources) {
    const block = DATA_BLOCK.exec(configAddress(source))?.[1];
    for (const read of block === undefined ? [] : (index.get(block) ?? [])) {
      if (read.configuredArguments === null || [...read.configuredArguments].some((argument) => isMarkedAt(read.afterUnknown, [argument]))) return null;
      reads.push({ read: read.address, query: attributeEvidence({ ...read, after: read.unchangedValues }, 'after', [], plan.secrets) });
    }
  }
  return reads;
}

const dataReadIndexes = new WeakMap<Plan, Map<string, ResourceChange[]>>();

/** The plan's reads (during apply) of the data source block `block` (`data.aws_iam_policy_document.ci`, module-qualified). */
export function dataReadsOf(plan: Plan, block: string): readonly ResourceChange[] {
  return dataReadIndex(plan).get(block) ?? [];
}

/** The plan's data source reads by configuration block, built once per plan. */
function dataReadIndex(plan: Plan): Map<string, ResourceChange[]> {
  let index = dataReadIndexes.get(plan);
  if (!index) {
    index = new Map();
    for (const change of plan.changes) {
      if (change.mode !== 'data' || change.action !== 'read') continue;
      const block = configAddress(change.address);
      index.set(block, [...(index.get(block) ?? []), change]);
    }
    dataReadIndexes.set(plan, index);
  }
  return index;
}

/**
 * A policy document as its canonical statements (order, Sids and layout left out); as it is when
 * it does not parse. A text that repeats a key and means two things: both readings, tagged and in
 * order (last winning, then first winning), which no plain document's evidence equals (audit 36 F4:
 * their union equalled a document holding both statements, so an approval of "X repeated as Y",
 * where the provider applies Y, carried over to a push trusting X and Y).
 */
function policyDocumentEvidence(change: ResourceChange, side: Side, attribute: string, secrets: SecretValues): Evidence {
  const value = valueAt(side === 'before' ? change.before : change.after, [attribute]);
  const readings = parsePolicyReadings(value);
  if (!readings.every((parsed) => parsed.ok)) return attributeEvidence(change, side, [attribute], secrets);
  const each = readings.map((parsed) => evidenceSet(parsed.ok ? parsed.document.statements.map(statementEvidence) : []));
  const distinct = new Set(each.map(canonicalEvidence));
  const statements: Evidence = distinct.size === 1 ? each[0]! : { readings: each };
  const mask = side === 'before' ? change.beforeSensitive : change.afterSensitive;
  return isMarkedAt(mask, [attribute]) ? hiddenValue(statements) : concealSecrets(statements, secrets);
}

/** The roles of the plan the change's role-naming attributes name, each with its trust policy; null for other types. */
function trustedRoles(change: ResourceChange, side: Side, plan: Plan): Evidence {
  const attributes = ROLE_NAMING_ATTRIBUTES.filter((row) => row.type === change.type).map((row) => row.attribute);
  if (attributes.length === 0) return null;
  const index = roleIndex(plan);
  const roles = new Set<ResourceChange>();
  for (const attribute of attributes) {
    if (isUnknown(change, side, attribute)) {
      const sources = change.subjectSources?.get(attribute) ?? [];
      for (const source of sources) for (const role of index.byConfigAddress.get(configAddress(source)) ?? []) roles.add(role);
      // `aws_iam_role.x.name` names the block `aws_iam_role.x`.
      for (const source of sources) for (const role of index.byConfigAddress.get(configAddress(source).replace(/\.[^.]+$/, '')) ?? []) roles.add(role);
      continue;
    }
    const value = valueAt(side === 'before' ? change.before : change.after, [attribute]);
    const names = Array.isArray(value) ? value : [value];
    for (const name of names) if (typeof name === 'string') for (const role of index.byName[side].get(name) ?? []) roles.add(role);
  }
  return evidenceSet([...roles].map((role) => ({ role: role.address, trust: roleTrustEvidence(role, side, plan) })));
}

/**
 * Who may assume the role: its trust policy's canonical statements, read the same whether the
 * plan updates the role (a tag edit) or leaves it as it is (its unchangedValues), so that the
 * approval of its grants survives an edit that leaves the trust alone. Without any values (a
 * plan whose role carries none), the role's action stands for them.
 */
function roleTrustEvidence(role: ResourceChange, side: Side, plan: Plan): Evidence {
  const values = roleValues(role, side);
  if (values === null || values === undefined) return { action: role.action };
  return subjectAttributeEvidence({ ...role, before: values, after: values }, side, ROLE_TRUST.trust, true, plan);
}

/** A role's values on one side; of a role the plan leaves as it is, those the model keeps of it (catalog/unchanged-kept.ts). */
function roleValues(role: ResourceChange, side: Side): unknown {
  return (side === 'before' ? role.before : role.after) ?? role.unchangedValues;
}

interface RoleIndex {
  byName: Record<Side, Map<string, ResourceChange[]>>;
  byConfigAddress: Map<string, ResourceChange[]>;
}

const roleIndexes = new WeakMap<Plan, RoleIndex>();

/** The plan's roles by name on each side and by configuration block, built once per plan. */
function roleIndex(plan: Plan): RoleIndex {
  let index = roleIndexes.get(plan);
  if (!index) {
    index = { byName: { before: new Map(), after: new Map() }, byConfigAddress: new Map() };
    const add = <K>(map: Map<K, ResourceChange[]>, key: K, role: ResourceChange) => map.set(key, [...(map.get(key) ?? []), role]);
    for (const change of plan.changes) {
      if (change.type !== ROLE_TRUST.type || change.mode !== 'managed' || change.deposedKey !== null) continue;
      add(index.byConfigAddress, configAddress(change.address), change);
      for (const side of ['before', 'after'] as const) {
        const name = valueAt(roleValues(change, side), [ROLE_TRUST.name]);
        if (typeof name === 'string') add(index.byName[side], name, change);
      }
    }
    roleIndexes.set(plan, index);
  }
  return index;
}
