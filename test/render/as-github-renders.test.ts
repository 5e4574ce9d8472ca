/** The markdown report as GitHub renders it: what a reviewer sees, not the source. */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { allFindings } from '../../src/report.js';
import { renderGfm, visibleText } from '../support/gfm.js';

const stars = (text: string) => text.split('*').length - 1;

describe.each(['fixtures/rules/iam/aws-policies.json', 'fixtures/rules/iam/google-azure.json'])('the IAM findings of %s', (file) => {
  const analysis = analyzePlans([loadPlanFile(file, file)], DEFAULT_POLICY, { configurationChange: () => 'unknown' });
  const html = renderGfm(renderMarkdown(analysis));

  it('show every wildcard: each * of the findings is on screen, none paired into emphasis', () => {
    const written = allFindings(analysis.report).reduce((sum, finding) => sum + stars([finding.message, ...finding.details, finding.remediation ?? ''].join('\n')), 0);
    expect(written).toBeGreaterThan(0);
    expect(stars(visibleText(html))).toBe(written);
  });
});

it('the AWS fixture says what the wildcards are, as written', () => {
  const file = 'fixtures/rules/iam/aws-policies.json';
  const text = visibleText(renderGfm(renderMarkdown(analyzePlans([loadPlanFile(file, file)], DEFAULT_POLICY, { configurationChange: () => 'unknown' }))));
  expect(text).toContain('allows "*"');
  expect(text).toContain('{"AWS": "*"}');
  expect(text).toContain('"iam:*"');
});

it('shows the rules\' own code words (`policy`, `moved` blocks) as code, with no backtick on screen', () => {
  for (const file of ['fixtures/rules/iam/aws-policies.json', 'fixtures/incidents/rds-delete-unprotected.json']) {
    const markdown = renderMarkdown(analyzePlans([loadPlanFile(file, file)], DEFAULT_POLICY, { configurationChange: () => 'unknown' }));
    expect(markdown).toMatch(/`(policy|moved)`/);
    expect(visibleText(renderGfm(markdown)), file).not.toContain('`');
  }
});
