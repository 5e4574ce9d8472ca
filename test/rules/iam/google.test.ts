import { describe, expect, it } from 'vitest';
import { created, findingsOf, updated } from '../../support/plan-factory.js';

describe('iam-admin-policy (Google)', () => {
  it('reports owner and editor on a project, folder or organization, for members, bindings and policies', () => {
    const findings = findingsOf('iam-admin-policy', [
      created('google_project_iam_member', { project: 'p', role: 'roles/owner', member: 'user:alice@example.com' }),
      created('google_folder_iam_binding', { folder: 'folders/1', role: 'roles/editor', members: ['group:ops@example.com', 'user:bob@example.com'] }),
      created('google_organization_iam_policy', {
        org_id: '1',
        policy_data: JSON.stringify({ bindings: [{ role: 'roles/viewer', members: ['user:carol@example.com'] }, { role: 'roles/iam.securityAdmin', members: ['user:dave@example.com'] }] }),
      }),
    ]);
    expect(findings.map((finding) => [finding.address, finding.severity, finding.message, finding.details])).toEqual([
      ['google_project_iam_member.this', 'high', 'google_project_iam_member.this grants "roles/owner" on the whole project to "user:alice@example.com": full control, including IAM and billing.', []],
      [
        'google_folder_iam_binding.this',
        'high',
        'google_folder_iam_binding.this grants "roles/editor" on the whole folder to "group:ops@example.com": change and delete almost every resource. (1 more in the same attribute: see the details)',
        ['"group:ops@example.com" gets "roles/editor" on the folder', '"user:bob@example.com" gets "roles/editor" on the folder'],
      ],
      ['google_organization_iam_policy.this', 'high', 'google_organization_iam_policy.this grants "roles/iam.securityAdmin" on the whole organization to "user:dave@example.com": set any IAM policy, so it can grant itself anything.', []],
    ]);
    expect(findings[0]!.remediation).toBe('Replace "roles/owner" with a predefined role scoped to what "user:alice@example.com" needs.');
  });

  it('never prints a variable value as the member', () => {
    const findings = findingsOf('iam-admin-policy', [created('google_project_iam_member', { project: 'p', role: 'roles/owner', member: 'user:secret-admin@example.com' })], {
      variables: { admin_member: 'user:secret-admin@example.com' },
    });
    expect(findings.map((finding) => finding.message)).toEqual(['google_project_iam_member.this grants "roles/owner" on the whole project to (sensitive): full control, including IAM and billing.']);
    expect(JSON.stringify(findings)).not.toContain('secret-admin');
  });

  it('stays quiet on predefined roles and on basic roles granted on a single resource', () => {
    expect(findingsOf('iam-admin-policy', [
      created('google_project_iam_member', { project: 'p', role: 'roles/storage.objectViewer', member: 'user:alice@example.com' }),
      created('google_storage_bucket_iam_member', { bucket: 'b', role: 'roles/storage.admin', member: 'user:alice@example.com' }),
    ])).toEqual([]);
  });

  it('reports only members an update adds to a binding', () => {
    const findings = findingsOf('iam-admin-policy', [
      updated('google_project_iam_binding', { role: 'roles/owner', members: ['user:a@example.com'] }, { role: 'roles/owner', members: ['user:a@example.com', 'user:b@example.com'] }),
    ]);
    expect(findings.map((finding) => finding.message)).toEqual(['google_project_iam_binding.this grants "roles/owner" on the whole project to "user:b@example.com": full control, including IAM and billing.']);
  });
});

