/**
 * network-open-ingress: an ingress rule that lets the whole internet (a /0 CIDR, or Azure's `*`,
 * `Internet`, `Any`) reach a port. network-unverifiable: an ingress rule whose sources are known
 * only after apply, so it could not be checked for the whole internet. Where each provider writes
 * rules is data (catalog/ingress-shapes.ts); which ports matter is data (catalog/ports.ts).
 */
import { configurationSets, type AttributePath, type ResourceChange } from '../plan/model.js';
import { SENSITIVE_PLACEHOLDER, formatPath, formatPlainValue, isMarkedAt, valueAt } from '../plan/values.js';
import { INGRESS_SHAPES, PROTOCOLS, WORLD_SOURCE_TAGS, type IngressShapeRow, type ProtocolReach } from '../catalog/ingress-shapes.js';
import { MAX_PORT, MIN_PORT, SENSITIVE_PORTS } from '../catalog/ports.js';
import { FIREWALL_RANGES, NETWORK_LISTS } from '../catalog/database-firewalls.js';
import { addedByPlan, type Side } from './added-by-plan.js';
import { internetReach } from './cidr-coverage.js';
import { canonicalEvidence, evidenceSet, toEvidence, type Evidence } from './evidence.js';
import { grantSubjectEvidence, unknownSubjectSentence } from './grant-subject.js';
import { resourceFinding, severityRank, type Rule, type Severity } from './types.js';
import type { Plan, SecretValues } from '../plan/model.js';

type PortRange = readonly [number, number];

/**
 * The ports a rule opens: every port, some ranges (`partlyUnknown` when other entries of the
 * same rule are known only after apply or unreadable), or ranges known only after apply.
 */
type OpenPorts = { kind: 'all' } | { kind: 'ranges'; ranges: PortRange[]; partlyUnknown: boolean } | { kind: 'unknown' };

interface Exposure {
  /** `open`: reachable from the whole internet; `unverifiable`: from sources known only after apply. */
  kind: 'open' | 'unverifiable';
  key: string;
  /** What is open to whom (sources, ports, protocols), for the fingerprint; never shown. */
  evidence: Evidence;
  severity: Severity;
  /** e.g. `ingress[1]`, or null when the resource is the rule. */
  where: string | null;
  /** Whom the sources admit, in words: the whole internet, or a large part of it. */
  audience: string;
  portsText: string;
  sourcesText: string;
  sourceAttributes: string[];
}

/** How many sensitive services a message names before saying "and N more". */
const LISTED_SERVICES = 4;

const SHAPES = new Map(INGRESS_SHAPES.map((row) => [row.type, row]));
const PROTOCOL_REACH = new Map(PROTOCOLS.map((row) => [row.value.toLowerCase(), row.reach]));
const WORLD_TAGS = new Set(WORLD_SOURCE_TAGS.map((row) => row.value.toLowerCase()));

/** Every exposure the plan adds, computed once per plan and shared by the two rules. */
const cache = new WeakMap<Plan, { change: ResourceChange; items: Exposure[] }[]>();

function planExposures(plan: Plan): { change: ResourceChange; items: Exposure[] }[] {
  let result = cache.get(plan);
  if (!result) {
    // What the rule opens (the security group of a rule resource, a firewall's targets) is part of
    // each exposure's key: the same ports opened on another group are a new exposure.
    result = addedByPlan(plan, (change, side) => {
      const target = grantSubjectEvidence(change, side, plan);
      const on = target === null ? '' : `\u0000${canonicalEvidence(target)}`;
      return [...exposures(change, side, plan.secrets), ...databaseExposures(change, side, plan.secrets)].map((exposure) => ({ ...exposure, key: `${exposure.kind}\u0000${exposure.key}${on}` }));
    });
    cache.set(plan, result);
  }
  return result;
}

function exposuresOfKind(plan: Plan, kind: Exposure['kind']): { change: ResourceChange; items: Exposure[] }[] {
  return planExposures(plan).flatMap(({ change, items }) => {
    const ofKind = items.filter((item) => item.kind === kind);
    return ofKind.length > 0 ? [{ change, items: ofKind }] : [];
  });
}

