/**
 * Plan bytes as a stream of chunks, from a file or a pipe, never gathered into one buffer or one
 * string. Synchronous on purpose: the pipeline stays a plain function call, and a read that
 * would block on an empty pipe waits here instead of failing.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Large enough that a fast disk is read in few calls, small enough to stay out of the way. */
const CHUNK_BYTES = 1 << 20;

/**
 * Chunks of plan bytes in order, as they arrive. A chunk's bytes are only sure to stay as they
 * are while it and the chunk after it are read (the last chunk's, to the end): readChunks reads
 * into two buffers in turn (a fresh buffer per read cost more than the scan of it: its pages
 * faulted in one by one, ~0.3 s for a 200 MB plan), so a reader that keeps bytes longer copies them.
 */
export type ByteChunks = Iterable<Uint8Array>;

/** Told how far the reading has come; `total` is null when the size is not known (a pipe). */
export type ProgressListener = (bytesRead: number, total: number | null) => void;

/**
 * The chunks of an open file descriptor until its end. A descriptor another process left in
 * non-blocking mode (Node's own stdin stream does that to a pipe; so may the writer) answers
 * EAGAIN while the writer has not written yet: that is waited out, briefly and without spinning.
 */
export function* readChunks(fd: number, onProgress?: ProgressListener): Generator<Uint8Array, void, undefined> {
  const total = regularFileSize(fd);
  // A file's size is known: a small one gets a buffer of its size (one more byte sees its end).
  const size = total === null ? CHUNK_BYTES : Math.min(CHUNK_BYTES, total + 1);
  const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  let turn = 0;
  let bytesRead = 0;
  let wait = new PipeWait();
  while (true) {
    const buffer = buffers[turn]!;
    let count: number;
    try {
      count = readSync(fd, buffer, 0, size, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        wait.pause();
        continue;
      }
      throw error;
    }
    if (count === 0) return;
    wait = new PipeWait();
    bytesRead += count;
    onProgress?.(bytesRead, total);
    turn = 1 - turn;
    yield buffer.subarray(0, count);
  }
}

/** The chunks of the file at `path`; the file is closed when reading ends, early or not. */
export function* readFileChunks(path: string, onProgress?: ProgressListener): Generator<Uint8Array, void, undefined> {
  const fd = openSync(path, 'r');
  try {
    yield* readChunks(fd, onProgress);
  } finally {
    closeSync(fd);
  }
}

function regularFileSize(fd: number): number | null {
  try {
    const stat = fstatSync(fd);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

/**
 * Waits between reads of an empty non-blocking pipe: a few microseconds at first (a fast writer
 * refills the pipe at once), doubling up to 20 ms (a slow writer, such as Terraform still
 * planning, costs no CPU). Atomics.wait is the one synchronous sleep Node offers.
 */
class PipeWait {
  private static readonly cell = new Int32Array(new SharedArrayBuffer(4));
  private milliseconds = 0.02;

  pause(): void {
    Atomics.wait(PipeWait.cell, 0, 0, this.milliseconds);
    this.milliseconds = Math.min(this.milliseconds * 2, 20);
  }
}

/** A failed read in a few plain words. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a plan file';
  if (code === 'EACCES') return 'permission denied';
  return `cannot be read (${code ?? 'unknown error'})`;
}
