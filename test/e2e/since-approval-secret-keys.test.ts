/**
 * "Since the approval" compares like with like (audit 27 F2): the findings an approver saw are
 * remembered with their addresses scrubbed (`…["(sensitive)"]`), so the current ones are
 * scrubbed the same way before they are compared. Before, no finding on a secret-keyed address
 * ever matched: every one was listed both as new and as no longer found.
 */
import { describe, expect } from 'vitest';
import { sha } from '../support/github-server.js';
import { analyzeRun, LABEL, labelRun, openPullRequest, TEAM, test, theComment } from './scenario.js';

const KEYS = { db: 'Qz01!K:pw', policy: 'Qz08!K:pw', kms: 'Qz19!K:pw', n2: 'Qz23!K:pw' };

function resource(type: string, name: string, key: string, actions: string[], before: unknown, after: unknown): unknown {
  return {
    address: `${type}.${name}[${JSON.stringify(key)}]`, mode: 'managed', type, name, index: key, provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions, before, after, before_sensitive: before === null ? false : {}, after_sensitive: after === null ? false : {}, after_unknown: {} },
  };
}

const db = (name: string, key: string) => resource('aws_db_instance', name, key, ['delete'], { identifier: name, engine: 'postgres', deletion_protection: false, skip_final_snapshot: true }, null);
const policy = resource('aws_iam_policy', 'p', KEYS.policy, ['create'], null, { name: 'admin', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) });
const kms = resource('aws_kms_key', 'kk', KEYS.kms, ['update'], { is_enabled: true, description: 'k' }, { is_enabled: false, description: 'k' });

function plan(resources: unknown[]): unknown {
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    variables: { secrets: { value: Object.values(KEYS) } },
    configuration: { root_module: { variables: { secrets: { sensitive: true } } } },
    resource_changes: resources,
  };
}

describe('what changed since an approval, on secret-keyed addresses', () => {
  test('names only what changed: the destroyed DB that left and the one that came', async ({ fake }) => {
    const n = 171;
    openPullRequest(fake, n);
    await analyzeRun(fake, n, { plan: { json: plan([db('db', KEYS.db), policy, kms]) } });
    fake.addLabel(n, LABEL, TEAM.maintainer);
    await labelRun(fake, n, 'labeled', TEAM.maintainer);
    fake.push(n, sha(`head-${n}-2`));
    await analyzeRun(fake, n, { plan: { json: plan([policy, kms, db('n2', KEYS.n2)]) }, action: 'synchronize' });
    const body = theComment(fake, n).body;
    const line = body.split('\n').find((each) => each.startsWith('**Since the approval:**')) ?? '';
    expect(line).toContain('new: `stateful-delete` on `aws_db_instance.n2["(sensitive)"]`');
    expect(line).toContain('no longer found: `stateful-delete` on `aws_db_instance.db["(sensitive)"]`');
    // The unchanged findings on the policy and the key are neither new nor gone.
    expect(line).not.toContain('aws_iam_policy.p');
    expect(line).not.toContain('aws_kms_key.kk');
    for (const key of Object.values(KEYS)) expect(body).not.toContain(key);
  });
});
