import { describe, expect, it } from 'vitest';
import { pickLatestLabeled, type IssueEventFacts } from '../../src/github/labels.js';

const event = (id: number, eventName: string, label: string, login: string, createdAt: string, extra: Partial<IssueEventFacts> = {}): IssueEventFacts => ({
  id,
  event: eventName,
  label: { name: label },
  actor: { login, type: 'User' },
  created_at: createdAt,
  performed_via_github_app: null,
  ...extra,
});

describe('pickLatestLabeled', () => {
  it('takes the newest labeled event of the label, ignoring other labels and unlabeled events', () => {
    const events = [
      event(1, 'labeled', 'tf-plan-guard:approved', 'alice', '2026-11-20T10:00:00Z'),
      event(2, 'unlabeled', 'tf-plan-guard:approved', 'alice', '2026-11-20T11:00:00Z'),
      event(3, 'labeled', 'TF-Plan-Guard:Approved', 'bob', '2026-11-20T12:00:00Z'),
      event(4, 'labeled', 'other', 'carol', '2026-11-20T13:00:00Z'),
    ];
    expect(pickLatestLabeled(events, 'tf-plan-guard:approved')).toEqual({ id: 3, actor: { login: 'bob', type: 'User' }, createdAt: '2026-11-20T12:00:00Z', viaApp: false });
  });

  it('breaks a same-second tie by id and flags events through an app', () => {
    const events = [
      event(9, 'labeled', 'ok', 'alice', '2026-11-20T10:00:00Z', { performed_via_github_app: { id: 1, slug: 'agent' } }),
      event(7, 'labeled', 'ok', 'bob', '2026-11-20T10:00:00Z'),
    ];
    expect(pickLatestLabeled(events, 'ok')).toMatchObject({ id: 9, viaApp: true });
  });

  it('returns null without a labeled event', () => {
    expect(pickLatestLabeled([event(1, 'unlabeled', 'ok', 'a', 't')], 'ok')).toBeNull();
  });
});
