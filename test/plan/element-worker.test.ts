/**
 * The loader with its element worker (src/plan/element-handoff.ts, element-worker.ts): a plan
 * file read with a second thread gives the same plan and byte-identical report as a plain full
 * parse, on every corpus plan and generated plans of every shape; and whatever goes wrong with the
 * worker (it fails to start, dies, stalls, or meets bytes that are not one element), the load
 * falls back to this thread alone, with the same result or the same error, and never hangs.
 *
 * The worker runs from its own bundle, built here from the sources (as scripts/build.mjs builds
 * dist/element-worker.js), with the size threshold lowered to 0 so that every plan goes through it.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlan } from '../../scripts/generate-plan.mjs';
import { ELEMENT_WORKER, type ElementWorkerSettings } from '../../src/plan/element-handoff.js';
import { ELEMENT_JOBS_KEY } from '../../src/plan/element-worker.js';
import { loadPlanByFullParse, loadPlanFile } from '../../src/plan/load.js';
import type { ProgressListener } from '../../src/plan/load-input.js';
import type { Plan } from '../../src/plan/model.js';
import { readingProgress } from '../../src/progress.js';
import { CORPUS, corpusFiles } from '../support/corpus.js';
import { jsonReport, outcome } from '../support/load-outcome.js';

const dir = mkdtempSync(join(tmpdir(), 'tfpg-element-worker-'));
const workerScript = join(dir, 'element-worker.js');

beforeAll(async () => {
  await build({ entryPoints: ['src/plan/element-worker.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: workerScript, logLevel: 'warning' });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  handedOff: number;
  fellBack: boolean;
}

/** The plan loaded with a worker from `script`, every file large enough, and what the hand-off did. */
function loadWithWorker(path: string, name: string, settings: Partial<ElementWorkerSettings> = {}, onProgress?: ProgressListener): { plan: Plan | string; outcomes: Outcome[] } {
  const outcomes: Outcome[] = [];
  const plan = outcome(() => loadPlanFile(path, name, onProgress, { ...ELEMENT_WORKER, script: workerScript, minBytes: 0, observe: (seen) => outcomes.push(seen), ...settings }));
  return { plan, outcomes };
}



function expectSameAsFullParse(path: string, name: string, settings: Partial<ElementWorkerSettings> = {}, onProgress?: ProgressListener): Outcome[] {
  const full = outcome(() => loadPlanByFullParse(readFileSync(path), name));
  const { plan, outcomes } = loadWithWorker(path, name, settings, onProgress);
  if (typeof full === 'string' || typeof plan === 'string') expect(plan).toEqual(full);
  else {
    expect(jsonReport(plan)).toBe(jsonReport(full));
    expect(plan).toEqual(full);
  }
  return outcomes;
}

/** Bundles `contents` (TypeScript importing from the repository) into `outfile`, self-contained as scripts/build.mjs bundles. */
async function bundle(contents: string, outfile: string, define: Record<string, string> = {}): Promise<void> {
  await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    define,
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
}

/** Waits (blocking this thread, as the load does) until `path` exists, at most 20 s. */
function waitForFile(path: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !existsSync(path) && waited < 20_000; waited += 10) Atomics.wait(pause, 0, 0, 10);
}

function writeGenerated(resources: number, seed: number): string {
  const path = join(dir, `generated-${resources}-${seed}.json`);
  const fd = openSync(path, 'w');
  writePlan(fd, { resources, seed });
  closeSync(fd);
  return path;
}

