/**
 * Comparing Deny statements stays fast whatever their size (audit 28 F6: a policy of 150 Denies of
 * 600 actions each, every one given one more action, took 81 s; the values of each pair of Denies
 * were compared each with each). Run in a child process with a timeout, so that a slow comparison
 * fails the test rather than holding it; the timeout catches minutes, not milliseconds.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'tfpg-deny-speed-'));
const script = join(dir, 'deny-speed.mjs');

// Each shape: one aws_iam_policy update, `Allow s3:*` on "*" (or `svcK:*` for each of `allows` services)
// beside `denies` Denies of `actions` actions.
const ENTRY = `
import { findingsOf, updated } from './test/support/plan-factory.js';
const [shape, denies, actions] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const allows = shape === 'every-service' ? Number(process.argv[5]) : 1;
const shared = Array.from({ length: actions }, (_, k) => (shape === 'every-service' ? '*:Action' : 's3:Action') + k);
const deny = (i, after) => shape !== 'shared-actions'
  // The audit's shape: the same actions on a bucket each; the after side adds one action to every Deny.
  ? { Effect: 'Deny', Action: after ? [...shared, 's3:Extra'] : shared, Resource: 'arn:aws:s3:::b' + i + '/*' }
  // Every pair alike up to the last action: each pair of Denies compares every action.
  : { Effect: 'Deny', Action: after ? [...shared, 's3:Own' + i, 's3:Extra'] : [...shared, 's3:Own' + i], Resource: '*' };
const doc = (after) => JSON.stringify({ Version: '2012-10-17', Statement: [...Array.from({ length: allows }, (_, k) => ({ Effect: 'Allow', Action: allows === 1 ? 's3:*' : 'svc' + k + ':*', Resource: '*' })), ...Array.from({ length: denies }, (_, i) => deny(i, after))] });
if (shape === 'role-tag') {
  // Audit 33 F1: a role of \`denies\` inline policies, each \`actions\` Allows of a service beside \`allows\`
  // Denies of its own; only a tag changes. Each grant joined the Denies of every policy anew: 44 s.
  const [policies, grants, ownDenies] = [denies, actions, Number(process.argv[5])];
  const docOf = (p) => JSON.stringify({ Version: '2012-10-17', Statement: [
    ...Array.from({ length: grants }, (_, j) => ({ Effect: 'Allow', Action: 'svc' + j + ':*', Resource: '*' })),
    ...Array.from({ length: ownDenies }, (_, n) => ({ Effect: 'Deny', Action: '*:Delete' + p + 'x' + n, Resource: '*' }))] });
  const inline = Array.from({ length: policies }, (_, p) => ({ name: 'p' + String(p).padStart(4, '0'), policy: docOf(p) }));
  const role = (tag) => ({ name: 'r', assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }), inline_policy: inline, tags: { t: tag } });
  process.stdout.write(String(findingsOf('iam-wildcard-action', [updated('aws_iam_role', role('a'), role('b'), { name: 'r' })]).length));
} else {
  const findings = findingsOf('iam-wildcard-action', [updated('aws_iam_policy', { name: 'p', policy: doc(false) }, { name: 'p', policy: doc(true) }, { name: 'p' })]);
  process.stdout.write(String(findings.length));
}
`;

beforeAll(async () => {
  await build({ stdin: { contents: ENTRY, resolveDir: resolve('.'), sourcefile: 'deny-speed-entry.mjs' }, bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: script, logLevel: 'warning',
    // As scripts/build.mjs: the bundled CommonJS dependencies require Node's modules.
    banner: { js: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);" } });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(shape: string, denies: number, actions: number, allows = 1): { status: number | null; findings: string; timedOut: boolean } {
  const result = spawnSync(process.execPath, [script, shape, String(denies), String(actions), String(allows)], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, findings: result.stdout, timedOut: result.signal !== null };
}

it('150 Denies of 600 actions each, every one strengthened: judged (nothing new) in seconds, not 81', () => {
  expect(run('own-buckets', 150, 600)).toEqual({ status: 0, findings: '0', timedOut: false });
}, 60_000);

it('Denies past what the plan may compare: reported (fail safe), as fast', () => {
  // 300 Denies of 300 shared actions and one of their own: 45,000 pairs of 300 lookups each.
  expect(run('shared-actions', 300, 300)).toEqual({ status: 0, findings: '1', timedOut: false });
  // Fewer of them: compared in full, nothing new.
  expect(run('shared-actions', 30, 30)).toEqual({ status: 0, findings: '0', timedOut: false });
}, 60_000);

it('the same Denies beside grants of 3,000 services: compared once, not once per service (nothing new)', () => {
  // Denies of `*:` actions limit every service: each `svcK:*` Allow has them all (audit 28 F6, second shape).
  expect(run('every-service', 64, 100, 3000)).toEqual({ status: 0, findings: '0', timedOut: false });
}, 60_000);

it('a role of 50 inline policies, 1,000 grants and 1,000 Denies each, where only a tag changes: judged once per set of Denies (audit 33 F1: 44 s and 1.5 GB)', () => {
  expect(run('role-tag', 50, 1000, 1000)).toEqual({ status: 0, findings: '0', timedOut: false });
}, 60_000);
