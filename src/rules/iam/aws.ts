/**
 * AWS grants: policy documents in JSON-string attributes, managed-policy attachments by ARN,
 * and grants written as plain attributes (`aws_lambda_permission`). Which types carry what is
 * data (catalog/iam-policy-attributes.ts); what is risky is data too (catalog/admin-roles.ts,
 * catalog/aws-policy-grammar.ts).
 */
import { createHash } from 'node:crypto';
import { appendAll } from '../../append.js';
import { formatCount } from '../../numbers.js';
import { configurationSets, type AttributePath } from '../../plan/model.js';
import { formatPath, isMarkedAt } from '../../plan/values.js';
import { AWS_ADMIN_MANAGED_POLICIES } from '../../catalog/admin-roles.js';
import {
  AWS_MANAGED_POLICY_ATTACHMENTS,
  AWS_POLICY_ATTRIBUTES,
  AWS_PRINCIPAL_ATTRIBUTES,
  EACH_ELEMENT,
  type PolicyAttributePath,
  type PolicyKind,
} from '../../catalog/iam-policy-attributes.js';
import { ESCALATION_ACTIONS, READ_ONLY_ACTION_PREFIXES, SHARED_OIDC_PROVIDERS, type OidcValueForm } from '../../catalog/aws-policy-grammar.js';
import { PUBLIC_SETTINGS } from '../../catalog/public-settings.js';
import { attributeState, quoteFrom, quoteList, unknownIssue, type IamIssue, type SideView } from './issues.js';
import { actionBreadth, conditionEvidence, coversEveryResource, parsePolicyDocument, parsePolicyReadings, statementEvidence, wildcardMatches, type ParsedPolicy, type PolicyStatement } from './policy-document.js';
import { canonicalEvidence, evidenceSet, hiddenValue, type Evidence } from '../evidence.js';
import { DocumentDenies, type GrantedActions } from './deny-limits.js';
import { issueKey, listKey, plainAction, plainActionList } from './issue-key.js';
import { limitingCondition, publicPrincipal } from './principals.js';
import { deferredDocuments } from './deferred-document.js';

export function awsPolicyIssues(view: SideView): IamIssue[] {
  const issues: IamIssue[] = [];
  for (const row of AWS_POLICY_ATTRIBUTES) {
    if (row.type !== view.change.type) continue;
    for (const path of concretePaths(view, row.path)) appendAll(issues, policyAttributeIssues(view, path, row.kind, row.computed === true));
  }
  return issues;
}

/**
 * Expands `[]` steps over the list elements present. A list known only after apply stands for
 * itself (`inline_policy`): its policies cannot be told apart, but it can be reported unknown.
 */
function concretePaths(view: SideView, pattern: PolicyAttributePath, prefix: AttributePath = []): AttributePath[] {
  const at = pattern.indexOf(EACH_ELEMENT);
  if (at < 0) return [[...prefix, ...pattern]];
  const listPath = [...prefix, ...pattern.slice(0, at)];
  const list = attributeState(view, listPath);
  if (list.state === 'unknown') return [listPath];
  if (list.state !== 'known' || !Array.isArray(list.value)) return [];
  return list.value.flatMap((_, index) => concretePaths(view, pattern.slice(at + 1), [...listPath, index]));
}

/**
 * A Computed policy argument is unknown on every new resource whether the configuration sets it
 * or not. Unknown on a new object, it is worth reporting only when the plan's configuration says
 * it is set; without a configuration (null) nothing tells, so it is not. An update from a known
 * policy to an unknown one is always reported. Only the argument itself is Computed: a policy
 * unknown inside a known `inline_policy` element is always reported.
 */
function unknownComputedIsSilent(view: SideView, path: AttributePath, computed: boolean): boolean {
  if (!computed || path.length !== 1 || view.change.action === 'update') return false;
  return configurationSets(view.change, String(path[0])) !== true;
}

