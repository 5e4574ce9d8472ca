/**
 * Google IAM: `google_<thing>_iam_member` / `_binding` / `_policy` (policy_data JSON). Admin
 * roles count at organization, folder and project level; public members anywhere.
 */
import { SENSITIVE_PLACEHOLDER, formatPath } from '../../plan/values.js';
import { GOOGLE_ADMIN_ROLES } from '../../catalog/admin-roles.js';
import { GOOGLE_IAM_CARRIERS, GOOGLE_IAM_SCOPES, GOOGLE_PUBLIC_MEMBERS, type GoogleScope } from '../../catalog/iam-policy-attributes.js';
import type { AttributePath } from '../../plan/model.js';
import { attributeState, quoteFrom, type IamIssue, type SideView } from './issues.js';
import { canonicalEvidence, type Evidence } from '../evidence.js';
import { EVERY_ENTRY, entriesOf, readJson } from './duplicate-keys.js';

interface Binding {
  role: string;
  /** `member: null` is a member known only after apply (a reference to something this plan creates). */
  members: { member: string | null; path: AttributePath }[];
  rolePath: AttributePath;
  /** A policy_data binding's `condition`, canonical (its expression); null without one. */
  condition: string | null;
}

export function googleIamIssues(view: SideView): IamIssue[] {
  const type = view.change.type;
  if (!type.startsWith('google_')) return [];
  const carrier = GOOGLE_IAM_CARRIERS.find((row) => type.endsWith(row.suffix));
  if (!carrier) return [];
  const scope: GoogleScope = GOOGLE_IAM_SCOPES.find((row) => type.startsWith(row.prefix))?.scope ?? 'resource';

  let bindings: Binding[];
  let attribute: string;
  if (carrier.shape === 'policy') {
    attribute = 'policy_data';
    const state = attributeState(view, ['policy_data']);
    if (state.state === 'absent') return [];
    if (state.state === 'unknown') {
      return [unverifiable(view, 'policy_data', 'unknown:policy_data', `${view.change.address}: \`policy_data\` is known only after apply, so the bindings it sets could not be checked for admin roles or public members.`)];
    }
    const parsed = parsePolicyData(state.value, view.side);
    if (typeof parsed === 'string') return [unverifiable(view, 'policy_data', `invalid:${parsed}`, `${view.change.address}: \`policy_data\` could not be checked: ${parsed}.`)];
    bindings = parsed;
  } else {
    // A role known only after apply is usually a custom role this plan creates, but it could be
    // any role (a conditional around "roles/owner"): reported, never silent. A member known only
    // after apply (usually a service account this plan creates) still receives the role.
    const role = attributeState(view, ['role']);
    if (role.state === 'unknown') {
      return [unverifiable(view, 'role', 'unknown:role', `${view.change.address}: \`role\` is known only after apply, so it could not be checked: this binding could grant any role, roles/owner included.`)];
    }
    if (role.state !== 'known' || typeof role.value !== 'string') return [];
    const membersAttribute = carrier.shape === 'member' ? 'member' : 'members';
    attribute = membersAttribute;
    const members = attributeState(view, [membersAttribute]);
    if (members.state === 'absent') return [];
    const list: unknown[] = members.state === 'unknown' ? [null] : carrier.shape === 'member' ? [members.value] : Array.isArray(members.value) ? members.value : [];
    bindings = [
      {
        role: role.value,
        rolePath: ['role'],
        // A `condition` block here forces a new binding (replaced: reported in full).
        condition: null,
        members: list.map((member, index) => ({
          member: typeof member === 'string' ? member : null,
          path: carrier.shape === 'member' || members.state === 'unknown' ? [membersAttribute] : [membersAttribute, index],
        })),
      },
    ];
  }
  return bindings.flatMap((binding) => bindingIssues(view, binding, scope, attribute));
}

