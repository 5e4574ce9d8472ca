/**
 * Which of the action's inputs a run honours. On `pull_request` the inputs come from the PR's own
 * copy of the workflow; while the PR changes that workflow (`workflow-changed`), they are the
 * PR's own words about its own gate. Then every input that sets the gate is the base copy's
 * (its gate step writing this check), and where the base's value cannot be known (an
 * expression, an unreadable copy, no gate step, steps that disagree) the strictest reading:
 * the default policy path, label and comment, the stricter `block-on`, an admin approver. Pure.
 *
 * Kept from the PR's copy: what only fails closed or is the PR's own code anyway: `check-name`
 * (the run's check is started under it before anything is read; a renamed check leaves the
 * required one missing), `plan-file`, `github-token`, `fail-on-block`, `sarif`.
 */
import { APPROVER_PERMISSIONS, configFileInput, DEFAULT_CONFIG_FILE, INPUT_DEFAULTS, inputValue, type ActionInputs, type ApproverPermission, type InputName } from '../action/inputs.js';
import type { BlockOn } from '../policy/config.js';

/**
 * The base copy's gate steps that write this run's check: each step's `with:` inputs as written. Null
 * when the base copy cannot be read (or is not a workflow, or the runner does not say which
 * workflow runs); empty when it runs no tf-plan-guard step.
 */
export type BaseGateSteps = readonly ReadonlyMap<string, string>[] | null;

/** Whether the PR changes the running workflow, and if so what its base copy says. */
export type RunningWorkflow = { changed: false } | { changed: true; baseSteps: BaseGateSteps };

export interface HonouredInputs {
  inputs: ActionInputs;
  /** The inputs the run does not take from the PR's workflow, in words (for a warning); empty when none. */
  setAside: string[];
  /**
   * True when the policy's `block-on` also counts: the stricter of it and `inputs.blockOn`
   * decides (a workflow that left `block-on` unset deferred to the policy).
   */
  blockOnNoLooserThanPolicy: boolean;
}

/** `block-on` when the base's cannot be known: `low` (info findings are notes, not risks). */
export const STRICTEST_BLOCK_ON: BlockOn = 'low';

export function honouredInputs(inputs: ActionInputs, workflow: RunningWorkflow): HonouredInputs {
  if (!workflow.changed) return { inputs, setAside: [], blockOnNoLooserThanPolicy: false };
  const base = (name: InputName) => baseValue(workflow.baseSteps, name);
  const setAside: string[] = [];
  const note = (name: InputName, head: string, honoured: string, why: string) => {
    if (head !== honoured) setAside.push(`${name}: ${head} → ${honoured} (${why})`);
  };

  const configFile = taken(base('config-file'), configFileInput, { path: DEFAULT_CONFIG_FILE, explicit: false }, 'the default path');
  const approvalLabel = taken(base('approval-label'), (text) => inputValue<string>('approval-label', text), INPUT_DEFAULTS['approval-label'], 'the default label');
  const comment = taken(base('comment'), (text) => inputValue<boolean>('comment', text), true, 'on, so the recorded pushers are kept');
  // A comment author the base did not name: the PR's (a wrong one is never trusted: it fails closed).
  const commentAuthor = taken(base('comment-author'), (text) => inputValue<string>('comment-author', text) || null, inputs.commentAuthor, "the PR's");
  const approvers = known(base('approvers'), (text) => inputValue<string[]>('approvers', text));
  const basePermission = known(base('approver-permission'), (text) => inputValue<ApproverPermission>('approver-permission', text));
  // An approver list or permission the base sets in a way that cannot be read: nobody below admin
  // (the role that can change the gate anyway) approves; the PR's list can only narrow that.
  const approverPermission = approvers && basePermission ? stricterPermission(basePermission.value, inputs.approverPermission) : 'admin';
  const blockOn = honouredBlockOn(inputs.blockOn, known(base('block-on'), (text) => inputValue<BlockOn | ''>('block-on', text) || null));

  note('config-file', inputs.configFile.path, configFile.value.path, configFile.why);
  note('approvers', list(inputs.approvers), list(approvers?.value ?? inputs.approvers), approvers ? "the base copy's" : `${unknownWhy(base('approvers'))}: the PR's list, admins only`);
  note('approver-permission', inputs.approverPermission, approverPermission, basePermission && approvers ? "the stricter of the base copy's and the PR's" : unknownWhy(basePermission ? base('approvers') : base('approver-permission')));
  note('approval-label', inputs.approvalLabel, approvalLabel.value, approvalLabel.why);
  note('block-on', shownBlockOn(inputs.blockOn), shownBlockOn(blockOn.value, blockOn.noLooserThanPolicy), blockOn.why);
  note('allow-self-approval', String(inputs.allowSelfApproval), 'false', 'authors and pushers never approve a change to their own gate');
  note('comment', String(inputs.comment), String(comment.value), comment.why);
  note('comment-author', inputs.commentAuthor ?? '(default)', commentAuthor.value ?? '(default)', commentAuthor.why);

  return {
    inputs: {
      ...inputs,
      configFile: configFile.value,
      approvalLabel: approvalLabel.value,
      comment: comment.value,
      commentAuthor: commentAuthor.value,
      approvers: approvers?.value ?? inputs.approvers,
      approverPermission,
      allowSelfApproval: false,
      blockOn: blockOn.value,
    },
    setAside,
    blockOnNoLooserThanPolicy: blockOn.noLooserThanPolicy,
  };
}

