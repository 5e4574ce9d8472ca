import { describe, expect, it } from 'vitest';
import { created, findingsOf, updated } from '../../support/plan-factory.js';
import { issueKey, listKey } from '../../../src/rules/iam/issue-key.js';
import { ESCALATION_ACTIONS } from '../../../src/catalog/aws-policy-grammar.js';
import { plainAction } from '../../../src/rules/iam/issue-key.js';
import type { RuleId } from '../../../src/rules/types.js';

const doc = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (fields: Record<string, unknown>) => ({ Effect: 'Allow', ...fields });
const bucketPolicy = (before: string, after: string) => [updated('aws_s3_bucket_policy', { bucket: 'b', policy: before }, { bucket: 'b', policy: after }, { name: 'p' })];
const iamPolicy = (before: string, after: string) => [updated('aws_iam_policy', { name: 'p', policy: before }, { name: 'p', policy: after }, { name: 'p' })];
const count = (ruleId: RuleId, changes: ReturnType<typeof iamPolicy>) => findingsOf(ruleId, changes).length;
const harmless = doc(allow({ Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::other/x'] }));

describe('IAM issue keys: a wider grant never keys like the one before it (audit 26)', () => {
  const publicRead = (resource: string) => doc(allow({ Principal: '*', Action: ['s3:GetObject'], Resource: [resource] }));

  it('F3: a public statement widened from b/public/* to b/* is a new grant', () => {
    expect(count('iam-public-principal', bucketPolicy(publicRead('arn:aws:s3:::b/public/*'), publicRead('arn:aws:s3:::b/*')))).toBe(1);
    // Unchanged, or only reordered: nothing new.
    expect(count('iam-public-principal', bucketPolicy(publicRead('arn:aws:s3:::b/*'), publicRead('arn:aws:s3:::b/*')))).toBe(0);
    expect(count('iam-public-principal', bucketPolicy(harmless, publicRead('arn:aws:s3:::b/*')))).toBe(1);
  });

  it('F4: a public action starting with ! is not NotAction, and one holding a comma is not two', () => {
    const onB = (fields: Record<string, unknown>) => doc(allow({ Principal: '*', Resource: ['arn:aws:s3:::b/*'], ...fields }));
    expect(count('iam-public-principal', bucketPolicy(onB({ Action: ['!s3:GetObject'] }), onB({ NotAction: ['s3:GetObject'] })))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(onB({ Action: ['s3:DeleteObject,s3:PutObject'] }), onB({ Action: ['s3:DeleteObject', 's3:PutObject'] })))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(onB({ Action: ['s3:PutObject', 's3:DeleteObject'] }), onB({ Action: ['s3:DeleteObject', 's3:PutObject'] })))).toBe(0);
  });

  it('F4: the same in a statement naming no resources', () => {
    const onB = (fields: Record<string, unknown>) => doc(allow({ Principal: '*', ...fields }));
    expect(count('iam-public-principal', bucketPolicy(onB({ Action: ['!s3:GetObject'] }), onB({ NotAction: ['s3:GetObject'] })))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(onB({ Action: ['s3:DeleteObject,s3:PutObject'] }), onB({ Action: ['s3:DeleteObject', 's3:PutObject'] })))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(onB({ Action: ['s3:PutObject', 's3:DeleteObject'] }), onB({ Action: ['s3:DeleteObject', 's3:PutObject'] })))).toBe(0);
  });

  it('F5: NotAction ["*"] on "*:iam" is not NotAction ["iam:*"] on "*"', () => {
    const after = doc(allow({ NotAction: ['iam:*'], Resource: ['*'] }));
    expect(count('iam-wildcard-action', iamPolicy(doc(allow({ NotAction: ['*'], Resource: ['*:iam'] })), after))).toBe(1);
    expect(count('iam-wildcard-action', iamPolicy(doc(allow({ NotAction: ['*', 'organizations:*'], Resource: ['*:iam'] })), doc(allow({ NotAction: ['iam:*', 'organizations:*'], Resource: ['*'] }))))).toBe(1);
    expect(count('iam-wildcard-action', iamPolicy(harmless, after))).toBe(1);
    expect(count('iam-wildcard-action', iamPolicy(after, after))).toBe(0);
  });

  it('F5: a wildcard action and its resources never split another way', () => {
    // "*:*" on "x" and "*" on "*:x" would both join as action:*:*:x.
    expect(count('iam-wildcard-action', iamPolicy(doc(allow({ Action: ['*:*'], Resource: ['x'] })), doc(allow({ Action: ['*'], Resource: ['*:x'] }))))).toBe(1);
    expect(count('iam-wildcard-action', iamPolicy(doc(allow({ Action: ['*'], Resource: ['*:x'] })), doc(allow({ Action: ['*:*'], Resource: ['x'] }))))).toBe(1);
    expect(count('iam-wildcard-action', iamPolicy(doc(allow({ Action: ['*:*'], Resource: ['x'] })), doc(allow({ Action: ['*:*'], Resource: ['x'] }))))).toBe(0);
  });

  it('F6: write actions on "*": one action holding a comma is not two', () => {
    const after = doc(allow({ Action: ['s3:PutObject', 's3:DeleteObject'], Resource: '*' }));
    expect(count('iam-wildcard-resource', iamPolicy(doc(allow({ Action: ['s3:DeleteObject,s3:PutObject'], Resource: '*' })), after))).toBe(1);
    expect(count('iam-wildcard-resource', iamPolicy(harmless, after))).toBe(1);
    expect(count('iam-wildcard-resource', iamPolicy(after, doc(allow({ Action: ['s3:DeleteObject', 's3:PutObject'], Resource: '*' }))))).toBe(0);
  });

  it('past 64 wildcard actions, a pattern holding a comma is not two', () => {
    const services = Array.from({ length: 64 }, (_, i) => `svc${i}:*`);
    // "*,q:*" is a wildcard of a service named "*,q"; sorted and joined, ["*", "q:*"] spelled it.
    const before = doc(allow({ Action: [...services, '*,q:*'], Resource: 'arn:aws:s3:::b/*' }));
    const after = doc(allow({ Action: [...services, '*', 'q:*'], Resource: 'arn:aws:s3:::b/*' }));
    expect(count('iam-wildcard-action', iamPolicy(before, after))).toBe(1);
  });

  it('Azure custom roles: a wildcard holding a comma is not two', () => {
    const role = (actions: string[]) => ({ name: 'c', scope: '/subscriptions/0000', permissions: [{ actions, data_actions: [] }] });
    const change = updated('azurerm_role_definition', role(['Microsoft.Authorization/*,Microsoft.Compute/*']), role(['Microsoft.Authorization/*', 'Microsoft.Compute/*']), { name: 'c' });
    expect(findingsOf('iam-wildcard-action', [change])).toHaveLength(1);
  });
});

