import { describe, expect, it } from 'vitest';
import { coAuthorLogins, contributorsOf, PULL_REQUEST_COMMITS_LIMIT, recordedPushers, TOO_MANY_COMMITS, withPushers, type CommitFacts } from '../../src/decision/contributors.js';

const commit = (authors: (string | null)[], committer: string | null, message = 'change'): CommitFacts => ({ authors, authorsComplete: true, committer, message });
const all = (commits: CommitFacts[]) => ({ commits, total: commits.length });

describe('contributorsOf', () => {
  it('counts authors, committers, noreply co-authors and force-pushers, lower-cased, once each', () => {
    const commits = [commit(['Dev'], 'web-flow'), commit([null], 'carol', 'fix\n\nCo-authored-by: Alice <123+alice@users.noreply.github.com>')];
    const timeline = [{ event: 'labeled', actor: { login: 'olivia' } }, { event: 'head_ref_force_pushed', actor: { login: 'Tina' } }];
    expect(contributorsOf(all(commits), timeline)).toEqual(['alice', 'carol', 'dev', 'tina', 'web-flow']);
  });

  it('counts every account GitHub links to a commit\'s authors: a co-author by a verified, non-noreply email too (audit F2)', () => {
    const coAuthored = commit(['dev', 'Alice', null], 'dev', 'Drop the orders database\n\nCo-authored-by: Alice <alice@acme.example>\nCo-authored-by: Nobody <nobody@example.com>');
    expect(contributorsOf(all([coAuthored]), [])).toEqual(['alice', 'dev']);
  });

  it('is unknown when fewer commits were read than the PR has, or a commit\'s authors were cut short', () => {
    const read = Array.from({ length: PULL_REQUEST_COMMITS_LIMIT }, () => commit(['dev'], 'dev'));
    expect(contributorsOf({ commits: read, total: PULL_REQUEST_COMMITS_LIMIT + 1 }, [])).toBe(TOO_MANY_COMMITS);
    expect(contributorsOf({ commits: read, total: PULL_REQUEST_COMMITS_LIMIT }, [])).toHaveLength(1);
    expect(contributorsOf(all([{ ...commit(['dev'], 'dev'), authorsComplete: false }]), [])).toBeNull();
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
    expect(withPushers(TOO_MANY_COMMITS, ['alice'])).toBe(TOO_MANY_COMMITS);
  });
});
