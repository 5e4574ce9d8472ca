/** How every surface writes a count: with thousands separators, as people write it ("1,501"). */
export function formatCount(value: number): string {
  // Integers by hand, as en-US writes them: the first toLocaleString call loads ICU's locale data (~15 ms).
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value).replace(THOUSANDS, ',');
  return value.toLocaleString('en-US');
}

/** Each place where three digits (or a multiple) follow to the end: where en-US puts a separator. */
const THOUSANDS = /\B(?=(?:\d{3})+$)/g;
