import { describe, expect, it } from 'vitest';
import { classifyActions, describeReason } from '../../src/plan/actions.js';

describe('classifyActions', () => {
  it.each([
    [['create'], 'create', null],
    [['update'], 'update', null],
    [['delete'], 'delete', null],
    [['delete', 'create'], 'replace', 'delete-before-create'],
    [['create', 'delete'], 'replace', 'create-before-destroy'],
    [['read'], 'read', null],
    [['no-op'], 'no-op', null],
    [[], 'no-op', null],
    [['forget'], 'forget', null],
    [['create', 'forget'], 'create-then-forget', null],
  ] as const)('%j → %s (%s)', (actions, action, replaceOrder) => {
    expect(classifyActions(actions)).toEqual({ action, replaceOrder });
  });

  it('treats an unknown list that destroys something as the destructive action it resembles', () => {
    expect(classifyActions(['frobnicate', 'delete'])).toEqual({ action: 'delete', replaceOrder: null });
    expect(classifyActions(['delete', 'frobnicate', 'create'])).toEqual({ action: 'replace', replaceOrder: 'delete-before-create' });
    expect(classifyActions(['create', 'frobnicate', 'delete'])).toEqual({ action: 'replace', replaceOrder: 'create-before-destroy' });
  });

  it('calls any other unknown list unknown', () => {
    expect(classifyActions(['frobnicate'])).toEqual({ action: 'unknown', replaceOrder: null });
    expect(classifyActions(['create', 'update'])).toEqual({ action: 'unknown', replaceOrder: null });
  });
});

describe('describeReason', () => {
  it.each([
    ['replace_because_cannot_update', 'a changed attribute cannot be updated in place'],
    ['replace_because_tainted', 'the object is tainted (marked for replacement, e.g. after a failed create or `terraform taint`)'],
    ['replace_by_request', 'replacement was requested with `-replace`'],
    ['replace_by_triggers', 'a `replace_triggered_by` reference changed'],
    ['delete_because_no_resource_config', 'its resource block was removed from the configuration'],
    ['delete_because_wrong_repetition', 'the resource switched between count, for_each and a single instance'],
    ['delete_because_count_index', 'its count index is beyond the new `count`'],
    ['delete_because_each_key', 'its key is no longer in `for_each`'],
    ['delete_because_no_move_target', 'a `moved` block points to an address that does not exist'],
    ['delete_because_enabled_false', 'its `enabled` meta-argument is now false (OpenTofu)'],
    ['read_because_config_unknown', 'its configuration depends on values known only after apply'],
    ['read_because_dependency_pending', 'it depends on a resource with pending changes'],
    ['read_because_check_nested', 'it is read inside a check block'],
  ])('%s', (reason, words) => {
    expect(describeReason(reason)).toBe(words);
  });

  it('says something for a module that is gone', () => {
    expect(describeReason('delete_because_no_module')).toMatch(/^its module/);
  });

  it('quotes an unknown reason as Terraform gave it, so "destroyed because …" still reads; nothing for none', () => {
    expect(describeReason('delete_because_the_sky_fell')).toBe('Terraform reports `delete_because_the_sky_fell`');
    expect(describeReason(null)).toBeNull();
    expect(describeReason('')).toBeNull();
  });
});
