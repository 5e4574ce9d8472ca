/**
 * Where each provider writes an ingress rule, and what its fields are called. One row per
 * resource type (rule-catalog.md §5.1-5.3); the network rule reads rules only through this table.
 */

/**
 * How a rule names its ports. `portFiltered`: the protocols whose traffic the provider filters by
 * port (PORT_FILTERED_PROTOCOLS); a protocol neither there nor in PROTOCOLS opens whole.
 */
export type PortShape =
  /** AWS: `from_port`/`to_port` numbers and a protocol where `-1`/`all` means every port. */
  | { kind: 'from-to'; protocol: string; from: string; to: string; portFiltered: readonly string[] }
  /** Azure: `destination_port_range` ("22", "1000-2000", "*") and/or `destination_port_ranges` (list). */
  | { kind: 'port-ranges'; protocol: string; single: string; list: string; portFiltered: readonly string[] }
  /** Google: `allow { protocol, ports = ["22", "1000-2000"] }` blocks; omitted ports mean every port. */
  | { kind: 'allow-blocks'; block: string; protocol: string; ports: string; portFiltered: readonly string[] };

/**
 * The protocols each provider filters by port (case-insensitive; names and IANA numbers). Any
 * other protocol a rule names is let through whole, whatever ports the rule gives: AWS says so
 * outright, and Google applies `ports` only to these.
 */
export const PORT_FILTERED_PROTOCOLS = {
  aws: { values: ['tcp', 'udp', '6', '17'], source: 'AWS EC2 API IpPermission.IpProtocol: "a protocol number other than tcp, udp, icmp, or icmpv6 allows traffic on all ports, regardless of any port range you specify"' },
  google: { values: ['tcp', 'udp', 'sctp', '6', '17', '132'], source: 'GCd:compute_firewall (allow.ports: "only applicable for UDP, TCP or SCTP protocol")' },
  azure: { values: ['tcp', 'udp', '*'], source: 'AZd:network_security_rule (protocol Tcp, Udp, Icmp, Esp, Ah or *; port ranges apply to Tcp, Udp and *)' },
} as const;

export interface IngressShapeRow {
  type: string;
  /** The list attribute holding the rule blocks, or null when the resource is one rule. */
  rulesAt: string | null;
  /**
   * Where direction, access and disabled are read: in each rule block (default), or on the
   * resource itself while sources and ports are in its rule blocks (GCP firewall-policy rules:
   * `direction`/`action` on the resource, `match[0].src_ip_ranges` and `layer4_configs` inside).
   */
  settingsOnResource?: boolean;
  /** The attribute telling ingress from egress, the values meaning ingress, and what an omitted value means. */
  direction: { attribute: string; ingressValues: readonly string[]; omittedIsIngress: boolean } | null;
  /** The attribute telling allow from deny, and the values meaning allow. */
  access: { attribute: string; allowValues: readonly string[] } | null;
  /** A boolean attribute that switches the rule off. */
  disabledAttribute: string | null;
  /** Source attributes: a CIDR string or a list of them (Azure: also service tags). */
  sources: readonly { attribute: string; list: boolean }[];
  ports: PortShape;
  /** A group holding inline rules: the attribute naming it, which rule resources name it by (`groupOf`). */
  identity?: { family: string; attribute: string; scope: string | null; caseInsensitive?: boolean };
  /** A rule resource: the attribute naming the group it joins, and the group types it names, by which of their attributes. */
  groupOf?: { family: string; attribute: string; scope: string | null; types: readonly string[]; identity: string; caseInsensitive?: boolean };
  source: string;
}

/** Every attribute the network rule reads of a resource of this shape. */
export function ingressAttributes(row: IngressShapeRow): string[] {
  const ports = row.ports;
  const portAttributes = ports.kind === 'from-to' ? [ports.protocol, ports.from, ports.to] : ports.kind === 'port-ranges' ? [ports.protocol, ports.single, ports.list] : [ports.block, ports.protocol, ports.ports];
  const attributes = [row.rulesAt, row.direction?.attribute, row.access?.attribute, row.disabledAttribute, ...row.sources.map((source) => source.attribute), ...portAttributes, row.identity?.attribute, row.identity?.scope, row.groupOf?.attribute, row.groupOf?.scope];
  return [...new Set(attributes.filter((attribute): attribute is string => typeof attribute === 'string'))];
}

