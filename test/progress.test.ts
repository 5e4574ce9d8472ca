import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import type { ProgressListener } from '../src/plan/load-input.js';
import { readingProgress } from '../src/progress.js';

const RDS = 'fixtures/incidents/rds-delete-unprotected.json';

function collector() {
  let text = '';
  return { stream: { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

describe('reading progress', () => {
  it('says nothing in the first second, then redraws one line at most every 100 ms, and clears it at the end', () => {
    const stderr = collector();
    let clock = 0;
    const progress = readingProgress(stderr.stream, 'plan.json', () => clock);
    progress.onProgress(10 << 20, 600 << 20);
    clock = 900;
    progress.onProgress(50 << 20, 600 << 20);
    expect(stderr.text()).toBe('');
    clock = 1000;
    progress.onProgress(210 << 20, 600 << 20);
    clock = 1050;
    progress.onProgress(220 << 20, 600 << 20);
    clock = 1100;
    progress.onProgress(300 << 20, null);
    progress.done();
    expect(stderr.text()).toBe('\r\u001b[2Ktf-plan-guard: reading plan.json: 210 of 600 MiB (35%)\r\u001b[2Ktf-plan-guard: reading plan.json: 300 MiB\r\u001b[2K');
  });

  it('the same file read once more from its start says "again" rather than going back to 0%', () => {
    const stderr = collector();
    let clock = 0;
    const progress = readingProgress(stderr.stream, 'plan.json', () => (clock += 1000));
    for (const bytesRead of [300 << 20, 600 << 20, 1 << 20, 450 << 20]) progress.onProgress(bytesRead, 600 << 20);
    progress.done();
    expect(stderr.text().split('\r\u001b[2K').filter(Boolean)).toEqual([
      'tf-plan-guard: reading plan.json: 300 of 600 MiB (50%)',
      'tf-plan-guard: reading plan.json: 600 of 600 MiB (100%)',
      'tf-plan-guard: reading plan.json again: 1 of 600 MiB (0%)',
      'tf-plan-guard: reading plan.json again: 450 of 600 MiB (75%)',
    ]);
  });

  it('a quick read leaves nothing behind', () => {
    const stderr = collector();
    const progress = readingProgress(stderr.stream, 'plan.json', () => 0);
    progress.onProgress(1, 2);
    progress.done();
    expect(stderr.text()).toBe('');
  });

  /** Standard input that reports its reading as two seconds pass. */
  function slowStdin(onProgress?: ProgressListener): Uint8Array[] {
    const bytes = readFileSync(RDS);
    const started = performance.now();
    while (performance.now() - started < 1100); // the reading takes over a second
    onProgress?.(bytes.length, null);
    return [bytes];
  }

  it.each([
    [true, /^\r\u001b\[2Ktf-plan-guard: reading standard input: 0 MiB\r\u001b\[2K$/],
    [false, /^$/],
  ])('the command shows it on stderr only when stderr is a terminal (%s)', (stderrIsTTY, expected) => {
    const stderr = collector();
    const code = runCli(['analyze', '-', '--format', 'json'], {
      stdout: { write: () => true, isTTY: false } as unknown as NodeJS.WritableStream,
      stderr: stderr.stream,
      stderrIsTTY,
      stdinIsTTY: false,
      readStdin: slowStdin,
      env: {},
      cwd: process.cwd(),
    });
    expect(code).toBe(1);
    expect(stderr.text()).toMatch(expected);
  });
});
