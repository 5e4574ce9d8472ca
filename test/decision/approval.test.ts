import { describe, expect, it } from 'vitest';
import {
  decideApproval,
  effectiveRole,
  fingerprintApprovedBy,
  rememberApproval,
  roleAtLeast,
  type ApprovalFacts,
  type LabelEvent,
} from '../../src/decision/approval.js';

const CURRENT = 'f'.repeat(64);
const EARLIER = 'e'.repeat(64);

function labelled(login: string, overrides: Partial<LabelEvent> = {}): LabelEvent {
  return { id: 42, actor: { login, type: 'User' }, createdAt: '2026-11-21T10:00:00Z', viaApp: false, ...overrides };
}

/** A blocking PR by `author`, labelled by `maintainer` (role write) after the last report of CURRENT. */
function facts(overrides: Partial<ApprovalFacts> = {}): ApprovalFacts {
  return {
    blocking: true,
    fingerprint: CURRENT,
    labelOnPullRequest: true,
    latestLabeled: labelled('maintainer'),
    actorPermission: { roleName: 'write', permission: 'write' },
    pullRequestAuthor: 'author',
    contributors: ['author'],
    settings: { approvers: [], approverPermission: 'write', allowSelfApproval: false },
    memory: { fingerprint: CURRENT, labelEventId: null, approval: null },
    triggeredByLabel: false,
    ...overrides,
  };
}