describe('a plan file read with the element worker reads what a full parse reads', () => {
  it.each([
    [40, 1],
    [300, 2],
    [1200, 3],
  ])('generated: %i resources, seed %i, every element handed off', (resources, seed) => {
    const outcomes = expectSameAsFullParse(writeGenerated(resources, seed), 'generated.json');
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.fellBack).toBe(false);
    // Every change and drift element but the last of each array (no `},{` follows it) is handed off.
    expect(outcomes[0]!.handedOff).toBeGreaterThan(resources);
  });

  // Audit 17 M1: Terraform writes a state module as resources, address, child_modules; a module with no
  // resources of its own (module.app holding module.app.module.db) opens with "address".
  it("Terraform's own module layout: a module with resources, then a sibling with none of its own, read without reading again", () => {
    const stateResource = (name: string) => ({ address: `aws_s3_bucket.${name}`, mode: 'managed', type: 'aws_s3_bucket', name, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 0, values: { bucket: name, acl: 'private' }, sensitive_values: {} });
    const change = (name: string) => ({ address: `aws_s3_bucket.${name}`, mode: 'managed', type: 'aws_s3_bucket', name, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['update'], before: { bucket: name, acl: 'public-read' }, after: { bucket: name, acl: 'private' }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } });
    const names = Array.from({ length: 50 }, (_, index) => `b${index}`);
    const root = {
      resources: names.map(stateResource),
      child_modules: [
        { resources: names.map(stateResource), address: 'module.a' },
        { address: 'module.app', child_modules: [{ resources: names.map(stateResource), address: 'module.app.module.db' }] },
      ],
    };
    const path = join(dir, 'terraform-modules.json');
    writeFileSync(path, JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', planned_values: { root_module: root }, resource_changes: names.map(change), prior_state: { format_version: '1.0', terraform_version: '1.9.0', values: { root_module: root } }, configuration: { root_module: {} } }));
    const outcomes = expectSameAsFullParse(path, 'modules.json');
    expect(outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: false }]);
    expect(outcomes[0]!.handedOff).toBeGreaterThan(100);
  });

  it('every corpus plan', () => {
    let handedOff = 0;
    for (const file of corpusFiles()) {
      const outcomes = expectSameAsFullParse(join(CORPUS, file), file);
      handedOff += outcomes.reduce((sum, seen) => sum + seen.handedOff, 0);
    }
    // Most corpus plans are small: a few hundred elements are handed off in all.
    if (corpusFiles().length > 0) expect(handedOff).toBeGreaterThan(100);
  }, 180_000);
});

