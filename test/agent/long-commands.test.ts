/**
 * Audit 23 F2 (HIGH): the hook must answer in seconds on any command line it accepts, or the
 * harness's timeout lets the command run. Reading a line is linear in its length; a line past what
 * is read (MAX_COMMANDS, MAX_WORDS, MAX_PIECES, MAX_EXPORTS) is asked about as a line that cannot
 * be read, never let through. Each test has a timeout far below what the old code took.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assessCommandLine, MAX_RUNNER_READS, type GuardOptions } from '../../src/agent/guard.js';
import { MAX_COMMANDS, MAX_NESTING, MAX_PIECES, MAX_WORDS, parseCommandLine } from '../../src/agent/shell.js';
import { MAX_EXPORTS, recognizeTerraformCommands, type Intent } from '../../src/agent/terraform-commands.js';

const CWD = '/work/app';

function only(line: string): Intent {
  const intents = recognizeTerraformCommands(line, CWD);
  expect(intents).toHaveLength(1);
  return intents[0]!;
}

describe('long command lines', () => {
  // The old code took 25 s on this line (each command searched the whole line again).
  it('50,000 `true &&` before an apply (audit 23 F2): more commands than are read, asked about', () => {
    const intent = only(`${'true && '.repeat(50_000)}terraform apply -auto-approve`);
    expect(intent).toMatchObject({ kind: 'uncertain', why: `it has more than ${MAX_COMMANDS.toLocaleString('en-US')} commands, more than tf-plan-guard reads in one line` });
  }, 10_000);

  it('just under the limit: every command read, the apply planned', () => {
    expect(only(`${'true && '.repeat(MAX_COMMANDS - 10)}terraform apply -auto-approve`)).toMatchObject({ kind: 'change', directory: CWD });
    expect(only(`${'true\n'.repeat(MAX_COMMANDS - 10)}cd infra && terraform destroy`)).toMatchObject({ kind: 'change', destroy: true, directory: `${CWD}/infra` });
  }, 10_000);

  // Arithmetic names were matched from every position of a word run: 200 KB took 179 s (audit 38 F-REGEX).
  it('a 200,000-character word in `let` or beside `$((…))`: read in linear time, the apply asked about', () => {
    const long = 'a'.repeat(200_000);
    for (const line of [`let ${long}; terraform apply`, `echo "$((1)) ${long}"; let TF_WORKSPACE=1; terraform apply`]) {
      expect(only(line)).toMatchObject({ kind: 'uncertain' });
    }
  }, 5_000);

  // The old code copied the rest of the command once for each assignment before it: minutes here.
  it('90,000 assignments before an apply: read once, the apply planned with them', () => {
    const intent = only(`${'A=1 '.repeat(90_000)}terraform apply`);
    expect(intent).toMatchObject({ kind: 'change', env: { A: '1' } });
  }, 10_000);

  it('a line that exports more variables than are read: its apply is asked about', () => {
    const exports = Array.from({ length: MAX_EXPORTS + 1 }, (_, index) => `V${index}=1`).join(' ');
    const intents = recognizeTerraformCommands(`export ${exports}; ${'true; '.repeat(5000)}terraform apply`, CWD);
    expect(intents.length).toBeGreaterThan(0);
    expect(intents.every((intent) => intent.kind === 'uncertain')).toBe(true);
    expect(intents[0]).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/exports more than 1,000 variables, more than tf-plan-guard reads in one line/) });
    // Exporting one name again and again keeps one value, the last.
    expect(only(`${'export TF_IN_AUTOMATION=1; '.repeat(5000)}export TF_IN_AUTOMATION=2; terraform apply`)).toMatchObject({ kind: 'change', env: { TF_IN_AUTOMATION: '2' } });
  }, 10_000);

  // Audit 29 F12 (HIGH): past the bound only a Terraform run's environment was taken as unknown;
  // HOME (where `cd` goes) and a package manager's settings were forgotten, so the script or
  // shell they lead to was read in the wrong place and let through.
  it.each([
    ['export HOME=/srv/other; export {}; cd && ./deploy'],
    ['export npm_config_script_shell=./evil; export {}; npm run build'],
    ['export HOME=/srv/other {}; cd && ./deploy'],
  ])('%s (more names than are read): asked about, whatever reads the environment', (template) => {
    const exports = Array.from({ length: MAX_EXPORTS + 1 }, (_, index) => `V${index}=1`).join(' ');
    const intents = recognizeTerraformCommands(template.replace('{}', exports), CWD);
    expect(intents).toContainEqual(expect.objectContaining({ kind: 'uncertain', why: expect.stringMatching(/exports more than 1,000 variables/) }));
  });

  it('more words, or more pieces of words, than are read: asked about', () => {
    expect(only(`echo ${'w '.repeat(MAX_WORDS + 1)}&& terraform apply`)).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/more than 100,000 words/) });
    expect(only(`echo ${'$a'.repeat(MAX_PIECES + 1)} && terraform apply`)).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/more than 1,000,000 quoted, escaped or expanded pieces/) });
  }, 10_000);

  // Each level of nesting was a scope of its own (10 million of them in a 20 MB line: GC-bound, 42 s at 60 MB).
  it('subshells nested deeper than are read: asked about', () => {
    const deep = (levels: number): string => `${'('.repeat(levels)}terraform apply${')'.repeat(levels)}`;
    expect(only(deep(MAX_NESTING - 10))).toMatchObject({ kind: 'change' });
    expect(only(deep(2_000_000))).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/subshells and \{ \} groups nested more than 1,000 deep/) });
  }, 10_000);

  // Each of the five levels read the whole line again: 18 s for this shape at 60 MB.
  it('a substitution of more than a million characters: asked about, not read again at each level', () => {
    const body = `echo "$(echo ${'x'.repeat(1_000_001)} && terraform apply)"`;
    expect(only(body)).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/nested line .* of more than 1,000,000 characters/) });
    expect(only(`echo "$(echo ${'x'.repeat(900_000)} && terraform apply)"`)).toMatchObject({ kind: 'change' });
  }, 10_000);

  it('a line past the limits that names nothing the guard looks for is let through, as any such line is', () => {
    expect(recognizeTerraformCommands(`${'true && '.repeat(50_000)}true`, CWD)).toEqual([]);
  }, 10_000);

  it('long words and strings are read whole, as before', () => {
    const long = 'x'.repeat(5_000_000);
    const parsed = parseCommandLine(`echo '${long}' "${long}$y" ${long} && terraform apply`);
    expect(parsed.tooLong).toBeNull();
    expect(parsed.commands[0]!.map((word) => word.text.length)).toEqual([4, long.length, long.length + 2, long.length]);
    expect(parsed.commands[0]![2]!.dynamic).toBe(true);
    expect(parsed.commands[1]!.map((word) => word.text)).toEqual(['terraform', 'apply']);
  }, 10_000);

  it('a redirection after a file descriptor number, and a function definition, read as before', () => {
    const parsed = parseCommandLine('terraform apply 2>err.log >out.log; deploy () { terraform destroy; }; deploy');
    expect(parsed.commands[0]!.map((word) => word.text)).toEqual(['terraform', 'apply']);
    expect(parsed.writes[0]).toEqual(['err.log', 'out.log']);
    expect(parsed.functionNames).toContain('deploy');
  });
});

const OPTIONS: GuardOptions = {
  policyFor: () => {
    throw new Error('nothing is planned here');
  },
  budgetMs: 5000,
  programs: { terraform: '/nonexistent/terraform', tofu: '/nonexistent/tofu', terragrunt: '/nonexistent/terragrunt' },
};

describe('long command lines of scripts and task runners', () => {
  const root = mkdtempSync(join(tmpdir(), 'tfpg-long-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // A script and a manifest of some size, as a repository has, each read once however often the line runs them.
  const lines = Array.from({ length: 5000 }, (_, index) => `echo step ${index} && ls /tmp/${index}`).join('\n');
  writeFileSync(join(root, 'build.sh'), `#!/bin/sh\n${lines}\n`);
  writeFileSync(join(root, 'Makefile'), `${Array.from({ length: 3000 }, (_, index) => `t${index}:\n\techo ${index}\n`).join('')}`);
  const scripts = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`s${index}`, `echo ${index}`]));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', scripts: { ...scripts, build: 'echo built' } }));
  writeFileSync(join(root, 'main.tf'), '');
  const outcomes = async (line: string): Promise<string[]> => (await assessCommandLine(line, root, OPTIONS)).map((assessment) => assessment.outcome);

  // The old code walked the repository's directories for each of these, and read the script and manifest each time: minutes.
  it('the same script, make or package script run thousands of times: read once, nothing asked', async () => {
    expect(await outcomes('./build.sh; '.repeat(9000))).toEqual(Array(9000).fill('clear'));
    expect(await outcomes('npm run build; '.repeat(5000))).toEqual([]);
  }, 15_000);

  it('runners in a directory only the shell knows, thousands of times: the repository is walked once', async () => {
    const found = await outcomes(`cd "$X"; ${'./build.sh; '.repeat(9000)}`);
    expect(found).toHaveLength(9000);
    expect(new Set(found)).toEqual(new Set(['uncertain']));
  }, 15_000);

  it(`more than ${MAX_RUNNER_READS} different runner calls: those past the bound are asked about`, async () => {
    const found = await assessCommandLine(Array.from({ length: MAX_RUNNER_READS + 5 }, (_, index) => `make t${index}`).join('; '), root, OPTIONS);
    expect(found.slice(0, MAX_RUNNER_READS).map((assessment) => assessment.outcome)).toEqual(Array(MAX_RUNNER_READS).fill('clear'));
    expect(found.slice(MAX_RUNNER_READS).map((assessment) => assessment.outcome)).toEqual(Array(5).fill('runner'));
    expect(found[MAX_RUNNER_READS]!.reason.join('\n')).toMatch(/more than 200 different scripts and task runners, more than tf-plan-guard reads/);
  }, 15_000);
});

describe('here-documents are read as commands, whatever they feed (audit 32 F1)', () => {
  // A here-document "only written to a file" was once skipped as data: written into git's config as a
  // `!` alias and run by `git up` in the same line, it applied with no question asked.
  it('an alias written into .git/config by a here-document, then run: the apply in it is seen', () => {
    const line = "cat <<'EOF' >> .git/config\n[alias]\n  up = !terraform apply -auto-approve\nEOF\ngit up";
    const intents = recognizeTerraformCommands(line, CWD);
    expect(intents.some((intent) => intent.kind === 'change' || intent.kind === 'uncertain')).toBe(true);
  });
});

describe('files a line sources, read for what they set (the hook environment work)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfpg-sourced-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // 200 KB of functions and nothing else: read once for the line, not once per `source` (25 s before that).
  writeFileSync(join(dir, 'lib.sh'), Array.from({ length: 5000 }, (_, i) => `f${i}() { echo hello world number ${i}; }\n`).join(''));
  it('1,000 `source` of one 200 KB file before an apply: read once; it sets nothing', () => {
    const intents = recognizeTerraformCommands(`${'source ./lib.sh; '.repeat(1000)}terraform apply`, dir);
    // Asked about as before, since a sourced file may change files (not for what it sets).
    expect(intents.find((intent) => intent.display === 'terraform apply')).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/may change files or state/) });
  }, 10_000);
});
