import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { analysis, finding, planReport } from './support.js';

describe('renderMarkdown', () => {
  it('starts with the verdict, then counts, then tables grouped by severity, worst first', () => {
    const out = renderMarkdown(
      analysis([
        planReport('plans/prod.json', [
          finding({ severity: 'high', ruleId: 'mass-delete', address: null, resourceType: null, actions: [], message: 'Destroys 12.' }),
          finding({}),
          finding({ address: 'aws_s3_bucket.logs', resourceType: 'aws_s3_bucket', message: 'Bucket goes.', details: ['force_destroy: false → true'], remediation: 'Keep it.' }),
        ], { delete: 12 }),
      ]),
    );
    expect(out).toBe(
      [
        '### ⛔ Needs approval: 3 blocking changes (at or above high)',
        '',
        '**12 to delete** in `plans/prod.json (Terraform 1.9.8, format 1.2)`',
        '',
        '🔴 **Critical** (2)',
        '',
        '| Resource | Actions | Rule | What happens |',
        '| - | - | - | - |',
        '| `aws_db_instance.main` | delete | stateful-delete | aws_db_instance.main will be destroyed. |',
        '| `aws_s3_bucket.logs` | delete | stateful-delete | Bucket goes.<br>• force_destroy: false → true<br>**Fix:** Keep it. |',
        '',
        '🟠 **High** (1)',
        '',
        '| Resource | Actions | Rule | What happens |',
        '| - | - | - | - |',
        '| *(whole plan)* | — | mass-delete | Destroys 12. |',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is flagged', () => {
    expect(renderMarkdown(analysis([planReport('p.json', [])]))).toBe('### ✅ No dangerous changes\n\n**no changes** in `p.json (Terraform 1.9.8, format 1.2)`\n\nNothing to flag in this plan.\n\n');
  });

  it('folds findings below block-on and suppressed ones into <details>', () => {
    const out = renderMarkdown(
      analysis([
        planReport('p.json', [
          finding({ severity: 'medium', ruleId: 'backup-weakened', message: 'Retention lowered.' }),
          finding({ suppressed: { reason: 'retired | on purpose' } }),
        ]),
      ]),
    );
    expect(out.startsWith('### ✅ No blocking changes (1 finding below high)\n')).toBe(true);
    expect(out).toContain('<details>\n<summary>1 finding below high</summary>\n\n🟡 **Medium** (1)');
    expect(out).toContain('<details>\n<summary>1 suppressed by the policy</summary>\n\n| Rule | Resource | Reason |\n| - | - | - |\n| stateful-delete | `aws_db_instance.main` | retired &#124; on purpose |');
  });

  it('shows 15 rows of a severity and folds the rest', () => {
    const many = Array.from({ length: 40 }, (_, i) => finding({ address: `aws_s3_bucket.b${i}`, message: `Bucket ${i} goes.` }));
    const out = renderMarkdown(analysis([planReport('p.json', many)]));
    const [shown, folded] = out.split('<details>');
    expect(shown?.match(/^\| `aws_s3_bucket\.b\d+`/gm)).toHaveLength(15);
    expect(folded).toMatch(/^\n<summary>25 more<\/summary>\n/);
    expect(folded?.match(/^\| `aws_s3_bucket\.b\d+`/gm)).toHaveLength(25);
    expect(out).toContain('</details>');
  });

  it('gives each plan its own heading when there are several', () => {
    const out = renderMarkdown(analysis([planReport('a.json', []), planReport('b.json', [finding({})])]));
    expect(out).toContain('#### `a.json`\n\n**no changes** · Terraform 1.9.8, format 1.2\n');
    expect(out).toContain('#### `b.json`\n\n');
  });

  describe('escapes what came from the plan', () => {
    const hostile = finding({
      address: 'aws_s3_bucket.x["a|b"]',
      message: 'Owner @octocat <script>alert(1)</script> | [approve here](https://evil.example) ![px](https://evil.example/p.gif) \\| end',
      details: ['line one\nline two'],
    });
    const out = renderMarkdown(analysis([planReport('plans/<b>|@team.json', [hostile])]));
    const row = out.split('\n').find((line) => line.startsWith('| `aws_s3_bucket'));

    it('keeps pipes inside their cell', () => {
      expect(row).toBeDefined();
      expect(row?.startsWith('| `aws_s3_bucket.x["a\\|b"]` | delete | stateful-delete | ')).toBe(true);
      // Four cells: every other pipe in the row is escaped.
      expect(row?.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    });

    it('makes HTML inert, breaks mentions, and disables links and images', () => {
      expect(out).not.toContain('<script>');
      expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(out).not.toMatch(/@octocat/);
      expect(out).toContain('@\u200boctocat');
      expect(out).toContain('&#91;approve here&#93;(https&#58;//evil.example)');
      expect(out).toContain('&#33;&#91;px&#93;(https&#58;//evil.example/p.gif)');
      expect(row).toContain('&#92;&#124; end');
      expect(row).toContain('line one<br>line two');
    });

    it('quotes plan names and addresses as code', () => {
      expect(out).toContain('`plans/<b>|@team.json (Terraform 1.9.8, format 1.2)`');
    });
  });
});
