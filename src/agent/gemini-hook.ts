/**
 * Gemini CLI's `BeforeTool` hook for its shell tool, `run_shell_command`
 * (https://geminicli.com/docs/hooks/reference, https://geminicli.com/docs/tools/shell). Input:
 * JSON on stdin with `tool_name`, `tool_input.command`, the directory it runs in
 * (`tool_input.dir_path`, earlier `tool_input.directory`, relative to the project root) and `cwd`.
 * Output: JSON on stdout with exit 0: `{}` when there is no objection (Gemini CLI's own
 * confirmation then decides), else `{"decision": "deny", "reason": ..., "systemMessage": ...}`.
 * Gemini CLI has no "ask" answer: a blocking plan is always denied, the reason (sent to the agent)
 * tells it to stop and ask a person, and `systemMessage` shows the same lines to the person.
 */
import { isAbsolute, resolve } from 'node:path';
import { objectionLines, objectionsTo, parseJsonObject, type HookSettings } from './claude-code-hook.js';

export interface GeminiInput {
  toolName: string;
  command: string;
  cwd: string;
}

export type GeminiAnswer = Record<string, never> | { decision: 'deny'; reason: string; systemMessage: string };

export function parseGeminiInput(text: string, fallbackCwd: string): GeminiInput | { problem: string } {
  const parsed = parseJsonObject(text);
  if ('problem' in parsed) return parsed;
  const record = parsed.record;
  const toolInput = record['tool_input'] && typeof record['tool_input'] === 'object' ? (record['tool_input'] as Record<string, unknown>) : {};
  const root = typeof record['cwd'] === 'string' && record['cwd'] !== '' ? record['cwd'] : fallbackCwd;
  const directory = [toolInput['dir_path'], toolInput['directory']].find((value): value is string => typeof value === 'string' && value !== '');
  return {
    toolName: typeof record['tool_name'] === 'string' ? record['tool_name'] : '',
    command: typeof toolInput['command'] === 'string' ? toolInput['command'] : '',
    cwd: directory === undefined ? root : isAbsolute(directory) ? directory : resolve(root, directory),
  };
}

export async function answerShellCommand(input: GeminiInput, settings: HookSettings): Promise<GeminiAnswer> {
  if (input.toolName !== 'run_shell_command' || input.command === '') return {};
  const objections = await objectionsTo(input.command, input.cwd, settings);
  if (objections.length === 0) return {};
  // No "ask" in this protocol: the agent is always told to stop and ask a person.
  const lines = objectionLines(objections, { ...settings, unattended: true }).join('\n');
  return { decision: 'deny', reason: lines, systemMessage: lines };
}

/** The answer when the hook cannot tell what the command is: denied, saying why. */
export function unreadableGeminiInput(problem: string): GeminiAnswer {
  const message = `tf-plan-guard: ${problem}, so it cannot tell whether this command changes infrastructure.`;
  return { decision: 'deny', reason: message, systemMessage: message };
}
