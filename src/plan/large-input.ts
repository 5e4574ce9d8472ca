/**
 * A plan of hundreds of megabytes is read into a model of a tenth of its size, leaving most of
 * what was built for it as garbage. V8 lets the heap grow to several times what is live before
 * it collects (fast when memory is plentiful), so a 600 MB plan would peak well above the model
 * it keeps. As a plan's bytes pass each size in HEAP_GROWTH, the process asks V8 to grow its heap
 * by at most that row's percentage per collection: more, shorter collections, and a peak that
 * follows the memory actually in use. Small plans (nearly all of them) never reach the first row
 * and keep V8's defaults.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * By input size, how much the heap may grow per collection. 20% keeps a 200 MB plan's analysis
 * near its speed with V8's defaults (its peak was 240 MiB); past 256 MiB, where the 593 MiB
 * bench plan peaked at 385-432 MiB with 20% on a loaded machine, 10% holds it at ~360 MiB for
 * about 7% more CPU time.
 */
const HEAP_GROWTH: readonly { fromBytes: number; percent: number }[] = [
  { fromBytes: 64 << 20, percent: 20 },
  { fromBytes: 256 << 20, percent: 10 },
];

let rowsApplied = 0;

/** Called as input is read; each row of HEAP_GROWTH applies once, when the input first passes its size. */
export function noteInputBytes(bytes: number): void {
  while (rowsApplied < HEAP_GROWTH.length && bytes >= HEAP_GROWTH[rowsApplied]!.fromBytes) {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH[rowsApplied]!.percent}`);
    rowsApplied++;
  }
}