function policyAttributeIssues(view: SideView, path: AttributePath, kind: PolicyKind, computed: boolean): IamIssue[] {
  const attribute = formatPath(path);
  const address = view.change.address;
  const state = attributeState(view, path);
  if (state.state === 'absent') return [];
  if (state.state === 'unknown' && unknownComputedIsSilent(view, path, computed)) return [];
  if (state.state === 'unknown') {
    return [
      unknownIssue(
        attribute,
        `${address}: the ${KIND_WORDS[kind]} in \`${attribute}\` is known only after apply, so it could not be checked for wildcards or public access.`,
        'Review the policy source (e.g. the aws_iam_policy_document it renders from) by hand, or build it from values known at plan time.',
      ),
      ...(view.side === 'after' && path.length === 1 ? deferredDocumentIssues(view, path, kind) : []),
    ];
  }
  // A text that repeats a key is read both ways (policy-document.ts): a Deny counts only where
  // both readings have it, and every issue of either is reported once. Not on the before side: a
  // grant of the reading the provider did not apply would count as already held, and an update that
  // makes it real would be quiet (audit 36 F6); there the last occurrence wins, as the provider reads it.
  const readings = view.side === 'before' ? parsePolicyReadings(state.value).slice(0, 1) : parsePolicyReadings(state.value);
  const denies = readings.length === 1 ? null : documentDenies(commonDenies(readings));
  const issues: IamIssue[] = [];
  for (const parsed of readings) {
    if (!parsed.ok) {
      issues.push({
        ruleId: 'iam-unverifiable',
        severity: 'info',
        attribute,
        key: `invalid:${attribute}:${parsed.problem}`,
        summary: `${attribute}: ${parsed.problem}`,
        message: `${address}: the ${KIND_WORDS[kind]} in \`${attribute}\` could not be checked: ${parsed.problem}.`,
        remediation: `Fix \`${attribute}\` so it is a valid IAM policy document (jsonencode() or an aws_iam_policy_document data source avoids syntax errors).`,
      });
      continue;
    }
    const context: StatementContext = { view, path, attribute, address, denies: denies ?? documentDenies(parsed.document.statements) };
    const allows = parsed.document.statements.filter((statement) => statement.effect === 'Allow');
    appendAll(issues, kind === 'identity' ? allows.flatMap((statement) => identityStatementIssues(context, statement)) : allows.flatMap((statement) => principalStatementIssues(context, statement, kind)));
  }
  return readings.length === 1 ? issues : uniqueIssues(issues);
}

/** The Deny statements every reading of a document has (a reading that does not parse has none). */
function commonDenies(readings: readonly ParsedPolicy[]): PolicyStatement[] {
  const [first, ...others] = readings;
  if (first === undefined || !first.ok) return [];
  const denies = first.document.statements.filter((statement) => statement.effect === 'Deny');
  return others.reduce((kept, other) => {
    if (!other.ok) return [];
    const theirs = new Set(other.document.statements.filter((statement) => statement.effect === 'Deny').map((statement) => canonicalEvidence(statementEvidence(statement))));
    return kept.filter((statement) => theirs.has(canonicalEvidence(statementEvidence(statement))));
  }, denies);
}

/** The issues with the first of each rule and key (two readings of one document find most grants twice). */
function uniqueIssues(issues: readonly IamIssue[]): IamIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.ruleId}\u0000${issue.key}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The statements the plan shows of a policy document read during apply that the unknown policy
 * renders from (rules/iam/deferred-document.ts): its `actions = ["*"]` is as much a grant as a
 * known policy's. Keyed as a known policy's issues, so that an update keeping the grant is not new.
 */
function deferredDocumentIssues(view: SideView, path: AttributePath, kind: PolicyKind): IamIssue[] {
  const attribute = formatPath(path);
  return deferredDocuments(view.plan, view.change, attribute).flatMap((deferred) => {
    const parsed = parsePolicyDocument(deferred.document);
    if (!parsed.ok) return [];
    // Quoted through the policy's own path: marked sensitive when anything of the document is.
    const quoting: SideView = deferred.sensitive ? { ...view, change: { ...view.change, afterSensitive: { [attribute]: true } } } : view;
    const context: StatementContext = { view: quoting, path, attribute, address: view.change.address, renderedBy: deferred.block, denies: documentDenies(parsed.document.statements) };
    const allows = parsed.document.statements.filter((statement) => statement.effect === 'Allow');
    return kind === 'identity' ? allows.flatMap((statement) => identityStatementIssues(context, statement)) : allows.flatMap((statement) => principalStatementIssues(context, statement, kind));
  });
}

