import { describe, expect, it } from 'vitest';
import type { PolicyFileAt } from '../../src/policy/change.js';
import { extendReach, localReferences, REACH_DEPTH_LIMIT, REACH_FILES_LIMIT, referencesFound, startReach, linkedPaths, type Reach } from '../../src/policy/workflow-reach.js';

const file = (...lines: string[]): PolicyFileAt => ({ kind: 'file', text: `${lines.join('\n')}\n` });

/** Follows the reach over an in-memory repository (path → copies), as the action does over the API. */
function follow(reach: Reach, repository: Record<string, PolicyFileAt[]>): Reach {
  let current = reach;
  while (current.pending.length > 0) current = extendReach(current, new Map(current.pending.map((path) => [path, repository[path] ?? [{ kind: 'missing' }]])));
  return current;
}

describe('the files a workflow or action refers to', () => {
  it('are the local workflows its jobs call and both names of the local actions its steps use', () => {
    const caller = file(
      'on: pull_request',
      'jobs:',
      '  plan:',
      '    uses: ./.github/workflows/gate.yml',
      '  lint:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: ./.github/actions/lint/',
      '      - uses: ./tools/../ci/setup',
      '      - run: ./plan.sh',
      '  remote:',
      '    uses: acme/shared/.github/workflows/gate.yml@v1',
    );
    expect(localReferences(caller)).toEqual([
      '.github/workflows/gate.yml',
      '.github/actions/lint/action.yml',
      '.github/actions/lint/action.yaml',
      'ci/setup/action.yml',
      'ci/setup/action.yaml',
    ]);
  });

  it("include a composite action's own local actions, the repository root's action, and nothing outside the repository", () => {
    const composite = file('runs:', '  using: composite', '  steps:', '    - uses: ./.github/actions/inner', '    - uses: ./', '    - uses: ./../elsewhere', '    - uses: docker://alpine:3');
    expect(localReferences(composite)).toEqual(['.github/actions/inner/action.yml', '.github/actions/inner/action.yaml', 'action.yml', 'action.yaml']);
  });

  it('are none for a missing copy, and unknown (null) for a copy that is not readable YAML', () => {
    expect(localReferences({ kind: 'missing' })).toEqual([]);
    expect(localReferences({ kind: 'file', text: 'jobs: [unclosed' })).toBeNull();
    expect(localReferences({ kind: 'not-a-file', type: 'dir' })).toBeNull();
  });
});

describe("the running workflow's reach", () => {
  const RUNNING = '.github/workflows/plan-guard.yml';

  it('follows called workflows and composite actions transitively, in the base and the head copies, each file once', () => {
    const repository: Record<string, PolicyFileAt[]> = {
      [RUNNING]: [file('jobs:', '  plan:', '    uses: ./.github/workflows/gate.yml'), file('jobs:', '  plan:', '    uses: ./.github/workflows/gate-v2.yml')],
      '.github/workflows/gate.yml': [file('jobs:', '  gate:', '    steps:', '      - uses: ./.github/actions/gate'), { kind: 'missing' }],
      '.github/workflows/gate-v2.yml': [{ kind: 'missing' }, file('jobs:', '  gate:', '    uses: ./.github/workflows/plan-guard.yml')],
      '.github/actions/gate/action.yml': [file('runs:', '  using: composite', '  steps:', '    - uses: acme/tf-plan-guard@v1')],
    };
    const reach = follow(startReach([`./${RUNNING}`]), repository);
    expect(reach.complete).toBe(true);
    expect(reach.files).toEqual([RUNNING, '.github/workflows/gate.yml', '.github/workflows/gate-v2.yml', '.github/actions/gate/action.yml', '.github/actions/gate/action.yaml']);
  });

  it('is not known whole when a copy is not readable YAML', () => {
    const reach = follow(startReach([RUNNING]), { [RUNNING]: [file('jobs:', '  plan:', '    uses: ./.github/workflows/gate.yml')], '.github/workflows/gate.yml': [{ kind: 'file', text: 'jobs: [' }] });
    expect(reach.complete).toBe(false);
  });

  it(`is not known whole beyond ${REACH_DEPTH_LIMIT} levels or ${REACH_FILES_LIMIT} files`, () => {
    const chain: Record<string, PolicyFileAt[]> = {};
    for (let level = 0; level <= REACH_DEPTH_LIMIT; level++) chain[`.github/workflows/w${level}.yml`] = [file('jobs:', '  next:', `    uses: ./.github/workflows/w${level + 1}.yml`)];
    expect(follow(startReach(['.github/workflows/w0.yml']), chain).complete).toBe(false);
    const short = Object.fromEntries(Object.entries(chain).slice(0, REACH_DEPTH_LIMIT - 2));
    short[`.github/workflows/w${REACH_DEPTH_LIMIT - 3}.yml`] = [file('jobs: {}')];
    expect(follow(startReach(['.github/workflows/w0.yml']), short).complete).toBe(true);

    const wide = file('jobs:', ...Array.from({ length: REACH_FILES_LIMIT }, (_, index) => `  j${index}:\n    uses: ./.github/workflows/c${index}.yml`));
    expect(follow(startReach([RUNNING]), { [RUNNING]: [wide] }).complete).toBe(false);
  });
});

