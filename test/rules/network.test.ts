import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { isWorldSource } from '../../src/rules/network.js';
import { created, deleted, findingsOf, updated } from '../support/plan-factory.js';

const find = (...changes: Parameters<typeof findingsOf>[1]) => findingsOf('network-open-ingress', changes);

function sgIngress(rule: Record<string, unknown>) {
  return { cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '', ...rule };
}

describe('world-open sources', () => {
  it('knows every spelling of the whole internet', () => {
    for (const value of ['0.0.0.0/0', '::/0', '0000:0000:0000:0000:0000:0000:0000:0000/0', '*', 'Internet', 'internet', 'Any']) expect(isWorldSource(value)).toBe(true);
    for (const value of ['10.0.0.0/8', '0.0.0.0/1', '203.0.113.7/32', 'VirtualNetwork', 'AzureLoadBalancer', '']) expect(isWorldSource(value)).toBe(false);
  });
});

describe('network-open-ingress: AWS security groups', () => {
  it('reports an inline SSH rule from 0.0.0.0/0 as high, naming port, CIDR and block', () => {
    const findings = find(created('aws_security_group', { name: 'sg', ingress: [sgIngress({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] })], egress: [] }));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'high',
        address: 'aws_security_group.this',
        message: 'aws_security_group.this (ingress[0]) opens port 22 (SSH) to the whole internet ("0.0.0.0/0").',
        remediation:
          'Replace the world-open source in `cidr_blocks` / `ipv6_cidr_blocks` with the specific ranges that need access (office, VPN, load balancer), or reach the service through a bastion or private endpoint.',
        details: [],
      }),
    ]);
  });

  it('reports all traffic (protocol -1) and IPv6-only exposure', () => {
    const findings = find(
      created('aws_security_group', { ingress: [sgIngress({ from_port: 0, to_port: 0, protocol: '-1', ipv6_cidr_blocks: ['::/0'] })] }, { name: 'all' }),
      created('aws_security_group_rule', { type: 'ingress', from_port: 0, to_port: 0, protocol: 'all', cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-1' }, { name: 'rule' }),
    );
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['high', 'aws_security_group.all (ingress[0]) opens all ports to the whole internet ("::/0").'],
      ['high', 'aws_security_group_rule.rule opens all ports to the whole internet ("0.0.0.0/0").'],
    ]);
  });

  it('reports a range covering a sensitive port, and names the services', () => {
    const findings = find(created('aws_security_group_rule', { type: 'ingress', from_port: 20, to_port: 30, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }));
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([['high', 'aws_security_group_rule.this opens ports 20-30 (SSH, FTP, Telnet) to the whole internet ("0.0.0.0/0").']]);
  });

  it('rates databases and caches high, 80/443 low, other ports medium', () => {
    const rule = (name: string, from: number, to: number) =>
      created('aws_security_group_rule', { type: 'ingress', from_port: from, to_port: to, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }, { name });
    const findings = find(rule('pg', 5432, 5432), rule('redis', 6379, 6379), rule('https', 443, 443), rule('web', 80, 80), rule('dns', 53, 53), rule('app', 8000, 8100));
    expect(findings.map((finding) => [finding.address, finding.severity, finding.message.split(' opens ')[1]])).toEqual([
      ['aws_security_group_rule.pg', 'high', 'port 5432 (PostgreSQL) to the whole internet ("0.0.0.0/0").'],
      ['aws_security_group_rule.redis', 'high', 'port 6379 (Redis) to the whole internet ("0.0.0.0/0").'],
      ['aws_security_group_rule.https', 'low', 'port 443 (HTTPS) to the whole internet ("0.0.0.0/0").'],
      ['aws_security_group_rule.web', 'low', 'port 80 (HTTP) to the whole internet ("0.0.0.0/0").'],
      ['aws_security_group_rule.dns', 'medium', 'port 53 to the whole internet ("0.0.0.0/0").'],
      ['aws_security_group_rule.app', 'medium', 'ports 8000-8100 to the whole internet ("0.0.0.0/0").'],
    ]);
    expect(findings[2]!.remediation).toBe('If this is a public web endpoint this is expected; otherwise narrow `cidr_blocks` / `ipv6_cidr_blocks` to the ranges that need it.');
  });

  it('reads aws_vpc_security_group_ingress_rule: cidr_ipv4/cidr_ipv6 and ip_protocol -1 without ports', () => {
    const findings = find(
      created('aws_vpc_security_group_ingress_rule', { security_group_id: 'sg-1', cidr_ipv4: '0.0.0.0/0', ip_protocol: '-1' }, { name: 'all' }),
      created('aws_vpc_security_group_ingress_rule', { security_group_id: 'sg-1', cidr_ipv6: '::/0', ip_protocol: 'tcp', from_port: 3389, to_port: 3389 }, { name: 'rdp' }),
      created('aws_vpc_security_group_ingress_rule', { security_group_id: 'sg-1', cidr_ipv4: '10.0.0.0/8', ip_protocol: '-1' }, { name: 'private' }),
    );
    expect(findings.map((finding) => finding.message)).toEqual([
      'aws_vpc_security_group_ingress_rule.all opens all ports to the whole internet ("0.0.0.0/0").',
      'aws_vpc_security_group_ingress_rule.rdp opens port 3389 (RDP) to the whole internet ("::/0").',
    ]);
  });

  it('groups several open blocks of one group into one finding at the worst severity', () => {
    const findings = find(created('aws_security_group', {
      ingress: [
        sgIngress({ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }),
        sgIngress({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }),
        sgIngress({ from_port: 3306, to_port: 3306, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0', '10.1.0.0/16'] }),
      ],
    }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('high');
    expect(findings[0]!.message).toBe('aws_security_group.this (ingress[2]) opens port 3306 (MySQL) to the whole internet ("0.0.0.0/0"). 1 more open rule in the details.');
    expect(findings[0]!.details).toEqual(['ingress[2]: port 3306 (MySQL) from "0.0.0.0/0"', 'ingress[0]: port 443 (HTTPS) from "0.0.0.0/0"']);
  });

  it('stays quiet on restricted CIDRs, egress rules, ICMP, unknown CIDRs and deletes', () => {
    expect(find(
      created('aws_security_group', { ingress: [sgIngress({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] })], egress: [sgIngress({ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] })] }, { name: 'private' }),
      created('aws_security_group_rule', { type: 'egress', from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }, { name: 'egress' }),
      created('aws_security_group_rule', { type: 'ingress', from_port: 8, to_port: 0, protocol: 'icmp', cidr_blocks: ['0.0.0.0/0'] }, { name: 'ping' }),
      created('aws_security_group_rule', { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp' }, { name: 'later', afterUnknown: { cidr_blocks: true } }),
      deleted('aws_security_group_rule', { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }, { name: 'gone' }),
    )).toEqual([]);
  });

  it('reads the default security group the same way', () => {
    const findings = find(created('aws_default_security_group', { ingress: [sgIngress({ from_port: 6379, to_port: 6379, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] })] }));
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([['high', 'aws_default_security_group.this (ingress[0]) opens port 6379 (Redis) to the whole internet ("0.0.0.0/0").']]);
  });

  it('rates ports known only after apply as medium', () => {
    const findings = find(created('aws_security_group_rule', { type: 'ingress', protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }, { afterUnknown: { from_port: true, to_port: true } }));
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([['medium', 'aws_security_group_rule.this opens ports known only after apply to the whole internet ("0.0.0.0/0").']]);
  });

  it('on an update, reports only the newly opened rules', () => {
    const ssh = sgIngress({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] });
    const rdp = sgIngress({ from_port: 3389, to_port: 3389, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] });
    expect(find(updated('aws_security_group', { ingress: [ssh], tags: { a: '1' } }, { ingress: [ssh], tags: { a: '2' } }))).toEqual([]);
    const findings = find(updated('aws_security_group', { ingress: [ssh] }, { ingress: [ssh, rdp] }));
    expect(findings.map((finding) => finding.message)).toEqual(['aws_security_group.this (ingress[1]) opens port 3389 (RDP) to the whole internet ("0.0.0.0/0").']);
  });

  it('never prints a CIDR that is a sensitive value', () => {
    const findings = find(created('aws_security_group_rule', { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }, { afterSensitive: { cidr_blocks: [true] } }));
    expect(findings.map((finding) => finding.message)).toEqual(['aws_security_group_rule.this opens port 22 (SSH) to the whole internet ((sensitive)).']);
  });

  it('neither names nor binds in clear a port the plan marks sensitive, yet judges by it', () => {
    const rule = (port: number) =>
      created('aws_security_group_rule', { type: 'ingress', from_port: port, to_port: port, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }, { afterSensitive: { from_port: true, to_port: true } });
    const [finding] = find(rule(5432));
    expect([finding?.severity, finding?.message]).toEqual(['high', 'aws_security_group_rule.this opens ports the plan marks sensitive to the whole internet ("0.0.0.0/0").']);
    expect(JSON.stringify(finding?.evidence)).not.toContain('5432');
    expect(JSON.stringify(find(rule(5433))[0]?.evidence)).not.toEqual(JSON.stringify(finding?.evidence));
  });
});