const KIND_WORDS: Record<PolicyKind, string> = {
  identity: 'policy',
  resource: 'resource policy',
  trust: 'trust (assume-role) policy',
};

interface StatementContext {
  view: SideView;
  path: AttributePath;
  attribute: string;
  address: string;
  /** The data source read during apply that the statements come from, when the policy itself is unknown. */
  renderedBy?: string;
  /** The document's Deny statements (rules/iam/deny-limits.ts). */
  denies: DocumentDenies;
}

function documentDenies(statements: readonly PolicyStatement[]): DocumentDenies {
  return new DocumentDenies(statements.filter((statement) => statement.effect === 'Deny'));
}

/** The statement an issue is about, as evidence: hashed when the plan marks the policy sensitive. */
function flaggedStatement(context: StatementContext, statement: PolicyStatement): Evidence {
  const mask = context.view.side === 'before' ? context.view.change.beforeSensitive : context.view.change.afterSensitive;
  const evidence = statementEvidence(statement);
  return isMarkedAt(mask, context.path) ? hiddenValue(evidence) : evidence;
}

function statementName(context: StatementContext, statement: PolicyStatement): string {
  const position = `statement ${statement.index + 1}`;
  const named = statement.sid !== null ? `${position} (Sid ${quoteFrom(context.view, context.path, statement.sid)})` : position;
  return context.renderedBy === undefined ? named : `${named} of ${context.renderedBy} (read during apply)`;
}

function resourceWords(context: StatementContext, statement: PolicyStatement): string {
  const resources = statement.resources;
  if (resources === null) return 'on the resources it names';
  if (resources.negated) return `on every resource except ${quoteList(context.view, context.path, resources.values)}`;
  if (coversEveryResource(resources)) return resources.values.includes('*') ? 'on every resource ("*")' : `on every resource (${quoteList(context.view, context.path, resources.values)})`;
  return `on ${quoteList(context.view, context.path, resources.values)}`;
}

/**
 * An issue's key, with the statement's conditions in it: an update that drops or loosens the MFA,
 * SourceIp or iam:PassedToService condition of a grant the object already had is a new issue. One
 * that only adds conditions narrows the old grant (its clauses all hold, ANDed): `conditions` lets
 * addedByPlan see that. The document's Denies that could limit the grant (`actions`) join the key
 * when there are any (audit 26 F7: removing one widens the grant, and the approval is for the
 * grant with them); an update that only adds or strengthens Denies is no new grant either.
 * `bareWithoutClauses`: a statement with no conditions keys as `grant` alone (public statements,
 * whose keys held no conditions before audit 28 F1: their approvals keep their fingerprints).
 * `narrowing`: more clauses that each narrow the grant as a condition does (NotPrincipal's
 * excepted principals), so that losing one is a new grant and adding one is not.
 */
function conditionedKey(
  context: StatementContext,
  statement: PolicyStatement,
  grant: string,
  actions: GrantedActions,
  bareWithoutClauses = false,
  narrowing: readonly Evidence[] = [],
): Pick<IamIssue, 'key' | 'conditions'> {
  const clauses = [...statement.conditions.map(conditionEvidence), ...narrowing];
  const key = bareWithoutClauses && clauses.length === 0 ? grant : `${grant}\u0000${canonicalEvidence(evidenceSet(clauses))}`;
  return deniedKey(context, key, grant, clauses.map(canonicalEvidence), actions);
}

/**
 * The policy attribute a document is in, as added-by-plan.ts compares limits: every element of a
 * list (`inline_policy[]`) one place, since a set's elements are listed by name, not kept in place,
 * and every Deny of a role's inline policies limits each of its grants (audit 30 F3).
 */
function placeOf(path: AttributePath): string {
  return JSON.stringify(path.map((step) => (typeof step === 'number' ? [] : step)));
}

/**
 * `key` with the Denies that could limit a grant of `actions`, if any, as a hash of their
 * statements (fixed length whatever their number; their text, sensitive or not, never in a key);
 * `grant` and `clauses` as added-by-plan.ts ConditionedGrant.
 */
