/**
 * A plan of hundreds of megabytes is read into a model of a tenth of its size, leaving most of
 * what was built for it as garbage. V8 lets the heap grow to several times what is live before
 * it collects (fast when memory is plentiful), so a 600 MB plan would peak well above the model
 * it keeps. As the plans' bytes pass each size in HEAP_GROWTH, the process asks V8 to grow its heap
 * by at most that row's percentage per collection: more, shorter collections, and a peak that
 * follows the memory actually in use. Plans below the first row (nearly all of them) keep V8's
 * defaults.
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
