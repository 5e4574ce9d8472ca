import { describe, expect, it } from 'vitest';
import { coAuthorLogins, contributorsOf, recordedPushers, withPushers } from '../../src/decision/contributors.js';

const commit = (author: string | null, committer: string | null, message = 'change') => ({
  author: author === null ? null : { login: author },
  committer: committer === null ? null : { login: committer },
  commit: { message },
});

describe('contributorsOf', () => {
  it('counts authors, committers, noreply co-authors and force-pushers, lower-cased, once each', () => {
    const commits = [commit('Dev', 'web-flow'), commit(null, 'carol', 'fix\n\nCo-authored-by: Alice <123+alice@users.noreply.github.com>')];
    const timeline = [{ event: 'labeled', actor: { login: 'olivia' } }, { event: 'head_ref_force_pushed', actor: { login: 'Tina' } }];
    expect(contributorsOf(commits, timeline)).toEqual(['alice', 'carol', 'dev', 'tina', 'web-flow']);
  });
});

describe('coAuthorLogins', () => {
  it('reads accounts from noreply addresses only, any case of the trailer', () => {
    expect(coAuthorLogins('x\n\nco-authored-by: A <a@example.com>\nCo-Authored-By: B <b-2@users.noreply.github.com>\nCo-authored-by: C <9+renovate[bot]@users.noreply.github.com>')).toEqual(['b-2', 'renovate[bot]']);
    expect(coAuthorLogins('mentions Co-authored-by: X <x@users.noreply.github.com> inline')).toEqual([]);
  });
});

describe('pushers recorded from the events that moved the head (audit F2)', () => {
  it('adds the sender of opened, reopened and synchronize, keeps those recorded, and ignores other events', () => {
    expect(recordedPushers([], 'synchronize', 'Alice')).toEqual(['alice']);
    expect(recordedPushers(['alice'], 'opened', 'dev')).toEqual(['alice', 'dev']);
    expect(recordedPushers(['alice'], 'reopened', 'alice')).toEqual(['alice']);
    expect(recordedPushers(['alice'], 'labeled', 'carol')).toEqual(['alice']);
    expect(recordedPushers(['alice'], 'edited', 'carol')).toEqual(['alice']);
    expect(recordedPushers(['alice'], 'synchronize', null)).toEqual(['alice']);
  });

  it('counts the pushers among the contributors, and an unknown commit list stays unknown', () => {
    expect(withPushers(['dev'], ['alice'])).toEqual(['alice', 'dev']);
    expect(withPushers(['dev'], ['DEV'])).toEqual(['dev']);
    expect(withPushers(null, ['alice'])).toBeNull();
  });
});
