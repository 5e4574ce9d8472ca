/**
 * The AWS policy language, parsed into plain statements. Knows the grammar's variations
 * (Statement as object or list; every element as string or list; Effect defaulting to Allow;
 * Principal as "*" or a map) so the checks never look at raw JSON.
 */
import { evidenceSet, type Evidence } from '../evidence.js';
import { readJson } from './duplicate-keys.js';

export type Effect = 'Allow' | 'Deny';

/** `Action`/`NotAction`, `Resource`/`NotResource`: the listed values, and whether they are negated. */
export interface ElementValues {
  negated: boolean;
  values: string[];
}

export interface Principals {
  /** `NotPrincipal`: everyone except the listed ones. */
  negated: boolean;
  /** `"Principal": "*"`. */
  everyone: boolean;
  /** `{"AWS": [...], "Service": ..., ...}`, values as lists. */
  byType: Record<string, string[]>;
}

export interface ConditionClause {
  operator: string;
  key: string;
  values: string[];
}

export interface PolicyStatement {
  /** Position in the document, from 0. */
  index: number;
  sid: string | null;
  effect: Effect;
  actions: ElementValues | null;
  resources: ElementValues | null;
  principals: Principals | null;
  conditions: ConditionClause[];
}

export interface PolicyDocument {
  statements: PolicyStatement[];
}

export type ParsedPolicy = { ok: true; document: PolicyDocument } | { ok: false; problem: string };

/**
 * Parses a policy held as a JSON string (as in plans) or, leniently, as an object. A text that
 * repeats a key (in any object) is read twice, as nothing says which of the two AWS reads: the
 * last occurrence winning (as JSON.parse and the provider's unmarshalling of raw JSON read it,
 * terraform-provider-aws#33093), then the first (terraform-provider-aws#33026: duplicate
 * Condition keys squash into a more permissive policy). One reading for any other policy. The checks report what either reading grants.
 */
export function parsePolicyReadings(input: unknown): ParsedPolicy[] {
  if (typeof input !== 'string') return [parsePolicyJson(input)];
  if (input.trim() === '') return [{ ok: false, problem: 'the policy is an empty string' }];
  const read = readJson(input);
  // The engine's own wording differs between Node versions; findings must not.
  if (!read.ok) return [{ ok: false, problem: 'the policy is not valid JSON' }];
  if (read.duplicates === null) return [parsePolicyJson(read.value)];
  return [parsePolicyJson(read.value), parsePolicyJson(read.duplicates.firstWins)];
}

/** A policy held as an object (a document written from a data source's blocks): its one reading. */
export function parsePolicyDocument(input: unknown): ParsedPolicy {
  return parsePolicyReadings(input)[0]!;
}

function parsePolicyJson(json: unknown): ParsedPolicy {
  if (!isRecord(json)) return { ok: false, problem: 'the policy is not a JSON object' };
  const rawStatements = json['Statement'];
  if (rawStatements === undefined) return { ok: false, problem: 'the policy has no Statement' };
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const statements: PolicyStatement[] = [];
  for (const [index, raw] of list.entries()) {
    const parsed = parseStatement(raw, index);
    if (typeof parsed === 'string') return { ok: false, problem: `statement ${index + 1}: ${parsed}` };
    statements.push(parsed);
  }
  return { ok: true, document: { statements } };
}

function parseStatement(raw: unknown, index: number): PolicyStatement | string {
  if (!isRecord(raw)) return 'is not an object';
  const effect = parseEffect(raw['Effect']);
  // Problems name the element, never its text: a malformed policy may be one the plan marks sensitive.
  if (effect === null) return 'has an Effect that is neither Allow nor Deny';
  const actions = parseElement(raw, 'Action', 'NotAction');
  const resources = parseElement(raw, 'Resource', 'NotResource');
  const principals = parsePrincipals(raw);
  if (typeof actions === 'string') return actions;
  if (typeof resources === 'string') return resources;
  if (typeof principals === 'string') return principals;
  const conditions = parseConditions(raw['Condition']);
  if (typeof conditions === 'string') return conditions;
  const sid = raw['Sid'];
  return { index, sid: typeof sid === 'string' && sid !== '' ? sid : null, effect, actions, resources, principals, conditions };
}

/**
 * A statement as evidence of what it grants: effect, actions (case-insensitive), resources,
 * principals and conditions, each list as a set. Its position and Sid are names, not grants.
 */
export function statementEvidence(statement: PolicyStatement): Evidence {
  // One statement may raise thousands of issues (one per `service:*` action), each with its evidence.
  let evidence = statementEvidences.get(statement);
  if (evidence === undefined) {
    evidence = buildStatementEvidence(statement);
    statementEvidences.set(statement, evidence);
  }
  return evidence;
}

const statementEvidences = new WeakMap<PolicyStatement, Evidence>();

function buildStatementEvidence(statement: PolicyStatement): Evidence {
  const element = (values: ElementValues | null, lower: boolean): Evidence =>
    values === null ? null : { negated: values.negated, values: evidenceSet(values.values.map((value) => (lower ? value.toLowerCase() : value))) };
  const principals = statement.principals;
  return {
    effect: statement.effect,
    actions: element(statement.actions, true),
    resources: element(statement.resources, false),
    principals:
      principals === null
        ? null
        : {
            negated: principals.negated,
            everyone: principals.everyone,
            byType: Object.fromEntries(Object.entries(principals.byType).map(([type, values]) => [type, evidenceSet(values)])),
          },
    conditions: evidenceSet(statement.conditions.map(conditionEvidence)),
  };
}

