/**
 * The hook's analysis of a plan, inside its time budget. Analysis is synchronous work that a timer
 * in the same thread cannot interrupt, so the hook runs it in a worker thread (its own bundled
 * script) and stops that worker when the budget is spent, answering in time instead of late.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzePlans } from '../analyze.js';
import { loadPlanBytes } from '../plan/load.js';
import type { Policy } from '../policy/config.js';
import { configurationEvidence } from './guard.js';
import { describeAnalysis } from './reason.js';
import type { ChangeIntent } from './terraform-commands.js';

export interface AnalysisJob {
  json: Uint8Array;
  policy: Policy;
  intent: ChangeIntent;
}

/** Whether the plan blocks, and the lines a person reads when it does. */
export interface AnalysisVerdict {
  blocking: boolean;
  reason: string[];
}

const JOB_KEY = 'tfPlanGuardAnalysisJob';

export function judge(job: AnalysisJob): AnalysisVerdict {
  const plan = loadPlanBytes(job.json, `plan of ${job.intent.directory}`);
  const analysis = analyzePlans([plan], job.policy, { configurationChange: () => configurationEvidence(job.intent.directory) });
  return { blocking: analysis.report.blocking, reason: analysis.report.blocking ? describeAnalysis(job.intent, analysis) : [] };
}

/**
 * The verdict, or 'late' when it was not ready within `ms`. `script`: the bundled program to run
 * the worker from; null (running from sources, as in unit tests) analyzes in this thread.
 */
export function judgeWithin(job: AnalysisJob, ms: number, script: string | null): Promise<AnalysisVerdict | 'late'> {
  if (script === null) return Promise.resolve(judge(job));
  return new Promise((done, fail) => {
    const worker = new Worker(script, { workerData: { [JOB_KEY]: job }, stdout: true, stderr: true });
    const finish = (): void => {
      clearTimeout(timer);
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      finish();
      done('late');
    }, Math.max(0, ms));
    worker.once('message', (verdict: AnalysisVerdict) => {
      finish();
      done(verdict);
    });
    worker.once('error', (error) => {
      finish();
      fail(error);
    });
  });
}

/** In a worker started by judgeWithin: analyze, post the verdict, and say so (the program must then do nothing else). */
export function serveAnalysisJob(): boolean {
  if (isMainThread || parentPort === null) return false;
  const job = (workerData as Record<string, unknown> | null)?.[JOB_KEY] as AnalysisJob | undefined;
  if (job === undefined) return false;
  parentPort.postMessage(judge(job));
  return true;
}
