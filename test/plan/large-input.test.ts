import { describe, expect, it, vi } from 'vitest';

// A small mark, so that a few elements stand for the 50,000 of a real plan.
vi.mock('../../src/plan/large-input.js', async (original) => ({
  ...(await original<typeof import('../../src/plan/large-input.js')>()),
  MANY_ELEMENTS: 3,
  noteManyElements: vi.fn(),
}));

// The unit project shares modules between files: load the loader afresh, with the mark above.
vi.resetModules();
const { noteManyElements } = await import('../../src/plan/large-input.js');
const { loadPlanBytes } = await import('../../src/plan/load.js');
const { SelectiveJsonScanner } = await import('../../src/plan/load-scan.js');
const { PLAN_SELECTION } = await import('../../src/plan/load-sections.js');

function change(n: number): object {
  return {
    address: `terraform_data.r${n}`,
    mode: 'managed',
    type: 'terraform_data',
    name: `r${n}`,
    provider_name: 'terraform.io/builtin/terraform',
    change: { actions: ['update'], before: { input: 'a' }, after: { input: 'b' }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  };
}

function plan(changes: number, extra: object = {}): Uint8Array {
  const json = { format_version: '1.2', terraform_version: '1.11.0', resource_changes: Array.from({ length: changes }, (_, n) => change(n)), ...extra };
  return new TextEncoder().encode(JSON.stringify(json));
}

describe('the heap limit for plans of many small changes', () => {
  it('is asked for once the changes reach the mark, while the plan is read', () => {
    vi.mocked(noteManyElements).mockClear();
    loadPlanBytes(plan(2), 'few.json');
    expect(noteManyElements).not.toHaveBeenCalled();
    const loaded = loadPlanBytes(plan(5), 'many.json');
    expect(noteManyElements).toHaveBeenCalledTimes(1);
    expect(loaded.changes).toHaveLength(5);
  });

  it('counts only the arrays of elements (changes, drift, state resources), not any long array', () => {
    const reached = vi.fn();
    const scanner = new SelectiveJsonScanner(PLAN_SELECTION);
    scanner.manyElements = { at: 3, reached };
    const outputs = { format_version: '1.2', output_changes: { o: { actions: ['create'], before: null, after: [1, 2, 3, 4, 5], after_unknown: false } } };
    scanner.write(plan(2, outputs));
    scanner.end();
    expect(reached).not.toHaveBeenCalled();

    const drift = new SelectiveJsonScanner(PLAN_SELECTION);
    drift.manyElements = { at: 3, reached };
    drift.write(plan(0, { resource_drift: [change(1), change(2), change(3), change(4)] }));
    drift.end();
    expect(reached).toHaveBeenCalledTimes(1);
  });
});
