/**
 * A stateful resource moved into addresses the policy ignores (audit F8, the two-step case): the
 * move alone is a blocking finding, since once it is applied a later pull request could delete it
 * there with both of its addresses ignored. Through the whole analysis, plans shaped as Terraform
 * writes a `moved` block (previous_address, a no-op or an update).
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { compare } from '../../src/policy/change.js';
import { DEFAULT_POLICY, type IgnoreEntry, type Policy } from '../../src/policy/config.js';
import { deleted, planJson, updated, type ChangeSpec } from '../support/plan-factory.js';

const db = { identifier: 'orders-prod', engine: 'postgres', deletion_protection: true, tags: { Environment: 'production' } };
const sandboxIgnore: IgnoreEntry = { addresses: ['module.sandbox.**'], rules: null, reason: 'sandbox is rebuilt nightly' };
const withIgnore = (...ignore: IgnoreEntry[]): Policy => ({ ...DEFAULT_POLICY, ignore });

/** A change Terraform reports at `address`, moved from `previous`. */
function movedChange(spec: ChangeSpec, address: string, previous: string): { spec: ChangeSpec; edit: (json: Record<string, unknown>) => void } {
  return {
    spec: { ...spec, address },
    edit: (json) => {
      const change = (json['resource_changes'] as Record<string, unknown>[]).find((entry) => entry['address'] === address)!;
      change['previous_address'] = previous;
      if (address.startsWith('module.')) change['module_address'] = address.slice(0, address.indexOf('.', 'module.'.length));
    },
  };
}

