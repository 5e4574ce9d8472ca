import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recognizeTerraformCommands, type Intent } from '../../src/agent/terraform-commands.js';

const CWD = '/work/app';

function only(line: string): Intent {
  const intents = recognizeTerraformCommands(line, CWD);
  expect(intents, line).toHaveLength(1);
  return intents[0]!;
}

describe('recognizing Terraform runs that change infrastructure', () => {
  it.each([
    ['terraform apply', false, CWD],
    ['terraform apply -auto-approve', false, CWD],
    ['terraform destroy', true, CWD],
    ['terraform destroy -auto-approve', true, CWD],
    ['terraform apply -destroy -auto-approve', true, CWD],
    ['terraform apply --destroy', true, CWD],
    ['terraform -chdir=infra/prod apply', false, '/work/app/infra/prod'],
    ['terraform -chdir=/srv/tf destroy', true, '/srv/tf'],
    ['cd infra && terraform apply -auto-approve', false, '/work/app/infra'],
    ['cd /srv/tf; terraform destroy', true, '/srv/tf'],
    ['cd infra || exit 1; terraform apply', false, '/work/app/infra'],
    ['TF_LOG=debug terraform apply', false, CWD],
    ['env TF_IN_AUTOMATION=1 terraform apply', false, CWD],
    ['time terraform apply', false, CWD],
    ['nohup terraform apply -auto-approve > apply.log 2>&1 &', false, CWD],
    ['timeout 600 terraform apply', false, CWD],
    ['/usr/local/bin/terraform apply', false, CWD],
    ['./bin/terraform_1.9.8 apply', false, CWD],
    ['tofu apply -auto-approve', false, CWD],
    ['tofu destroy', true, CWD],
    ['terragrunt apply', false, CWD],
    ['terragrunt destroy --non-interactive', true, CWD],
    ['bash -c "cd infra && terraform apply -auto-approve"', false, '/work/app/infra'],
    ["sh -lc 'terraform destroy -auto-approve'", true, CWD],
    ['eval "terraform apply"', false, CWD],
    ['echo $(terraform destroy -auto-approve)', true, CWD],
    ['(cd infra && terraform apply)', false, '/work/app/infra'],
    ['terraform init && terraform apply -auto-approve', false, CWD],
    ['ter"raform" app\'ly\'', false, CWD],
    ['terraform \\\n  apply', false, CWD],
    ['command terraform apply', false, CWD],
    ['exec terraform apply', false, CWD],
    ['echo yes | terraform apply', false, CWD],
    ['terraform destroy -destroy=false -auto-approve', true, CWD],
    ['if true; then terraform destroy; fi', true, CWD],
    ['for i in 1; do terraform destroy -auto-approve; done', true, CWD],
  ])('%s', (line, destroy, directory) => {
    const intent = only(line);
    expect(intent.kind).toBe('change');
    if (intent.kind !== 'change') return;
    expect(intent.destroy).toBe(destroy);
    expect(intent.directory).toBe(directory);
  });

  it('keeps the options that shape the plan and drops the ones that only matter to the apply', () => {
    const intent = only('terraform apply -auto-approve -var "region=eu-west-1" -var-file=prod.tfvars -target aws_db_instance.main -replace=aws_instance.web -refresh=false -no-color');
    expect(intent).toMatchObject({ kind: 'change', planArgs: ['-var=region=eu-west-1', '-var-file=prod.tfvars', '-target=aws_db_instance.main', '-replace=aws_instance.web', '-refresh=false'] });
  });

  it('applies a saved plan as it is', () => {
    expect(only('terraform apply tfplan')).toMatchObject({ kind: 'change', savedPlan: '/work/app/tfplan' });
    expect(only('terraform -chdir=infra apply out.plan')).toMatchObject({ kind: 'change', savedPlan: '/work/app/infra/out.plan' });
  });

  it('hides variable values in what it shows people', () => {
    const intent = only('TF_VAR_db_password=hunter22 terraform apply -var "db_password=s3cr3t-value" -var=token=abc123');
    expect(intent.kind).toBe('change');
    if (intent.kind !== 'change') return;
    expect(intent.display).not.toMatch(/hunter22|s3cr3t-value|abc123/);
    expect(intent.display).toContain('db_password=(hidden)');
  });

  it('plans with the variables the command line sets, exported or prefixed', () => {
    expect(only('export AWS_PROFILE=prod; TF_WORKSPACE=blue terraform destroy')).toMatchObject({ kind: 'change', env: { AWS_PROFILE: 'prod', TF_WORKSPACE: 'blue' } });
    expect(only('env -C infra TF_VAR_size=10 terraform apply')).toMatchObject({ kind: 'change', directory: '/work/app/infra', env: { TF_VAR_size: '10' } });
  });

  it.each([['TF_CLI_ARGS_apply=-destroy terraform apply'], ['TF_CLI_ARGS_destroy="-target=x" terraform destroy'], ['TF_WORKSPACE=$WS terraform apply']])(
    'cannot plan what %s would apply',
    (line) => {
      expect(only(line).kind).toBe('uncertain');
    },
  );

  it('a cd inside a subshell ends with it', () => {
    expect(only('(cd infra && terraform plan); terraform destroy')).toMatchObject({ kind: 'change', directory: CWD, destroy: true });
    expect(only('(cd infra; (cd ../other); terraform apply)')).toMatchObject({ kind: 'change', directory: '/work/app/infra' });
  });

  it('hides every value a command line assigns, also where it cannot read the command', () => {
    const intents = [
      ...recognizeTerraformCommands('AWS_SECRET_ACCESS_KEY=abc123xyz GITHUB_TOKEN=ghp_secret1 terraform destroy', CWD),
      ...recognizeTerraformCommands('eval eval eval eval eval eval terraform destroy -var pw=s3cr3t9', CWD),
      ...recognizeTerraformCommands("echo 'AWS_SECRET_ACCESS_KEY=abc123xyz terraform destroy' | bash", CWD),
    ];
    expect(intents.length).toBe(3);
    // What people read (display, why); `env` keeps the values only to plan with them.
    expect(JSON.stringify(intents.map((intent) => [intent.display, 'why' in intent ? intent.why : '']))).not.toMatch(/abc123xyz|ghp_secret1|s3cr3t9/);
  });

  it('finds every run in a chain, each in its own directory', () => {
    const intents = recognizeTerraformCommands('cd a && terraform apply -auto-approve && cd ../b && terraform destroy -auto-approve', CWD);
    expect(intents.map((intent) => (intent.kind === 'change' ? [intent.directory, intent.destroy] : intent.kind))).toEqual([
      ['/work/app/a', false],
      ['/work/app/b', true],
    ]);
  });

  it('marks Terragrunt over many modules', () => {
    expect(only('terragrunt run-all apply --non-interactive')).toMatchObject({ kind: 'change', manyModules: true });
    expect(only('terragrunt run --all destroy')).toMatchObject({ kind: 'change', manyModules: true, destroy: true });
  });

  it.each([
    ['terraform state rm aws_db_instance.main', /forget/],
    ['terraform state push old.tfstate', /overwrites/],
    ['terraform workspace delete -force prod', /workspace/],
    ['terraform force-unlock -force 1234', /lock/],
    ['tofu state rm module.db', /forget/],
  ])('state command %s', (line, effect) => {
    const intent = only(line);
    expect(intent.kind).toBe('state');
    if (intent.kind === 'state') expect(intent.effect).toMatch(effect);
  });

  it.each([
    ['$TF apply -auto-approve'],
    ['terraform $VERB -auto-approve'],
    ['terraform apply $EXTRA_ARGS'],
    ['"$(which terraform)" destroy'],
    ['echo destroy | xargs terraform'],
    // xargs appends the words it reads (audit 3, F8), or puts them where -I's string is.
    ['echo -destroy | xargs terraform apply'],
    ["printf -- '-destroy\\n' | xargs terraform apply -auto-approve"],
    ['xargs -a args.txt terraform apply'],
    ['xargs -0 -n 1 terraform apply < list'],
    ['echo x | xargs -I{} terraform apply -target={}'],
    ['echo x | xargs -I % terraform apply -var-file=%'],
    ['echo x | xargs --replace terraform apply -target={}'],
    ["script -qc 'terraform destroy' /dev/null"],
    ["echo 'terraform destroy -auto-approve' $(cat x) | bash"],
    ['python3 -c "import os; os.system(\'terraform destroy -auto-approve\')"'],
    ['TF_CLI_ARGS_plan=-target=x terraform destroy'],
    ['terraform apply "-var=x=$(cat secret)"'],
  ])('cannot be sure about %s', (line) => {
    expect(recognizeTerraformCommands(line, CWD).some((intent) => intent.kind === 'uncertain')).toBe(true);
  });

  it.each([
    ['terraform plan'],
    ['terraform plan -destroy -out=tfplan'],
    ['terraform init -upgrade'],
    ['terraform validate && terraform fmt -check'],
    ['terraform show -json tfplan'],
    ['terraform state list'],
    ['terraform workspace select prod'],
    ['echo "terraform apply"'],
    ["grep -r 'terraform destroy' docs/"],
    ['git commit -m "run terraform apply later"'],
    ['command -v terraform'],
    ['ls # terraform apply'],
  ])('leaves %s alone', (line) => {
    expect(recognizeTerraformCommands(line, CWD)).toEqual([]);
  });
});