function bindingIssues(view: SideView, binding: Binding, scope: GoogleScope, attribute: string): IamIssue[] {
  const issues: IamIssue[] = [];
  const address = view.change.address;
  const role = quoteFrom(view, binding.rolePath, binding.role);
  const admin = scope === 'resource' ? undefined : GOOGLE_ADMIN_ROLES.find((row) => row.role === binding.role);
  for (const { member, path } of binding.members) {
    const who = member === null ? 'a member known only after apply' : quoteFrom(view, path, member);
    if (admin) {
      issues.push({
        ruleId: 'iam-admin-policy',
        severity: 'high',
        attribute,
        ...conditionalKey(`admin:${binding.role}:${member ?? '(known after apply)'}`, binding.condition),
        summary: `${who} gets ${role} on the ${scope}`,
        message: `${address} grants ${role} on the whole ${scope} to ${who}: ${admin.grants}.`,
        remediation: `Replace ${role} with a predefined role scoped to what ${member === null || who === SENSITIVE_PLACEHOLDER ? 'this member' : who} needs.`,
      });
    }
    if (member === null && !admin && attribute !== 'policy_data') {
      issues.push(unverifiable(view, attribute as 'member' | 'members', `unknown-member:${binding.role}`, `${address}: a member of \`${attribute}\` is known only after apply, so it could not be checked: ${role} could go to anyone, allUsers included.`));
      continue;
    }
    const isPublic = member === null ? undefined : GOOGLE_PUBLIC_MEMBERS.find((row) => row.member === member);
    if (isPublic) {
      issues.push({
        ruleId: 'iam-public-principal',
        severity: 'high',
        attribute,
        ...conditionalKey(`public:${binding.role}:${member}`, binding.condition),
        summary: `${isPublic.member} (${isPublic.meaning}) gets ${role}`,
        message: `${address} grants ${role} to ${isPublic.member}, that is ${isPublic.meaning}${scope === 'resource' ? '' : ` on the whole ${scope}`}.`,
        remediation: `Remove ${isPublic.member} from the ${attribute === 'policy_data' ? 'policy bindings' : attribute}; grant the role to specific users, groups or service accounts.`,
      });
    }
  }
  return issues;
}

/**
 * A binding's key with its condition, which narrows it as an AWS condition does: a time-bound
 * roles/owner that loses its condition is a new grant (audit 28 F8), one that gains a condition is
 * not. Without a condition the key is the grant, as it always was.
 */
function conditionalKey(grant: string, condition: string | null): Pick<IamIssue, 'key' | 'conditions'> {
  if (condition === null) return { key: grant, conditions: { grant, clauses: [] } };
  return { key: `${grant}\u0000${JSON.stringify([condition])}`, conditions: { grant, clauses: [condition] } };
}

/**
 * A condition as compared: its expression (the title and description only name it), else the whole
 * of it. Several `expression`s (names alike but for case): their list, which no single one equals.
 */
function canonicalCondition(candidates: readonly unknown[]): string | null {
  if (candidates.length === 0 || candidates.some((condition) => condition === null)) return null;
  if (candidates.length > 1) return canonicalEvidence(candidates.map((condition) => canonicalCondition([condition])) as Evidence);
  const condition = candidates[0];
  const expressions = typeof condition === 'object' && !Array.isArray(condition) ? named(condition as Record<string, unknown>, 'expression') : [];
  if (expressions.length === 1 && typeof expressions[0] === 'string') return JSON.stringify({ expression: expressions[0] });
  if (expressions.length > 1) return canonicalEvidence(expressions as Evidence);
  return canonicalEvidence(condition as Evidence);
}