/** AWS rules join a security group by its id (`security_group_id = aws_security_group.web.id`). */
const AWS_GROUP = 'aws-security-group';
const AWS_RULE_GROUP = { family: AWS_GROUP, attribute: 'security_group_id', scope: null, types: ['aws_security_group', 'aws_default_security_group'], identity: 'id' } as const;
/** Azure rules join a network security group by its name within a resource group, compared without case (Azure resource-name rules: "always perform a case-insensitive comparison of names"). */
const AZURE_NSG = 'azure-network-security-group';

export const INGRESS_SHAPES: readonly IngressShapeRow[] = [
  {
    type: 'aws_security_group',
    rulesAt: 'ingress',
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: 'cidr_blocks', list: true }, { attribute: 'ipv6_cidr_blocks', list: true }],
    ports: { kind: 'from-to', protocol: 'protocol', from: 'from_port', to: 'to_port', portFiltered: PORT_FILTERED_PROTOCOLS.aws.values },
    identity: { family: AWS_GROUP, attribute: 'id', scope: null },
    source: 'AWSd:security_group L245-292',
  },
  {
    type: 'aws_default_security_group',
    rulesAt: 'ingress',
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: 'cidr_blocks', list: true }, { attribute: 'ipv6_cidr_blocks', list: true }],
    ports: { kind: 'from-to', protocol: 'protocol', from: 'from_port', to: 'to_port', portFiltered: PORT_FILTERED_PROTOCOLS.aws.values },
    identity: { family: AWS_GROUP, attribute: 'id', scope: null },
    source: 'rule-catalog.md §5.1 (default SG ingress, same block shape)',
  },
  {
    type: 'aws_security_group_rule',
    rulesAt: null,
    direction: { attribute: 'type', ingressValues: ['ingress'], omittedIsIngress: false },
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: 'cidr_blocks', list: true }, { attribute: 'ipv6_cidr_blocks', list: true }],
    ports: { kind: 'from-to', protocol: 'protocol', from: 'from_port', to: 'to_port', portFiltered: PORT_FILTERED_PROTOCOLS.aws.values },
    groupOf: AWS_RULE_GROUP,
    source: 'AWSd:security_group_rule L93-109',
  },
  {
    type: 'aws_vpc_security_group_ingress_rule',
    rulesAt: null,
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: 'cidr_ipv4', list: false }, { attribute: 'cidr_ipv6', list: false }],
    ports: { kind: 'from-to', protocol: 'ip_protocol', from: 'from_port', to: 'to_port', portFiltered: PORT_FILTERED_PROTOCOLS.aws.values },
    groupOf: AWS_RULE_GROUP,
    source: 'AWSd:vpc_security_group_ingress_rule L46-57',
  },
  {
    type: 'google_compute_firewall',
    rulesAt: null,
    direction: { attribute: 'direction', ingressValues: ['INGRESS'], omittedIsIngress: true },
    access: null,
    disabledAttribute: 'disabled',
    sources: [{ attribute: 'source_ranges', list: true }],
    ports: { kind: 'allow-blocks', block: 'allow', protocol: 'protocol', ports: 'ports', portFiltered: PORT_FILTERED_PROTOCOLS.google.values },
    source: 'GCd:compute_firewall (direction defaults to INGRESS; omitted ports = any port)',
  },
  ...['google_compute_firewall_policy_rule', 'google_compute_network_firewall_policy_rule', 'google_compute_region_network_firewall_policy_rule'].map(
    (type): IngressShapeRow => ({
      type,
      rulesAt: 'match',
      settingsOnResource: true,
      direction: { attribute: 'direction', ingressValues: ['INGRESS'], omittedIsIngress: false },
      // apply_security_profile_group lets the traffic through after inspection.
      access: { attribute: 'action', allowValues: ['allow', 'apply_security_profile_group'] },
      disabledAttribute: 'disabled',
      sources: [{ attribute: 'src_ip_ranges', list: true }],
      ports: { kind: 'allow-blocks', block: 'layer4_configs', protocol: 'ip_protocol', ports: 'ports', portFiltered: PORT_FILTERED_PROTOCOLS.google.values },
      source: `GCd:${type.replace(/^google_/, '')} (match.src_ip_ranges, match.layer4_configs; action allow or apply_security_profile_group)`,
    }),
  ),
  {
    type: 'azurerm_network_security_rule',
    rulesAt: null,
    direction: { attribute: 'direction', ingressValues: ['Inbound'], omittedIsIngress: false },
    access: { attribute: 'access', allowValues: ['Allow'] },
    disabledAttribute: null,
    sources: [{ attribute: 'source_address_prefix', list: false }, { attribute: 'source_address_prefixes', list: true }],
    ports: { kind: 'port-ranges', protocol: 'protocol', single: 'destination_port_range', list: 'destination_port_ranges', portFiltered: PORT_FILTERED_PROTOCOLS.azure.values },
    groupOf: { family: AZURE_NSG, attribute: 'network_security_group_name', scope: 'resource_group_name', types: ['azurerm_network_security_group'], identity: 'name', caseInsensitive: true },
    source: 'AZd:network_security_rule L59-89',
  },
  {
    type: 'azurerm_network_security_group',
    rulesAt: 'security_rule',
    direction: { attribute: 'direction', ingressValues: ['Inbound'], omittedIsIngress: false },
    access: { attribute: 'access', allowValues: ['Allow'] },
    disabledAttribute: null,
    sources: [{ attribute: 'source_address_prefix', list: false }, { attribute: 'source_address_prefixes', list: true }],
    ports: { kind: 'port-ranges', protocol: 'protocol', single: 'destination_port_range', list: 'destination_port_ranges', portFiltered: PORT_FILTERED_PROTOCOLS.azure.values },
    identity: { family: AZURE_NSG, attribute: 'name', scope: 'resource_group_name', caseInsensitive: true },
    source: 'AZd:network_security_rule L59-89 (inline security_rule has the same fields)',
  },
];