/** `block-on` from most to least permissive: a threshold further right blocks more. */
const BLOCK_ON_LOOSEST_FIRST: readonly BlockOn[] = ['none', 'critical', 'high', 'medium', 'low', 'info'];

/** The stricter of two `block-on` values: the lower threshold (`none` is the loosest). */
export function stricterBlockOn(a: BlockOn, b: BlockOn): BlockOn {
  return BLOCK_ON_LOOSEST_FIRST.indexOf(a) >= BLOCK_ON_LOOSEST_FIRST.indexOf(b) ? a : b;
}

function stricterPermission(a: ApproverPermission, b: ApproverPermission): ApproverPermission {
  return APPROVER_PERMISSIONS.indexOf(a) >= APPROVER_PERMISSIONS.indexOf(b) ? a : b;
}

/**
 * The stricter of the base's and the PR's `block-on`; unset (null) stands for the policy's, so
 * when either is unset the policy's counts too. A base value that cannot be known counts as `low`.
 */
function honouredBlockOn(head: BlockOn | null, base: { value: BlockOn | null } | null): { value: BlockOn | null; noLooserThanPolicy: boolean; why: string } {
  const baseLevel = base ? base.value : STRICTEST_BLOCK_ON;
  const given = [baseLevel, head].filter((level): level is BlockOn => level !== null);
  const value = given.length === 0 ? null : given.reduce(stricterBlockOn);
  const why = base ? "the stricter of the base copy's and the PR's" : `the base copy's cannot be known: at least ${STRICTEST_BLOCK_ON}`;
  return { value, noLooserThanPolicy: baseLevel === null || head === null, why: value !== null && (baseLevel === null || head === null) ? `${why}, and no looser than the policy's` : why };
}

/** `level` as it decides: with `noLooserThanPolicy`, the policy's where that is stricter (always, for none). */
function shownBlockOn(level: BlockOn | null, noLooserThanPolicy = false): string {
  if (level === null || (noLooserThanPolicy && level === 'none')) return "(unset: the policy's)";
  return noLooserThanPolicy ? `${level}, or the policy's where stricter` : level;
}

function list(logins: readonly string[]): string {
  return logins.length === 0 ? '(anyone with the permission)' : logins.join(', ');
}

type BaseValue = { known: true; text: string } | { known: false; why: string };

/** What the base copy's gate step sets `name` to, as written ('' when unset), or why that cannot be known. */
function baseValue(steps: BaseGateSteps, name: InputName): BaseValue {
  if (steps === null) return { known: false, why: 'the base copy of the workflow cannot be read' };
  if (steps.length === 0) return { known: false, why: 'the base copy runs no tf-plan-guard step' };
  const texts = new Set(steps.map((step) => (step.get(name) ?? '').trim()));
  if (texts.size > 1) return { known: false, why: 'the base copy runs tf-plan-guard in several steps that could write this check, with different values' };
  const text = [...texts][0] ?? '';
  if (text.includes('${{')) return { known: false, why: 'the base copy sets it by an expression' };
  return { known: true, text };
}

/** The base's value parsed like the runner's input; null when it cannot be known or is not valid. */
function known<T>(base: BaseValue, parse: (text: string) => T): { value: T; why: string } | null {
  if (!base.known) return null;
  try {
    return { value: parse(base.text), why: "the base copy's" };
  } catch {
    return null;
  }
}

/** The base's value, or `fallback` (the strict reading, in `words`) with the reason. */
function taken<T>(base: BaseValue, parse: (text: string) => T, fallback: T, words: string): { value: T; why: string } {
  return known(base, parse) ?? { value: fallback, why: `${unknownWhy(base)}: ${words}` };
}

function unknownWhy(base: BaseValue): string {
  return base.known ? "the base copy's value is not valid" : base.why;
}
