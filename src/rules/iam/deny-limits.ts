/**
 * The Deny statements beside an Allow grant (audit 26 F7). A Deny limits what the Allows of its
 * document grant, so removing one, or narrowing it, widens a grant whose own statement stays as
 * it was. The Denies that could limit a grant join its key (and so its fingerprint: an approval
 * covers the grant with the Denies it had), and an update keeps quiet about a grant whose key
 * changed only because its Denies were kept or made stronger (added Denies, a Deny given more
 * actions or resources or fewer conditions): rules/added-by-plan.ts `narrows`.
 */
import { createHash } from 'node:crypto';
import type { Limit } from '../added-by-plan.js';
import { canonicalEvidence, evidenceSet } from '../evidence.js';
import { conditionEvidence, statementEvidence, type ElementValues, type PolicyStatement, type Principals } from './policy-document.js';

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
      found = { hash, limits };
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

  constructor(readonly statement: PolicyStatement) {
    this.key = createHash('sha256').update(canonicalEvidence(statementEvidence(statement)), 'utf8').digest('hex');
  }

  covers(older: Limit): boolean {
    return older instanceof DenyLimit && denyCovers(this.statement, older.statement);
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

/**
 * Whether the Deny `newer` denies everything `older` did: every action and resource of `older`
 * within its own (the same value, `*`, or a `prefix*` pattern), the same principals (or every
 * principal), and no condition `older` did not have (each one only narrows a Deny). Anything it
 * cannot tell, such as two Denies that together cover one, reads as not covered: reported.
 */
export function denyCovers(newer: PolicyStatement, older: PolicyStatement): boolean {
  if (!coversElement(newer.actions, older.actions, true) || !coversElement(newer.resources, older.resources, false)) return false;
  if (!coversPrincipals(newer.principals, older.principals)) return false;
  const olderClauses = new Set(older.conditions.map((clause) => canonicalEvidence(conditionEvidence(clause))));
  return newer.conditions.every((clause) => olderClauses.has(canonicalEvidence(conditionEvidence(clause))));
}

/** The same principals, or `newer` denies every principal. */
function coversPrincipals(newer: Principals | null, older: Principals | null): boolean {
  if (newer !== null && !newer.negated && (newer.everyone || Object.values(newer.byType).some((ids) => ids.includes('*')))) return true;
  if (newer === null || older === null) return newer === older;
  const text = (principals: Principals): string =>
    canonicalEvidence({ negated: principals.negated, everyone: principals.everyone, byType: Object.fromEntries(Object.entries(principals.byType).map(([type, ids]) => [type, evidenceSet(ids)])) });
  return text(newer) === text(older);
}

function coversElement(newer: ElementValues | null, older: ElementValues | null, caseless: boolean): boolean {
  if (newer === null || older === null) return newer === older;
  const norm = (value: string): string => (caseless ? value.toLowerCase() : value);
  const newValues = newer.values.map(norm);
  if (!newer.negated && newValues.includes('*')) return true;
  if (older.negated) {
    // `older` denies all but its list: `newer` must deny all but fewer.
    if (!newer.negated) return false;
    const excepted = new Set(older.values.map(norm));
    return newValues.every((value) => excepted.has(value));
  }
  if (newer.negated) return false;
  return older.values.every((value) => newValues.some((pattern) => patternCovers(pattern, norm(value))));
}

/** Whether every name `value` matches is matched by `pattern`: the same text, or `pattern` a literal prefix ending in `*`. */
function patternCovers(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  const star = pattern.indexOf('*');
  return star === pattern.length - 1 && !pattern.includes('?') && value.startsWith(pattern.slice(0, -1));
}
