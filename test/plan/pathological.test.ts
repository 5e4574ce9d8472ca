/**
 * Hostile and damaged plans: nesting of any depth, strings of any length, duplicate keys, lone
 * surrogates, NUL bytes, and a seeded fuzz run over mutated corpus plans. Whatever comes in,
 * `analyze` exits 0, 1 or 2, and on 2 says one or two plain lines naming the file: never an
 * "internal error", never a stack trace. (`npm run fuzz -- --cases N` runs a longer campaign.)
 */
import { describe, expect, it } from 'vitest';
import { checkOutcome, corpusPlans, fuzzCase, runCampaign } from '../../scripts/fuzz.mjs';
import { runCli } from '../../src/cli.js';
import { loadPlanByFullParse, MAX_MODULE_DEPTH } from '../../src/plan/load.js';
import { outcome } from '../support/load-outcome.js';
import { CORPUS, corpusPresent } from '../support/corpus.js';

function analyze(input: string | Uint8Array, chunkBytes = 1 << 16) {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) chunks.push(bytes.subarray(offset, offset + chunkBytes));
  let stdout = '';
  let stderr = '';
  const code = runCli(['analyze', '--format', 'json'], {
    stdout: { write: (text: string) => ((stdout += text), true), isTTY: false } as unknown as NodeJS.WritableStream,
    stderr: { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream,
    stdinIsTTY: false,
    readStdin: () => chunks,
    env: {},
    cwd: process.cwd(),
  });
  expect(checkOutcome({ code, stderr }, '(stdin)')).toBeNull();
  return { code, stdout, stderr };
}

const deleted = (before: string, beforeSensitive = 'false') =>
  `{"address":"aws_db_instance.orders","mode":"managed","type":"aws_db_instance","name":"orders","change":{"actions":["delete"],"before":${before},"after":null,"before_sensitive":${beforeSensitive}}}`;
const plan = (changes: string, rest = '') => `{"format_version":"1.2","terraform_version":"1.11.4"${rest},"resource_changes":[${changes}]}`;
const nested = (depth: number, leaf = '1') => '['.repeat(depth) + leaf + ']'.repeat(depth);

describe('nesting of any depth', () => {
  it('100,000 levels in a section that is not read: skipped, the plan analyzed', () => {
    const result = analyze(plan(deleted('{}'), `,"configuration":{"provider_config":{"x":${nested(100_000)}}},"checks":${nested(100_000)}`));
    expect(result.code).toBe(1);
  });

  it('100,000 levels in a value that is read: refused in one plain line', () => {
    for (const value of [`{"x":${nested(100_000)}}`, '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
      const result = analyze(plan(deleted(value)));
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/^tf-plan-guard: \(stdin\): at line 1, column \d+ values nest more than 1000 levels deep, far deeper than Terraform writes them; this is not a plan that can be analyzed\n$/);
    }
  });

  it('1,001 levels in a change followed by another: refused at the same place as when it is the last', () => {
    // A change followed by another is read ahead, by JSON.parse (load-scan.ts readElementAhead): it
    // must be held to the same depth as a change that is scanned.
    const deep = deleted(`{"x":${nested(998)}}`);
    const alone = analyze(plan(deep));
    expect(alone.stderr).toMatch(/values nest more than 1000 levels deep/);
    expect(analyze(plan(`${deep},${deleted('{}')}`))).toEqual(alone);
    expect(analyze(plan(`${deleted(`{"x":${nested(997)}}`)},${deleted('{}')}`)).code).toBe(1);
  });

  it('999 levels in values and their sensitivity marks are read and analyzed', () => {
    const result = analyze(plan(deleted(`{"x":${nested(997, '"hunter2-secret"')}}`, `{"x":${nested(997, 'true')}}`)));
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('hunter2-secret');
  });
});

// Audit 20 L2: every walk of a module tree is recursive; modules nested ~800 deep ended in
// "internal error: Maximum call stack size exceeded".
describe('modules nested to any depth', () => {
  /** `depth` modules below the root module, in each of the three trees a plan nests its modules in. */
  const trees = {
    'prior_state.values.root_module': (depth: number) => `"prior_state":{"values":{"root_module":${'{"child_modules":['.repeat(depth)}{"resources":[]}${']}'.repeat(depth)}}}`,
    'planned_values.root_module': (depth: number) => `"planned_values":{"root_module":${'{"resources":[],"child_modules":['.repeat(depth)}{}${']}'.repeat(depth)}}`,
    'configuration.root_module': (depth: number) => `"configuration":{"root_module":${'{"module_calls":{"m":{"source":"./m","module":'.repeat(depth)}{}${'}}}'.repeat(depth)}}`,
  };

  it.each(Object.keys(trees))('%s: 900, 5,000 and 100,000 levels refused in one plain line, by both loaders', (tree) => {
    for (const depth of [MAX_MODULE_DEPTH + 1, 900, 5_000, 100_000]) {
      const text = plan(deleted('{}'), `,${trees[tree as keyof typeof trees](depth)}`);
      const result = analyze(text);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      const problem = `modules nest more than 100 levels deep in ${tree}, far deeper than Terraform writes them; this is not a plan that can be analyzed`;
      expect(result.stderr).toBe(`tf-plan-guard: (stdin): ${problem}\n`);
      expect(outcome(() => loadPlanByFullParse(Buffer.from(text), '(stdin)'))).toBe(`(stdin): ${problem}`);
    }
  });

  it.each(Object.keys(trees))('%s: 100 levels are read and analyzed', (tree) => {
    expect(analyze(plan(deleted('{}'), `,${trees[tree as keyof typeof trees](MAX_MODULE_DEPTH)}`)).code).toBe(1);
  });
});

