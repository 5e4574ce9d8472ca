/**
 * `--format sarif`: valid SARIF 2.1.0 (checked against the official JSON schema that
 * @microsoft/jest-sarif ships), one rule per rule id with its help, results at the `.tf` line
 * declaring the resource when it can be found, else at the plan file.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderSarif } from '../../src/render/sarif.js';
import { RULE_IDS } from '../../src/rules/types.js';
import { CORPUS, corpusFiles } from '../support/corpus.js';
import { runCliCaptured } from '../support/run-cli.js';
import { sarifErrors, validateSarif } from '../support/sarif-schema.js';

function expectValid(log: unknown): void {
  expect(sarifErrors(log)).toEqual([]);
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[];
  suppressions?: unknown[];
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string; help: { text: string }; shortDescription: { text: string } }[] } }; results: SarifResult[] }[];
}

/** The command run in `cwd` (plan and output paths given absolute: the test process stays where it is). */
const run = (args: string[], cwd: string) => runCliCaptured(args, cwd);

/** A repository: main.tf declaring aws_db_instance.orders on line 4, the plan deleting it under plans/. */
function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfpg-sarif-'));
  mkdirSync(join(dir, 'plans'));
  cpSync('fixtures/incidents/rds-delete-unprotected.json', join(dir, 'plans', 'prod.json'));
  writeFileSync(join(dir, 'main.tf'), 'terraform {}\n\n# The orders database.\nresource "aws_db_instance" "orders" {\n  engine = "postgres"\n}\n');
  return dir;
}

describe('--format sarif', () => {
  it('the schema validator rejects what is not SARIF (it can fail)', () => {
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validateSarif({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('is valid SARIF 2.1.0 with one rule per rule id, each with its help', () => {
    const dir = repository();
    const { code, stdout, stderr } = run(['analyze', join(dir, 'plans/prod.json'), '--format', 'sarif'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as SarifLog;
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((rule) => rule.id).sort()).toEqual([...RULE_IDS].sort());
    for (const rule of rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(20);
      expect(rule.help.text).toContain(rule.shortDescription.text);
      expect(rule.help.text).toMatch(/docs\/rules-[a-z-]+\.md|README\.md/);
    }
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('points a resource finding at the .tf line that declares it, a plan-wide one at the plan file', () => {
    const dir = repository();
    // A second plan: everything created from an empty state (plan-wide empty-prior-state).
    cpSync('fixtures/incidents/lost-state-prod.json', join(dir, 'plans', 'lost.json'));
    const log = JSON.parse(run(['analyze', join(dir, 'plans/prod.json'), join(dir, 'plans/lost.json'), '--format', 'sarif'], dir).stdout) as SarifLog;
    expectValid(log);
    const results = log.runs[0]!.results;
    const orders = results.find((result) => result.ruleId === 'stateful-delete');
    expect(orders?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'main.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 4 } });
    expect(orders?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe('aws_db_instance.orders');
    expect(orders?.level).toBe('error');
    expect(orders?.message.text).toContain('aws_db_instance.orders');
    const lost = results.find((result) => result.ruleId === 'empty-prior-state');
    expect(lost?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'plans/lost.json', uriBaseId: '%SRCROOT%' } });
  });

  it('prefers the declaration beside the plan, and gives no line when the declaration is ambiguous', () => {
    const dir = repository();
    mkdirSync(join(dir, 'stacks', 'orders'), { recursive: true });
    cpSync('fixtures/incidents/rds-delete-unprotected.json', join(dir, 'stacks', 'orders', 'plan.json'));
    writeFileSync(join(dir, 'stacks', 'orders', 'db.tf'), 'resource "aws_db_instance" "orders" {\n}\n');
    const beside = JSON.parse(run(['analyze', join(dir, 'stacks/orders/plan.json'), '--format', 'sarif'], dir).stdout) as SarifLog;
    expect(beside.runs[0]!.results.find((result) => result.ruleId === 'stateful-delete')?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'stacks/orders/db.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
    // Declared twice in the root directory: a wrong line is worse than none, so the plan file it is.
    writeFileSync(join(dir, 'other.tf'), 'resource "aws_db_instance" "orders" {\n}\n');
    const ambiguous = JSON.parse(run(['analyze', join(dir, 'plans/prod.json'), '--format', 'sarif'], dir).stdout) as SarifLog;
    expect(ambiguous.runs[0]!.results.find((result) => result.ruleId === 'stateful-delete')?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'plans/prod.json', uriBaseId: '%SRCROOT%' },
    });
  });

  it('marks suppressed findings as suppressed and writes to --output', () => {
    const dir = repository();
    writeFileSync(join(dir, 'policy.yml'), 'ignore:\n  - address: aws_db_instance.orders\n    rules: [stateful-delete]\n    reason: "decommissioned, snapshot taken"\n');
    const { code } = run(['analyze', join(dir, 'plans/prod.json'), '--format', 'sarif', '--config', join(dir, 'policy.yml'), '--output', join(dir, 'out.sarif')], dir);
    expect(code).toBe(0);
    const log = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as SarifLog;
    expectValid(log);
    expect(log.runs[0]!.results.find((result) => result.ruleId === 'stateful-delete')?.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'decommissioned, snapshot taken' },
    ]);
  });

  it.skipIf(corpusFiles().length === 0)('is valid for every plan of the corpus', () => {
    let results = 0;
    for (const file of corpusFiles()) {
      let plan;
      try {
        plan = loadPlanFile(join(CORPUS, file), file);
      } catch {
        continue; // the corpus holds some inputs that are not plans on purpose
      }
      const log = JSON.parse(renderSarif(analyzePlans([plan], DEFAULT_POLICY), { files: [], planFileOf: (name) => ({ name, configurationDir: '' }) })) as SarifLog;
      expect([file, sarifErrors(log)]).toEqual([file, []]);
      results += log.runs[0]!.results.length;
    }
    expect(results).toBeGreaterThan(100);
  });
});
