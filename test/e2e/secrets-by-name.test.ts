/**
 * Secrets the plan does not mark, found by their names (a password, a connection string, a private
 * key that force a replace) and shape (a PEM key): the bundled action publishes none of them, in
 * the comment, the check run (summary and annotations), the job summary, the report file, the
 * outputs, the log or any request.
 */
import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { UNMARKED_SECRET_PLAN as PLAN, UNMARKED_SECRETS } from '../support/unmarked-secrets.js';
import { analyzeRun, CHECK_NAME, DB_TF, expectRun, openPullRequest, test, theComment } from './scenario.js';

describe('secrets by name', () => {
  test('appear in no comment, check, annotation, job summary, report file, output, log or request', async ({ fake }) => {
    const fixture = readFileSync(new URL(`../../${PLAN}`, import.meta.url), 'utf8');
    for (const secret of UNMARKED_SECRETS) expect(fixture).toContain(secret);

    const pull = openPullRequest(fake, 130);
    const run = await analyzeRun(fake, 130, { plan: PLAN });
    expectRun(run, 0);
    expect(run.outputs['blocking']).toBe('true');

    const checkRun = fake.latestCheckRun(pull.headSha, CHECK_NAME);
    const line = DB_TF.split('\n').indexOf('resource "aws_db_instance" "billing" {') + 1;
    // The surfaces that would carry them were written: the replace details are in each.
    const comment = theComment(fake, 130).body;
    const surfaces: Record<string, string> = {
      comment,
      'check summary': checkRun?.output.summary ?? '',
      annotations: JSON.stringify(checkRun?.annotations ?? []),
      'job summary': run.summary,
      'report file': run.reportText ?? '',
      outputs: JSON.stringify(run.outputs),
      log: `${run.stdout}\n${run.stderr}`,
      requests: fake.requests.map((request) => `${request.path}?${new URLSearchParams(request.query).toString()}\n${request.body}`).join('\n'),
    };
    expect(checkRun?.annotations).toContainEqual(expect.objectContaining({ path: 'db/main.tf', start_line: line }));
    for (const name of ['comment', 'check summary', 'annotations', 'job summary', 'report file']) {
      expect(surfaces[name], name).toContain('private_key_pem');
      expect(surfaces[name], name).toContain('(sensitive)');
    }
    for (const [name, text] of Object.entries(surfaces)) {
      for (const secret of UNMARKED_SECRETS) {
        for (const form of [secret, secret.slice(0, 10), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')]) {
          expect(text, `${name} holds ${secret}`).not.toContain(form);
        }
      }
    }
  });
});
