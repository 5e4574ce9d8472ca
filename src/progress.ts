/**
 * "Reading plan.json: 212 of 600 MiB (35%)" on a terminal's stderr while a large plan is read.
 * Nothing for a plan read in under a second, and nothing at all when stderr is not a terminal
 * (a CI log, a file, a pipe): there a progress line would only be noise. A file read a second
 * time (the loader's fallback from its worker: plan/load.ts) says "again" rather than going back.
 */
import type { ProgressListener } from './plan/load-input.js';

/** Reading shorter than this shows nothing. */
const QUIET_MS = 1000;
/** At most this often is the line redrawn. */
const REDRAW_MS = 100;

export interface Progress {
  onProgress: ProgressListener;
  /** Clears the line (call when the reading is over, read or failed). */
  done(): void;
}

export function readingProgress(stderr: NodeJS.WritableStream, name: string, now: () => number = () => performance.now()): Progress {
  const started = now();
  let drawnAt = -Infinity;
  let drawn = false;
  let lastBytesRead = 0;
  let again = false;
  return {
    onProgress(bytesRead, total) {
      // Fewer bytes than last time: the same input is being read from its start once more.
      if (bytesRead < lastBytesRead) again = true;
      lastBytesRead = bytesRead;
      const time = now();
      if (time - started < QUIET_MS || time - drawnAt < REDRAW_MS) return;
      drawnAt = time;
      drawn = true;
      const read = mebibytes(bytesRead);
      const of = total === null ? ' MiB' : ` of ${mebibytes(total)} MiB (${Math.floor((bytesRead / total) * 100)}%)`;
      stderr.write(`\r\u001b[2Ktf-plan-guard: reading ${name}${again ? ' again' : ''}: ${read}${of}`);
    },
    done() {
      if (drawn) stderr.write('\r\u001b[2K');
    },
  };
}

function mebibytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}
