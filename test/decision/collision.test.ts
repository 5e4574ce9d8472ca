import { describe, expect, it } from 'vitest';
import { analysisMark, collidingAnalysis, markLine, parseMark } from '../../src/decision/collision.js';
import { isReportOfBase } from '../../src/decision/stored-state-trust.js';
import { collisionLine, collisionSummary, collisionTitle } from '../../src/render/collision.js';

const env = { GITHUB_WORKFLOW: 'terraform', GITHUB_JOB: 'plan', GITHUB_RUN_ID: '77' };

describe('check-name collisions', () => {
  const prod = analysisMark(['infra/prod/plan.json'], env);
  const staging = analysisMark(['infra/staging/plan.json'], { ...env, GITHUB_RUN_ID: '78' });

  it('a mark survives the check run text it is written into, and nothing else is taken for one', () => {
    expect(parseMark(`Some text\n${markLine(prod)}\n`)).toEqual(prod);
    expect(parseMark('<!-- tf-plan-guard:analysis not-base64-json -->')).toBeNull();
    expect(parseMark(`<!-- tf-plan-guard:analysis ${Buffer.from('{"plans":[1]}').toString('base64')} -->`)).toBeNull();
    expect(parseMark(null)).toBeNull();
  });

  it('the same plans (in any order, any job or run) are the same analysis; other plans collide', () => {
    const both = analysisMark(['b.json', 'a.json', 'a.json'], env);
    expect(both.plans).toEqual(['a.json', 'b.json']);
    expect(collidingAnalysis(both, [analysisMark(['a.json', 'b.json'], { GITHUB_JOB: 'approval' }), null])).toBeNull();
    expect(collidingAnalysis(prod, [null, prod, staging])).toEqual(staging);
    expect(collidingAnalysis(prod, [])).toBeNull();
  });

  it('names both jobs and both ways out', () => {
    const line = collisionLine('Terraform Plan Guard', staging, prod);
    expect(line).toBe(
      'tf-plan-guard: the check "Terraform Plan Guard" on this commit already carries the verdict of job "plan" of workflow "terraform" (run 77) for infra/prod/plan.json; ' +
        'this run, job "plan" of workflow "terraform" (run 78), analyzed infra/staging/plan.json. Failing the check closed: give each job its own check-name input, or analyze all plans in one job (README: "Matrix jobs: one job analyzes every plan").',
    );
    const summary = collisionSummary('Terraform Plan Guard', staging, prod);
    expect(summary).toContain('- job "plan" of workflow "terraform" (run 77) analyzed `infra/prod/plan.json`;');
    expect(summary).toContain('(this run) analyzed `infra/staging/plan.json`.');
  });
});

describe('two pull requests of one head (audit F1)', () => {
  const intoMain = analysisMark(['db/plan.json'], env, { number: 140, baseSha: 'a'.repeat(40) });
  const intoLoose = analysisMark(['db/plan.json'], { ...env, GITHUB_RUN_ID: '79' }, { number: 141, baseSha: 'b'.repeat(40) });

  it('the mark carries the pull request and its base through the check run text', () => {
    expect(parseMark(markLine(intoLoose))).toEqual(intoLoose);
    expect(intoLoose).toMatchObject({ pullRequest: 141, baseSha: 'b'.repeat(40) });
  });

  it('the same plans for another pull request collide; for the same pull request (any base, any run) they do not', () => {
    expect(collidingAnalysis(intoLoose, [intoMain])).toEqual(intoMain);
    expect(collidingAnalysis(intoMain, [intoLoose, null])).toEqual(intoLoose);
    const retargeted = analysisMark(['db/plan.json'], env, { number: 140, baseSha: 'c'.repeat(40) });
    expect(collidingAnalysis(retargeted, [intoMain])).toBeNull();
    // A mark written before pull requests were recorded names none: only its plans count.
    expect(collidingAnalysis(intoLoose, [analysisMark(['db/plan.json'], env)])).toBeNull();
  });

  it('names both pull requests and their bases, and the way out', () => {
    expect(collisionTitle('Terraform Plan Guard', intoLoose, intoMain)).toBe('Failing closed: two pull requests share this head commit under "Terraform Plan Guard"');
    expect(collisionLine('Terraform Plan Guard', intoLoose, intoMain)).toMatch(
      /^tf-plan-guard: two pull requests share this head commit; .*pull request #140 against base aaaaaaa, and this run analyzed pull request #141 against base bbbbbbb\. .*close the other pull request and push a new commit/,
    );
    expect(collisionSummary('Terraform Plan Guard', intoLoose, intoMain)).toContain('- pull request #141 against base bbbbbbb (this run) was analyzed by job "plan" of workflow "terraform" (run 79).');
  });

  it('a stored verdict stands for a label event only on the base it was decided against', () => {
    expect(isReportOfBase('a'.repeat(40), 'a'.repeat(40))).toBe(true);
    expect(isReportOfBase('a'.repeat(40), 'b'.repeat(40))).toBe(false);
    expect(isReportOfBase(null, 'a'.repeat(40))).toBe(false);
    expect(isReportOfBase('a'.repeat(40), null)).toBe(false);
  });
});