/**
 * What a protocol value means for ports (case-insensitive), where that is not "filtered by port"
 * (PORT_FILTERED_PROTOCOLS). `no-ports`: ICMP (ports carry types and codes) and IPsec, whose
 * opening is not reported; `whole-protocol`: every packet of it is let in. A value in neither
 * table opens whole too (AWS's GRE `47`, IP-in-IP `4`).
 */
export type ProtocolReach = 'all-ports' | 'ports' | 'no-ports' | 'whole-protocol';

export const PROTOCOLS: readonly { value: string; reach: Exclude<ProtocolReach, 'ports'>; source: string }[] = [
  { value: '-1', reach: 'all-ports', source: 'AWSd:security_group_rule, AWSd:vpc_security_group_ingress_rule (all protocols and ports)' },
  { value: 'all', reach: 'all-ports', source: 'AWSd:security_group_rule; GCd:compute_firewall' },
  { value: 'icmp', reach: 'no-ports', source: 'all three providers; from/to_port carry ICMP type/code' },
  { value: 'icmpv6', reach: 'no-ports', source: 'AWS protocol name' },
  { value: '1', reach: 'no-ports', source: 'IANA protocol number (ICMP)' },
  { value: '58', reach: 'no-ports', source: 'IANA protocol number (ICMPv6)' },
  { value: 'esp', reach: 'no-ports', source: 'AZd:network_security_rule; GCd:compute_firewall' },
  { value: 'ah', reach: 'no-ports', source: 'AZd:network_security_rule; GCd:compute_firewall' },
  { value: '50', reach: 'no-ports', source: 'IANA protocol number (ESP)' },
  { value: '51', reach: 'no-ports', source: 'IANA protocol number (AH)' },
  // An unauthenticated tunnel: whoever reaches it can inject packets behind the firewall.
  { value: 'ipip', reach: 'whole-protocol', source: 'GCd:compute_firewall (protocol ipip, IANA 4)' },
];

/** Azure source values that mean "anyone", besides a /0 CIDR (case-insensitive). */
export const WORLD_SOURCE_TAGS: readonly { value: string; source: string }[] = [
  { value: '*', source: 'AZd:network_security_rule ("* to match any IP")' },
  { value: 'Internet', source: 'AZd:network_security_rule (service tag)' },
  { value: 'Any', source: 'rule-catalog.md §5.3' },
];
