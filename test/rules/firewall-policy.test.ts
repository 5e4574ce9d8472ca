/** network-open-ingress over GCP firewall-policy rules: direction and action on the resource, sources and ports in match. */
import { describe, expect, it } from 'vitest';
import { created, findingsOf } from '../support/plan-factory.js';

const rule = (fields: Record<string, unknown>, match: Record<string, unknown>) => ({
  firewall_policy: 'locations/global/firewallPolicies/prod',
  priority: 1000,
  direction: 'INGRESS',
  action: 'allow',
  disabled: false,
  ...fields,
  match: [{ src_ip_ranges: ['0.0.0.0/0'], dest_ip_ranges: [], layer4_configs: [{ ip_protocol: 'tcp', ports: ['22'] }], ...match }],
});
const find = (type: string, after: Record<string, unknown>) => findingsOf('network-open-ingress', [created(type, after, { name: 'ssh' })]);

describe('GCP firewall-policy rules', () => {
  it.each(['google_compute_firewall_policy_rule', 'google_compute_network_firewall_policy_rule', 'google_compute_region_network_firewall_policy_rule'])(
    '%s allowing SSH from 0.0.0.0/0 is high',
    (type) => {
      expect(find(type, rule({}, {})).map((finding) => [finding.severity, finding.message])).toEqual([
        ['high', `${type}.ssh (match[0]) opens port 22 (SSH) to the whole internet ("0.0.0.0/0").`],
      ]);
    },
  );

  it('reads ip_protocol all as every port', () => {
    expect(find('google_compute_firewall_policy_rule', rule({}, { layer4_configs: [{ ip_protocol: 'all', ports: [] }] })).map((f) => f.message)).toEqual([
      expect.stringContaining('opens all ports'),
    ]);
  });

  it('reports apply_security_profile_group, which lets the traffic through after inspection', () => {
    expect(find('google_compute_firewall_policy_rule', rule({ action: 'apply_security_profile_group' }, {})).map((f) => f.severity)).toEqual(['high']);
  });

  it('says nothing of deny, goto_next, egress, disabled rules, or a narrow source', () => {
    expect(find('google_compute_firewall_policy_rule', rule({ action: 'deny' }, {}))).toEqual([]);
    expect(find('google_compute_firewall_policy_rule', rule({ action: 'goto_next' }, {}))).toEqual([]);
    expect(find('google_compute_firewall_policy_rule', rule({ direction: 'EGRESS' }, {}))).toEqual([]);
    expect(find('google_compute_firewall_policy_rule', rule({ disabled: true }, {}))).toEqual([]);
    expect(find('google_compute_firewall_policy_rule', rule({}, { src_ip_ranges: ['35.235.240.0/20'] }))).toEqual([]);
  });
});
