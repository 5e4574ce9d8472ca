/**
 * What a plan adds, for rules about grants and exposure: every risk found on a new object,
 * and on an updated one only the risks its before side did not already have (an unrelated tag
 * change on an old security group is not a new exposure).
 */
import type { Plan, ResourceChange } from '../plan/model.js';

/** A risk found on one side of a change; `key` identifies it across both sides and is never shown. */
export interface Keyed {
  key: string;
  /** For a grant under conditions: the grant without them, and each clause (canonical). */
  conditions?: ConditionedGrant;
}

export interface ConditionedGrant {
  grant: string;
  clauses: readonly string[];
  /** What else limits the grant (the Deny statements beside an IAM Allow); absent: nothing. */
  limits?: readonly Limit[];
  /**
   * Where the grant and its limits are written (an IAM policy attribute; the elements of a list
   * attribute, such as `inline_policy`, all one place, whose limits all limit each grant there):
   * the limits a grant has anywhere in the place are also compared with those it had anywhere in
   * the place before, whatever another item's key holds.
   */
  place?: string;
}

/**
 * Something that limits a grant from outside it; `covers` says whether it limits at least as much
 * as `older`, spending one unit of `budget` per value it compares, and answers false (fail safe:
 * the grant reads as widened) once the budget is spent.
 */
export interface Limit {
  /** The same key, the same limit. */
  readonly key: string;
  covers(older: Limit, budget: ComparisonBudget): boolean;
}

/**
 * How many value comparisons judging limits may still make: one plan's share (audit 28 F6: Denies
 * of hundreds of actions each, all changed, compared pair by pair and value by value, held a 3 MB
 * plan for 80 s). Past it every judgement left reads as a widening: reported, never slow.
 */
export class ComparisonBudget {
  constructor(private left: number) {}

  /** Takes `count` comparisons; false once there are not that many left (and from then on). */
  spend(count = 1): boolean {
    this.left -= count;
    return this.left >= 0;
  }
}

/** A plan's value comparisons for limits: well under a second of Set lookups and prefix tests. */
export const LIMIT_VALUE_COMPARISONS_MAX = 5_000_000;

export type Side = 'before' | 'after';

/**
 * Changes that create or alter an object: creates and replacements (a new object), updates,
 * and action lists this version does not know. Deletes grant nothing; no-ops and reads change nothing.
 */
export function addsOrChanges(change: ResourceChange): boolean {
  if (change.mode !== 'managed') return false;
  switch (change.action) {
    case 'create':
    case 'replace':
    case 'create-then-forget':
    case 'update':
      return true;
    case 'unknown':
      return change.after !== null && typeof change.after === 'object';
    default:
      return false;
  }
}

export function addedByPlan<T extends Keyed>(plan: Plan, collect: (change: ResourceChange, side: Side) => T[]): { change: ResourceChange; items: T[] }[] {
  const out: { change: ResourceChange; items: T[] }[] = [];
  const budget = new ComparisonBudget(LIMIT_VALUE_COMPARISONS_MAX);
  const narrowingBudget = new ComparisonBudget(NARROWING_COMPARISONS_MAX);
  for (const change of plan.changes) {
    if (!addsOrChanges(change)) continue;
    let items = collect(change, 'after');
    if (items.length === 0) continue;
    if (change.action === 'update' && change.before !== null) {
      const before = collect(change, 'before');
      const existing = new Set(before.map((item) => item.key));
      // Only an old grant of the same name can be narrowed: looked up, not searched (thousands of grants on each side).
      const byGrant = new Map<string, T[]>();
      for (const old of before) if (old.conditions) push(byGrant, old.conditions.grant, old);
      const widened = widenedInPlace(before, items, budget);
      const narrowed = new NarrowingIndex(byGrant, narrowingBudget, budget);
      items = items.filter((item) => {
        const conditions = item.conditions;
        if (conditions === undefined) return !existing.has(item.key);
        if (conditions.place !== undefined && widened.has(placed(conditions))) return true;
        return !existing.has(item.key) && !narrowed.narrowsAny(item);
      });
    }
    if (items.length > 0) out.push({ change, items });
  }
  return out;
}

