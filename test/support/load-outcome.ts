/** What the loader tests compare: the outcome of a load, and the JSON report a plan gives. */
import { analyzePlans } from '../../src/analyze.js';
import { InputError } from '../../src/errors.js';
import type { Plan } from '../../src/plan/model.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderJson } from '../../src/render/json.js';
import { scrubReport } from '../../src/render/scrub.js';

/** The JSON report of one plan under the default policy, scrubbed as every output is. */
export function jsonReport(plan: Plan): string {
  const analysis = analyzePlans([plan], DEFAULT_POLICY);
  return renderJson(scrubReport(analysis.report, analysis.secrets));
}

/** The outcome of loading: the plan, or the input error's message. */
export function outcome(load: () => Plan): Plan | string {
  try {
    return load();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
}