describe('commands earlier in the line that change what the apply would do', () => {
  it.each([
    [': > main.tf && terraform apply', /writes main\.tf/],
    ['git checkout other-branch && terraform apply -auto-approve', /`git checkout …` may change the files/],
    ['cp ../other/main.tf . ; terraform apply', /`cp … \.` may change files/],
    ['terraform state rm aws_db_instance.main && terraform apply', /changes the state/],
    ['terraform workspace select prod && terraform destroy', /changes the workspace/],
    ['terraform init -upgrade && terraform apply', /providers or modules/],
    ['sed -i s/prod/dev/ main.tf && terraform apply', /may change files/],
    ['echo "resource x y {}" >> extra.tf; terraform apply', /writes extra\.tf/],
    ['terraform apply -auto-approve && terraform destroy -auto-approve', /changes the state/],
    ['cp other.tfplan tfplan && terraform apply tfplan', /may change files/],
  ])('%s: ask, saying why', (line, why) => {
    const intents = recognizeTerraformCommands(line, CWD);
    const last = intents[intents.length - 1]!;
    expect(last.kind, line).toBe('uncertain');
    if (last.kind === 'uncertain') {
      expect(last.why).toMatch(why);
      expect(last.why).toMatch(/plans before anything in the line runs/);
    }
  });

  it('a plan file written earlier in the line is planned as that plan command plans it', () => {
    expect(recognizeTerraformCommands('terraform plan -destroy -var-file=prod.tfvars -out=tfplan -detailed-exitcode && terraform apply tfplan', CWD)).toEqual([
      expect.objectContaining({ kind: 'change', destroy: true, savedPlan: null, planArgs: ['-var-file=prod.tfvars'], replacesSavedPlan: { file: '/work/app/tfplan', onlyIfPlanSucceeds: true } }),
    ]);
    expect(only('TF_VAR_size=3 terraform -chdir=infra plan -out x.plan; terraform apply infra/x.plan')).toMatchObject({ kind: 'change', directory: '/work/app/infra', env: { TF_VAR_size: '3' }, replacesSavedPlan: { file: '/work/app/infra/x.plan', onlyIfPlanSucceeds: false } });
    expect(only('terraform plan -var "x=$X" -out=tfplan && terraform apply tfplan')).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/plan file written earlier .*only known when the shell expands/) });
  });

  it.each([
    ['terraform init && terraform apply -auto-approve'],
    ['terraform init -input=false && terraform validate && terraform fmt -check && terraform apply'],
    ['git status && git diff && terraform apply'],
    ['ls -la; cat main.tf; terraform plan; terraform apply'],
    ['terraform plan 2>/dev/null && terraform apply'],
    ['export AWS_PROFILE=prod && terraform apply'],
    ['cd a && terraform apply -auto-approve && cd ../b && terraform destroy -auto-approve'],
  ])('%s: commands that only read leave the apply planned', (line) => {
    const intents = recognizeTerraformCommands(line, CWD);
    expect(intents.length).toBeGreaterThan(0);
    expect(intents.every((intent) => intent.kind === 'change'), JSON.stringify(intents)).toBe(true);
  });
});

