/**
 * A second core for a large plan file: the scan on this thread hands the `resource_changes`,
 * `resource_drift` and state-resource elements whose end it can tell (load-scan.ts
 * handElementOff) to one worker thread (element-worker.ts), which reads them from the file
 * itself, parses and reduces them, and sends back only what is kept, while this thread goes on
 * scanning. Parsing and reducing the changes alone was half of the analysis of a 200 MB plan.
 *
 * The loader stays synchronous: jobs are posted as the scan goes, results received with
 * receiveMessageOnPort, and this thread waits (Atomics.wait) only at the end, after taking back
 * the batches the worker has not started. Only for a regular file (a pipe cannot be read again),
 * large enough that starting a worker pays, with two CPUs or more to run on (cores, and the
 * cgroup's CPU quota in a container: cpu-quota.ts). Any doubt (an element does not read as
 * one, the worker stalls, or the scan finds an error) and load.ts reads the plan again on this
 * thread alone, as it always did, naming any problem exactly as before.
 */
import { closeSync, existsSync, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { usableCpus } from '../cpu-quota.js';
import type { ElementHandOff } from './load-scan.js';
import {
  CLAIM_MAIN,
  CLAIM_PENDING,
  ELEMENT_JOBS_KEY,
  ELEMENT_REDUCER_NAMES,
  ELEMENT_WORKER_BUILD,
  readBatch,
  STATUS_CELLS,
  STATUS_DONE,
  STATUS_FAILED,
  type ElementJobs,
  type ElementResults,
} from './element-worker.js';

export interface ElementWorkerSettings {
  /** The worker program; undefined: dist/element-worker.js beside this bundle (none when running from sources); null: never. */
  script?: string | URL | null;
  /** Files smaller than this are read on this thread alone: starting a worker would cost more than it saves. */
  minBytes: number;
  /**
   * Files larger than this are read on this thread alone: the worker's heap and the chunks read
   * ahead of it cost ~70 MiB more at the peak, and the model of a 600 MB plan alone takes ~390 of
   * the 400 MiB it must be analyzed in.
   */
  maxBytes: number;
  /**
   * How many bytes of elements may wait for the worker before this thread reads the next ones
   * itself. Bounds how far the scan runs ahead: a scan that only hands off allocates next to
   * nothing, so nothing collects the chunks it has read (V8 frees them only when it collects):
   * the 600 MB plan peaked at 468 MiB without this bound, 419 with it (411 on one thread).
   */
  backlogBytes: number;
  /** How long the worker may go without finishing a batch while this thread waits for it, before it is given up. */
  stallMs: number;
  /** Where /proc and /sys/fs/cgroup are read for the CPU quota (cpu-quota.ts); tests give a made-up tree. */
  fileSystemRoot?: string;
  /** Told, for each load that started a worker, how many elements were handed off and whether the load fell back. */
  observe?: (outcome: { handedOff: number; fellBack: boolean }) => void;
}

/**
 * Below 16 MiB a plan is read in a few hundred milliseconds, of which the worker's start-up
 * (its 190 KB bundle) would be a large share: a 20 MB plan already gained nothing measurable on
 * the loaded two-core development machine.
 */
export const ELEMENT_WORKER: ElementWorkerSettings = { minBytes: 16 << 20, maxBytes: 320 << 20, backlogBytes: 32 << 20, stallMs: 10_000 };

/** Bytes of contiguous elements posted as one batch (one read in the worker). */
const BATCH_BYTES = 256 << 10;
/** How long one wait for the worker lasts before it is checked again for a stall. */
const WAIT_SLICE_MS = 50;
/** Where an element starts at most past the previous one's end to join its batch (the `,` between them). */
const CONTIGUOUS_GAP = 1;
/** Batches are numbered into a fixed table of claims: at most one per this many bytes of the file (and at least 4096). */
const BYTES_PER_CLAIM = 16 << 10;

/** The worker gave up, stalled or went away: the caller reads the plan on its own thread. */
export class ElementWorkerFailed extends Error {}

/**
 * The main thread's side. Elements are gathered into batches of contiguous bytes and posted as
 * the scan finds them; the worker takes the batches in order. When the scan is done, this thread
 * takes back the batches the worker has not started, from the last one on, and reads them
 * itself: neither thread waits while the other still has batches to read.
 */
export class ElementWorker implements ElementHandOff {
  /** The batch being gathered: its number (set when posted), then reducer number, start, end per element. */
  private batch: number[] = [0];
  /** Per batch posted and not yet placed: its jobs (to read them here if taken back), else null. */
  private batches: (number[] | null)[] = [];
  /** Per batch posted, the index (in `targets`' pairs) of its first element. */
  private batchFirst: number[] = [];
  /** Per element handed off, in order: its array and its index there (cleared once placed). */
  private targets: unknown[] = [];
  private handedOff = 0;
  /** Per element handed off, the bytes of all elements up to and including it. */
  private bytesThrough: number[] = [];
  private posted = 0;
  private placedBatches = 0;
  private readonly scratch = { buffer: Buffer.allocUnsafe(0) };
  private closed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly fd: number,
    private readonly status: Int32Array,
    private readonly claims: Int32Array,
    private readonly results: MessagePort,
    private readonly settings: ElementWorkerSettings,
  ) {}

  /** A worker for the plan file at `path`, or null when this file is read on this thread alone. */
  static start(path: string, settings: ElementWorkerSettings): ElementWorker | null {
    const script = settings.script === undefined ? bundledScript() : settings.script;
    if (script === null) return null;
    // Told by the path before any open: opening a FIFO (`analyze <(terraform show -json tfplan)`)
    // waits for its writer, and closing it again throws away what the writer has put in it.
    if (!isRegularFileOfSize(statOrNull(path), settings)) return null;
    // With less than two CPUs of quota, a worker would only take turns with this thread.
    if (usableCpus(settings.fileSystemRoot) < 2) return null;
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    try {
      // Again on what was opened: the path may have been replaced in between.
      const stat = fstatSync(fd);
      if (!isRegularFileOfSize(stat, settings)) {
        closeSync(fd);
        return null;
      }
      const status = new Int32Array(new SharedArrayBuffer(STATUS_CELLS * 4));
      const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(4096, Math.ceil(stat.size / BYTES_PER_CLAIM))));
      const channel = new MessageChannel();
      const jobs: ElementJobs = { build: ELEMENT_WORKER_BUILD, fd, status, claims, results: channel.port2 };
      const worker = new Worker(script, {
        workerData: { [ELEMENT_JOBS_KEY]: jobs },
        transferList: [channel.port2],
        // Its heap holds a batch and what it makes of it; a runaway worker ends, and the load falls back.
        resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 },
        // The process's stdout and stderr carry the report and its messages: whatever the worker
        // prints (a warning of Node's, a debugging line) goes to streams of its own, read and dropped.
        // (Once it has printed, those streams hold the process open despite unref(): close() ends the worker.)
        stdout: true,
        stderr: true,
      });
      worker.stdout.resume();
      worker.stderr.resume();
      // A worker that dies is noticed by the stall check; its error must not end the process.
      worker.on('error', () => {});
      worker.unref();
      return new ElementWorker(worker, fd, status, claims, channel.port1, settings);
    } catch {
      closeSync(fd);
      return null;
    }
  }

  take(offload: string, start: number, end: number, array: unknown[], index: number): boolean {
    if (Atomics.load(this.status, STATUS_FAILED) !== 0 || this.batches.length >= this.claims.length) return false;
    const code = ELEMENT_REDUCER_NAMES.indexOf(offload);
    if (code < 0) return false;
    const done = Atomics.load(this.status, STATUS_DONE);
    const handedOffBytes = this.bytesThrough[this.handedOff - 1] ?? 0;
    if (handedOffBytes - (this.bytesThrough[done - 1] ?? 0) > this.settings.backlogBytes) return false;
    const gathered = this.batch;
    if (gathered.length > 1 && (start - gathered[gathered.length - 1]! > CONTIGUOUS_GAP || end - gathered[2]! > BATCH_BYTES)) this.post();
    this.batch.push(code, start, end);
    this.targets.push(array, index);
    this.bytesThrough.push(handedOffBytes + end - start);
    this.handedOff++;
    // An idle worker gets the element at once (at the start, and whenever it has caught up).
    if (done === this.posted) this.post();
    return true;
  }

  /**
   * Posts what was gathered once the worker is idle, and places the results that arrived: while
   * the scan reads other sections, the worker's results would otherwise wait in its port, as
   * serialized copies (a hundred MiB and more on a 600 MB plan).
   */
  chunkScanned(): void {
    if (Atomics.load(this.status, STATUS_DONE) === this.posted) this.post();
    while (this.receive());
  }

  /** How many elements were handed off so far. */
  get handedOffCount(): number {
    return this.handedOff;
  }

  /**
   * Reads back the batches the worker has not started, waits for the rest, and puts every
   * reduced element in its place; returns how many elements were handed off. Throws
   * ElementWorkerFailed when an element does not read as one, or the worker finished nothing
   * for `stallMs`.
   */
  finish(): number {
    this.post();
    for (let number = this.batches.length - 1; number >= 0; number--) {
      const jobs = this.batches[number];
      if (jobs === null || jobs === undefined) continue;
      if (Atomics.compareExchange(this.claims, number, CLAIM_PENDING, CLAIM_MAIN) !== CLAIM_PENDING) break;
      let values: unknown[];
      try {
        values = readBatch(this.fd, jobs, this.scratch);
      } catch {
        throw new ElementWorkerFailed('an element handed off did not read as one');
      }
      this.place(number, values);
      while (this.receive());
    }
    let done = Atomics.load(this.status, STATUS_DONE);
    let progressAt = performance.now();
    while (this.placedBatches < this.batches.length) {
      if (this.receive()) continue;
      if (Atomics.load(this.status, STATUS_FAILED) !== 0) throw new ElementWorkerFailed('the element worker gave up');
      Atomics.wait(this.status, STATUS_DONE, done, WAIT_SLICE_MS);
      const now = performance.now();
      const moved = Atomics.load(this.status, STATUS_DONE);
      if (moved !== done) {
        done = moved;
        progressAt = now;
      } else if (now - progressAt > this.settings.stallMs) {
        throw new ElementWorkerFailed('the element worker stopped');
      }
    }
    return this.handedOff;
  }

  /** Stops the worker and closes the file (once the worker can no longer read it). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The worker may still be reading (after a failure) until it has ended: threadId is -1 once it has.
    const finished = this.placedBatches === this.batches.length && Atomics.load(this.status, STATUS_FAILED) === 0;
    this.targets = [];
    this.batches = [];
    this.results.close();
    if (finished || this.worker.threadId < 0) closeSync(this.fd);
    else this.worker.once('exit', () => closeSync(this.fd));
    void this.worker.terminate();
  }

  private post(): void {
    const jobs = this.batch;
    if (jobs.length === 1) return;
    const number = this.batches.length;
    jobs[0] = number;
    this.batches.push(jobs);
    const count = (jobs.length - 1) / 3;
    this.batchFirst.push(this.handedOff - count);
    this.posted += count;
    this.batch = [0];
    const message = Float64Array.from(jobs);
    this.worker.postMessage(message, [message.buffer]);
    // Results that arrived meanwhile are placed now: the worker's messages do not pile up.
    while (this.receive());
  }

  /** Places the reduced elements of the next batch the worker finished; false when none is there yet. */
  private receive(): boolean {
    const message = receiveMessageOnPort(this.results);
    if (message === undefined) return false;
    const { batch, values } = message.message as ElementResults;
    this.place(batch, values);
    return true;
  }

  private place(number: number, values: unknown[]): void {
    const targets = this.targets;
    let at = 2 * this.batchFirst[number]!;
    for (const value of values) {
      (targets[at] as unknown[])[targets[at + 1] as number] = value;
      targets[at] = undefined;
      at += 2;
    }
    this.batches[number] = null;
    this.placedBatches++;
  }
}

/** dist/element-worker.js beside the running bundle; null when running from sources (tests name it themselves). */
function bundledScript(): URL | null {
  if (!import.meta.url.endsWith('.js')) return null;
  const script = new URL('./element-worker.js', import.meta.url);
  return existsSync(script) ? script : null;
}

function isRegularFileOfSize(stat: Stats | null, settings: ElementWorkerSettings): boolean {
  return stat !== null && stat.isFile() && stat.size >= settings.minBytes && stat.size <= settings.maxBytes;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
