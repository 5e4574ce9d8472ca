import { describe, expect, it } from 'vitest';
import { isOwnIdentity } from '../../src/decision/stored-state-trust.js';
import { GITHUB_ACTIONS_BOT, isOwnComment, pickOwnComment, type CommentIdentity, type IssueComment } from '../../src/github/comment.js';
import { markerLine } from '../../src/decision/comment-state.js';

const marker = markerLine('Terraform Plan Guard');
const bot: CommentIdentity = { kind: 'bot', login: GITHUB_ACTIONS_BOT };

function comment(id: number, login: string, type: string, body: string): IssueComment {
  return { id, nodeId: `IC_${id}`, body, user: { login, type } };
}

describe('comment ownership', () => {
  it('ignores a pasted marker in a human comment and finds the bot one', () => {
    const comments = [
      comment(1, 'mallory', 'User', `looks good\n${marker}\n<!-- tf-plan-guard:state v1 e30= -->`),
      comment(2, 'github-actions[bot]', 'Bot', `report\n${marker}`),
    ];
    expect(pickOwnComment(comments, 'Terraform Plan Guard', bot)?.id).toBe(2);
  });

  it('finds nothing when only a forged marker exists', () => {
    expect(pickOwnComment([comment(1, 'mallory', 'User', marker)], 'Terraform Plan Guard', bot)).toBeNull();
  });

  it('does not accept a user impersonating the bot login without the Bot type', () => {
    expect(isOwnComment(comment(1, 'github-actions[bot]', 'User', marker), bot)).toBe(false);
  });

  it('does not accept another bot or app', () => {
    expect(isOwnComment(comment(1, 'ai-agent[bot]', 'Bot', marker), bot)).toBe(false);
  });

  it('for a personal token, accepts only that user', () => {
    const user: CommentIdentity = { kind: 'user', login: 'ci-user' };
    expect(isOwnComment(comment(1, 'CI-User', 'User', marker), user)).toBe(true);
    expect(isOwnComment(comment(1, 'someone', 'User', marker), user)).toBe(false);
  });

  it('for an app token named by comment-author, accepts that bot', () => {
    const app: CommentIdentity = { kind: 'bot', login: 'plan-guard[bot]' };
    expect(pickOwnComment([comment(5, 'github-actions[bot]', 'Bot', marker), comment(6, 'plan-guard[bot]', 'Bot', marker)], 'Terraform Plan Guard', app)?.id).toBe(6);
  });

  it('keys the comment by check name', () => {
    const other = comment(3, 'github-actions[bot]', 'Bot', markerLine('Staging guard'));
    expect(pickOwnComment([other], 'Terraform Plan Guard', bot)).toBeNull();
    expect(pickOwnComment([other], 'Staging guard', bot)?.id).toBe(3);
  });

  it('ignores a comment without a user (a deleted account)', () => {
    expect(pickOwnComment([{ id: 1, nodeId: 'IC_1', body: marker, user: null }], 'Terraform Plan Guard', bot)).toBeNull();
  });

  it('recognises its own identity as GraphQL names it (a bot without [bot]), and no one else as the editor', () => {
    expect(isOwnIdentity({ login: 'github-actions', type: 'Bot' }, bot)).toBe(true);
    expect(isOwnIdentity({ login: 'github-actions[bot]', type: 'Bot' }, bot)).toBe(true);
    expect(isOwnIdentity({ login: 'github-actions', type: 'User' }, bot)).toBe(false);
    expect(isOwnIdentity({ login: 'dev', type: 'User' }, bot)).toBe(false);
    const app: CommentIdentity = { kind: 'bot', login: 'plan-gate[bot]' };
    expect(isOwnIdentity({ login: 'plan-gate', type: 'Bot' }, app)).toBe(true);
    expect(isOwnIdentity({ login: 'github-actions', type: 'Bot' }, app)).toBe(false);
    const user: CommentIdentity = { kind: 'user', login: 'CI-User' };
    expect(isOwnIdentity({ login: 'ci-user', type: 'User' }, user)).toBe(true);
  });
});
