/**
 * While a PR changes the workflow running its gate, the gate's inputs are the base copy's, or the
 * strictest reading where the base's cannot be known (audit 4a F1, F8). Each case mirrors a way a
 * PR's own copy of the workflow would set its own gate; test/e2e/workflow-changed.test.ts plays
 * them against the bundled action.
 */
import { describe, expect, it } from 'vitest';
import { parseInputs, type ActionInputs, type InputName } from '../../src/action/inputs.js';
import { withBlockOnInput } from '../../src/action/analysis-input.js';
import { honouredInputs, stricterBlockOn, type BaseGateSteps } from '../../src/decision/gate-inputs.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';

function inputs(given: Partial<Record<InputName, string>>): ActionInputs {
  const all: Partial<Record<InputName, string>> = { 'plan-file': 'plan.json', 'github-token': 't', ...given };
  return parseInputs((name) => all[name] ?? '');
}

/** The base copy's single gate step in the running job, with these `with:` inputs. */
function base(given: Record<string, string>): BaseGateSteps {
  return [new Map(Object.entries({ 'plan-file': 'plan.json', ...given }))];
}

const changed = (baseSteps: BaseGateSteps) => ({ changed: true, baseSteps }) as const;

describe('inputs honoured while the PR changes its workflow', () => {
  it('keeps every input when the workflow is the base\'s', () => {
    const loose = inputs({ 'block-on': 'none', 'allow-self-approval': 'true', approvers: 'carol' });
    expect(honouredInputs(loose, { changed: false })).toEqual({ inputs: loose, setAside: [], blockOnNoLooserThanPolicy: false });
  });

  it('b: the PR picks its own approver: the base copy\'s approvers decide', () => {
    const { inputs: honoured, setAside } = honouredInputs(inputs({ approvers: 'carol' }), changed(base({ approvers: 'olivia' })));
    expect(honoured.approvers).toEqual(['olivia']);
    expect(setAside).toContain("approvers: carol → olivia (the base copy's)");
    // A base without a list: anyone with the permission, as on the base (the PR's list does not narrow it).
    expect(honouredInputs(inputs({ approvers: 'carol' }), changed(base({}))).inputs.approvers).toEqual([]);
  });

  it('c: approver-permission is the stricter of the base copy\'s and the PR\'s', () => {
    expect(honouredInputs(inputs({ 'approver-permission': 'write' }), changed(base({ 'approver-permission': 'admin' }))).inputs.approverPermission).toBe('admin');
    expect(honouredInputs(inputs({ 'approver-permission': 'maintain' }), changed(base({}))).inputs.approverPermission).toBe('maintain');
  });

  it('d: a renamed approval-label is the base copy\'s (or the default)', () => {
    expect(honouredInputs(inputs({ 'approval-label': 'ready-for-review' }), changed(base({}))).inputs.approvalLabel).toBe('tf-plan-guard:approved');
    expect(honouredInputs(inputs({ 'approval-label': 'lgtm' }), changed(base({ 'approval-label': 'infra-ok' }))).inputs.approvalLabel).toBe('infra-ok');
  });

  it('f: the PR cannot turn off the comment that records its pushers; the base copy can', () => {
    expect(honouredInputs(inputs({ comment: 'false' }), changed(base({}))).inputs.comment).toBe(true);
    expect(honouredInputs(inputs({ comment: 'false' }), changed(base({ comment: 'false' }))).inputs.comment).toBe(false);
  });

  it('a: config-file is the base copy\'s path, never the PR\'s', () => {
    const sandbox = inputs({ 'config-file': 'sandbox/tf-plan-guard.yml' });
    expect(honouredInputs(sandbox, changed(base({}))).inputs.configFile).toEqual({ path: '.github/tf-plan-guard.yml', explicit: false });
    expect(honouredInputs(sandbox, changed(base({ 'config-file': 'infra/policy.yml' }))).inputs.configFile).toEqual({ path: 'infra/policy.yml', explicit: true });
  });

  it('allow-self-approval is off whatever either copy says', () => {
    expect(honouredInputs(inputs({ 'allow-self-approval': 'true' }), changed(base({ 'allow-self-approval': 'true' }))).inputs.allowSelfApproval).toBe(false);
  });

  it('comment-author is the base copy\'s; one the base sets by an expression stays the PR\'s (a wrong one fails closed)', () => {
    expect(honouredInputs(inputs({ 'comment-author': 'other[bot]' }), changed(base({ 'comment-author': 'gate-app[bot]' }))).inputs.commentAuthor).toBe('gate-app[bot]');
    expect(honouredInputs(inputs({ 'comment-author': 'gate-app[bot]' }), changed(base({ 'comment-author': '${{ steps.app.outputs.slug }}[bot]' }))).inputs.commentAuthor).toBe('gate-app[bot]');
  });

  it('check-name, plan-file and the others stay the PR\'s', () => {
    const { inputs: honoured } = honouredInputs(inputs({ 'check-name': 'Other', 'plan-file': 'x.json', sarif: 'true' }), changed(base({ 'check-name': 'Gate' })));
    expect(honoured).toMatchObject({ checkName: 'Other', planFiles: ['x.json'], sarif: true });
  });
});

