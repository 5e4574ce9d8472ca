/** The command line run in-process, its output captured: no terminal, no standard input. */
import { runCli } from '../../src/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `cwd` is where the policy file and `.tf` files are looked for; plan paths resolve against the test process's directory. */
export function runCliCaptured(args: readonly string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, {
    stdout: { write: (chunk: string) => ((stdout += chunk), true), isTTY: false } as unknown as NodeJS.WritableStream,
    stderr: { write: (chunk: string) => ((stderr += chunk), true) } as unknown as NodeJS.WritableStream,
    stdinIsTTY: true,
    readStdin: () => new Uint8Array(),
    env,
    cwd,
  });
  return { code, stdout, stderr };
}