function push<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/**
 * The grants (by `placed`) whose limits in their place are fewer or weaker than before: every
 * limit the grant had anywhere in the place must still limit it somewhere there, as it was or
 * wider. Such a grant is new wherever it stands, even where its own item's key is unchanged
 * (audit 28 F3: a Deny removed from inline_policy[0] beside an Allow that inline_policy[1] also
 * holds; the Deny limited both). Compared over the whole place, not element by element, since
 * AWS applies every Deny of a principal's policies to each of its grants, and the elements of a
 * set such as `inline_policy` are listed by name, so a list position is no identity (audit 30 F3:
 * the Deny's document renamed, or a policy named to sort before it added, moved it and the
 * removal went unreported).
 */
function widenedInPlace(before: readonly Keyed[], after: readonly Keyed[], budget: ComparisonBudget): Set<string> {
  const olds = limitsByPlace(before, true);
  const widened = new Set<string>();
  if (olds.size === 0) return widened;
  const news = limitsByPlace(after.filter((item) => item.conditions?.place !== undefined && olds.has(placed(item.conditions))), false);
  // Grants of one attribute mostly share their lists: each combination is joined once, and so is
  // the same array to limitsCovered, which remembers its comparisons by it (audit 33 F1: a union
  // per grant, 1,000 grants of 50 policies with 1,000 Denies, took 44 s and 1.5 GB).
  const unions = new Map<string, readonly Limit[]>();
  const unionOf = (lists: ReadonlySet<readonly Limit[]>): readonly Limit[] => {
    const key = [...lists].map(listId).sort((a, b) => a - b).join(',');
    let joined = unions.get(key);
    if (joined === undefined) {
      joined = union(lists);
      unions.set(key, joined);
    }
    return joined;
  };
  for (const [key, lists] of news) {
    if (!limitsCovered(unionOf(olds.get(key)!), unionOf(lists), budget)) widened.add(key);
  }
  return widened;
}

/** A number for each list of limits, by identity. */
function listId(list: readonly Limit[]): number {
  let id = listIds.get(list);
  if (id === undefined) {
    id = nextListId++;
    listIds.set(list, id);
  }
  return id;
}

const listIds = new WeakMap<readonly Limit[], number>();
let nextListId = 0;

/** Each placed grant's distinct lists of limits (by identity: the grants of one document share theirs). */
function limitsByPlace(items: readonly Keyed[], limitedOnly: boolean): Map<string, Set<readonly Limit[]>> {
  const byPlace = new Map<string, Set<readonly Limit[]>>();
  for (const item of items) {
    const conditions = item.conditions;
    if (conditions?.place === undefined) continue;
    const limits = conditions.limits ?? NO_LIMITS;
    if (limitedOnly && limits.length === 0) continue;
    const key = placed(conditions);
    const lists = byPlace.get(key);
    if (lists) lists.add(limits);
    else byPlace.set(key, new Set([limits]));
  }
  return byPlace;
}

/** The limits of several lists, each once (by key); one list as it is, so that its comparisons are remembered. */
function union(lists: ReadonlySet<readonly Limit[]>): readonly Limit[] {
  if (lists.size === 1) return lists.values().next().value!;
  const byKey = new Map<string, Limit>();
  for (const list of lists) for (const limit of list) if (!byKey.has(limit.key)) byKey.set(limit.key, limit);
  return [...byKey.values()];
}

/** A grant's name and place as one lookup key: the place as a JSON string, which holds no raw U+0000, so the first one ends it. */
function placed(conditions: ConditionedGrant): string {
  return `${JSON.stringify(conditions.place)}\u0000${conditions.grant}`;
}

/**
 * Whether an item is a grant an old one already made, with conditions added: every clause of the
 * old one still there, and more. Clauses of a statement all have to hold, so each added one narrows
 * it (an MFA requirement added to an existing admin grant is not a new admin grant). Each limit of
 * the old grant (a Deny beside it) must still stand, as it was or wider: a Deny removed or
 * narrowed widens the grant (audit 26 F7).
 *
 * Looked up, not searched (audit 30 F2: 8,000 public statements of one grant, each with a changed
 * condition, compared each with each, held a 3.3 MB plan for 25 s): the old grants of a name are
 * indexed by their rarest clause, which an item they narrow to must hold, so an item meets only
 * the old grants sharing one of its clauses. Each old grant met costs its clauses from `own`
 * budget; once that is spent, nothing more narrows (reported, fail safe).
 */
