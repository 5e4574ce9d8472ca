/**
 * Cutting a report to a surface's limit when the plan's own text holds `<details>` tags: in an
 * address written as a code span they are text GitHub shows as it is, and must not be taken for
 * folds (audit 24 F1, F4, F5); and a cut never passes its budget (F2).
 */
import { describe, expect, it } from 'vitest';
import { fitReport } from '../../src/render/fit.js';
import { renderMarkdown, renderPlanSections } from '../../src/render/markdown.js';
import { markdownStructure } from '../support/gfm.js';
import { analysis, finding, planReport } from './support.js';

const LONG_KEY = 'k'.repeat(60);

function openIngress(address: string, padding = 0) {
  return finding({ address, resourceType: 'aws_security_group', ruleId: 'network-open-ingress', severity: 'medium', actions: ['create'], message: `${address} opens port 8080 to the whole internet.${'y'.repeat(padding)}` });
}

/** Whether the "too long" note is shown outside every fold (a blockquote at the top level). */
function noteAtTopLevel(markdown: string): boolean {
  return markdown.includes('> [!NOTE]') && markdownStructure(markdown).includes('blockquote');
}

describe('tags in addresses, inside code spans', () => {
  it("a `<details>` in one plan's address leaves the next plan's plan-wide and blocking findings in the comment", () => {
    const one = planReport('one.json', [openIngress(`aws_security_group.c["<details>${LONG_KEY}"]`, 300), ...Array.from({ length: 300 }, (_, i) => openIngress(`aws_security_group.g${i}`, 300))]);
    const two = planReport('two.json', [
      finding({ address: null, resourceType: null, ruleId: 'empty-prior-state', severity: 'critical', message: 'PLAN-TWO-WIDE: the state is empty.' }),
      finding({ address: 'aws_db_instance.PLAN_TWO_DB', message: 'aws_db_instance.PLAN_TWO_DB will be destroyed.' }),
    ]);
    const out = renderMarkdown(analysis([one, two]));
    expect(out).toContain('PLAN-TWO-WIDE');
    expect(out).toContain('aws_db_instance.PLAN_TWO_DB');
    expect(noteAtTopLevel(out)).toBe(true);
  });

  it('a fold cut anywhere keeps whole resources, the note outside it', () => {
    const body = renderPlanSections(
      analysis([
        planReport('plan.json', [
          openIngress('aws_security_group.a'),
          openIngress('aws_security_group.b'),
          openIngress(`aws_security_group.c["</details>${LONG_KEY}"]`),
          openIngress(`aws_security_group.d["<details>${LONG_KEY}"]`),
          openIngress('aws_security_group.e'),
        ]),
      ]),
    ).join('\n');
    for (let budget = 900; budget < body.length; budget += 2) {
      const fitted = fitReport(body, budget, { surface: 'a comment', where: 'the job summary' });
      expect(fitted.length).toBeLessThanOrEqual(budget);
      expect(noteAtTopLevel(fitted)).toBe(true);
      const shown = Number(/: (\d+) of 5 resources with findings are shown/.exec(fitted)?.[1]);
      // Each resource counted shown is there with its finding.
      expect(fitted.match(/opens port 8080 to the whole internet/g)?.length ?? 0).toBe(shown);
    }
  });

  it('a resource cut by lines is closed before the note', () => {
    const deletes = Array.from({ length: 300 }, (_, i) => finding({ address: `aws_db_instance.d${i}["</details>${LONG_KEY}"]`, message: `aws_db_instance.d${i} will be destroyed.${'z'.repeat(150)}` }));
    const out = renderMarkdown(analysis([planReport('plan.json', deletes)]));
    expect(out.length).toBeLessThanOrEqual(65_536);
    expect(noteAtTopLevel(out)).toBe(true);
  });
});

describe('a cut by lines', () => {
  it('never passes its budget when its last line opens a fold', () => {
    const body = ['Plan text line one, essential.', '<details>', 'x'.repeat(300), '</details>', `tail essential text ${'y'.repeat(400)}`].join('\n');
    for (let budget = 150; budget < 400; budget++) expect(fitReport(body, budget, { surface: 'a comment', where: 'the job summary' }).length).toBeLessThanOrEqual(budget);
  });
});

describe('detailsDepthChange', () => {
  it('counts the tags outside code spans only, as CommonMark delimits them', async () => {
    const { detailsDepthChange } = await import('../../src/render/fit.js');
    expect(detailsDepthChange('<details><summary>x</summary>')).toBe(1);
    expect(detailsDepthChange('</details>')).toBe(-1);
    expect(detailsDepthChange('- `a["</details>"]` <details>')).toBe(1);
    // A double-backtick span holds a single backtick; an unclosed run is text, so the tag after it counts.
    expect(detailsDepthChange('``a`</details>`` </details>')).toBe(-1);
    expect(detailsDepthChange('`unclosed </details>')).toBe(-1);
    expect(detailsDepthChange('``x` <details>')).toBe(1);
  });
});

describe('a sensitive value spelled like a fold tag (audit 25 F4)', () => {
  const secrets = { sensitive: new Set(['</details>', '<summary>']), variables: new Set<string>() };
  const plans = [
    planReport('plan.json', [
      finding({ address: 'aws_db_instance.main', message: 'aws_db_instance.main will be destroyed; its note says </details> here.' }),
      finding({ address: 'aws_security_group_rule.ssh', resourceType: 'aws_security_group_rule', ruleId: 'network-open-ingress', severity: 'high', actions: ['create'], message: 'SECOND-BLOCKING opens port 22.' }),
    ]),
  ];

  it('leaves the folds whole, each finding in its own', () => {
    const out = renderMarkdown(analysis(plans, 'high', secrets));
    expect(out.match(/<details>/g)?.length).toBe(out.match(/<\/details>/g)?.length);
    const structure = markdownStructure(out);
    // The two findings' folds side by side at the top level, not one inside the other.
    expect(structure.filter((line) => line === 'details')).toHaveLength(2);
  });

  it('hides a secret that contains a fold tag, wherever it is written (audit 26 F1)', () => {
    const tagged = { sensitive: new Set(['Hunter2<details>Zq9vX']), variables: new Set<string>() };
    const out = renderMarkdown(analysis([planReport('plan.json', [finding({ address: 'aws_db_instance.db["Hunter2<details>Zq9vX"]', message: 'aws_db_instance.db will be destroyed.' })])], 'high', tagged));
    expect(out).not.toContain('Hunter2');
    expect(out).not.toContain('Zq9vX');
  });

  it('still hides the value where the plan wrote it', () => {
    const out = renderMarkdown(analysis(plans, 'high', secrets));
    expect(out).not.toContain('&lt;/details&gt;');
    expect(out).toContain('its note says (sensitive) here.');
  });
});
