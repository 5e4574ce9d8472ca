import { describe, expect, it } from 'vitest';
import { analysisMark, collidingAnalysis, markLine, parseMark } from '../../src/decision/collision.js';
import { collisionLine, collisionSummary } from '../../src/render/collision.js';

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
