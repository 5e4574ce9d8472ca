/**
 * Whether a set of CIDR ranges admits the internet: the public addresses their union covers, per
 * family, past the breadth in catalog/public-address-space.ts. `0.0.0.0/1` + `128.0.0.0/1` is the
 * internet as surely as `0.0.0.0/0` is, and so are every unicast address without the multicast
 * ones, the whole internet less one address, and half of it. Private and reserved ranges count for
 * nothing (`10.0.0.0/8` stays quiet). Entries that are not CIDRs (tags, references, hostnames) are
 * ignored.
 */
import { INTERNET_BREADTH, NON_PUBLIC_RANGES, PUBLIC_SPACE } from '../catalog/public-address-space.js';
import { appendAll } from '../append.js';

type Interval = readonly [bigint, bigint];

const V4_BITS = 32n;
const V6_BITS = 128n;

interface Family {
  parse(text: string): Interval | null;
  /** The public space of the family as sorted, disjoint intervals. */
  publicSpace: Interval[];
  breadth: bigint;
}

export interface InternetReach {
  /** The CIDRs among the values that admit public addresses of a family covered past the breadth. */
  ranges: string[];
  /** They cover every public address of that family (a /0 in effect). */
  whole: boolean;
}

/** How far the CIDRs among `values` reach into the internet; null when no family passes the breadth. */
export function internetReach(values: readonly string[]): InternetReach | null {
  const ranges: string[] = [];
  let whole = false;
  for (const family of FAMILIES) {
    const intervals = values.flatMap((value) => {
      const interval = family.parse(value);
      return interval === null ? [] : [{ value, interval }];
    });
    // Overlaps and non-public space only take away: ranges whose sizes add up to no more than the
    // breadth cannot pass it (most rules: a /16 of a VPC), and are not intersected.
    if (size(intervals.map((entry) => entry.interval)) <= family.breadth) continue;
    const parsed = intervals.map(({ value, interval }) => ({ value, publicPart: intersect([interval], family.publicSpace) }));
    const covered = size(intersect(merge(parsed.map((entry) => entry.publicPart).flat()), family.publicSpace));
    if (covered <= family.breadth) continue;
    appendAll(ranges, parsed.filter((entry) => entry.publicPart.length > 0).map((entry) => entry.value));
    if (covered === size(family.publicSpace)) whole = true;
  }
  return ranges.length === 0 ? null : { ranges, whole };
}

/** The public addresses each family's CIDRs among `values` admit, overlaps counted twice: an upper bound, cheap to add up. */
export function publicAddresses(values: readonly string[]): { v4: bigint; v6: bigint } {
  const [v4, v6] = FAMILIES.map((family) =>
    values.reduce((sum, value) => {
      const interval = family.parse(value);
      return interval === null ? sum : sum + size(intersect([interval], family.publicSpace));
    }, 0n),
  ) as [bigint, bigint];
  return { v4, v6 };
}

/** Whether so many public addresses could pass the breadth of the internet. */
export function passesBreadth(addresses: { v4: bigint; v6: bigint }): boolean {
  return addresses.v4 > FAMILIES[0]!.breadth || addresses.v6 > FAMILIES[1]!.breadth;
}

function merge(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1] + 1n) {
      if (end > last[1]) last[1] = end;
    } else merged.push([start, end]);
  }
  return merged;
}

/** The intersection of two sorted, disjoint interval lists. */
function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aStart, aEnd] = a[i]!;
    const [bStart, bEnd] = b[j]!;
    const start = aStart > bStart ? aStart : bStart;
    const end = aEnd < bEnd ? aEnd : bEnd;
    if (start <= end) result.push([start, end]);
    if (aEnd < bEnd) i += 1;
    else j += 1;
  }
  return result;
}

/** A sorted, disjoint interval list less another. */
function subtract(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  let result: Interval[] = [...from];
  for (const [removeStart, removeEnd] of remove) {
    result = result.flatMap(([start, end]): Interval[] => {
      if (removeEnd < start || removeStart > end) return [[start, end]];
      return [...(removeStart > start ? [[start, removeStart - 1n] as const] : []), ...(removeEnd < end ? [[removeEnd + 1n, end] as const] : [])];
    });
  }
  return result;
}

function size(intervals: readonly Interval[]): bigint {
  return intervals.reduce((sum, [start, end]) => sum + (end - start + 1n), 0n);
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
  // Exact as a number (under 2^32); one BigInt instead of one per octet.
  const address = BigInt(octets.reduce((sum, octet) => sum * 256 + octet, 0));
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

function family(parse: (text: string) => Interval | null, breadth: bigint): Family {
  const rows = (table: readonly { cidr: string }[]) => merge(table.flatMap((row) => (parse(row.cidr) === null ? [] : [parse(row.cidr)!])));
  return { parse, publicSpace: subtract(rows(PUBLIC_SPACE), rows(NON_PUBLIC_RANGES)), breadth };
}

const FAMILIES: readonly Family[] = [family(parseV4, INTERNET_BREADTH.v4.addresses), family(parseV6, INTERNET_BREADTH.v6.addresses)];
