/**
 * A plan of hundreds of megabytes is read into a model of a tenth of its size, leaving most of
 * what was built for it as garbage. V8 lets the heap grow to several times what is live before
 * it collects (fast when memory is plentiful), so a 600 MB plan would peak well above the model
 * it keeps. Past LARGE_INPUT_BYTES the process asks V8 to grow its heap by at most
 * HEAP_GROWING_PERCENT per collection: more, shorter collections, and a peak that follows the
 * memory actually in use. Small plans (nearly all of them) never reach it and keep V8's defaults.
 */
import { setFlagsFromString } from 'node:v8';

export const LARGE_INPUT_BYTES = 64 << 20;
const HEAP_GROWING_PERCENT = 20;

let asked = false;

/** Called as input is read; the first time a plan passes LARGE_INPUT_BYTES, V8 is asked to collect sooner. */
export function noteInputBytes(bytes: number): void {
  if (asked || bytes < LARGE_INPUT_BYTES) return;
  asked = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
