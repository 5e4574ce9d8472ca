/**
 * Whether a set of CIDR ranges covers a whole address family: `0.0.0.0/1` + `128.0.0.0/1` is the
 * whole IPv4 internet as surely as `0.0.0.0/0` is, and so is any set of ranges whose union leaves
 * no gap. Entries that are not CIDRs (tags, references, hostnames) are ignored.
 */
type Interval = readonly [bigint, bigint];

const V4_BITS = 32n;
const V6_BITS = 128n;

/** The CIDRs among `values` whose union covers all of IPv4 or all of IPv6; empty when neither is covered. */
export function internetCoveringRanges(values: readonly string[]): string[] {
  const v4 = values.filter((value) => parseV4(value) !== null);
  const v6 = values.filter((value) => parseV6(value) !== null);
  const covering: string[] = [];
  if (covers(v4.map((value) => parseV4(value)!), V4_BITS)) covering.push(...v4);
  if (covers(v6.map((value) => parseV6(value)!), V6_BITS)) covering.push(...v6);
  return covering;
}

function covers(intervals: Interval[], bits: bigint): boolean {
  if (intervals.length === 0) return false;
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let next = 0n;
  for (const [start, end] of sorted) {
    if (start > next) return false;
    if (end + 1n > next) next = end + 1n;
  }
  return next >= 1n << bits;
}

function toInterval(address: bigint, prefix: number, bits: bigint): Interval | null {
  if (!Number.isInteger(prefix) || prefix < 0 || BigInt(prefix) > bits) return null;
  const hostBits = bits - BigInt(prefix);
  const start = (address >> hostBits) << hostBits;
  return [start, start + (1n << hostBits) - 1n];
}

function parseV4(text: string): Interval | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!match) return null;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return null;
  const address = octets.reduce((sum, octet) => (sum << 8n) + BigInt(octet), 0n);
  return toInterval(address, Number(match[5]), V4_BITS);
}

function parseV6(text: string): Interval | null {
  const match = /^([0-9a-f:]+)\/(\d{1,3})$/i.exec(text.trim());
  if (!match || !match[1]!.includes(':')) return null;
  const halves = match[1]!.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
  const address = all.reduce((sum, group) => (sum << 16n) + BigInt(Number.parseInt(group, 16)), 0n);
  return toInterval(address, Number(match[2]), V6_BITS);
}