describe('iam-public-principal (Google)', () => {
  it('reports allUsers and allAuthenticatedUsers on any resource', () => {
    const findings = findingsOf('iam-public-principal', [
      created('google_storage_bucket_iam_member', { bucket: 'b', role: 'roles/storage.objectViewer', member: 'allUsers' }),
      created('google_cloud_run_service_iam_binding', { service: 's', role: 'roles/run.invoker', members: ['allAuthenticatedUsers'] }),
      created('google_pubsub_topic_iam_policy', { topic: 't', policy_data: JSON.stringify({ bindings: [{ role: 'roles/pubsub.publisher', members: ['allUsers', 'user:x@example.com'] }] }) }),
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'google_storage_bucket_iam_member.this grants "roles/storage.objectViewer" to allUsers, that is anyone on the internet.',
      'google_cloud_run_service_iam_binding.this grants "roles/run.invoker" to allAuthenticatedUsers, that is anyone with a Google account.',
      'google_pubsub_topic_iam_policy.this grants "roles/pubsub.publisher" to allUsers, that is anyone on the internet.',
    ]);
    expect(findings.map((finding) => finding.remediation)).toEqual([
      'Remove allUsers from the member; grant the role to specific users, groups or service accounts.',
      'Remove allAuthenticatedUsers from the members; grant the role to specific users, groups or service accounts.',
      'Remove allUsers from the policy bindings; grant the role to specific users, groups or service accounts.',
    ]);
  });

  it('says when the public grant covers a whole project', () => {
    const findings = findingsOf('iam-public-principal', [created('google_project_iam_member', { project: 'p', role: 'roles/viewer', member: 'allAuthenticatedUsers' })]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'google_project_iam_member.this grants "roles/viewer" to allAuthenticatedUsers, that is anyone with a Google account on the whole project.',
    ]);
  });

  it('does not mistake non-IAM resources with similar names for IAM carriers', () => {
    expect(findingsOf('iam-public-principal', [
      created('google_project_iam_member_remove', { project: 'p', role: 'roles/viewer', member: 'allUsers' }),
      created('google_project_iam_custom_role', { role_id: 'r', permissions: ['storage.buckets.get'] }),
    ])).toEqual([]);
  });
});

describe('iam-unverifiable (Google)', () => {
  it('reports policy_data known only after apply, and invalid policy_data', () => {
    const findings = findingsOf('iam-unverifiable', [
      created('google_project_iam_policy', { project: 'p' }, { name: 'later', afterUnknown: { policy_data: true } }),
      created('google_project_iam_policy', { project: 'p', policy_data: '{"bindings": ' }, { name: 'broken' }),
    ]);
    expect(findings.map((finding) => [finding.severity, finding.message])).toEqual([
      ['info', 'google_project_iam_policy.later: `policy_data` is known only after apply, so the bindings it sets could not be checked for admin roles or public members.'],
      ['info', 'google_project_iam_policy.broken: `policy_data` could not be checked: it is not valid JSON.'],
    ]);
  });

  it('reports an admin role granted to a member known only after apply as admin, not as unverifiable', () => {
    const change = created('google_project_iam_member', { project: 'p', role: 'roles/owner' }, { afterUnknown: { member: true } });
    expect(findingsOf('iam-unverifiable', [change])).toEqual([]);
    expect(findingsOf('iam-public-principal', [change])).toEqual([]);
    const findings = findingsOf('iam-admin-policy', [
      change,
      created('google_project_iam_binding', { project: 'p', role: 'roles/editor', members: ['user:a@example.com', null] }, { name: 'mixed', afterUnknown: { members: [false, true] } }),
    ]);
    expect(findings.map((finding) => [finding.message, finding.remediation, finding.details])).toEqual([
      [
        'google_project_iam_member.this grants "roles/owner" on the whole project to a member known only after apply: full control, including IAM and billing.',
        'Replace "roles/owner" with a predefined role scoped to what this member needs.',
        [],
      ],
      [
        'google_project_iam_binding.mixed grants "roles/editor" on the whole project to "user:a@example.com": change and delete almost every resource. (1 more in the same attribute: see the details)',
        'Replace "roles/editor" with a predefined role scoped to what "user:a@example.com" needs.',
        ['"user:a@example.com" gets "roles/editor" on the project', 'a member known only after apply gets "roles/editor" on the project'],
      ],
    ]);
  });
});

