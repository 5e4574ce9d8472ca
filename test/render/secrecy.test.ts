/**
 * Nothing the plan marks sensitive, and no variable value, leaves the process: checked on every
 * output format of the real command, for every fixture that carries such values.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlanFile } from '../../src/plan/load.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderText } from '../../src/render/text.js';
import { runCliCaptured } from '../support/run-cli.js';
import { UNMARKED_SECRET_PLAN, UNMARKED_SECRETS } from '../support/unmarked-secrets.js';
import { describeAnalysis } from '../../src/agent/reason.js';
import { analyzePlans } from '../../src/analyze.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { analysis, finding, planReport } from './support.js';

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;

const run = (args: string[]) => runCliCaptured(args);

/** Every form a value could take in an output: raw, JSON-escaped, and markdown-escaped. */
function forms(value: string): string[] {
  return [value, JSON.stringify(value).slice(1, -1), value.replace(/@/g, '@\u200b').replace(/\|/g, '\\|').replace(/</g, '&lt;')];
}

const fixtures = [
  ...readdirSync('fixtures/incidents').map((file) => `fixtures/incidents/${file}`),
  ...readdirSync('fixtures/inputs').map((file) => `fixtures/inputs/${file}`),
  ...readdirSync('fixtures/secrecy').map((file) => `fixtures/secrecy/${file}`),
].filter((path) => {
  try {
    const plan = loadPlanFile(path);
    return plan.secrets.sensitive.size > 0 || plan.secrets.variables.size > 0;
  } catch {
    return false;
  }
});

