/**
 * The element worker (its own bundle, dist/element-worker.js): reads the `resource_changes` and
 * `resource_drift` elements a scan on the main thread handed off (element-handoff.ts) straight
 * from the plan file, by their byte offsets, and reduces each exactly as the scan would have
 * (load-scan.ts readElementBytes, then load-sections.ts ELEMENT_REDUCERS). Only offsets cross
 * threads one way, only the reduced elements (a fifth of the bytes) the other: copying element
 * bytes between threads cost as much as parsing them (coord's parallel-loader experiment).
 */
import { readSync } from 'node:fs';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { readElementBytes } from './load-scan.js';
import { ELEMENT_REDUCERS } from './load-sections.js';

/** The reducers by the number a job names them with (its index here). */
export const ELEMENT_REDUCER_NAMES = Object.keys(ELEMENT_REDUCERS);

/** Cells of the status words: elements reduced so far (each batch's values posted first), and whether the worker gave up. */
export const STATUS_DONE = 0;
export const STATUS_FAILED = 1;
export const STATUS_CELLS = 2;

/** A batch's claim: not yet taken, taken by the worker, taken back by the main thread (which reads it itself). */
export const CLAIM_PENDING = 0;
export const CLAIM_WORKER = 1;
export const CLAIM_MAIN = 2;

declare const __ELEMENT_WORKER_BUILD__: string | undefined;

/**
 * The sources this bundle was built from (scripts/build.mjs hashes them): the main thread numbers
 * the reducers as its own bundle does, so a worker serves only a main thread of the same build.
 */
export const ELEMENT_WORKER_BUILD: string = typeof __ELEMENT_WORKER_BUILD__ === 'string' ? __ELEMENT_WORKER_BUILD__ : 'sources';

/**
 * Where a started worker finds its jobs' setting in `workerData`. (Renamed when the build check
 * came: a worker from before it, which would serve any build, finds no jobs and ends.)
 */
export const ELEMENT_JOBS_KEY = 'tfPlanGuardElementJobsOfBuild';

export interface ElementJobs {
  /** The main thread's ELEMENT_WORKER_BUILD: a worker of another build marks itself failed and serves nothing. */
  build: string;
  /** The plan file, opened by the main thread (which closes it). */
  fd: number;
  /** STATUS_CELLS Int32 cells over a SharedArrayBuffer, waited on by the main thread. */
  status: Int32Array;
  /** One claim per batch, by its number: whoever claims a batch first reads it. */
  claims: Int32Array;
  /** Where each batch's reduced elements are posted, in order. */
  results: MessagePort;
}

/** A batch of jobs: its number, then per element its reducer's number and its bytes' start and end in the file, in the file's order. */
export type ElementBatch = Float64Array;

/** The reduced elements of a batch, as posted to the main thread. */
export interface ElementResults {
  batch: number;
  values: unknown[];
}

/**
 * The reduced elements of a batch, read from the file. Throws when anything does not read as the
 * scan would read it: bytes that do not parse as one element, a short read, a reducer that throws.
 */
export function readBatch(fd: number, batch: ElementBatch | readonly number[], scratch: { buffer: Buffer }): unknown[] {
  const from = batch[2]!;
  const length = batch[batch.length - 1]! - from;
  if (length > scratch.buffer.length) scratch.buffer = Buffer.allocUnsafe(length);
  const buffer = scratch.buffer;
  if (readSync(fd, buffer, 0, length, from) !== length) throw new Error('the file is shorter than it was');
  const values: unknown[] = [];
  for (let k = 1; k < batch.length; k += 3) {
    const read = readElementBytes(buffer.subarray(batch[k + 1]! - from, batch[k + 2]! - from));
    if (read === null) throw new Error('not one element');
    values.push(reducerOf(batch[k]!)(read.value));
  }
  return values;
}

/**
 * Serves batches posted to `jobsPort` until it closes, each one the main thread has not taken
 * back. Anything that does not read as the scan would read it stops the worker and marks it
 * failed: the main thread then reads the whole plan again by itself, and names any problem
 * exactly as it always does. Jobs from a main thread of another build are not served at all.
 */
export function serveElementJobs(jobs: ElementJobs, jobsPort: Pick<MessagePort, 'on'>): void {
  if (jobs.build !== ELEMENT_WORKER_BUILD) {
    // Not one claim taken: the main thread reads every batch itself, in the same pass.
    Atomics.store(jobs.status, STATUS_FAILED, 1);
    Atomics.notify(jobs.status, STATUS_DONE);
    return;
  }
  const scratch = { buffer: Buffer.allocUnsafe(1 << 20) };
  let failed = false;
  jobsPort.on('message', (batch: ElementBatch) => {
    if (failed) return;
    const number = batch[0]!;
    if (Atomics.compareExchange(jobs.claims, number, CLAIM_PENDING, CLAIM_WORKER) !== CLAIM_PENDING) return;
    try {
      const values = readBatch(jobs.fd, batch, scratch);
      const results: ElementResults = { batch: number, values };
      jobs.results.postMessage(results);
      Atomics.add(jobs.status, STATUS_DONE, values.length);
    } catch {
      failed = true;
      Atomics.store(jobs.status, STATUS_FAILED, 1);
    }
    Atomics.notify(jobs.status, STATUS_DONE);
  });
}

function reducerOf(code: number): (element: unknown) => unknown {
  const name = ELEMENT_REDUCER_NAMES[code];
  if (name === undefined) throw new Error(`no reducer ${code}`);
  return ELEMENT_REDUCERS[name as keyof typeof ELEMENT_REDUCERS];
}

// Started as a worker by element-handoff.ts: serve its jobs.
const jobs = isMainThread ? undefined : ((workerData as Record<string, unknown> | null)?.[ELEMENT_JOBS_KEY] as ElementJobs | undefined);
if (jobs !== undefined && parentPort !== null) serveElementJobs(jobs, parentPort);
