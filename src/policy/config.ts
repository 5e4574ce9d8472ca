/**
 * The policy file (contract §4): YAML or JSON, validated strictly. An unknown key is an error
 * that names its path, because a misspelt key that silently does nothing is a hole in a guard.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { InputError } from '../errors.js';
import { RULE_IDS, SEVERITIES, type RuleId, type Severity } from '../rules/types.js';

export const BLOCK_ON_VALUES = [...SEVERITIES, 'none'] as const;
export type BlockOn = (typeof BLOCK_ON_VALUES)[number];

const globList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

const ruleSettings = z.strictObject({
  severity: z.enum(SEVERITIES).optional(),
  enabled: z.boolean().optional(),
});

const KNOWN_RULES = `known rules: ${RULE_IDS.join(', ')}`;

const ruleIdSchema = z.enum(RULE_IDS, { error: (issue) => `${JSON.stringify(issue.input)} is not a rule id (${KNOWN_RULES})` });

const REASON_REQUIRED = 'every ignore entry needs a reason';

const policySchema = z.strictObject({
  'block-on': z.enum(BLOCK_ON_VALUES).optional(),
  rules: z.partialRecord(ruleIdSchema, ruleSettings).optional(),
  stateful: z
    .strictObject({
      include: z.array(z.string().min(1)).optional(),
      exclude: z.array(z.string().min(1)).optional(),
    })
    .optional(),
  ignore: z
    .array(
      z.strictObject({
        address: globList,
        rules: z.array(ruleIdSchema).optional(),
        reason: z.string({ error: REASON_REQUIRED }).trim().min(1, REASON_REQUIRED),
      }),
    )
    .optional(),
  'mass-delete': z.strictObject({ threshold: z.number().int().min(1) }).optional(),
});

export interface IgnoreEntry {
  addresses: string[];
  rules: RuleId[] | null;
  reason: string;
}

export interface Policy {
  blockOn: BlockOn;
  rules: Partial<Record<RuleId, { severity?: Severity; enabled?: boolean }>>;
  stateful: { include: string[]; exclude: string[] };
  ignore: IgnoreEntry[];
  massDeleteThreshold: number;
  /** The file the policy came from; null for the built-in defaults. */
  source: string | null;
}

export const DEFAULT_POLICY: Policy = {
  blockOn: 'high',
  rules: {},
  stateful: { include: [], exclude: [] },
  ignore: [],
  massDeleteThreshold: 10,
  source: null,
};

export const DEFAULT_POLICY_PATH = '.github/tf-plan-guard.yml';

/**
 * The policy for a run: the given file (which must exist), else the default path when it exists,
 * else the built-in defaults.
 */
export function resolvePolicy(explicitPath: string | null, cwd = process.cwd()): Policy {
  if (explicitPath) return loadPolicyFile(explicitPath);
  const defaultPath = `${cwd}/${DEFAULT_POLICY_PATH}`;
  return existsSync(defaultPath) ? loadPolicyFile(defaultPath, DEFAULT_POLICY_PATH) : DEFAULT_POLICY;
}

export function loadPolicyFile(path: string, displayName = path): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(displayName, 'policy file not found or unreadable');
  }
  return parsePolicy(text, displayName);
}

export function parsePolicy(text: string, source: string): Policy {
  let data: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    data = parseYaml(text, { prettyErrors: false });
  } catch (error) {
    // Without prettyErrors the message is one line, with no excerpt; the position is an offset.
    const offset = (error as { pos?: [number, number] }).pos?.[0];
    const where = offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`;
    const detail = error instanceof Error ? `: ${error.message.split('\n', 1)[0]}` : '';
    throw new InputError(source, `the policy file is not valid YAML or JSON${where}${detail}`);
  }
  if (data === null || data === undefined) return { ...DEFAULT_POLICY, source };
  const parsed = policySchema.safeParse(data);
  if (!parsed.success) throw new InputError(source, describeIssue(parsed.error.issues[0]));
  const policy = parsed.data;
  return {
    blockOn: policy['block-on'] ?? DEFAULT_POLICY.blockOn,
    rules: policy.rules ?? {},
    stateful: { include: policy.stateful?.include ?? [], exclude: policy.stateful?.exclude ?? [] },
    ignore: (policy.ignore ?? []).map((entry) => ({ addresses: entry.address, rules: entry.rules ?? null, reason: entry.reason })),
    massDeleteThreshold: policy['mass-delete']?.threshold ?? DEFAULT_POLICY.massDeleteThreshold,
    source,
  };
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'the policy file is invalid';
  if (issue.code === 'unrecognized_keys' && issue.path.length === 1 && issue.path[0] === 'rules') {
    const keys = issue.keys.map((key) => `"rules.${key}"`);
    return `${keys.join(', ')} ${keys.length > 1 ? 'are not rule ids' : 'is not a rule id'} (${KNOWN_RULES})`;
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => [...issue.path, key].map(String).join('.'));
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((key) => `"${key}"`).join(', ')} in the policy file`;
  }
  const where = issue.path.map(String).join('.') || '(top level)';
  if (issue.code === 'invalid_key') return `"${where}" is not a rule id (${KNOWN_RULES})`;
  return `"${where}": ${issue.message}`;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}
