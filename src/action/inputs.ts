/**
 * The action's inputs (contract §2), validated in one place. A wrong value is one line naming
 * the input, so a typo in a workflow never silently weakens the gate.
 */
import * as z from 'zod';
import { InputError } from '../errors.js';
import { BLOCK_ON_VALUES, type BlockOn } from '../policy/config.js';

export const APPROVER_PERMISSIONS = ['write', 'maintain', 'admin'] as const;
export type ApproverPermission = (typeof APPROVER_PERMISSIONS)[number];

export interface ActionInputs {
  /** Paths and glob patterns, one per entry; empty when not given. */
  planFiles: string[];
  githubToken: string;
  /** The policy file; `explicit` is false when it is the default path (then a missing file means defaults). */
  configFile: { path: string; explicit: boolean };
  /** null when not given: the policy's own `block-on` (or its default) applies. */
  blockOn: BlockOn | null;
  approvalLabel: string;
  /** Lower-cased logins; empty = anyone with the permission. */
  approvers: string[];
  approverPermission: ApproverPermission;
  allowSelfApproval: boolean;
  checkName: string;
  comment: boolean;
  failOnBlock: boolean;
  /** The login the action's comments are written by, when known up front (a GitHub App's bot). */
  commentAuthor: string | null;
  /** Also write SARIF for code scanning beside the JSON report (`sarif-file`). */
  sarif: boolean;
}

export const DEFAULT_CONFIG_FILE = '.github/tf-plan-guard.yml';

/** The defaults of action.yml, applied when the runner leaves an input unset (as tests do). */
export const INPUT_DEFAULTS = {
  'plan-file': '',
  'github-token': '',
  'config-file': DEFAULT_CONFIG_FILE,
  'block-on': '',
  'approval-label': 'tf-plan-guard:approved',
  approvers: '',
  'approver-permission': 'write',
  'allow-self-approval': 'false',
  'check-name': 'Terraform Plan Guard',
  comment: 'true',
  'fail-on-block': 'false',
  'comment-author': '',
  sarif: 'false',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

/** YAML 1.2 core booleans, as `core.getBooleanInput` accepts them. */
const booleanText = z
  .string()
  .refine((text) => /^(true|True|TRUE|false|False|FALSE)$/.test(text), 'must be true or false')
  .transform((text) => text.toLowerCase() === 'true');

const login = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

const fields: Record<InputName, z.ZodType> = {
  'plan-file': z.string().transform((text) => splitLines(text)),
  'github-token': z.string(),
  'config-file': z.string().min(1, 'must not be empty'),
  'block-on': z.enum(['', ...BLOCK_ON_VALUES], { error: `must be one of ${BLOCK_ON_VALUES.join(', ')}` }),
  'approval-label': z.string().min(1, 'must not be empty').max(50, 'a GitHub label name is at most 50 characters'),
  approvers: z
    .string()
    .transform((text) => splitList(text))
    .refine((logins) => logins.every((entry) => login.test(entry.replace(/^@/, ''))), 'must be GitHub logins separated by commas or newlines')
    .transform((logins) => logins.map((entry) => entry.replace(/^@/, '').toLowerCase())),
  'approver-permission': z.enum(APPROVER_PERMISSIONS, { error: `must be one of ${APPROVER_PERMISSIONS.join(', ')}` }),
  'allow-self-approval': booleanText,
  'check-name': z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  comment: booleanText,
  'fail-on-block': booleanText,
  'comment-author': z.string().refine((text) => text === '' || login.test(text), 'must be a GitHub login such as my-app[bot]'),
  sarif: booleanText,
};

/**
 * One input's value as the runner would pass it (`text` as written; empty means the default),
 * validated; throws an InputError naming the input. `T` is the type its field in ActionInputs holds.
 */
export function inputValue<T>(name: InputName, text: string): T {
  const trimmed = text.trim();
  const raw = trimmed === '' ? INPUT_DEFAULTS[name] : trimmed;
  const parsed = fields[name].safeParse(raw);
  if (!parsed.success) {
    const shown = name === 'github-token' ? '' : ` (got "${raw}")`;
    throw new InputError(null, `input "${name}" ${parsed.error.issues[0]?.message ?? 'is invalid'}${shown}`);
  }
  return parsed.data as T;
}

/** The `config-file` input as given: explicit unless empty or the default path. */
export function configFileInput(text: string): ActionInputs['configFile'] {
  const path = text.trim();
  return { path: path === '' ? DEFAULT_CONFIG_FILE : inputValue<string>('config-file', path), explicit: path !== '' && path !== DEFAULT_CONFIG_FILE };
}

/** Reads and validates every input; `read` returns the raw value ('' when unset). */
export function parseInputs(read: (name: InputName) => string): ActionInputs {
  const value = <T>(name: InputName): T => inputValue<T>(name, read(name));
  const blockOn = value<BlockOn | ''>('block-on');
  const commentAuthor = value<string>('comment-author');
  return {
    planFiles: value<string[]>('plan-file'),
    githubToken: value<string>('github-token'),
    configFile: configFileInput(read('config-file')),
    blockOn: blockOn === '' ? null : blockOn,
    approvalLabel: value<string>('approval-label'),
    approvers: value<string[]>('approvers'),
    approverPermission: value<ApproverPermission>('approver-permission'),
    allowSelfApproval: value<boolean>('allow-self-approval'),
    checkName: value<string>('check-name'),
    comment: value<boolean>('comment'),
    failOnBlock: value<boolean>('fail-on-block'),
    commentAuthor: commentAuthor === '' ? null : commentAuthor,
    sarif: value<boolean>('sarif'),
  };
}

function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