describe('every form of a local reference (audit 10)', () => {
  it('reads $/ (the self-repository form), $/./ and a Windows .\\ path as repository paths', () => {
    const caller = file(
      'jobs:',
      '  plan:',
      '    uses: $/.github/workflows/gate.yml',
      '  lint:',
      '    steps:',
      '      - uses: $/./ci/setup',
      '      - uses: .\\.github\\actions\\gate',
      '      - uses: $/../outside',
    );
    expect(localReferences(caller)).toEqual(['.github/workflows/gate.yml', 'ci/setup/action.yml', 'ci/setup/action.yaml', '.github/actions/gate/action.yml', '.github/actions/gate/action.yaml']);
  });

  it('is found in some copy, or the reach is not whole (an action checked out under another path)', () => {
    const running = file('jobs:', '  plan:', '    steps:', '      - uses: ./infra/.github/actions/gate');
    const reach = follow(startReach(['.github/workflows/plan.yml']), { '.github/workflows/plan.yml': [running, running] });
    const copies = (present: boolean) => new Map<string, PolicyFileAt[]>([
      ['.github/workflows/plan.yml', [running]],
      ['infra/.github/actions/gate/action.yml', [present ? file('runs:', '  using: composite', '  steps: []') : { kind: 'missing' }]],
      ['infra/.github/actions/gate/action.yaml', [{ kind: 'missing' }]],
    ]);
    expect(referencesFound(reach, copies(true))).toBe(true);
    expect(referencesFound(reach, copies(false))).toBe(false);
  });

  it('names the paths a copy was read through: links, their targets, submodules (audit 10 R1e, R1d; audit 15 H1, H2)', () => {
    const through = (...via: string[]): PolicyFileAt => ({ kind: 'file', text: 'runs: { using: composite, steps: [] }\n', via });
    const copies = new Map<string, PolicyFileAt[]>([
      ['.github/workflows/plan.yml', [file('jobs: {}')]],
      // A chain at the base (action.yml -> ci/gate.yml -> ci/strict.yml), retargeted at the head.
      ['.github/actions/gate/action.yml', [through('ci/gate.yml', 'ci/strict.yml'), through('ci/gate.yml', 'ci/loose.yml')]],
      ['.github/actions/gate/action.yaml', [{ kind: 'missing' }]],
      // A submodule on the way cannot be read; a link to a file already in reach adds nothing; each path once.
      ['.github/actions/shared/gate/action.yml', [{ kind: 'not-a-file', type: 'in a submodule', via: ['.github/actions/shared'] }, through('.github/workflows/plan.yml', 'ci/gate.yml')]],
    ]);
    expect(linkedPaths(copies)).toEqual([
      { path: 'ci/gate.yml', file: '.github/actions/gate/action.yml' },
      { path: 'ci/strict.yml', file: '.github/actions/gate/action.yml' },
      { path: 'ci/loose.yml', file: '.github/actions/gate/action.yml' },
      { path: '.github/actions/shared', file: '.github/actions/shared/gate/action.yml' },
    ]);
  });
});