describe('no sensitive value or variable value in any output', () => {
  it('covers the fixtures that carry secrets', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining(['fixtures/incidents/rds-delete-unprotected.json', 'fixtures/incidents/db-replace-engine-change.json', 'fixtures/incidents/lost-state-prod.json']),
    );
  });

  it('the RDS incident: the sensitive variable "hunter2-Sup3rSecret!" appears nowhere', () => {
    for (const format of FORMATS) {
      const { code, stdout } = run(['analyze', 'fixtures/incidents/rds-delete-unprotected.json', '--format', format]);
      expect(code).toBe(1);
      expect(stdout).toContain('aws_db_instance.orders');
      expect(stdout).not.toContain('hunter2');
      expect(stdout).not.toContain('production');
    }
  });

  it.each(fixtures)('%s', (path) => {
    const plan = loadPlanFile(path);
    for (const format of FORMATS) {
      const { code, stdout, stderr } = run(['analyze', path, '--format', format, '--block-on', 'none']);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      for (const secret of plan.secrets.sensitive) for (const form of forms(secret)) expect(stdout).not.toContain(form);
      // A variable value may be an ordinary word ("production") that the tool's own sentences
      // use; what must never appear is the value quoted as a value.
      for (const value of plan.secrets.variables) {
        expect(stdout).not.toContain(`"${value}"`);
        expect(stdout).not.toContain(`\\"${value}\\"`);
      }
    }
  });

  it('a variable value that reaches an attribute a rule quotes is hidden', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfpg-secrecy-'));
    const path = join(dir, 'plan.json');
    writeFileSync(
      path,
      JSON.stringify({
        format_version: '1.2',
        variables: { db_name: { value: 'ledger-7f3a9c' } },
        resource_changes: [
          {
            address: 'aws_db_instance.ledger', mode: 'managed', type: 'aws_db_instance', name: 'ledger',
            change: {
              actions: ['delete', 'create'],
              before: { identifier: 'old-name-1', engine: 'mysql' },
              after: { identifier: 'acme-ledger-7f3a9c', engine: 'postgres' },
              after_unknown: {}, before_sensitive: {}, after_sensitive: {},
              replace_paths: [['identifier'], ['engine']],
            },
            action_reason: 'replace_because_cannot_update',
          },
        ],
        prior_state: { values: { root_module: { resources: [{ address: 'aws_db_instance.ledger', mode: 'managed' }] } } },
      }),
    );
    for (const format of FORMATS) {
      const { code, stdout } = run(['analyze', path, '--format', format]);
      expect(code).toBe(1);
      expect(stdout).not.toContain('ledger-7f3a9c');
      // The old value of an attribute that now tracks a variable is the variable's old value.
      expect(stdout).not.toContain('old-name-1');
      expect(stdout).toContain('postgres');
    }
  });

  // Audit 20 L1: a `__proto__` key whose value does not fit the schema sent the plan to zod's copy,
  // which leaves out every `__proto__` key: a variable of that name was then not hidden.
  it('a variable named __proto__ is hidden however the plan around it is shaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfpg-secrecy-'));
    const change =
      '{"address":"aws_db_instance.ledger","mode":"managed","type":"aws_db_instance","name":"ledger","change":{"actions":["delete","create"],' +
      '"before":{"identifier":"old-name-1","engine":"mysql"},"after":{"identifier":"acme-ledger-7f3a9c","engine":"postgres"},' +
      '"after_unknown":{},"before_sensitive":{},"after_sensitive":{},"replace_paths":[["identifier"],["engine"]]},"action_reason":"replace_because_cannot_update"}';
    // Written as text: a JavaScript object literal's __proto__ is its prototype, not a key.
    const plan = (rest: string) => `{"format_version":"1.2","variables":{"__proto__":{"value":"ledger-7f3a9c"}}${rest},"resource_changes":[${change}]}`;
    const cases: [string, number, string][] = [
      ['', 1, ''],
      [',"output_changes":{"__proto__":{"actions":"x"}}', 2, 'output_changes.__proto__.actions: Invalid input: expected array, received string'],
      [',"prior_state":{"values":{"outputs":{"__proto__":{"sensitive":"yes","value":1}}}}', 2, 'prior_state.values.outputs.__proto__.sensitive: Invalid input: expected boolean, received string'],
    ];
    for (const [index, [rest, expected, malformed]] of cases.entries()) {
      const path = join(dir, `plan-${index}.json`);
      writeFileSync(path, plan(rest));
      for (const format of FORMATS) {
        const { code, stdout, stderr } = run(['analyze', path, '--format', format]);
        expect(code).toBe(expected);
        expect(stdout + stderr).not.toContain('ledger-7f3a9c');
        expect(stdout + stderr).not.toContain('old-name-1');
        if (malformed !== '') expect(stderr).toBe(`tf-plan-guard: ${path}: this plan is malformed at ${malformed}\n`);
      }
    }
    // A variable of that name that is not an object: the plan is malformed there, the value not quoted.
    const path = join(dir, 'plan-variable.json');
    writeFileSync(path, `{"format_version":"1.2","variables":{"__proto__":"ledger-7f3a9c"},"resource_changes":[${change}]}`);
    expect(run(['analyze', path])).toEqual({ code: 2, stdout: '', stderr: `tf-plan-guard: ${path}: this plan is malformed at variables.__proto__: Invalid input: expected object, received string\n` });
  });

  it('a secret a rule wrote by accident is scrubbed in every escaped form', () => {
    const secret = 'p@ss|<w0rd>[x]';
    const leaky = analysis(
      [planReport('p.json', [finding({ message: `the password is ${secret}`, details: [`was ${secret}`], address: `aws_x.y["${secret}"]` })])],
      'high',
      { sensitive: new Set([secret]), variables: new Set() },
    );
    const markdown = renderMarkdown(leaky);
    const text = renderText(leaky, { color: true });
    for (const out of [markdown, text]) {
      expect(out).toContain('(sensitive)');
      expect(out).not.toContain('w0rd');
    }
  });
});

/**
 * Plan text that reaches an output by a route other than a quoted value: the problem found in a
 * malformed policy the plan marks sensitive, and an instance key holding a secret (a variable
 * passed through `nonsensitive()`, a password-shaped string), which the comment shortens.
 */