const pureMove = (type: string, values: Record<string, unknown>, address: string, previous: string) =>
  movedChange({ type, name: address.split('.').at(-1)!.replace(/\[.*$/, ''), actions: ['no-op'], before: values, after: values }, address, previous);

function analyze(policy: Policy, ...moves: { spec: ChangeSpec; edit: (json: Record<string, unknown>) => void }[]) {
  const json = planJson(moves.map((move) => move.spec), { priorResources: [{ address: 'aws_s3_bucket.existing', type: 'aws_s3_bucket' }] });
  for (const move of moves) move.edit(json);
  const { report } = analyzePlans([loadPlanJson(json, 'plan.json')], policy);
  return { report, moved: report.plans[0]!.findings.filter((finding) => finding.ruleId === 'moved-into-ignored') };
}

describe('moved-into-ignored', () => {
  it('a pure move of a database into an ignored module blocks, saying its deletes would no longer be reviewed', () => {
    const { report, moved } = analyze(withIgnore(sandboxIgnore), pureMove('aws_db_instance', db, 'module.sandbox.aws_db_instance.orders', 'aws_db_instance.orders'));
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ severity: 'critical', address: 'module.sandbox.aws_db_instance.orders', actions: ['no-op'], suppressed: null });
    expect(moved[0]!.message).toMatch(
      /^module\.sandbox\.aws_db_instance\.orders is moved here from aws_db_instance\.orders, into addresses the policy ignores \(module\.sandbox\.\*\*: "sandbox is rebuilt nightly"\)\. Once it is there, its deletes and replacements would no longer be reviewed: a later pull request could destroy it without an approval, losing the database instance and all its data/,
    );
    expect(report.blocking).toBe(true);
  });

  it('the second step, once the move is applied, is what the ignore was meant for (both addresses inside): suppressed', () => {
    const json = planJson([deleted('aws_db_instance', db, { address: 'module.sandbox.aws_db_instance.orders', name: 'orders' })]);
    const { report } = analyzePlans([loadPlanJson(json, 'plan.json')], withIgnore(sandboxIgnore));
    expect(report.plans[0]!.findings.find((finding) => finding.ruleId === 'stateful-delete')?.suppressed).toEqual({ reason: 'sandbox is rebuilt nightly' });
    expect(report.blocking).toBe(false);
  });

  it('a move with an in-place update counts too; a count-to-for_each key entering an ignored instance glob too', () => {
    const update = movedChange(updated('aws_db_instance', db, { ...db, tags: { Environment: 'sandbox' } }, { name: 'orders' }), 'module.sandbox.aws_db_instance.orders', 'aws_db_instance.orders');
    expect(analyze(withIgnore(sandboxIgnore), update).moved).toHaveLength(1);
    const scratch: IgnoreEntry = { addresses: ['aws_db_instance.db["scratch"]'], rules: ['stateful-delete'], reason: 'scratch copy' };
    const keyed = analyze(withIgnore(scratch), pureMove('aws_db_instance', db, 'aws_db_instance.db["scratch"]', 'aws_db_instance.db[0]'));
    expect(keyed.moved.map((finding) => finding.address)).toEqual(['aws_db_instance.db["scratch"]']);
    expect(keyed.moved[0]!.details).toEqual(['moved from aws_db_instance.db[0]', 'ignored by: aws_db_instance.db["scratch"] (rules: stateful-delete)']);
  });

  it('is silent for a move within the ignored space, out of it, of a resource holding no data, or into an ignore of other rules', () => {
    const move = pureMove('aws_db_instance', db, 'module.sandbox.aws_db_instance.orders', 'aws_db_instance.orders');
    expect(analyze(withIgnore(sandboxIgnore), pureMove('aws_db_instance', db, 'module.sandbox.aws_db_instance.orders', 'module.sandbox.aws_db_instance.old')).moved).toEqual([]);
    expect(analyze(withIgnore(sandboxIgnore), pureMove('aws_db_instance', db, 'aws_db_instance.orders', 'module.sandbox.aws_db_instance.orders')).moved).toEqual([]);
    expect(analyze(withIgnore(sandboxIgnore), pureMove('aws_iam_role', { name: 'x' }, 'module.sandbox.aws_iam_role.x', 'aws_iam_role.x')).moved).toEqual([]);
    expect(analyze(withIgnore({ ...sandboxIgnore, rules: ['deletion-protection-missing'] }), move).moved).toEqual([]);
    // Another entry already ignored its deletes where it was: nothing the move loosens.
    expect(analyze(withIgnore(sandboxIgnore, { addresses: ['aws_db_instance.orders'], rules: ['stateful-delete', 'stateful-replace'], reason: 'retired' }), move).moved).toEqual([]);
    expect(analyze(DEFAULT_POLICY, move).moved).toEqual([]);
  });

  it('a policy change that disables or lowers it is a loosening the policy-changed finding names', () => {
    expect(compare(DEFAULT_POLICY, { ...DEFAULT_POLICY, rules: { 'moved-into-ignored': { enabled: false } } })).toContain('rule moved-into-ignored disabled');
    expect(compare(DEFAULT_POLICY, { ...DEFAULT_POLICY, rules: { 'moved-into-ignored': { severity: 'low' } } })).toContain('rule moved-into-ignored lowered from critical to low');
  });

  it('an entry naming the rule at the address entered silences the move, as it silences an import', () => {
    const named: IgnoreEntry = { addresses: ['module.sandbox.**'], rules: ['moved-into-ignored'], reason: 'moves into the sandbox are reviewed elsewhere' };
    const { report, moved } = analyze(withIgnore(sandboxIgnore, named), pureMove('aws_db_instance', db, 'module.sandbox.aws_db_instance.orders', 'aws_db_instance.orders'));
    expect(moved.map((finding) => finding.suppressed)).toEqual([{ reason: 'moves into the sandbox are reviewed elsewhere' }]);
    expect(report.blocking).toBe(false);
  });

  it('a kubernetes_manifest moved unchanged (no-op) into the ignored module is judged by its kind (audit 4a F4c)', () => {
    const manifest = (kind: string) => ({ manifest: { apiVersion: 'v1', kind, metadata: { name: 'payments' } } });
    const move = (kind: string) => pureMove('kubernetes_manifest', manifest(kind), 'module.sandbox.kubernetes_manifest.ns', 'kubernetes_manifest.ns');
    const { report, moved } = analyze(withIgnore(sandboxIgnore), move('Namespace'));
    expect(moved.map((finding) => [finding.address, finding.resourceType])).toEqual([['module.sandbox.kubernetes_manifest.ns', 'kubernetes_manifest']]);
    expect(moved[0]!.message).toContain('losing every object in the namespace');
    expect(report.blocking).toBe(true);
    // A kind that holds no data stays silent.
    expect(analyze(withIgnore(sandboxIgnore), move('ConfigMap')).moved).toEqual([]);
  });

  it('binds the address it came from: the approval of one move does not cover another resource moved in', () => {
    const from = (previous: string) => analyze(withIgnore(sandboxIgnore), pureMove('aws_db_instance', db, 'module.sandbox.aws_db_instance.orders', previous)).report.fingerprint;
    expect(from('aws_db_instance.billing')).not.toBe(from('aws_db_instance.orders'));
  });
});

/**
 * A move without a `moved` block (audit 4a F4a): `removed { from = aws_db_instance.orders
 * lifecycle { destroy = false } }` forgets the database, and `import { to =
 * module.sandbox.aws_db_instance.orders id = "orders-prod" }` adopts it into the ignored module.
 */
