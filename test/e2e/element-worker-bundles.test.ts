/**
 * The bundled CLI with its element worker as an install holds them (dist/cli.js beside
 * dist/element-worker.js), on a plan large enough to start the worker: a worker from another
 * build (a dist/ of mixed builds, a half-updated install) is not served, and the report is the
 * one the CLI gives on its own. Audit 17 L3: the bundles agreed on the reducers only by their
 * numbering, so another build's worker would have reduced elements with the wrong ones.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePlan } from '../../scripts/generate-plan.mjs';
import { ELEMENT_WORKER } from '../../src/plan/element-handoff.js';

const dir = mkdtempSync(join(tmpdir(), 'tfpg-worker-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An install: dist/cli.js, and beside it `worker` (the text of an element-worker.js) unless null. */
function install(name: string, worker: string | null): string {
  const root = join(dir, name);
  mkdirSync(root);
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  copyFileSync('dist/cli.js', join(root, 'cli.js'));
  if (worker !== null) writeFileSync(join(root, 'element-worker.js'), worker);
  return join(root, 'cli.js');
}

function analyze(cli: string, plan: string): string {
  const run = spawnSync(process.execPath, [cli, 'analyze', plan, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  return run.stdout;
}

/** `text` with `search` replaced, which must occur exactly once. */
function replaceOnce(text: string, search: string, replacement: string): string {
  expect(text.split(search)).toHaveLength(2);
  return text.replace(search, replacement);
}

describe('the bundled CLI beside an element worker of another build', () => {
  it('does not let it reduce anything: the report is the one the CLI gives without a worker', () => {
    const plan = join(dir, 'plan.json');
    const fd = openSync(plan, 'w');
    writePlan(fd, { resources: 2500, seed: 17 });
    closeSync(fd);
    expect(statSync(plan).size).toBeGreaterThan(ELEMENT_WORKER.minBytes);

    const worker = readFileSync('dist/element-worker.js', 'utf8');
    const build = /var ELEMENT_WORKER_BUILD = true \? "([0-9a-f]{16})"/.exec(worker)?.[1];
    // The build is the same in the three bundles: they come from one build.
    expect(build).toBeDefined();
    for (const bundle of ['dist/cli.js', 'dist/index.js']) expect(readFileSync(bundle, 'utf8')).toContain(`var ELEMENT_WORKER_BUILD = true ? "${build}"`);

    // Another build: its own build, and its reducers numbered the other way round.
    const otherBuild = replaceOnce(
      replaceOnce(worker, `"${build}"`, `"${'f'.repeat(16) === build ? '0'.repeat(16) : 'f'.repeat(16)}"`),
      'var ELEMENT_REDUCER_NAMES = Object.keys(ELEMENT_REDUCERS);',
      'var ELEMENT_REDUCER_NAMES = Object.keys(ELEMENT_REDUCERS).reverse();',
    );
    const alone = analyze(install('no-worker', null), plan);
    expect(JSON.parse(alone)).toMatchObject({ blocking: true });
    expect(analyze(install('same-build', worker), plan)).toBe(alone);
    expect(analyze(install('other-build', otherBuild), plan)).toBe(alone);
    // (For contrast, that worker passing for this build reduces with the wrong reducers.)
    const passing = replaceOnce(worker, 'var ELEMENT_REDUCER_NAMES = Object.keys(ELEMENT_REDUCERS);', 'var ELEMENT_REDUCER_NAMES = Object.keys(ELEMENT_REDUCERS).reverse();');
    const wrong = spawnSync(process.execPath, [install('wrong-numbering', passing), 'analyze', plan, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
    expect(wrong.stdout).not.toBe(alone);
  }, 180_000);
});
