/** How every surface writes a count: with thousands separators, as people write it ("1,501"). */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
