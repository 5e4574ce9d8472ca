/**
 * Appends `items` to `target`, one by one. `target.push(...items)` passes each item as an
 * argument, and past some 120,000 of them the call overflows the stack ("Maximum call stack size
 * exceeded"): a large plan's report has more lines than that, and a value more list items.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