describe('F8: block-on while the PR changes its workflow', () => {
  const blockOn = (head: Partial<Record<InputName, string>>, baseSteps: BaseGateSteps, policy = DEFAULT_POLICY) => {
    const { inputs: honoured, blockOnNoLooserThanPolicy } = honouredInputs(inputs(head), changed(baseSteps));
    return withBlockOnInput(policy, honoured, blockOnNoLooserThanPolicy).blockOn;
  };

  it('a checkout bump keeps the base copy\'s medium (not the policy\'s high)', () => {
    expect(blockOn({ 'block-on': 'medium' }, base({ 'block-on': 'medium' }))).toBe('medium');
  });

  it('the PR\'s none or critical never loosens the base copy\'s or the policy\'s', () => {
    expect(blockOn({ 'block-on': 'none' }, base({ 'block-on': 'medium' }))).toBe('medium');
    expect(blockOn({ 'block-on': 'none' }, base({}))).toBe('high');
    expect(blockOn({ 'block-on': 'critical' }, base({}), { ...DEFAULT_POLICY, blockOn: 'medium' })).toBe('medium');
    expect(blockOn({}, base({}), { ...DEFAULT_POLICY, blockOn: 'low' })).toBe('low');
  });

  it('a stricter PR value counts (it only blocks more)', () => {
    expect(blockOn({ 'block-on': 'low' }, base({ 'block-on': 'medium' }))).toBe('low');
    expect(blockOn({ 'block-on': 'medium' }, base({}))).toBe('medium');
  });

  it('a base value that cannot be known counts as low', () => {
    expect(blockOn({ 'block-on': 'none' }, null)).toBe('low');
    expect(blockOn({ 'block-on': 'info' }, base({ 'block-on': '${{ vars.BLOCK_ON }}' }))).toBe('info');
  });

  it('stricterBlockOn: a lower threshold is stricter, none the loosest', () => {
    expect(stricterBlockOn('none', 'critical')).toBe('critical');
    expect(stricterBlockOn('high', 'medium')).toBe('medium');
    expect(stricterBlockOn('info', 'low')).toBe('info');
  });
});

describe('a base copy whose values cannot be known: the strictest reading', () => {
  const pr = inputs({ 'config-file': 'sandbox.yml', approvers: 'carol', 'approver-permission': 'write', 'approval-label': 'lgtm', comment: 'false', 'block-on': 'none' });
  const strictest = { configFile: { path: '.github/tf-plan-guard.yml', explicit: false }, approvers: ['carol'], approverPermission: 'admin', approvalLabel: 'tf-plan-guard:approved', comment: true, blockOn: 'low', allowSelfApproval: false };

  it('an unreadable base copy, or one without a gate step in this job', () => {
    expect(honouredInputs(pr, changed(null)).inputs).toMatchObject(strictest);
    expect(honouredInputs(pr, changed([])).inputs).toMatchObject(strictest);
  });

  it('expressions, invalid values, and steps that disagree', () => {
    const expressions = base({ 'config-file': '${{ vars.POLICY }}', approvers: '${{ vars.APPROVERS }}', 'approver-permission': 'write', 'approval-label': '${{ vars.LABEL }}', comment: '${{ true }}', 'block-on': '${{ vars.LEVEL }}' });
    expect(honouredInputs(pr, changed(expressions)).inputs).toMatchObject(strictest);
    expect(honouredInputs(pr, changed(base({ 'approver-permission': 'owner' }))).inputs.approverPermission).toBe('admin');
    const disagree: BaseGateSteps = [new Map([['approvers', 'olivia']]), new Map([['approvers', 'alice']])];
    expect(honouredInputs(pr, changed(disagree)).inputs).toMatchObject({ approvers: ['carol'], approverPermission: 'admin' });
    const agree: BaseGateSteps = [new Map([['approvers', 'olivia']]), new Map([['approvers', 'olivia']])];
    expect(honouredInputs(pr, changed(agree)).inputs).toMatchObject({ approvers: ['olivia'], approverPermission: 'write' });
  });

  it('names each input it does not take from the PR, and why', () => {
    const { setAside } = honouredInputs(pr, changed(base({ 'approval-label': '${{ vars.LABEL }}' })));
    expect(setAside).toContain('approval-label: lgtm → tf-plan-guard:approved (the base copy sets it by an expression: the default label)');
    expect(setAside).toContain('comment: false → true (the base copy\'s)');
    expect(setAside).toContain('config-file: sandbox.yml → .github/tf-plan-guard.yml (the base copy\'s)');
    expect(setAside).toContain("block-on: none → (unset: the policy's) (the stricter of the base copy's and the PR's, and no looser than the policy's)");
    const medium = honouredInputs(inputs({ 'block-on': 'medium' }), changed(base({}))).setAside;
    expect(medium).toContain("block-on: medium → medium, or the policy's where stricter (the stricter of the base copy's and the PR's, and no looser than the policy's)");
  });
});