describe('the directory a run happens in', () => {
  it.each([
    ['env -Cinfra terraform apply', '/work/app/infra'],
    ['env --chdir=infra terraform apply', '/work/app/infra'],
    ['cd infra | cat; terraform apply', CWD],
    ['cd infra & terraform apply', CWD],
    ['cd infra && cd ../other && cd - && terraform apply', '/work/app/infra'],
    ['cd -P infra && terraform apply', '/work/app/infra'],
    ['cd -- infra && terraform apply', '/work/app/infra'],
    ['cd "$TF_DIR" && terraform -chdir=/srv/tf apply', '/srv/tf'],
  ])('%s runs in %s', (line, directory) => {
    expect(only(line)).toMatchObject({ kind: 'change', directory });
  });

  it.each([
    ['sudo -D infra terraform state rm x', '/work/app/infra'],
    ['sudo --chdir=/srv/tf terraform force-unlock 1', '/srv/tf'],
    ['sudo -C 3 terraform state push s', CWD],
  ])('%s: a state command under sudo in %s', (line, directory) => {
    expect(only(line)).toMatchObject({ kind: 'state', directory });
  });

  it('bare cd and cd ~ go home', () => {
    const home = process.env['HOME']!;
    expect(only('cd && terraform apply')).toMatchObject({ kind: 'change', directory: home });
    expect(only('cd ~ && terraform apply')).toMatchObject({ kind: 'change', directory: home });
    expect(only('cd ~/infra && terraform apply')).toMatchObject({ kind: 'change', directory: `${home}/infra` });
  });

  it.each([
    ['cd "$VAR" && terraform apply', /a `cd` whose target is only known when the shell expands it/],
    ['cd $(git rev-parse --show-toplevel)/infra && terraform destroy', /only known when the shell expands it/],
    ['cd - && terraform apply', /cd -/],
    ['cd ~deploy && terraform apply', /another user/],
    ['pushd && terraform apply', /directory stack/],
    ['popd; terraform destroy', /directory stack/],
    ['env -C "$DIR" terraform apply', /only known when the shell expands it/],
    ['cd "$VAR" && cd infra && terraform apply', /a `cd` whose target is only known when the shell expands it/],
    ['cd "$VAR" && terraform state rm x', /a `cd` whose target is only known when the shell expands it/],
    ['cd "$VAR" && bash -c "terraform apply"', /a `cd` whose target is only known when the shell expands it/],
  ])('%s: the directory is not known, so ask', (line, why) => {
    const intent = only(line);
    expect(intent.kind).toBe('uncertain');
    if (intent.kind === 'uncertain') expect(intent.why).toMatch(why);
  });
});

