/**
 * Cursor's `beforeShellExecution` hook. Input: JSON on stdin with the shell command at the top
 * level (`command`, `cwd`, plus `hook_event_name`, `workspace_roots`...). Output: one JSON object
 * `{"permission": "allow" | "deny" | "ask", "user_message": ..., "agent_message": ...}`. Cursor
 * reads a missing or unreadable answer as a hook failure (which blocks every command when the
 * hook is installed fail-closed), so a command that is not a Terraform change, or whose plan
 * blocks nothing, is answered `allow` with no messages.
 */
import { objectionLines, objectionsTo, parseJsonObject, type HookSettings } from './claude-code-hook.js';

export interface CursorAnswer {
  permission: 'allow' | 'deny' | 'ask';
  user_message?: string;
  agent_message?: string;
}

export interface CursorInput {
  command: string;
  cwd: string;
}

/** The hook input from its JSON text, or a problem in words. */
export function parseCursorInput(text: string, fallbackCwd: string): CursorInput | { problem: string } {
  const parsed = parseJsonObject(text);
  if ('problem' in parsed) return parsed;
  const record = parsed.record;
  if (typeof record['command'] !== 'string') return { problem: 'the hook input has no "command"' };
  const roots = Array.isArray(record['workspace_roots']) ? record['workspace_roots'].filter((root): root is string => typeof root === 'string' && root !== '') : [];
  const cwd = typeof record['cwd'] === 'string' && record['cwd'] !== '' ? record['cwd'] : (roots[0] ?? fallbackCwd);
  return { command: record['command'], cwd };
}

export async function answerShellExecution(input: CursorInput, settings: HookSettings): Promise<CursorAnswer> {
  if (input.command === '') return { permission: 'allow' };
  const objections = await objectionsTo(input.command, input.cwd, settings);
  if (objections.length === 0) return { permission: 'allow' };
  const lines = objectionLines(objections, settings);
  return {
    permission: settings.unattended ? 'deny' : 'ask',
    user_message: lines.join('\n'),
    agent_message: settings.unattended
      ? `${lines.join('\n')}\nStop and ask a person to review the plan and run it themselves.`
      : `${lines.slice(0, -1).join('\n')}\nA person was asked to approve this command.`,
  };
}

/** The answer when the hook cannot tell what the command is: a person decides. */
export function unreadableCursorInput(problem: string, unattended: boolean): CursorAnswer {
  const message = `tf-plan-guard: ${problem}, so it cannot tell whether this command changes infrastructure.`;
  return { permission: unattended ? 'deny' : 'ask', user_message: message, agent_message: message };
}
