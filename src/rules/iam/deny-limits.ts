/**
 * The Deny statements beside an Allow grant (audit 26 F7). A Deny limits what the Allows of its
 * document grant, so removing one, or narrowing it, widens a grant whose own statement stays as
 * it was. The Denies that could limit a grant join its key (and so its fingerprint: an approval
 * covers the grant with the Denies it had), and an update keeps quiet about a grant whose key
 * changed only because its Denies were kept or made stronger (added Denies, a Deny given more
 * actions or resources or fewer conditions): rules/added-by-plan.ts `narrows`.
 */
import { createHash } from 'node:crypto';
import type { ComparisonBudget, Limit } from '../added-by-plan.js';
import { canonicalEvidence, evidenceSet } from '../evidence.js';
import { conditionEvidence, statementEvidence, type ElementValues, type PolicyStatement } from './policy-document.js';

/**
 * The actions an Allow grants, for telling which Denies could limit it: its action patterns, or
 * `all` (NotAction, a missing Action) where any Deny could.
 */
export type GrantedActions = readonly string[] | 'all';

/** The Denies that could limit one grant: as a key part (a hash; null when there are none) and as limits. */
export interface LimitingDenies {
  hash: string | null;
  limits: readonly DenyLimit[];
}

/**
 * Past this many Deny statements in a document, every one counts for every grant (the same set
 * for all, found once), so that a document of thousands of Allows and Denies is not read once per
 * Allow: fail safe, removing any Deny of such a document reports its grants again.
 */
const SORTED_DENIES_MAX = 64;

/**
 * The Deny statements of one policy document, and which of them could limit a grant: all but
 * those whose every action is of another service than every action granted (`ec2:*` does not
 * limit `s3:*`). Resources and principals are not compared: a Deny of the same service on other
 * resources still counts, so removing it reports the grant again (fail safe). Found once per set
 * of services granted.
 */
export class DocumentDenies {
  private readonly bySignature = new Map<string, LimitingDenies>();
  private readonly byHash = new Map<string, LimitingDenies>();

  constructor(private readonly denies: readonly PolicyStatement[]) {}

  limiting(actions: GrantedActions): LimitingDenies {
    if (this.denies.length === 0) return NO_DENIES;
    const services = actions === 'all' || this.denies.length > SORTED_DENIES_MAX ? null : actions.map(service);
    const granted = services === null || services.includes(null) ? null : [...new Set(services as string[])].sort();
    const signature = granted === null ? 'all' : JSON.stringify(granted);
    let found = this.bySignature.get(signature);
    if (found === undefined) {
      const denies = granted === null ? this.denies : this.denies.filter((deny) => deny.actions === null || deny.actions.negated || deny.actions.values.some((pattern) => sameService(service(pattern), granted)));
      const limits = denies.map(denyLimit);
      const hash = limits.length === 0 ? null : createHash('sha256').update([...new Set(limits.map((limit) => limit.key))].sort().join(','), 'utf8').digest('hex');
      // The same Denies for other services (`*:Delete*` limits every one): the same list, so that
      // added-by-plan.ts compares it once, not once per set of services (audit 28 F6, 51 s).
      found = (hash === null ? NO_DENIES : this.byHash.get(hash)) ?? { hash, limits };
      if (hash !== null) this.byHash.set(hash, found);
      this.bySignature.set(signature, found);
    }
    return found;
  }
}

const NO_DENIES: LimitingDenies = { hash: null, limits: [] };

/** An action pattern's service, lower case; `null` when a wildcard or a missing prefix could stand for any. */
function service(pattern: string): string | null {
  const colon = pattern.indexOf(':');
  const prefix = colon < 0 ? pattern : pattern.slice(0, colon);
  return colon < 0 || /[*?]/.test(prefix) ? null : prefix.trim().toLowerCase();
}

function sameService(deny: string | null, granted: readonly string[]): boolean {
  return deny === null || granted.includes(deny);
}

/** A Deny statement as a limit of a grant: a newer one covers an older one when it denies at least as much. */
export class DenyLimit implements Limit {
  /** The statement's evidence, hashed: the same key, the same Deny. */
  readonly key: string;
  private compared: ComparedDeny | undefined;

  constructor(readonly statement: PolicyStatement) {
    this.key = createHash('sha256').update(canonicalEvidence(statementEvidence(statement)), 'utf8').digest('hex');
  }

  covers(older: Limit, budget: ComparisonBudget): boolean {
    return older instanceof DenyLimit && denyCovers(this.form(), older.form(), budget);
  }

  /** The statement as it is compared, written once (a Deny is compared with many). */
  form(): ComparedDeny {
    this.compared ??= comparedDeny(this.statement);
    return this.compared;
  }
}

function denyLimit(statement: PolicyStatement): DenyLimit {
  let limit = denyLimits.get(statement);
  if (limit === undefined) {
    limit = new DenyLimit(statement);
    denyLimits.set(statement, limit);
  }
  return limit;
}

const denyLimits = new WeakMap<PolicyStatement, DenyLimit>();