describe('IAM issue keys: an escalation action granted by a wildcard (audit 28 F5)', () => {
  const onEvery = (...actions: string[]) => doc(allow({ Action: actions, Resource: '*' }));
  const onRoles = (...actions: string[]) => doc(allow({ Action: actions, Resource: 'arn:aws:iam::111122223333:role/*' }));

  it('a literal escalation action widened to a wildcard matching it is a new grant', () => {
    expect(count('iam-wildcard-resource', iamPolicy(onEvery('iam:PassRole'), onEvery('iam:*Role')))).toBe(1);
    expect(count('iam-wildcard-resource', iamPolicy(onRoles('iam:PassRole'), onRoles('iam:*Role')))).toBe(1);
    expect(count('iam-wildcard-resource', iamPolicy(onEvery('sts:AssumeRole'), onEvery('sts:AssumeRole*')))).toBe(1);
    expect(count('iam-wildcard-resource', iamPolicy(onEvery('iam:PassRole'), onEvery('iam:PassRole', 'iam:*Role')))).toBe(1);
    expect(count('iam-wildcard-resource', iamPolicy(onEvery('iam:Pass*'), onEvery('iam:*Role')))).toBe(1);
  });

  it('the same patterns, or a literal added beside the wildcard, are no new grant', () => {
    expect(count('iam-wildcard-resource', iamPolicy(onEvery('iam:*Role'), onEvery('iam:*Role')))).toBe(0);
    expect(count('iam-wildcard-resource', iamPolicy(onEvery('iam:*Role'), onEvery('IAM:*role', 'iam:PassRole')))).toBe(0);
    expect(count('iam-wildcard-resource', iamPolicy(onEvery('iam:PassRole'), onEvery('iam:passrole')))).toBe(0);
  });

  it('the finding names the wildcard; a literal keys as it did', () => {
    const [wide] = findingsOf('iam-wildcard-resource', iamPolicy(harmless, onEvery('iam:*Role')));
    expect(wide!.message).toContain('allows iam:PassRole (by "iam:*Role") on every resource');
    const grants = (findingsOf('iam-wildcard-resource', iamPolicy(harmless, onEvery('iam:PassRole')))[0]!.evidence as { grants: { grant: string }[] }).grants;
    expect(grants.map((grant) => grant.grant.split('\u0000').slice(0, 3))).toEqual([['iam-wildcard-resource', 'escalation:iam:passrole:*', '[]']]);
  });
});