/** A condition clause as evidence: operators and keys are case-insensitive in IAM; values are not, and are a set. */
export function conditionEvidence(clause: ConditionClause): Evidence {
  return { operator: clause.operator.toLowerCase(), key: clause.key.toLowerCase(), values: evidenceSet(clause.values) };
}

function parseEffect(raw: unknown): Effect | null {
  // Effect is required by IAM; the policy-document data source and Checkov default it to Allow.
  if (raw === undefined) return 'Allow';
  if (typeof raw !== 'string') return null;
  const lower = raw.toLowerCase();
  return lower === 'allow' ? 'Allow' : lower === 'deny' ? 'Deny' : null;
}

function parseElement(raw: Record<string, unknown>, positive: string, negative: string): ElementValues | null | string {
  const hasPositive = raw[positive] !== undefined;
  const hasNegative = raw[negative] !== undefined;
  if (hasPositive && hasNegative) return `has both ${positive} and ${negative}`;
  if (!hasPositive && !hasNegative) return null;
  const name = hasPositive ? positive : negative;
  const values = stringList(raw[name]);
  if (values === null) return `${name} is neither a string nor a list of strings`;
  return { negated: hasNegative, values };
}

function parsePrincipals(raw: Record<string, unknown>): Principals | null | string {
  const hasPositive = raw['Principal'] !== undefined;
  const hasNegative = raw['NotPrincipal'] !== undefined;
  if (hasPositive && hasNegative) return 'has both Principal and NotPrincipal';
  if (!hasPositive && !hasNegative) return null;
  const name = hasPositive ? 'Principal' : 'NotPrincipal';
  const value = raw[name];
  if (typeof value === 'string') {
    if (value !== '*') return `${name} is a string other than "*" (only "*" may be a plain string)`;
    return { negated: hasNegative, everyone: true, byType: {} };
  }
  if (!isRecord(value)) return `${name} is neither "*" nor an object`;
  const byType: Record<string, string[]> = {};
  for (const [type, identifiers] of Object.entries(value)) {
    const list = stringList(identifiers);
    if (list === null) return `a ${name} type holds neither a string nor a list of strings`;
    byType[type] = list;
  }
  return { negated: hasNegative, everyone: false, byType };
}

function parseConditions(raw: unknown): ConditionClause[] | string {
  if (raw === undefined) return [];
  if (!isRecord(raw)) return 'Condition is not an object';
  const clauses: ConditionClause[] = [];
  for (const [operator, keys] of Object.entries(raw)) {
    if (!isRecord(keys)) return 'a Condition operator does not hold an object of keys';
    for (const [key, values] of Object.entries(keys)) {
      const list = scalarList(values);
      if (list === null) return 'a Condition key holds a value that is not a string, number, boolean or list of them';
      clauses.push({ operator, key, values: list });
    }
  }
  return clauses;
}

function stringList(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return null;
}

function scalarList(value: unknown): string[] | null {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') out.push(String(item));
    else return null;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether an IAM wildcard pattern (`*` any run, `?` one character) matches a name; case-insensitive. */
export function wildcardMatches(pattern: string, name: string): boolean {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    const source = pattern.split('').map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    compiled = new RegExp(`^${source}$`, 'i');
    // Patterns repeat across statements and plans; a policy may list hundreds of thousands.
    if (compiledPatterns.size >= COMPILED_PATTERNS_MAX) compiledPatterns.clear();
    compiledPatterns.set(pattern, compiled);
  }
  return compiled.test(name);
}

const compiledPatterns = new Map<string, RegExp>();
const COMPILED_PATTERNS_MAX = 10_000;

/**
 * What an action pattern covers: `all` (`*`, `*:*`, `*:?*`), `service` (`s3:*`, `iam:?*`: every
 * action of one service), or `partial` (`s3:Get*`, `iam:PassRole`). A part made of `*` and `?`
 * with at least one `*` matches every name (action names are never empty).
 */
export type ActionBreadth = 'all' | 'service' | 'partial';

const MATCHES_EVERY_NAME = /^[*?]*\*[*?]*$/;

export function actionBreadth(pattern: string): ActionBreadth {
  const colon = pattern.indexOf(':');
  if (colon < 0) return MATCHES_EVERY_NAME.test(pattern) ? 'all' : 'partial';
  const service = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  if (!MATCHES_EVERY_NAME.test(name)) return 'partial';
  return MATCHES_EVERY_NAME.test(service) ? 'all' : 'service';
}

/**
 * Whether a resource list covers every resource: `"*"` itself, a `NotResource`, or an ARN pattern
 * that matches resources of every account (`arn:aws:iam::*:role/*`), every resource of a service
 * (`arn:aws:s3:::*`, `arn:aws:ec2:*:123456789012:*`), or everything (`arn:*`). A pattern within
 * one account and one resource type (`arn:aws:iam::123456789012:role/*`) does not.
 */
export function coversEveryResource(resources: ElementValues | null): boolean {
  if (resources === null) return false;
  return resources.negated || resources.values.some(matchesEveryResource);
}

function matchesEveryResource(pattern: string): boolean {
  if (MATCHES_EVERY_NAME.test(pattern)) return true;
  const fields = pattern.split(':');
  if (fields[0]?.toLowerCase() !== 'arn') return false;
  // `arn:*`, `arn:aws:*`: a wildcard standing for the partition, service, region or account and all after.
  if (fields.length < 6) return fields.slice(1).some((field) => MATCHES_EVERY_NAME.test(field));
  const [, partition, service, , account] = fields as [string, string, string, string, string];
  const resource = fields.slice(5).join(':');
  return [partition, service].some((field) => MATCHES_EVERY_NAME.test(field)) || /[*?]/.test(account) || MATCHES_EVERY_NAME.test(resource);
}
