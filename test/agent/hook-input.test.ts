/**
 * The hook's own input, however large or unreadable: answered as input that is not JSON is (ask,
 * deny when unattended) with a plain reason, never an "internal error", never allowed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_HOOK_INPUT_BYTES } from '../../src/agent/commands.js';
import { runProgram } from '../../src/cli.js';
import type { ByteChunks } from '../../src/plan/load-input.js';

const MiB = 1024 * 1024;

async function hook(args: string[], stdin: ByteChunks) {
  let stdout = '';
  let stderr = '';
  const code = await runProgram(['hook', ...args], {
    stdout: { write: (text: string) => ((stdout += text), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream,
    stdinIsTTY: false,
    readStdin: () => stdin,
    env: {},
    cwd: mkdtempSync(join(tmpdir(), 'tfpg-hook-input-')),
  });
  return { code, stdout, stderr };
}

/** `bytes` of input in 1 MiB reads of one buffer, reused as the reader reuses its own; `head` first. */
function* payload(bytes: number, head = ''): Generator<Uint8Array, void, undefined> {
  const buffer = Buffer.alloc(MiB, 'a');
  buffer.write(head);
  for (let sent = 0; sent < bytes; sent += MiB) {
    yield buffer.subarray(0, Math.min(MiB, bytes - sent));
    buffer.fill('a');
  }
}

describe('the hook input', () => {
  it('is read up to 64 MiB', () => {
    expect(MAX_HOOK_INPUT_BYTES).toBe(64 * MiB);
  });

  // Audit 22 LOW: a payload of 512 MiB or more ended in "internal error" (exit 2): it did not fit in one string.
  it.each([MAX_HOOK_INPUT_BYTES + 1, 512 * MiB, 600 * MiB])('of %i bytes: ask (deny when unattended), saying it is too large', async (bytes) => {
    const reason = 'tf-plan-guard: the hook input is larger than 64 MiB, so it cannot tell whether this command changes infrastructure.';
    for (const [args, decision] of [[['claude-code'], 'ask'], [['claude-code', '--unattended'], 'deny']] as const) {
      const result = await hook([...args], payload(bytes, '{"tool_name":"Bash","tool_input":{"command":"terraform destroy'));
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).toEqual({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } });
    }
  });

  it('of 64 MiB: read and answered', async () => {
    const head = '{"tool_name":"Read","tool_input":{"file_path":"x"},"padding":"';
    function* exactly(): Generator<Uint8Array, void, undefined> {
      yield* payload(MAX_HOOK_INPUT_BYTES - 2, head);
      yield Buffer.from('"}');
    }
    expect(await hook(['claude-code'], exactly())).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('that cannot be read: ask, naming the error', async () => {
    function* failing(): Generator<Uint8Array, void, undefined> {
      yield Buffer.from('{"tool_name":"Bash",');
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    }
    const result = await hook(['cursor'], failing());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ permission: 'ask', user_message: expect.stringContaining('the hook input cannot be read (EIO)') });
  });
});