function deniedKey(context: StatementContext, key: string, grant: string, clauses: readonly string[], actions: GrantedActions): Pick<IamIssue, 'key' | 'conditions'> {
  const denies = context.denies.limiting(actions);
  return {
    key: denies.hash === null ? key : `${key}\u0000denies:sha256:${denies.hash}`,
    conditions: { grant, clauses, limits: denies.limits, place: placeOf(context.path) },
  };
}

/**
 * The resources a statement names, as the keys of its issues write them (and the fingerprint binds
 * them): joined by commas, as they always were, unless a value holds a comma or a quote, or the
 * first starts with `!` (which marks NotResource); then as a JSON list, which no such join can
 * spell (audit 25 F0: `["mine/x,prod/*"]` before and `["mine/x", "prod/*"]` after joined alike, so
 * the second grant read as one the object already had). Written once per statement.
 */
function resourceScope(statement: PolicyStatement): string {
  let scope = resourceScopes.get(statement);
  if (scope === undefined) {
    scope = `${statement.resources?.negated ? '!' : ''}${listKey(statement.resources?.values ?? [])}`;
    resourceScopes.set(statement, scope);
  }
  return scope;
}

const resourceScopes = new WeakMap<PolicyStatement, string>();

/** Past this many wildcard actions in one statement, they are one issue (each carries the whole statement as evidence). */
const WILDCARD_ISSUES_MAX = 64;

