import { describe, expect, it } from 'vitest';
import { parseInputs, type InputName } from '../../src/action/inputs.js';

function parse(values: Partial<Record<InputName, string>>) {
  return parseInputs((name) => values[name] ?? '');
}

describe('parseInputs', () => {
  it('applies the action.yml defaults to unset inputs', () => {
    expect(parse({})).toEqual({
      planFiles: [],
      githubToken: '',
      configFile: { path: '.github/tf-plan-guard.yml', explicit: false },
      blockOn: null,
      approvalLabel: 'tf-plan-guard:approved',
      approvers: [],
      approverPermission: 'write',
      allowSelfApproval: false,
      checkName: 'Terraform Plan Guard',
      comment: true,
      failOnBlock: false,
      commentAuthor: null,
      sarif: false,
    });
  });

  it('splits plan-file on newlines and approvers on commas and newlines', () => {
    const inputs = parse({ 'plan-file': ' plans/a.json\n\n  plans/**/*.json \r\n', approvers: '@Alice, bob\ncarol-x ,' });
    expect(inputs.planFiles).toEqual(['plans/a.json', 'plans/**/*.json']);
    expect(inputs.approvers).toEqual(['alice', 'bob', 'carol-x']);
  });

  it('reads booleans the way the runner writes them', () => {
    const inputs = parse({ 'allow-self-approval': 'True', comment: 'FALSE', 'fail-on-block': 'true' });
    expect([inputs.allowSelfApproval, inputs.comment, inputs.failOnBlock]).toEqual([true, false, true]);
  });

  it('marks a config-file given explicitly, but not the default path', () => {
    expect(parse({ 'config-file': 'policy/guard.yml' }).configFile).toEqual({ path: 'policy/guard.yml', explicit: true });
    expect(parse({ 'config-file': '.github/tf-plan-guard.yml' }).configFile).toEqual({ path: '.github/tf-plan-guard.yml', explicit: false });
  });

  it.each([
    ['block-on', 'severe', 'input "block-on" must be one of critical, high, medium, low, info, none (got "severe")'],
    ['approver-permission', 'triage', 'input "approver-permission" must be one of write, maintain, admin (got "triage")'],
    ['allow-self-approval', 'yes', 'input "allow-self-approval" must be true or false (got "yes")'],
    ['comment', 'on', 'input "comment" must be true or false (got "on")'],
    ['fail-on-block', '1', 'input "fail-on-block" must be true or false (got "1")'],
    ['approvers', 'alice, not a login', 'input "approvers" must be GitHub logins separated by commas or newlines (got "alice, not a login")'],
    ['approval-label', 'x'.repeat(51), `input "approval-label" a GitHub label name is at most 50 characters (got "${'x'.repeat(51)}")`],
    ['comment-author', 'my app', 'input "comment-author" must be a GitHub login such as my-app[bot] (got "my app")'],
  ] as const)('rejects %s=%s with one line naming the input', (name, value, message) => {
    expect(() => parse({ [name]: value })).toThrow(message);
    try {
      parse({ [name]: value });
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('accepts each valid block-on and approver-permission', () => {
    expect(parse({ 'block-on': 'none' }).blockOn).toBe('none');
    expect(parse({ 'block-on': 'critical' }).blockOn).toBe('critical');
    expect(parse({ 'approver-permission': 'admin' }).approverPermission).toBe('admin');
    expect(parse({ 'comment-author': 'my-app[bot]' }).commentAuthor).toBe('my-app[bot]');
  });
});
