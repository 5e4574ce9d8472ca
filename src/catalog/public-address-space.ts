/**
 * Where the public internet is, and how much of it a source must admit to count as "the internet".
 * A rule or condition is judged by the public addresses its ranges cover, not by whether they
 * spell `/0`: `0.0.0.0/1` + `128.0.0.0/2` + `192.0.0.0/3` is every unicast address, and leaving
 * out one address does not make a range private.
 */

export interface AddressSpaceRow {
  cidr: string;
  what: string;
  source: string;
}

/** The space public addresses are drawn from, per family. */
export const PUBLIC_SPACE: readonly AddressSpaceRow[] = [
  { cidr: '0.0.0.0/0', what: 'IPv4, less the special-purpose ranges below', source: 'IANA IPv4 Special-Purpose Address Registry (RFC 6890)' },
  { cidr: '2000::/3', what: 'IPv6 global unicast: every routable IPv6 address today', source: 'RFC 4291 §2.4; IANA IPv6 Address Space registry' },
];

/** Ranges inside PUBLIC_SPACE that the internet cannot reach a host by (private, loopback, documentation...). */
export const NON_PUBLIC_RANGES: readonly AddressSpaceRow[] = [
  { cidr: '0.0.0.0/8', what: '"this network"', source: 'RFC 791, RFC 1122 §3.2.1.3' },
  { cidr: '10.0.0.0/8', what: 'private', source: 'RFC 1918' },
  { cidr: '100.64.0.0/10', what: 'carrier-grade NAT', source: 'RFC 6598' },
  { cidr: '127.0.0.0/8', what: 'loopback', source: 'RFC 1122 §3.2.1.3' },
  { cidr: '169.254.0.0/16', what: 'link-local', source: 'RFC 3927' },
  { cidr: '172.16.0.0/12', what: 'private', source: 'RFC 1918' },
  { cidr: '192.0.0.0/24', what: 'IETF protocol assignments', source: 'RFC 6890' },
  { cidr: '192.0.2.0/24', what: 'documentation (TEST-NET-1)', source: 'RFC 5737' },
  { cidr: '192.168.0.0/16', what: 'private', source: 'RFC 1918' },
  { cidr: '198.18.0.0/15', what: 'benchmarking', source: 'RFC 2544' },
  { cidr: '198.51.100.0/24', what: 'documentation (TEST-NET-2)', source: 'RFC 5737' },
  { cidr: '203.0.113.0/24', what: 'documentation (TEST-NET-3)', source: 'RFC 5737' },
  { cidr: '224.0.0.0/4', what: 'multicast', source: 'RFC 5771' },
  { cidr: '240.0.0.0/4', what: 'reserved, and the broadcast address', source: 'RFC 1112 §4, RFC 919' },
  { cidr: '2001:db8::/32', what: 'IPv6 documentation', source: 'RFC 3849' },
];

/**
 * How many public addresses a set of ranges must cover to count as open to the internet: more
 * than a /8 and a /16 of IPv4 (16.8 million addresses), or a /16 of IPv6 or more. An
 * organisation's own network, a cloud region or a VPN pool is far smaller; only a handful of
 * registrants hold a whole IPv4 /8, and their /8 stays quiet, with room beside it for the same
 * organisation's offices and cloud ranges (a /16's worth: the /8 plus one office /24 is not the
 * internet). No registrant holds an IPv6 /16, and `2002::/16` (6to4) carries the whole IPv4
 * internet. Anything past these is, for a reviewer, "the internet".
 */
export const INTERNET_BREADTH = {
  v4: { addresses: 2n ** 24n + 2n ** 16n, words: 'more than a /8 and a /16 of public IPv4 addresses' },
  v6: { addresses: 2n ** 112n - 1n, words: 'a /16 of public IPv6 addresses or more' },
} as const;
