import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, {
    stdout: { write: (chunk: string) => ((stdout += chunk), true) } as never,
    stderr: { write: (chunk: string) => ((stderr += chunk), true) } as never,
    stdinIsTTY: true,
    readStdin: () => new Uint8Array(),
    env: {},
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

/** A plan from an empty state with no production-looking names: only the PR context decides. */
const plan = 'fixtures/rules/network/open-ingress.json';

function emptyStateSeverity(extra: string[]): string | undefined {
  const { stdout } = run(['analyze', plan, '--format', 'json', ...extra]);
  const report = JSON.parse(stdout) as { plans: { findings: { ruleId: string; severity: string }[] }[] };
  return report.plans[0]?.findings.find((finding) => finding.ruleId === 'empty-prior-state')?.severity;
}

describe('--configuration-change', () => {
  it('weighs an empty prior state by whether the configuration is new', () => {
    expect(emptyStateSeverity([])).toBe('high');
    expect(emptyStateSeverity(['--configuration-change', 'added'])).toBe('medium');
    expect(emptyStateSeverity(['--configuration-change', 'modified'])).toBe('critical');
  });

  it('rejects other values in one line, exit 2', () => {
    const { code, stderr } = run(['analyze', plan, '--configuration-change', 'new']);
    expect(code).toBe(2);
    expect(stderr).toBe('tf-plan-guard: --configuration-change must be one of added, modified, unknown (got "new")\n');
  });
});