describe('strings of any length', () => {
  it('two 10 MiB strings in a change (one of them sensitive) read through small chunks', () => {
    const secret = 's'.repeat(10 << 20);
    const result = analyze(plan(deleted(`{"password":"${secret}","policy":"${'p'.repeat(10 << 20)}"}`, '{"password":true}')), 1 << 20);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('ssssssss');
  });

  it('a 100 MiB string in a section that is not read costs no memory to speak of', () => {
    const result = analyze(plan(deleted('{}'), `,"configuration":{"x":"${'c'.repeat(100 << 20)}"}`), 4 << 20);
    expect(result.code).toBe(1);
  });
});

describe('odd but valid JSON', () => {
  it('duplicate keys: the last one counts, as in JSON.parse', () => {
    const result = analyze(`{"format_version":"1.2","resource_changes":[${deleted('{}')}],"resource_changes":[]}`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).plans[0].summary.delete).toBe(0);
  });

  it('lone surrogates and NUL escapes in names and values', () => {
    const result = analyze(plan(deleted('{"id":"\\ud800","name":"a\\u0000b","tag":"\\udc00\\ud800"}').replace('"name":"orders"', '"name":"or\\ud800ders"')));
    expect(result.code).toBe(1);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it('a stray U+FEFF between tokens is named as itself, as a plain parse names it', () => {
    const text = '{"format_version":"1.2",\uFEFF"resource_changes":[]}';
    for (const chunkBytes of [7, 1 << 16]) {
      const result = analyze(text, chunkBytes);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe("tf-plan-guard: (stdin): invalid JSON at line 1, column 25: expected a quoted object key, found U+FEFF\n");
    }
  });

  it('a raw NUL byte inside a string is named as invalid JSON, with its place', () => {
    const result = analyze(plan(deleted('{"id":"a\u0000b"}')));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tf-plan-guard: \(stdin\): invalid JSON at line 1, column \d+: a control character \(such as a line break\) inside a string must be escaped\n$/);
  });
});

describe('planned values of another shape (fuzz seed 3, case 87)', () => {
  it.each([
    ['resources as an object', { root_module: { resources: { a: { mode: 'managed' } } } }, 'planned_values.root_module.resources: Invalid input: expected array, received object'],
    ['a resource that is a string', { root_module: { resources: ['x'] } }, 'planned_values.root_module.resources.0: Invalid input: expected object, received string'],
    ['child modules as an object', { root_module: { child_modules: { a: {} } } }, 'planned_values.root_module.child_modules: Invalid input: expected array, received object'],
    ['a root module that is a list', { root_module: [] }, 'planned_values.root_module: Invalid input: expected object, received array'],
  ])('%s: a malformed plan in one plain line, not an internal error', (_name, plannedValues, where) => {
    const result = analyze(JSON.stringify({ format_version: '1.2', resource_changes: [], planned_values: plannedValues }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`tf-plan-guard: (stdin): this plan is malformed at ${where}\n`);
  });
});

describe.skipIf(!corpusPresent)('a seeded fuzz run over mutated corpus plans', () => {
  it('400 cases: exit 0, 1 or 2, plain messages naming the input, no internal error', () => {
    const failures = runCampaign({ runCli, plans: corpusPlans(CORPUS), seed: 20_261_205, cases: 400 });
    expect(failures.map(({ index, fuzz, problem }) => `#${index} ${fuzz.name}: ${fuzz.steps.join('; ')}: ${problem}`)).toEqual([]);
  });

  // Audit 17 L1: the harness re-serialized a plan its first step had nested thousands of levels deep with
  // JSON.stringify, whose recursion overflowed the stack and ended the campaign (seed 3, cases 411 and 558).
  it('a case nested thousands of levels deep by its first step is reshaped again by its second, and analyzed', () => {
    const plans = corpusPlans(CORPUS);
    for (const index of [411, 558]) {
      const fuzz = fuzzCase(plans, 3, index);
      expect(fuzz.steps).toEqual([expect.stringMatching(/^reshapeValue: \d{4,} nested arrays at /), expect.stringMatching(/^reshapeValue: /)]);
      expect(analyze(fuzz.bytes).code).toBeTypeOf('number');
    }
  });
});