export const networkOpenIngress: Rule = {
  id: 'network-open-ingress',
  defaultSeverity: 'high',
  summary: 'Ingress from the whole internet (0.0.0.0/0, ::/0, Azure * / Internet): high for SSH, RDP, database/cache ports or all ports; low for 80/443 only; medium otherwise.',
  evaluate(plan) {
    return exposuresOfKind(plan, 'open').map(({ change, items }) => {
      const target = grantSubjectEvidence(change, 'after', plan);
      const sorted = [...items].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
      const worst = sorted[0]!;
      const where = worst.where ? ` (${worst.where})` : '';
      const more = sorted.length > 1 ? ` ${sorted.length - 1} more open rule${sorted.length > 2 ? 's' : ''} in the details.` : '';
      return resourceFinding(this, change, {
        severity: worst.severity,
        message: `${change.address}${where} opens ${worst.portsText} to ${worst.audience} (${worst.sourcesText}).${unknownSubjectSentence(change)}${more}`,
        details: sorted.length > 1 ? sorted.map((item) => `${item.where ?? 'rule'}: ${item.portsText} from ${item.sourcesText}`) : [],
        remediation: remediation(worst),
        evidence: { open: evidenceSet(sorted.map((item) => item.evidence)), ...(target === null ? {} : { target }) },
      });
    });
  },
};

/**
 * Not blocking by default: sources known only after apply are mostly honest references (a VPC's
 * CIDR, a load balancer's subnets); a team that wants them to block raises the severity.
 */
