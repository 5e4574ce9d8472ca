/**
 * How the guard reads a package manager's command line: which script or program it runs, in which
 * directory, and whether it reaches other packages of a workspace (audit 4b, G1 and G3). The words
 * are read as the shell would split them.
 */
import { describe, expect, it } from 'vitest';
import { readPackageManager, type PackageRun } from '../../src/agent/package-managers.js';
import { parseCommandLine } from '../../src/agent/shell.js';

function read(line: string): PackageRun | null {
  return readPackageManager(parseCommandLine(line).commands[0]!);
}

const texts = (words: readonly { text: string }[]): string[] => words.map((word) => word.text);

describe('the script a package manager runs, and where', () => {
  it.each([
    // Options that take a value: their value is not the script's name.
    ['npm --loglevel silent run d6 -- -destroy', 'd6', null, null, ['-destroy']],
    ['npm --prefix . run d4', 'd4', '.', null, []],
    ['npm --prefix infra run d4', 'd4', 'infra', null, []],
    ['npm -C infra run d4', 'd4', 'infra', null, []],
    ['npm --prefix=infra test', 'test', 'infra', null, []],
    // npm reads its options after the script's name too (before `--`).
    ['npm run d4 --prefix infra', 'd4', 'infra', null, []],
    ['npm run d4 --loglevel warn a -- b', 'd4', null, null, ['a', 'b']],
    ['npm run d4 -w infra', 'd4', null, '-w', []],
    // Workspace selectors.
    ['npm -w infra run d4', 'd4', null, '-w', []],
    ['npm --workspace=infra run d4', 'd4', null, '--workspace', []],
    ['npm run d4 --workspaces', 'd4', null, '--workspaces', []],
    ['npm run d4 -ws', 'd4', null, '-ws', []],
    ['pnpm -C infra d4', 'd4', 'infra', null, []],
    ['pnpm --dir infra run d4 -destroy', 'd4', 'infra', null, ['-destroy']],
    ['pnpm --filter infra d4', 'd4', null, '--filter', []],
    ['pnpm -F infra run d4', 'd4', null, '-F', []],
    ['pnpm -r d4', 'd4', null, '-r', []],
    ['pnpm -w d4', 'd4', null, '-w', []],
    ['yarn --cwd infra d4', 'd4', 'infra', null, []],
    ['yarn --cwd=infra run d4 -- -destroy', 'd4', 'infra', null, ['-destroy']],
    ['yarn workspace infra d4 -destroy', 'd4', null, 'yarn workspace', ['-destroy']],
    ['yarn workspaces run d4', 'd4', null, 'yarn workspaces', []],
    ['yarn workspaces foreach -A --from infra run d4', 'd4', null, 'yarn workspaces', []],
    ['yarn run -T d4', 'd4', null, '-T', []],
    ['bun --cwd infra run d4', 'd4', 'infra', null, []],
    ['bun --filter infra run d4', 'd4', null, '--filter', []],
    ['corepack npm run d6 -- -destroy', 'd6', null, null, ['-destroy']],
    ['corepack yarn@4.1.0 d6', 'd6', null, null, []],
  ] as const)('%s: script %s, directory %s, workspaces %s', (line, script, directory, workspaces, appended) => {
    const run = read(line);
    expect(run).toMatchObject({ kind: 'script', script, workspaces });
    if (run?.kind !== 'script') return;
    expect(run.directory?.text ?? null).toBe(directory);
    expect(texts(run.appended)).toEqual(appended);
  });

  it.each([
    ['npm --pref . run d4'],
    ['npm --pref infra d4'],
    ['pnpm --some-option x d4'],
    ['yarn workspaces foreach -A --since main run d4'],
    ['npm -w infra --pref x run d4'],
  ])('%s: an option that may take the next word leaves the script unknown', (line) => {
    expect(read(line)).toMatchObject({ kind: 'script', script: null });
  });

  it('npm: an option after the script that may abbreviate one with a value leaves which words pass unknown', () => {
    expect(read('npm run d4 --pref x -- -destroy')).toMatchObject({ kind: 'script', script: 'd4', appended: [{ dynamic: true }] });
  });

  it.each([
    ['yarn eslint .', ['eslint', '.']],
    ['yarn run terraform destroy', ['terraform', 'destroy']],
    ['pnpm terraform destroy', ['terraform', 'destroy']],
    ['bun run terraform destroy', ['terraform', 'destroy']],
    ['bun terraform destroy', ['terraform', 'destroy']],
  ])('%s: the script of that name, or when there is none, the program', (line, program) => {
    const run = read(line);
    expect(run?.kind).toBe('script');
    if (run?.kind === 'script') expect(texts(run.orProgram ?? [])).toEqual(program);
  });

  it.each([['npm run build', null], ['pnpm run build', null], ['yarn up', null], ['pnpm install', null]])('%s: a script only (npm and pnpm run, and their own commands, run no program)', (line) => {
    expect(read(line)).toMatchObject({ kind: 'script', orProgram: null });
  });

  it.each([['npm install'], ['npm ci'], ['npm'], ['yarn'], ['node x.js'], ['npm --prefix infra']])('%s: no script, no program', (line) => {
    expect(read(line)).toBeNull();
  });
});

describe('the program or shell line a package manager runs', () => {
  it.each([
    ['npx terraform destroy', ['terraform', 'destroy'], null],
    ['npx --yes terraform@latest destroy', ['terraform', 'destroy'], null],
    ['npm exec -- terraform destroy', ['terraform', 'destroy'], null],
    ['npm x -w infra -- terraform destroy', ['terraform', 'destroy'], null],
    ['pnpm exec terraform destroy -r', ['terraform', 'destroy', '-r'], null],
    ['pnpm dlx terraform destroy', ['terraform', 'destroy'], 'pnpm dlx'],
    ['pnpx terraform destroy', ['terraform', 'destroy'], 'pnpm dlx'],
    ['yarn dlx -p @jahed/terraform terraform destroy', ['terraform', 'destroy'], 'yarn dlx'],
    ['npx -p terraform terraform destroy', ['terraform', 'destroy'], 'npm exec'],
    ['bun x terraform destroy', ['terraform', 'destroy'], null],
    ['bunx --bun terraform destroy', ['terraform', 'destroy'], null],
  ])('%s', (line, words, fetched) => {
    const run = read(line);
    expect(run).toMatchObject({ kind: 'program', fetched });
    if (run?.kind === 'program') expect(texts(run.words)).toEqual(words);
  });

  it.each([
    ["npx -c 'terraform destroy'", 'terraform destroy'],
    ['npm exec --call=terraform\\ destroy', 'terraform destroy'],
    ['pnpm -c exec terraform destroy', 'terraform destroy'],
    ['pnpm dlx -c "terraform destroy"', 'terraform destroy'],
    ['yarn exec terraform destroy', 'terraform destroy'],
    ['bun exec "terraform destroy"', 'terraform destroy'],
  ])('%s: a shell line', (line, text) => {
    expect(read(line)).toMatchObject({ kind: 'shell', line: { text } });
  });

  it('pnpm -C DIR and yarn --cwd DIR run the program there; npm --prefix does not move npm exec', () => {
    expect(read('pnpm -C infra exec terraform destroy')).toMatchObject({ kind: 'program', directory: { text: 'infra' } });
    expect(read('yarn --cwd infra dlx terraform destroy')).toMatchObject({ kind: 'program', directory: { text: 'infra' } });
    expect(read('npm --prefix infra exec terraform destroy')).toMatchObject({ kind: 'program', directory: null, binDirectory: { text: 'infra' } });
  });
});
