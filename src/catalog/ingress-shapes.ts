/**
 * Where each provider writes an ingress rule, and what its fields are called. One row per
 * resource type (rule-catalog.md §5.1-5.3); the network rule reads rules only through this table.
 */

/** How a rule names its ports. */
export type PortShape =
  /** AWS: `from_port`/`to_port` numbers and a protocol where `-1`/`all` means every port. */
  | { kind: 'from-to'; protocol: string; from: string; to: string }
  /** Azure: `destination_port_range` ("22", "1000-2000", "*") and/or `destination_port_ranges` (list). */
  | { kind: 'port-ranges'; protocol: string; single: string; list: string }
  /** Google: `allow { protocol, ports = ["22", "1000-2000"] }` blocks; omitted ports mean every port. */
  | { kind: 'allow-blocks'; block: string; protocol: string; ports: string };

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
  source: string;
}

export const INGRESS_SHAPES: readonly IngressShapeRow[] = [
  {
    type: 'aws_security_group',
    rulesAt: 'ingress',
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: 'cidr_blocks', list: true }, { attribute: 'ipv6_cidr_blocks', list: true }],
    ports: { kind: 'from-to', protocol: 'protocol', from: 'from_port', to: 'to_port' },
    source: 'AWSd:security_group L245-292',
  },
  {
    type: 'aws_default_security_group',
    rulesAt: 'ingress',
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: 'cidr_blocks', list: true }, { attribute: 'ipv6_cidr_blocks', list: true }],
    ports: { kind: 'from-to', protocol: 'protocol', from: 'from_port', to: 'to_port' },
    source: 'rule-catalog.md §5.1 (default SG ingress, same block shape)',
  },
  {
    type: 'aws_security_group_rule',
    rulesAt: null,
    direction: { attribute: 'type', ingressValues: ['ingress'], omittedIsIngress: false },
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: 'cidr_blocks', list: true }, { attribute: 'ipv6_cidr_blocks', list: true }],
    ports: { kind: 'from-to', protocol: 'protocol', from: 'from_port', to: 'to_port' },
    source: 'AWSd:security_group_rule L93-109',
  },
  {
    type: 'aws_vpc_security_group_ingress_rule',
    rulesAt: null,
    direction: null,
    access: null,
    disabledAttribute: null,
    sources: [{ attribute: 'cidr_ipv4', list: false }, { attribute: 'cidr_ipv6', list: false }],
    ports: { kind: 'from-to', protocol: 'ip_protocol', from: 'from_port', to: 'to_port' },
    source: 'AWSd:vpc_security_group_ingress_rule L46-57',
  },
  {
    type: 'google_compute_firewall',
    rulesAt: null,
    direction: { attribute: 'direction', ingressValues: ['INGRESS'], omittedIsIngress: true },
    access: null,
    disabledAttribute: 'disabled',
    sources: [{ attribute: 'source_ranges', list: true }],
    ports: { kind: 'allow-blocks', block: 'allow', protocol: 'protocol', ports: 'ports' },
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
      ports: { kind: 'allow-blocks', block: 'layer4_configs', protocol: 'ip_protocol', ports: 'ports' },
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
    ports: { kind: 'port-ranges', protocol: 'protocol', single: 'destination_port_range', list: 'destination_port_ranges' },
    source: 'AZd:network_security_rule L59-89',
  },
  {
    type: 'azurerm_network_security_group',
    rulesAt: 'security_rule',
    direction: { attribute: 'direction', ingressValues: ['Inbound'], omittedIsIngress: false },
    access: { attribute: 'access', allowValues: ['Allow'] },
    disabledAttribute: null,
    sources: [{ attribute: 'source_address_prefix', list: false }, { attribute: 'source_address_prefixes', list: true }],
    ports: { kind: 'port-ranges', protocol: 'protocol', single: 'destination_port_range', list: 'destination_port_ranges' },
    source: 'AZd:network_security_rule L59-89 (inline security_rule has the same fields)',
  },
];

/** What a protocol value means for ports (case-insensitive). Values not listed are treated as port-based. */
export type ProtocolReach = 'all-ports' | 'ports' | 'no-ports';

export const PROTOCOLS: readonly { value: string; reach: ProtocolReach; source: string }[] = [
  { value: '-1', reach: 'all-ports', source: 'AWSd:security_group_rule, AWSd:vpc_security_group_ingress_rule (all protocols and ports)' },
  { value: 'all', reach: 'all-ports', source: 'AWSd:security_group_rule; GCd:compute_firewall' },
  // Azure `*` is every protocol; the rule's destination ports still apply.
  { value: '*', reach: 'ports', source: 'AZd:network_security_rule (protocol *)' },
  { value: 'tcp', reach: 'ports', source: 'all three providers' },
  { value: 'udp', reach: 'ports', source: 'all three providers' },
  { value: 'sctp', reach: 'ports', source: 'GCd:compute_firewall' },
  { value: '6', reach: 'ports', source: 'IANA protocol number (TCP)' },
  { value: '17', reach: 'ports', source: 'IANA protocol number (UDP)' },
  { value: '132', reach: 'ports', source: 'IANA protocol number (SCTP)' },
  { value: 'icmp', reach: 'no-ports', source: 'all three providers; from/to_port carry ICMP type/code' },
  { value: 'icmpv6', reach: 'no-ports', source: 'AWS protocol name' },
  { value: '1', reach: 'no-ports', source: 'IANA protocol number (ICMP)' },
  { value: '58', reach: 'no-ports', source: 'IANA protocol number (ICMPv6)' },
  { value: 'esp', reach: 'no-ports', source: 'AZd:network_security_rule; GCd:compute_firewall' },
  { value: 'ah', reach: 'no-ports', source: 'AZd:network_security_rule; GCd:compute_firewall' },
  { value: '50', reach: 'no-ports', source: 'IANA protocol number (ESP)' },
  { value: '51', reach: 'no-ports', source: 'IANA protocol number (AH)' },
  { value: 'ipip', reach: 'no-ports', source: 'GCd:compute_firewall' },
];

/** Azure source values that mean "anyone", besides a /0 CIDR (case-insensitive). */
export const WORLD_SOURCE_TAGS: readonly { value: string; source: string }[] = [
  { value: '*', source: 'AZd:network_security_rule ("* to match any IP")' },
  { value: 'Internet', source: 'AZd:network_security_rule (service tag)' },
  { value: 'Any', source: 'rule-catalog.md §5.3' },
];
