import { describe, expect, it } from 'vitest';
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
    ['sudo -u deploy terraform destroy', true, CWD],
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
    ["script -qc 'terraform destroy' /dev/null"],
    ["echo 'terraform destroy -auto-approve' | bash"],
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
    ['npm test'],
  ])('leaves %s alone', (line) => {
    expect(recognizeTerraformCommands(line, CWD)).toEqual([]);
  });
});
