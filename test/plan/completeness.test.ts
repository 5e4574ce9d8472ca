import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { planWarnings } from '../../src/plan/completeness.js';
import { loadPlanFile, loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderText } from '../../src/render/text.js';

describe('plan warnings', () => {
  it('names the changes whose actions this version does not know (a delete among them is still analyzed as one)', () => {
    const plan = loadPlanFile('fixtures/inputs/unknown-actions.json');
    const warnings = planWarnings(plan);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('1 change has actions this version of tf-plan-guard does not know');
    expect(warnings[0]).toContain('aws_s3_bucket.weird (["frobnicate"])');
    expect(warnings[0]).not.toContain('aws_db_instance.odd');
  });

  it('says an errored plan is incomplete', () => {
    const plan = loadPlanJson({ format_version: '1.2', errored: true, resource_changes: [], planned_values: {} }, 'errored.json');
    expect(planWarnings(plan)).toEqual([expect.stringContaining('Terraform reported errors while planning: this plan is incomplete')]);
  });

  it('says nothing about a complete plan of known actions', () => {
    expect(planWarnings(loadPlanFile('fixtures/incidents/rds-delete-unprotected.json'))).toEqual([]);
  });

  it('reaches every report format', () => {
    const analysis = analyzePlans([loadPlanFile('fixtures/inputs/unknown-actions.json')], DEFAULT_POLICY);
    expect(analysis.report.plans[0]?.warnings).toHaveLength(1);
    expect(renderText(analysis, { color: false })).toContain('  Warning: 1 change has actions');
    expect(renderMarkdown(analysis)).toContain('> [!WARNING]\n> 1 change has actions');
  });
});