describe('policy_data names spelled twice, one of them null (audit 33 F0)', () => {
  // Go's encoding/json leaves a string as it was for a null and empties a list: the grant stands.
  const data = (policy: unknown) => ({ project: 'p', policy_data: JSON.stringify(policy) });
  const create = (policy: unknown) => [created('google_project_iam_policy', data(policy), { name: 'p' })];
  it('a null Role, Members or Bindings beside the lower-case one hides no grant', () => {
    expect(findingsOf('iam-admin-policy', create({ bindings: [{ role: 'roles/owner', Role: null, members: ['allUsers'] }] }))).toHaveLength(1);
    expect(findingsOf('iam-public-principal', create({ bindings: [{ role: 'roles/owner', Members: null, members: ['allUsers'] }] }))).toHaveLength(1);
    expect(findingsOf('iam-admin-policy', create({ Bindings: null, bindings: [{ role: 'roles/owner', members: ['allUsers'] }] }))).toHaveLength(1);
  });

  it('nor on an update that adds such a binding', () => {
    const viewer = { role: 'roles/viewer', members: ['user:a@example.com'] };
    const change = updated('google_project_iam_policy', data({ bindings: [viewer] }), data({ bindings: [viewer, { role: 'roles/owner', Role: null, members: ['user:evil@example.com'] }] }), { name: 'p' });
    expect(findingsOf('iam-admin-policy', [change])).toHaveLength(1);
  });

  it('a null condition spelled after the real one drops it, as Go does: the grant reads as unconditional', () => {
    const timed = { role: 'roles/owner', members: ['user:a@example.com'], condition: { expression: 'request.time < timestamp("2027-01-01T00:00:00Z")', title: 't' } };
    const change = updated('google_project_iam_policy', data({ bindings: [timed] }), data({ bindings: [{ ...timed, Condition: null }] }), { name: 'p' });
    expect(findingsOf('iam-admin-policy', [change])).toHaveLength(1);
  });
});

describe('policy_data lists holding null (audit 35 F1)', () => {
  // Go's encoding/json reads a null element as an empty binding or an empty member: the grants beside it stand.
  const create = (policy: unknown) => [created('google_project_iam_policy', { project: 'p', policy_data: JSON.stringify(policy) }, { name: 'p' })];
  it('a null binding or member beside an owner grant to allUsers hides neither', () => {
    expect(findingsOf('iam-admin-policy', create({ bindings: [null, { role: 'roles/owner', members: ['allUsers'] }] }))).toHaveLength(1);
    expect(findingsOf('iam-admin-policy', create({ bindings: [{ role: 'roles/owner', members: ['allUsers', null] }] }))).toHaveLength(1);
    expect(findingsOf('iam-public-principal', create({ bindings: [{ role: 'roles/owner', members: ['allUsers', null] }] }))).toHaveLength(1);
  });
});

describe('policy_data keys spelled exactly alike twice (audit 35 F0)', () => {
  // JSON.parse keeps the last of two keys spelled alike; Go's decoder applies both, in order, and a
  // null leaves a string as it was. The texts are written by hand: JSON.stringify cannot repeat a key.
  const create = (policyData: string) => [created('google_project_iam_policy', { project: 'p', policy_data: policyData }, { name: 'p' })];
  const rules = (policyData: string) =>
    (['iam-admin-policy', 'iam-public-principal', 'iam-unverifiable'] as const).flatMap((ruleId) => findingsOf(ruleId, create(policyData)).map((finding) => `${ruleId} ${finding.severity}`));

  it("the audit's repro: a null role after roles/owner hides neither the owner grant nor allUsers", () => {
    expect(rules('{"bindings":[{"role":"roles/owner","role":null,"members":["allUsers"]}]}')).toEqual(['iam-admin-policy high', 'iam-public-principal high']);
  });

  it('a repeated Role or role beside its other spelling, a null after the value, and a repeated bindings list', () => {
    expect(rules('{"bindings":[{"Role":"roles/owner","role":"roles/viewer","Role":null,"members":["allUsers"]}]}')).toEqual(['iam-admin-policy high', 'iam-public-principal high']);
    expect(rules('{"bindings":[{"role":"roles/owner","Role":null,"role":null,"members":["user:a@example.com"]}]}')).toEqual(['iam-admin-policy high']);
    expect(rules('{"bindings":[{"role":"roles/viewer","members":["user:b@example.com"]}],"bindings":[{"role":"roles/owner","role":null,"members":["user:a@example.com"]}]}')).toEqual(['iam-admin-policy high']);
  });

  it('a text without a repeated key reads as before', () => {
    expect(rules('{"bindings":[{"role":"roles/viewer","members":["user:a@example.com"],"condition":{"title":"t\\":","expression":"x"}}]}')).toEqual([]);
    expect(rules('{"bindings": [{"role" :null, "members": ["allUsers"]}]}')).toEqual(['iam-unverifiable info']);
  });

  it('the before side is read as Go applied it: a phantom owner grant there is not already held (audit 36 F6)', () => {
    const after = '{"bindings":[{"role":"roles/owner","members":["user:evil@example.com"]}]}';
    const update = (before: string) => findingsOf('iam-admin-policy', [updated('google_project_iam_policy', { project: 'p', policy_data: before }, { project: 'p', policy_data: after }, { name: 'p' })]);
    // up2: Go applied roles/viewer (the last non-null string).
    expect(update('{"bindings":[{"role":"roles/owner","role":"roles/viewer","members":["user:evil@example.com"]}]}').map((f) => f.severity)).toEqual(['high']);
    expect(update(after)).toEqual([]);
  });
});

