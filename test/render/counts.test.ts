/**
 * Every count a reader sees is written the same way, with thousands separators ("1,501"): in the
 * rules' messages, the headline, the verdict, Terraform's plan line, the folds, the cut notes and
 * the terminal report. A plan large enough to need separators goes through the whole pipeline.
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderCheckOutput, renderComment, type CommentInput } from '../../src/render/comment.js';
import { COMMENT_ADDRESSES_PER_GROUP, renderMarkdown, renderPlanSections } from '../../src/render/markdown.js';
import { renderText } from '../../src/render/text.js';
import { formatCount } from '../../src/numbers.js';
import { renderGfm, visibleText } from '../support/gfm.js';
import { created, deleted, planJson } from '../support/plan-factory.js';
import { commentInputFor } from './support.js';

/** A number of four digits or more not glued to a letter (instance keys like `t1500` are names, not counts). */
const BARE_COUNT = /(?<![\w,.])\d{4,}(?![\d,])/g;

const buckets = Array.from({ length: 1501 }, (_, i) => deleted('aws_s3_bucket', { bucket: `acme-t${i}` }, { name: 'uploads', address: `aws_s3_bucket.uploads["t${i}"]` }));
const topics = Array.from({ length: 1200 }, (_, i) => created('aws_sns_topic', { name: `events-t${i}` }, { name: 'events', address: `aws_sns_topic.events["t${i}"]` }));
const json = planJson([...buckets, ...topics], { priorResources: buckets.map((bucket) => ({ address: bucket.address as string, type: 'aws_s3_bucket' })) });
const analysis = analyzePlans([loadPlanJson(json, 'plan.json')], DEFAULT_POLICY, { configurationChange: () => 'unknown' });

function commentInput(): CommentInput {
  return commentInputFor(analysis, renderPlanSections(analysis, { addressesPerGroup: COMMENT_ADDRESSES_PER_GROUP }).join('\n'));
}

describe('counts of a plan with 1,501 deletes and 1,200 creates', () => {
  it('are flagged by the rules as a mass delete of 1,501 buckets', () => {
    expect(analysis.report.plans[0]?.findings.find((finding) => finding.ruleId === 'mass-delete')?.message).toContain('1,501');
  });

  it.each([
    ['--format markdown', () => visibleText(renderGfm(renderMarkdown(analysis)))],
    ['the comment', () => visibleText(renderGfm(renderComment(commentInput())))],
    ['the check summary', () => visibleText(renderGfm(renderCheckOutput(commentInput()).summary))],
    ['the job summary body', () => visibleText(renderGfm(renderPlanSections(analysis).join('\n')))],
    ['the terminal report', () => renderText(analysis, { color: false, width: 100, closing: true })],
  ])('have thousands separators in %s', (_surface, render) => {
    const text = render();
    expect(text).toMatch(/1,501/);
    expect(text.match(BARE_COUNT) ?? []).toEqual([]);
  });
});

describe('formatCount', () => {
  it('writes every count as en-US toLocaleString does (it writes integers by hand, without loading ICU)', () => {
    const values = [0, -0, 1, 7, 999, 1000, 1501, 99_999, 100_000, 123_456_789, -1, -1000, -123_456, Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, 1234.5678, NaN, Infinity];
    for (let power = 1; power < 1e15; power *= 10) values.push(power - 1, power, power + 1);
    for (const value of values) expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
  });
});
