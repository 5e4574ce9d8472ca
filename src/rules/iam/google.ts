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
    const parsed = parsePolicyData(state.value);
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

/** A condition as compared: its expression (the title and description only name it), else the whole of it. */
function canonicalCondition(condition: unknown): string | null {
  if (condition === undefined || condition === null) return null;
  const expression = typeof condition === 'object' && !Array.isArray(condition) ? (condition as Record<string, unknown>)['expression'] : undefined;
  return typeof expression === 'string' ? JSON.stringify({ expression }) : canonicalEvidence(condition as Evidence);
}

/** `policy_data`: `{"bindings": [{"role": …, "members": [...], "condition": {...}}]}`. */
function parsePolicyData(value: unknown): Binding[] | string {
  let json: unknown = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch {
      return 'it is not valid JSON';
    }
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return 'it is not a JSON object';
  const raw = (json as Record<string, unknown>)['bindings'];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return 'its bindings is not a list';
  const bindings: Binding[] = [];
  for (const [index, entry] of raw.entries()) {
    if (entry === null || typeof entry !== 'object') return `binding ${index + 1} is not an object`;
    const record = entry as Record<string, unknown>;
    const role = record['role'];
    const members = record['members'];
    if (typeof role !== 'string') return `binding ${index + 1} has no role`;
    if (members !== undefined && (!Array.isArray(members) || !members.every((m) => typeof m === 'string'))) return `binding ${index + 1} has members that are not a list of strings`;
    bindings.push({
      role,
      rolePath: ['policy_data'],
      condition: canonicalCondition(record['condition']),
      members: ((members as string[] | undefined) ?? []).map((member) => ({ member, path: ['policy_data'] })),
    });
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