describe('policy_data of any length (audit 36 F2)', () => {
  // A spread of a list past V8's argument limit (~130,000) threw: "internal error", exit 2.
  it('reads 150,000 members and 150,000 bindings', () => {
    const count = 150_000;
    const members = Array.from({ length: count }, (_, index) => `user:u${index}@example.com`);
    const create = (policy: unknown) => [created('google_project_iam_policy', { project: 'p', policy_data: JSON.stringify(policy) }, { name: 'p' })];
    expect(findingsOf('iam-admin-policy', create({ bindings: [{ role: 'roles/viewer', members }, { role: 'roles/owner', members: ['allUsers'] }] }))).toHaveLength(1);
    const bindings = members.map((member) => ({ role: 'roles/viewer', members: [member] }));
    expect(findingsOf('iam-admin-policy', create({ bindings: [...bindings, { role: 'roles/owner', members: ['allUsers'] }] }))).toHaveLength(1);
  });
});

describe('several bindings lists: Go decodes element i of a later list into element i of the earlier one (audit 36 F1)', () => {
  // encoding/json reuses the existing *Binding (golang/go#21092): the fields a later element names
  // overwrite, the others stay. Read as the union of element i's fields across the lists.
  const rulesOf = (changes: ReturnType<typeof created>[]) =>
    (['iam-admin-policy', 'iam-public-principal', 'iam-unverifiable'] as const).flatMap((ruleId) => findingsOf(ruleId, changes).map((finding) => `${ruleId} ${finding.severity} ${finding.message}`));
  const create = (policyData: string) => rulesOf([created('google_project_iam_policy', { project: 'p', policy_data: policyData }, { name: 'p' })]);
  const update = (type: string, before: string, after: string) => rulesOf([updated(type, { policy_data: before }, { policy_data: after }, { name: 'p' })]);
  const owner = (member: string) => `iam-admin-policy high google_project_iam_policy.p grants "roles/owner" on the whole project to "${member}": full control, including IAM and billing.`;
  const evilOwner = owner('user:evil@example.com');
  const publicOwner = 'iam-public-principal high google_project_iam_policy.p grants "roles/owner" to allUsers, that is anyone on the internet on the whole project.';

  it('s1, s2, k2: a viewer binding of a user, then a list of one owner binding without members, is owner to that user', () => {
    expect(create('{"bindings":[{"role":"roles/viewer","members":["user:evil@example.com"]}],"bindings":[{"role":"roles/owner"}]}')).toEqual([evilOwner]);
    expect(create('{"Bindings":[{"role":"roles/viewer","members":["user:evil@example.com"]}],"bindings":[{"role":"roles/owner"}]}')).toEqual([evilOwner]);
    expect(create('{"bindings":[{"role":"roles/viewer","members":["user:evil@example.com"]}],"bindingſ":[{"role":"roles/owner"}]}')).toEqual([evilOwner]);
  });

  it('u1, b1: an update of a public viewer binding whose later list names an admin role only', () => {
    const viewer = '{"bindings":[{"role":"roles/viewer","members":["allUsers"]}]}';
    expect(update('google_project_iam_policy', viewer, '{"bindings":[{"role":"roles/viewer","members":["allUsers"]}],"bindings":[{"role":"roles/owner"}]}')).toEqual([owner('allUsers'), publicOwner]);
    const objectViewer = '{"bindings":[{"role":"roles/storage.objectViewer","members":["allUsers"]}]}';
    expect(update('google_storage_bucket_iam_policy', objectViewer, '{"bindings":[{"role":"roles/storage.objectViewer","members":["allUsers"]}],"bindings":[{"role":"roles/storage.admin"}]}')).toEqual([
      'iam-public-principal high google_storage_bucket_iam_policy.p grants "roles/storage.admin" to allUsers, that is anyone on the internet.',
    ]);
  });

  it('c1: a later element with a null condition makes the earlier conditional grant unconditional', () => {
    const condition = '{"expression":"request.time < timestamp(\\"2020-01-01T00:00:00Z\\")","title":"expired"}';
    const before = `{"bindings":[{"role":"roles/owner","members":["user:evil@example.com"],"condition":${condition}}]}`;
    expect(update('google_project_iam_policy', before, before)).toEqual([]);
    expect(update('google_project_iam_policy', before, `{"bindings":[{"role":"roles/owner","members":["user:evil@example.com"],"condition":${condition}}],"bindings":[{"role":"roles/owner","condition":null}]}`)).toEqual([evilOwner]);
  });

  it('an element naming only members takes the role of the element it is decoded into; one list reads as before', () => {
    expect(create('{"bindings":[{"role":"roles/owner"}],"bindings":[{"members":["allUsers"]}]}')).toEqual([owner('allUsers'), publicOwner]);
    expect(create('{"bindings":[{"role":"roles/viewer","members":["user:evil@example.com"]},{"role":"roles/owner"}]}')).toEqual([]);
    expect(create('{"bindings":[{"members":["allUsers"]}]}')).toEqual(['iam-unverifiable info google_project_iam_policy.p: `policy_data` could not be checked: binding 1 has no role.']);
  });

  it('G1: a list reset between the lists drops the earlier condition in Go: a time-bound owner grant made permanent is new (audit 39)', () => {
    const condition = '{"expression":"request.time < timestamp(\\"2020-01-01T00:00:00Z\\")","title":"expired"}';
    const before = `{"bindings":[{"role":"roles/owner","members":["user:evil@example.com"],"condition":${condition}}]}`;
    const first = `{"role":"roles/owner","members":["user:evil@example.com"],"condition":${condition}}`;
    for (const reset of ['[]', 'null', '[null]']) {
      const after = `{"bindings":[${first}],"bindings":${reset},"bindings":[{"role":"roles/owner"}],"bindings":[{"members":["user:evil@example.com"]}]}`;
      expect(update('google_project_iam_policy', before, after)).toEqual([evilOwner]);
    }
    const spelled = `{"bindings":[${first}],"Bindings":[],"BINDINGS":[{"role":"roles/owner"}],"bindingſ":[{"members":["user:evil@example.com"]}]}`;
    expect(update('google_project_iam_policy', before, spelled)).toEqual([evilOwner]);
  });

  it('G3: many roles and members in one binding, and thousands of lists, read in linear time (audit 39)', () => {
    const roles = Array.from({ length: 7000 }, (_, n) => `"role":"roles/custom${n}"`).join(',');
    const members = Array.from({ length: 7000 }, (_, n) => `"members":["user:u${n}@example.com"]`).join(',');
    const started = performance.now();
    const findings = create(`{"bindings":[{${roles},"role":"roles/owner",${members},"members":["allUsers"]}]}`);
    expect(findings.map((finding) => finding.split(' ').slice(0, 2).join(' '))).toEqual(['iam-admin-policy high', 'iam-public-principal high']);
    expect(findings[0]).toContain('"roles/owner"');
    const lists = Array.from({ length: 9000 }, (_, n) => `"bindings":[{"role":"roles/custom${n}","members":["user:u${n}@example.com"]}]`).join(',');
    // Index 0 of every list is one element to Go: each role with each member is read (the union, a superset).
    const merged = create(`{${lists},"bindings":[{"role":"roles/owner","members":["allUsers"]}]}`);
    expect(merged.map((finding) => finding.split(' (')[0])).toEqual([owner('allUsers'), publicOwner]);
    // Seconds where the product of roles and members, or lists x the longest list, was built (4 GB, then out of memory).
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('an element no list gives a role grants nothing and hides nothing beside it (Go cuts it off, or the API refuses it)', () => {
    // From the auditor's comparison with Go's decoder: each is owner to allUsers to Go.
    expect(create('{"bindings":[],"bindings":[{"ROLE":"roles/owner"},{"Members":null,"condition":null}],"bindings":[{"Members":["allUsers"],"role":"roles/owner"}]}')).toEqual([owner('allUsers'), publicOwner]);
    expect(create('{"bindings":[{"Members":["user:c@x.com",null]}],"bindings":[null,{"role":"roles/owner","Members":["allUsers"]}]}')).toEqual([owner('allUsers'), publicOwner]);
    expect(create('{"bindings":[{"Members":null,"Members":["allUsers"]},{"condition":{"expression":"E1"},"Members":null}],"bindings":[{"ROLE":"roles/owner"}]}')).toEqual([owner('allUsers'), publicOwner]);
  });
});