/** Identity policies: wildcard actions (`*`, `service:*`, NotAction) and write actions on `*`. */
function identityStatementIssues(context: StatementContext, statement: PolicyStatement): IamIssue[] {
  const { view, path, attribute, address } = context;
  const actions = statement.actions;
  if (actions === null) return [];
  const everyResource = coversEveryResource(statement.resources);
  // An escalation action on every role (user, group, policy) of an account reaches its admin ones too.
  const everyIdentity = everyResource || (statement.resources !== null && statement.resources.values.some(everyIamIdentityOfAccount));
  // Most statements grant nothing reported here: they are not put in words (quoting their values scans them for secrets).
  if (!actions.negated && !everyIdentity && actions.values.every((pattern) => actionBreadth(pattern) === 'partial')) return [];
  const name = statementName(context, statement);
  const where = resourceWords(context, statement);
  const issues: IamIssue[] = [];

  if (actions.negated) {
    const except = quoteList(view, path, actions.values);
    issues.push({
      ruleId: 'iam-wildcard-action',
      severity: 'high',
      attribute,
      // Split from the right: a list of plain actions ends at the colon before its first service (audit 26 F5).
      ...conditionedKey(context, statement, issueKey('notaction', [resourceScope(statement), listKey(actions.values).toLowerCase()], plainActionList(actions.values)), 'all'),
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows every action except ${except} ${where} (NotAction with Allow)`,
      message: `${address}: ${name} of \`${attribute}\` uses NotAction with Allow, which grants every action in every service except ${except}, ${where}.`,
      remediation: `In ${name}, replace NotAction with an Action list of the actions actually needed (or turn it into a Deny statement).`,
    });
    return issues;
  }

  const wildcards = actions.values.filter((pattern) => actionBreadth(pattern) !== 'partial');
  if (wildcards.length > WILDCARD_ISSUES_MAX) {
    // Thousands of `service:*` actions: one issue for them all, not one each with the whole statement.
    const quoted = quoteList(view, path, wildcards);
    const all = wildcards.some((pattern) => actionBreadth(pattern) === 'all');
    // listKey: a pattern holding a comma is not two (audit 25 F0's cause, here inside the hash).
    const patterns = createHash('sha256').update(listKey(wildcards.map((pattern) => pattern.toLowerCase()).sort()), 'utf8').digest('hex');
    issues.push({
      ruleId: 'iam-wildcard-action',
      severity: 'high',
      attribute,
      // A hash of fixed length: the join splits back.
      ...conditionedKey(context, statement, issueKey('actions', ['sha256', patterns, resourceScope(statement)], true), wildcards),
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows ${formatCount(wildcards.length)} wildcard actions (${quoted}) ${where}`,
      message: `${address}: ${name} of \`${attribute}\` allows ${formatCount(wildcards.length)} wildcard actions, ${quoted}, ${where}${all && everyResource ? ': full administrator access' : ''}.`,
      remediation: `In ${name}, replace the wildcard actions with the specific actions needed${everyResource ? ' and scope Resource to specific ARNs' : ''}.`,
    });
  }
  for (const pattern of wildcards.length > WILDCARD_ISSUES_MAX ? [] : wildcards) {
    const quoted = quoteFrom(view, path, pattern);
    const full = actionBreadth(pattern) === 'all';
    const what = full
      ? everyResource
        ? 'every action on every resource: full administrator access'
        : `every action in every service ${where}`
      : `every action of the ${quoteFrom(view, path, pattern.split(':')[0])} service ${where}`;
    issues.push({
      ruleId: 'iam-wildcard-action',
      severity: 'high',
      attribute,
      // Split from the left: `*`, or a plain action's service to the first colon and name to the next (audit 26 F5).
      ...conditionedKey(context, statement, issueKey('action', [pattern.toLowerCase(), resourceScope(statement)], pattern === '*' || plainAction(pattern)), [pattern]),
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows ${quoted}: ${what}`,
      message: `${address}: ${name} of \`${attribute}\` allows ${quoted}, ${what}.`,
      remediation: `In ${name}, replace ${quoted} with the specific actions needed${everyResource ? ' and scope Resource to specific ARNs' : ''}.`,
    });
  }

  if (!everyIdentity) return issues;
  // Wildcard patterns are reported above with their resource scope; here only the specific ones.
  const specific = actions.values.filter((pattern) => actionBreadth(pattern) === 'partial');
  // Each pattern matched against every escalation action once: a policy may list 200,000 of them.
  // Per action, the wildcard patterns (`iam:*Role`) matching it: each grants more than the catalog's rows.
  const escalating = new Map<(typeof ESCALATION_ACTIONS)[number], Set<string>>();
  const writes: string[] = [];
  for (const pattern of specific) {
    let escalates = false;
    for (const row of ESCALATION_ACTIONS) {
      if (!wildcardMatches(pattern, row.action)) continue;
      let wildcards = escalating.get(row);
      if (wildcards === undefined) escalating.set(row, (wildcards = new Set()));
      if (/[*?]/.test(pattern)) wildcards.add(pattern);
      escalates = true;
    }
    if (!escalates && !isReadOnly(pattern)) writes.push(pattern);
  }
  for (const row of ESCALATION_ACTIONS) {
    const wildcards = escalating.get(row);
    if (wildcards === undefined) continue;
    const by = [...wildcards];
    const through = by.length === 0 ? '' : ` (by ${quoteList(view, path, by)})`;
    // The action and its resources as they always were; with the wildcard patterns granting it, in
    // the JSON form, where there are any (audit 28 F5: `iam:PassRole` widened to `iam:*Role`, which
    // also grants CreateRole, DeleteRole and UpdateRole, keyed alike).
    const key =
      by.length === 0
        ? issueKey('escalation', [row.action.toLowerCase(), resourceScope(statement)], plainAction(row.action))
        : issueKey('escalation', [row.action.toLowerCase(), resourceScope(statement), listKey([...new Set(by.map((pattern) => pattern.toLowerCase()))].sort())], false);
    issues.push({
      ruleId: 'iam-wildcard-resource',
      severity: 'high',
      attribute,
      ...conditionedKey(context, statement, key, [row.action]),
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows ${row.action}${through} ${where}: ${row.why}`,
      message: `${address}: ${name} of \`${attribute}\` allows ${row.action}${through} ${where}, which ${row.why}: a privilege escalation path.`,
      remediation: `In ${name}, set Resource to ${row.scope}.`,
    });
  }
  if (everyResource && writes.length > 0) {
    const quoted = quoteList(view, path, writes);
    issues.push({
      ruleId: 'iam-wildcard-resource',
      severity: 'medium',
      attribute,
      // Split from the right, as NotAction's (audit 26 F5, F6).
      ...conditionedKey(context, statement, issueKey('resource', [resourceScope(statement), listKey(writes.map((w) => w.toLowerCase()).sort())], plainActionList(writes)), writes),
      evidence: flaggedStatement(context, statement),
      summary: `${name} allows write actions ${quoted} ${where}`,
      message: `${address}: ${name} of \`${attribute}\` allows write actions (${quoted}) ${where}, not just the resources they are meant for.`,
      remediation: `In ${name}, replace Resource "*" with the ARNs of the resources these actions need.`,
    });
  }
  return issues;
}