describe('moved-into-ignored: an import into ignored addresses', () => {
  const forget: ChangeSpec = { type: 'aws_db_instance', name: 'orders', actions: ['forget'], before: db, after: null };
  /** A no-op (or `actions`) at `address`, made an import by analyzeImports. */
  function imported(address: string, actions: string[] = ['no-op'], type = 'aws_db_instance', values: unknown = db): ChangeSpec {
    return { type, name: address.split('.').at(-1)!, address, actions, before: values, after: values };
  }
  function analyzeImports(policy: Policy, specs: ChangeSpec[], ids: Record<string, string | null>) {
    const json = planJson(specs, { priorResources: [{ address: 'aws_db_instance.orders', type: 'aws_db_instance' }] });
    for (const change of json['resource_changes'] as Record<string, any>[]) {
      const address = change['address'] as string;
      if (!(address in ids)) continue;
      if (address.startsWith('module.')) change['module_address'] = address.slice(0, address.indexOf('.', 'module.'.length));
      change['change']['importing'] = ids[address] === null ? { identity: { name: 'orders' } } : { id: ids[address] };
    }
    const { report } = analyzePlans([loadPlanJson(json, 'plan.json')], policy);
    return { report, moved: report.plans[0]!.findings.filter((finding) => finding.ruleId === 'moved-into-ignored') };
  }
  const target = 'module.sandbox.aws_db_instance.orders';

  it('forget + import of the database into the ignored module blocks, naming the forgotten address', () => {
    const { report, moved } = analyzeImports(withIgnore(sandboxIgnore), [forget, imported(target)], { [target]: 'orders-prod' });
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ address: target, severity: 'critical', suppressed: null });
    expect(moved[0]!.message).toMatch(/^module\.sandbox\.aws_db_instance\.orders is imported here, an existing object brought into addresses the policy ignores \(module\.sandbox\.\*\*: "sandbox is rebuilt nightly"\), while this plan forgets aws_db_instance\.orders/);
    expect(moved[0]!.details).toEqual(['imported by an import block', 'forgotten by this plan: aws_db_instance.orders', 'ignored by: module.sandbox.**']);
    expect(report.blocking).toBe(true);
  });

  it('an import alone counts too (the object may come from another state, or the console); an import outside the ignore, or of what holds no data, does not', () => {
    const alone = analyzeImports(withIgnore(sandboxIgnore), [imported(target)], { [target]: 'orders-prod' });
    expect(alone.moved).toHaveLength(1);
    expect(alone.moved[0]!.message).not.toContain('forgets');
    expect(alone.report.blocking).toBe(true);
    expect(analyzeImports(withIgnore(sandboxIgnore), [imported('aws_db_instance.orders2')], { 'aws_db_instance.orders2': 'orders-prod' }).moved).toEqual([]);
    expect(analyzeImports(withIgnore(sandboxIgnore), [imported('module.sandbox.aws_iam_role.x', ['no-op'], 'aws_iam_role', { name: 'x' })], { 'module.sandbox.aws_iam_role.x': 'x' }).moved).toEqual([]);
    expect(analyzeImports(DEFAULT_POLICY, [imported(target)], { [target]: 'orders-prod' }).moved).toEqual([]);
  });

  it('an import with an update or a replace there counts; an ignore naming only other rules does not', () => {
    expect(analyzeImports(withIgnore(sandboxIgnore), [imported(target, ['update'])], { [target]: 'orders-prod' }).moved).toHaveLength(1);
    const replace = analyzeImports(withIgnore(sandboxIgnore), [imported(target, ['delete', 'create'])], { [target]: 'orders-prod' });
    expect(replace.moved).toHaveLength(1);
    expect(replace.report.blocking).toBe(true);
    expect(analyzeImports(withIgnore({ ...sandboxIgnore, rules: ['deletion-protection-missing'] }), [imported(target)], { [target]: 'orders-prod' }).moved).toEqual([]);
  });

  it('the ignore it is about does not silence it; only an entry naming the rule does', () => {
    expect(analyzeImports(withIgnore(sandboxIgnore), [imported(target)], { [target]: 'orders-prod' }).moved[0]!.suppressed).toBeNull();
    const named = analyzeImports(withIgnore(sandboxIgnore, { addresses: ['module.sandbox.**'], rules: ['moved-into-ignored'], reason: 'imports reviewed elsewhere' }), [imported(target)], { [target]: 'orders-prod' });
    expect(named.moved[0]!.suppressed).toEqual({ reason: 'imports reviewed elsewhere' });
    expect(named.report.blocking).toBe(false);
  });

  it('binds the import id: approving the import of one database does not cover importing another there', () => {
    const of = (id: string | null) => analyzeImports(withIgnore(sandboxIgnore), [forget, imported(target)], { [target]: id }).report.fingerprint;
    expect(of('orders-prod')).toBe(of('orders-prod'));
    expect(of('billing-prod')).not.toBe(of('orders-prod'));
    // Imported by identity (Terraform 1.12+): the identity is bound.
    expect(of(null)).not.toBe(of('orders-prod'));
  });
});
