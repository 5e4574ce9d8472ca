/**
 * Forms audit 6a found the guard could not be sure of, each answered by a person (a non-clear
 * assessment), next to the nearby safe forms that stay silent. Among them a package script, a
 * Makefile or a script run in a directory only the running shell knows (`cd "$X" && npm run d4`,
 * a loop over the packages, `find -execdir`, `xargs -I{}`): asked about when anything in the
 * repository around could run Terraform, silent where nothing could (A2); and a workspace too
 * large to read asks only when something in it names Terraform (A11). No Terraform runs here: the
 * program the guard would plan with does not exist, so anything it would run is "not planned".
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessCommandLine, type GuardOptions } from '../../src/agent/guard.js';

const OPTIONS: GuardOptions = {
  policyFor: () => { throw new Error('nothing is planned here'); },
  budgetMs: 5000,
  programs: { terraform: '/nonexistent/terraform', tofu: '/nonexistent/tofu', terragrunt: '/nonexistent/terragrunt' },
};

const root = mkdtempSync(join(tmpdir(), 'tfpg-unsure-'));
afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

function files(tree: Record<string, string>): void {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

async function asked(line: string, where = ''): Promise<string[]> {
  const assessments = await assessCommandLine(line, join(root, where), OPTIONS);
  return assessments.filter((a) => a.outcome !== 'clear').flatMap((a) => a.reason);
}

files({
  'mono/package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['infra'], scripts: { d4: 'echo hi', build: 'echo built' } }),
  'mono/infra/package.json': JSON.stringify({ name: 'infra', scripts: { d4: 'terraform destroy', build: 'echo built' } }),
  'mono/infra/main.tf': 'resource "terraform_data" "db" {}\n',
  'bom/package.json': `\uFEFF${JSON.stringify({ scripts: { d4: 'terraform destroy', lint: 'eslint .' } })}`,
  'big/package.json': JSON.stringify({ scripts: { d4: 'terraform destroy' }, padding: 'x'.repeat(5 * 1024 * 1024) }),
  'yaml/package.yaml': 'scripts:\n  d4: terraform destroy\n',
  'broken/package.json': '{ "scripts": { "d4": "terraform destroy", } }',
});

describe('a package manifest the guard cannot read is never "no such script" (audit 6a, A13)', () => {
  it('a package.json with a byte order mark is read as npm reads it', async () => {
    expect(await asked('npm run d4', 'bom')).not.toEqual([]);
    expect(await asked('npm run lint', 'bom')).toEqual([]);
  });
  it.each([
    ['npm run d4', 'big'],
    ['pnpm run d4', 'yaml'],
    ['npm run d4', 'broken'],
    ['yarn d4', 'broken'],
  ])('%s in %s: asked, naming the file it cannot read', async (line, where) => {
    expect((await asked(line, where)).join('\n')).toMatch(/cannot read/);
  });
});

describe('option spellings that select another package or directory (audit 6a, A1 and A4)', () => {
  files({
    'mono/infra/Makefile': 'deploy:\n\tterraform destroy -auto-approve\n',
    'mono/web/Makefile': 'deploy:\n\techo built\n',
    'mono/deploy.mk': 'deploy:\n\tterraform apply\n',
  });
  it.each([
    'npm -sw infra run d4',
    'npm -qw infra run d4',
    'npm run d4 -sw infra',
    'npm -w=infra run d4',
    'npm run d4 -w=infra',
    'npm --prefi infra run d4',
    'npm run d4 --prefi infra',
    'pnpm -rs d4',
    'pnpm -sr d4',
    'pnpm -sC infra d4',
    'yarn workspaces foreach -A run d4',
    'yarn workspaces foreach -Apt run d4',
    'make -sC infra',
    'make -kC infra deploy',
    'make -sCinfra deploy',
    'make -sf deploy.mk deploy',
  ])('%s (from the root): asked', async (line) => {
    expect(await asked(line, 'mono')).not.toEqual([]);
  });
  it.each([
    'npm -sw infra run build',
    'npm -w=infra run build',
    'npm -s run d4',
    'pnpm -rs build',
    'yarn workspaces foreach -A run build',
    'make -sC web deploy',
    'make -kCweb deploy',
    'make -j4 -C web deploy',
  ])('%s (from the root): no answer', async (line) => {
    expect(await asked(line, 'mono')).toEqual([]);
  });
});

describe("a package manager's own command is not a script that hides its words (audit 6a, A12)", () => {
  it.each([
    'pnpm recursive exec terraform destroy',
    'pnpm recursive exec -- terraform destroy -auto-approve',
    'pnpm m exec terraform destroy',
    'pnpm recursive run d4',
    'pnpm m run d4',
    'pnpm multi d4',
    `yarn node -e "require('child_process').execSync('terraform -chdir=infra destroy -auto-approve')"`,
  ])('%s (from the root): asked', async (line) => {
    expect(await asked(line, 'mono')).not.toEqual([]);
  });
  it.each(['pnpm recursive run build', 'pnpm m exec echo hi', 'yarn node -e "console.log(1)"', 'pnpm install'])('%s (from the root): no answer', async (line) => {
    expect(await asked(line, 'mono')).toEqual([]);
  });
});

describe('a script given its words by xargs from a literal print (audit 6a, A3)', () => {
  files({ 'proj/run.sh': '#!/bin/sh\nexec "$@"\n', 'proj/main.tf': 'resource "terraform_data" "db" {}\n' });
  it.each([
    'echo terraform destroy -auto-approve | xargs ./run.sh',
    'echo destroy -auto-approve | xargs ./run.sh terraform',
    'printf "terraform\\ndestroy\\n-auto-approve\\n" | xargs ./run.sh',
  ])('%s: asked', async (line) => {
    expect((await asked(line, 'proj')).join('\n')).toMatch(/words that name Terraform/);
  });
  it.each(['echo hello | xargs ./run.sh', 'echo plan | xargs ./run.sh terraform', 'ls | xargs ./run.sh echo'])('%s: no answer', async (line) => {
    expect(await asked(line, 'proj')).toEqual([]);
  });
});

const PACKAGE = (scripts: Record<string, string>, extra: object = {}): string => JSON.stringify({ ...extra, scripts });

files({
  // A Terraform monorepo: the root's d4 is harmless, infra's destroys.
  'tf/.git/HEAD': 'ref: refs/heads/main\n',
  'tf/package.json': PACKAGE({ d4: 'echo hi', test: 'echo ok' }, { name: 'mono', private: true, workspaces: ['infra', 'web'] }),
  'tf/infra/package.json': PACKAGE({ d4: 'terraform destroy', test: 'echo ok' }, { name: 'infra' }),
  'tf/infra/main.tf': 'resource "terraform_data" "db" {}\n',
  'tf/infra/Makefile': 'deploy:\n\tterraform destroy -auto-approve\n',
  'tf/infra/d.sh': '#!/bin/sh\nterraform destroy -auto-approve\n',
  'tf/web/package.json': PACKAGE({ d4: 'echo web', test: 'echo ok' }, { name: 'web' }),
  // No .tf file anywhere, but a script runs Terraform in a directory outside the repository.
  'elsewhere/.git/HEAD': 'ref: refs/heads/main\n',
  'elsewhere/package.json': PACKAGE({ test: 'echo ok' }, { private: true, workspaces: ['ops'] }),
  'elsewhere/ops/package.json': PACKAGE({ d4: 'terraform -chdir=/srv/prod destroy' }),
  'elsewhere/tools/Makefile': 'fmt:\n\tprettier --write .\n',
  // Only a Makefile recipe, or only a script, names Terraform.
  'mk/.git/HEAD': 'ref: refs/heads/main\n',
  'mk/ops/Makefile': 'deploy:\n\tcd /srv/prod && terraform destroy\n',
  'sh/.git/HEAD': 'ref: refs/heads/main\n',
  'sh/ops/d.sh': '#!/bin/sh\ntofu destroy -auto-approve\n',
  // A JS monorepo with no Terraform anywhere.
  'js/.git/HEAD': 'ref: refs/heads/main\n',
  'js/package.json': PACKAGE({ test: 'vitest run', build: 'tsc -b', d4: 'echo hi' }, { private: true, workspaces: ['packages/*'] }),
  'js/packages/web/package.json': PACKAGE({ test: 'vitest run', build: 'vite build', d4: 'echo web' }, { name: 'web' }),
  'js/packages/api/package.json': PACKAGE({ test: 'vitest run', build: 'tsc' }, { name: 'api' }),
  'js/packages/api/Makefile': 'fmt:\n\tprettier --write .\ndeploy:\n\tdocker push api\n',
  'js/packages/api/d.sh': '#!/bin/sh\nnpm run build\n',
  'js/README.md': 'We do not use terraform destroy here.\n',
});

describe('a runner in a directory only the shell knows, in a repository with Terraform (audit 6a, A2)', () => {
  it.each([
    'X=infra; cd "$X" && npm run d4',
    'X=infra; npm --prefix "$X" run d4',
    'npm run d4 --prefix=$X',
    'cd $(echo infra) && npm run d4',
    'pnpm -C "$X" d4',
    'yarn --cwd "$X" d4',
    'make -C "$X" deploy',
    'make -C"$X" deploy',
    'cd "$X" && make deploy',
    'cd "$X" && ./d.sh',
    'cd "$X" && sh d.sh',
    'cd "$X" && sh < d.sh',
    'for d in */; do (cd "$d" && npm run d4); done',
    'ls -d infra | while read d; do (cd $d; npm run d4); done',
    'find . -name package.json -execdir npm run d4 \\;',
    'find . -name package.json -execdir npm run d4 {} +',
    'find . -name Makefile -execdir make deploy \\;',
    'find . -name package.json -exec npm --prefix {} run d4 \\;',
    'echo infra | xargs -I{} npm --prefix {} run d4',
    "echo infra | xargs -I{} sh -c 'cd {} && npm run d4'",
    "ls | xargs -I % bash -c 'make -C % deploy'",
    'cd "$X" && eval npm run d4',
    'cd "$X" && bash -c "npm run d4"',
  ])('%s (from the root): asked', async (line) => {
    const reason = (await asked(line, 'tf')).join('\n');
    expect(reason).toMatch(/only the running shell knows/);
    expect(reason).toMatch(/infra\/main\.tf/);
  });

  it('the reason names what in the repository may run Terraform', async () => {
    expect((await asked('cd "$X" && npm run d4', 'elsewhere')).join('\n')).toMatch(/ops\/package\.json.*names Terraform/);
    expect((await asked('cd "$X" && make deploy', 'mk')).join('\n')).toMatch(/ops\/Makefile names Terraform/);
    expect((await asked('cd "$X" && ./d.sh', 'sh')).join('\n')).toMatch(/ops\/d\.sh names Terraform/);
  });

  it('a script given Terraform words in such a directory is still asked about for its words', async () => {
    expect((await asked('cd "$X" && ./run.sh terraform destroy', 'js')).join('\n')).toMatch(/words that name Terraform/);
  });
});