/** `arn:aws:iam::111122223333:role/*` (also `user/`, `group/`, `policy/`, any path): every such identity of one account. */
function everyIamIdentityOfAccount(pattern: string): boolean {
  return /^arn:[^:]+:iam::[^:]*:(role|user|group|policy)\/[*?]*\*[*?]*$/i.test(pattern.trim());
}

function isReadOnly(pattern: string): boolean {
  const name = pattern.slice(pattern.indexOf(':') + 1);
  return READ_ONLY_ACTION_PREFIXES.some((row) => name.toLowerCase().startsWith(row.prefix.toLowerCase()));
}

/**
 * Whether a condition value names one owner's workloads: `repo:acme/app` and `repo:acme/` + `*` do;
 * `*`, `repo:*`, `*:*` and a wildcard owner before the slash do not (anyone can create a matching
 * organization).
 */
function limitingOidcValue(value: string, form: OidcValueForm): boolean {
  const trimmed = value.trim();
  if (form === 'id') return trimmed !== '' && !/[*?]/.test(trimmed);
  const owner = trimmed.replace(/^[a-z_]+:/i, '').split(/[/:]/)[0] ?? '';
  return owner !== '' && !/[*?]/.test(owner);
}

/**
 * A trust statement admitting a shared OIDC provider (GitHub Actions, gitlab.com, HCP Terraform,
 * Cognito identity pools) with no condition limiting the token to one owner: every workload on the
 * platform can assume the role.
 */
function sharedOidcIssue(context: StatementContext, statement: PolicyStatement): IamIssue | null {
  const federated = statement.principals?.negated ? [] : statement.principals?.byType['Federated'] ?? [];
  const provider = SHARED_OIDC_PROVIDERS.find((row) => federated.some((principal) => principal.toLowerCase().endsWith(`oidc-provider/${row.host}`) || principal.toLowerCase() === row.host));
  if (!provider) return null;
  const limitsSubject = statement.conditions.some(
    (clause) =>
      clause.key.toLowerCase() === provider.subjectKey &&
      !/^ForAllValues:|IfExists$|^StringNot/i.test(clause.operator) &&
      clause.values.length > 0 &&
      clause.values.every((value) => limitingOidcValue(value, provider.valueForm)),
  );
  if (limitsSubject) return null;
  const name = statementName(context, statement);
  return {
    ruleId: 'iam-public-principal',
    severity: 'high',
    attribute: context.attribute,
    // The provider (a catalog row) is the whole key; Denies beside the statement join it.
    ...deniedKey(context, `oidc-subject:${provider.host}`, `oidc-subject:${provider.host}`, [], grantedActions(statement)),
    evidence: flaggedStatement(context, statement),
    summary: `${name} trusts ${provider.host} with no condition on ${provider.subjectKey}`,
    message: `${context.address}: ${name} of the trust (assume-role) policy \`${context.attribute}\` trusts the OIDC provider ${provider.host} with no condition limiting ${provider.subjectKey}, so ${provider.everyone} can assume this role.`,
    remediation: `In ${name}, add a StringEquals (or StringLike) condition on ${provider.subjectKey} naming your own repository, project or workspace (${provider.source}).`,
  };
}

