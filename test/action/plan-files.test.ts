import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePlanFiles } from '../../src/action/plan-files.js';
import { readTfFiles } from '../../src/action/workspace.js';
import { selectMode } from '../../src/action/mode.js';

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'tfpg-ws-'));
  for (const path of ['envs/prod/plan.json', 'envs/staging/plan.json', 'envs/staging/other.txt', 'plan.json', 'node_modules/x/plan.json', 'envs/prod/main.tf', '.terraform/modules/m/main.tf']) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '{}');
  }
  return root;
}

describe('resolvePlanFiles', () => {
  it('expands globs in order, de-duplicates, skips node_modules, and names plans relative to the workspace', () => {
    const root = workspace();
    const files = resolvePlanFiles(['envs/*/plan.json', 'envs/prod/plan.json', '**/plan.json'], root);
    expect(files.map((file) => [file.name, file.configurationDir])).toEqual([
      ['envs/prod/plan.json', 'envs/prod'],
      ['envs/staging/plan.json', 'envs/staging'],
      ['plan.json', ''],
    ]);
    expect(files[0]?.path).toBe(join(root, 'envs/prod/plan.json'));
  });

  it('keeps a literal path as given (a missing one fails when loaded) and rejects a glob matching nothing', () => {
    const root = workspace();
    expect(resolvePlanFiles(['missing.json'], root)[0]?.name).toBe('missing.json');
    expect(() => resolvePlanFiles(['plans/*.json'], root)).toThrow('input "plan-file": the pattern "plans/*.json" matches no file');
  });

  it('has no configuration directory for a plan outside the workspace', () => {
    const root = workspace();
    const outside = join(mkdtempSync(join(tmpdir(), 'tfpg-out-')), 'plan.json');
    expect(resolvePlanFiles([outside], root)[0]).toEqual({ path: outside, name: outside, configurationDir: null });
  });
});

describe('readTfFiles', () => {
  it('reads the .tf files outside tool caches', () => {
    const root = workspace();
    expect(readTfFiles(root)).toEqual([{ path: 'envs/prod/main.tf', text: '{}' }]);
  });
});

describe('selectMode', () => {
  const pr = { number: 1, headSha: 'a', baseSha: 'b', baseRef: 'main', author: 'x', fromFork: false };
  it('analyzes a PR with plans, whatever the action', () => {
    expect(selectMode({ eventName: 'pull_request', action: 'synchronize', pullRequest: pr }, ['p.json'])).toBe('analyze-pull-request');
    expect(selectMode({ eventName: 'pull_request', action: 'labeled', pullRequest: pr }, ['p.json'])).toBe('analyze-pull-request');
  });
  it('re-evaluates labeled/unlabeled without plans', () => {
    expect(selectMode({ eventName: 'pull_request_target', action: 'unlabeled', pullRequest: pr }, [])).toBe('reevaluate');
  });
  it('analyzes without PR writes outside a PR', () => {
    expect(selectMode({ eventName: 'push', action: null, pullRequest: null }, ['p.json'])).toBe('analyze-only');
  });
  it('requires plan-file elsewhere', () => {
    expect(() => selectMode({ eventName: 'pull_request', action: 'opened', pullRequest: pr }, [])).toThrow(
      'input "plan-file" is required on pull_request events (it may be empty only on pull_request labeled/unlabeled events)',
    );
    expect(() => selectMode({ eventName: 'push', action: null, pullRequest: null }, [])).toThrow('input "plan-file" is required on push events');
  });
});
