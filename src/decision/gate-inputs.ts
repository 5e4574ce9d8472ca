/**
 * Which of the action's inputs a run honours. On `pull_request` the inputs come from the PR's own
 * copy of the workflow; while the PR changes that workflow (`workflow-changed`), the inputs that
 * would loosen the gate are the PR's own words about its own gate, and are not honoured: the
 * policy's `block-on` decides and self-approval stays off (`approver-permission` accepts nothing
 * below `write`). Pure.
 */
import type { ActionInputs } from '../action/inputs.js';

export interface HonouredInputs {
  inputs: ActionInputs;
  /** The inputs set aside, in words (for a warning); empty when none was. */
  setAside: string[];
}

export function honouredInputs(inputs: ActionInputs, workflowChanged: boolean): HonouredInputs {
  if (!workflowChanged) return { inputs, setAside: [] };
  const setAside: string[] = [];
  let honoured = inputs;
  if (inputs.blockOn !== null) {
    setAside.push(`block-on: ${inputs.blockOn} (the policy's block-on decides)`);
    honoured = { ...honoured, blockOn: null };
  }
  if (inputs.allowSelfApproval) {
    setAside.push('allow-self-approval: true (authors and pushers cannot approve)');
    honoured = { ...honoured, allowSelfApproval: false };
  }
  return { inputs: honoured, setAside };
}