describe('programs and the guard itself', () => {
  it('a program named by a path is recorded by its absolute path, resolved where the shell is', () => {
    expect(only('./evil/terraform apply')).toMatchObject({ kind: 'change', program: '/work/app/evil/terraform' });
    expect(only('cd infra && ../bin/tofu destroy')).toMatchObject({ kind: 'change', program: '/work/app/bin/tofu', directory: '/work/app/infra' });
    expect(only('terraform apply')).toMatchObject({ kind: 'change', program: 'terraform' });
  });

  it('setting PATH for the run makes the program unknown', () => {
    expect(only('PATH=./evil:/usr/bin terraform apply')).toMatchObject({ kind: 'uncertain', why: expect.stringMatching(/PATH/) });
  });

  it.each([
    ['tf-plan-guard apply', CWD],
    ['tf-plan-guard apply infra --destroy', '/work/app/infra'],
    ['npx tf-plan-guard apply -- -target=x', CWD],
    ['npx -y tf-plan-guard@0.1.0 apply', CWD],
    ['node /opt/tf-plan-guard/dist/cli.js apply --config policy.yml', CWD],
    ['cd infra && tf-plan-guard apply', '/work/app/infra'],
    // Audit F11: launchers of the same program.
    ['node /work/wt11/dist/cli.js apply --destroy --block-on none', CWD],
    ['node --no-warnings ./dist/cli.js apply infra', '/work/app/infra'],
    ['npm exec -- tf-plan-guard apply --destroy --block-on none', CWD],
    ['npm exec --package=tf-plan-guard@1 -- tf-plan-guard apply', CWD],
    ['npm x tf-plan-guard apply', CWD],
    ['npm exec -c "tf-plan-guard apply --destroy"', CWD],
    ['npx -c \'tf-plan-guard apply infra\'', '/work/app/infra'],
    ['pnpm dlx tf-plan-guard apply --destroy --block-on none', CWD],
    ['pnpm exec tf-plan-guard apply', CWD],
    ['pnpx tf-plan-guard apply', CWD],
    ['yarn dlx tf-plan-guard apply', CWD],
    ['yarn tf-plan-guard apply', CWD],
    ['bunx tf-plan-guard@latest apply', CWD],
    ['bun x tf-plan-guard apply', CWD],
    ['./node_modules/.bin/tf-plan-guard apply', CWD],
  ])('%s is put before a person', (line, directory) => {
    expect(only(line)).toMatchObject({ kind: 'guarded-apply', directory });
  });

  it.each([['tf-plan-guard analyze plan.json'], ['tf-plan-guard install claude-code --project'], ['tf-plan-guard hook claude-code'], ['npx tf-plan-guard analyze plan.json'], ['node dist/cli.js analyze plan.json'], ['node server.js'], ['npm exec -- eslint .']])('%s is not', (line) => {
    expect(recognizeTerraformCommands(line, CWD)).toEqual([]);
  });
});

describe('bypasses found in the audit of issue #10: each must be asked about or planned', () => {
  const caught = (intent: Intent, expected: 'uncertain' | 'state' | 'destroy'): boolean =>
    expected === 'destroy' ? intent.kind === 'change' && intent.destroy : intent.kind === expected;
  it.each([
    // 1. brace expansion and globs in a Terraform command's words
    ['terraform {destroy,-auto-approve}', 'uncertain'],
    ['terraform destro?', 'uncertain'],
    ['terraform apply {-destroy,-auto-approve}', 'uncertain'],
    ['tofu d*y -auto-approve', 'uncertain'],
    // 2. bare NAME=value statements, exported later or with set -a
    ['TF_CLI_ARGS_apply=-destroy; export TF_CLI_ARGS_apply; terraform apply -auto-approve', 'uncertain'],
    ['set -a; TF_CLI_ARGS_apply=-destroy; terraform apply -auto-approve', 'uncertain'],
    ['PATH=/tmp/evil:$PATH; terraform apply', 'uncertain'],
    // 3. a cd that may not run
    ['test "$ENV" = staging && cd staging; terraform destroy -auto-approve', 'uncertain'],
    ['false || cd staging; terraform destroy -auto-approve', 'uncertain'],
    ['if [ -d staging ]; then cd staging; fi; terraform destroy -auto-approve', 'uncertain'],
    // (a function's body is read where it is called: f moves the shell to staging, where the destroy is planned)
    ['f() { cd staging; }; f; terraform destroy -auto-approve', 'destroy'],
    // 4. the catch-all, command by command
    ['source .venv/bin/activate && mywrap terraform destroy -auto-approve', 'uncertain'],
    ['source .venv/bin/activate && aws-vault exec prod -- terraform destroy -auto-approve', 'uncertain'],
    ['aws-vault exec prod -- terraform destroy -auto-approve', 'uncertain'],
    // 5. state verbs in the catch-all; credential wrappers
    ['mywrap terraform state rm X', 'uncertain'],
    ['mywrap terraform workspace delete -force prod', 'uncertain'],
    ['aws-vault exec prod -- terraform state rm X', 'state'],
    ['doppler run -- terraform workspace delete -force prod', 'state'],
    ['op run --env-file=.env -- terraform destroy -auto-approve', 'uncertain'],
    ['direnv exec infra terraform force-unlock -force 1234', 'state'],
    // 6. substitution bodies
    ['echo "$(setsid terraform destroy -auto-approve)"', 'destroy'],
    ['echo "$(mywrap terraform destroy -auto-approve)"', 'uncertain'],
    // 7. ANSI-C strings
    ["echo $'\\'' ; terraform destroy -auto-approve #'", 'destroy'],
  ] as const)('%s', (line, expected) => {
    const intents = recognizeTerraformCommands(line, CWD);
    expect(intents.some((intent) => caught(intent, expected)), JSON.stringify(intents)).toBe(true);
  });

  it.each([
    ['env TF_VAR_db_password=hunter2 terraform destroy -auto-approve', /hunter2/],
    ['mywrap terraform destroy -var "db_password=correct horse battery"', /horse|battery/],
    ['mywrap terraform destroy -backend-config="password=swordfish1"', /swordfish1/],
    ['mywrap terraform destroy -var=token=abc123 --var "pw=correct horse battery"', /abc123|horse|battery/],
  ])('8. hides the values in %s', (line, secret) => {
    const intents = recognizeTerraformCommands(line, CWD);
    expect(intents.length).toBeGreaterThan(0);
    expect(JSON.stringify(intents.map((intent) => [intent.display, 'why' in intent ? intent.why : '']))).not.toMatch(secret);
  });

  it.each([['cd infra && terraform apply'], ['terraform init && cd infra && terraform apply'], ['terraform apply -var "name=a b"']])('%s is still planned', (line) => {
    expect(recognizeTerraformCommands(line, CWD).every((intent) => intent.kind === 'change')).toBe(true);
  });
});

