import { describe, expect, it } from 'vitest';
import { internetReach } from '../../src/rules/cidr-coverage.js';
import { analyzeJson, created, findingsOf, planJson, updated } from '../support/plan-factory.js';

describe('internetReach', () => {
  it('finds range sets whose union is all of IPv4 or IPv6, naming the ranges with public addresses', () => {
    expect(internetReach(['0.0.0.0/1', '128.0.0.0/1'])).toEqual({ ranges: ['0.0.0.0/1', '128.0.0.0/1'], whole: true });
    // 10.0.0.0/8 is private: it admits nobody from the internet, so it is not named.
    expect(internetReach(['128.0.0.0/2', '0.0.0.0/1', '192.0.0.0/2', '10.0.0.0/8'])).toEqual({ ranges: ['128.0.0.0/2', '0.0.0.0/1', '192.0.0.0/2'], whole: true });
    expect(internetReach(['::/1', '8000::/1'])).toEqual({ ranges: ['::/1'], whole: true });
    expect(internetReach(['2000::/3'])).toEqual({ ranges: ['2000::/3'], whole: true });
    // A host address written with its bits set still names its network.
    expect(internetReach(['1.2.3.4/1', '200.0.0.1/1'])?.whole).toBe(true);
  });

  it('every unicast address, or the internet less one address, is the whole public internet', () => {
    expect(internetReach(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3'])?.whole).toBe(true);
    const allButLast = Array.from({ length: 32 }, (_, bit) => {
      const start = bit === 0 ? 0 : (2 ** 32 - 2 ** (32 - bit)) >>> 0;
      return `${[24, 16, 8, 0].map((shift) => (start >>> shift) & 255).join('.')}/${bit + 1}`;
    });
    expect(internetReach(allButLast)?.whole).toBe(true);
  });

  it('more public addresses than a /8 and a /16 of IPv4, or a /16 of IPv6, is a large part of the internet; less, or private space, is not', () => {
    expect(internetReach(['0.0.0.0/1'])).toEqual({ ranges: ['0.0.0.0/1'], whole: false });
    expect(internetReach(['3.0.0.0/7'])).toEqual({ ranges: ['3.0.0.0/7'], whole: false });
    expect(internetReach(Array.from({ length: 2 }, (_, i) => `${i + 20}.0.0.0/8`))?.whole).toBe(false);
    expect(internetReach(['17.0.0.0/8'])).toBeNull();
    // A registrant's /8 with its offices and cloud ranges beside it is one organisation, not the internet (audit6b N-f).
    expect(internetReach(['17.0.0.0/8', '81.2.69.0/24'])).toBeNull();
    expect(internetReach(['17.0.0.0/8', '81.2.0.0/16'])).toBeNull();
    expect(internetReach(['17.0.0.0/8', '81.2.0.0/16', '82.0.0.0/24'])?.whole).toBe(false);
    expect(internetReach(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '224.0.0.0/3'])).toBeNull();
    expect(internetReach(['2001:db8::/32', 'fc00::/7', 'fe80::/10'])).toBeNull();
    expect(internetReach(['2600::/15'])).toEqual({ ranges: ['2600::/15'], whole: false });
    // A /16 of IPv6 counts (no registrant holds one; 2002::/16, 6to4, carries all of IPv4); a /17 does not.
    expect(internetReach(['2002::/16'])).toEqual({ ranges: ['2002::/16'], whole: false });
    expect(internetReach(['2600::/17'])).toBeNull();
  });

  it('ignores what is not a CIDR', () => {
    expect(internetReach(['sg-123', 'Internet', '999.0.0.0/1', '0.0.0.0/33', '10.0.0.0/8'])).toBeNull();
    expect(internetReach(['::/1', '8000::/2'])).toEqual({ ranges: ['::/1'], whole: true });
  });
});

describe('network-open-ingress over range sets', () => {
  const sg = (cidrs: string[]) =>
    created('aws_security_group', {
      name: 'sg', egress: [],
      ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: cidrs, ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' }],
    });

  it('reports 0.0.0.0/1 + 128.0.0.0/1 on SSH as the whole internet, at high', () => {
    const findings = findingsOf('network-open-ingress', [sg(['0.0.0.0/1', '128.0.0.0/1'])]);
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['high', 'aws_security_group.this (ingress[0]) opens port 22 (SSH) to the whole internet ("0.0.0.0/1", "128.0.0.0/1").'],
    ]);
  });

  it('reports half the internet on SSH as a large part of it, at high', () => {
    expect(findingsOf('network-open-ingress', [sg(['0.0.0.0/1'])]).map((finding) => [finding.severity, finding.message])).toEqual([
      ['high', 'aws_security_group.this (ingress[0]) opens port 22 (SSH) to a large part of the internet ("0.0.0.0/1").'],
    ]);
  });

  it('says nothing of an organisation\'s own /8 or of private ranges', () => {
    expect(findingsOf('network-open-ingress', [sg(['17.0.0.0/8', '10.0.0.0/8', '192.168.0.0/16'])])).toEqual([]);
  });

  it('reads Google firewall source_ranges the same way', () => {
    const findings = findingsOf('network-open-ingress', [
      created('google_compute_firewall', { name: 'fw', direction: 'INGRESS', disabled: false, source_ranges: ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/1'], allow: [{ protocol: 'tcp', ports: ['5432'] }], deny: [] }),
    ]);
    expect(findings.map((finding) => finding.severity)).toEqual(['high']);
  });
});

describe('network-open-ingress over rules that admit the internet together', () => {
  const rule = (name: string, cidr: string, ports: [number, number] = [22, 22], extra: Record<string, unknown> = {}) =>
    created('aws_security_group_rule', { type: 'ingress', security_group_id: 'sg-1', protocol: 'tcp', from_port: ports[0], to_port: ports[1], cidr_blocks: [cidr], ipv6_cidr_blocks: [], ...extra }, { name, address: `aws_security_group_rule.${name}` });
  const messages = (findings: { severity: string; message: string }[]) => findings.map((finding) => [finding.severity, finding.message]);

  it('two rules of one group, each a /8, admit a large part of the internet on SSH', () => {
    expect(messages(findingsOf('network-open-ingress', [rule('a', '20.0.0.0/8'), rule('b', '21.0.0.0/8')]))).toEqual([
      ['high', 'aws_security_group_rule.a (with aws_security_group_rule.b) opens port 22 (SSH) to a large part of the internet ("20.0.0.0/8", "21.0.0.0/8").'],
    ]);
  });

  it('the whole internet in 256 rules of one /8 each', () => {
    const rules = Array.from({ length: 256 }, (_, index) => rule(`r${String(index).padStart(3, '0')}`, `${index}.0.0.0/8`));
    const [finding, ...rest] = findingsOf('network-open-ingress', rules);
    expect(rest).toEqual([]);
    // 0/8, 10/8 and 127/8 admit nobody from the internet: the first rule named is r001.
    expect(finding?.message).toBe(
      'aws_security_group_rule.r001 (with aws_security_group_rule.r002, aws_security_group_rule.r003, aws_security_group_rule.r004, aws_security_group_rule.r005 and 216 more rules) opens port 22 (SSH) to the whole internet ("1.0.0.0/8", "2.0.0.0/8", "3.0.0.0/8", "4.0.0.0/8" and 217 more ranges).',
    );
  });

  it('two inline blocks of one group', () => {
    const block = (cidr: string) => ({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: [cidr], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' });
    const group = created('aws_security_group', { name: 'sg', egress: [], ingress: [block('20.0.0.0/8'), block('21.0.0.0/8')] });
    expect(messages(findingsOf('network-open-ingress', [group]))).toEqual([
      ['high', 'aws_security_group.this (ingress[0] with ingress[1]) opens port 22 (SSH) to a large part of the internet ("20.0.0.0/8", "21.0.0.0/8").'],
    ]);
  });

  it('where their port ranges overlap, on the ports they share', () => {
    expect(messages(findingsOf('network-open-ingress', [rule('a', '20.0.0.0/8', [20, 22]), rule('b', '21.0.0.0/8', [22, 25])]))).toEqual([
      ['high', 'aws_security_group_rule.a (with aws_security_group_rule.b) opens port 22 (SSH) to a large part of the internet ("20.0.0.0/8", "21.0.0.0/8").'],
    ]);
    expect(messages(findingsOf('network-open-ingress', [rule('a', '20.0.0.0/8'), rule('b', '21.0.0.0/8', [0, 0], { protocol: '-1' })]))).toHaveLength(1);
  });

  it('protocol numbers are their names: tcp and 6 combine', () => {
    expect(findingsOf('network-open-ingress', [rule('a', '20.0.0.0/8'), rule('b', '21.0.0.0/8', [22, 22], { protocol: '6' })])).toHaveLength(1);
  });

  const block = (cidr: string) => ({ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: [cidr], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' });
  const webGroup = (cidrs: string[], extra: Partial<Parameters<typeof created>[2]> = {}, id: string | undefined = 'sg-1') =>
    created('aws_security_group', { name: 'web', egress: [], ingress: cidrs.map(block), ...(id === undefined ? {} : { id }) }, { name: 'web', ...extra });

  it('inline blocks with rule resources on the same group: by its id, or by the reference to a group the plan creates (audit6b N-b)', () => {
    expect(messages(findingsOf('network-open-ingress', [webGroup(['20.0.0.0/8']), rule('b', '21.0.0.0/8')]))).toEqual([
      ['high', 'aws_security_group.web (ingress[0] with aws_security_group_rule.b) opens port 22 (SSH) to a large part of the internet ("20.0.0.0/8", "21.0.0.0/8").'],
    ]);
    const vpcRule = created('aws_vpc_security_group_ingress_rule', { security_group_id: 'sg-1', ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '21.0.0.0/8' }, { name: 'b' });
    expect(findingsOf('network-open-ingress', [webGroup(['20.0.0.0/8']), vpcRule])).toHaveLength(1);
    // A group created with the rule: both ids known only after apply; the rule's expression names the group.
    const newGroup = webGroup(['20.0.0.0/8'], { afterUnknown: { id: true }, expressions: { name: { constant_value: 'web' } } }, undefined);
    const onNewGroup = rule('b', '21.0.0.0/8', [22, 22], { security_group_id: undefined });
    const referring = { ...onNewGroup, afterUnknown: { security_group_id: true }, expressions: { security_group_id: { references: ['aws_security_group.web.id', 'aws_security_group.web'] } } };
    expect(messages(findingsOf('network-open-ingress', [newGroup, referring]))).toHaveLength(1);
  });

  it('a rule whose group only a local names is combined with the rules naming it the same way, not with every group (audit9 N9-1)', () => {
    const newGroup = webGroup(['20.0.0.0/8'], { afterUnknown: { id: true }, expressions: { name: { constant_value: 'web' } } }, undefined);
    const viaLocal = (name: string, cidr: string) => ({ ...rule(name, cidr, [22, 22], { security_group_id: undefined }), afterUnknown: { security_group_id: true }, expressions: { security_group_id: { references: ['local.web_group'] } } });
    expect(findingsOf('network-open-ingress', [newGroup, viaLocal('b', '21.0.0.0/8')])).toEqual([]);
    expect(findingsOf('network-open-ingress', [viaLocal('a', '20.0.0.0/8'), viaLocal('b', '21.0.0.0/8')])).toHaveLength(1);
  });

  it('instances of a counted, for_each or module group are as many groups (audit9 N9-1)', () => {
    const instance = (key: number | string, cidr: string, module?: string) => {
      const index = typeof key === 'number' ? `[${key}]` : `["${key}"]`;
      const address = `${module ? `${module}.` : ''}aws_security_group.web${module ? '' : index}`;
      return { ...webGroup([cidr], { afterUnknown: { id: true } }, undefined), address, ...(module ? {} : { index: key }) };
    };
    const office = (key: number | string, reference: string[]) => ({
      ...rule(`office`, '203.0.113.0/24', [22, 22], { security_group_id: undefined }),
      address: `aws_security_group_rule.office[${JSON.stringify(key)}]`,
      index: key,
      afterUnknown: { security_group_id: true },
      expressions: { security_group_id: { references: reference } },
    });
    // One quiet /8 per instance, and an office rule on each by [count.index] / [each.key] / a pinned key.
    expect(findingsOf('network-open-ingress', [instance(0, '20.0.0.0/8'), instance(1, '21.0.0.0/8'), office(0, ['aws_security_group.web', 'count.index']), office(1, ['aws_security_group.web', 'count.index'])])).toEqual([]);
    expect(findingsOf('network-open-ingress', [instance('a', '20.0.0.0/8'), instance('b', '21.0.0.0/8'), office('a', ['aws_security_group.web', 'each.key'])])).toEqual([]);
    expect(findingsOf('network-open-ingress', [instance(0, '20.0.0.0/8'), instance(1, '21.0.0.0/8'), office(0, ['aws_security_group.web[1].id', 'aws_security_group.web[1]', 'aws_security_group.web'])])).toEqual([]);
    // The instance a rule pins is its group: a /8 there with the group's own /8 is a large part.
    const pinnedWide = { ...office(0, ['aws_security_group.web[1].id', 'aws_security_group.web[1]', 'aws_security_group.web']), after: { ...(office(0, []).after as Record<string, unknown>), cidr_blocks: ['22.0.0.0/8'] } };
    expect(findingsOf('network-open-ingress', [instance(0, '20.0.0.0/8'), instance(1, '21.0.0.0/8'), pinnedWide]).map((finding) => finding.address)).toEqual(['aws_security_group.web[1]']);
  });

  it('Azure rules naming same-named NSGs of two subscriptions by reference stay apart (audit12 N1)', () => {
    const nsg = (name: string) => created('azurerm_network_security_group', { name: 'nsg-app', resource_group_name: 'rg-app', security_rule: [] }, { name });
    const onNsg = (name: string, group: string, cidr: string) => ({
      ...created('azurerm_network_security_rule', { name, priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: '22', source_address_prefix: cidr, destination_address_prefix: '*', resource_group_name: 'rg-app', network_security_group_name: 'nsg-app' }, { name }),
      expressions: { network_security_group_name: { references: [`azurerm_network_security_group.${group}.name`, `azurerm_network_security_group.${group}`] } },
    });
    expect(findingsOf('network-open-ingress', [nsg('prod'), nsg('dev'), onNsg('a', 'prod', '20.0.0.0/8'), onNsg('b', 'dev', '21.0.0.0/8')])).toEqual([]);
    expect(findingsOf('network-open-ingress', [nsg('prod'), onNsg('a', 'prod', '20.0.0.0/8'), onNsg('b', 'prod', '21.0.0.0/8')])).toHaveLength(1);
  });

  it('a rule naming its group by reference meets one naming it by its known id (audit9b B1)', () => {
    const byReference = { ...rule('a', '20.0.0.0/8'), expressions: { security_group_id: { references: ['aws_security_group.web.id', 'aws_security_group.web'] } } };
    expect(findingsOf('network-open-ingress', [byReference, rule('b', '21.0.0.0/8')])).toHaveLength(1);
  });

  it('the rules of two module instances are on their own instance\'s group (audit9 N9-1)', () => {
    const group = (environment: string, cidr: string) => ({ ...webGroup([cidr], { afterUnknown: { id: true } }, undefined), address: `module.env["${environment}"].aws_security_group.web` });
    const office = (environment: string, cidr: string) => ({
      ...rule('office', cidr, [22, 22], { security_group_id: undefined }),
      address: `module.env["${environment}"].aws_security_group_rule.office`,
      afterUnknown: { security_group_id: true },
    });
    const plan = planJson([group('prod', '20.0.0.0/8'), group('dev', '21.0.0.0/8'), office('prod', '203.0.113.0/24'), office('dev', '22.0.0.0/8')]);
    // The factory writes root-module configuration only: the module's block is written here.
    (plan as Record<string, unknown>)['configuration'] = {
      root_module: { module_calls: { env: { module: { resources: [{ address: 'aws_security_group_rule.office', mode: 'managed', type: 'aws_security_group_rule', name: 'office', expressions: { security_group_id: { references: ['aws_security_group.web.id', 'aws_security_group.web'] } } }] } } } },
    };
    for (const change of plan['resource_changes'] as { address: string; module_address?: string }[]) change.module_address = change.address.replace(/\.aws_.*$/, '');
    expect(analyzeJson(plan).filter((finding) => finding.ruleId === 'network-open-ingress').map((finding) => finding.address)).toEqual(['module.env["dev"].aws_security_group.web']);
  });

  it('not inline blocks and rules on other groups, nor inline blocks of two groups sharing one configuration block', () => {
    expect(findingsOf('network-open-ingress', [webGroup(['20.0.0.0/8']), rule('b', '21.0.0.0/8', [22, 22], { security_group_id: 'sg-2' })])).toEqual([]);
    const counted = (index: number, cidr: string) => ({ ...webGroup([cidr], {}, `sg-${index}`), address: `aws_security_group.web[${index}]` });
    expect(findingsOf('network-open-ingress', [counted(0, '20.0.0.0/8'), counted(1, '21.0.0.0/8')])).toEqual([]);
  });

  it('an Azure network security group\'s inline rules with a rule resource naming it', () => {
    const inline = { name: 'ssh', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: '22', source_address_prefix: '20.0.0.0/8', destination_address_prefix: '*' };
    const nsg = created('azurerm_network_security_group', { name: 'nsg', resource_group_name: 'rg', security_rule: [inline] }, { name: 'nsg' });
    const standalone = (group: string) =>
      created('azurerm_network_security_rule', { name: 'b', priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: '22', source_address_prefix: '21.0.0.0/8', destination_address_prefix: '*', resource_group_name: 'rg', network_security_group_name: group }, { name: 'b' });
    expect(findingsOf('network-open-ingress', [nsg, standalone('nsg')])).toHaveLength(1);
    expect(findingsOf('network-open-ingress', [nsg, standalone('other')])).toEqual([]);
  });

  it('a rule the plan adds with the rules the group already has: one PR a /8, the next another (audit6b N-a)', () => {
    const existing = (name: string, cidr: string, group = 'sg-1') => {
      const values = { type: 'ingress', security_group_id: group, protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: [cidr], ipv6_cidr_blocks: [] };
      return { type: 'aws_security_group_rule', actions: ['no-op'], before: values, after: values, name, address: `aws_security_group_rule.${name}` };
    };
    expect(messages(findingsOf('network-open-ingress', [existing('a', '20.0.0.0/8'), rule('b', '21.0.0.0/8')]))).toEqual([
      ['high', 'aws_security_group_rule.b (with aws_security_group_rule.a) opens port 22 (SSH) to a large part of the internet ("21.0.0.0/8", "20.0.0.0/8").'],
    ]);
    const unchangedGroup = { ...webGroup(['20.0.0.0/8']), actions: ['no-op'], before: webGroup(['20.0.0.0/8']).after };
    expect(findingsOf('network-open-ingress', [unchangedGroup, rule('b', '21.0.0.0/8')])).toHaveLength(1);
    // What the group already had is not new; nor is a rule added on another group.
    expect(findingsOf('network-open-ingress', [existing('a', '20.0.0.0/8'), existing('b', '21.0.0.0/8')])).toEqual([]);
    expect(findingsOf('network-open-ingress', [existing('a', '20.0.0.0/8', 'sg-2'), rule('b', '21.0.0.0/8')])).toEqual([]);
  });

  it('Azure network security groups: by name and resource group without case, one resource at a time (audit9 N9-3, N9-6)', () => {
    const inline = (cidr: string, port = '22') => ({ name: `r${port}`, priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: port, source_address_prefix: cidr, destination_address_prefix: '*' });
    const nsg = (name: string, cidr: string) => ({ ...created('azurerm_network_security_group', { name: 'nsg-app', resource_group_name: 'rg-app', security_rule: [inline(cidr)] }, { name }), actions: ['no-op'], before: { name: 'nsg-app', resource_group_name: 'rg-app', security_rule: [inline(cidr)] } });
    const standalone = (group: string, scope: string, cidr: string, port = '22') =>
      created('azurerm_network_security_rule', { name: 'b', priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: port, source_address_prefix: cidr, destination_address_prefix: '*', resource_group_name: scope, network_security_group_name: group }, { name: 'b' });
    // Azure compares names without case.
    expect(findingsOf('network-open-ingress', [nsg('app', '20.0.0.0/8'), standalone('NSG-APP', 'RG-App', '21.0.0.0/8')])).toHaveLength(1);
    // One module per subscription: two NSGs answer to one name; a rule on another port does not merge them.
    expect(findingsOf('network-open-ingress', [nsg('prod', '20.0.0.0/8'), nsg('dev', '21.0.0.0/8'), standalone('nsg-app', 'rg-app', '203.0.113.0/24', '443')])).toEqual([]);
  });

  it('a Google firewall the plan leaves as it is joins a new one on the same network and targets (audit9 N9-7)', () => {
    const values = (cidr: string) => ({ name: 'fw', network: 'default', direction: 'INGRESS', disabled: false, source_ranges: [cidr], target_tags: ['web'], allow: [{ protocol: 'tcp', ports: ['22'] }], deny: [] });
    const existing = { type: 'google_compute_firewall', actions: ['no-op'], before: values('20.0.0.0/8'), after: values('20.0.0.0/8'), name: 'a' };
    expect(findingsOf('network-open-ingress', [existing, created('google_compute_firewall', values('21.0.0.0/8'), { name: 'b' })]).map((finding) => finding.address)).toEqual(['google_compute_firewall.b']);
  });

  it('Azure protocol * meets Tcp rules on the same group and port (audit9 L9-3)', () => {
    const standalone = (name: string, protocol: string, cidr: string) =>
      created('azurerm_network_security_rule', { name, priority: 110, direction: 'Inbound', access: 'Allow', protocol, source_port_range: '*', destination_port_range: '22', source_address_prefix: cidr, destination_address_prefix: '*', resource_group_name: 'rg', network_security_group_name: 'nsg' }, { name });
    expect(findingsOf('network-open-ingress', [standalone('a', '*', '20.0.0.0/8'), standalone('b', 'Tcp', '21.0.0.0/8')])).toHaveLength(1);
  });

  it('names the same first rule whatever the locale: by code point (audit9 L9-1)', () => {
    const findings = findingsOf('network-open-ingress', [rule('aa', '20.0.0.0/8'), rule('Z', '21.0.0.0/8')]);
    expect(findings.map((finding) => finding.address)).toEqual(['aws_security_group_rule.Z']);
  });

  it('not across groups, ports or protocols, nor for a combination the group already had', () => {
    expect(findingsOf('network-open-ingress', [rule('a', '20.0.0.0/8'), rule('b', '21.0.0.0/8', [22, 22], { security_group_id: 'sg-2' })])).toEqual([]);
    expect(findingsOf('network-open-ingress', [rule('a', '20.0.0.0/8'), rule('b', '21.0.0.0/8', [5432, 5432])])).toEqual([]);
    expect(findingsOf('network-open-ingress', [rule('a', '20.0.0.0/8'), rule('b', '21.0.0.0/8', [22, 22], { protocol: 'udp' })])).toEqual([]);
    const before = (cidr: string) => ({ type: 'ingress', security_group_id: 'sg-1', protocol: 'tcp', from_port: 22, to_port: 22, cidr_blocks: [cidr], ipv6_cidr_blocks: [], description: 'old' });
    const retagged = (name: string, cidr: string) => updated('aws_security_group_rule', before(cidr), { ...before(cidr), description: 'new' }, { name, address: `aws_security_group_rule.${name}` });
    expect(findingsOf('network-open-ingress', [retagged('a', '20.0.0.0/8'), retagged('b', '21.0.0.0/8')])).toEqual([]);
  });
});
