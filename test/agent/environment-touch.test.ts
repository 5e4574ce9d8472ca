/**
 * The line's environment, the ask-only way (audits 32 and 34): a Terraform run whose environment
 * the line touches in any way the hook does not follow exactly is asked about, never planned with
 * what the hook guesses. Followed exactly, and planned as before: `export NAME=value` in plain
 * sequence at the top level, and `NAME=value` before Terraform itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessCommandLine, type GuardOptions } from '../../src/agent/guard.js';
import { recognizeTerraformCommands, type Intent } from '../../src/agent/terraform-commands.js';

const root = mkdtempSync(join(tmpdir(), 'tfpg-environment-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// A Terraform directory whose package script applies, and a repository with no Terraform at all.
const infra = join(root, 'infra');
const node = join(root, 'node');
const plain = join(root, 'plain');
mkdirSync(join(plain, '.git'), { recursive: true });
for (const [dir, scripts] of [
  [infra, { up: 'terraform apply -auto-approve', plan: 'terraform plan', test: 'vitest run' }],
  [node, { test: 'vitest run', build: 'tsc', plan: 'terraform plan' }],
] as const) {
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', scripts }));
}
writeFileSync(join(infra, 'main.tf'), 'resource "terraform_data" "a" {}\n');
writeFileSync(join(infra, 'env.sh'), 'export TF_WORKSPACE=prod\n');
writeFileSync(join(infra, 'lib.sh'), 'say() { echo "$1"; }\n');
writeFileSync(join(node, '.env'), 'CI=1\n');

const recognized = (line: string): Intent[] => recognizeTerraformCommands(line, infra);

/** Each line was planned in a workspace or with options other than those Terraform would run with, and allowed. */
const ASKED: string[] = [
  // Audit 32 F18 CRITICAL: variables the line sets never reached nested lines.
  'export TF_CLI_ARGS_apply=-destroy; sh -c "terraform apply -auto-approve"',
  'TF_CLI_ARGS_apply=-destroy; export TF_CLI_ARGS_apply; bash -c "terraform apply -auto-approve"',
  'export TF_WORKSPACE=prod; sh -c "terraform apply -auto-approve"',
  'export TF_WORKSPACE=prod; echo $(terraform apply -auto-approve)',
  'export TF_WORKSPACE=prod; echo `terraform apply -auto-approve`',
  'export TF_CLI_ARGS_apply=-destroy; eval "terraform apply -auto-approve"',
  'export TF_CLI_ARGS_apply=-destroy; git -c alias.up="!terraform apply -auto-approve" up',
  'TF_CLI_ARGS_apply=-destroy sh -c "terraform apply -auto-approve"',
  'TF_WORKSPACE=prod sh -c "terraform apply -auto-approve"',
  'export TF_WORKSPACE=prod; false && export TF_WORKSPACE=default; sh -c "terraform apply -auto-approve"',
  'export AWS_PROFILE=prod; sh -c "terraform apply -auto-approve"',
  'TF_WORKSPACE=prod find . -maxdepth 0 -exec terraform apply -auto-approve \\;',
  'export TF_WORKSPACE=prod; echo terraform apply -auto-approve | sh',
  // Audit 32 F11 CRITICAL: an export whose name the shell makes.
  'n=TF_CLI_ARGS_apply; export $n=-destroy; terraform apply -auto-approve',
  'n=TF_CLI_ARGS_apply; export "$n=-destroy"; terraform apply -auto-approve',
  'n=TF_CLI_ARGS_apply; declare -x "$n"=-destroy; terraform apply -auto-approve',
  'n=TF_CLI_ARGS_apply; printf -v "$n" %s -destroy; export TF_CLI_ARGS_apply; terraform apply -auto-approve',
  'export ${n:-TF_CLI_ARGS_apply}=-destroy; terraform apply -auto-approve',
  // Audit 41 H3: arithmetic without spaces, read as one assignment to x.
  'export TF_WORKSPACE=default; ((x=1,TF_WORKSPACE=5)); terraform apply',
  '((x=TF_WORKSPACE=5)); terraform apply',
  // Audit 41 H2: a prefix on eval reaches what eval runs.
  'TF_WORKSPACE=prod eval terraform apply -auto-approve',
  'TF_WORKSPACE=prod eval "cd . && terraform apply"',
  'TF_WORKSPACE=prod builtin eval terraform apply',
  'TF_CLI_ARGS_apply=-destroy eval eval terraform apply',
  // F3: a nameref; F10: brace expansion in export's words.
  'declare -n r=TF_CLI_ARGS_apply; export r=-destroy; terraform apply -auto-approve',
  'declare -n r=TF_WORKSPACE; export r=prod; terraform apply -auto-approve',
  'export TF_CLI_ARGS_apply{=-destroy,}; terraform apply -auto-approve',
  'export TF_WORKSPACE=default T{F_WORKSPACE=prod,}; terraform apply -auto-approve',
  'export TF_WORKSPACE{=prod,}; terraform apply -auto-approve',
  // F9: removing a variable (the agent's shell may have inherited it).
  'env -u TF_WORKSPACE terraform apply -auto-approve',
  'env --unset=TF_WORKSPACE terraform apply -auto-approve',
  'env -i PATH=/usr/bin terraform apply -auto-approve',
  'export TF_WORKSPACE=default; export -n TF_WORKSPACE; terraform apply -auto-approve',
  'export TF_WORKSPACE=default; declare +x TF_WORKSPACE; terraform apply -auto-approve',
  'export TF_WORKSPACE=default; exec -c terraform apply -auto-approve',
  // F4: after `||` the rest of the chain runs whether or not the export did.
  'export TF_WORKSPACE=prod; true || export TF_WORKSPACE=default && terraform apply -auto-approve',
  'true || export TF_WORKSPACE=default && terraform apply -auto-approve',
  // F14, F16: a pipeline's export (kept with lastpipe), a loop's export on the next pass.
  'shopt -s lastpipe; true | export TF_CLI_ARGS_apply=-destroy; terraform apply -auto-approve',
  'for i in 1 2; do terraform apply -auto-approve; export TF_CLI_ARGS_apply=-destroy; done',
  // Audit 34 P_top and F0/F1: a shell variable, not exported, was planned with as if it were.
  'TF_WORKSPACE=default; terraform apply -auto-approve',
  'TF_WORKSPACE=default; find . -maxdepth 0 -exec terraform apply -auto-approve \\;',
  'TF_WORKSPACE=default; sh -c "terraform apply -auto-approve"',
  'TF_WORKSPACE=default; eval "terraform apply -auto-approve"',
  'TF_WORKSPACE=default; git -c alias.up="!terraform apply -auto-approve" up',
  'declare TF_WORKSPACE=default; sh -c "terraform apply -auto-approve"',
  'readonly TF_WORKSPACE=default; sh -c "terraform apply -auto-approve"',
  'export TF_WORKSPACE=default; env -u TF_WORKSPACE sh -c "terraform apply -auto-approve"',
  'export TF_WORKSPACE=default; env -i sh -c "terraform apply -auto-approve"',
  'export TF_WORKSPACE=default; sh -c "env -u TF_WORKSPACE terraform apply -auto-approve"',
  'export TF_WORKSPACE=default; eval "env -u TF_WORKSPACE terraform apply -auto-approve"',
  'sh -c \'TF_WORKSPACE=default; sh -c "terraform apply -auto-approve"\'',
  // Forms the shell keeps that the line's scopes did not follow.
  'eval "export TF_WORKSPACE=prod"; terraform apply -auto-approve',
  'source ./env.sh; terraform apply -auto-approve',
  'source "$ENV_FILE"; terraform apply -auto-approve',
  'eval "$(direnv export bash)"; terraform apply -auto-approve',
  'f() { terraform apply -auto-approve; }; TF_WORKSPACE=prod f',
  'f() { terraform apply -auto-approve; }; AWS_PROFILE=prod f',
  '(( TF_WORKSPACE=1 )); terraform apply -auto-approve',
  'let TF_WORKSPACE++; terraform apply -auto-approve',
  'TF_WORKSPACE[0]=prod; terraform apply -auto-approve',
  'set -a; TF_WORKSPACE=prod; terraform apply -auto-approve',
  'read -r TF_WORKSPACE < ws.txt; terraform apply -auto-approve',
  'unset TF_WORKSPACE; terraform apply -auto-approve',
  'HOME=/tmp; terraform apply -auto-approve',
  'export GIT_DIR=/tmp/x; sh -c "terraform apply -auto-approve"',
  // After `||` a newline continues the list: the export may not run, the apply does.
  'true ||\nexport TF_WORKSPACE=default && terraform apply -auto-approve',
];