describe('wrappers and variables that change what the apply runs with', () => {
  it.each([
    ['aws-vault exec prod -- terraform destroy -auto-approve', /`aws-vault exec` runs it with AWS credentials .* another account/],
    ['aws-vault exec --duration=1h prod terraform apply', /`aws-vault exec`/],
    ['doppler run -- terraform apply', /`doppler run` sets secrets from Doppler .* TF_CLI_ARGS_apply/],
    ['op run --env-file .env terraform apply', /`op run` sets secrets from 1Password/],
    ['direnv exec . terraform apply', /`direnv exec` sets the variables of a directory's \.envrc/],
    ['with-env terraform apply', /`with-env`/],
    ['dotenv -e .env.prod -- terraform destroy', /`dotenv`/],
    ['chamber exec prod -- terraform apply', /`chamber exec`/],
    ['infisical run --env=prod -- terraform apply', /`infisical run`/],
    ['summon terraform apply', /`summon`/],
    ['doppler run -- bash -c "cd . && terraform apply"', /`doppler run`/],
    ['sudo terraform apply', /`sudo` runs it as another user/],
    ['sudo -E terraform destroy -auto-approve', /`sudo` runs it as another user/],
    ['doas terraform apply', /`doas` runs it as another user/],
    ['env -S "TF_CLI_ARGS_apply=-destroy terraform" apply', /TF_CLI_ARGS_apply adds options/],
    ["env -S'TF_CLI_ARGS_destroy=-target=x' terraform destroy", /TF_CLI_ARGS_destroy adds options/],
    ['env -S "$CMD" apply terraform', /program it runs is only known when the shell expands it/],
    ['export TF_CLI_ARGS_apply=-destroy; terraform apply', /TF_CLI_ARGS_apply adds options/],
    ['env TF_CLI_ARGS_apply=-destroy terraform apply', /TF_CLI_ARGS_apply adds options/],
    ['TF_CLI_ARGS_plan=-refresh=false terraform apply', /TF_CLI_ARGS_plan/],
    // Audit 29 F4 (HIGH): exports kept one per name (last wins) dropped a value only the shell knows
    // when a later export of the name may not run: the apply ran in the workspace (or with the
    // -destroy) the hook could not see, unasked. Last wins only where the later export certainly
    // runs and both values are known.
    ['export TF_CLI_ARGS=$(echo -destroy); false && export TF_CLI_ARGS=-compact-warnings; terraform apply -auto-approve', /value of TF_CLI_ARGS is/],
    ['export TF_WORKSPACE=$(echo prod); false && export TF_WORKSPACE=default; terraform apply -auto-approve', /value of TF_WORKSPACE is/],
    ['export TF_WORKSPACE=$(echo prod); if false; then export TF_WORKSPACE=default; fi; terraform apply -auto-approve', /value of TF_WORKSPACE is/],
    ['export TF_WORKSPACE=$(echo prod); [ -n "$CI" ] && export TF_WORKSPACE=default; terraform apply -auto-approve', /value of TF_WORKSPACE is/],
    ['export TF_WORKSPACE=$(echo prod); export TF_WORKSPACE=default; terraform apply -auto-approve', /only known when the shell expands it/],
    ['export X=$(echo > main.tf) X=1; terraform apply -auto-approve', /value of X is only known/],
    ['export TF_WORKSPACE=prod; false && export TF_WORKSPACE=default; terraform apply', /value of TF_WORKSPACE is not known: it depends on whether `export TF_WORKSPACE=\(hidden\)` ran/],
    ['[ -n "$CI" ] && export TF_WORKSPACE=ci; terraform apply', /value of TF_WORKSPACE is not known/],
    ['for w in a; do export TF_WORKSPACE=default; done; terraform apply', /value of TF_WORKSPACE is not known/],
    ['false || export TF_CLI_ARGS=-destroy; terraform apply', /value of TF_CLI_ARGS is not known/],
    // Audit 29 F1 (HIGH, pre-existing): forms that give a watched variable a value were not read, so
    // `export TF_CLI_ARGS_apply+=-destroy; terraform apply -auto-approve` destroyed, unasked.
    ['export TF_CLI_ARGS_apply+=-destroy; terraform apply -auto-approve', /TF_CLI_ARGS_apply adds options/],
    ['export TF_CLI_ARGS+=-destroy; terraform apply -auto-approve', /value of TF_CLI_ARGS is not known: `TF_CLI_ARGS\+=…` appends/],
    ['declare -x TF_CLI_ARGS_apply+=-destroy; terraform apply -auto-approve', /TF_CLI_ARGS_apply adds options/],
    ['TF_CLI_ARGS+=-destroy terraform apply', /value of TF_CLI_ARGS is not known/],
    ['TF_WORKSPACE+=x; export TF_WORKSPACE; terraform apply', /value of TF_WORKSPACE is not known/],
    ['export PATH+=:/x; terraform apply', /it sets PATH/],
    ['export TF_CLI_ARGS_apply; printf -v TF_CLI_ARGS_apply -- -destroy; terraform apply -auto-approve', /TF_CLI_ARGS_apply adds options/],
    ['export TF_WORKSPACE; printf -vTF_WORKSPACE %s prod; terraform apply -auto-approve', /value of TF_WORKSPACE is not known: the line sets TF_WORKSPACE/],
    ['export TF_CLI_ARGS_apply; : ${TF_CLI_ARGS_apply:=-destroy}; terraform apply -auto-approve', /TF_CLI_ARGS_apply adds options/],
    [': "${TF_CLI_ARGS=-destroy}"; export TF_CLI_ARGS; terraform apply -auto-approve', /value of TF_CLI_ARGS is not known/],
  ])('%s: ask, saying why', (line, why) => {
    const intent = only(line);
    expect(intent.kind, JSON.stringify(intent)).toBe('uncertain');
    if (intent.kind === 'uncertain') expect(intent.why).toMatch(why);
  });

  it('what the line sets in the open is planned with: TF_WORKSPACE, TF_DATA_DIR, TF_VAR_*, TF_CLI_ARGS', () => {
    expect(only('TF_WORKSPACE=blue terraform destroy')).toMatchObject({ kind: 'change', env: { TF_WORKSPACE: 'blue' } });
    expect(only('export TF_DATA_DIR=.tfdata TF_VAR_size=2; terraform apply')).toMatchObject({ kind: 'change', env: { TF_DATA_DIR: '.tfdata', TF_VAR_size: '2' } });
    expect(only('env -S "TF_WORKSPACE=blue terraform destroy"')).toMatchObject({ kind: 'change', destroy: true, env: { TF_WORKSPACE: 'blue' } });
    expect(only('TF_CLI_ARGS=-destroy terraform apply')).toMatchObject({ kind: 'change', env: { TF_CLI_ARGS: '-destroy' } });
  });

  it('a watched variable set in a loop is unknown in its body', () => {
    const intents = recognizeTerraformCommands('export TF_CLI_ARGS_apply; for TF_CLI_ARGS_apply in -destroy; do terraform apply -auto-approve; done', CWD);
    expect(intents).toMatchObject([{ kind: 'uncertain', why: expect.stringMatching(/TF_CLI_ARGS_apply adds options/) }]);
    // Other names are not watched: a loop over files is read as before.
    expect(only('for f in a b; do echo $f; done; terraform apply')).toMatchObject({ kind: 'change' });
    expect(only('printf -v stamp %s now; terraform apply')).toMatchObject({ kind: 'change' });
  });

  it('a later export that certainly runs, of a known value, replaces the earlier (and a conditional one holds in its && chain)', () => {
    expect(only('export TF_WORKSPACE=prod; export TF_WORKSPACE=default; terraform apply')).toMatchObject({ kind: 'change', env: { TF_WORKSPACE: 'default' } });
    expect(only('export TF_WORKSPACE=prod; cd infra && export TF_WORKSPACE=dev && terraform apply')).toMatchObject({ kind: 'change', directory: '/work/app/infra', env: { TF_WORKSPACE: 'dev' } });
  });

  it('a conditional export of HOME leaves where `cd` goes unknown', () => {
    const intents = recognizeTerraformCommands('export HOME=/tmp/a; false && export HOME=/tmp/b; cd && ./deploy', CWD);
    expect(intents).toMatchObject([{ kind: 'uncertain', why: expect.stringMatching(/HOME/) }]);
  });

  it('a state command through a wrapper is still asked about as what it is', () => {
    expect(only('aws-vault exec prod -- terraform state rm x')).toMatchObject({ kind: 'state' });
  });
});

describe('git runs what its -c settings name (audit F12)', () => {
  it.each([
    ["git -c alias.tidy='!cd infra/prod && terraform destroy -auto-approve' tidy", '/work/app/infra/prod'],
    ['git -c "alias.tidy=!terraform -chdir=infra destroy" tidy --all', '/work/app/infra'],
    ["git -c alias.x='!sh -c \"terraform destroy\"' x", CWD],
    ["git --no-pager -c alias.Wipe='!terraform destroy' wipe", CWD],
  ])('the body of a ! alias the line defines and invokes is read as a shell line: %s', (line, directory) => {
    expect(only(line)).toMatchObject({ kind: 'change', destroy: true, directory });
  });

  it.each([
    ["git -c alias.x='!terraform apply' x -destroy -auto-approve", true],
    ["git -c alias.x='!cd infra && terraform apply' x '-destroy'", true],
    ["git -c alias.x='!terraform apply' x -replace=terraform_data.db", false],
  ])('git appends the words after the alias name to its body, as it runs it (audit 3, F8): %s', (line, destroy) => {
    expect(only(line)).toMatchObject({ kind: 'change', destroy });
    expect(only("git -c alias.x='!terraform apply' x -replace=terraform_data.db")).toMatchObject({ planArgs: ['-replace=terraform_data.db'] });
  });

  it('an alias given words only known when it runs is asked about', () => {
    expect(only("git -c alias.x='!terraform apply' x $EXTRA")).toMatchObject({ kind: 'uncertain' });
  });

  it('the alias runs at the top level of the repository, wherever git starts', () => {
    const root = mkdtempSync(join(tmpdir(), 'tfpg-git-'));
    try {
      mkdirSync(join(root, '.git'));
      mkdirSync(join(root, 'infra', 'prod'), { recursive: true });
      const intents = recognizeTerraformCommands("cd infra/prod && git -c alias.t='!terraform destroy' t", root);
      expect(intents).toMatchObject([{ kind: 'change', destroy: true, directory: root }]);
      expect(recognizeTerraformCommands("git -C infra/prod -c alias.t='!cd infra && terraform apply' t", root)).toMatchObject([{ kind: 'change', destroy: false, directory: join(root, 'infra') }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.each([
    ["X='!terraform destroy' git --config-env=alias.t=X t"],
    ["git -c core.sshCommand='sh -c \"terraform destroy\"' fetch"],
    ['git -c core.hooksPath=.hooks commit -m "terraform apply"'],
    ['git -c diff.external=./terraform-destroy.sh diff -- main.tf'],
    ["git -c alias.t='-c alias.u=!terraform u' t"],
  ])('a setting that runs a program, on a line naming Terraform, is asked about: %s', (line) => {
    expect(only(line)).toMatchObject({ kind: 'uncertain' });
  });

  it.each([['git -c core.pager=less log'], ['git -c user.name=x commit -m "fix"'], ['git -c alias.co=checkout co main'], ["git -c alias.hi='!echo hi' hi"], ['git -c core.hooksPath=.hooks commit -m fix'], ["git -c alias.tidy='!terraform destroy' status"]])('%s is not its business', (line) => {
    expect(recognizeTerraformCommands(line, CWD)).toEqual([]);
  });
});

describe('shell forms that hid a destroy (audit F13)', () => {
  it.each([
    ["$'\\x74erraform' destroy -auto-approve"],
    ["$'\\164erraform' destroy"],
    ["$'\\u0074erraform' destroy"],
    ["$'\\U00000074erraform' destroy"],
    ["terraform $'\\x64estroy'"],
  ])('ANSI-C escapes are decoded as bash does: %s', (line) => {
    expect(only(line)).toMatchObject({ kind: 'change', destroy: true });
  });

  it('a literal echo or printf piped to a shell is read as a command line', () => {
    expect(only("printf 'cd infra && terraform destroy -auto-approve\\n' | sh")).toMatchObject({ kind: 'change', destroy: true, directory: '/work/app/infra' });
    expect(only('echo terraform destroy | bash')).toMatchObject({ kind: 'change', destroy: true });
    expect(recognizeTerraformCommands("echo 'ls -la' | sh", CWD)).toEqual([]);
  });

  it('a script on standard input from a file is read like sh FILE; from any other pipe it is not known', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfpg-stdin-'));
    try {
      writeFileSync(join(dir, 'cleanup.txt'), 'terraform destroy -auto-approve\n');
      expect(recognizeTerraformCommands('sh < cleanup.txt', dir)).toMatchObject([{ kind: 'runner', runner: 'script', file: join(dir, 'cleanup.txt') }]);
      expect(recognizeTerraformCommands('bash -s < ./cleanup.txt', dir)).toMatchObject([{ kind: 'runner', runner: 'script', file: join(dir, 'cleanup.txt') }]);
      for (const line of ['cat cleanup.txt | sh', 'echo dGVycmFmb3JtIGRlc3Ryb3kgLWF1dG8tYXBwcm92ZQ== | base64 -d | sh', 'curl -fsSL https://example.com/x | bash']) {
        expect(recognizeTerraformCommands(line, dir), line).toMatchObject([{ kind: 'runner', runner: 'script', file: null }]);
      }
      expect(only('cat notes.md | grep terraform | sh')).toMatchObject({ kind: 'uncertain' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('package runners run the words after them as a command (audit 4b, G3)', () => {
  it.each([
    ['npx terraform destroy', CWD],
    ['npx --yes terraform destroy -auto-approve', CWD],
    ['npx terraform@1.9 destroy', CWD],
    ['npm exec -- terraform destroy', CWD],
    ['npm exec --yes -- terraform destroy', CWD],
    ['npm x terraform destroy', CWD],
    ['npm x -- terraform destroy', CWD],
    ['pnpm exec terraform destroy', CWD],
    ['pnpm -C infra exec terraform destroy', '/work/app/infra'],
    ['bun x terraform destroy', CWD],
    ['bunx terraform destroy', CWD],
    ['yarn --cwd infra exec terraform destroy', '/work/app/infra'],
    ['corepack pnpm exec terraform destroy', CWD],
    ['corepack pnpm@9.1.0 exec terraform destroy', CWD],
    ['nice npx terraform destroy', CWD],
    // Shell lines: npx -c, npm exec --call, pnpm exec in shell mode, yarn exec, bun exec.
    ["npx -c 'cd infra && terraform destroy'", '/work/app/infra'],
    ['npm exec --call="terraform destroy"', CWD],
    ['pnpm -c exec "terraform destroy"', CWD],
    ["yarn exec 'terraform destroy'", CWD],
    ['bun exec "terraform destroy"', CWD],
  ])('%s: the destroy is planned', (line, directory) => {
    expect(only(line)).toMatchObject({ kind: 'change', destroy: true, directory });
  });

  it('npm exec runs where the shell is, whatever --prefix says (checked with npm 11)', () => {
    expect(only('npm --prefix infra exec terraform destroy')).toMatchObject({ kind: 'change', destroy: true, directory: CWD });
  });

  it.each([
    ['pnpm dlx terraform destroy', /`pnpm dlx` runs a program from a package it fetches/],
    ['yarn dlx terraform destroy', /`yarn dlx` runs a program from a package it fetches/],
    ['npx -p terraform terraform destroy', /`npm exec` runs a program from a package it fetches/],
    ['npx --package=@jahed/terraform terraform destroy', /`npm exec` runs a program from a package it fetches/],
    ['pnpm -r exec terraform destroy', /each package of a workspace that `-r` selects/],
    ['pnpm --filter infra exec terraform destroy', /each package of a workspace that `--filter` selects/],
  ])('%s: what runs is not what tf-plan-guard plans with: asked about', (line, why) => {
    const intent = only(line);
    expect(intent.kind).toBe('uncertain');
    if (intent.kind === 'uncertain') expect(intent.why).toMatch(why);
  });

  it.each([['npx prettier --write .'], ['npm exec -- eslint .'], ['pnpm exec tsc'], ['bunx tsc --noEmit'], ['npx terraform plan'], ['pnpm dlx create-vite app'], ['yarn exec jest']])('%s: runs no apply or destroy', (line) => {
    expect(recognizeTerraformCommands(line, CWD)).toEqual([]);
  });

  it('a program in node_modules/.bin is the one that runs: planned by its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfpg-bin-'));
    try {
      mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', '.bin', 'terraform'), '#!/bin/sh\n');
      mkdirSync(join(dir, 'infra'));
      for (const line of ['npx terraform destroy', 'pnpm exec terraform destroy', 'cd infra && bunx terraform destroy']) {
        expect(recognizeTerraformCommands(line, dir), line).toMatchObject([{ kind: 'change', destroy: true, program: join(dir, 'node_modules', '.bin', 'terraform') }]);
      }
      expect(recognizeTerraformCommands('terraform destroy', dir)).toMatchObject([{ kind: 'change', program: 'terraform' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scripts and task runners given Terraform and a destroy as their words (audit 4b, G2, G4)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfpg-args-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\nexec "$@"\n');
  writeFileSync(join(dir, 'with-creds.sh'), '#!/bin/sh\necho starting\n"$@"\n');
  writeFileSync(join(dir, 'tools.mk'), 'x:\n\t$(TOOL) $(VERB) -auto-approve\nrun:\n\t$(CMD)\n');
  writeFileSync(join(dir, 'justfile'), 'run *ARGS:\n    {{ARGS}}\n');
  writeFileSync(join(dir, 'Taskfile.yml'), "version: '3'\ntasks:\n  run:\n    cmds:\n      - '{{.CLI_ARGS}}'\n");
  const recognized = (line: string): Intent[] => recognizeTerraformCommands(line, dir);

  it.each([
    ['./run.sh terraform destroy -auto-approve'],
    ['bash ./with-creds.sh terraform destroy'],
    ['sh run.sh tofu apply -auto-approve'],
    ['source ./run.sh terraform destroy'],
    ['make -f tools.mk run CMD="terraform destroy -auto-approve"'],
    ['make -f tools.mk x TOOL=terraform VERB=destroy'],
    ['just run terraform destroy'],
    ['task run -- terraform destroy'],
    ["git -c alias.t='!./run.sh' t terraform destroy"],
    ['./run.sh terragrunt run-all destroy'],
  ])('%s: asked about', (line) => {
    const intents = recognized(line);
    expect(intents.some((intent) => intent.kind === 'uncertain' && /gives a script or task runner words that name Terraform/.test(intent.why)), JSON.stringify(intents)).toBe(true);
  });

  it('a script on PATH given such words is asked about too (G4)', () => {
    const lookup = (written: string): { script: string } | null => (written === 'fakeroot' ? { script: '/usr/bin/fakeroot' } : null);
    const intents = recognizeTerraformCommands('fakeroot terraform destroy', dir, lookup);
    expect(intents).toMatchObject([{ kind: 'runner', runner: 'script' }, { kind: 'uncertain' }]);
  });

  it.each([['./run.sh'], ['./run.sh echo hi'], ['./run.sh terraform plan'], ['make -f tools.mk run CMD="echo hi"'], ['just run ls'], ['task run -- ls'], ['./run.sh destroy-cache']])('%s: as before, only the file is read', (line) => {
    expect(recognized(line).every((intent) => intent.kind === 'runner'), line).toBe(true);
  });
});

describe('programs that run a command the line gives them, and git aliases the line writes (audit 32 F2, F6, F12, F13)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfpg-line-runs-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'deploy.sh'), '#!/bin/sh\nterraform apply -auto-approve\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const asked = (line: string): boolean => recognizeTerraformCommands(line, dir).some((intent) => intent.kind === 'uncertain');

  it.each([
    // F2: the alias is written by the line, then run by it; git's config is read as it was before.
    ["git config alias.up '!terraform apply -auto-approve'; git up"],
    ["git config --global alias.up '!./deploy.sh'; git up"],
    ["git config set alias.up '!sh deploy.sh' && git up"],
    ['git config "alias.$n" "!./deploy.sh"; git up'],
    // F12: what is piped or redirected into git reaches a shell the alias runs.
    ["echo terraform apply -auto-approve | git -c alias.x='!sh' x"],
    ["git -c alias.x='!bash' x < notes.txt"],
    // F6, F13: options with which a reading program runs a command.
    ['git grep -O\'sh -c "terraform apply -auto-approve"\' resource'],
    ["git filter-branch -f --tree-filter 'terraform apply -auto-approve' HEAD"],
    ["git difftool -y -x 'terraform apply -auto-approve'"],
    ["git ls-remote --upload-pack='terraform apply -auto-approve; git-upload-pack' ."],
    ['echo terraform apply -auto-approve > n; rg --pre sh . n'],
    ["man -P 'sh -c \"terraform apply -auto-approve\"' ls"],
  ])('%s: asked about', (line) => {
    expect(asked(line), JSON.stringify(recognizeTerraformCommands(line, dir))).toBe(true);
  });

  it.each([
    ['git commit -m "fix terraform apply race"'],
    ['git log --grep "terraform apply"'],
    ['git grep -n "terraform apply"'],
    ['rg "terraform apply" .'],
    ['git config alias.st status; git st'],
    ["git config alias.lg 'log --oneline'; git lg"],
    ['git config user.name x; git status'],
    ['man terraform'],
  ])('%s: nothing to ask', (line) => {
    expect(recognizeTerraformCommands(line, dir)).toEqual([]);
  });
});