/** Resource and trust policies: a statement admitting everyone without a limiting Condition. */
function principalStatementIssues(context: StatementContext, statement: PolicyStatement, kind: Exclude<PolicyKind, 'identity'>): IamIssue[] {
  const { view, path, attribute, address } = context;
  if (kind === 'trust') {
    const oidc = sharedOidcIssue(context, statement);
    if (oidc) return [oidc];
  }
  const who = publicPrincipal(statement.principals);
  if (who === null) return [];
  if (statement.conditions.some(limitingCondition)) return [];
  const name = statementName(context, statement);
  const actions = statement.actions === null
    ? 'its actions'
    : statement.actions.negated
      ? `every action except ${quoteList(view, path, statement.actions.values)}`
      : quoteList(view, path, statement.actions.values);
  const consequence = kind === 'trust' ? 'anyone in any AWS account can assume this role' : `anyone can call ${actions} on it`;
  return [
    {
      ruleId: 'iam-public-principal',
      severity: 'high',
      attribute,
      // With its conditions, none of which limits who (audit 28 F1: dropping `s3:ExistingObjectTag/public`
      // or `aws:SourceIp 0.0.0.0/1` made the grant wider); a statement without any keys as it always did.
      ...conditionedKey(context, statement, publicKey(statement, who), grantedActions(statement), true, exceptedPrincipals(statement)),
      evidence: flaggedStatement(context, statement),
      summary: `${name} admits ${who} for ${actions} with no limiting Condition`,
      message: `${address}: ${name} of the ${KIND_WORDS[kind]} \`${attribute}\` admits ${who} with no Condition limiting it, so ${consequence}.`,
      remediation:
        kind === 'trust'
          ? `In ${name}, replace the "*" principal with the specific account, role or service that should assume the role.`
          : `In ${name}, name specific principals, or add a Condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID.`,
    },
  ];
}

/**
 * A public statement's key: who (one of publicPrincipal's few sentences, none the start of another
 * followed by a colon, so the join splits after it), its actions (`!` marking NotAction, listKey
 * keeping an action that starts with `!` or holds a comma from spelling either: audit 26 F4), and
 * its resources (audit 26 F3: b/public/* widened to b/* is a new grant). A statement naming no
 * Resource (a trust policy, a resource policy about itself) keys as it always did; one naming
 * resources keys in the JSON form.
 */
function publicKey(statement: PolicyStatement, who: string): string {
  const actions = statement.actions === null ? '' : `${statement.actions.negated ? '!' : ''}${listKey(statement.actions.values.map((action) => action.toLowerCase()).sort())}`;
  if (statement.resources === null) return issueKey('public', [who, actions], statement.actions === null || statement.actions.values.length > 0);
  return issueKey('public', [who, statement.actions === null ? null : actions, resourceScope(statement)], false);
}

/**
 * The principals a NotPrincipal Allow leaves out, one clause each: everyone but {1, 2} narrowed to
 * everyone but {1} gives account 2 access (audit 28 F4), as dropping a condition would.
 */
function exceptedPrincipals(statement: PolicyStatement): Evidence[] {
  const principals = statement.principals;
  if (principals === null || !principals.negated) return [];
  return Object.entries(principals.byType).flatMap(([type, ids]) => ids.map((id) => ({ notPrincipal: { type, id } })));
}

/** What a statement's Allow grants, for the Denies that could limit it. */
function grantedActions(statement: PolicyStatement): GrantedActions {
  return statement.actions === null || statement.actions.negated ? 'all' : statement.actions.values;
}

/** Managed policies attached by ARN: AdministratorAccess, IAMFullAccess, PowerUserAccess. */
export function awsAttachmentIssues(view: SideView): IamIssue[] {
  const issues: IamIssue[] = [];
  for (const row of AWS_MANAGED_POLICY_ATTACHMENTS) {
    if (row.type !== view.change.type) continue;
    const path = [row.attribute];
    const state = attributeState(view, path);
    if (state.state === 'unknown') {
      if (!unknownComputedIsSilent(view, path, row.computed === true)) issues.push(unknownAttachment(view, row.attribute));
      continue;
    }
    if (state.state !== 'known') continue;
    const arns = row.list ? (Array.isArray(state.value) ? state.value : []) : [state.value];
    arns.forEach((arn, index) => {
      if (row.list && (arn === null || arn === undefined) && attributeState(view, [row.attribute, index]).state === 'unknown') {
        issues.push(unknownAttachment(view, `${row.attribute}[${index}]`));
        return;
      }
      if (typeof arn !== 'string') return;
      const admin = adminManagedPolicy(arn);
      if (!admin) return;
      const at = row.list ? [row.attribute, index] : path;
      const quoted = quoteFrom(view, at, arn);
      issues.push({
        ruleId: 'iam-admin-policy',
        severity: 'high',
        attribute: row.attribute,
        key: `managed:${arn.toLowerCase()}`,
        summary: `attaches ${quoted}: ${admin.grants}`,
        message: `${view.change.address} attaches the AWS managed policy ${admin.name} (${quoted}), which grants ${admin.grants}.`,
        remediation: `Replace ${admin.name} in \`${row.attribute}\` with a policy scoped to the actions and resources this principal needs.`,
      });
    });
  }
  return issues;
}

