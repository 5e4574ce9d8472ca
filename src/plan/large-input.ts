/**
 * A plan of hundreds of megabytes is read into a model of a tenth of its size, leaving most of
 * what was built for it as garbage. V8 lets the heap grow to several times what is live before
 * it collects (fast when memory is plentiful), so a 600 MB plan would peak well above the model
 * it keeps. As the plans' bytes pass each size in HEAP_GROWTH, the process asks V8 to grow its heap
 * by at most that row's percentage per collection: more, shorter collections, and a peak that
 * follows the memory actually in use. A plan of many small changes is the other shape: its model,
 * not its bytes, is what grows (some 600 bytes per change), so the same limit applies once an
 * array of elements passes MANY_ELEMENTS. Plans below both (nearly all of them) keep V8's defaults.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * By input size, how much the heap may grow per collection. Below 256 MiB V8's own growth is kept:
 * a 200 MB plan peaks at 230-260 MiB with it, and 20% (the row this table had from 64 MiB) made
 * the collector's threads cost it 0.2-0.3 s more CPU time. Past 256 MiB, where the 593 MiB
 * bench plan peaked at 385-432 MiB with 20% on a loaded machine, 10% holds it at ~360 MiB for
 * about 7% more CPU time.
 */
const HEAP_GROWTH: readonly { fromBytes: number; percent: number }[] = [{ fromBytes: 256 << 20, percent: 10 }];

/**
 * Elements of one `resource_changes`, `resource_drift` or state `resources` array past which the
 * heap's growth is limited as for the largest inputs: 200,000 one-attribute updates (a 76 MB
 * plan) peaked at 420 MiB with V8's defaults, 317 MiB with the limit from the 50,000th change.
 * The 200 MB bench plan (28,000 resources) stays below it.
 */
export const MANY_ELEMENTS = 50_000;
const MANY_ELEMENTS_PERCENT = 10;

let rowsApplied = 0;
/** Input read by this process so far, all plans together: every plan's model is held until the analysis ends. */
let bytesRead = 0;

/** Called with each piece of input read; each row of HEAP_GROWTH applies once, when the process's input first passes its size. */
export function noteInputBytes(bytes: number): void {
  bytesRead += bytes;
  while (rowsApplied < HEAP_GROWTH.length && bytesRead >= HEAP_GROWTH[rowsApplied]!.fromBytes) {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH[rowsApplied]!.percent}`);
    rowsApplied++;
  }
}

/** Called when an array of elements reaches its MANY_ELEMENTS-th element. */
export function noteManyElements(): void {
  setFlagsFromString(`--heap-growing-percent=${MANY_ELEMENTS_PERCENT}`);
}
