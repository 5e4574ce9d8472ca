import { describe, expect, it } from 'vitest';
import { internetCoveringRanges } from '../../src/rules/cidr-coverage.js';
import { created, findingsOf } from '../support/plan-factory.js';

describe('internetCoveringRanges', () => {
  it('finds range sets whose union is all of IPv4 or IPv6', () => {
    expect(internetCoveringRanges(['0.0.0.0/1', '128.0.0.0/1'])).toEqual(['0.0.0.0/1', '128.0.0.0/1']);
    expect(internetCoveringRanges(['128.0.0.0/2', '0.0.0.0/1', '192.0.0.0/2', '10.0.0.0/8'])).toEqual(['128.0.0.0/2', '0.0.0.0/1', '192.0.0.0/2', '10.0.0.0/8']);
    expect(internetCoveringRanges(['::/1', '8000::/1'])).toEqual(['::/1', '8000::/1']);
    // A host address written with its bits set still names its network.
    expect(internetCoveringRanges(['1.2.3.4/1', '200.0.0.1/1'])).toHaveLength(2);
  });

  it('does not when a gap is left, or for non-CIDR values', () => {
    expect(internetCoveringRanges(['0.0.0.0/1', '128.0.0.0/2'])).toEqual([]);
    expect(internetCoveringRanges(['0.0.0.0/1'])).toEqual([]);
    expect(internetCoveringRanges(['10.0.0.0/8', 'sg-123', 'Internet', '999.0.0.0/1', '0.0.0.0/33'])).toEqual([]);
    expect(internetCoveringRanges(['::/1', '8000::/2'])).toEqual([]);
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

  it('says nothing of half the internet', () => {
    expect(findingsOf('network-open-ingress', [sg(['0.0.0.0/1'])])).toEqual([]);
  });

  it('reads Google firewall source_ranges the same way', () => {
    const findings = findingsOf('network-open-ingress', [
      created('google_compute_firewall', { name: 'fw', direction: 'INGRESS', disabled: false, source_ranges: ['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/1'], allow: [{ protocol: 'tcp', ports: ['5432'] }], deny: [] }),
    ]);
    expect(findings.map((finding) => finding.severity)).toEqual(['high']);
  });
});