/** A Deny as compared: its elements' values as sets, principals and conditions as text. */
export interface ComparedDeny {
  actions: ComparedElement | null;
  resources: ComparedElement | null;
  /** Whether it denies every principal: `"*"` or `{"AWS": "*"}`, not negated. */
  everyone: boolean;
  principals: string | null;
  clauses: ReadonlySet<string>;
}

interface ComparedElement {
  negated: boolean;
  /** Every value (actions lower case), patterns included: the same text covers itself. */
  values: ReadonlySet<string>;
  /** `"*"` among the values of a positive element: everything. */
  all: boolean;
  /** The literal prefixes of the `prefix*` values (one `*`, at the end, no `?`). */
  prefixes: ReadonlySet<string>;
  /** The longest of them, in characters: no longer start of a value need be looked up. */
  longestPrefix: number;
}

function comparedDeny(statement: PolicyStatement): ComparedDeny {
  const principals = statement.principals;
  return {
    actions: comparedElement(statement.actions, true),
    resources: comparedElement(statement.resources, false),
    // Only `"*"` and `{"AWS": "*"}` reach every caller; `{"Service": "*"}` at most service principals (audit 28 F2).
    everyone: principals !== null && !principals.negated && (principals.everyone || (principals.byType['AWS'] ?? []).includes('*')),
    principals:
      principals === null
        ? null
        : canonicalEvidence({ negated: principals.negated, everyone: principals.everyone, byType: Object.fromEntries(Object.entries(principals.byType).map(([type, ids]) => [type, evidenceSet(ids)])) }),
    clauses: new Set(statement.conditions.map((clause) => canonicalEvidence(conditionEvidence(clause)))),
  };
}

function comparedElement(element: ElementValues | null, caseless: boolean): ComparedElement | null {
  if (element === null) return null;
  const values = new Set(caseless ? element.values.map((value) => value.toLowerCase()) : element.values);
  const prefixes = new Set<string>();
  let longestPrefix = 0;
  for (const value of values) {
    if (value.indexOf('*') !== value.length - 1 || value.includes('?')) continue;
    prefixes.add(value.slice(0, -1));
    longestPrefix = Math.max(longestPrefix, value.length - 1);
  }
  return { negated: element.negated, values, all: !element.negated && values.has('*'), prefixes, longestPrefix };
}

/**
 * Whether the Deny `newer` denies everything `older` did: every action and resource of `older`
 * within its own (the same value, `*`, or a `prefix*` pattern), the same principals (or every
 * principal: `"*"` or `{"AWS": "*"}`), and no condition `older` did not have (each one only narrows a Deny). Anything it
 * cannot tell, such as two Denies that together cover one, reads as not covered: reported. So
 * does a comparison past the plan's `budget` of values (audit 28 F6).
 */
export function denyCovers(newer: ComparedDeny, older: ComparedDeny, budget: ComparisonBudget): boolean {
  if (!newer.everyone && newer.principals !== older.principals) return false;
  if (!budget.spend(newer.clauses.size + 1)) return false;
  for (const clause of newer.clauses) if (!older.clauses.has(clause)) return false;
  // The shorter list first: Denies of hundreds of actions each on their own buckets differ in the resource.
  const [first, second] = (older.resources?.values.size ?? 0) <= (older.actions?.values.size ?? 0) ? (['resources', 'actions'] as const) : (['actions', 'resources'] as const);
  return coversElement(newer[first], older[first], budget) && coversElement(newer[second], older[second], budget);
}

/**
 * Whether `newer` names everything `older` does. Each value of `older` is looked up, not compared
 * with each of `newer` (quadratic in the lists: audit 28 F6): as itself, then by its starts among
 * the prefixes of `newer`'s `prefix*` patterns, or those prefixes one by one where they are fewer.
 */
function coversElement(newer: ComparedElement | null, older: ComparedElement | null, budget: ComparisonBudget): boolean {
  if (newer === null || older === null) return newer === older;
  if (newer.all) return true;
  if (older.negated) {
    // `older` denies all but its list: `newer` must deny all but fewer.
    if (!newer.negated || !budget.spend(newer.values.size)) return false;
    for (const value of newer.values) if (!older.values.has(value)) return false;
    return true;
  }
  if (newer.negated) return false;
  for (const value of older.values) {
    if (!budget.spend()) return false;
    if (newer.values.has(value) || (newer.prefixes.size > 0 && coveredByPrefix(newer, value, budget))) continue;
    return false;
  }
  return true;
}

/** Whether a `prefix*` pattern of `newer` covers `value`; every lookup or test spends one comparison. */
function coveredByPrefix(newer: ComparedElement, value: string, budget: ComparisonBudget): boolean {
  const starts = Math.min(value.length, newer.longestPrefix) + 1;
  if (starts <= newer.prefixes.size) {
    if (!budget.spend(starts)) return false;
    for (let end = 0; end < starts; end += 1) if (newer.prefixes.has(value.slice(0, end))) return true;
    return false;
  }
  if (!budget.spend(newer.prefixes.size)) return false;
  for (const prefix of newer.prefixes) if (value.startsWith(prefix)) return true;
  return false;
}