describe('the same forms in a repository where nothing could run Terraform: no answer', () => {
  it.each([
    'for d in packages/*/; do (cd "$d" && npm test); done',
    'for d in packages/*/; do (cd "$d" && npm run build); done',
    'X=packages/web; cd "$X" && npm run d4',
    'npm --prefix "$X" run build',
    'pnpm -C "$X" build',
    'cd "$X" && make fmt',
    'make -C "$X" deploy',
    'cd "$X" && ./d.sh',
    'find . -name package.json -not -path "*/node_modules/*" -execdir npm test \\;',
    'echo web | xargs -I{} npm --prefix packages/{} run build',
    "ls packages | xargs -I{} sh -c 'cd packages/{} && npm test'",
  ])('%s: no answer', async (line) => {
    expect(await asked(line, 'js')).toEqual([]);
  });
});

describe('a script whose path only the shell knows, and git submodule foreach (audit 11, B1 and B5)', () => {
  it.each([
    'for f in */d.sh; do bash "$f"; done',
    'for f in */d.sh; do "$f"; done',
    'X=infra; bash "$X/d.sh"',
    'X=infra; "$X"/d.sh',
    'X=infra; sh $X/d.sh',
    'X=infra; . "$X/d.sh"',
    'ls */d.sh | xargs -n1 bash',
    'find . -name d.sh -exec bash {} \\;',
    'find . -name d.sh -exec {} \\;',
    "git submodule foreach 'npm run d4'",
    'git submodule foreach make deploy',
    'git submodule foreach --recursive ./d.sh',
    'git -C . submodule --quiet foreach --recursive "cd infra && npm run d4"',
  ])('%s (from the root): asked', async (line) => {
    const reason = (await asked(line, 'tf')).join('\n');
    expect(reason).toMatch(/only the running shell knows/);
    expect(reason).toMatch(/infra\/main\.tf/);
  });
  it.each(['echo infra/d.sh | xargs sh', 'echo ./infra/d.sh | xargs env', 'echo ./infra/d.sh | xargs timeout 60', 'echo "--prefix infra run d4" | xargs npm'])(
    '%s: the printed words are read as the command xargs runs, and asked',
    async (line) => {
      expect((await asked(line, 'tf')).join('\n')).toMatch(/terraform destroy|d\.sh names Terraform/);
    },
  );
  it.each(["git submodule foreach 'terraform destroy'", 'git submodule foreach terraform destroy -auto-approve'])('%s: asked, though no file names Terraform', async (line) => {
    expect(await asked(line, 'js')).not.toEqual([]);
  });
  it.each([
    'for f in packages/*/d.sh; do bash "$f"; done',
    'X=packages/api; "$X"/d.sh',
    'find . -name d.sh -exec bash {} \\;',
    'echo packages/api/d.sh | xargs sh',
    "git submodule foreach 'npm test'",
    'git submodule foreach --recursive git pull',
  ])('%s, where nothing could run Terraform: no answer', async (line) => {
    expect(await asked(line, 'js')).toEqual([]);
  });
});

