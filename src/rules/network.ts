/**
 * network-open-ingress: an ingress rule that lets the whole internet (a /0 CIDR, or Azure's `*`,
 * `Internet`, `Any`) reach a port. network-unverifiable: an ingress rule whose sources are known
 * only after apply, so it could not be checked for the whole internet. Where each provider writes
 * rules is data (catalog/ingress-shapes.ts); which ports matter is data (catalog/ports.ts).
 */
import { appendAll } from '../append.js';
import { configurationSets, type AttributePath, type ResourceChange } from '../plan/model.js';
import { SENSITIVE_PLACEHOLDER, formatPath, formatPlainValue, isMarkedAt, valueAt } from '../plan/values.js';
import { INGRESS_SHAPES, PROTOCOLS, WORLD_SOURCE_TAGS, type IngressShapeRow, type ProtocolReach } from '../catalog/ingress-shapes.js';
import { MAX_PORT, MIN_PORT, SENSITIVE_PORTS } from '../catalog/ports.js';
import { FIREWALL_RANGES, NETWORK_LISTS } from '../catalog/database-firewalls.js';
import { addedByPlan, addsOrChanges, type Side } from './added-by-plan.js';
import { internetReach, passesBreadth, publicAddresses } from './cidr-coverage.js';
import { canonicalEvidence, evidenceSet, hiddenValue, toEvidence, type Evidence } from './evidence.js';
import { grantSubjectEvidence, unknownSubjectSentence } from './grant-subject.js';
import { resourceFinding, severityRank, type Rule, type Severity } from './types.js';
import type { Plan, SecretValues } from '../plan/model.js';
import { configAddress } from '../plan/configuration.js';

type PortRange = readonly [number, number];

/**
 * The ports a rule opens: every port, some ranges (`partlyUnknown` when other entries of the
 * same rule are known only after apply or unreadable), or ranges known only after apply.
 */
type OpenPorts =
  | { kind: 'all' }
  | { kind: 'ranges'; ranges: PortRange[]; partlyUnknown: boolean; alsoWhole?: WholeProtocol }
  | { kind: 'unknown' }
  /** A protocol the provider does not filter by port (GRE `47` on AWS): all of it is let in. `path`: where the rule names it. */
  | ({ kind: 'whole-protocol' } & WholeProtocol);

/** A protocol the provider does not filter by port (GRE `47` on AWS), and where the rule names it. */
interface WholeProtocol {
  protocol: string;
  path: AttributePath;
}

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
    const rulesOf = ingressReadings(plan.secrets);
    const perChange = addedByPlan(plan, (change, side) => {
      const found = [...exposures(change, side, rulesOf), ...databaseExposures(change, side, plan.secrets)];
      // Most changes expose nothing: their target is not looked for.
      if (found.length === 0) return [];
      const target = grantSubjectEvidence(change, side, plan);
      const on = target === null ? '' : `\u0000${canonicalEvidence(target)}`;
      return found.map((exposure) => ({ ...exposure, key: `${exposure.kind}\u0000${exposure.key}${on}` }));
    });
    result = withCombinedExposures(plan, perChange, rulesOf);
    cache.set(plan, result);
  }
  return result;
}

/**
 * The per-change exposures plus the combinations of rules the plan adds (those its before sides
 * did not already make). The rules the plan leaves as they are join both sides: a group's
 * existing 11.0.0.0/8 with the 12.0.0.0/8 a plan adds is a new combination.
 */
