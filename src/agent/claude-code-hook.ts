/**
 * Claude Code's `PreToolUse` hook for the Bash tool. Input: the hook's JSON on stdin
 * (`tool_name`, `tool_input.command`, `cwd`). Output: nothing when the command is not a
 * Terraform change or nothing in its plan blocks (the harness's own rules then decide), else a
 * JSON answer whose `permissionDecision` is `ask` (a person confirms in the permission prompt,
 * reading `permissionDecisionReason`) or, for unattended agents, `deny` (the agent reads the
 * reason and is told to ask a person). The exit status is 0 whenever an answer was written:
 * Claude Code reads JSON only then.
 */
import { assessCommandLine, type Assessment, type GuardOptions } from './guard.js';

export interface HookInput {
  toolName: string;
  command: string;
  cwd: string;
}

export interface HookAnswer {
  hookSpecificOutput: {
    hookEventName: 'PreToolUse';
    permissionDecision: 'ask' | 'deny';
    permissionDecisionReason: string;
  };
}

/** The hook input from its JSON text, or a problem in words. */
export function parseHookInput(text: string, fallbackCwd: string): HookInput | { problem: string } {
  const parsed = parseJsonObject(text);
  if ('problem' in parsed) return parsed;
  const record = parsed.record;
  const toolInput = record['tool_input'];
  const command = toolInput && typeof toolInput === 'object' ? (toolInput as Record<string, unknown>)['command'] : undefined;
  return {
    toolName: typeof record['tool_name'] === 'string' ? record['tool_name'] : '',
    command: typeof command === 'string' ? command : '',
    cwd: typeof record['cwd'] === 'string' && record['cwd'] !== '' ? record['cwd'] : fallbackCwd,
  };
}

/** The hook input as a JSON object, or what is wrong with it. */
export function parseJsonObject(text: string): { record: Record<string, unknown> } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'the hook input is not JSON' };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { problem: 'the hook input is not a JSON object' };
  return { record: data as Record<string, unknown> };
}

export interface HookSettings extends GuardOptions {
  unattended: boolean;
}

/** The answer for one tool call, or null when tf-plan-guard has no objection. */
export async function answerToolCall(input: HookInput, settings: HookSettings): Promise<HookAnswer | null> {
  if (input.toolName !== 'Bash' || input.command === '') return null;
  const objections = await objectionsTo(input.command, input.cwd, settings);
  if (objections.length === 0) return null;
  return objectionAnswer(objections, settings);
}

/** What needs a person in a command line: every assessment that is not clear. */
export async function objectionsTo(command: string, cwd: string, settings: GuardOptions): Promise<Assessment[]> {
  const assessments = await assessCommandLine(command, cwd, settings);
  return assessments.filter((assessment) => assessment.outcome !== 'clear');
}

/** The lines a person reads: the reasons, whether the budget ran out, and what to do. */
export function objectionLines(objections: readonly Assessment[], settings: Pick<HookSettings, 'unattended' | 'budgetMs'>): string[] {
  const lines = ['tf-plan-guard:', ...objections.flatMap((objection) => objection.reason)];
  if (objections.some((objection) => objection.timedOut)) lines.push(`Planning ran out of its ${Math.round(settings.budgetMs / 1000)} s time budget (--timeout), so the plan was not checked.`);
  lines.push(
    settings.unattended
      ? 'Denied: do not run this without a human. Stop and ask a person to review the plan and run it themselves.'
      : 'Approve only if you expected exactly this.',
  );
  return lines;
}

export function objectionAnswer(objections: readonly Assessment[], settings: Pick<HookSettings, 'unattended' | 'budgetMs'>): HookAnswer {
  const lines = objectionLines(objections, settings);
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: settings.unattended ? 'deny' : 'ask',
      permissionDecisionReason: lines.join('\n'),
    },
  };
}

/** The answer when the hook cannot tell what the tool call is: a person decides. */
export function unreadableInputAnswer(problem: string, unattended: boolean): HookAnswer {
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: unattended ? 'deny' : 'ask',
      permissionDecisionReason: `tf-plan-guard: ${problem}, so it cannot tell whether this command changes infrastructure.`,
    },
  };
}
