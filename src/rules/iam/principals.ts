/** Who a policy statement admits, and whether its Condition confines that to someone specific. */
import { LIMITING_CONDITION_KEYS, LIMITING_OPERATORS, type ConditionValueKind } from '../../catalog/aws-policy-grammar.js';
import { internetReach } from '../cidr-coverage.js';
import type { ConditionClause, Principals } from './policy-document.js';

/**
 * How a statement is open to everyone, in words; null when it names specific principals.
 * `"*"`, `{"AWS": "*"}` (also inside a list) and any other principal type holding `"*"` are
 * everyone; `NotPrincipal` with Allow is everyone but the listed ones.
 */
export function publicPrincipal(principals: Principals | null): string | null {
  if (principals === null) return null;
  if (principals.negated) return 'everyone except the listed principals (NotPrincipal)';
  if (principals.everyone) return 'every principal ("Principal": "*")';
  for (const [type, identifiers] of Object.entries(principals.byType)) {
    if (identifiers.includes('*')) return `every principal (${KNOWN_PRINCIPAL_TYPES.has(type) ? `{"${type}": "*"}` : 'a principal type holding "*"'})`;
  }
  return null;
}

/** Principal types of the policy grammar; any other key is plan text and is not quoted. */
const KNOWN_PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

const OPERATOR_FAMILY = new Map(LIMITING_OPERATORS.map((row) => [row.operator.toLowerCase(), row.family]));
const LIMITING_KEYS = new Map(LIMITING_CONDITION_KEYS.map((row) => [row.key.toLowerCase(), row]));

/**
 * Whether one condition clause confines the grant: a limiting key, compared with a positive
 * operator of a family that counts for it, to values that are all specific and, for address
 * ranges, do not together admit the internet (the values of one clause are alternatives, so
 * `0.0.0.0/1` + `128.0.0.0/1` admits every IPv4 caller, and `0.0.0.0/1` alone half of them:
 * rules/cidr-coverage.ts). `ForAllValues:` and `…IfExists` pass
 * when the key is missing, so they never limit.
 */
export function limitingCondition(clause: ConditionClause): boolean {
  let operator = clause.operator;
  if (/^ForAllValues:/i.test(operator) || /IfExists$/i.test(operator)) return false;
  operator = operator.replace(/^ForAnyValue:/i, '');
  const family = OPERATOR_FAMILY.get(operator.toLowerCase());
  const key = LIMITING_KEYS.get(clause.key.toLowerCase());
  if (family === undefined || key === undefined || !key.families.includes(family)) return false;
  if (clause.values.length === 0 || !clause.values.every((value) => specificValue(value, key.value))) return false;
  return key.value !== 'network' || internetReach(clause.values) === null;
}

const WILDCARD = /[*?]/;

/**
 * A value that names something specific (see ConditionValueKind): never a bare wildcard, a
 * policy variable, a wildcard where anyone could create a match, or a /0 range.
 */
function specificValue(value: string, kind: ConditionValueKind): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || /^[*?]+$/.test(trimmed) || trimmed.includes('${')) return false;
  switch (kind) {
    case 'network':
      return !/\/0$/.test(trimmed);
    case 'account':
    case 'organization':
      return !WILDCARD.test(trimmed);
    case 'organization-path':
      return !WILDCARD.test(trimmed.split('/')[0] ?? '');
    case 'arn':
      return specificArn(trimmed);
    case 'id':
      // `vpce-*` matches an endpoint anyone can create; `AROAEXAMPLE:*` is one role's sessions.
      return !WILDCARD.test(trimmed.split(':')[0] ?? '');
  }
}

function specificArn(value: string): boolean {
  const arn = /^arn:[^:]*:([^:]*):[^:]*:([^:]*):(.*)$/i.exec(value);
  if (!arn) return !WILDCARD.test(value);
  const service = arn[1]!.toLowerCase();
  const account = arn[2]!;
  const resource = arn[3]!;
  if (WILDCARD.test(account)) return false;
  if (account === '') {
    // S3 ARNs have no account: the bucket's global name is what identifies the owner. Other
    // account-less ARNs (Route 53 zones) name nothing specific once they hold a wildcard.
    if (service === 's3') return resource !== '' && !WILDCARD.test(resource.split('/')[0] ?? '');
    return resource !== '' && !WILDCARD.test(resource);
  }
  return true;
}