describe('a Terraform run whose environment the line touches beyond what is followed is asked about', () => {
  it.each(ASKED.map((line) => [line]))('%s', (line) => {
    const intents = recognized(line);
    expect(intents.length, line).toBeGreaterThan(0);
    for (const intent of intents) expect(intent.kind, JSON.stringify(intent)).not.toBe('change');
  });

  it('says what it saw, naming the variable but never its value', () => {
    const [intent] = recognized('TF_WORKSPACE=s3cr3tws; terraform apply -auto-approve');
    expect(intent).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/sets TF_WORKSPACE in a way tf-plan-guard cannot follow.*a human decides/) });
    expect(JSON.stringify(intent)).not.toMatch(/s3cr3tws/);
    const [nested] = recognized('export TF_WORKSPACE=s3cr3tws; sh -c "terraform apply"');
    expect(nested).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/exports TF_WORKSPACE/) });
    expect(JSON.stringify(nested)).not.toMatch(/s3cr3tws/);
    const [evaluated] = recognized('TF_WORKSPACE=s3cr3tws eval terraform apply');
    expect(evaluated).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/sets TF_WORKSPACE for what/) });
    expect(JSON.stringify(evaluated)).not.toMatch(/s3cr3tws/);
    expect(recognized('export $n=x; terraform apply')).toMatchObject([{ kind: 'uncertain', why: expect.stringMatching(/a variable whose name only the running shell knows/) }]);
  });
});