/**
 * The values of `record` that the provider reads as its field `name`. It decodes policy_data with
 * Go's encoding/json, which matches a key to a field ignoring case (Unicode simple folding: `ſ` is
 * an `s`, the Kelvin sign a `k`) and keeps the last of several; JSON.parse keeps each spelling and
 * not their order. So every value a key folding to `name` holds is returned, and each is read:
 * the grants of all (what Go could read), and a condition never equal to one alone (audit 30 F1:
 * `Bindings`, `Role`, `Members` beside or instead of the lower-case names hid bindings, roles and
 * members; `Condition` and `Expression` loosened a condition unseen). A key spelled exactly alike
 * twice counts twice, in document order (duplicate-keys.ts: JSON.parse keeps only the last, and
 * `"role": "roles/owner", "role": null` hid the owner grant Go reads, audit 35 F0).
 */
function named(record: Record<string, unknown>, name: string): unknown[] {
  const values: unknown[] = [];
  for (const [key, value] of entriesOf(record)) if (key === name || folded(key) === name) values.push(value);
  return values;
}

/**
 * As `named`, leaving out `null`s: Go's encoding/json leaves a string as it was for a `null` and
 * empties a list, so a `null` spelling takes nothing from the grants the others hold (read as
 * granting them: the safe side where it empties a list). Audit 33 F0: `"Role": null` beside
 * `"role": "roles/owner"` made the whole policy unverifiable, an info finding instead of the grant.
 * Not for `condition`, where a later `null` drops the condition: there it counts (unconditional).
 */
function namedGrants(record: Record<string, unknown>, name: string): unknown[] {
  return named(record, name).filter((value) => value !== null);
}

/** A key as Go's encoding/json folds it to compare with a lower-case ASCII field name. */
function folded(key: string): string {
  return key.replace(/[A-Z\u017F\u212A]/g, (char) => (char === '\u017F' ? 's' : char === '\u212A' ? 'k' : char.toLowerCase()));
}

/** `policy_data`: `{"bindings": [{"role": …, "members": [...], "condition": {...}}]}`, its names read as the provider reads them. */
function parsePolicyData(value: unknown, side: 'before' | 'after'): Binding[] | string {
  let json: unknown = value;
  if (typeof value === 'string') {
    const read = readJson(value);
    if (!read.ok) return 'it is not valid JSON';
    // Where a key is repeated, every occurrence is read as Go's decoder applies them, in order: the
    // grants any of them may hold. Not on the before side, where a grant read but never applied
    // would count as already held and make the update that applies it quiet (audit 36 F6): there
    // the last occurrence wins (JSON.parse), as the provider's reading did before audit 35 F0.
    json = read.duplicates === null || side === 'before' ? read.value : read.duplicates.ordered;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return 'it is not a JSON object';
  const lists: unknown[][] = [];
  for (const list of namedGrants(json as Record<string, unknown>, 'bindings')) {
    if (!Array.isArray(list)) return 'its bindings is not a list';
    lists.push(list);
  }
  const bindings: Binding[] = [];
  let index = 0;
  for (const list of lists) {
    for (const entry of list) {
      // A null element is an empty binding to Go's decoder, which grants nothing: the others stand (audit 35 F1).
      if (entry === null) continue;
      index++;
      // With several lists, an element without a role takes one from the element it is decoded into (below).
      const read = bindingsOf(entry, index, lists.length > 1 && side === 'after');
      if (typeof read === 'string') return read;
      // One push per binding: a spread past V8's argument limit (~130,000) threw (audit 36 F2).
      for (const binding of read) bindings.push(binding);
    }
  }
  if (lists.length < 2 || side === 'before') return bindings;
  // Several `bindings` lists (a repeated key, or spellings Go folds alike): Go decodes element i of
  // a later list INTO element i of the earlier one (the fields it names overwrite, the others stay;
  // golang/go#21092), then cuts the list to the later one's length. So element i is also read as
  // every field element i of any list holds: every role with every member, its conditions as one,
  // unconditional if any is null (audit 36 F1: viewer to a user, then a list of one owner with no
  // members, was to Go one owner grant to that user, and the report saw none).
  const granted = new Set(bindings.flatMap((binding) => binding.members.map((member) => grantKey(binding.role, binding.condition, member.member))));
  // Element i's fields across the lists, gathered in one pass over the elements (lists x the
  // longest list was quadratic: audit 39 G3).
  const byIndex: [string, unknown][][] = [];
  for (const list of lists) {
    list.forEach((entry, at) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return;
      const entries = (byIndex[at] ??= []);
      for (const pair of entriesOf(entry)) entries.push(pair);
    });
  }
  for (let at = 0; at < byIndex.length; at++) {
    const entries = byIndex[at];
    if (entries === undefined || entries.length === 0) continue;
    const merged: Record<string, unknown> = {};
    Object.defineProperty(merged, EVERY_ENTRY, { value: entries, enumerable: false });
    // Without a role even merged, element i grants nothing: Go either cuts it off or sends a binding
    // with no role, which the API refuses. It must not make the grants beside it unverifiable.
    const read = bindingsOf(merged, at + 1, true);
    if (typeof read === 'string') return read;
    for (const binding of read) {
      // Read unconditional: an empty or null list between the lists makes Go drop element i and
      // decode the next list's element i afresh, without the earlier condition (audit 39 G1: a
      // time-bound owner grant made permanent read as the same conditional grant, exit 0).
      const members = binding.members.filter((member) => !granted.has(grantKey(binding.role, null, member.member)));
      if (members.length > 0) bindings.push({ ...binding, condition: null, members });
    }
  }
  return bindings;
}