describe('whatever goes wrong with the worker, the load falls back and never hangs', () => {
  const path = () => writeGenerated(300, 4);

  it('a worker program that fails as it starts: this thread reads every batch itself', () => {
    const failing = join(dir, 'failing-worker.js');
    writeFileSync(failing, "throw new Error('broken worker');\n");
    const outcomes = expectSameAsFullParse(path(), 'generated.json', { script: failing, stallMs: 300 });
    expect(outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: false }]);
    expect(outcomes[0]!.handedOff).toBeGreaterThan(300);
  });

  it("a container's CPU quota under two CPUs (cgroup v2 cpu.max): no worker at all, the plan read on this thread", () => {
    const cgroup = (name: string, cpuMax: string): string => {
      const root = join(dir, name);
      mkdirSync(join(root, 'proc/self'), { recursive: true });
      mkdirSync(join(root, 'sys/fs/cgroup'), { recursive: true });
      writeFileSync(join(root, 'proc/self/cgroup'), '0::/\n');
      writeFileSync(join(root, 'sys/fs/cgroup/cpu.max'), cpuMax);
      return root;
    };
    expect(expectSameAsFullParse(path(), 'generated.json', { fileSystemRoot: cgroup('cgroup-1.5-cpus', '150000 100000\n') })).toEqual([]);
    expect(expectSameAsFullParse(path(), 'generated.json', { fileSystemRoot: cgroup('cgroup-4-cpus', '400000 100000\n') })).toEqual([{ handedOff: expect.any(Number), fellBack: false }]);
  });

  it('a worker program that does not exist', () => {
    expectSameAsFullParse(path(), 'generated.json', { script: join(dir, 'no-such-worker.js'), stallMs: 300 });
  });

  /**
   * A worker that, as soon as it starts, claims every batch (as the real one claims each it reads,
   * so that this thread cannot take them back), says so in a file, and then does `then` instead of
   * reading them. The load waits for that file as it reads its first chunk (its progress), so that
   * the worker holds the batches before the scan can finish and take them back.
   */
  function claimingWorker(name: string, then: string): { script: string; claimed: () => void } {
    const script = join(dir, name);
    const flag = join(dir, `${name}.claimed`);
    rmSync(flag, { force: true });
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
const { claims } = workerData[${JSON.stringify(ELEMENT_JOBS_KEY)}];
for (let k = 0; k < claims.length; k++) Atomics.store(claims, k, 1);
writeFileSync(${JSON.stringify(flag)}, '');
${then}
`,
    );
    return { script, claimed: () => waitForFile(flag) };
  }

  const path1200 = () => writeGenerated(1200, 5);

  it('a worker that exits holding batches: the stall check gives it up', () => {
    const started = performance.now();
    const worker = claimingWorker('exiting-worker.js', 'process.exit(0);');
    const outcomes = expectSameAsFullParse(path1200(), 'generated.json', { script: worker.script, stallMs: 300 }, worker.claimed);
    expect(outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: true }]);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('a worker that hangs holding batches', () => {
    const worker = claimingWorker('hanging-worker.js', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);');
    const outcomes = expectSameAsFullParse(path1200(), 'generated.json', { script: worker.script, stallMs: 300 }, worker.claimed);
    expect(outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: true }]);
  });

  /** The generated plan with `endpoints` set in the first change that has an `after`. */
  function withEndpoints(endpoints: unknown[], file: string): string {
    const plan = JSON.parse(readFileSync(path(), 'utf8')) as { resource_changes: { change: { after: Record<string, unknown> | null } }[] };
    const change = plan.resource_changes.find((element) => element.change.after !== null)!;
    change.change.after!['endpoints'] = endpoints;
    const edited = join(dir, file);
    writeFileSync(edited, JSON.stringify(plan));
    return edited;
  }

  // A list of objects whose second opens with the two keys every change opens with.
  const misleadingEndpoints = [{ port: 80 }, { address: '10.0.0.1', mode: 'managed', port: 443 }];

  it('an element whose end cannot be told from the bytes after it (a nested `},{"address":`): the worker says so, and the plan is read again', () => {
    const outcomes = expectSameAsFullParse(withEndpoints(misleadingEndpoints, 'nested-address.json'), 'nested.json');
    expect(outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: true }]);
  });

  // Audit 17 L4: the terminal's progress line went back to 0% as the file was read again.
  it('a plan read again: the progress line says "again" rather than going back', () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = readingProgress({ write: (text: string) => (lines.push(text), true) } as unknown as NodeJS.WritableStream, 'nested.json', () => (clock += 1000));
    const outcomes = expectSameAsFullParse(withEndpoints(misleadingEndpoints, 'nested-address.json'), 'nested.json', {}, progress.onProgress);
    expect(outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: true }]);
    const drawn = lines.map((line) => line.replace('\r\u001b[2K', ''));
    const percent = (line: string) => Number(/\((\d+)%\)$/.exec(line)![1]);
    expect(drawn[0]).toMatch(/^tf-plan-guard: reading nested\.json: \d+ of 2 MiB \(\d+%\)$/);
    expect(drawn.at(-1)).toBe('tf-plan-guard: reading nested.json again: 2 of 2 MiB (100%)');
    const firstAgain = drawn.findIndex((line) => line.includes(' again: '));
    expect(firstAgain).toBeGreaterThan(0);
    expect(percent(drawn[firstAgain - 1]!)).toBe(100);
    expect(drawn.slice(firstAgain).every((line) => line.includes(' again: '))).toBe(true);
    for (let k = 1; k < drawn.length; k++) if (k !== firstAgain) expect(percent(drawn[k]!)).toBeGreaterThanOrEqual(percent(drawn[k - 1]!));
  });

  it('an object in a value opening with `address` but not with `mode` after it is not taken for the next element: no reading again', () => {
    const edited = withEndpoints([{ port: 80 }, { address: '10.0.0.1', port: 443 }], 'nested-address-port.json');
    expect(expectSameAsFullParse(edited, 'nested.json')).toEqual([{ handedOff: expect.any(Number), fellBack: false }]);
  });

  it('damaged input: the same error, at the same line and column, as without the worker', () => {
    const text = readFileSync(path());
    const changes = text.indexOf('"resource_changes":');
    const boundary = text.indexOf('},{"address":', changes + 20_000);
    for (const [offset, replacement] of [
      // `,` between two changes handed off, a control character inside one, `:` in the prior state, the last `}`.
      [boundary + 1, 0x3b],
      [boundary + 15, 0x01],
      [text.indexOf('"mode":', text.indexOf('"prior_state":')) + 6, 0x3d],
      [text.length - 1, 0x5d],
    ] as const) {
      const damaged = Buffer.from(text);
      damaged[offset] = replacement;
      const file = join(dir, `damaged-${offset}.json`);
      writeFileSync(file, damaged);
      const { plan, outcomes } = loadWithWorker(file, 'damaged.json');
      expect(typeof plan).toBe('string');
      expect(plan).toEqual(outcome(() => loadPlanByFullParse(damaged, 'damaged.json')));
      expect(outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: true }]);
    }
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, text.subarray(0, text.indexOf('"output_changes":')));
    expect(loadWithWorker(truncated, 'truncated.json').plan).toMatch(/^truncated\.json: .*(truncated|ends)/);
  });
});

// Audit 17 L3: cli.js (or index.js) and element-worker.js agree on the reducers only by their numbering.
describe('a worker from another build (a dist/ of mixed builds, a half-updated install)', () => {
  /**
   * A worker bundle as another build makes it: its reducers numbered the other way round, its
   * build `buildId` (null: this one's). It says when it is serving (or has refused) in a file the
   * load waits for as it reads its first chunk, so that the worker is there for the batches after it.
   */
  async function otherBuildWorker(name: string, buildId: string | null): Promise<{ script: string; started: () => void }> {
    const script = join(dir, name);
    const flag = join(dir, `${name}.started`);
    rmSync(flag, { force: true });
    await bundle(
      `import { ELEMENT_REDUCERS } from './src/plan/load-sections.js';
