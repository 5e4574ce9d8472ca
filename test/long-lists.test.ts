/**
 * Lists of any length: a plan with tens of thousands of findings, and values holding lists of
 * hundreds of thousands of items, are analyzed and reported in every format. (Spreading such a
 * list into a call's arguments, `push(...list)` or `Math.max(...list)`, overflows the stack past
 * about 120,000 items: "internal error: Maximum call stack size exceeded".)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { created, deleted, planJson } from './support/plan-factory.js';
import { runCliCaptured } from './support/run-cli.js';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;

function planFile(json: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'long-lists-')), 'plan.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}

describe('lists of any length', () => {
  it('20,000 deleted databases: every format reports them, the comment cut to its limit', () => {
    const changes = Array.from({ length: 20_000 }, (_, k) => deleted('aws_db_instance', { identifier: `db-${k}`, engine: 'postgres', deletion_protection: false }, { name: `db${k}` }));
    const path = planFile(planJson(changes));
    for (const format of FORMATS) {
      const run = runCliCaptured(['analyze', path, '--format', format, '--block-on', 'none']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      if (format === 'json') expect((JSON.parse(run.stdout) as { plans: { findings: unknown[] }[] }).plans[0]!.findings.length).toBeGreaterThan(20_000);
      if (format === 'markdown') expect(run.stdout.length).toBeLessThanOrEqual(65_536);
    }
  }, 120_000);

  it('security groups and firewalls listing 200,000 sources or ports', () => {
    const cidrs = Array.from({ length: 200_000 }, (_, k) => `${(k >> 16) + 1}.${(k >> 8) & 255}.${k & 255}.0/24`);
    const path = planFile(
      planJson([
        created('aws_security_group', { name: 'wide', ingress: [{ from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: [...cidrs, '0.0.0.0/0'], ipv6_cidr_blocks: [] }] }, { name: 'wide' }),
        // Public ranges adding up to a large part of the internet, with no 0.0.0.0/0 among them
        // (each looked for among the ranges that reach it: 77 s for 300,000 when that was a list).
        created('aws_security_group', { name: 'broad', ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: cidrs, ipv6_cidr_blocks: [] }] }, { name: 'broad' }),
        created('google_compute_firewall', { name: 'ports', direction: 'INGRESS', source_ranges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: Array.from({ length: 200_000 }, (_, k) => String(1 + (k % 60_000))) }] }, { name: 'ports' }),
      ]),
    );
    const run = runCliCaptured(['analyze', path, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { plans: { findings: { ruleId: string; address: string | null }[] }[] }).plans[0]!.findings;
    const open = findings.filter((finding) => finding.ruleId === 'network-open-ingress').map((finding) => finding.address);
    expect(open.sort()).toEqual(['aws_security_group.broad', 'aws_security_group.wide', 'google_compute_firewall.ports']);
  });

  it('an IAM statement granting 5,000 service-wide actions on 5,000 resources: one finding, in seconds (audit 23 F1)', () => {
    // Before: one issue per action, each keyed and evidenced with the whole statement: 47 s, then
    // "internal error: Invalid string length" (10,000 of each: out of memory).
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: Array.from({ length: 5000 }, (_, k) => `svc${k}:*`), Resource: Array.from({ length: 5000 }, (_, k) => `arn:aws:s3:::bucket-${k}/*`) }],
    });
    const path = planFile(planJson([created('aws_iam_policy', { name: 'wide', policy }, { name: 'wide' })]));
    const run = runCliCaptured(['analyze', path, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { plans: { findings: { ruleId: string; message: string }[] }[] }).plans[0]!.findings.filter((finding) => finding.ruleId === 'iam-wildcard-action');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('allows 5,000 wildcard actions, "svc0:*", "svc1:*", "svc2:*", "svc3:*", and 4996 more, on "arn:aws:s3:::bucket-0/*"');
  });
});
