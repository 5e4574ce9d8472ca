/**
 * Plan text is inert on every surface a reviewer reads: a plan whose names, keys and values are
 * full of markdown and HTML renders, as GitHub renders it, with exactly the structure of its benign
 * twin (same headings, tables, rows, cells, folds, links and images: none added, none lost).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { FakeGitHub } from '../support/github-server.js';
import { destinations, markdownStructure } from '../support/gfm.js';
import { benign, HOSTILE_TEXT, hostilePlan } from '../support/hostile-plan.js';
import { pullRequestPayload, REPO_ROOT, runAction } from '../support/run-action.js';
import { CHECK_NAME, expectRun, LABEL, labelRun, openPullRequest, TEAM, test, theComment } from './scenario.js';

const MAIN_TF = ['resource "aws_db_instance" "orders" {', '}', 'resource "aws_s3_bucket" "logs" {', '}', 'resource "aws_iam_policy" "admin" {', '}', ''].join('\n');

interface Surfaces {
  comment: string;
  checkSummary: string;
  jobSummary: string;
  annotations: { path: string; start_line: number; annotation_level: string; title: string; message: string }[];
  approvedComment: string;
  approvedCheckSummary: string;
}

async function surfacesFor(fake: FakeGitHub, number: number, text: string): Promise<Surfaces> {
  const pull = openPullRequest(fake, number);
  const run = await runAction({
    fake,
    eventName: 'pull_request',
    payload: pullRequestPayload(fake, { action: 'opened', number }),
    inputs: { 'plan-file': 'db/plan.json' },
    workspace: { 'db/plan.json': JSON.stringify(hostilePlan(text)), 'db/main.tf': MAIN_TF },
  });
  expectRun(run, 0);
  const checkRun = fake.latestCheckRun(pull.headSha, CHECK_NAME);
  const comment = theComment(fake, number).body;
  fake.addLabel(number, LABEL, TEAM.maintainer);
  expectRun(await labelRun(fake, number, 'labeled', TEAM.maintainer), 0);
  return {
    comment,
    checkSummary: checkRun?.output.summary ?? '',
    jobSummary: run.summary,
    annotations: (checkRun?.annotations ?? []) as Surfaces['annotations'],
    approvedComment: theComment(fake, number).body,
    approvedCheckSummary: fake.latestCheckRun(pull.headSha, CHECK_NAME)?.output.summary ?? '',
  };
}

/** Lines of plain text as GitHub shows an annotation. */
const lines = (text: string) => text.split(/\r\n|\r|\n/).length;

describe.concurrent('hostile names, keys and values in a plan', () => {
  test('leave the comment, the check summary, the job summary and the annotations as structured as a benign plan', async ({ fake }) => {
    const [hostile, twin] = await Promise.all([surfacesFor(fake, 31, HOSTILE_TEXT), surfacesFor(fake, 32, benign(HOSTILE_TEXT))]);
    // The plan text did reach each surface, escaped (not dropped).
    for (const surface of [hostile.comment, hostile.checkSummary, hostile.jobSummary]) expect(surface).toContain('&lt;img src=x&gt;');
    for (const key of ['comment', 'checkSummary', 'jobSummary', 'approvedComment', 'approvedCheckSummary'] as const) {
      const structure = markdownStructure(hostile[key]);
      expect(structure, key).toEqual(markdownStructure(twin[key]));
      // The only links are the action's own (the commit, the run): none from the plan.
      expect(structure.filter((line) => /\bimg\b/.test(line)), `${key}: no image`).toEqual([]);
      expect(destinations(hostile[key]).length, `${key}: links`).toBe(destinations(twin[key]).length);
      expect(destinations(hostile[key]).filter((href) => href.includes('evil')), `${key}: links`).toEqual([]);
    }
    expect(markdownStructure(twin.comment).some((line) => line.trim() === 'summary')).toBe(true);
    expect(hostile.annotations.length).toBeGreaterThan(0);
    expect(hostile.annotations.map((a) => [a.path, a.start_line, a.annotation_level, lines(a.title), lines(a.message)])).toEqual(
      twin.annotations.map((a) => [a.path, a.start_line, a.annotation_level, lines(a.title), lines(a.message)]),
    );
  });
});

describe('the markdown the CLI prints', () => {
  test('has the structure of a benign plan\'s', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tf-plan-guard-inert-'));
    const markdownOf = (text: string, file: string) => {
      const path = join(directory, file);
      writeFileSync(path, JSON.stringify(hostilePlan(text)));
      const result = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'analyze', path, '--format', 'markdown'], { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(1);
      return result.stdout;
    };
    const hostileName = 'plan <img src=x> *a* _b_ |c| [d](e) #1 @f.json';
    try {
      const hostile = markdownOf(HOSTILE_TEXT, hostileName);
      const twin = markdownOf(benign(HOSTILE_TEXT), benign(hostileName));
      expect(hostile).toContain('&lt;img src=x&gt;');
      expect(markdownStructure(hostile)).toEqual(markdownStructure(twin));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