describe('IAM issue keys: the conditions of a public statement (audit 28 F1)', () => {
  const publicRead = allow({ Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
  const taggedOnly = allow({ ...publicRead, Condition: { StringEquals: { 's3:ExistingObjectTag/public': 'yes' } } });
  const halfInternet = allow({ ...publicRead, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } } });

  it('dropping or loosening a condition that does not limit who is a new grant', () => {
    expect(count('iam-public-principal', bucketPolicy(doc(taggedOnly), doc(publicRead)))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(doc(halfInternet), doc(publicRead)))).toBe(1);
    const otherHalf = allow({ ...publicRead, Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/2'] } } });
    expect(count('iam-public-principal', bucketPolicy(doc(halfInternet), doc(otherHalf)))).toBe(1);
    const anyFederated = (condition?: unknown) => doc(allow({ Principal: { Federated: '*' }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) }));
    const trust = (before: string, after: string) => [updated('aws_iam_role', { name: 'r', assume_role_policy: before }, { name: 'r', assume_role_policy: after }, { name: 'r' })];
    expect(count('iam-public-principal', trust(anyFederated({ StringEqualsIfExists: { 'aws:RequestTag/team': 'a' } }), anyFederated()))).toBe(1);
  });

  it('adding a condition, or keeping them, is no new grant', () => {
    expect(count('iam-public-principal', bucketPolicy(doc(publicRead), doc(taggedOnly)))).toBe(0);
    expect(count('iam-public-principal', bucketPolicy(doc(taggedOnly), doc(taggedOnly)))).toBe(0);
    const both = allow({ ...publicRead, Condition: { StringEquals: { 's3:ExistingObjectTag/public': 'yes' }, IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } } });
    expect(count('iam-public-principal', bucketPolicy(doc(taggedOnly), doc(both)))).toBe(0);
  });

  it('a public statement without conditions keys as before, one with them apart from it', () => {
    const grantOf = (policy: string) => (findingsOf('iam-public-principal', bucketPolicy(harmless, policy))[0]!.evidence as { grants: { grant: string }[] }).grants[0]!.grant;
    const bare = `iam-public-principal\u0000${issueKey('public', ['every principal ("Principal": "*")', 's3:getobject', 'arn:aws:s3:::b/*'], false)}`;
    // The rule, the key, then who receives it (the bucket).
    expect(grantOf(doc(publicRead))).toBe(`${bare}\u0000{"bucket":"b"}`);
    expect(grantOf(doc(taggedOnly))).toBe(`${bare}\u0000[{"key":"s3:existingobjecttag/public","operator":"stringequals","values":["yes"]}]\u0000{"bucket":"b"}`);
  });
});

