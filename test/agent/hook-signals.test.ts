/**
 * Audit 23 F2: a hook busy reading a command line did not end on SIGTERM, because its SIGTERM
 * handler (which stops planning first) runs only when the thread is free. The handlers are there
 * only while planning has something to stop; otherwise node's default ends the process at once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stopPlanningOnSignals } from '../../src/agent/commands.js';
import { producePlan } from '../../src/agent/planner.js';

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const counts = (): number[] => SIGNALS.map((signal) => process.listenerCount(signal));

describe('the hook and signals', () => {
  it('handles SIGTERM, SIGINT and SIGHUP itself only while a planning run or its files are there', async () => {
    const before = counts();
    const release = stopPlanningOnSignals();
    try {
      // Reading the command line, before any planning: the default (end at once) holds.
      expect(counts()).toEqual(before);
      const planning = producePlan({ program: '/bin/false', directory: mkdtempSync(join(tmpdir(), 'tfpg-signals-')), destroy: false, planArgs: [], savedPlan: null, budgetMs: 10_000 });
      expect(counts()).toEqual(before.map((count) => count + 1));
      const outcome = await planning;
      expect(outcome.ok).toBe(false);
      expect(counts()).toEqual(before);
    } finally {
      release();
    }
    expect(counts()).toEqual(before);
  });
});
