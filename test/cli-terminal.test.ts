/**
 * The bundled command's text report on a real terminal (a pseudo-terminal made by script(1), with
 * its width set by stty), in a pipe and with the colour variables: wrapped to the width, coloured
 * only on a terminal, ending with the verdict, the exit status' meaning and the next step.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(process.cwd(), 'dist/cli.js');
const PLAN = join(process.cwd(), 'fixtures/e2e/unmarked-secret-replace.json');
const ANSI = /\u001b\[[0-9;]*m/g;

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasScript) console.warn('skipping the terminal tests: script(1) (util-linux) is not installed');

/** The environment without the colour and width variables of whoever runs the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE: process.execPath, CLI, PLAN, TERM: 'xterm-256color', ...extra };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS']) if (!(name in extra)) delete env[name];
  return env;
}

/** The command on a pseudo-terminal `columns` wide; the terminal's \r\n read as \n. */
function onTerminal(columns: number, extra: Record<string, string> = {}) {
  const command = `stty cols ${columns} rows 50; "$NODE" "$CLI" analyze "$PLAN"`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: cleanEnv(extra), timeout: 60_000 });
  return { code: result.status, out: result.stdout.replace(/\r\n/g, '\n') };
}

function inPipe(extra: Record<string, string> = {}) {
  const result = spawnSync('sh', ['-c', '"$NODE" "$CLI" analyze "$PLAN" | cat'], { encoding: 'utf8', env: cleanEnv(extra), timeout: 60_000 });
  return { out: result.stdout };
}

const widest = (out: string) => Math.max(...out.split('\n').map((line) => [...line.replace(ANSI, '')].length));

describe.skipIf(!hasScript)('the text report on a terminal', () => {
  it.each([50, 72, 120])('wraps to a %i-column terminal, in colour, and ends on the verdict and what to do', (columns) => {
    const { code, out } = onTerminal(columns);
    expect(code).toBe(1);
    expect(widest(out)).toBeLessThanOrEqual(columns);
    expect(out).toMatch(ANSI);
    const plain = out.replace(ANSI, '');
    expect(plain.split('\n')[0]).toMatch(/^tf-plan-guard: Needs approval: 1 blocking change/);
    const closing = plain.slice(plain.lastIndexOf('─'));
    expect(closing.replace(/\s+/g, ' ')).toMatch(/^─ Needs approval: 1 blocking change \(at or above high\) Exit status 1: /);
    expect(closing.replace(/\s+/g, ' ')).toContain("a change at or above high needs a human's approval before this plan is applied. Next: read each blocking change above");
    // The secrets by name stay hidden however the lines break.
    expect(plain.replace(/\s+/g, '')).not.toMatch(/unmarked-\d{4}/);
  });

  it('has no colour with NO_COLOR, or TERM=dumb', () => {
    expect(onTerminal(80, { NO_COLOR: '1' }).out).not.toMatch(ANSI);
    expect(onTerminal(80, { TERM: 'dumb' }).out).not.toMatch(ANSI);
  });
});

describe('the text report in a pipe', () => {
  it('has no colour and wraps to 100 columns, or COLUMNS', () => {
    const plain = inPipe().out;
    expect(plain).not.toMatch(ANSI);
    expect(widest(plain)).toBeLessThanOrEqual(100);
    expect(widest(plain)).toBeGreaterThan(90);
    expect(widest(inPipe({ COLUMNS: '64' }).out)).toBeLessThanOrEqual(64);
    expect(plain.trimEnd().split('\n').at(-1)).toMatch(/configuration and plan again\.$/);
  });

  it('is coloured with FORCE_COLOR (not with FORCE_COLOR=0)', () => {
    expect(inPipe({ FORCE_COLOR: '1' }).out).toMatch(ANSI);
    expect(inPipe({ FORCE_COLOR: '0' }).out).not.toMatch(ANSI);
  });
});