const reducers = ELEMENT_REDUCERS as Record<string, unknown>;
const entries = Object.entries(reducers).reverse();
for (const [key] of entries) delete reducers[key];
for (const [key, reducer] of entries) reducers[key] = reducer;
await import('./src/plan/element-worker.js');
(await import('node:fs')).writeFileSync(${JSON.stringify(flag)}, '');
`,
      script,
      buildId === null ? {} : { __ELEMENT_WORKER_BUILD__: JSON.stringify(buildId) },
    );
    // Each chunk read gives the worker time to take the batches posted so far, as it would on a large plan.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const started = (): void => {
      waitForFile(flag);
      Atomics.wait(pause, 0, 0, 100);
    };
    return { script, started };
  }

  it('serves nothing: this thread reads every element itself, in the same pass, and the plan is what a full parse reads', async () => {
    const worker = await otherBuildWorker('other-build-worker.js', '0123456789abcdef');
    const outcomes = expectSameAsFullParse(writeGenerated(1200, 8), 'generated.json', { script: worker.script }, worker.started);
    expect(outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: false }]);
  }, 60_000);

  it('(for contrast: the same worker passing for this build reduces elements with the wrong reducers)', async () => {
    const worker = await otherBuildWorker('wrong-numbering-worker.js', null);
    const path = writeGenerated(1200, 8);
    const { plan, outcomes } = loadWithWorker(path, 'generated.json', { script: worker.script }, worker.started);
    expect(outcomes).toHaveLength(1);
    expect(plan).not.toEqual(outcome(() => loadPlanByFullParse(readFileSync(path), 'generated.json')));
  }, 60_000);
});

describe("the worker's output is not the process's", () => {
  // Audit 17 L2: a worker's console, warnings and uncaught errors went to the process's stdout and stderr,
  // where the report and the one-line messages are.
  it('a worker that prints on stdout and stderr and warns: the process prints only its own output', async () => {
    // A process that loads the plan with a worker (as the CLI does, every size), waits for what the
    // worker printed to come through, then prints the report and what the hand-off did.
    const harness = join(dir, 'load-harness.mjs');
    await bundle(
      `import { loadPlanFile } from './src/plan/load.js';
import { ELEMENT_WORKER } from './src/plan/element-handoff.js';
import { jsonReport } from './test/support/load-outcome.js';
const outcomes = [];
const plan = loadPlanFile(process.argv[2], 'plan.json', undefined, { ...ELEMENT_WORKER, script: process.argv[3], minBytes: 0, observe: (seen) => outcomes.push(seen) });
setTimeout(() => process.stdout.write(JSON.stringify({ report: jsonReport(plan), outcomes })), 300);
`,
      harness,
    );
    const started = join(dir, 'printing-worker.started');
    const printing = join(dir, 'printing-worker.mjs');
    writeFileSync(
      printing,
      `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(started)}, '');
console.log('worker on stdout');
process.stdout.write('worker on stdout again\\n');
console.error('worker on stderr');
process.emitWarning('worker warning');
await import(${JSON.stringify(pathToFileURL(workerScript).href)});
`,
    );
    const path = writeGenerated(1200, 7);
    const run = spawnSync(process.execPath, [harness, path, printing], { encoding: 'utf8', timeout: 60_000 });
    expect(existsSync(started)).toBe(true);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const printed = JSON.parse(run.stdout) as { report: string; outcomes: Outcome[] };
    expect(printed.report).toBe(jsonReport(loadPlanByFullParse(readFileSync(path), 'plan.json')));
    expect(printed.outcomes).toEqual([{ handedOff: expect.any(Number), fellBack: false }]);
  }, 60_000);
});
