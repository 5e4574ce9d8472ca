/**
 * Plan text that reaches the action's surfaces by a route other than a quoted value: the problem
 * found in a malformed policy the plan marks sensitive, the key of a sensitive map that forces a
 * replace, and an instance key holding a secret
 * (shortened in the comment's summaries). The bundled action publishes none of it, on any surface.
 */
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { analyzeRun, CHECK_NAME, expectRun, openPullRequest, test, theComment } from './scenario.js';

const CASES: { plan: string; fragments: string[] }[] = [
  { plan: 'fixtures/secrecy/iam-malformed-sensitive-policies.json', fragments: ['PRINCIPAL-SECRET', 'EFFECT-SECRET', 'OPERATOR-SECRET', 'PTYPE-SECRET', 'Hunter2Pass'] },
  { plan: 'fixtures/secrecy/instance-key-from-sensitive-variable.json', fragments: ['R4nd0mT0ken', 'v4u3t2s1r0'] },
  { plan: 'fixtures/secrecy/instance-key-secret-shaped.json', fragments: ['3cretPw0rd'] },
  { plan: 'fixtures/secrecy/replace-path-sensitive-map-key.json', fragments: ['SECRETKEY'] },
];

describe('secrets in policy problems and instance keys', () => {
  for (const [index, { plan, fragments }] of CASES.entries()) {
    test(`${plan}: on no surface`, async ({ fake }) => {
      for (const fragment of fragments) expect(readFileSync(plan, 'utf8')).toContain(fragment);
      const number = 150 + index;
      const pull = openPullRequest(fake, number);
      const run = await analyzeRun(fake, number, { plan, inputs: { 'block-on': 'info' } });
      expectRun(run, 0);
      const checkRun = fake.latestCheckRun(pull.headSha, CHECK_NAME);
      const surfaces: Record<string, string> = {
        comment: theComment(fake, number).body,
        'check summary': `${checkRun?.output.summary ?? ''}\n${checkRun?.output.text ?? ''}`,
        annotations: JSON.stringify(checkRun?.annotations ?? []),
        'job summary': run.summary,
        'report file': run.reportText ?? '',
        outputs: JSON.stringify(run.outputs),
        log: `${run.stdout}\n${run.stderr}`,
      };
      for (const [name, text] of Object.entries(surfaces)) for (const fragment of fragments) expect(text, `${name} holds ${fragment}`).not.toContain(fragment);
    });
  }
});