export const networkUnverifiable: Rule = {
  id: 'network-unverifiable',
  defaultSeverity: 'info',
  summary: 'An ingress rule whose sources (or the rules themselves) are known only after apply, so it could not be checked for the whole internet.',
  evaluate(plan) {
    const target = (change: ResourceChange) => grantSubjectEvidence(change, 'after', plan);
    return exposuresOfKind(plan, 'unverifiable').map(({ change, items }) => {
      const first = items[0]!;
      const where = first.where ? ` (${first.where})` : '';
      const more = items.length > 1 ? ` ${items.length - 1} more such rule${items.length > 2 ? 's' : ''} in the details.` : '';
      const subject = target(change);
      return resourceFinding(this, change, {
        message: `${change.address}${where} opens ${first.portsText} to ${first.sourcesText}, so it could not be checked for the whole internet: it could open them to anyone.${unknownSubjectSentence(change)}${more}`,
        details: items.length > 1 ? items.map((item) => `${item.where ?? 'rule'}: ${item.portsText} from ${item.sourcesText}`) : [],
        remediation: `Check what ${first.sourceAttributes.map((name) => `\`${name}\``).join(' / ')} comes from before approving, or write the ranges as literals.`,
        evidence: { unverifiable: evidenceSet(items.map((item) => item.evidence)), ...(subject === null ? {} : { target: subject }) },
      });
    });
  },
};

function remediation(exposure: Exposure): string {
  const attributes = exposure.sourceAttributes.map((name) => `\`${name}\``).join(' / ');
  if (exposure.severity === 'low') {
    return `If this is a public web endpoint this is expected; otherwise narrow ${attributes} to the ranges that need it.`;
  }
  return `Replace the world-open source in ${attributes} with the specific ranges that need access (office, VPN, load balancer), or reach the service through a bastion or private endpoint.`;
}

function exposures(change: ResourceChange, side: Side, secrets: SecretValues): Exposure[] {
  const shape = SHAPES.get(change.type);
  if (!shape) return [];
  const values = side === 'before' ? change.before : change.after;
  const sensitiveMask = side === 'before' ? change.beforeSensitive : change.afterSensitive;
  const reader: Reader = {
    value: (path) => valueAt(values, path),
    // An unknown value is absent from `after`, or null where it is a list element.
    unknown: (path) => side === 'after' && valueAt(values, path) == null && isMarkedAt(change.afterUnknown, path),
    quote: (paths, value) => (paths.some((path) => isMarkedAt(sensitiveMask, path)) ? SENSITIVE_PLACEHOLDER : formatPlainValue(value, secrets)),
  };
  const rules: AttributePath[] = [];
  if (shape.rulesAt === null) rules.push([]);
  else if (reader.unknown([shape.rulesAt])) {
    // The rule blocks are Optional + Computed: unknown on every new object whose configuration
    // leaves them out. Worth reporting when the configuration writes them, or on an update.
    return change.action === 'update' || configurationSets(change, shape.rulesAt) === true ? [unknownRules(shape.rulesAt)] : [];
  } else {
    const list = valueAt(values, [shape.rulesAt]);
    if (Array.isArray(list)) list.forEach((_, index) => rules.push([shape.rulesAt!, index]));
  }
  return rules.flatMap((rulePath) => {
    const exposure = ruleExposure(shape, reader, rulePath, (attribute) => configurationSets(change, attribute) === false);
    return exposure ? [exposure] : [];
  });
}

function unknownRules(attribute: string): Exposure {
  return {
    kind: 'unverifiable',
    key: `rules:${attribute}`,
    evidence: { rules: attribute },
    severity: 'info',
    where: attribute,
    audience: 'sources known only after apply',
    portsText: 'ports known only after apply',
    sourcesText: 'sources known only after apply (the rule blocks themselves are)',
    sourceAttributes: [attribute],
  };
}

const FIREWALLS = new Map(FIREWALL_RANGES.map((row) => [row.type, row]));
const NETWORK_LIST_TYPES = new Map(NETWORK_LISTS.map((row) => [row.type, row]));
const LAST_IPV4 = 2 ** 32 - 1;

/**
 * Database firewalls open to the whole internet: a rule whose range runs from 0.0.0.0 to
 * 255.255.255.255, or a network list holding 0.0.0.0/0 (or ranges covering it). Always high: what
 * they open is a database.
 */
function databaseExposures(change: ResourceChange, side: Side, secrets: SecretValues): Exposure[] {
  const values = side === 'before' ? change.before : change.after;
  const mask = side === 'before' ? change.beforeSensitive : change.afterSensitive;
  const firewall = FIREWALLS.get(change.type);
  if (firewall) {
    if (isMarkedAt(mask, [firewall.start]) || isMarkedAt(mask, [firewall.end])) return [];
    const start = ipv4Number(valueAt(values, [firewall.start]));
    const end = ipv4Number(valueAt(values, [firewall.end]));
    if (start !== 0 || end !== LAST_IPV4) return [];
    const range = `${formatPlainValue(valueAt(values, [firewall.start]), secrets)}–${formatPlainValue(valueAt(values, [firewall.end]), secrets)}`;
    const evidence = { sources: [String(valueAt(values, [firewall.start])), String(valueAt(values, [firewall.end]))], ports: firewall.opens };
    return [{ kind: 'open', key: 'whole-ipv4-range', evidence, severity: 'high', where: null, audience: WHOLE_INTERNET, portsText: firewall.opens, sourcesText: range, sourceAttributes: [firewall.start, firewall.end] }];
  }
  const listRow = NETWORK_LIST_TYPES.get(change.type);
  if (!listRow) return [];
  const list = valueAt(values, listRow.list);
  if (!Array.isArray(list)) return [];
  const entries = list.flatMap((_, index) => {
    const path = [...listRow.list, index, listRow.cidr];
    const value = valueAt(values, path);
    return typeof value === 'string' && !isMarkedAt(mask, path) ? [value] : [];
  });
  const world = worldSources(entries);
  if (world === null) return [];
  const covering = new Set(world.sources);
  const sourcesText = [...covering].map((value) => formatPlainValue(value, secrets)).join(', ');
  const evidence = { sources: evidenceSet([...covering].map((value) => value.toLowerCase())), ports: listRow.opens };
  return [{ kind: 'open', key: [...covering].sort().join(','), evidence, severity: 'high', where: formatPath(listRow.list), audience: world.audience, portsText: listRow.opens, sourcesText, sourceAttributes: [`${formatPath(listRow.list)}[*].${listRow.cidr}`] }];
}

/** A dotted IPv4 address as a number; null for anything else. */
function ipv4Number(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value.trim());
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.some((octet) => octet > 255) ? null : octets.reduce((sum, octet) => sum * 256 + octet, 0);
}

/** Reads one side of a change: values, what is known only after apply, and safe quoting. */
interface Reader {
  value(path: AttributePath): unknown;
  unknown(path: AttributePath): boolean;
  /** Quotes a value read from any of `paths`: the placeholder when one of them is sensitive. */
  quote(paths: readonly AttributePath[], value: unknown): string;
}

/**
 * `unset(attribute)`: the plan's configuration shows the resource does not set this top-level
 * argument (so an unknown value of it is the provider's Computed default, not a hidden source).
 */
function ruleExposure(shape: IngressShapeRow, reader: Reader, rulePath: AttributePath, unset: (attribute: string) => boolean): Exposure | null {
  const read = (attribute: string): unknown => reader.value([...rulePath, attribute]);
  const readSetting = (attribute: string): unknown => (shape.settingsOnResource ? reader.value([attribute]) : read(attribute));
  if (shape.direction) {
    const direction = readSetting(shape.direction.attribute);
    const ingress = typeof direction === 'string' && direction !== ''
      ? shape.direction.ingressValues.some((value) => value.toLowerCase() === direction.toLowerCase())
      : shape.direction.omittedIsIngress;
    if (!ingress) return null;
  }
  if (shape.access) {
    const access = readSetting(shape.access.attribute);
    if (typeof access !== 'string' || !shape.access.allowValues.some((value) => value.toLowerCase() === access.toLowerCase())) return null;
  }
  if (shape.disabledAttribute && readSetting(shape.disabledAttribute) === true) return null;

  // Sources known only after apply are mostly references (a VPC's CIDR, a variable resolved
  // later), but could be anything: network-unverifiable, unless a known source is world-open.
  const sources: { path: AttributePath; value: string }[] = [];
  const unknownSources: string[] = [];
  for (const source of shape.sources) {
    const path = [...rulePath, source.attribute];
    if (reader.unknown(path)) {
      if (!(rulePath.length === 0 && unset(source.attribute))) unknownSources.push(formatPath(path));
      continue;
    }
    const value = read(source.attribute);
    const items = source.list ? (Array.isArray(value) ? value : []) : [value];
    items.forEach((item, index) => {
      if (typeof item === 'string') sources.push({ path: source.list ? [...path, index] : path, value: item });
      else if (source.list && reader.unknown([...path, index])) unknownSources.push(formatPath([...path, index]));
    });
  }
  const reach = worldSources(sources.map((source) => source.value));
  const world = reach === null ? [] : sources.filter((source) => reach.sources.includes(source.value));
  if (world.length === 0 && unknownSources.length === 0) return null;

  const ports = openPorts(shape, read, (relative) => reader.unknown([...rulePath, ...relative]));
  if (ports === null) return null;
  const portPaths = portAttributes(shape).map((attribute) => [...rulePath, attribute]);
  const classified = classify(ports, (port) => reader.quote(portPaths, port));
  const portsEvidence: Evidence = ports.kind === 'ranges' ? { ranges: evidenceSet(ports.ranges.map(([from, to]) => [from, to])), partlyUnknown: ports.partlyUnknown } : ports.kind;
  if (world.length === 0) {
    return {
      kind: 'unverifiable',
      key: `${unknownSources.join(',')}|${ports.kind === 'ranges' ? ports.ranges.map(([a, b]) => `${a}-${b}`).sort().join(',') : ports.kind}`,
      evidence: { unknownSources: evidenceSet(unknownSources), ports: portsEvidence, protocols: protocolsOf(shape, read) },
      severity: 'info',
      where: rulePath.length > 0 ? formatPath(rulePath) : null,
      audience: 'sources known only after apply',
      portsText: classified.text,
      sourcesText: `sources known only after apply (${unknownSources.map((path) => `\`${path}\``).join(', ')})`,
      sourceAttributes: shape.sources.map((source) => source.attribute),
    };
  }
  const sourcesText = [...new Set(world.map(({ path, value }) => reader.quote([path], value)))].join(', ');
  const key = `${world.map((w) => w.value.toLowerCase()).sort().join(',')}|${ports.kind === 'ranges' ? ports.ranges.map(([a, b]) => `${a}-${b}`).sort().join(',') : ports.kind}`;
  return {
    kind: 'open',
    key,
    evidence: {
      sources: evidenceSet(world.map((source) => source.value.trim().toLowerCase())),
      ports: portsEvidence,
      protocols: protocolsOf(shape, read),
    },
    severity: classified.severity,
    where: rulePath.length > 0 ? formatPath(rulePath) : null,
    audience: reach?.audience ?? WHOLE_INTERNET,
    portsText: classified.text,
    sourcesText,
    sourceAttributes: shape.sources.map((source) => source.attribute),
  };
}

/** The protocols a rule names, as written (lower-cased); omitted ones as null. */
function protocolsOf(shape: IngressShapeRow, read: (attribute: string) => unknown): Evidence[] {
  const ports = shape.ports;
  const normalize = (value: unknown): Evidence => (typeof value === 'string' ? value.trim().toLowerCase() : toEvidence(value));
  if (ports.kind !== 'allow-blocks') return [normalize(read(ports.protocol))];
  const blocks = read(ports.block);
  if (!Array.isArray(blocks)) return [];
  return evidenceSet(blocks.map((block) => (block !== null && typeof block === 'object' ? normalize((block as Record<string, unknown>)[ports.protocol]) : null)));
}

const WHOLE_INTERNET = 'the whole internet';

/**
 * The sources that admit the internet, and whom they admit in words: a /0 or an Azure tag meaning
 * anyone; else ranges whose union covers the whole public internet, or more of it than the
 * breadth in catalog/public-address-space.ts. Null when they admit neither.
 */
function worldSources(values: readonly string[]): { sources: string[]; audience: string } | null {
  const anyone = values.filter(isWorldSource);
  if (anyone.length > 0) return { sources: anyone, audience: WHOLE_INTERNET };
  const reach = internetReach(values);
  if (reach === null) return null;
  return { sources: reach.ranges, audience: reach.whole ? WHOLE_INTERNET : 'a large part of the internet' };
}

/** A /0 CIDR in any spelling (`0.0.0.0/0`, `::/0`, `0000:…:0000/0`), or an Azure tag meaning anyone. */
export function isWorldSource(value: string): boolean {
  const trimmed = value.trim();
  if (WORLD_TAGS.has(trimmed.toLowerCase())) return true;
  return /^[0-9a-f.:]+\/0+$/i.test(trimmed);
}

function protocolReach(protocol: unknown): ProtocolReach {
  if (typeof protocol === 'number') return PROTOCOL_REACH.get(String(protocol)) ?? 'ports';
  if (typeof protocol !== 'string' || protocol === '') return 'ports';
  return PROTOCOL_REACH.get(protocol.toLowerCase()) ?? 'ports';
}

function portAttributes(shape: IngressShapeRow): string[] {
  const ports = shape.ports;
  switch (ports.kind) {
    case 'from-to':
      return [ports.from, ports.to];
    case 'port-ranges':
      return [ports.single, ports.list];
    case 'allow-blocks':
      return [ports.block];
  }
}

/** The ports a rule opens; null when its protocol has no ports (ICMP, ESP, AH). */
function openPorts(shape: IngressShapeRow, read: (attribute: string) => unknown, unknown: (relative: AttributePath) => boolean): OpenPorts | null {
  const ports = shape.ports;
  switch (ports.kind) {
    case 'from-to': {
      const reach = protocolReach(read(ports.protocol));
      if (reach === 'no-ports') return null;
      if (reach === 'all-ports') return { kind: 'all' };
      if (unknown([ports.from]) || unknown([ports.to])) return { kind: 'unknown' };
      // aws_vpc_security_group_ingress_rule may omit both; the whole range is then open.
      if (read(ports.from) == null && read(ports.to) == null) return { kind: 'all' };
      const from = toPort(read(ports.from));
      const to = toPort(read(ports.to));
      if (from === null || to === null) return { kind: 'unknown' };
      return { kind: 'ranges', ranges: [[Math.min(from, to), Math.max(from, to)]], partlyUnknown: false };
    }
    case 'port-ranges': {
      const reach = protocolReach(read(ports.protocol));
      if (reach === 'no-ports') return null;
      if (unknown([ports.single]) || unknown([ports.list])) return { kind: 'unknown' };
      const list = Array.isArray(read(ports.list)) ? (read(ports.list) as unknown[]) : [];
      const texts: unknown[] = [read(ports.single), ...list];
      // One entry of the list known only after apply leaves the others readable.
      const unknownEntries = list.some((_, index) => unknown([ports.list, index]));
      return withUnknown(rangesFromTexts(texts.filter((text) => text !== undefined && text !== null && text !== '')), unknownEntries);
    }
    case 'allow-blocks': {
      if (unknown([ports.block])) return { kind: 'unknown' };
      const blocks = read(ports.block);
      if (!Array.isArray(blocks)) return null;
      const collected: PortRange[] = [];
      let someUnknown = false;
      for (const [index, block] of blocks.entries()) {
        if (block === null || typeof block !== 'object') continue;
        const record = block as Record<string, unknown>;
        const reach = protocolReach(record[ports.protocol]);
        if (reach === 'no-ports') continue;
        if (unknown([ports.block, index, ports.ports])) {
          someUnknown = true;
          continue;
        }
        const list = record[ports.ports];
        // Omitted or empty `ports` means every port of the protocol.
        if (reach === 'all-ports' || !Array.isArray(list) || list.length === 0) return { kind: 'all' };
        const parsed = rangesFromTexts(list);
        if (parsed.kind === 'all') return parsed;
        if (parsed.kind === 'unknown') someUnknown = true;
        else {
          collected.push(...parsed.ranges);
          someUnknown ||= parsed.partlyUnknown;
        }
      }
      if (collected.length > 0) return { kind: 'ranges', ranges: collected, partlyUnknown: someUnknown };
      return someUnknown ? { kind: 'unknown' } : null;
    }
  }
}

/**
 * `"*"`, `"22"`, `"1000-2000"` (Azure and Google port strings). An entry that cannot be read
 * leaves the others standing: `["22", "1-"]` still opens SSH.
 */
function rangesFromTexts(texts: readonly unknown[]): OpenPorts {
  const ranges: PortRange[] = [];
  let unreadable = texts.length === 0;
  for (const text of texts) {
    const value = typeof text === 'number' ? String(text) : text;
    const trimmed = typeof value === 'string' ? value.trim() : '';
    if (trimmed === '*' || trimmed.toLowerCase() === 'any') return { kind: 'all' };
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(trimmed);
    if (!match) {
      unreadable = true;
      continue;
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    ranges.push([Math.min(from, to), Math.max(from, to)]);
  }
  return ranges.length > 0 ? { kind: 'ranges', ranges, partlyUnknown: unreadable } : { kind: 'unknown' };
}

function withUnknown(ports: OpenPorts, unknownEntries: boolean): OpenPorts {
  if (!unknownEntries) return ports;
  return ports.kind === 'ranges' ? { ...ports, partlyUnknown: true } : ports;
}

function toPort(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

const UNKNOWN_PORTS: { severity: Severity; text: string } = { severity: 'medium', text: 'ports known only after apply' };

function classify(ports: OpenPorts, quote: (port: number) => string): { severity: Severity; text: string } {
  if (ports.kind === 'all') return { severity: 'high', text: 'all ports' };
  if (ports.kind === 'unknown') return UNKNOWN_PORTS;
  const known = classifyRanges(ports.ranges, quote);
  if (!ports.partlyUnknown) return known;
  // The unknown entries could be anything: never below what an unknown port list gets.
  const severity = severityRank(known.severity) > severityRank(UNKNOWN_PORTS.severity) ? known.severity : UNKNOWN_PORTS.severity;
  return { severity, text: `${known.text}, and ports known only after apply or unreadable` };
}

function classifyRanges(ranges: readonly PortRange[], quote: (port: number) => string): { severity: Severity; text: string } {
  if (ranges.some(([from, to]) => from <= MIN_PORT + 1 && to >= MAX_PORT)) return { severity: 'high', text: 'all ports' };
  const rangeText = ranges.map(([from, to]) => (from === to ? quote(from) : `${quote(from)}-${quote(to)}`)).join(', ');
  const covered = (row: { from: number; to: number }) => ranges.some(([from, to]) => from <= row.to && to >= row.from);
  const high = SENSITIVE_PORTS.filter((row) => row.exposure === 'high' && covered(row));
  const plural = ranges.length > 1 || ranges.some(([from, to]) => from !== to) ? 'ports' : 'port';
  if (high.length > 0) {
    const services = high.slice(0, LISTED_SERVICES).map((row) => row.service).join(', ');
    const more = high.length > LISTED_SERVICES ? ` and ${high.length - LISTED_SERVICES} more` : '';
    return { severity: 'high', text: `${plural} ${rangeText} (${services}${more})` };
  }
  const web = SENSITIVE_PORTS.filter((row) => row.exposure === 'web');
  const onlyWeb = ranges.every(([from, to]) => {
    for (let port = from; port <= to; port++) if (!web.some((row) => port >= row.from && port <= row.to)) return false;
    return true;
  });
  if (onlyWeb) return { severity: 'low', text: `${plural} ${rangeText} (${web.filter(covered).map((row) => row.service).join(', ')})` };
  return { severity: 'medium', text: `${plural} ${rangeText}` };
}
