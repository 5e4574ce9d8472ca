/**
 * The action's entry: reads the inputs and the runner's context, runs the gate, and turns any
 * error into one failing line (never a stack trace). No logic of its own.
 */
import * as core from '@actions/core';
import { parseInputs } from './action/inputs.js';
import { runGate, type Runner } from './action/gate.js';
import { readContext } from './github/context.js';
import { RefusedRunError } from './errors.js';

const runner: Runner = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  setOutput: (name, value) => core.setOutput(name, value),
  writeSummary: async (markdown) => {
    if (!process.env['GITHUB_STEP_SUMMARY']) {
      core.info('tf-plan-guard: GITHUB_STEP_SUMMARY is not set; no job summary written');
      return;
    }
    await core.summary.addRaw(markdown).write({ overwrite: false });
  },
  fail: (message) => core.setFailed(message),
};

export async function run(): Promise<void> {
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    if (inputs.githubToken) core.setSecret(inputs.githubToken);
    await runGate({ inputs, context: readContext(process.env, process.cwd()), env: process.env, runner });
  } catch (error) {
    core.setFailed(error instanceof RefusedRunError ? oneLine(error) : `tf-plan-guard: ${oneLine(error)}`);
    if (error instanceof RefusedRunError) process.exitCode = 2;
    if (process.env['TF_PLAN_GUARD_DEBUG'] && error instanceof Error && error.stack) core.debug(error.stack);
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unexpected error';
}
