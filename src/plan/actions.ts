/**
 * Terraform's action lists and action reasons, named once. Both replace orders are spelled out
 * and tested: a library once gave create-before-destroy the wrong constant.
 */
import type { PlannedAction, ReplaceOrder } from './model.js';

export function classifyActions(actions: readonly string[]): { action: PlannedAction; replaceOrder: ReplaceOrder | null } {
  const key = actions.join(',');
  switch (key) {
    case 'create': return { action: 'create', replaceOrder: null };
    case 'update': return { action: 'update', replaceOrder: null };
    case 'delete': return { action: 'delete', replaceOrder: null };
    case 'delete,create': return { action: 'replace', replaceOrder: 'delete-before-create' };
    case 'create,delete': return { action: 'replace', replaceOrder: 'create-before-destroy' };
    case 'read': return { action: 'read', replaceOrder: null };
    case 'no-op': return { action: 'no-op', replaceOrder: null };
    case '': return { action: 'no-op', replaceOrder: null };
    case 'forget': return { action: 'forget', replaceOrder: null };
    case 'create,forget': return { action: 'create-then-forget', replaceOrder: null };
    default:
      // A list this version does not know. If it destroys anything, treat it as the destructive
      // action it most resembles rather than letting it pass.
      if (actions.includes('delete') && actions.includes('create')) {
        return { action: 'replace', replaceOrder: actions.indexOf('delete') < actions.indexOf('create') ? 'delete-before-create' : 'create-before-destroy' };
      }
      if (actions.includes('delete')) return { action: 'delete', replaceOrder: null };
      return { action: 'unknown', replaceOrder: null };
  }
}

/** `action_reason` values in words a reviewer understands. An unknown reason is quoted as Terraform gave it. */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_cannot_update: 'a changed attribute cannot be updated in place',
  replace_because_tainted: 'the object is tainted (marked for replacement, e.g. after a failed create or `terraform taint`)',
  replace_by_request: 'replacement was requested with `-replace`',
  replace_by_triggers: 'a `replace_triggered_by` reference changed',
  delete_because_no_resource_config: 'its resource block was removed from the configuration',
  delete_because_wrong_repetition: 'the resource switched between count, for_each and a single instance',
  delete_because_count_index: 'its count index is beyond the new `count`',
  delete_because_each_key: 'its key is no longer in `for_each`',
  delete_because_no_module: 'its module instance is no longer declared (the module call was removed, or its count/for_each no longer includes it)',
  delete_because_no_move_target: 'a `moved` block points to an address that does not exist',
  delete_because_enabled_false: 'its `enabled` meta-argument is now false (OpenTofu)',
  read_because_config_unknown: 'its configuration depends on values known only after apply',
  read_because_dependency_pending: 'it depends on a resource with pending changes',
  read_because_check_nested: 'it is read inside a check block',
};

/**
 * Inside a module, Terraform gives the same reason whether the resource block or the whole
 * module call was removed, so the words must cover both.
 */
const REASONS_IN_MODULE: Readonly<Record<string, string>> = {
  delete_because_no_resource_config: 'it is no longer in the configuration (its resource block, or the module call that declared it, was removed)',
};

export function describeReason(reason: string | null, inModule = false): string | null {
  if (!reason) return null;
  return (inModule ? REASONS_IN_MODULE[reason] : undefined) ?? REASONS[reason] ?? `Terraform reports \`${reason}\``;
}
