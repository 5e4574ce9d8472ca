/**
 * An admin role's own trust policy is bound into the fingerprint by its meaning, not its text
 * (audit 3, F2: d5842d1 bound the JSON text, so re-serializing it cancelled approvals). The
 * forms below are the audit's: the same grantees written six ways, as `jsonencode`, a heredoc or
 * `aws_iam_policy_document` and provider versions write them.
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { created, planJson } from '../support/plan-factory.js';

const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
const services = ['lambda.amazonaws.com', 'ec2.amazonaws.com'];
const statement = { Effect: 'Allow', Principal: { Service: services }, Action: 'sts:AssumeRole' };
const document = { Version: '2012-10-17', Statement: [statement] };

function fingerprintOf(assumeRolePolicy: string, tags: Record<string, string> = {}): string {
  const role = created('aws_iam_role', { name: 'worker', managed_policy_arns: [admin], assume_role_policy: assumeRolePolicy, tags }, { name: 'worker' });
  const { report } = analyzePlans([loadPlanJson(planJson([role]), 'plan.json')], DEFAULT_POLICY);
  expect(report.blocking, 'the admin role must block for its fingerprint to mean anything').toBe(true);
  return report.fingerprint;
}

describe('fingerprint: an admin role trust policy by its meaning (audit 3, F2)', () => {
  const approved = fingerprintOf(JSON.stringify(document, null, 2));

  it.each([
    ['minified', JSON.stringify(document)],
    ['with keys in another order', JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: services }, Effect: 'Allow' }], Version: '2012-10-17' })],
    ['with the principals in another order', JSON.stringify({ ...document, Statement: [{ ...statement, Principal: { Service: [...services].reverse() } }] })],
    ['with the action as a one-item list', JSON.stringify({ ...document, Statement: [{ ...statement, Action: ['sts:AssumeRole'] }] })],
    ['with a Sid', JSON.stringify({ ...document, Statement: [{ Sid: 'TrustLambda', ...statement }] })],
  ])('is the same %s', (_, text) => {
    expect(fingerprintOf(text)).toBe(approved);
  });

  it('is the same after a tag edit, and changes when the role is trusted to another account or one more service', () => {
    expect(fingerprintOf(JSON.stringify(document), { Owner: 'someone-else' })).toBe(approved);
    expect(fingerprintOf(JSON.stringify({ ...document, Statement: [{ ...statement, Principal: { AWS: 'arn:aws:iam::999999999999:root' } }] }))).not.toBe(approved);
    expect(fingerprintOf(JSON.stringify({ ...document, Statement: [{ ...statement, Principal: { Service: [...services, 'ecs-tasks.amazonaws.com'] } }] }))).not.toBe(approved);
  });
});

describe('fingerprint: a trust policy that repeats a key (audit 35 F0)', () => {
  it('changes when the occurrence JSON.parse drops names another account, and not for a repeat of the same value', () => {
    const approved = fingerprintOf(JSON.stringify(document));
    const text = (principal: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",${principal},"Principal":${JSON.stringify({ Service: services })},"Action":"sts:AssumeRole"}]}`;
    expect(fingerprintOf(text(`"Principal":${JSON.stringify({ Service: services })}`))).toBe(approved);
    expect(fingerprintOf(text('"Principal":{"AWS":"arn:aws:iam::999999999999:root"}'))).not.toBe(approved);
  });

  it('never equals a plain document: "X repeated as Y" differs from "X and Y" and from "Y" (audit 36 F4)', () => {
    const X = 'arn:aws:iam::999988887777:root';
    const Y = 'arn:aws:iam::111122223333:root';
    const trust = (principal: string) => `{"Effect":"Allow","Action":"sts:AssumeRole","Principal":${principal}}`;
    const A = fingerprintOf(`{"Version":"2012-10-17","Statement":[${trust(`{"AWS":"${X}","AWS":"${Y}"}`)}]}`);
    const B = fingerprintOf(`{"Version":"2012-10-17","Statement":[${trust(`{"AWS":"${X}"}`)},${trust(`{"AWS":"${Y}"}`)}]}`);
    const C = fingerprintOf(`{"Version":"2012-10-17","Statement":[${trust(`{"AWS":"${Y}"}`)}]}`);
    expect(A).not.toBe(B);
    expect(A).not.toBe(C);
    expect(B).not.toBe(C);
  });
});