/**
 * A policy ARN known only after apply. Usually an honest reference to a policy this plan creates
 * (whose document is checked on its own resource), but it could be any policy, AdministratorAccess
 * included: reported so that it is never silent, at info unless the policy raises it.
 */
function unknownAttachment(view: SideView, attribute: string): IamIssue {
  return unknownIssue(
    attribute,
    `${view.change.address}: the policy ARN in \`${attribute}\` is known only after apply, so it could not be checked: this attachment could grant any policy, AdministratorAccess included.`,
    'Check what the ARN comes from (a policy this plan creates is checked on its own resource); write AWS managed policy ARNs as literals.',
    `unknown-arn:${attribute}`,
  );
}

function adminManagedPolicy(arn: string): (typeof AWS_ADMIN_MANAGED_POLICIES)[number] | undefined {
  // Any partition (aws, aws-cn, aws-us-gov, …): CKV_AWS_274 only matches `arn:aws:`.
  const match = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/i.exec(arn.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  return AWS_ADMIN_MANAGED_POLICIES.find((row) => row.name.toLowerCase() === name);
}

/** Grants written as attributes: `aws_lambda_permission` with principal "*" and nothing limiting it. */
export function awsPrincipalAttributeIssues(view: SideView): IamIssue[] {
  const issues: IamIssue[] = [];
  for (const row of AWS_PRINCIPAL_ATTRIBUTES) {
    if (row.type !== view.change.type) continue;
    const state = attributeState(view, [row.principal]);
    if (state.state !== 'known' || state.value !== '*') continue;
    // A limiting attribute known only after apply is still set: it limits.
    const limited = row.limitedBy.some((attribute) => attributeState(view, [attribute]).state !== 'absent');
    if (limited) continue;
    issues.push({
      ruleId: 'iam-public-principal',
      severity: 'high',
      attribute: row.principal,
      key: `public-attribute:${row.principal}`,
      summary: `${row.principal} = "*" with none of ${row.limitedBy.join(', ')} set`,
      message: `${view.change.address} grants ${row.principal} = "*" with none of ${row.limitedBy.join(', ')} set, so anyone can ${row.grants}.`,
      remediation: `Set ${row.principal} to the specific service or account, and add ${row.limitedBy.join(' or ')}.`,
    });
  }
  return issues;
}

/** Settings that open a resource to anyone: Lambda function URLs without auth, public S3 ACLs, public access blocks off. */
export function awsPublicSettingIssues(view: SideView): IamIssue[] {
  const issues: IamIssue[] = [];
  for (const row of PUBLIC_SETTINGS) {
    if (row.type !== view.change.type) continue;
    const state = attributeState(view, [row.attribute]);
    if (state.state !== 'known' || isMarkedAt(view.side === 'before' ? view.change.beforeSensitive : view.change.afterSensitive, [row.attribute])) continue;
    if (!row.openValues.includes(state.value as string | boolean)) continue;
    const quoted = quoteFrom(view, [row.attribute], state.value);
    issues.push({
      ruleId: 'iam-public-principal',
      severity: row.severity,
      attribute: row.group ?? row.attribute,
      key: `public-setting:${row.attribute}:${String(state.value)}`,
      summary: `${row.attribute} = ${quoted}: ${row.consequence}`,
      message: `${view.change.address} sets ${row.attribute} = ${quoted}, so ${row.consequence}.`,
      remediation: `Set \`${row.attribute}\` to ${row.instead} (${row.source}).`,
    });
  }
  return issues;
}