describe('IAM issue keys: the principals a NotPrincipal Allow leaves out (audit 28 F4)', () => {
  const np = (ids: string[], fields: Record<string, unknown> = {}) => doc(allow({ NotPrincipal: { AWS: ids }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...fields }));
  const [one, two] = ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'];

  it('fewer principals left out is a new grant; more, or the same, is not', () => {
    expect(count('iam-public-principal', bucketPolicy(np([one, two]), np([one])))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(np([one]), np([two])))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(np([one]), np([one, two])))).toBe(0);
    expect(count('iam-public-principal', bucketPolicy(np([one, two]), np([two, one])))).toBe(0);
    const tagged = { Condition: { StringEquals: { 's3:ExistingObjectTag/public': 'yes' } } };
    expect(count('iam-public-principal', bucketPolicy(np([one], tagged), np([one])))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(np([one]), np([one, two], tagged)))).toBe(0);
  });
});

describe('IAM issue keys: Deny statements beside a grant (audit 26 F7)', () => {
  const s3All = allow({ Action: ['s3:*'], Resource: '*' });
  const denyDeletes = { Effect: 'Deny', Action: ['s3:DeleteBucket', 's3:DeleteObject'], Resource: '*' };

  it('removing a Deny beside an Allow that stays is a new grant', () => {
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' }), doc(s3All)))).toBe(1);
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyDeletes), doc(s3All)))).toBe(1);
  });

  it('narrowing a Deny (fewer actions, fewer resources, a condition added) is a new grant', () => {
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyDeletes), doc(s3All, { ...denyDeletes, Action: ['s3:DeleteBucket'] })))).toBe(1);
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyDeletes), doc(s3All, { ...denyDeletes, Resource: 'arn:aws:s3:::logs/*' })))).toBe(1);
    const mfaOnly = { ...denyDeletes, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyDeletes), doc(s3All, mfaOnly)))).toBe(1);
  });

  it('adding or strengthening a Deny is no new grant', () => {
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All), doc(s3All, denyDeletes)))).toBe(0);
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyDeletes), doc(s3All, { ...denyDeletes, Action: ['s3:Delete*', 's3:PutBucketPolicy'] })))).toBe(0);
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, { ...denyDeletes, Resource: 'arn:aws:s3:::logs/*' }), doc(s3All, denyDeletes)))).toBe(0);
    const mfaOnly = { ...denyDeletes, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } };
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, mfaOnly), doc(s3All, denyDeletes)))).toBe(0);
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyDeletes), doc(s3All, { Effect: 'Deny', Action: '*', Resource: '*' })))).toBe(0);
    // Unchanged Denies, reordered statements: nothing new.
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyDeletes), doc(denyDeletes, s3All)))).toBe(0);
  });

  it('a NotAction Deny is stronger when it excepts fewer actions', () => {
    const denyAllBut = (...excepted: string[]) => ({ Effect: 'Deny', NotAction: excepted, Resource: '*' });
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyAllBut('s3:GetObject', 's3:ListBucket')), doc(s3All, denyAllBut('s3:GetObject'))))).toBe(0);
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, denyAllBut('s3:GetObject')), doc(s3All, denyAllBut('s3:GetObject', 's3:ListBucket'))))).toBe(1);
  });

  it('thousands of Allows beside thousands of changed Denies: every grant compared, in one pass', () => {
    const statements = (changed: boolean) => [
      ...Array.from({ length: 3000 }, (_, k) => allow({ Action: [`svc${k}:*`], Resource: '*' })),
      ...Array.from({ length: 3000 }, (_, k) => ({ Effect: 'Deny', NotAction: [`svc${k}:Get${changed && k % 2 === 1 ? 'X' : ''}`], Resource: '*' })),
    ];
    const findings = findingsOf('iam-wildcard-action', iamPolicy(doc(...statements(false)), doc(...statements(true))));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.details).toHaveLength(3000);
  });

  it('a Deny of another service limits nothing the grant gives: removing it is not reported', () => {
    expect(count('iam-wildcard-action', iamPolicy(doc(s3All, { Effect: 'Deny', Action: 'ec2:*', Resource: '*' }), doc(s3All)))).toBe(0);
  });

  it('the Deny beside a public statement: removing it reports the public grant again', () => {
    const publicRead = allow({ Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
    const denyOutsideVpc = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } };
    expect(count('iam-public-principal', bucketPolicy(doc(publicRead, denyOutsideVpc), doc(publicRead)))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(doc(publicRead), doc(publicRead, denyOutsideVpc)))).toBe(0);
  });

  it('a Deny for everyone rewritten for {"Service": "*"} (or another type holding "*") is narrowed, not strengthened (audit 28 F2)', () => {
    const publicRead = allow({ Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
    const denyOutsideVpc = (principal: unknown) => ({ Effect: 'Deny', Principal: principal, Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } });
    const before = doc(publicRead, denyOutsideVpc({ AWS: 'arn:aws:iam::111122223333:root' }));
    expect(count('iam-public-principal', bucketPolicy(doc(publicRead, denyOutsideVpc('*')), doc(publicRead, denyOutsideVpc({ Service: '*' }))))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(doc(publicRead, denyOutsideVpc('*')), doc(publicRead, denyOutsideVpc({ Nobody: '*' }))))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(before, doc(publicRead, denyOutsideVpc({ Service: '*' }))))).toBe(1);
    expect(count('iam-public-principal', bucketPolicy(before, doc(publicRead, denyOutsideVpc({ NotAWS: '*' }))))).toBe(1);
    // "*" and {"AWS": "*"} deny every caller: stronger than any principal.
    expect(count('iam-public-principal', bucketPolicy(before, doc(publicRead, denyOutsideVpc({ AWS: '*' }))))).toBe(0);
    expect(count('iam-public-principal', bucketPolicy(before, doc(publicRead, denyOutsideVpc({ AWS: ['arn:aws:iam::111122223333:root', '*'] }))))).toBe(0);
    expect(count('iam-public-principal', bucketPolicy(doc(publicRead, denyOutsideVpc({ AWS: '*' })), doc(publicRead, denyOutsideVpc('*'))))).toBe(0);
  });

  it('a Deny removed from one inline policy while another holds the same Allow is a new grant (audit 28 F3)', () => {
    const role = (policies: string[]) => ({
      name: 'r',
      assume_role_policy: doc(allow({ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })),
      inline_policy: policies.map((policy, i) => ({ name: `p${i}`, policy })),
    });
    const roleChange = (before: string[], after: string[]) => [updated('aws_iam_role', role(before), role(after), { name: 'r' })];
    const findings = findingsOf('iam-wildcard-action', roleChange([doc(s3All, denyDeletes), doc(s3All)], [doc(s3All), doc(s3All)]));
    // Every Deny of a role's inline policies limits each of its grants: both Allows lost it (audit 30 F3).
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringContaining('inline_policy[0].policy'), expect.stringContaining('inline_policy[1].policy')]);
    // The policy holding the Deny removed whole: the Allow left in its place lost it too.
    expect(count('iam-wildcard-action', roleChange([doc(s3All, denyDeletes), doc(s3All)], [doc(s3All)]))).toBe(1);
    // Kept, strengthened, or moved with its Allow to another place: nothing new.
    expect(count('iam-wildcard-action', roleChange([doc(s3All, denyDeletes), doc(s3All)], [doc(s3All, denyDeletes), doc(s3All)]))).toBe(0);
    expect(count('iam-wildcard-action', roleChange([doc(s3All, denyDeletes), doc(s3All)], [doc(s3All, { ...denyDeletes, Action: 's3:Delete*' }), doc(s3All)]))).toBe(0);
    expect(count('iam-wildcard-action', roleChange([doc(s3All, denyDeletes), harmless], [harmless, doc(s3All, denyDeletes)]))).toBe(0);
    expect(count('iam-wildcard-action', roleChange([doc(s3All), doc(s3All)], [doc(s3All), doc(s3All)]))).toBe(0);
  });

  it('a Deny removed from an inline policy is found wherever the set lists the policies (audit 30 F3)', () => {
    // Terraform lists inline_policy (a set) by name: a rename or a new policy sorting before it moves a document.
    const named = (list: [string, string][]) => ({
      name: 'r',
      assume_role_policy: doc(allow({ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' })),
      inline_policy: list.map(([name, policy]) => ({ name, policy })),
    });
    const roleChange = (before: [string, string][], after: [string, string][]) => [updated('aws_iam_role', named(before), named(after), { name: 'r' })];
    // A4: the audit 28 F3 case plus a policy "ba" added, sorting between b and c.
    // Both Allows of s3:* lost the Deny: both reported.
    expect(count('iam-wildcard-action', roleChange([['b', doc(s3All)], ['c', doc(s3All, denyDeletes)]], [['b', doc(s3All)], ['ba', harmless], ['c', doc(s3All)]]))).toBe(2);
    // A3: the same by renaming c to z, past e.
    expect(count('iam-wildcard-action', roleChange([['b', doc(s3All)], ['c', doc(s3All, denyDeletes)], ['e', harmless]], [['b', doc(s3All)], ['e', harmless], ['z', doc(s3All)]]))).toBe(2);
    // A1: the document holding the Deny drops its s3:* too; another still allows it, now unlimited.
    expect(count('iam-wildcard-action', roleChange([['p0', doc(s3All, denyDeletes)], ['p1', doc(s3All)]], [['p0', harmless], ['p1', doc(s3All)]]))).toBe(1);
    // A2: the grant moved to another position without its Deny, a third document already holding it.
    expect(count('iam-wildcard-action', roleChange([['p0', doc(s3All, denyDeletes)], ['p1', harmless], ['p2', doc(s3All)]], [['p0', harmless], ['p1', doc(s3All)], ['p2', doc(s3All)]]))).toBe(2);
    // Nothing lost: renamed with its Deny, moved with its Deny to another document holding the grant, or a policy added before it.
    expect(count('iam-wildcard-action', roleChange([['b', doc(s3All)], ['c', doc(s3All, denyDeletes)]], [['b', doc(s3All)], ['z', doc(s3All, denyDeletes)]]))).toBe(0);
    expect(count('iam-wildcard-action', roleChange([['b', doc(s3All)], ['c', doc(s3All, denyDeletes)]], [['b', doc(s3All, denyDeletes)], ['c', doc(s3All)]]))).toBe(0);
    expect(count('iam-wildcard-action', roleChange([['b', doc(s3All)], ['c', doc(s3All, denyDeletes)]], [['a', harmless], ['b', doc(s3All)], ['c', doc(s3All, denyDeletes)]]))).toBe(0);
  });

  it('a grant with Denies fingerprints apart from the same grant without them', () => {
    const [withDeny] = findingsOf('iam-wildcard-action', [created('aws_iam_policy', { name: 'p', policy: doc(s3All, denyDeletes) })]);
    const [without] = findingsOf('iam-wildcard-action', [created('aws_iam_policy', { name: 'p', policy: doc(s3All) })]);
    expect(JSON.stringify(withDeny!.evidence)).not.toBe(JSON.stringify(without!.evidence));
  });
});

describe('IAM issue keys: the exclusions of an Azure custom role (audit 28 F7)', () => {
  const role = (notActions: string[], notDataActions: string[] = []) => ({
    name: 'c',
    scope: '/subscriptions/0000',
    permissions: [{ actions: ['*'], not_actions: notActions, data_actions: ['Microsoft.Storage/*'], not_data_actions: notDataActions }],
  });
  const change = (before: ReturnType<typeof role>, after: ReturnType<typeof role>) => [updated('azurerm_role_definition', before, after, { name: 'c' })];
  const contributor = ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action'];

  it('removing an exclusion beside a wildcard is a new grant', () => {
    expect(findingsOf('iam-wildcard-action', change(role(contributor), role([])))).toHaveLength(1);
    expect(findingsOf('iam-wildcard-action', change(role(contributor), role(contributor.slice(1))))).toHaveLength(1);
    const blobs = ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'];
    expect(findingsOf('iam-wildcard-action', change(role([], blobs), role([], [])))).toHaveLength(1);
  });

  it('keeping, reordering or adding exclusions is no new grant', () => {
    expect(findingsOf('iam-wildcard-action', change(role(contributor), role([...contributor].reverse())))).toEqual([]);
    expect(findingsOf('iam-wildcard-action', change(role([]), role(contributor)))).toEqual([]);
    expect(findingsOf('iam-wildcard-action', change(role(contributor.slice(1)), role(contributor.map((action) => action.toUpperCase()))))).toEqual([]);
  });
});

describe('IAM issue keys: the condition of a Google policy_data binding (audit 28 F8)', () => {
  const expires = { title: 'expires', expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' };
  const policy = (condition?: unknown, member = 'user:contractor@example.com', role = 'roles/owner') => ({
    project: 'p',
    policy_data: JSON.stringify({ bindings: [{ role, members: [member], ...(condition ? { condition } : {}) }] }),
  });
  const change = (before: ReturnType<typeof policy>, after: ReturnType<typeof policy>) => [updated('google_project_iam_policy', before, after, { name: 'p' })];

  it('a binding that loses or changes its condition is a new grant', () => {
    expect(findingsOf('iam-admin-policy', change(policy(expires), policy()))).toHaveLength(1);
    expect(findingsOf('iam-admin-policy', change(policy(expires), policy({ ...expires, expression: 'request.time < timestamp("2099-01-01T00:00:00Z")' })))).toHaveLength(1);
    expect(findingsOf('iam-public-principal', change(policy(expires, 'allUsers', 'roles/viewer'), policy(undefined, 'allUsers', 'roles/viewer')))).toHaveLength(1);
  });

  it('keeping it (renamed or not), or adding one, is no new grant', () => {
    expect(findingsOf('iam-admin-policy', change(policy(expires), policy(expires)))).toEqual([]);
    expect(findingsOf('iam-admin-policy', change(policy(expires), policy({ ...expires, title: 'until 2027' })))).toEqual([]);
    expect(findingsOf('iam-admin-policy', change(policy(), policy(expires)))).toEqual([]);
  });
});

describe('Google policy_data names read as the provider reads them: any case, the last of several (audit 30 F1)', () => {
  // The provider decodes policy_data with Go's encoding/json: a key matches a field whatever its case.
  const expires = { title: 'expires', expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' };
  const data = (value: unknown) => ({ project: 'p', policy_data: JSON.stringify(value) });
  const change = (before: unknown, after: unknown) => [updated('google_project_iam_policy', data(before), data(after), { name: 'p' })];
  const create = (value: unknown) => [created('google_project_iam_policy', data(value), { name: 'p' })];
  const owner = (extra: Record<string, unknown> = {}) => ({ role: 'roles/owner', members: ['user:contractor@example.com'], ...extra });
  const viewer = { role: 'roles/viewer', members: ['user:a@example.com'] };

  it('"Bindings", "Members", "Role" alone are read (G4c: allUsers given roles/owner through "Bindings" was no finding)', () => {
    expect(findingsOf('iam-public-principal', create({ Bindings: [{ role: 'roles/owner', members: ['allUsers'] }] }))).toHaveLength(1);
    expect(findingsOf('iam-public-principal', create({ bindings: [{ role: 'roles/viewer', Members: ['allUsers'] }] }))).toHaveLength(1);
    expect(findingsOf('iam-admin-policy', create({ bindings: [{ ROLE: 'roles/owner', members: ['user:a@example.com'] }] }))).toHaveLength(1);
    // Go folds Unicode simply: the long s is an s, the Kelvin sign a k.
    expect(findingsOf('iam-public-principal', create({ binding\u017F: [{ role: 'roles/viewer', members: ['allUsers'] }] }))).toHaveLength(1);
    expect(findingsOf('iam-admin-policy', create({ bindings: [{ role: 'roles/owner', members: ['user:a@example.com'] }], bindings_: [] }))).toHaveLength(1);
    expect(findingsOf('iam-admin-policy', create({ bindings: [{ role: 'roles/owner', \u212Aeep: 1, members: ['user:a@example.com'] }] }))).toHaveLength(1);
  });

  it('a second spelling beside the lower-case one is read too (G3-G5: a role, members, bindings hidden beside harmless ones)', () => {
    expect(findingsOf('iam-admin-policy', change({ bindings: [viewer] }, { bindings: [{ ...viewer, Role: 'roles/owner' }] }))).toHaveLength(1);
    expect(findingsOf('iam-public-principal', change({ bindings: [] }, { bindings: [], Bindings: [{ role: 'roles/viewer', members: ['allUsers'] }] }))).toHaveLength(1);
    expect(findingsOf('iam-public-principal', change({ bindings: [viewer] }, { bindings: [{ ...viewer, Members: ['allUsers'] }] }))).toHaveLength(1);
  });

  it('a condition or expression spelt twice is no longer the condition alone (G1, G2: loosened unseen)', () => {
    expect(findingsOf('iam-admin-policy', change({ bindings: [owner({ condition: expires })] }, { bindings: [owner({ condition: { ...expires, Expression: 'true' } })] }))).toHaveLength(1);
    expect(findingsOf('iam-admin-policy', change({ bindings: [owner({ condition: expires })] }, { bindings: [owner({ condition: expires, Condition: { expression: 'true' } })] }))).toHaveLength(1);
    expect(findingsOf('iam-admin-policy', change({ bindings: [owner({ condition: expires })] }, { bindings: [owner({ condition: expires, Condition: null })] }))).toHaveLength(1);
  });

  it('the same names unchanged, or a condition spelt otherwise alike, are nothing new', () => {
    const twice = { bindings: [owner({ condition: expires, Condition: { expression: 'true' } })] };
    expect(findingsOf('iam-admin-policy', change(twice, twice))).toEqual([]);
    expect(findingsOf('iam-admin-policy', change({ bindings: [owner({ condition: expires })] }, { Bindings: [owner({ Condition: { Expression: expires.expression } })] }))).toEqual([]);
  });
});

describe('issueKey and listKey', () => {
  it('join plain parts as keys always were, and write any other in JSON', () => {
    expect(issueKey('action', ['s3:*', 'arn:aws:s3:::b/*'], true)).toBe('action:s3:*:arn:aws:s3:::b/*');
    expect(issueKey('action', ['*:s3', 'x'], false)).toBe('action["*:s3","x"]');
    expect(issueKey('public', ['x', 'a\u0000b'], true)).toBe('public["x","a\\u0000b"]');
    expect(listKey(['s3:getobject', 's3:putobject'])).toBe('s3:getobject,s3:putobject');
    expect(listKey(['s3:a,s3:b'])).toBe('["s3:a,s3:b"]');
  });

  it('every escalation action of the catalog is plain, so escalation keys stay joined', () => {
    expect(ESCALATION_ACTIONS.filter((row) => !plainAction(row.action))).toEqual([]);
  });
});
