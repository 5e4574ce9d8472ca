import { describe, expect, it } from 'vitest';
import { findingsOf, updated } from '../../support/plan-factory.js';

const policy = (resource: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: resource }] });

describe('the resources of an issue key', () => {
  it('a resource holding a comma is not two resources (audit 25 F0)', () => {
    // Joined by commas, both lists read "mine/x,prod-data/*": s3:* on prod-data/* was taken for a grant already there.
    const before = { name: 'p', policy: policy(['arn:aws:s3:::mine/x,arn:aws:s3:::prod-data/*']) };
    const after = { name: 'p', policy: policy(['arn:aws:s3:::mine/x', 'arn:aws:s3:::prod-data/*']) };
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', before, after, { name: 'p' })])).toHaveLength(1);
  });

  it('a resource starting with ! is not NotResource', () => {
    const before = { name: 'p', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], NotResource: ['arn:aws:s3:::a'] }] }) };
    const after = { name: 'p', policy: policy(['!arn:aws:s3:::a']) };
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', before, after, { name: 'p' })])).toHaveLength(1);
  });

  it('the same resources, reordered, are the same grant', () => {
    const before = { name: 'p', policy: policy(['arn:aws:s3:::a', 'arn:aws:s3:::b']) };
    const after = { name: 'p', policy: policy(['arn:aws:s3:::a', 'arn:aws:s3:::b']) };
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', before, after, { name: 'p' })])).toHaveLength(0);
  });

  it('NotAction: two actions excluded are not one action holding a comma', () => {
    const notAction = (excluded: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: excluded, Resource: '*' }] });
    // After, s3:DeleteBucket and s3:DeleteObject are no longer excluded: granted.
    const before = { name: 'p', policy: notAction(['s3:DeleteBucket', 's3:DeleteObject']) };
    const after = { name: 'p', policy: notAction(['s3:DeleteBucket,s3:DeleteObject']) };
    expect(findingsOf('iam-wildcard-action', [updated('aws_iam_policy', before, after, { name: 'p' })])).toHaveLength(1);
  });
});
