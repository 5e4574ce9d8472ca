import { describe, expect, it } from 'vitest';
import { GitHubCallError } from '../../src/github/client.js';
import { ForkAwareCalls } from '../../src/github/fork-aware-calls.js';

const readOnly = () => new GitHubCallError('creating the check run', 403, 'Resource not accessible by integration');

describe('ForkAwareCalls: a read-only token', () => {
  it('turns the first refusal into one warning and the fallback, and skips every later write', async () => {
    const refusals: string[] = [];
    const calls = new ForkAwareCalls((error) => refusals.push(error.message));
    await calls.write(() => Promise.reject(readOnly()));
    expect(calls.writesForbidden).toBe(true);
    let written = false;
    await calls.write(async () => {
      written = true;
    });
    expect(written).toBe(false);
    expect(await calls.read(() => Promise.reject(readOnly()), 'fallback')).toBe('fallback');
    expect(refusals).toEqual(['creating the check run failed: 403 Resource not accessible by integration']);
  });

  it('hands another 403 to the caller when asked, and throws anything else', async () => {
    const calls = new ForkAwareCalls(() => {});
    const rateLimited = new GitHubCallError('listing the pull request files', 403, 'Must have admin rights');
    const seen: string[] = [];
    expect(await calls.read(() => Promise.reject(rateLimited), null, (error) => seen.push(error.apiMessage))).toBeNull();
    expect(seen).toEqual(['Must have admin rights']);
    await expect(calls.read(() => Promise.reject(rateLimited), null)).rejects.toBe(rateLimited);
    await expect(calls.write(() => Promise.reject(new GitHubCallError('x', 500, 'Server Error')))).rejects.toThrow(/500/);
    expect(calls.writesForbidden).toBe(false);
  });
});