class NarrowingIndex<T extends Keyed> {
  private readonly indexes = new Map<string, GrantIndex<T>>();

  constructor(
    private readonly byGrant: ReadonlyMap<string, readonly T[]>,
    private readonly own: ComparisonBudget,
    private readonly limits: ComparisonBudget,
  ) {}

  narrowsAny(item: T): boolean {
    const conditions = item.conditions;
    if (conditions === undefined) return false;
    const index = this.indexFor(conditions.grant);
    if (index === undefined) return false;
    const now = new Set(conditions.clauses);
    const newer = conditions.limits ?? NO_LIMITS;
    const narrows = (old: OldGrant<T>): boolean =>
      this.own.spend(old.clauses.length + 1) && old.clauses.every((clause) => now.has(clause)) && limitsCovered(old.item.conditions!.limits ?? NO_LIMITS, newer, this.limits);
    if (index.unconditional.some(narrows)) return true;
    for (const clause of now) {
      if (index.byClause.get(clause)?.some(narrows)) return true;
    }
    return false;
  }

  private indexFor(grant: string): GrantIndex<T> | undefined {
    let index = this.indexes.get(grant);
    if (index !== undefined) return index;
    const olds = this.byGrant.get(grant);
    if (olds === undefined) return undefined;
    const counts = new Map<string, number>();
    const distinct = olds.map((item) => {
      const clauses = [...new Set(item.conditions!.clauses)];
      for (const clause of clauses) counts.set(clause, (counts.get(clause) ?? 0) + 1);
      return { item, clauses };
    });
    index = { unconditional: [], byClause: new Map() };
    // Old grants without clauses: one per list of limits (the grants of one document share theirs).
    const unconditionalLimits = new Set<readonly Limit[] | undefined>();
    for (const old of distinct) {
      if (old.clauses.length === 0) {
        if (unconditionalLimits.has(old.item.conditions!.limits)) continue;
        unconditionalLimits.add(old.item.conditions!.limits);
        index.unconditional.push(old);
        continue;
      }
      let rarest = old.clauses[0]!;
      for (const clause of old.clauses) if (counts.get(clause)! < counts.get(rarest)!) rarest = clause;
      push(index.byClause, rarest, old);
    }
    this.indexes.set(grant, index);
    return index;
  }
}

interface OldGrant<T> {
  item: T;
  clauses: readonly string[];
}

interface GrantIndex<T> {
  unconditional: OldGrant<T>[];
  byClause: Map<string, OldGrant<T>[]>;
}

/** A plan's clause lookups for narrowing: a second or so of Set lookups; past it, reported. */
export const NARROWING_COMPARISONS_MAX = 5_000_000;

const NO_LIMITS: readonly Limit[] = [];

/**
 * Whether every limit of `older` still stands in `newer`, the same or covered by a wider one.
 * Remembered per pair of lists: the issues of one statement share theirs (thousands of grants
 * beside thousands of Denies are compared once). Bounded twice: by pairs of limits here, and by
 * the values compared within them (`budget`); past either, not covered (reported).
 */
function limitsCovered(older: readonly Limit[], newer: readonly Limit[], budget: ComparisonBudget): boolean {
  if (older.length === 0) return true;
  let byNewer = coveredLimits.get(older);
  if (byNewer === undefined) {
    byNewer = new WeakMap();
    coveredLimits.set(older, byNewer);
  }
  let covered = byNewer.get(newer);
  if (covered === undefined) {
    const kept = new Set(newer.map((limit) => limit.key));
    const changed = older.filter((limit) => !kept.has(limit.key));
    // Thousands of changed limits against thousands: not compared pairwise, reported (fail safe).
    covered = changed.length * newer.length <= LIMIT_COMPARISONS_MAX && changed.every((limit) => newer.some((wider) => wider.covers(limit, budget)));
    byNewer.set(newer, covered);
  }
  return covered;
}

const coveredLimits = new WeakMap<readonly Limit[], WeakMap<readonly Limit[], boolean>>();
const LIMIT_COMPARISONS_MAX = 100_000;