function grantKey(role: string, condition: string | null, member: string | null): string {
  return JSON.stringify([role, condition, member]);
}

/** One element of a `bindings` list: a binding per role it names; none where it names no role and `roleless` allows it. */
function bindingsOf(entry: unknown, index: number, roleless: boolean): Binding[] | string {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return `binding ${index} is not an object`;
  const record = entry as Record<string, unknown>;
  const roles = namedGrants(record, 'role');
  const members: string[] = [];
  for (const list of namedGrants(record, 'members')) {
    // A null member is "" to Go's decoder, naming no one: the others stand (audit 35 F1).
    const listed = Array.isArray(list) ? list.filter((member) => member !== null) : list;
    if (!Array.isArray(listed) || !listed.every((m) => typeof m === 'string')) return `binding ${index} has members that are not a list of strings`;
    for (const member of listed as string[]) members.push(member);
  }
  if (roles.length === 0 && roleless) return [];
  if (roles.length === 0 || !roles.every((role) => typeof role === 'string')) return `binding ${index} has no role`;
  const condition = canonicalCondition(named(record, 'condition'));
  // Only the grants a finding can come of: an admin role to any member, any role to a public
  // member. Every role with every member was a product quadratic in a policy that repeats `role`
  // and `members` (audit 39 G3: 3,000 x 3,000 took 4.9 s and 814 MB, 7,000 x 7,000 4 GB).
  const everyone = [...new Set(members)];
  const publicOnly = everyone.filter((member) => GOOGLE_PUBLIC_MEMBERS.some((row) => row.member === member));
  const bindings: Binding[] = [];
  for (const role of new Set(roles as string[])) {
    const granted = GOOGLE_ADMIN_ROLES.some((row) => row.role === role) ? everyone : publicOnly;
    if (granted.length > 0) bindings.push({ role, rolePath: ['policy_data'], condition, members: granted.map((member) => ({ member, path: ['policy_data'] })) });
  }
  return bindings;
}

function unverifiable(view: SideView, attribute: 'policy_data' | 'role' | 'member' | 'members', key: string, message: string): IamIssue {
  return {
    ruleId: 'iam-unverifiable',
    severity: 'info',
    attribute: formatPath([attribute]),
    key,
    summary: message,
    message,
    remediation:
      attribute === 'policy_data'
        ? 'Review the data.google_iam_policy it comes from by hand, or build it from values known at plan time.'
        : `Check what \`${attribute}\` comes from before approving, or write it as a literal.`,
  };
}
