/**
 * No variable value ever reaches a reason, however the command line quotes, splits or nests it:
 * `eval` and `sh -c` re-split a quoted value into words of their own (`eval terraform apply -var
 * "pw=a b c"` runs `terraform apply -var pw=a b c`), and a Terraform that fails may quote its
 * arguments in its error. Every value below carries the marker Kq9v (four characters: a random temporary directory name could hold a shorter one); no answer may contain it.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerToolCall } from '../../src/agent/claude-code-hook.js';
import { answerShellExecution } from '../../src/agent/cursor-hook.js';
import { terraformError } from '../../src/agent/planner.js';
import { fixedPolicy } from '../../src/agent/policy-source.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';

const root = mkdtempSync(join(tmpdir(), 'tfpg-values-'));
const project = join(root, 'app');
mkdirSync(project);
writeFileSync(join(project, 'main.tf'), 'resource "terraform_data" "x" {}\n');
writeFileSync(join(project, 'Makefile'), 'deploy:\n\tterraform apply -auto-approve\n');
// A Terraform that fails quoting every argument and its environment in its error summary.
const loud = join(root, 'terraform');
writeFileSync(loud, '#!/bin/sh\necho "Error: bad arguments $* TF_VAR_pw=$TF_VAR_pw" >&2\nexit 1\n');
chmodSync(loud, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SETTINGS = { policyFor: () => fixedPolicy(DEFAULT_POLICY), budgetMs: 10_000, unattended: false, programs: { terraform: loud, tofu: loud }, path: root };

const FORMS = [
  'terraform apply -var "pw=Kq9va Kq9vb Kq9vc"',
  'terraform apply -var="pw=Kq9va Kq9vb"',
  "terraform apply -var 'pw=Kq9va Kq9vb'",
  'terraform apply -var pw=Kq9va\\ Kq9vb',
  "terraform apply -var $'pw=Kq9va\\nKq9vb'",
  'terraform apply -var \'pw={"k":"Kq9va Kq9vb"}\'',
  'eval terraform apply -var "pw=Kq9va Kq9vb Kq9vc"',
  "eval 'terraform apply -var \"pw=Kq9va Kq9vb Kq9vc\"'",
  'eval "terraform apply -var pw=Kq9va\\ Kq9vb"',
  "eval terraform apply -var 'pw=Kq9va\\ Kq9vb'",
  'eval terraform apply -var "pw=Kq9va;Kq9vb"',
  'eval terraform apply -var "pw=Kq9va -Kq9vb --Kq9vc=Kq9vd"',
  'eval terraform apply -var "pw=Kq9va -target=Kq9vb"',
  'eval terraform apply -var "pw=Kq9va -chdir=Kq9vb"',
  'eval terraform apply -var "pw=Kq9va apply Kq9vb"',
  'eval terraform -chdir=. apply -var "pw=Kq9va Kq9vb"',
  'eval TF_VAR_pw=Kq9va Kq9vb terraform apply',
  'eval eval eval eval eval eval terraform apply -var "pw=Kq9va Kq9vb"',
  "sh -c 'terraform apply -var pw=Kq9va Kq9vb Kq9vc'",
  'sh -c "terraform apply -var \'pw=Kq9va Kq9vb\'"',
  'bash -c "eval terraform apply -var \\"pw=Kq9va Kq9vb\\""',
  "bash -lc 'eval terraform destroy -var=pw=\"Kq9va Kq9vb\"'",
  'bash -c \'terraform apply -var "pw=$1 Kq9vb"\' _ Kq9va',
  'TF_VAR_pw="Kq9va Kq9vb" terraform apply',
  'env TF_VAR_pw="Kq9va Kq9vb" terraform apply',
  'export TF_VAR_pw="Kq9va Kq9vb"; terraform apply',
  'sudo -E terraform apply -var "pw=Kq9va Kq9vb"',
  'timeout 600 terraform apply -var "pw=Kq9va Kq9vb"',
  'terraform apply -var "pw=Kq9va" $(echo Kq9vb)',
  'terraform apply -var "pw=Kq9va Kq9vb',
  '$TF apply -var "pw=Kq9va Kq9vb"',
  'echo "pw=Kq9va Kq9vb" | xargs terraform apply -var',
  'Kq9vx=Kq9va terraform apply',
  'cp Kq9va.tf main.tf && terraform apply -var "pw=Kq9vb"',
  'cd . && eval terraform destroy -var "pw=Kq9va Kq9vb"',
  'tofu apply -var "pw=Kq9va Kq9vb"',
  'terraform state rm "Kq9va Kq9vb"',
  'terraform apply Kq9va',
  'make deploy PW="Kq9va Kq9vb"',
  'make Kq9va',
  'tf-plan-guard apply -- -var "pw=Kq9va Kq9vb"',
  'eval terraform apply -var "pw=Kq9va; ./Kq9vb.sh"',
  'eval echo "pw=Kq9va; ./Kq9vb/terraform destroy"',
  // Pieces shaped like words the reasons show (audit 2, A5): a program name, an option, an environment name.
  'eval terraform apply -auto-approve -var "pw=a terraform_9Kq9va b"',
  'eval terraform apply -var "pw=a -var=Kq9va=x b"',
  'eval terraform apply -var "pw=a b TF_VAR_Kq9va=1"',
  'eval terraform apply -var "pw=a b AWS_Kq9vA=1 tofu_9Kq9vb"',
  // Pieces of values other than a -var's, split off by eval or echo | sh (audit 3, F1).
  'eval TF_VAR_pw="a TF_VAR_Kq9va=1" terraform destroy',
  'eval TF_VAR_pw="a terraform_9Kq9va" terraform destroy',
  'eval TF_VAR_pw="a -var=Kq9va=1" terraform destroy',
  'eval env TF_VAR_pw="a TF_VAR_Kq9va=1" terraform destroy',
  'eval export TF_VAR_pw=\\"a TF_VAR_Kq9vx=1\\"; terraform destroy',
  'eval TF_WORKSPACE="default TF_VAR_Kq9vw=1" terraform destroy',
  'eval AWS_PROFILE="p AWS_Kq9vP=1" terraform destroy',
  'eval terraform destroy -var-file="a.tfvars -var=Kq9vvf=1"',
  'eval terraform destroy -var-file="a.tfvars TF_VAR_Kq9vvf=1"',
  'eval terraform destroy -state="a -var=Kq9vs=1"',
  'eval terraform destroy -target="x -var=Kq9va=1"',
  'eval terraform -chdir=. destroy -var "pw=a -chdir=Kq9va"',
  "git -c alias.x='!eval TF_VAR_pw=\"a TF_VAR_Kq9vg=1\" terraform destroy' x",
  "echo 'eval TF_VAR_pw=\"a TF_VAR_Kq9ve=1\" terraform destroy' | sh",
  'echo terraform destroy -target="x TF_VAR_Kq9ve=1" | sh',
  'eval terraform destroy -var "pw=a -target=Kq9vsecret"',
];

describe('reasons never show a variable value, however the line is written', () => {
  it.each(FORMS)('%s', async (line) => {
    const claude = await answerToolCall({ toolName: 'Bash', command: line, cwd: project }, SETTINGS);
    const cursor = await answerShellExecution({ command: line, cwd: project }, SETTINGS);
    // An objection was made (the test is not passing on silence), and it shows no value.
    expect(claude?.hookSpecificOutput.permissionDecision).toBe('ask');
    expect(cursor.permission).toBe('ask');
    expect(JSON.stringify([claude, cursor])).not.toMatch(/Kq9v/);
  }, 30_000);
});

describe('a command split again from a joined line (eval, echo | sh) shows only its program, subcommand and option names (audit 3, F1)', () => {
  async function reason(line: string): Promise<string> {
    return (await answerToolCall({ toolName: 'Bash', command: line, cwd: project }, SETTINGS))?.hookSpecificOutput.permissionDecisionReason ?? '';
  }

  it('the words of a passphrase after a -var are not shown, though each is an ordinary word (F1c)', async () => {
    const shown = await reason('eval terraform destroy -var "pw=push pull build release"');
    expect(shown).toMatch(/`terraform destroy -var pw=\(hidden\) …`/);
    expect(shown).not.toMatch(/pull|build|release/);
  });

  it('after a value given any other way, no name-shaped piece is shown; the program and subcommand still are', async () => {
    expect(await reason('eval TF_VAR_pw="a TF_VAR_Kq9va=1" terraform destroy')).toMatch(/`TF_VAR_pw=\(hidden\) …=\(hidden\) terraform destroy`/);
    expect(await reason('eval terraform destroy -var-file="a.tfvars -var=Kq9vvf=1" -auto-approve')).toMatch(/`terraform destroy -var-file=… -var=… -auto-approve`/);
    // A command that was not split again is shown as before.
    expect(await reason('TF_VAR_pw=Kq9va TF_VAR_n=1 terraform destroy -target=Kq9vb')).toMatch(/`TF_VAR_pw=\(hidden\) TF_VAR_n=\(hidden\) terraform destroy -target=…`/);
  });

  it("Terraform's error summary keeps its kind and loses what it quotes (F1b)", () => {
    expect(terraformError('Error: Invalid target "Kq9vsecret"\n\nDetail', [], true)).toBe('Invalid target "…"');
    expect(terraformError('Error: Invalid target "Kq9vsecret"\n', [], false)).toBe('Invalid target "Kq9vsecret"');
  });
});