describe('network-open-ingress: protocols the provider does not filter by port', () => {
  const awsRule = (name: string, protocol: unknown, extra = {}) =>
    created('aws_security_group_rule', { type: 'ingress', from_port: 0, to_port: 0, protocol, cidr_blocks: ['0.0.0.0/0'], security_group_id: `sg-${name}` }, { name, ...extra });

  it('reads a protocol AWS lets in whole (GRE 47, IP-in-IP 4, SCTP 132) as all of it, whatever the ports, never as "port 0"', () => {
    const findings = find(awsRule('gre', '47'), awsRule('ipip', 4), awsRule('sctp', '132'), awsRule('ping', 'icmp'), awsRule('ipsec', '50'));
    expect(findings.map((finding) => [finding.address, finding.severity, finding.message.split(' opens ')[1]])).toEqual([
      ['aws_security_group_rule.gre', 'medium', 'all traffic of protocol 47 to the whole internet ("0.0.0.0/0").'],
      ['aws_security_group_rule.ipip', 'medium', 'all traffic of protocol 4 to the whole internet ("0.0.0.0/0").'],
      ['aws_security_group_rule.sctp', 'medium', 'all traffic of protocol 132 to the whole internet ("0.0.0.0/0").'],
    ]);
    // Another protocol is another exposure: the approval of GRE does not cover IP-in-IP.
    expect(JSON.stringify(findings[0]!.evidence)).not.toEqual(JSON.stringify(findings[1]!.evidence));
  });

  it('keeps tcp and udp filtered by their ports, by name or number', () => {
    const rule = (name: string, protocol: unknown) =>
      created('aws_security_group_rule', { type: 'ingress', from_port: 8080, to_port: 8080, protocol, cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-1' }, { name });
    const findings = find(rule('tcp', 'tcp'), rule('six', '6'), rule('udp', 'UDP'), rule('seventeen', 17));
    expect(findings.map((finding) => finding.message.split(' opens ')[1])).toEqual(Array(4).fill('port 8080 to the whole internet ("0.0.0.0/0").'));
  });

  it('reads SCTP as filtered by port on Google, and names a whole protocol beside ports, ranked by the worse', () => {
    const firewall = (name: string, allow: unknown[]) => created('google_compute_firewall', { network: 'default', source_ranges: ['0.0.0.0/0'], deny: [], disabled: false, allow }, { name });
    const findings = find(
      firewall('sctp', [{ protocol: 'sctp', ports: ['9000'] }]),
      firewall('gre', [{ protocol: '47', ports: [] }]),
      firewall('ipip', [{ protocol: 'ipip' }]),
      firewall('mixed', [{ protocol: '47' }, { protocol: 'tcp', ports: ['22'] }]),
      // A web port beside a whole protocol is not a web endpoint only (audit9 N9-4).
      firewall('web_gre', [{ protocol: 'tcp', ports: ['443'] }, { protocol: '47' }]),
    );
    expect(findings.map((finding) => [finding.address, finding.severity, finding.message.split(' opens ')[1]])).toEqual([
      ['google_compute_firewall.sctp', 'medium', 'port 9000 to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.gre', 'medium', 'all traffic of protocol 47 to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.ipip', 'medium', 'all traffic of protocol "ipip" to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.mixed', 'high', 'port 22 (SSH) and all traffic of protocol 47 to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.web_gre', 'medium', 'port 443 (HTTPS) and all traffic of protocol 47 to the whole internet ("0.0.0.0/0").'],
    ]);
  });

  it('reads a protocol known only after apply as ports known only after apply: it may be -1 (audit9 N9-5)', () => {
    const later = (name: string, port: number) =>
      created('aws_security_group_rule', { type: 'ingress', from_port: port, to_port: port, cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-1' }, { name, afterUnknown: { protocol: true } });
    expect(find(later('u443', 443), later('u0', 0)).map((finding) => [finding.severity, finding.message.split(' opens ')[1]])).toEqual([
      ['medium', 'ports known only after apply to the whole internet ("0.0.0.0/0").'],
      ['medium', 'ports known only after apply to the whole internet ("0.0.0.0/0").'],
    ]);
  });

  it('an update turning udp into tcp on 22 from the internet is a new exposure (audit9 L9-4)', () => {
    const values = (protocol: string) => ({ type: 'ingress', from_port: 22, to_port: 22, protocol, cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-1' });
    expect(find(updated('aws_security_group_rule', values('udp'), values('tcp'))).map((finding) => finding.severity)).toEqual(['high']);
    expect(find(updated('aws_security_group_rule', values('tcp'), values('6')))).toEqual([]);
  });

  it('never names a protocol the plan marks sensitive', () => {
    const [finding] = find(awsRule('hidden', '47', { afterSensitive: { protocol: true } }));
    expect([finding?.severity, finding?.message]).toEqual(['medium', 'aws_security_group_rule.hidden opens ports the plan marks sensitive to the whole internet ("0.0.0.0/0").']);
    expect(JSON.stringify(finding?.evidence)).not.toContain('47');
  });

  it('combines two halves of the internet opening the same whole protocol on one group', () => {
    const half = (name: string, cidr: string) =>
      created('aws_security_group_rule', { type: 'ingress', from_port: 0, to_port: 0, protocol: '47', cidr_blocks: [cidr], security_group_id: 'sg-1' }, { name });
    // Each /8 alone stays quiet; together they pass the breadth a rule is judged by.
    const findings = find(half('a', '11.0.0.0/8'), half('b', '12.0.0.0/8'));
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['medium', 'aws_security_group_rule.a (with aws_security_group_rule.b) opens all traffic of protocol 47 to a large part of the internet ("11.0.0.0/8", "12.0.0.0/8").'],
    ]);
  });
});

describe('network-open-ingress: Google firewalls', () => {
  const firewall = (name: string, fields: Record<string, unknown>, extra = {}) =>
    created('google_compute_firewall', { network: 'default', source_ranges: ['0.0.0.0/0'], deny: [], disabled: false, ...fields }, { name, ...extra });

  it('reads allow blocks: port strings, ranges, omitted ports and protocol all', () => {
    const findings = find(
      firewall('ssh', { direction: 'INGRESS', allow: [{ protocol: 'tcp', ports: ['22'] }] }),
      firewall('range', { allow: [{ protocol: 'tcp', ports: ['1000-2000', '3300-3310'] }] }, { afterUnknown: { direction: true } }),
      firewall('noports', { allow: [{ protocol: 'udp', ports: [] }] }),
      firewall('everything', { allow: [{ protocol: 'all' }] }),
      firewall('web', { allow: [{ protocol: 'tcp', ports: ['80', '443'] }, { protocol: 'icmp', ports: [] }] }),
      firewall('v6', { source_ranges: ['::/0'], allow: [{ protocol: 'tcp', ports: ['8080'] }] }),
    );
    expect(findings.map((finding) => [finding.address, finding.severity, finding.message.split(' opens ')[1]])).toEqual([
      ['google_compute_firewall.ssh', 'high', 'port 22 (SSH) to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.range', 'high', 'ports 1000-2000, 3300-3310 (MySQL, SQL Server, Oracle) to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.noports', 'high', 'all ports to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.everything', 'high', 'all ports to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.web', 'low', 'ports 80, 443 (HTTP, HTTPS) to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.v6', 'medium', 'port 8080 to the whole internet ("::/0").'],
    ]);
    expect(findings[0]!.remediation).toBe(
      'Replace the world-open source in `source_ranges` with the specific ranges that need access (office, VPN, load balancer), or reach the service through a bastion or private endpoint.',
    );
  });

  it('keeps the readable ports of a list with an entry it cannot read or that is known only after apply', () => {
    const findings = find(
      firewall('garbled', { allow: [{ protocol: 'tcp', ports: ['22', '80', '1-'] }] }),
      firewall('later', { allow: [{ protocol: 'tcp', ports: ['22', null] }] }, { afterUnknown: { allow: [{ ports: [false, true] }] } }),
      firewall('webplus', { allow: [{ protocol: 'tcp', ports: ['443', null] }] }, { afterUnknown: { allow: [{ ports: [false, true] }] } }),
    );
    expect(findings.map((finding) => [finding.address, finding.severity, finding.message.split(' opens ')[1]])).toEqual([
      ['google_compute_firewall.garbled', 'high', 'ports 22, 80 (SSH), and ports known only after apply or unreadable to the whole internet ("0.0.0.0/0").'],
      ['google_compute_firewall.later', 'high', 'port 22 (SSH), and ports known only after apply or unreadable to the whole internet ("0.0.0.0/0").'],
      // 443 alone would be low; the unknown entry could be any port.
      ['google_compute_firewall.webplus', 'medium', 'port 443 (HTTPS), and ports known only after apply or unreadable to the whole internet ("0.0.0.0/0").'],
    ]);
  });

  it('stays quiet on disabled rules, deny rules, egress and restricted ranges', () => {
    expect(find(
      firewall('disabled', { disabled: true, allow: [{ protocol: 'tcp', ports: ['22'] }] }),
      firewall('deny', { allow: [], deny: [{ protocol: 'tcp', ports: ['22'] }] }),
      firewall('egress', { direction: 'EGRESS', source_ranges: null, destination_ranges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: [] }] }),
      firewall('internal', { source_ranges: ['10.128.0.0/9'], allow: [{ protocol: 'tcp', ports: ['22'] }] }),
      firewall('tags', { source_ranges: null, source_tags: ['web'], allow: [{ protocol: 'tcp', ports: ['22'] }] }),
    )).toEqual([]);
  });
});

describe('network-open-ingress: Azure NSG rules', () => {
  const rule = (fields: Record<string, unknown>) => ({
    name: 'r', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*',
    source_address_prefix: '', source_address_prefixes: [], destination_address_prefix: '*', destination_port_range: '', destination_port_ranges: [],
    ...fields,
  });

  it('keeps SSH in a port list whose other entry is known only after apply', () => {
    const findings = find(
      created('azurerm_network_security_rule', rule({ source_address_prefix: '*', destination_port_ranges: ['22', null] }), { name: 'mixed', afterUnknown: { destination_port_ranges: [false, true] } }),
    );
    expect(findings.map((finding) => [finding.severity, finding.message.split(' opens ')[1]])).toEqual([
      ['high', 'port 22 (SSH), and ports known only after apply or unreadable to the whole internet ("*").'],
    ]);
  });

  it('reads standalone rules with *, Internet and 0.0.0.0/0 sources and single, ranged and listed ports', () => {
    const findings = find(
      created('azurerm_network_security_rule', rule({ source_address_prefix: '*', destination_port_range: '3389' }), { name: 'rdp' }),
      created('azurerm_network_security_rule', rule({ source_address_prefix: 'Internet', destination_port_range: '*' }), { name: 'all' }),
      created('azurerm_network_security_rule', rule({ source_address_prefixes: ['0.0.0.0/0'], destination_port_ranges: ['443', '8443-8445'] }), { name: 'list' }),
      created('azurerm_network_security_rule', rule({ source_address_prefix: 'any', destination_port_range: '80', protocol: '*' }), { name: 'http' }),
    );
    expect(findings.map((finding) => [finding.address, finding.severity, finding.message.split(' opens ')[1]])).toEqual([
      ['azurerm_network_security_rule.rdp', 'high', 'port 3389 (RDP) to the whole internet ("*").'],
      ['azurerm_network_security_rule.all', 'high', 'all ports to the whole internet ("Internet").'],
      ['azurerm_network_security_rule.list', 'medium', 'ports 443, 8443-8445 to the whole internet ("0.0.0.0/0").'],
      ['azurerm_network_security_rule.http', 'low', 'port 80 (HTTP) to the whole internet ("any").'],
    ]);
  });

  it('reads inline security_rule blocks of a network security group', () => {
    const findings = find(created('azurerm_network_security_group', {
      name: 'nsg',
      security_rule: [
        rule({ name: 'vnet', source_address_prefix: 'VirtualNetwork', destination_port_range: '22' }),
        rule({ name: 'ssh', source_address_prefix: '*', destination_port_range: '22' }),
      ],
    }));
    expect(findings.map((finding) => finding.message)).toEqual(['azurerm_network_security_group.this (security_rule[1]) opens port 22 (SSH) to the whole internet ("*").']);
  });

  it('stays quiet on Deny, Outbound, ICMP and tagged or private sources', () => {
    expect(find(
      created('azurerm_network_security_rule', rule({ access: 'Deny', source_address_prefix: '*', destination_port_range: '3389' }), { name: 'deny' }),
      created('azurerm_network_security_rule', rule({ direction: 'Outbound', source_address_prefix: '*', destination_port_range: '*' }), { name: 'out' }),
      created('azurerm_network_security_rule', rule({ protocol: 'Icmp', source_address_prefix: '*', destination_port_range: '*' }), { name: 'icmp' }),
      created('azurerm_network_security_rule', rule({ source_address_prefix: 'AzureLoadBalancer', destination_port_range: '22' }), { name: 'lb' }),
      created('azurerm_network_security_rule', rule({ source_address_prefixes: ['10.0.0.0/8'], destination_port_range: '22' }), { name: 'private' }),
    )).toEqual([]);
  });
});

describe('network fixture (scripts/make-iam-network-fixtures.mjs)', () => {
  it('open-ingress.json: world-open rules fire at their severity; private, disabled, referenced and tagged twins stay quiet', () => {
    const plan = loadPlanFile(new URL('../../fixtures/rules/network/open-ingress.json', import.meta.url).pathname);
    const findings = analyzePlans([plan], DEFAULT_POLICY).report.plans[0]!.findings.filter((finding) => finding.ruleId === 'network-open-ingress');
    expect(findings.map((finding) => [finding.address, finding.severity])).toEqual([
      ['aws_security_group.bastion', 'high'],
      ['aws_security_group_rule.https', 'low'],
      ['aws_vpc_security_group_ingress_rule.everything', 'high'],
      ['google_compute_firewall.ssh', 'high'],
      ['azurerm_network_security_rule.rdp', 'high'],
      ['azurerm_network_security_group.web', 'low'],
    ]);
    expect(findings.every((finding) => finding.remediation !== null && !finding.remediation.includes('\n'))).toBe(true);
  });
});