describe('decideApproval', () => {
  it('refuses anyone who authored, committed, co-authored or force-pushed a commit of the PR', () => {
    const decision = decideApproval(facts({ contributors: ['author', 'maintainer'], latestLabeled: labelled('Maintainer') }));
    expect(decision).toEqual({ status: 'ineligible', actor: 'Maintainer', reason: 'contributor', role: 'write', removeLabel: true });
  });

  it('refuses when the contributors could not be read, unless allow-self-approval', () => {
    expect(decideApproval(facts({ contributors: null }))).toMatchObject({ status: 'ineligible', reason: 'contributors-unknown' });
    expect(decideApproval(facts({ contributors: ['maintainer'], settings: { approvers: [], approverPermission: 'write', allowSelfApproval: true } }))).toMatchObject({ status: 'approved' });
  });

  it('approves a label added after the report by a write collaborator', () => {
    expect(decideApproval(facts())).toEqual({
      status: 'approved',
      record: { fingerprint: CURRENT, by: 'maintainer', eventId: 42, at: '2026-11-21T10:00:00Z' },
    });
  });

  it('needs no approval when nothing blocks, whatever the label says', () => {
    expect(decideApproval(facts({ blocking: false }))).toEqual({ status: 'not-needed' });
    expect(decideApproval(facts({ blocking: false, labelOnPullRequest: false, latestLabeled: null }))).toEqual({ status: 'not-needed' });
  });

  it('is pending without the label on the PR (label added then removed)', () => {
    // The events still hold the labeled event; only the label on the PR now counts.
    expect(decideApproval(facts({ labelOnPullRequest: false }))).toEqual({ status: 'pending' });
  });

  it('credits nobody with a label whose labeled event is missing', () => {
    expect(decideApproval(facts({ latestLabeled: null }))).toEqual({ status: 'unknown-labeller' });
  });

  it('refuses the PR author approving their own PR', () => {
    const decision = decideApproval(facts({ latestLabeled: labelled('Author'), actorPermission: { roleName: 'admin', permission: 'admin' } }));
    expect(decision).toEqual({ status: 'ineligible', actor: 'Author', reason: 'self-approval', role: 'admin', removeLabel: true });
  });

  it('lets the author approve when allow-self-approval is set', () => {
    const decision = decideApproval(
      facts({ latestLabeled: labelled('author'), settings: { approvers: [], approverPermission: 'write', allowSelfApproval: true } }),
    );
    expect(decision.status).toBe('approved');
  });

  it.each([
    ['a Bot-type account', labelled('renovate', { actor: { login: 'renovate', type: 'Bot' } })],
    ['a login ending in [bot]', labelled('ai-agent[bot]', { actor: { login: 'ai-agent[bot]', type: 'User' } })],
    ['a user acting through a GitHub App', labelled('maintainer', { viaApp: true })],
  ])('refuses %s, even with admin rights', (_name, event) => {
    const decision = decideApproval(facts({ latestLabeled: event, actorPermission: { roleName: 'admin', permission: 'admin' } }));
    expect(decision).toMatchObject({ status: 'ineligible', reason: 'bot', removeLabel: true });
  });

  it.each([
    ['triage', 'read'],
    ['read', 'read'],
  ])('refuses the %s role', (roleName, permission) => {
    const decision = decideApproval(facts({ actorPermission: { roleName, permission } }));
    expect(decision).toEqual({ status: 'ineligible', actor: 'maintainer', reason: 'insufficient-permission', role: roleName, removeLabel: true });
  });

  it('refuses a non-collaborator', () => {
    expect(decideApproval(facts({ actorPermission: null }))).toMatchObject({ status: 'ineligible', reason: 'insufficient-permission', role: 'none' });
  });

  it.each([
    ['maintain', 'write', 'ineligible'],
    ['maintain', 'maintain', 'approved'],
    ['maintain', 'admin', 'approved'],
    ['admin', 'maintain', 'ineligible'],
    ['admin', 'admin', 'approved'],
  ] as const)('approver-permission %s with role %s → %s', (minimum, roleName, status) => {
    const decision = decideApproval(
      facts({ actorPermission: { roleName, permission: roleName === 'maintain' ? 'write' : roleName }, settings: { approvers: [], approverPermission: minimum, allowSelfApproval: false } }),
    );
    expect(decision.status).toBe(status);
  });

  it('uses the permission field for a custom role', () => {
    const custom = (permission: string) => facts({ actorPermission: { roleName: 'security-reviewer', permission } });
    expect(decideApproval(custom('write')).status).toBe('approved');
    expect(decideApproval(custom('read'))).toMatchObject({ status: 'ineligible', role: 'read' });
  });

  it('honours the approvers list, case-insensitively', () => {
    const settings = { approvers: ['alice', 'bob'], approverPermission: 'write' as const, allowSelfApproval: false };
    expect(decideApproval(facts({ settings, latestLabeled: labelled('Alice') })).status).toBe('approved');
    expect(decideApproval(facts({ settings, latestLabeled: labelled('carol'), actorPermission: { roleName: 'admin', permission: 'admin' } }))).toMatchObject({
      status: 'ineligible',
      reason: 'not-an-approver',
    });
  });

  it('still requires the permission of a listed approver', () => {
    const settings = { approvers: ['alice'], approverPermission: 'write' as const, allowSelfApproval: false };
    expect(decideApproval(facts({ settings, latestLabeled: labelled('alice'), actorPermission: { roleName: 'triage', permission: 'read' } }))).toMatchObject({
      reason: 'insufficient-permission',
    });
  });

  it('judges the latest labeled event: a re-add by someone else replaces an earlier approval', () => {
    const memory = { fingerprint: CURRENT, labelEventId: 42, approval: { fingerprint: CURRENT, by: 'maintainer', eventId: 42, at: 't' } };
    // Removed and re-added by the author: the author's event is now the latest.
    const byAuthor = decideApproval(facts({ memory, latestLabeled: labelled('author', { id: 77 }) }));
    expect(byAuthor).toMatchObject({ status: 'ineligible', actor: 'author', reason: 'self-approval' });
    // Re-added by another maintainer: their event approves what the last report showed.
    const byOther = decideApproval(facts({ memory, latestLabeled: labelled('other', { id: 78 }) }));
    expect(byOther).toEqual({ status: 'approved', record: { fingerprint: CURRENT, by: 'other', eventId: 78, at: '2026-11-21T10:00:00Z' } });
  });

  it('keeps an approval when a push leaves the blocking fingerprint unchanged', () => {
    const memory = { fingerprint: CURRENT, labelEventId: 42, approval: { fingerprint: CURRENT, by: 'maintainer', eventId: 42, at: 't' } };
    expect(decideApproval(facts({ memory })).status).toBe('approved');
  });

  it('invalidates the approval of an older fingerprint and asks to remove the label', () => {
    const memory = { fingerprint: EARLIER, labelEventId: 42, approval: { fingerprint: EARLIER, by: 'maintainer', eventId: 42, at: 't' } };
    expect(decideApproval(facts({ memory }))).toEqual({ status: 'stale', actor: 'maintainer', approvedFingerprint: EARLIER, removeLabel: true });
  });

  it('says what changed since the approval when the stored report is the approved one', () => {
    const approved = [
      { ruleId: 'network-open-ingress', address: 'aws_security_group.db', subject: '1111' },
      { ruleId: 'mass-delete', address: null, subject: '2222' },
    ];
    const memory = { fingerprint: EARLIER, labelEventId: 42, approval: { fingerprint: EARLIER, by: 'maintainer', eventId: 42, at: 't' }, blockingFindings: approved, blockingTotal: 2 };
    const findings = [
      { ruleId: 'network-open-ingress', address: 'aws_security_group.db', subject: '3333' },
      { ruleId: 'mass-delete', address: null, subject: '2222' },
    ];
    expect(decideApproval(facts({ memory, findings }))).toEqual({
      status: 'stale',
      actor: 'maintainer',
      approvedFingerprint: EARLIER,
      removeLabel: true,
      changes: { changed: [{ ruleId: 'network-open-ingress', address: 'aws_security_group.db' }], added: [], gone: [] },
    });
    // A label added before any report approved nothing: there is nothing to compare with.
    expect(decideApproval(facts({ memory: null, findings }))).not.toHaveProperty('changes');
  });

  it('binds a label added after the last report to that report, not to a newer analysis', () => {
    // Report of EARLIER shown; label added (event 50, unknown to the state); then the new analysis is CURRENT.
    const memory = { fingerprint: EARLIER, labelEventId: null, approval: null };
    expect(decideApproval(facts({ memory, latestLabeled: labelled('maintainer', { id: 50 }) }))).toMatchObject({ status: 'stale', approvedFingerprint: EARLIER });
  });

  it('does not let a label that was already there at the last report approve', () => {
    // The last report saw event 42 and did not count it as an approval (it was then not blocking, or removed as stale).
    const memory = { fingerprint: CURRENT, labelEventId: 42, approval: null };
    expect(decideApproval(facts({ memory }))).toMatchObject({ status: 'stale', approvedFingerprint: null });
  });

  it('does not let a label present before any report approve', () => {
    expect(decideApproval(facts({ memory: null }))).toMatchObject({ status: 'stale', approvedFingerprint: null });
  });

  it('without a stored state (comment off), approves only the analysis its labeled event triggered', () => {
    expect(decideApproval(facts({ memory: undefined, triggeredByLabel: true })).status).toBe('approved');
    // A push, or a reopen or an edit after a push: the head may hold commits the approver never saw.
    expect(decideApproval(facts({ memory: undefined, triggeredByLabel: false }))).toMatchObject({ status: 'stale', approvedFingerprint: null });
  });

  it('with a stored state, the triggering event changes nothing: the state says what the label covers', () => {
    const memory = { fingerprint: EARLIER, labelEventId: null, approval: null };
    expect(decideApproval(facts({ memory, triggeredByLabel: true }))).toMatchObject({ status: 'stale', approvedFingerprint: EARLIER });
  });

  it('reports an ineligible labeller before a stale fingerprint', () => {
    const memory = { fingerprint: EARLIER, labelEventId: null, approval: null };
    expect(decideApproval(facts({ memory, latestLabeled: labelled('author') }))).toMatchObject({ status: 'ineligible', reason: 'self-approval' });
  });
});

