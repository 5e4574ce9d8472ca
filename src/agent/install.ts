/**
 * `tf-plan-guard install claude-code`: merges the hook and the deny rules into a Claude Code
 * settings file, keeping everything already there. Running it twice changes nothing the
 * second time. Pure over the settings object; the caller reads and writes the file.
 */

/** Direct applies and destroys the harness refuses outright: the agent goes through the guard. */
export const DENY_RULES = [
  'Bash(terraform apply *)',
  'Bash(terraform destroy *)',
  'Bash(tofu apply *)',
  'Bash(tofu destroy *)',
  'Bash(terragrunt apply *)',
  'Bash(terragrunt destroy *)',
  'Bash(terragrunt run-all apply *)',
  'Bash(terragrunt run-all destroy *)',
] as const;

export interface InstallChoice {
  /** The command line Claude Code runs for the hook. */
  hookCommand: string;
  /** Seconds Claude Code waits for the hook before giving up on it. */
  timeoutSeconds: number;
  denyRules: boolean;
}

export interface InstallResult {
  settings: Record<string, unknown>;
  /** What was added, one line each; empty when everything was already there. */
  changes: string[];
}

type Json = Record<string, unknown>;

export function mergeClaudeCodeSettings(existing: Json, choice: InstallChoice): InstallResult {
  const settings: Json = structuredClone(existing);
  const changes: string[] = [];

  const hooks = objectAt(settings, 'hooks');
  const preToolUse = arrayAt(hooks, 'PreToolUse');
  const ours = preToolUse.find(isOurHookGroup);
  if (ours === undefined) {
    preToolUse.push({ matcher: 'Bash', hooks: [{ type: 'command', command: choice.hookCommand, timeout: choice.timeoutSeconds }] });
    changes.push(`added a PreToolUse hook for Bash: ${choice.hookCommand}`);
  } else {
    const entry = (ours['hooks'] as Json[]).find(isOurHook)!;
    if (entry['command'] !== choice.hookCommand || entry['timeout'] !== choice.timeoutSeconds) {
      entry['command'] = choice.hookCommand;
      entry['timeout'] = choice.timeoutSeconds;
      changes.push(`updated the PreToolUse hook: ${choice.hookCommand} (timeout ${choice.timeoutSeconds} s)`);
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
  return { settings, changes };
}

function isOurHook(hook: unknown): boolean {
  return typeof hook === 'object' && hook !== null && typeof (hook as Json)['command'] === 'string' && /\bhook claude-code\b/.test((hook as Json)['command'] as string) && /tf-plan-guard|cli\.js/.test((hook as Json)['command'] as string);
}

function isOurHookGroup(group: unknown): group is Json {
  return typeof group === 'object' && group !== null && Array.isArray((group as Json)['hooks']) && ((group as Json)['hooks'] as unknown[]).some(isOurHook);
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