function withCombinedExposures(plan: Plan, perChange: { change: ResourceChange; items: Exposure[] }[], rulesOf: IngressReadings): { change: ResourceChange; items: Exposure[] }[] {
  const changed = membersOf(plan, 'after', plan.changes.filter(addsOrChanges), rulesOf);
  if (changed.length === 0) return perChange;
  // An unchanged object's values are its unchangedValues (catalog/unchanged-kept.ts keeps the
  // rules), the same on both sides. Only those on a group a changed rule is on can make a new combination.
  const touched = new Set(changed.flatMap((member) => member.targets));
  const unchanged = membersOf(
    plan,
    'after',
    plan.changes
      .filter((change) => change.mode === 'managed' && change.action === 'no-op' && SHAPES.has(change.type))
      .map((change): ResourceChange => ({ ...change, before: change.unchangedValues, after: change.unchangedValues })),
    rulesOf,
    (targets) => targets.some((target) => touched.has(target)),
  );
  const updatedBefore = membersOf(plan, 'before', plan.changes.filter((change) => change.action === 'update' && change.before !== null), rulesOf);
  const existing = new Set(combinationsOf([...updatedBefore, ...unchanged], plan.secrets).map(({ exposure }) => exposure.key));
  const added = combinationsOf([...changed, ...unchanged], plan.secrets).filter(({ exposure }) => !existing.has(exposure.key));
  if (added.length === 0) return perChange;
  const byChange = new Map(perChange.map((entry) => [entry.change, { change: entry.change, items: [...entry.items] }]));
  for (const { change, exposure } of added) {
    const entry = byChange.get(change) ?? { change, items: [] };
    entry.items.push(exposure);
    byChange.set(change, entry);
  }
  const order = new Map(plan.changes.map((change, index) => [change, index]));
  return [...byChange.values()].sort((a, b) => order.get(a.change)! - order.get(b.change)!);
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

/**
 * The ingress rules on one side of a change, with the reader that quotes them; `rulesUnknown`
 * names the attribute when the rule blocks themselves are known only after apply.
 */
function ingressRules(change: ResourceChange, side: Side, secrets: SecretValues): IngressReading | null {
  const shape = SHAPES.get(change.type);
  if (!shape) return null;
  const values = side === 'before' ? change.before : change.after;
  const sensitiveMask = side === 'before' ? change.beforeSensitive : change.afterSensitive;
  const reader: Reader = {
    value: (path) => valueAt(values, path),
    // An unknown value is absent from `after`, or null where it is a list element.
    unknown: (path) => side === 'after' && valueAt(values, path) == null && isMarkedAt(change.afterUnknown, path),
    marked: (paths) => paths.some((path) => isMarkedAt(sensitiveMask, path)),
    quote: (paths, value) => (paths.some((path) => isMarkedAt(sensitiveMask, path)) ? SENSITIVE_PLACEHOLDER : formatPlainValue(value, secrets)),
  };
  const rulePaths: AttributePath[] = [];
  if (shape.rulesAt === null) rulePaths.push([]);
  else if (reader.unknown([shape.rulesAt])) return { shape, reader, rules: [], rulesUnknown: shape.rulesAt };
  else {
    const list = valueAt(values, [shape.rulesAt]);
    if (Array.isArray(list)) list.forEach((_, index) => rulePaths.push([shape.rulesAt!, index]));
  }
  const rules = rulePaths.flatMap((rulePath) => readIngressRule(shape, reader, rulePath, (attribute) => configurationSets(change, attribute) === false) ?? []);
  return { shape, reader, rules, rulesUnknown: null };
}

interface IngressReading {
  shape: IngressShapeRow;
  reader: Reader;
  rules: IngressRule[];
  rulesUnknown: string | null;
}

/** ingressRules of a change's side; the exposures and the combinations of one plan read the same rules. */
type IngressReadings = (change: ResourceChange, side: Side) => IngressReading | null;

/** Each change's rules read once per side, for one plan's analysis. */
function ingressReadings(secrets: SecretValues): IngressReadings {
  const read = { before: new Map<ResourceChange, IngressReading | null>(), after: new Map<ResourceChange, IngressReading | null>() };
  return (change, side) => {
    let reading = read[side].get(change);
    if (reading === undefined) {
      reading = ingressRules(change, side, secrets);
      read[side].set(change, reading);
    }
    return reading;
  };
}

function exposures(change: ResourceChange, side: Side, rulesOf: IngressReadings): Exposure[] {
  const read = rulesOf(change, side);
  if (read === null) return [];
  if (read.rulesUnknown !== null) {
    // The rule blocks are Optional + Computed: unknown on every new object whose configuration
    // leaves them out. Worth reporting when the configuration writes them, or on an update.
    return change.action === 'update' || configurationSets(change, read.rulesUnknown) === true ? [unknownRules(read.rulesUnknown)] : [];
  }
  return read.rules.flatMap((rule) => ruleExposure(rule, read.reader) ?? []);
}

/** One rule of a change, as a candidate for combining with others on the same target. */
interface Member {
  change: ResourceChange;
  reader: Reader;
  rule: IngressRule;
  /**
   * What the rule opens, in every form it can be named: its security group, firewall or NSG as
   * the rule gives it, by id or name, or by the address its expression refers to; for inline
   * blocks the resource itself and its id or name. Rules sharing one are on one group.
   */
  targets: string[];
  /** Inline blocks: under a group's id or address they meet rule resources, never another resource's inline blocks. */
  inline: boolean;
  /** Its protocols by name (`6` is `tcp`), or `*` for a rule of every protocol. */
  protocol: string;
}

/** IANA protocol numbers a rule may write instead of the names (catalog/ingress-shapes.ts PROTOCOLS). */
const PROTOCOL_NAMES = new Map([['6', 'tcp'], ['17', 'udp'], ['132', 'sctp']]);

/**
 * The rules of `changes` on one side that may combine with others: known ports, sources not
 * world-open on their own; of the resources `onTargets` accepts, when given (read only then).
 */
function membersOf(plan: Plan, side: Side, changes: readonly ResourceChange[], rulesOf: IngressReadings, onTargets?: (targets: readonly string[]) => boolean): Member[] {
  const members: Member[] = [];
  for (const change of changes) {
    const shape = SHAPES.get(change.type);
    if (!shape) continue;
    const subject = shape.rulesAt === null ? grantSubjectEvidence(change, side, plan) : null;
    if (shape.rulesAt === null && subject === null) continue;
    const on = subject === null ? inlineTargets(change, side, shape) : ruleTargets(change, side, shape, subject);
    if (onTargets && !onTargets(on.targets)) continue;
    const read = rulesOf(change, side);
    if (read === null) continue;
    for (const rule of read.rules) {
      // A rule open on its own is reported on its own; ports known only after apply cannot be matched.
      if (rule.ports.kind === 'unknown' || rule.sources.length === 0 || rule.world !== null) continue;
      // Every protocol (`-1`, `all`, Azure `*`) meets the rules of each protocol on its group.
      const everyProtocol = rule.protocols.length > 0 && rule.protocols.every((protocol) => protocolReach(protocol, read.shape.ports.portFiltered) === 'all-ports' || protocolText(protocol) === '*');
      members.push({ change, reader: read.reader, rule, ...on, protocol: everyProtocol ? '*' : protocolKey(rule.protocols) });
    }
  }
  return members;
}

/** A rule's protocols by name (`6` is `tcp`), as one key. */
function protocolKey(protocols: readonly Evidence[]): string {
  return canonicalEvidence(evidenceSet(protocols.map((protocol) => (typeof protocol === 'string' ? (PROTOCOL_NAMES.get(protocol) ?? protocol) : protocol))));
}

/**
 * Rules that admit the internet only together: `0.0.0.0/1` on one rule and `128.0.0.0/1` on
 * another of the same security group (or on two blocks of one group) open SSH to everyone as surely
 * as one `/0`. Rules are combined when they open a common port, of the same protocol, on the same
 * target. Each combination is reported once, on the first of its rules, naming the others.
 */
function combinationsOf(members: readonly Member[], secrets: SecretValues): { change: ResourceChange; exposure: Exposure }[] {
  const found = new Map<string, { change: ResourceChange; exposure: Exposure }>();
  // How many public addresses each rule's sources admit (rules that cannot pass the breadth together are not combined), for the rules in groups.
  const counted = new Map<Member, { v4: bigint; v6: bigint }>();
  const addressesOf = (member: Member) => {
    let addresses = counted.get(member);
    if (addresses === undefined) {
      addresses = publicAddresses(member.rule.sources.map((source) => source.value));
      counted.set(member, addresses);
    }
    return addresses;
  };
  const sumAddresses = (group: readonly Member[]) => {
    const sum = { v4: 0n, v6: 0n };
    for (const member of group) {
      const addresses = addressesOf(member);
      sum.v4 += addresses.v4;
      sum.v6 += addresses.v6;
    }
    return sum;
  };
  for (const group of groupsOf(members)) {
    // The cheap bound first: a group whose rules together admit too few public addresses is done.
    if (!passesBreadth(sumAddresses(group))) continue;
    const probes = new Set(group.flatMap((member) => (member.rule.ports.kind === 'ranges' ? member.rule.ports.ranges.map(([from]) => from) : [MIN_PORT])));
    for (const port of probes) {
      const open = group.filter((member) => opensPort(member.rule.ports, port));
      if (open.length < 2 || !passesBreadth(sumAddresses(open))) continue;
      const reach = internetReach(open.flatMap((member) => member.rule.sources.map((source) => source.value)));
      if (reach === null) continue;
      const reached = new Set(reach.ranges);
      const contributing = open.filter((member) => member.rule.sources.some((source) => reached.has(source.value)));
      if (contributing.length < 2) continue;
      const combination = combine(contributing, port, reach, secrets);
      found.set(combination.exposure.key, combination);
    }
  }
  return [...found.values()];
}

/** How many rules, and ranges, a combination's message names before saying "and N more". */
const LISTED_COMBINED = 4;

function listed(items: readonly string[], max: number, rest: string): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} ${rest}`;
}

/**
 * Members grouped by target and protocol; a rule of every protocol joins each group of its target.
 * Under a group's id or address, rule resources meet the inline blocks of one resource at a time:
 * two resources answering to one name (an Azure NSG of one name in two subscriptions) are two groups.
 */
function groupsOf(members: readonly Member[]): Member[][] {
  const groups = new Map<string, Set<Member>>();
  const protocolsOn = new Map<string, Set<string>>();
  // A target only one rule is on makes groups of one, which combine nothing: most targets of a large plan are skipped.
  const rulesOn = new Map<string, number>();
  for (const member of members) for (const target of member.targets) rulesOn.set(target, (rulesOn.get(target) ?? 0) + 1);
  const sharedTargets = (member: Member) => member.targets.filter((target) => rulesOn.get(target)! > 1);
  const join = (target: string, protocol: string, member: Member) => {
    const key = `${target}\u0000${protocol}`;
    let group = groups.get(key);
    if (!group) {
      group = new Set();
      groups.set(key, group);
      protocolsOn.set(target, (protocolsOn.get(target) ?? new Set()).add(protocol));
    }
    group.add(member);
  };
  for (const member of members) if (member.protocol !== '*') for (const target of sharedTargets(member)) join(target, member.protocol, member);
  for (const member of members.filter((candidate) => candidate.protocol === '*')) {
    for (const target of sharedTargets(member)) {
      join(target, '*', member);
      for (const protocol of protocolsOn.get(target) ?? []) join(target, protocol, member);
    }
  }
  const result: Member[][] = [];
  for (const [key, group] of groups) {
    if (group.size < 2) continue;
    if (!isGroupKey(key)) {
      result.push([...group]);
      continue;
    }
    const rules = [...group].filter((member) => !member.inline);
    if (rules.length === 0) continue;
    const inlineBy = new Map<string, Member[]>();
    for (const member of group) if (member.inline) inlineBy.set(member.change.address, [...(inlineBy.get(member.change.address) ?? []), member]);
    if (inlineBy.size === 0 && rules.length > 1) result.push(rules);
    for (const blocks of inlineBy.values()) result.push([...rules, ...blocks]);
  }
  return result;
}

/**
 * The targets of a rule resource: its grant subject as given, or the group it names, by value or
 * by the instance its expression refers to. A reference pins the group: counted rules on
 * `aws_security_group.web[count.index].id` are on as many groups.
 */
function ruleTargets(change: ResourceChange, side: Side, shape: IngressShapeRow, subject: Evidence): Pick<Member, 'targets' | 'inline'> {
  const on = { targets: [`on\u0000${canonicalEvidence(subject)}`], inline: false };
  const group = shape.groupOf;
  if (!group) return on;
  const values = side === 'before' ? change.before : change.after;
  const named = valueAt(values, [group.attribute]);
  const scope = group.scope === null ? '' : valueAt(values, [group.scope]);
  // The id or name, when known, meets rules naming the group another way (a module's local, a literal).
  const byValue = typeof named === 'string' && typeof scope === 'string' ? [groupKey(group, scope, named)] : [];
  const referenced = referencedGroups(change.subjectSources?.get(group.attribute) ?? null, group, change);
  // Beside a reference, only a value naming one group anywhere (an AWS id): an Azure name is one per subscription.
  if (referenced !== null) return { targets: [...referenced.map((address) => groupReferenceKey(group.family, address)), ...(group.caseInsensitive ? [] : byValue)], inline: false };
  if (byValue.length > 0) return { targets: [...on.targets, ...byValue], inline: false };
  // Named by a local or a data source: combined with the rules naming it the same way only.
  return on;
}

/** The targets of a resource's inline blocks: the resource, and its id or name (what rule resources name it by). */
function inlineTargets(change: ResourceChange, side: Side, shape: IngressShapeRow): Pick<Member, 'targets' | 'inline'> {
  const targets = [`inline\u0000${change.address}`];
  const identity = shape.identity;
  if (!identity) return { targets, inline: true };
  const values = side === 'before' ? change.before : change.after;
  const named = valueAt(values, [identity.attribute]);
  const scope = identity.scope === null ? '' : valueAt(values, [identity.scope]);
  if (typeof named === 'string' && typeof scope === 'string') targets.push(groupKey(identity, scope, named));
  targets.push(groupReferenceKey(identity.family, change.address));
  // A rule in another module reaches it through that module's output, which does not say which instance of a for_each module it is: by its block.
  const block = configAddress(change.address);
  if (block !== change.address) targets.push(groupReferenceKey(identity.family, block));
  return { targets, inline: true };
}

const SELECTOR = /^(?:module\.[^.]+\.)*(?:count\.index|each\.key)$/;
const RESOURCE_REFERENCE = /^((?:module\.[^.[\]]+\.)*)([^.[\]]+)\.([^.[\]]+)(\[[^\]]*\])?(?:\..*)?$/;

/**
 * The group instances the group attribute's expression refers to, as instance addresses
 * (`aws_security_group.web[0]`, `module.env["prod"].aws_security_group.web`): a key written in
 * the reference pins it; `[count.index]` / `[each.key]` pick the rule's own key; a module of the
 * rule's own is the rule's module instance. Null when the configuration does not say, or the
 * expression refers to anything else (a local, a data source, another resource).
 */
function referencedGroups(sources: readonly string[] | null, group: NonNullable<IngressShapeRow['groupOf']>, change: ResourceChange): string[] | null {
  if (sources === null || sources.length === 0) return null;
  const ownModule = change.moduleAddress === null ? '' : `${configAddress(change.moduleAddress)}.`;
  const instanceModule = change.moduleAddress === null ? '' : `${change.moduleAddress}.`;
  const pinned = new Set<string>();
  const blocks = new Set<string>();
  let selected = false;
  for (const source of sources) {
    if (SELECTOR.test(source)) {
      selected = true;
      continue;
    }
    const match = RESOURCE_REFERENCE.exec(source);
    if (match === null || !group.types.includes(match[2]!)) return null;
    const block = `${match[1] === ownModule ? instanceModule : match[1]}${match[2]}.${match[3]}`;
    if (match[4] !== undefined) pinned.add(`${block}${match[4]}`);
    else blocks.add(block);
  }
  // Terraform lists `web[0].id`, `web[0]` and `web` for one reference: the block of a pinned instance is that instance.
  const unpinned = [...blocks].filter((block) => ![...pinned].some((instance) => instance.startsWith(`${block}[`)));
  const key = selected && change.index !== null ? `[${JSON.stringify(change.index)}]` : '';
  return [...pinned, ...unpinned.map((block) => `${block}${key}`)];
}

const groupKey = (row: { family: string; caseInsensitive?: boolean }, scope: string, name: string) =>
  row.caseInsensitive ? `group\u0000${row.family}\u0000${scope.toLowerCase()}\u0000${name.toLowerCase()}` : `group\u0000${row.family}\u0000${scope}\u0000${name}`;
const groupReferenceKey = (family: string, address: string) => `group-at\u0000${family}\u0000${address}`;
const isGroupKey = (key: string) => key.startsWith('group\u0000') || key.startsWith('group-at\u0000');

function opensPort(ports: OpenPorts, port: number): boolean {
  return ports.kind === 'all' || ports.kind === 'whole-protocol' || (ports.kind === 'ranges' && ports.ranges.some(([from, to]) => from <= port && port <= to));
}

function combine(members: readonly Member[], port: number, reach: NonNullable<ReturnType<typeof internetReach>>, secrets: SecretValues): { change: ResourceChange; exposure: Exposure } {
  const label = (member: Member) => (member.rule.where === null ? member.change.address : `${member.change.address} ${member.rule.where}`);
  // By code point, not localeCompare: the first rule named (and the key) must not depend on LANG.
  const byLabel = [...members].sort((a, b) => (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
  // Reported on a rule the plan adds or changes, never on one it leaves as it is.
  const first = byLabel.find((member) => member.change.action !== 'no-op') ?? byLabel[0]!;
  const sorted = [first, ...byLabel.filter((member) => member !== first)];
  const others = sorted.slice(1).map((member) => (member.change === first.change && member.rule.where !== null ? member.rule.where : label(member)));
  // The ports every one of them opens around the probe.
  const ranges = sorted.flatMap((member) => (member.rule.ports.kind === 'ranges' ? [member.rule.ports.ranges.find(([from, to]) => from <= port && port <= to)!] : []));
  const whole = sorted.find((member) => member.rule.ports.kind === 'whole-protocol')?.rule.ports;
  const common: OpenPorts = whole ?? (ranges.length === 0 ? { kind: 'all' } : { kind: 'ranges', ranges: [[ranges.reduce((most, [from]) => Math.max(most, from), -Infinity), ranges.reduce((least, [, to]) => Math.min(least, to), Infinity)]], partlyUnknown: false });
  const quotePort = (value: number | string) => (sorted.some((member) => member.reader.quote(member.rule.portPaths, value) === SENSITIVE_PLACEHOLDER) ? SENSITIVE_PLACEHOLDER : formatPlainValue(value, secrets));
  const classified = classifyPorts(common, quotePort, sorted.some((member) => member.reader.marked(member.rule.portPaths)));
  const reached = new Set(reach.ranges);
  const world = sorted.flatMap((member) => member.rule.sources.filter((source) => reached.has(source.value)).map((source) => ({ member, source })));
  const sources = evidenceSet([...new Set(world.map(({ source }) => source.value.trim().toLowerCase()))]);
  return {
    change: first.change,
    exposure: {
      kind: 'open',
      // Which groups each member is on, so that moving the rules to another group is a new combination.
      key: `open\u0000combined\u0000${byLabel.map((member) => [...member.targets].sort().join(',')).join(';')}\u0000${canonicalEvidence(sources)}|${portsKey(common)}|${byLabel.map(label).join(',')}`,
      evidence: { sources, ports: classified.evidence, protocols: evidenceSet(sorted.map((member) => member.protocol)), with: evidenceSet(others) },
      severity: classified.severity,
      where: `${first.rule.where === null ? '' : `${first.rule.where} `}with ${listed(others, LISTED_COMBINED, 'more rules')}`,
      audience: reach.whole ? WHOLE_INTERNET : LARGE_PART,
      portsText: classified.text,
      sourcesText: listed([...new Set(world.map(({ member, source }) => member.reader.quote([source.path], source.value)))], LISTED_COMBINED, 'more ranges'),
      sourceAttributes: first.rule.sourceAttributes,
    },
  };
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
  /** Whether one of `paths` is marked sensitive. */
  marked(paths: readonly AttributePath[]): boolean;
}

/** One ingress rule as read from one side of a change: what it admits, on which ports. */
interface IngressRule {
  /** e.g. `ingress[1]`, or null when the resource is the rule. */
  where: string | null;
  sources: { path: AttributePath; value: string }[];
  /** Paths of sources known only after apply. */
  unknownSources: string[];
  ports: OpenPorts;
  portPaths: AttributePath[];
  protocols: Evidence[];
  sourceAttributes: string[];
  /** The sources that admit the internet on their own (worldSources), if any. */
  world: ReturnType<typeof worldSources>;
}

/**
 * The ingress rule at `rulePath`; null when it is not one (egress, deny, disabled) or its protocol
 * has no ports. `unset(attribute)`: the plan's configuration shows the resource does not set this
 * top-level argument (so an unknown value of it is the provider's Computed default, not a hidden source).
 */
function readIngressRule(shape: IngressShapeRow, reader: Reader, rulePath: AttributePath, unset: (attribute: string) => boolean): IngressRule | null {
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
  const ports = openPorts(shape, read, (relative) => reader.unknown([...rulePath, ...relative]));
  if (ports === null) return null;
  const portPaths = portAttributes(shape).map((attribute): AttributePath => [...rulePath, attribute]);
  // The protocol then says what is open: quoted (or hidden) like the ports.
  if (ports.kind === 'whole-protocol') portPaths.push([...rulePath, ...ports.path]);
  if (ports.kind === 'ranges' && ports.alsoWhole) portPaths.push([...rulePath, ...ports.alsoWhole.path]);
  return {
    where: rulePath.length > 0 ? formatPath(rulePath) : null,
    sources,
    unknownSources,
    ports,
    portPaths,
    protocols: protocolsOf(shape, read),
    sourceAttributes: shape.sources.map((source) => source.attribute),
    world: worldSources(sources.map((source) => source.value)),
  };
}

function portsEvidenceOf(ports: OpenPorts): Evidence {
  if (ports.kind === 'whole-protocol') return { wholeProtocol: ports.protocol };
  if (ports.kind !== 'ranges') return ports.kind;
  const ranges = { ranges: evidenceSet(ports.ranges.map(([from, to]) => [from, to])), partlyUnknown: ports.partlyUnknown };
  return ports.alsoWhole ? { ...ranges, wholeProtocol: ports.alsoWhole.protocol } : ranges;
}

/**
 * Severity and words for the ports a rule opens, and their evidence. Ports the plan marks sensitive
 * still set the severity, but are not described (naming the service would name the port) and enter
 * the fingerprint hashed.
 */
function classifyPorts(ports: OpenPorts, quote: (value: number | string) => string, sensitive: boolean): { severity: Severity; text: string; evidence: Evidence } {
  const classified = classify(ports, quote);
  if (!sensitive) return { ...classified, evidence: portsEvidenceOf(ports) };
  return { severity: classified.severity, text: ports.kind === 'unknown' ? classified.text : 'ports the plan marks sensitive', evidence: hiddenValue(portsEvidenceOf(ports)) };
}

function portsKey(ports: OpenPorts): string {
  if (ports.kind === 'whole-protocol') return `protocol:${ports.protocol}`;
  if (ports.kind !== 'ranges') return ports.kind;
  return `${ports.ranges.map(([a, b]) => `${a}-${b}`).sort().join(',')}${ports.alsoWhole ? `+protocol:${ports.alsoWhole.protocol}` : ''}`;
}

/**
 * What one rule exposes: to the internet (a source admits it, catalog/public-address-space.ts),
 * or to sources known only after apply, which are mostly references (a VPC's CIDR, a variable
 * resolved later) but could be anything: network-unverifiable, unless a known source is world-open.
 */
function ruleExposure(rule: IngressRule, reader: Reader): Exposure | null {
  const reach = rule.world;
  // A set: a rule may list hundreds of thousands of sources.
  const reached = reach === null ? null : new Set(reach.sources);
  const world = reached === null ? [] : rule.sources.filter((source) => reached.has(source.value));
  if (world.length === 0 && rule.unknownSources.length === 0) return null;
  const classified = classifyPorts(rule.ports, (port) => reader.quote(rule.portPaths, port), reader.marked(rule.portPaths));
  if (world.length === 0) {
    return {
      kind: 'unverifiable',
      key: `${rule.unknownSources.join(',')}|${portsKey(rule.ports)}|${protocolKey(rule.protocols)}`,
      evidence: { unknownSources: evidenceSet(rule.unknownSources), ports: classified.evidence, protocols: rule.protocols },
      severity: 'info',
      where: rule.where,
      audience: 'sources known only after apply',
      portsText: classified.text,
      sourcesText: `sources known only after apply (${rule.unknownSources.map((path) => `\`${path}\``).join(', ')})`,
      sourceAttributes: rule.sourceAttributes,
    };
  }
  return {
    kind: 'open',
    // The protocol too: `udp` → `tcp` on 22 from the internet is a new exposure.
    key: `${world.map((w) => w.value.toLowerCase()).sort().join(',')}|${portsKey(rule.ports)}|${protocolKey(rule.protocols)}`,
    evidence: { sources: evidenceSet(world.map((source) => source.value.trim().toLowerCase())), ports: classified.evidence, protocols: rule.protocols },
    severity: classified.severity,
    where: rule.where,
    audience: reach?.audience ?? WHOLE_INTERNET,
    portsText: classified.text,
    sourcesText: [...new Set(world.map(({ path, value }) => reader.quote([path], value)))].join(', '),
    sourceAttributes: rule.sourceAttributes,
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
const LARGE_PART = 'a large part of the internet';

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
  return { sources: reach.ranges, audience: reach.whole ? WHOLE_INTERNET : LARGE_PART };
}

/** A /0 CIDR in any spelling (`0.0.0.0/0`, `::/0`, `0000:…:0000/0`), or an Azure tag meaning anyone. */
export function isWorldSource(value: string): boolean {
  const trimmed = value.trim();
  if (WORLD_TAGS.has(trimmed.toLowerCase())) return true;
  return /^[0-9a-f.:]+\/0+$/i.test(trimmed);
}

/** What a rule's protocol opens, given the protocols its provider filters by port. */
function protocolReach(protocol: unknown, portFiltered: readonly string[]): ProtocolReach {
  const value = protocolText(protocol);
  // Omitted or not a value: the rule's ports are taken as given.
  if (value === null) return 'ports';
  return PROTOCOL_REACH.get(value) ?? (portFiltered.includes(value) ? 'ports' : 'whole-protocol');
}

function protocolText(protocol: unknown): string | null {
  if (typeof protocol === 'number') return String(protocol);
  return typeof protocol === 'string' && protocol.trim() !== '' ? protocol.trim().toLowerCase() : null;
}

function wholeProtocol(protocol: unknown, path: AttributePath): WholeProtocol {
  return { protocol: protocolText(protocol) ?? '', path };
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
      // A protocol known only after apply may be `-1`: every port.
      if (unknown([ports.protocol])) return { kind: 'unknown' };
      const reach = protocolReach(read(ports.protocol), ports.portFiltered);
      if (reach === 'no-ports') return null;
      if (reach === 'all-ports') return { kind: 'all' };
      if (reach === 'whole-protocol') return { kind: 'whole-protocol', ...wholeProtocol(read(ports.protocol), [ports.protocol]) };
      if (unknown([ports.from]) || unknown([ports.to])) return { kind: 'unknown' };
      // aws_vpc_security_group_ingress_rule may omit both; the whole range is then open.
      if (read(ports.from) == null && read(ports.to) == null) return { kind: 'all' };
      const from = toPort(read(ports.from));
      const to = toPort(read(ports.to));
      if (from === null || to === null) return { kind: 'unknown' };
      return { kind: 'ranges', ranges: [[Math.min(from, to), Math.max(from, to)]], partlyUnknown: false };
    }
    case 'port-ranges': {
      if (unknown([ports.protocol])) return { kind: 'unknown' };
      const reach = protocolReach(read(ports.protocol), ports.portFiltered);
      if (reach === 'no-ports') return null;
      if (reach === 'whole-protocol') return { kind: 'whole-protocol', ...wholeProtocol(read(ports.protocol), [ports.protocol]) };
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
      let whole: WholeProtocol | null = null;
      for (const [index, block] of blocks.entries()) {
        if (block === null || typeof block !== 'object') continue;
        const record = block as Record<string, unknown>;
        if (unknown([ports.block, index, ports.protocol])) {
          someUnknown = true;
          continue;
        }
        const reach = protocolReach(record[ports.protocol], ports.portFiltered);
        if (reach === 'no-ports') continue;
        if (reach === 'whole-protocol') {
          whole ??= wholeProtocol(record[ports.protocol], [ports.block, index, ports.protocol]);
          continue;
        }
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
          appendAll(collected, parsed.ranges);
          someUnknown ||= parsed.partlyUnknown;
        }
      }
      // Ports opened beside a whole protocol: both are named, ranked by the worse.
      if (collected.length > 0) return { kind: 'ranges', ranges: collected, partlyUnknown: someUnknown, ...(whole === null ? {} : { alsoWhole: whole }) };
      if (someUnknown) return { kind: 'unknown' };
      return whole === null ? null : { kind: 'whole-protocol', ...whole };
    }
  }
}

/**
 * `"*"`, `"22"`, `"1000-2000"` (Azure and Google port strings). An entry that cannot be read
 * leaves the others standing: `["22", "1-"]` still opens SSH.
 */
function rangesFromTexts(texts: readonly unknown[]): Exclude<OpenPorts, { kind: 'whole-protocol' }> {
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

/** Every packet of a protocol such as GRE: not a service port, but a way in that no port limits. */
const WHOLE_PROTOCOL_SEVERITY: Severity = 'medium';

function wholeProtocolText(whole: WholeProtocol, quote: (value: number | string) => string): string {
  return `all traffic of protocol ${quote(/^\d+$/.test(whole.protocol) ? Number(whole.protocol) : whole.protocol)}`;
}

function worse(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

function classify(ports: OpenPorts, quote: (value: number | string) => string): { severity: Severity; text: string } {
  if (ports.kind === 'all') return { severity: 'high', text: 'all ports' };
  if (ports.kind === 'whole-protocol') return { severity: WHOLE_PROTOCOL_SEVERITY, text: wholeProtocolText(ports, quote) };
  if (ports.kind === 'unknown') return UNKNOWN_PORTS;
  const ranged = classifyRanges(ports.ranges, quote);
  const known = ports.alsoWhole ? { severity: worse(ranged.severity, WHOLE_PROTOCOL_SEVERITY), text: `${ranged.text} and ${wholeProtocolText(ports.alsoWhole, quote)}` } : ranged;
  if (!ports.partlyUnknown) return known;
  // The unknown entries could be anything: never below what an unknown port list gets.
  const severity = worse(known.severity, UNKNOWN_PORTS.severity);
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