describe('secrets in policy problems and instance keys', () => {
  const cases: [string, string[]][] = [
    ['fixtures/secrecy/iam-malformed-sensitive-policies.json', ['PRINCIPAL-SECRET', 'EFFECT-SECRET', 'OPERATOR-SECRET', 'PTYPE-SECRET', 'Hunter2Pass']],
    ['fixtures/secrecy/instance-key-from-sensitive-variable.json', ['R4nd0mT0ken', 'v4u3t2s1r0']],
    ['fixtures/secrecy/instance-key-secret-shaped.json', ['3cretPw0rd']],
    ['fixtures/secrecy/replace-path-sensitive-map-key.json', ['SECRETKEY']],
  ];

  it.each(cases)('%s: in no format', (path, fragments) => {
    for (const format of FORMATS) {
      const { stdout, stderr } = run(['analyze', path, '--format', format, '--block-on', 'none']);
      expect(stderr).toBe('');
      for (const fragment of fragments) expect(stdout).not.toContain(fragment);
    }
  });

  it.each(cases)('%s: not in the agent hook\'s reason', (path, fragments) => {
    const result = analyzePlans([loadPlanFile(path)], DEFAULT_POLICY);
    const reason = describeAnalysis({ kind: 'change', display: 'terraform destroy', directory: '.', destroy: true } as Parameters<typeof describeAnalysis>[0], result).join('\n');
    for (const fragment of fragments) expect(reason).not.toContain(fragment);
  });

  it('the malformed policies are still reported, naming what is wrong', () => {
    const { stdout } = run(['analyze', 'fixtures/secrecy/iam-malformed-sensitive-policies.json', '--format', 'json', '--block-on', 'none']);
    expect(stdout).toContain('has an Effect that is neither Allow nor Deny');
    expect(stdout).toContain('Principal is a string other than');
  });
});

/**
 * Secrets the plan does not mark (a provider that fails to mark its password sensitive), found by
 * name or shape: in no format, not even in the replace details of the attributes that force the
 * replace. (The comment, check, job summary and annotations: test/e2e/secrets-by-name.test.ts.)
 */
describe('secrets by name in every CLI format', () => {
  it('the fixture holds them unmarked, and they force the replace', () => {
    const fixture = readFileSync(UNMARKED_SECRET_PLAN, 'utf8');
    for (const secret of UNMARKED_SECRETS) expect(fixture).toContain(secret);
    const plan = JSON.parse(fixture) as { resource_changes: { change: { before_sensitive: unknown; after_sensitive: unknown; replace_paths: unknown[] } }[] };
    expect(plan.resource_changes[0]?.change).toMatchObject({ before_sensitive: {}, after_sensitive: {} });
    expect(plan.resource_changes[0]?.change.replace_paths).toHaveLength(4);
  });

  it.each(FORMATS)('--format %s', (format) => {
    const { code, stdout, stderr } = run(['analyze', UNMARKED_SECRET_PLAN, '--format', format]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    // The replace is still reported, naming what forces it.
    expect(stdout).toContain('aws_db_instance.billing');
    expect(stdout).toContain('connection_string');
    expect(stdout).toContain('private_key_pem');
    for (const secret of UNMARKED_SECRETS) {
      expect(stdout).not.toContain(secret);
      // Any part of it long enough to recognize.
      expect(stdout).not.toContain(secret.slice(0, 10));
    }
    expect(stdout).toContain('(sensitive)');
  });
});

/**
 * A secret holding a character Go's unicode.IsPrint rejects, used as an instance key: Terraform
 * writes it escaped in the address (toHCLQuotedString; Go's %q before), so its raw and JSON forms
 * do not match there (audit 27 F3: the key was printed whole on every surface).
 */
describe('a secret instance key Terraform writes with escapes', () => {
  // The odd character, and the key as Terraform 1.x and as older Terraform (%q) write it.
  const CASES: [string, string, string][] = [
    ['no-break space', '\u00a0', '\\u00a0'],
    ['line separator', '\u2028', '\\u2028'],
    ['soft hyphen', '\u00ad', '\\u00ad'],
    ['zero-width space', '\u200b', '\\u200b'],
    ['private use', '\ue000', '\\ue000'],
    ['language tag (past U+FFFF)', '\u{e0001}', '\\U000e0001'],
  ];
  const GO_ONLY: [string, string, string, string][] = [
    ['DEL', '\u007f', '\\u007f', '\\x7f'],
    ['backspace', '\b', '\\u0008', '\\b'],
    ['form feed', '\f', '\\u000c', '\\f'],
    ['escape', '\u001b', '\\u001b', '\\x1b'],
  ];
  const all: [string, string, string, string][] = [...CASES.map(([name, raw, hcl]) => [name, raw, hcl, hcl] as [string, string, string, string]), ...GO_ONLY];
  const planWith = (raw: string, written: string) => ({
    format_version: '1.2',
    terraform_version: '1.9.0',
    variables: { db_password: { value: `Zq9${raw}Hunter2!x` } },
    configuration: { root_module: { variables: { db_password: {} } } },
    resource_changes: [
      {
        address: `aws_db_instance.db["Zq9${written}Hunter2!x"]`, mode: 'managed', type: 'aws_db_instance', name: 'db', index: `Zq9${raw}Hunter2!x`, provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['delete'], before: { identifier: 'orders', deletion_protection: false, skip_final_snapshot: true }, after: null, before_sensitive: {}, after_sensitive: false },
      },
    ],
  });
  const directory = mkdtempSync(join(tmpdir(), 'tfpg-hcl-key-'));

  it.each(all.flatMap(([name, raw, hcl, go]) => [[`${name}, as Terraform 1.x writes it`, raw, hcl] as const, [`${name}, as older Terraform writes it`, raw, go] as const]))('%s', (_, raw, written) => {
    const path = join(directory, 'plan.json');
    writeFileSync(path, JSON.stringify(planWith(raw, written)));
    for (const format of FORMATS) {
      const { code, stdout } = run(['analyze', path, '--format', format]);
      expect(code, format).toBe(1);
      expect(stdout, format).not.toContain('Hunter2');
      expect(stdout, format).toContain('aws_db_instance.db[');
      expect(stdout, format).toContain('(sensitive)');
    }
  });
});