describe('what is followed exactly is planned as before', () => {
  it.each([
    ['export TF_WORKSPACE=prod; terraform apply -auto-approve', { TF_WORKSPACE: 'prod' }],
    ['export TF_WORKSPACE=prod TF_VAR_a=1; terraform apply', { TF_WORKSPACE: 'prod', TF_VAR_a: '1' }],
    ['TF_WORKSPACE=prod terraform apply', { TF_WORKSPACE: 'prod' }],
    ['env TF_WORKSPACE=prod terraform apply', { TF_WORKSPACE: 'prod' }],
    ['cd . && export TF_WORKSPACE=dev && terraform apply', { TF_WORKSPACE: 'dev' }],
    ['export AWS_PROFILE=dev; terraform apply', { AWS_PROFILE: 'dev' }],
    // Inert names do not change what is applied: they may be anywhere.
    ['export TF_LOG=DEBUG; sh -c "terraform apply"', {}],
    ['TF_LOG=DEBUG; TF_IN_AUTOMATION=1 sh -c "terraform apply"', {}],
    ['for f in *.tf; do echo "$f"; done; terraform apply', {}],
    ['x=1; echo "$x"; terraform apply', {}],
    ['OPTS=--var=1; terraform apply', {}],
    ['sh -c "export TF_WORKSPACE=prod; terraform apply"', { TF_WORKSPACE: 'prod' }],
  ])('%s', (line, env) => {
    expect(recognized(line)).toMatchObject([{ kind: 'change', env }]);
  });

  it('a prefix of a name in the hook\'s environment asks: before a special builtin in sh it stays for the line, and CDPATH moves a cd (audit 41 H1)', () => {
    const saved = { AWS_PROFILE: process.env['AWS_PROFILE'], CDPATH: process.env['CDPATH'] };
    process.env['AWS_PROFILE'] = 'dev';
    process.env['CDPATH'] = '/nonexistent';
    try {
      for (const line of ["sh -c 'AWS_PROFILE=prod :; terraform apply'", 'set -o posix; AWS_PROFILE=prod :; terraform apply', 'CDPATH=/elsewhere cd infra && terraform apply']) {
        for (const intent of recognized(line)) expect(intent.kind, line).not.toBe('change');
      }
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
});

const OPTIONS: GuardOptions = {
  policyFor: () => {
    throw new Error('nothing is planned here');
  },
  budgetMs: 5000,
  programs: { terraform: '/nonexistent/terraform', tofu: '/nonexistent/tofu', terragrunt: '/nonexistent/terragrunt' },
};

async function asked(line: string, cwd: string): Promise<string[]> {
  const assessments = await assessCommandLine(line, cwd, OPTIONS);
  return assessments.filter((a) => a.outcome !== 'clear').flatMap((a) => a.reason);
}

describe('a package script run with variables the line sets', () => {
  it.each([
    ['export TF_CLI_ARGS_apply=-destroy; npm run up', /exports TF_CLI_ARGS_apply/],
    ['env TF_CLI_ARGS_apply=-destroy npm run up', /TF_CLI_ARGS_apply/],
    ['TF_WORKSPACE=prod npm run up', /TF_WORKSPACE/],
    ['export TF_WORKSPACE=prod; sh -c "npm run up"', /exports TF_WORKSPACE/],
  ])('%s: a Terraform run in the script is asked about, not planned', async (line, why) => {
    const reasons = (await asked(line, infra)).join('\n');
    expect(reasons).toMatch(why);
    expect(reasons).not.toMatch(/is not installed/);
  });

  // Audit 34 F2 and its "checked, not regressed" list: no Terraform run, no question.
  it.each([
    ['export TF_LOG=DEBUG; npm test', node],
    ['PATH=$PATH:./node_modules/.bin npm run build', node],
    ['export PATH="$PWD/node_modules/.bin:$PATH"; npm run build', node],
    ['export $(cat .env | xargs); npm test', node],
    ['export $(grep -v "^#" .env | xargs) && npm run build', node],
    ['export PATH=$PATH:./bin; sh -c "npm test"', node],
    ['HOME=/tmp npm test', node],
    ['export CI=true; npm test', infra],
    ['export TF_VAR_env=dev; npm run plan', infra],
    ['TF_VAR_env=dev npm run plan', infra],
    ['export TF_LOG=DEBUG; terraform plan', infra],
    ['sh -c "terraform fmt"', infra],
    ['export AWS_PROFILE=dev; terraform plan', infra],
    ['export TF_LOG=DEBUG; sh -c "terraform plan"', infra],
    ['export FOO=$(date +%s); terraform plan', infra],
    ['export PATH=$PATH:$HOME/.local/bin; terraform plan', infra],
  ])('%s: no objection', async (line, cwd) => {
    expect(await asked(line, cwd)).toEqual([]);
  });
});

describe('sourced files and eval lines read once, as where they ran (audit 38)', () => {
  // F-CACHEKEY: the same `. ./x.sh` in two directories reads two files.
  const cached = join(root, 'cached');
  for (const [dir, body] of [['A', 'echo hi\n'], ['B', 'export TF_WORKSPACE=5\n']] as const) {
    mkdirSync(join(cached, dir), { recursive: true });
    writeFileSync(join(cached, dir, 'x.sh'), body);
    writeFileSync(join(cached, dir, 'y.sh'), body);
  }
  writeFileSync(join(cached, 'inc.sh'), '. ./y.sh\n');
  mkdirSync(join(cached, '.git'), { recursive: true });
  writeFileSync(join(cached, 'main.tf'), 'resource "terraform_data" "a" {}\n');
  writeFileSync(join(cached, 'package.json'), JSON.stringify({ name: 'x', scripts: { deploy: 'terraform apply -auto-approve' } }));

  it.each([
    "cd A; eval '. ./x.sh'; cd ../B; eval '. ./x.sh'; cd ..; npm run deploy",
    `cd A; . ${join(cached, 'inc.sh')}; cd ../B; . ${join(cached, 'inc.sh')}; cd ..; npm run deploy`,
  ])('%s: the second read is of B, which exports TF_WORKSPACE: asked', async (line) => {
    expect((await asked(line, cached)).join("\n")).toMatch(/sets variables in this shell/);
  });

  // F-TIME: every package script's line read the same sourced files again, each within a bound of its own.
  it('20 package scripts sourcing the same 200 files read them once for the whole command', async () => {
    const many = join(root, 'many');
    mkdirSync(join(many, '.git'), { recursive: true });
    writeFileSync(join(many, 'main.tf'), 'resource "terraform_data" "a" {}\n');
    const body = Array.from({ length: 3000 }, (_, n) => `FOO${n % 10}=aaaaaaaaaaaaaaaaaaaa;`).join('\n');
    const sources = Array.from({ length: 200 }, (_, n) => {
      writeFileSync(join(many, `s${n}.sh`), body);
      return `source s${n}.sh`;
    }).join('; ');
    const scripts = Object.fromEntries(Array.from({ length: 20 }, (_, n) => [`x${n}`, `${sources}; echo done`]));
    writeFileSync(join(many, 'package.json'), JSON.stringify({ name: 'x', scripts }));
    const started = performance.now();
    await asked(Array.from({ length: 20 }, (_, n) => `npm run x${n}`).join(' && '), many);
    // Each script read them again before: about 20 times what one read takes.
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 60_000);
});

describe('git on a line that selects another git configuration (audit 34 P1)', () => {
  // ~/.gitconfig (or GIT_CONFIG_GLOBAL's file) may hold `[alias] up = !terraform apply -auto-approve`: the hook reads no such file.
  it.each([['HOME=/tmp/evil git up'], ['export HOME=/tmp/evil; sh -c "git up"'], ['export GIT_CONFIG_GLOBAL=/tmp/evil/.gitconfig; git up'], ['XDG_CONFIG_HOME=/tmp/evil git -C . up']])(
    '%s: asked about where Terraform is near',
    async (line) => {
      expect((await asked(line, infra)).join('\n')).toMatch(/alias from a configuration the line selects/);
      expect(await asked(line, plain)).toEqual([]);
    },
  );

  it.each([['HOME=/tmp git status'], ['export HOME=/tmp; git log --oneline'], ['git up'], ['echo "$HOME"; git up']])('%s: git\'s own command, or no configuration selected: nothing new', async (line) => {
    expect(await asked(line, infra)).toEqual([]);
  });
});

describe('a cd right after `||` (audit 32 F4): the rest of its chain runs whether or not it did', () => {
  it.each([['true || cd ../node && terraform apply -auto-approve'], ['true ||\ncd ../node && terraform apply -auto-approve']])('%s: asked, the directory is not known', (line) => {
    expect(recognized(line)).toMatchObject([{ kind: 'uncertain', why: expect.stringMatching(/after a `\|\|`/) }]);
  });

  it.each([['cd ../node || exit 1; terraform apply'], ['true || true && cd ../node && terraform apply'], ['cd ../node && terraform apply']])('%s: planned where the cd goes, as before', (line) => {
    expect(recognized(line)).toMatchObject([{ kind: 'change', directory: node }]);
  });
});

describe('a cd in a loop body or a lastpipe stage (audit 32 F16, F14)', () => {
  it.each([
    ['for i in 1 2; do terraform apply -auto-approve; cd ../node; done', /later passes/],
    ['while true; do terraform apply -auto-approve; cd ../node; done', /later passes/],
    ['shopt -s lastpipe; true | cd ../node; terraform apply -auto-approve', /lastpipe/],
  ])('%s: asked, the directory is not known', (line, why) => {
    expect(recognized(line)).toMatchObject([{ kind: 'uncertain', why: expect.stringMatching(why) }]);
  });

  it.each([['for i in 1 2; do (cd ../node && terraform plan); terraform apply; done', infra], ['true | cd ../node; terraform apply', infra], ['for i in 1; do echo; done; cd ../node && terraform apply', node]])('%s: planned as before', (line, directory) => {
    expect(recognized(line)).toMatchObject([{ kind: 'change', directory }]);
  });
});
