/**
 * `tf-plan-guard install claude-code|cursor`: merges the hook (and, for Claude Code, the deny
 * rules) into the harness's settings file, keeping everything already there. Running it twice
 * changes nothing the second time, and running it again never silently weakens an installed
 * hook: `--unattended` (deny instead of ask), a longer `--timeout` and fail-closed stay unless
 * asked otherwise. Pure over the settings object; the caller reads and writes the file.
 */

/**
 * What the harness refuses outright: direct applies and destroys (the agent goes through the
 * guard), tf-plan-guard's own apply by any launcher, and edits of the gate's own files.
 */
export const DENY_RULES = [
  'Bash(terraform apply *)',
  'Bash(terraform destroy *)',
  'Bash(tofu apply *)',
  'Bash(tofu destroy *)',
  'Bash(terragrunt apply *)',
  'Bash(terragrunt destroy *)',
  'Bash(terragrunt run-all apply *)',
  'Bash(terragrunt run-all destroy *)',
  // tf-plan-guard's own apply started by a launcher: a person runs it at a terminal, not the agent.
  'Bash(node *tf-plan-guard* apply*)',
  'Bash(node *cli.js apply*)',
  'Bash(npx *tf-plan-guard* apply*)',
  'Bash(npm exec *tf-plan-guard* apply*)',
  'Bash(npm x *tf-plan-guard* apply*)',
  'Bash(pnpm dlx *tf-plan-guard* apply*)',
  'Bash(pnpm exec *tf-plan-guard* apply*)',
  'Bash(pnpx *tf-plan-guard* apply*)',
  'Bash(yarn dlx *tf-plan-guard* apply*)',
  'Bash(yarn exec *tf-plan-guard* apply*)',
  'Bash(bunx *tf-plan-guard* apply*)',
  'Bash(bun x *tf-plan-guard* apply*)',
  // The gate itself: the policy and the settings that hold the hook. Claude Code applies Edit
  // rules to every built-in tool that edits files, Write included.
  'Edit(**/.github/tf-plan-guard.yml)',
  'Edit(**/.claude/settings*.json)',
  'Edit(~/.claude/settings*.json)',
] as const;

/** Seconds the hook may spend planning before it asks a person instead. */
export const DEFAULT_TIMEOUT_SECONDS = 90;
/**
 * Extra seconds the harness waits for the hook beyond its planning budget: the grace Terraform
 * gets to stop (5 s), start-up and analysis. The hook always answers before the harness gives up.
 */
const HARNESS_TIMEOUT_MARGIN_SECONDS = 20;

export type Harness = 'claude-code' | 'cursor';

export interface InstallChoice {
  /** The command line that starts tf-plan-guard. */
  self: string;
  /** true: deny; false: ask (`--attended`); undefined: keep what the installed hook does. */
  unattended: boolean | undefined;
  /** The planning budget given with `--timeout`; undefined keeps the installed one. */
  timeoutSeconds: number | undefined;
  denyRules: boolean;
  /** Make a failure of the hook (crash, harness timeout) block the command. */
  failClosed: boolean;
}

export interface InstallResult {
  settings: Record<string, unknown>;
  /** What was added or changed, one line each; empty when everything was already there. */
  changes: string[];
  /** What was kept from the installed hook although this run did not ask for it. */
  kept: string[];
  /** Whether the hook in `settings` blocks the command when it fails or times out. */
  failClosed: boolean;
}

type Json = Record<string, unknown>;

interface HookFlags {
  unattended: boolean;
  timeoutSeconds: number | undefined;
  /** Other options written into the hook by hand (`--config FILE`), kept as they are. */
  other: string[];
}

/** The options of an installed hook command: what follows `hook HARNESS`. */
function installedFlags(command: string, harness: Harness): HookFlags {
  const words = command.slice(command.indexOf(`hook ${harness}`) + `hook ${harness}`.length).trim().split(/\s+/).filter(Boolean);
  const flags: HookFlags = { unattended: false, timeoutSeconds: undefined, other: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--unattended') flags.unattended = true;
    else if (word === '--timeout' && words[i + 1] !== undefined && Number.isFinite(Number(words[i + 1]))) flags.timeoutSeconds = Number(words[++i]);
    else if (word.startsWith('--timeout=') && Number.isFinite(Number(word.slice(10)))) flags.timeoutSeconds = Number(word.slice(10));
    else flags.other.push(word);
  }
  return flags;
}

/** The hook command and harness timeout for this choice over what is installed, and what was kept. */
function hookFor(harness: Harness, choice: InstallChoice, installed: string | undefined): { command: string; harnessTimeout: number; kept: string[] } {
  const before = installed === undefined ? null : installedFlags(installed, harness);
  const kept: string[] = [];
  let unattended = choice.unattended ?? false;
  if (choice.unattended === undefined && before?.unattended) {
    unattended = true;
    kept.push('kept --unattended from the installed hook (it denies instead of asking); pass --attended to make it ask');
  }
  let timeout = choice.timeoutSeconds;
  if (timeout === undefined && before?.timeoutSeconds !== undefined) {
    timeout = before.timeoutSeconds;
    kept.push(`kept --timeout ${timeout} from the installed hook`);
  }
  const flags = [...(unattended ? ['--unattended'] : []), ...(timeout !== undefined ? ['--timeout', String(timeout)] : []), ...(before?.other ?? [])];
  const command = [choice.self, 'hook', harness, ...flags].join(' ');
  return { command, harnessTimeout: Math.ceil((timeout ?? DEFAULT_TIMEOUT_SECONDS) + HARNESS_TIMEOUT_MARGIN_SECONDS), kept };
}