/** Audit 27 F1: sensitive outputs spelled like the destroyed resource's address and name, and the renderer's words. */
describe('a sensitive value spelled like an address, in every CLI format', () => {
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: [
      {
        address: 'aws_db_instance.orders', mode: 'managed', type: 'aws_db_instance', name: 'orders', provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['delete'], before: { identifier: 'acme-prod-orders', deletion_protection: false, skip_final_snapshot: true }, after: null, before_sensitive: {}, after_sensitive: false },
      },
    ],
    output_changes: Object.fromEntries(['aws_db_instance.orders', 'acme-prod-orders', 'will be destroyed', 'Destroy'].map((value, at) => [`o${at}`, { actions: ['create'], before: null, after: value, before_sensitive: false, after_sensitive: true }])),
  };
  const path = join(mkdtempSync(join(tmpdir(), 'tfpg-address-secret-')), 'plan.json');
  writeFileSync(path, JSON.stringify(plan));

  it.each(FORMATS)('--format %s says which resource is destroyed, and hides its name', (format) => {
    const { code, stdout } = run(['analyze', path, '--format', format]);
    expect(code).toBe(1);
    expect(stdout).not.toContain('acme-prod-orders');
    expect(stdout).not.toContain('will be destroyed');
    // The message names the resource: "aws_db_instance.orders (sensitive). Lost: …".
    expect(stdout).toContain('aws_db_instance.orders (sensitive). Lost:');
    if (format === 'text') expect(stdout).toContain('CRITICAL stateful-delete  aws_db_instance.orders');
    if (format === 'sarif') expect(JSON.parse(stdout).runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe('aws_db_instance.orders');
  });

  it('the agent hook\'s reason says which resource is destroyed too', () => {
    const reason = describeAnalysis({ kind: 'change', display: 'terraform destroy', directory: '.', destroy: true } as Parameters<typeof describeAnalysis>[0], analyzePlans([loadPlanFile(path)], DEFAULT_POLICY)).join('\n');
    expect(reason).toContain('CRITICAL stateful-delete aws_db_instance.orders: aws_db_instance.orders (sensitive). Lost:');
    expect(reason).not.toContain('acme-prod-orders');
  });
});
