/**
 * An approval covers what the approver saw, not a wider version of it (issue #7, attack 2): after
 * a maintainer approves, a push that widens a blocking finding's evidence (an IAM grant from s3:*
 * to *, ingress on 5432 to every port plus 22 and 3389, a mass delete of 10 to 400) takes the
 * label off, fails the check and says what changed; a push that changes only unrelated
 * resources, the order of the plan or names keeps the approval.
 */
import { describe, expect } from 'vitest';
import { sha, type FakeGitHub } from '../support/github-server.js';
import { created, deleted, planJson, type ChangeSpec } from '../support/plan-factory.js';
import { storedStateOf } from '../support/run-action.js';
import { analyzeRun, CHECK_NAME, expectRun, LABEL, labelRun, openPullRequest, TEAM, test, theComment } from './scenario.js';

/** Resources that exist before every plan here, so that only the finding under test blocks. */
const EXISTING = [{ address: 'aws_s3_bucket.existing', type: 'aws_s3_bucket' }];

function plan(changes: ChangeSpec[]): { json: unknown } {
  const prior = changes.filter((change) => change.before !== undefined).map((change) => ({ address: `${change.type}.${change.name ?? 'this'}`, type: change.type }));
  return { json: planJson(changes, { priorResources: [...EXISTING, ...prior] }) };
}

const unrelated = (name: string) => created('aws_cloudwatch_log_group', { name, retention_in_days: 30 }, { name });

const iamPolicy = (action: string, sid = 'Data') =>
  created(
    'aws_iam_policy',
    {
      name: 'app',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' },
          { Sid: sid, Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::data/*' },
        ],
      }),
    },
    { name: 'app' },
  );

const ingress = (from: number, to: number) => ({ description: 'from anywhere', from_port: from, to_port: to, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false });
const securityGroup = (rules: [number, number][]) => created('aws_security_group', { name: 'db', ingress: rules.map(([from, to]) => ingress(from, to)), egress: [] }, { name: 'db' });

/** Deletes of objects that are not stateful: only mass-delete fires. */
const deletes = (count: number) => Array.from({ length: count }, (_, index) => deleted('terraform_data', { id: `old-${index}` }, { name: `old${index}` }));

interface Widening {
  title: string;
  number: number;
  approved: ChangeSpec[];
  /** The same blocking evidence, with unrelated changes, another order or other names. */
  same: ChangeSpec[];
  widened: ChangeSpec[];
  /** How the comment names the changed finding. */
  changed: string;
}

const WIDENINGS: Widening[] = [
  {
    title: 'an IAM grant widened from s3:* to *',
    number: 90,
    approved: [iamPolicy('s3:*')],
    same: [unrelated('audit'), iamPolicy('S3:*', 'Renamed')],
    widened: [iamPolicy('*')],
    changed: '`iam-wildcard-action` on `aws_iam_policy.app`',
  },
  {
    title: 'ingress on 5432 widened to every port plus 22 and 3389',
    number: 91,
    approved: [securityGroup([[5432, 5432]])],
    same: [securityGroup([[5432, 5432]]), unrelated('audit')],
    widened: [securityGroup([[0, 65535], [22, 22], [3389, 3389]])],
    changed: '`network-open-ingress` on `aws_security_group.db`',
  },
  {
    title: 'a mass delete of 10 resources grown to 400',
    number: 92,
    approved: deletes(10),
    same: [unrelated('audit'), ...deletes(10).reverse()],
    widened: deletes(400),
    changed: '`mass-delete` on the whole plan',
  },
];

function removals(fake: FakeGitHub): number {
  return fake.requests.filter((request) => request.operationId === 'issues/remove-label').length;
}

describe.concurrent('an approval does not stretch to a wider change', () => {
  for (const widening of WIDENINGS) {
    test(widening.title, async ({ fake }) => {
      const n = widening.number;
      openPullRequest(fake, n);
      const first = await analyzeRun(fake, n, { plan: plan(widening.approved) });
      expectRun(first, 0);
      expect(first.outputs).toMatchObject({ blocking: 'true', approved: 'false' });
      fake.addLabel(n, LABEL, TEAM.maintainer);
      const approved = await labelRun(fake, n, 'labeled', TEAM.maintainer);
      expect(approved.outputs).toMatchObject({ approved: 'true', 'approved-by': TEAM.maintainer });

      // Unrelated changes, another order, other names: the approval holds on the new head.
      fake.push(n, sha(`head-${n}-2`));
      const same = await analyzeRun(fake, n, { plan: plan(widening.same), action: 'synchronize' });
      expectRun(same, 0);
      expect(same.outputs).toMatchObject({ fingerprint: first.outputs['fingerprint'], approved: 'true', 'approved-by': TEAM.maintainer });
      expect(fake.latestCheckRun(sha(`head-${n}-2`), CHECK_NAME)?.conclusion).toBe('success');
      expect(removals(fake)).toBe(0);

      // The widening: a new fingerprint, the label off, the check red, the comment saying what changed.
      fake.push(n, sha(`head-${n}-3`));
      const widened = await analyzeRun(fake, n, { plan: plan(widening.widened), action: 'synchronize' });
      expectRun(widened, 0);
      expect(widened.outputs['fingerprint']).not.toBe(first.outputs['fingerprint']);
      expect(widened.outputs).toMatchObject({ blocking: 'true', approved: 'false', 'approved-by': '' });
      expect(removals(fake)).toBe(1);
      expect(fake.labelsOn(n)).not.toContain(LABEL);
      expect(fake.latestCheckRun(sha(`head-${n}-3`), CHECK_NAME)?.conclusion).toBe('failure');
      const comment = theComment(fake, n);
      expect(comment.body).toContain('was for an earlier plan');
      expect(comment.body).toContain(`**Since the approval:** changed (what they grant, open, destroy or switch off differs): ${widening.changed}`);
      expect(widened.summary).toContain('**Since the approval:**');
      expect(fake.latestCheckRun(sha(`head-${n}-3`), CHECK_NAME)?.output?.summary).toContain('**Since the approval:**');
      expect(storedStateOf(comment.body)).toMatchObject({ fingerprint: widened.outputs['fingerprint'], approval: null });
    });
  }
});