export function mergeClaudeCodeSettings(existing: Json, choice: InstallChoice): InstallResult {
  const settings: Json = structuredClone(existing);
  const changes: string[] = [];

  const hooks = objectAt(settings, 'hooks');
  const preToolUse = arrayAt(hooks, 'PreToolUse');
  const ours = preToolUse.find((group) => isOurHookGroup(group, 'claude-code'));
  const entry = ours === undefined ? undefined : (ours['hooks'] as Json[]).find((hook) => isOurHook(hook, 'claude-code'))!;
  const { command, harnessTimeout, kept } = hookFor('claude-code', choice, entry?.['command'] as string | undefined);
  const failClosed = choice.failClosed || entry?.['onFailure'] === 'block';
  if (!choice.failClosed && failClosed) kept.push('kept "onFailure": "block" from the installed hook: a hook that fails or times out blocks the command');
  if (entry === undefined) {
    preToolUse.push({ matcher: 'Bash', hooks: [{ type: 'command', command, timeout: harnessTimeout, ...(failClosed ? { onFailure: 'block' } : {}) }] });
    changes.push(`added a PreToolUse hook for Bash: ${command} (timeout ${harnessTimeout} s${failClosed ? ', onFailure: block' : ''})`);
  } else {
    if (entry['command'] !== command || entry['timeout'] !== harnessTimeout) {
      changes.push(describeUpdate(entry['command'], command, entry['timeout'], harnessTimeout));
      entry['command'] = command;
      entry['timeout'] = harnessTimeout;
    }
    if (failClosed && entry['onFailure'] !== 'block') {
      entry['onFailure'] = 'block';
      changes.push('set onFailure: block on the hook: a hook that fails or times out now blocks the command');
    }
  }

  if (choice.denyRules) {
    const deny = arrayAt(objectAt(settings, 'permissions'), 'deny');
    for (const rule of DENY_RULES) {
      if (!deny.includes(rule)) {
        deny.push(rule);
        changes.push(`added the deny rule ${rule}`);
      }
    }
  }
  return { settings, changes, kept, failClosed };
}

/**
 * Cursor's hooks file (`.cursor/hooks.json`, `~/.cursor/hooks.json`): `{"version": 1, "hooks":
 * {"beforeShellExecution": [{"command": ..., "timeout": ..., "failClosed": true}]}}`.
 */
export function mergeCursorHooks(existing: Json, choice: InstallChoice): InstallResult {
  const settings: Json = structuredClone(existing);
  const changes: string[] = [];
  if (settings['version'] === undefined) settings['version'] = 1;
  else if (settings['version'] !== 1) throw new SettingsShapeError(`"version" is ${JSON.stringify(settings['version'])}, and tf-plan-guard knows only version 1 of this file`);
  const before = arrayAt(objectAt(settings, 'hooks'), 'beforeShellExecution');
  const entry = before.find((hook) => isOurHook(hook, 'cursor')) as Json | undefined;
  const { command, harnessTimeout, kept } = hookFor('cursor', choice, entry?.['command'] as string | undefined);
  const failClosed = choice.failClosed || entry?.['failClosed'] === true;
  if (!choice.failClosed && failClosed) kept.push('kept "failClosed": true from the installed hook: a hook that fails or times out blocks the command');
  if (entry === undefined) {
    before.push({ command, timeout: harnessTimeout, ...(failClosed ? { failClosed: true } : {}) });
    changes.push(`added a beforeShellExecution hook: ${command} (timeout ${harnessTimeout} s${failClosed ? ', failClosed' : ''})`);
  } else {
    if (entry['command'] !== command || entry['timeout'] !== harnessTimeout) {
      changes.push(describeUpdate(entry['command'], command, entry['timeout'], harnessTimeout));
      entry['command'] = command;
      entry['timeout'] = harnessTimeout;
    }
    if (failClosed && entry['failClosed'] !== true) {
      entry['failClosed'] = true;
      changes.push('set failClosed on the hook: a hook that fails or times out now blocks the command');
    }
  }
  return { settings, changes, kept, failClosed };
}

function describeUpdate(oldCommand: unknown, command: string, oldTimeout: unknown, timeout: number): string {
  const parts: string[] = [];
  if (oldCommand !== command) parts.push(`command ${JSON.stringify(oldCommand)} → ${JSON.stringify(command)}`);
  if (oldTimeout !== timeout) parts.push(`timeout ${JSON.stringify(oldTimeout ?? null)} → ${timeout} s`);
  return `updated the hook: ${parts.join(', ')}`;
}

function isOurHook(hook: unknown, harness: Harness): hook is Json {
  if (typeof hook !== 'object' || hook === null) return false;
  const command = (hook as Json)['command'];
  return typeof command === 'string' && new RegExp(`\\bhook ${harness}\\b`).test(command) && /tf-plan-guard|cli\.js/.test(command);
}

function isOurHookGroup(group: unknown, harness: Harness): group is Json {
  return typeof group === 'object' && group !== null && Array.isArray((group as Json)['hooks']) && ((group as Json)['hooks'] as unknown[]).some((hook) => isOurHook(hook, harness));
}

function objectAt(parent: Json, key: string): Json {
  const value = parent[key];
  if (value === undefined) return (parent[key] = {}) as Json;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SettingsShapeError(`"${key}" is not an object`);
  return value as Json;
}

function arrayAt(parent: Json, key: string): unknown[] {
  const value = parent[key];
  if (value === undefined) return (parent[key] = []) as unknown[];
  if (!Array.isArray(value)) throw new SettingsShapeError(`"${key}" is not a list`);
  return value;
}

export class SettingsShapeError extends Error {}