describe('fingerprintApprovedBy', () => {
  const event = labelled('maintainer', { id: 9 });
  it('uses the recorded approval of the same event', () => {
    expect(fingerprintApprovedBy(event, { fingerprint: CURRENT, labelEventId: 9, approval: { fingerprint: EARLIER, by: 'm', eventId: 9, at: 't' } }, CURRENT, false)).toBe(EARLIER);
  });
  it('gives a new event the stored report fingerprint', () => {
    expect(fingerprintApprovedBy(event, { fingerprint: EARLIER, labelEventId: 8, approval: null }, CURRENT, false)).toBe(EARLIER);
  });
});

describe('rememberApproval', () => {
  it('records the approving event and the latest labeled event', () => {
    const current = facts();
    expect(rememberApproval(current, decideApproval(current))).toEqual({
      labelEventId: 42,
      approval: { fingerprint: CURRENT, by: 'maintainer', eventId: 42, at: '2026-11-21T10:00:00Z' },
    });
  });
  it('keeps the known event id when the label was not looked up, and drops the approval', () => {
    const current = facts({ blocking: false, latestLabeled: null, memory: { fingerprint: CURRENT, labelEventId: 42, approval: { fingerprint: CURRENT, by: 'm', eventId: 42, at: 't' } } });
    expect(rememberApproval(current, decideApproval(current))).toEqual({ labelEventId: 42, approval: null });
  });
  it('after a stale approval is removed, the next run does not revive it', () => {
    const memory = { fingerprint: EARLIER, labelEventId: 42, approval: { fingerprint: EARLIER, by: 'maintainer', eventId: 42, at: 't' } };
    const first = facts({ memory });
    const remembered = rememberApproval(first, decideApproval(first));
    // Suppose the removal failed and the label is still there with event 42: still no approval.
    const next = facts({ memory: { fingerprint: CURRENT, ...remembered } });
    expect(decideApproval(next).status).toBe('stale');
  });
});

describe('roles', () => {
  it('orders read < triage < write < maintain < admin', () => {
    expect(roleAtLeast('triage', 'read')).toBe(true);
    expect(roleAtLeast('triage', 'write')).toBe(false);
    expect(roleAtLeast('maintain', 'write')).toBe(true);
    expect(roleAtLeast('write', 'maintain')).toBe(false);
    expect(roleAtLeast('admin', 'maintain')).toBe(true);
  });
  it('reads role_name, falling back to permission for custom roles, none for unknown', () => {
    expect(effectiveRole({ roleName: 'maintain', permission: 'write' })).toBe('maintain');
    expect(effectiveRole({ roleName: 'Custom', permission: 'admin' })).toBe('admin');
    expect(effectiveRole({ roleName: null, permission: 'weird' })).toBe('none');
    expect(effectiveRole(null)).toBe('none');
  });
});