describe('a directory only the shell knows, reached from a directory the line names outside the repository (audit 11, B2)', () => {
  it.each([
    'cd ../tf && for d in */; do (cd "$d" && npm run d4); done',
    'cd ../tf && cd "$X" && npm run d4',
    'npm --prefix ../tf/$X run d4',
    'make -C "../tf/${X}" deploy',
    'cd ../tf && for d in */; do make -C $d deploy; done',
  ])('%s (from a repository without Terraform): asked, naming the other repository', async (line) => {
    const reason = (await asked(line, 'js')).join('\n');
    expect(reason).toMatch(/only the running shell knows/);
    expect(reason).toMatch(/tf.*infra\/main\.tf/);
  });
  it('a directory the line assigns to a variable, and a start in a hidden directory the walk leaves out, are walked too', async () => {
    // js has no Terraform but in a hidden directory, which a walk from js leaves out.
    files({ 'js/.stacks/prod/package.json': PACKAGE({ d4: 'echo prod' }), 'js/.stacks/prod/main.tf': 'resource "terraform_data" "db" {}\n' });
    expect(await asked('for d in */; do (cd "$d" && npm run d4); done', 'js')).toEqual([]);
    expect((await asked('X=../tf/infra; cd "$X" && npm run d4', 'js')).join('\n')).toMatch(/infra\/main\.tf/);
    expect((await asked('for d in */; do (cd "$d" && npm run d4); done', 'js/.stacks')).join('\n')).toMatch(/prod\/main\.tf/);
  });
  it.each(['cd ../tf && cd "$X" && npm run d4', 'cd packages && for d in */; do (cd "$d" && npm test); done'])('%s (with ../tf read as ../js: the same repository, without Terraform): no answer', async (line) => {
    expect(await asked(line.replace('../tf', '../js'), 'js')).toEqual([]);
  });
});

describe('a workspace too large to read (audit 6a, A11)', () => {
  files({
    'huge/.git/HEAD': 'ref: refs/heads/main\n',
    'huge/package.json': PACKAGE({ test: 'echo t' }, { name: 'huge', private: true, workspaces: ['web', 'pkgs/*'] }),
    'huge/web/package.json': PACKAGE({ test: 'echo web', build: 'echo b' }, { name: 'web' }),
  });
  // 2,100 directories (pN and pN/src), past the 2,000 the workspace's packages are looked for in.
  for (let i = 0; i < 1050; i++) mkdirSync(join(root, 'huge', 'pkgs', `p${i}`, 'src'), { recursive: true });

  it.each(['npm -w web test', 'npm test -w web', 'pnpm --filter web build', 'yarn workspace web build', 'npm run build --workspaces'])('%s, with no Terraform anywhere: no answer', async (line) => {
    expect(await asked(line, 'huge')).toEqual([]);
  });

  it('a walk the hook has no time left for stops and asks (audit 11, B6)', async () => {
    // 2,100 directories and no Terraform: walked through, no answer; with a 1 ms budget the walk is cut off at the deadline.
    expect(await asked('cd "$X" && npm test', 'huge')).toEqual([]);
    const rushed = await assessCommandLine('cd "$X" && npm test', join(root, 'huge'), { ...OPTIONS, budgetMs: 1 });
    expect(rushed.flatMap((a) => a.reason).join('\n')).toMatch(/could not be read all through in the hook's time/);
  });

  it('with a package deep in it whose script names Terraform: asked', async () => {
    files({ 'huge/pkgs/p1049/src/ops/package.json': PACKAGE({ test: 'terraform destroy' }, { name: 'ops' }) });
    try {
      expect((await asked('npm -w web test', 'huge')).join('\n')).toMatch(/names Terraform/);
    } finally {
      rmSync(join(root, 'huge', 'pkgs', 'p1049', 'src', 'ops'), { recursive: true, force: true });
    }
  });
});

describe('npm commands that run scripts by names of their own (audit 6a, A7)', () => {
  files({
    'it/package.json': PACKAGE({ test: 'terraform destroy' }),
    'rs/package.json': PACKAGE({ stop: 'echo stopping', start: 'terraform destroy' }),
    'rs2/package.json': PACKAGE({ stop: 'echo stopping', restart: 'echo restarting', start: 'terraform destroy' }),
    'calm/package.json': PACKAGE({ test: 'vitest run', start: 'node server.js', stop: 'echo stop', restart: 'echo restart' }),
  });
  it.each([
    ['npm it', 'it'],
    ['npm install-test', 'it'],
    ['npm cit', 'it'],
    ['npm install-ci-test', 'it'],
    ['npm sit', 'it'],
    ['pnpm it', 'it'],
    ['npm restart', 'rs'],
    ['pnpm restart', 'rs2'],
  ])('%s in %s: asked', async (line, where) => {
    expect((await asked(line, where)).join('\n')).toMatch(/terraform destroy/);
  });
  it.each(['npm it', 'npm cit', 'npm restart', 'pnpm restart'])('%s with no Terraform in its scripts: no answer', async (line) => {
    expect(await asked(line, 'calm')).toEqual([]);
  });
});

describe("npm's own configuration selects the workspace (audit 6a, A5)", () => {
  files({
    'mono-npmrc/package.json': PACKAGE({ d4: 'echo hi', build: 'echo built' }, { name: 'mono', private: true, workspaces: ['infra'] }),
    'mono-npmrc/.npmrc': '; the workspace every npm command here runs in\nworkspace = infra\n',
    'mono-npmrc/infra/package.json': PACKAGE({ d4: 'terraform destroy', build: 'echo built' }, { name: 'infra' }),
    'mono/u.npmrc': 'workspace=infra\n',
    'mono-arr/package.json': PACKAGE({ d4: 'echo hi', build: 'echo built' }, { name: 'mono', private: true, workspaces: ['infra'] }),
    'mono-arr/.npmrc': 'workspace[]=infra\n',
    'mono-arr/infra/package.json': PACKAGE({ d4: 'terraform destroy', build: 'echo built' }, { name: 'infra' }),
  });
  it.each([
    ['npm_config_workspace=infra npm run d4', 'mono'],
    ['NPM_CONFIG_WORKSPACE=infra npm run d4', 'mono'],
    ['export npm_config_workspace=infra; npm run d4', 'mono'],
    ['npm_config_workspaces=true npm run d4', 'mono'],
    ['env npm_config_workspace=infra npm run d4', 'mono'],
    ['npm run d4', 'mono-npmrc'],
    // Another config file, named on the line or in the environment, and an ini array (audit 11, B12).
    ['npm --userconfig ./u.npmrc run d4', 'mono'],
    ['npm run d4 --userconfig=./u.npmrc', 'mono'],
    ['npm_config_userconfig=./u.npmrc npm run d4', 'mono'],
    ['npm --globalconfig=./u.npmrc run d4', 'mono'],
    ['NPM_CONFIG_GLOBALCONFIG=./u.npmrc npm run d4', 'mono'],
    ['npm run d4', 'mono-arr'],
  ])('%s (in %s): asked', async (line, where) => {
    expect((await asked(line, where)).join('\n')).toMatch(/terraform destroy/);
  });
  it('an abbreviation of --userconfig (npm --userc FILE) makes the script unknown: asked, as the workspace names Terraform', async () => {
    expect(await asked('npm --userc ./u.npmrc run d4', 'mono')).not.toEqual([]);
  });
  it.each([
    ['npm_config_workspace=infra npm run build', 'mono'],
    ['npm_config_workspaces=false npm run d4', 'mono'],
    ['npm_config_loglevel=silent npm run d4', 'mono'],
    ['npm_config_workspace=infra; npm run d4', 'mono'],
    ['npm run build', 'mono-npmrc'],
    ['npm --userconfig ./u.npmrc run build', 'mono'],
    ['npm run build', 'mono-arr'],
  ])('%s (in %s): no answer', async (line, where) => {
    expect(await asked(line, where)).toEqual([]);
  });
});

describe('a script shell runs every script, so it is read like a script (audit 6a, A8)', () => {
  files({
    'ss/package.json': PACKAGE({ test: 'vitest run', lint: 'eslint .' }),
    'ss/tfsh': '#!/bin/sh\nterraform destroy -auto-approve\n',
    'ss-npmrc/package.json': PACKAGE({ test: 'vitest run' }),
    'ss-npmrc/.npmrc': 'script-shell=./tfsh\n',
    'ss-npmrc/tfsh': '#!/bin/sh\nterraform destroy -auto-approve\n',
  });
  it.each([
    ['npm test --script-shell ./tfsh', 'ss'],
    ['npm run lint --script-shell=./tfsh', 'ss'],
    ['npm --script-shell ./tfsh test', 'ss'],
    // npm reads an unambiguous prefix as the option (audit 11, B14).
    ['npm test --script-shel ./tfsh', 'ss'],
    ['npm test --script-sh=./tfsh', 'ss'],
    ['npm test --script-s ./tfsh', 'ss'],
    ['npm test --scr=./tfsh', 'ss'],
    ['npm --scri ./tfsh test', 'ss'],
    ['npm_config_script_shell=./tfsh npm test', 'ss'],
    ['npm test', 'ss-npmrc'],
  ])('%s (in %s): asked', async (line, where) => {
    expect((await asked(line, where)).join('\n')).toMatch(/tfsh names Terraform/);
  });
  it.each(['npm test --script-shell bash', 'npm test --script-sh=bash', 'npm_config_script_shell=/bin/bash npm test', 'npm test'])('%s: no answer', async (line) => {
    expect(await asked(line, 'ss')).toEqual([]);
  });
});

describe('workspace task runners run a script of every workspace package (audit 6a, A6)', () => {
  it.each([
    'lerna run d4',
    'lerna run d4 --no-progress',
    'turbo run d4 --env-mode=loose',
    'turbo d4',
    'turbo run build d4',
    'turbo run infra#d4',
    'turbo watch d4',
    'npx turbo run d4',
    'nx run infra:d4',
    'nx run-many -t d4',
    'nx run-many --targets=build,d4',
    'nx affected -t d4',
    'nx d4 infra',
    'lerna run "$S"',
  ])('%s (from the root): asked', async (line) => {
    expect(await asked(line, 'mono')).not.toEqual([]);
  });
  it.each(['lerna run build', 'turbo run build', 'turbo build', 'nx run-many -t build', 'nx graph', 'turbo prune web', 'lerna run test -- --watch'])('%s (from the root): no answer', async (line) => {
    expect(await asked(line, 'mono')).toEqual([]);
  });
});

describe('program names that are also names of an object’s own properties', () => {
  it.each(['constructor run d4; npm run build', 'toString test; npm run build', 'valueOf run d4; npm run build', 'hasOwnProperty run d4 && lerna run build'])('%s: no answer, no crash', async (line) => {
    expect(await asked(line, 'mono')).toEqual([]);
  });
});

describe('a recipe or script that calls a script that runs Terraform (audit 6a, A9)', () => {
  files({
    'calls/main.tf': 'resource "terraform_data" "db" {}\n',
    'calls/Makefile': 'deploy:\n\t./scripts/deploy.sh\nrelease:\n\t$(MAKE) deploy\nnested:\n\t$(MAKE) -C sub up\nbuild:\n\tcd tools && ./build.sh\nlong:\n\t./chain/a.sh\n',
    'calls/scripts/deploy.sh': '#!/bin/sh\nterraform destroy -auto-approve\n',
    'calls/outer.sh': '#!/bin/sh\n./scripts/deploy.sh "$@"\n',
    'calls/package.json': PACKAGE({ deploy: './outer.sh', d: 'make deploy', build: 'make build' }),
    'calls/sub/Makefile': 'up:\n\tsh ../scripts/deploy.sh\n',
    'calls/tools/build.sh': '#!/bin/sh\necho building\n',
    'calls/chain/a.sh': './chain/b.sh\n',
    'calls/chain/b.sh': './chain/c.sh\n',
    'calls/chain/c.sh': './chain/d.sh\n',
    'calls/chain/d.sh': './chain/e.sh\n',
    'calls/chain/e.sh': 'terraform destroy\n',
  });
  it.each(['make deploy', 'make release', 'make nested', 'make long', './outer.sh', 'bash outer.sh', 'npm run deploy', 'npm run d'])('%s: asked', async (line) => {
    expect((await asked(line, 'calls')).join('\n')).toMatch(/calls .*(?:deploy\.sh|more scripts)/);
  });
  it.each(['make build', 'npm run build', './tools/build.sh'])('%s: no answer', async (line) => {
    expect(await asked(line, 'calls')).toEqual([]);
  });
});

describe('a cd into a directory that is not there fails, and the shell stays where it was (audit 11, B18)', () => {
  it.each([
    'cd /nonexistent; cd infra; npm run d4',
    'cd nope; cd infra && npm run d4',
    'cd nope 2>/dev/null; npm --prefix infra run d4',
    'cd web/nope; make -C infra deploy',
    'cd nope; ./infra/d.sh',
  ])('%s (from the root): read where the shell stays, and asked', async (line) => {
    expect((await asked(line, 'tf')).join('\n')).toMatch(/terraform destroy|d\.sh names Terraform|Makefile names Terraform|recipe it runs/);
  });
  it('cd nope || cd infra; npm run d4: asked', async () => {
    expect(await asked('cd nope || cd infra; npm run d4', 'tf')).not.toEqual([]);
  });
  it.each(['git clone https://example.com/ops.git nope && cd nope && npm run d4', 'tar xf ops.tar; cd ops; make deploy'])(
    '%s: a command before the cd may make its directory, so it is one only the shell knows: asked',
    async (line) => {
      expect((await asked(line, 'tf')).join('\n')).toMatch(/not there yet, which a command before it in the line may make/);
    },
  );
  it.each([
    'mkdir -p build && cd build && make',
    'cd build 2>/dev/null || mkdir build; cd build && npm test',
    'mkdir -p out/x; cd out && npm run d4',
    'cd nope && npm test',
  ])('%s (from the root of a repository with Terraform): no answer', async (line) => {
    expect(await asked(line, 'tf')).toEqual([]);
  });
});

describe('HOME set on the line is where cd goes, and npm reads its .npmrc there (audit 11, B19)', () => {
  files({ 'mono/h/.npmrc': 'workspace=infra\n' });
  it.each([
    ['HOME=$PWD/infra; cd && npm run d4', 'tf'],
    ['export HOME=$PWD/infra; cd ~ && npm run d4', 'tf'],
    ['HOME=infra; cd ~ && make deploy', 'tf'],
    ['HOME=infra cd; ./d.sh', 'tf'],
    ['HOME=$PWD/h npm run d4', 'mono'],
    ['export HOME=h; npm run d4', 'mono'],
  ])('%s (in %s): asked', async (line, where) => {
    expect(await asked(line, where)).not.toEqual([]);
  });
  it.each([
    ['HOME=$PWD/.home; cd ~ && npm test', 'js'],
    ['HOME=/tmp npm test', 'tf'],
    ['HOME=$PWD/h npm run build', 'mono'],
  ])('%s (in %s): no answer', async (line, where) => {
    expect(await asked(line, where)).toEqual([]);
  });
});

describe('a cd inside eval, a sourced file or a function moves the rest of the line (audit 11, B17)', () => {
  files({
    'tf/goinfra.sh': 'cd infra\n',
    'tf/.venv/bin/activate': '# This file must be used with "source bin/activate"\ndeactivate () {\n    unset VIRTUAL_ENV\n}\nVIRTUAL_ENV="/srv/app/.venv"\nexport PATH="$VIRTUAL_ENV/bin:$PATH"\nhash -r 2>/dev/null\n',
    'tf/tools.sh': 'root_of() { (cd "$1" && pwd); }\nmain_dir() {\n  here=$(cd "$(dirname "$0")" && pwd)\n}\nmain_dir\n',
    'tf/lib.sh': 'go_infra() {\n  cd infra\n}\nsay() { echo "$@"; }\n',
  });
  it.each([
    'eval "cd infra" && npm run d4',
    'X=infra; eval "cd $X" && npm run d4',
    "eval 'cd infra; make deploy'",
    '. ./goinfra.sh && npm run d4',
    'source goinfra.sh; make deploy',
    'source <(echo cd infra) && npm run d4',
    'source "$ENV_FILE" && ./d.sh',
    'cd() { builtin cd infra; }; cd && npm run d4',
    'go() { cd infra; }; go; npm run d4',
    'function go { cd infra; }; go && make deploy',
    'f() { npm run d4; }; cd infra; f',
    'f() { make deploy; }; eval f',
    'X="cd infra"; eval "$X" && npm run d4',
    '. ./lib.sh && go_infra && npm run d4',
  ])('%s (from the root): asked', async (line) => {
    expect(await asked(line, 'tf')).not.toEqual([]);
  });
  it.each([
    'source .venv/bin/activate && npm test',
    '. .venv/bin/activate; npm run d4',
    'source tools.sh && npm run d4',
    'eval "echo hi" && npm run d4',
    'go() { cd web; }; go; npm run d4',
    'f() { echo building; }; f && npm test',
    '. ./lib.sh && say hi && npm run d4',
  ])('%s (from the root of a repository with Terraform): no answer', async (line) => {
    expect(await asked(line, 'tf')).toEqual([]);
  });
  it('eval "$(ssh-agent -s)" && npm test, in a repository without Terraform: no answer', async () => {
    expect(await asked('eval "$(ssh-agent -s)" && npm test', 'js')).toEqual([]);
  });
});

describe('a file the line writes before a runner reads it, and a line naming a destroy beside a runner (audit 11, B15)', () => {
  it.each([
    "echo 'cd infra && terraform destroy -auto-approve' > x.sh && sh x.sh",
    "echo 'cd infra && terraform destroy' > x.sh && chmod +x x.sh && ./x.sh",
    `printf '{"scripts":{"d4":"cd infra && terraform destroy -auto-approve"}}' > package.json && npm run d4`,
    "echo 'deploy: ; cd infra && terraform destroy -auto-approve' > Makefile && make deploy",
    "printf 'workspace=infra\\n' > .npmrc && npm run d4",
    "printf 'workspace=infra\\n' >> ~/.npmrc && npm run d4",
    'cat > .npmrc <<EOF\nworkspace=infra\nEOF\nnpm run d4',
    'cp /tmp/other.json package.json && npm run d4',
    'curl -o scripts/up.sh https://example.com/up.sh && npm run d4',
    "sed -i 's/echo hi/terraform destroy/' package.json && npm run d4",
    "echo 'cd infra; terraform destroy' | tee go && . ./go",
    'cp /tmp/Makefile web/ && for d in */; do make -C "$d" deploy; done',
  ])('%s (from the root): asked', async (line) => {
    expect(await asked(line, 'tf')).not.toEqual([]);
  });
  it.each(['npm run build > build.log && npm test', 'echo hi > notes.txt; npm test', 'cp .env.example .env && npm test', "grep -rn 'terraform destroy' docs && npm test", 'git commit -qm "terraform destroy fix" && npm test'])(
    '%s (from the root of a repository with Terraform): no answer',
    async (line) => {
      expect(await asked(line, 'tf')).toEqual([]);
    },
  );
});

describe('a command on a line of its own is read like one after a `;` (a newline ends a word)', () => {
  it.each(['echo hi\nnpm --prefix infra run d4', 'true\nmake -C infra deploy', 'ls\nX=infra; cd "$X" && npm run d4'])('%s (from the root): asked', async (line) => {
    expect(await asked(line, 'tf')).not.toEqual([]);
  });
});

describe('a symbolic link to a directory is walked, as the shell follows it (audit 11, B3)', () => {
  const stack = { 'package.json': PACKAGE({ d4: 'terraform destroy -auto-approve' }), 'main.tf': 'resource "terraform_data" "db" {}\n', Makefile: 'deploy:\n\tterraform destroy -auto-approve\n', 'd.sh': '#!/bin/sh\nterraform destroy\n' };
  files({
    'symrepo/.git/HEAD': 'ref: refs/heads/main\n',
    'symrepo/package.json': PACKAGE({ test: 'echo ok', d4: 'echo hi' }),
    ...Object.fromEntries(Object.entries(stack).map(([name, text]) => [`store/infra/${name}`, text])),
    'symrepo2/.git/HEAD': 'ref: refs/heads/main\n',
    'symrepo2/package.json': PACKAGE({ test: 'echo ok', d4: 'echo hi' }),
    ...Object.fromEntries(Object.entries(stack).map(([name, text]) => [`symrepo2/.stacks/prod/${name}`, text])),
    'jsloop/.git/HEAD': 'ref: refs/heads/main\n',
    'jsloop/package.json': PACKAGE({ test: 'vitest run' }),
    'jsloop/packages/web/package.json': PACKAGE({ test: 'vitest run' }),
  });
  symlinkSync('../store/infra', join(root, 'symrepo', 'infra'));
  symlinkSync('.stacks/prod', join(root, 'symrepo2', 'infra'));
  // Loops: a link to its own directory and to the repository's root.
  symlinkSync('.', join(root, 'jsloop', 'packages', 'loop'));
  symlinkSync('../..', join(root, 'jsloop', 'packages', 'web', 'up'));
  it.each([
    ['for d in */; do (cd "$d" && npm run d4); done', 'symrepo'],
    ['X=infra; cd "$X" && make deploy', 'symrepo'],
    ['for f in */d.sh; do "$f"; done', 'symrepo'],
    ['for d in */; do (cd "$d" && npm run d4); done', 'symrepo2'],
    ['X=infra; cd "$X" && make deploy', 'symrepo2'],
  ])('%s (in %s): asked, naming the file the link leads to', async (line, where) => {
    expect((await asked(line, where)).join('\n')).toMatch(/infra\/(?:main\.tf|package\.json|Makefile|d\.sh)/);
  });
  it('links that loop end the walk: no answer where nothing runs Terraform', async () => {
    expect(await asked('for d in packages/*/; do (cd "$d" && npm test); done', 'jsloop')).toEqual([]);
  });
});

describe("a shell line given xargs' or find's words as its own (audit 11, B4)", () => {
  it.each([
    "find . -name d.sh -exec sh -c '$0' {} \\;",
    "find . -name d.sh -exec sh -c '\"$0\"' {} \\;",
    "find . -name d.sh -exec bash -c '$1' _ {} \\;",
    "ls */d.sh | xargs -I{} sh -c '{}'",
    "ls */d.sh | xargs -I% bash -c '% --yes'",
    "echo infra | xargs -I{} bash -c 'make -C {} deploy'",
  ])('%s (from the root): asked', async (line) => {
    expect((await asked(line, 'tf')).join('\n')).toMatch(/only the running shell knows/);
  });
  it.each(["find . -name '*.md' -exec sh -c 'wc -l \"$0\"' {} \\;", "ls | xargs -I{} sh -c 'echo {}'", "find . -name d.sh -exec sh -c '$0' {} \\;"])('%s, where nothing could run Terraform: no answer', async (line) => {
    expect(await asked(line, 'js')).toEqual([]);
  });
});

describe('a FIFO named package.json does not hang the walk (audit 11, B9)', () => {
  files({ 'fifo/.git/HEAD': 'ref: refs/heads/main\n', 'fifo/package.json': PACKAGE({ test: 'vitest run' }) });
  mkdirSync(join(root, 'fifo', 'tools', 'x'), { recursive: true });
  execFileSync('mkfifo', [join(root, 'fifo', 'tools', 'x', 'package.json')]);
  it('cd "$X" && npm test: asked, as a manifest it cannot read, at once', async () => {
    expect((await asked('cd "$X" && npm test', 'fifo')).join('\n')).toMatch(/tools\/x\/package\.json has a script that names Terraform \(or cannot be read\)/);
  }, 10_000);
});

describe('turbo and nx run the tasks a task depends on first (audit 11, B16)', () => {
  const workspace = (name: string, extra: Record<string, string>): Record<string, string> => ({
    [`${name}/package.json`]: PACKAGE({ build: 'echo built', lint: 'echo lint' }, { name, private: true, workspaces: ['infra', 'web'] }),
    [`${name}/infra/package.json`]: PACKAGE({ d4: 'terraform destroy', build: 'echo built', lint: 'echo lint' }, { name: 'infra' }),
    [`${name}/web/package.json`]: PACKAGE({ build: 'echo built', lint: 'echo lint', e2e: 'echo e2e' }, { name: 'web' }),
    ...Object.fromEntries(Object.entries(extra).map(([path, text]) => [`${name}/${path}`, text])),
  });
  files({
    ...workspace('turbo2', { 'turbo.json': '{\n  // the release pipeline\n  "tasks": { "build": { "dependsOn": ["^prep"] }, "prep": { "dependsOn": ["infra#d4"] }, "lint": {} }\n}\n' }),
    ...workspace('turbo1', { 'turbo.json': JSON.stringify({ pipeline: { build: { dependsOn: ['d4', '$NODE_ENV'] } } }) }),
    ...workspace('turbopkg', { 'turbo.json': JSON.stringify({ tasks: { build: {} } }), 'web/turbo.json': JSON.stringify({ extends: ['//'], tasks: { build: { dependsOn: ['infra#d4'] } } }) }),
    ...workspace('turbobad', { 'turbo.json': '{ "tasks": { "build": { "dependsOn": ["d4"] } ' }),
    ...workspace('nxdep', { 'nx.json': JSON.stringify({ targetDefaults: { build: { dependsOn: [{ target: 'd4', projects: 'dependencies' }] } } }), 'web/project.json': JSON.stringify({ targets: { e2e: { dependsOn: ['^d4'] } } }) }),
  });
  it.each([
    ['turbo run build --env-mode=loose', 'turbo2'],
    ['npx turbo build', 'turbo2'],
    ['turbo run build', 'turbo1'],
    ['turbo run build', 'turbopkg'],
    ['turbo run lint', 'turbobad'],
    ['nx run-many -t build', 'nxdep'],
    ['nx e2e web', 'nxdep'],
  ])('%s (in %s): asked', async (line, where) => {
    expect(await asked(line, where)).not.toEqual([]);
  });
  it.each([
    ['turbo run lint', 'turbo2'],
    ['turbo run lint', 'turbo1'],
    ['nx run-many -t lint', 'nxdep'],
  ])('%s (in %s): no answer', async (line, where) => {
    expect(await asked(line, where)).toEqual([]);
  });
});

describe('lerna exec and nx exec run their command in each package (audit 11, B13)', () => {
  it.each(['lerna exec -- npm run d4', 'lerna exec --no-progress -- make deploy', 'lerna exec -- ./d.sh', 'npx nx exec -- npm run d4', 'lerna exec --scope infra npm run d4', 'npx lerna exec --stream -- sh d.sh'])(
    '%s (from the root): asked',
    async (line) => {
      expect((await asked(line, 'tf')).join('\n')).toMatch(/only the running shell knows/);
    },
  );
  it.each(['lerna exec -- npm test', 'npx nx exec -- npm run build', 'lerna exec -- ls'])('%s, where nothing could run Terraform: no answer', async (line) => {
    expect(await asked(line, 'js')).toEqual([]);
  });
});
