import { describe, expect, it } from 'vitest';
import { fitReport } from '../../src/render/fit.js';
import { renderMarkdown, renderPlanSections } from '../../src/render/markdown.js';
import type { OtherChange, PlanReport } from '../../src/report.js';
import { markdownStructure } from '../support/gfm.js';
import { analysis, finding, planReport } from './support.js';

/** 1,500 tenants' buckets destroyed, each with the same finding, and one database. */
function massDelete(buckets: number) {
  const tenants = Array.from({ length: buckets }, (_, i) => {
    const address = `module.tenants["t${String(i).padStart(4, '0')}"].aws_s3_bucket.uploads`;
    return finding({ address, resourceType: 'aws_s3_bucket', message: `${address} will be destroyed. Lost: every object in the bucket.`, identity: [`acme-uploads-t${i}`] });
  });
  return analysis([
    planReport('plans/prod.json', [
      finding({ severity: 'high', ruleId: 'mass-delete', address: null, resourceType: null, actions: [], message: `This plan destroys ${buckets + 1} resources.`, details: ['delete aws_db_instance.orders'] }),
      finding({ address: 'aws_db_instance.orders', message: 'aws_db_instance.orders will be destroyed.', identity: ['acme-prod-orders', 'Environment=production', '100 GiB'] }),
      ...tenants,
    ], { delete: buckets + 1 }),
  ]);
}

describe('renderMarkdown', () => {
  it('names what is at risk, then the verdict, Terraform\'s plan line, plan-wide findings, then one line per resource, worst first', () => {
    const out = renderMarkdown(
      analysis([
        planReport('plans/prod.json', [
          finding({ address: 'aws_s3_bucket.logs', resourceType: 'aws_s3_bucket', severity: 'high', ruleId: 'stateful-replace', actions: ['delete', 'create'], message: 'Bucket goes.', details: ['force_destroy: false → true'], remediation: 'Keep it.' }),
          finding({ severity: 'high', ruleId: 'mass-delete', address: null, resourceType: null, actions: [], message: 'Destroys 12.' }),
          finding({ identity: ['acme-prod-main'] }),
        ], { delete: 11, replace: 1 }),
      ]),
    );
    expect(out).toBe(
      [
        '### ⛔ Mass delete of 12 resources: destroys 1 DB instance (`aws_db_instance.main`, acme-prod-main); destroys and recreates 1 S3 bucket (`aws_s3_bucket.logs`)',
        '',
        '**Needs approval: 3 blocking changes (at or above high)**',
        '',
        '**Plan: 1 to add, 0 to change, 12 to destroy.** · `plans/prod.json` · Terraform 1.9.8, format 1.2',
        '',
        '🟠 **Whole plan** · mass-delete (high): Destroys 12.',
        '',
        '<details><summary>🔴 <b>Destroy</b> <code>aws_db_instance.main</code> · acme-prod-main — stateful-delete</summary>',
        '',
        '**stateful-delete** (critical): aws_db_instance.main will be destroyed.',
        '',
        '</details>',
        '',
        '<details><summary>🟠 <b>Replace</b> <code>aws_s3_bucket.logs</code> — stateful-replace</summary>',
        '',
        '**stateful-replace** (high): Bucket goes.',
        '- force_destroy: false → true',
        '- **Fix:** Keep it.',
        '',
        '</details>',
        '',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is flagged', () => {
    expect(renderMarkdown(analysis([planReport('p.json', [])]))).toBe('### ✅ No dangerous changes\n\nNo changes. · `p.json` · Terraform 1.9.8, format 1.2\n\nNothing to flag in this plan.\n\n'.replace('No changes.', '**No changes.**'));
  });

  it('folds resources below block-on and suppressed findings into <details>', () => {
    const out = renderMarkdown(
      analysis([
        planReport('p.json', [
          finding({ severity: 'medium', ruleId: 'backup-weakened', message: 'Retention lowered.' }),
          finding({ address: 'aws_db_instance.old', suppressed: { reason: 'retired | on purpose' } }),
        ]),
      ]),
    );
    expect(out.startsWith('### ✅ No blocking changes (1 finding below high)\n')).toBe(true);
    expect(out).toContain('<details>\n<summary>1 more resource with findings below high</summary>\n\n<details><summary>🟡 <b>Destroy</b> <code>aws_db_instance.main</code> — backup-weakened</summary>');
    expect(out).toContain('<details>\n<summary>1 finding suppressed by the policy</summary>\n\n| Rule | Resource | Reason |\n| - | - | - |\n| stateful-delete | `aws_db_instance.old` | retired &#124; on purpose |');
  });

  it('says on screen, above the fold, which grants and ingress rules could not be verified (audit F6)', () => {
    const out = renderMarkdown(
      analysis([
        planReport('p.json', [
          finding({ severity: 'info', ruleId: 'iam-unverifiable', address: 'aws_iam_role_policy_attachment.admin', actions: ['create'], message: 'The policy ARN is known only after apply.' }),
          finding({ severity: 'info', ruleId: 'network-unverifiable', address: 'aws_security_group_rule.ssh', actions: ['create'], message: 'Sources known only after apply.' }),
          finding({ severity: 'medium', ruleId: 'backup-weakened', message: 'Retention lowered.' }),
        ]),
      ]),
    );
    const note =
      '> [!NOTE]\n> **Not verified:** `aws_iam_role_policy_attachment.admin`, `aws_security_group_rule.ssh` grant or open something known only after apply (a policy, an ARN, a role, ingress sources), so what they grant or open could not be checked; this policy does not block on that. Look at what the values come from (below).';
    expect(out).toContain(note);
    expect(out.indexOf(note)).toBeLessThan(out.indexOf('<summary>3 more resources with findings below high</summary>'));
    expect(renderMarkdown(analysis([planReport('p.json', [finding({ severity: 'medium', ruleId: 'backup-weakened', message: 'Retention lowered.' })])]))).not.toContain('Not verified');
  });

  it('groups identical findings on many instances into one line, with their addresses folded', () => {
    const out = renderMarkdown(massDelete(1500));
    const lines = out.split('\n');
    // The mass delete and the grouped buckets are named in the first lines.
    expect(lines[0]).toBe('### ⛔ Mass delete of 1,501 resources: destroys 1 DB instance (`aws_db_instance.orders`, acme-prod-orders) and 1,500 S3 buckets');
    expect(out.indexOf('**Whole plan** · mass-delete')).toBeLessThan(out.indexOf('<details>'));
    expect(out).toContain('<details><summary>🔴 <b>Destroy</b> <code>aws_db_instance.orders</code> · acme-prod-orders · Environment=production · 100 GiB — stateful-delete</summary>');
    expect(out).toContain('<details><summary>🔴 <b>Destroy</b> 1,500 × <code>module.tenants&#91;&#42;&#93;.aws_s3_bucket.uploads</code> — stateful-delete</summary>');
    expect(out).toContain('<details><summary>The 1,500 addresses</summary>');
    expect(out).toContain('- `module.tenants["t0000"].aws_s3_bucket.uploads` · acme-uploads-t0');
    expect(out).toContain('- … and 1,480 more (the job summary and the JSON report list them all)');
    expect(out.match(/will be destroyed/g)).toHaveLength(2);
    expect(out.length).toBeLessThan(10_000);
  });

  it('lists every address of a group where there is no limit (the job summary), complete at 5,000 findings within 1 MiB', () => {
    const body = renderPlanSections(massDelete(5000)).join('\n');
    expect(body.match(/^- `module\.tenants/gm)).toHaveLength(5000);
    expect(Buffer.byteLength(body)).toBeLessThan(1_048_576);
  });

  it('fits a comment when findings cannot be grouped, counting the resources it leaves out', () => {
    const many = Array.from({ length: 5000 }, (_, i) => finding({ address: `aws_db_instance.db_${i}`, message: `Database ${i} will be deleted. ${'x'.repeat(100)}` }));
    const out = renderMarkdown(analysis([planReport('p.json', [finding({ ruleId: 'mass-delete', severity: 'high', address: null, resourceType: null, actions: [], message: 'This plan destroys 5000 resources.' }), ...many])]));
    expect(out.length).toBeLessThanOrEqual(65_536);
    expect(out).toContain('**Whole plan** · mass-delete');
    expect(out).toMatch(/This report is too long for a comment: \d+ of 5,000 resources with findings are shown\. The complete report is in the JSON report \(`--format json`\)\./);
    expect((out.match(/<details>/g) ?? []).length).toBe((out.match(/<\/details>/g) ?? []).length);
  });

  it('shortens a long address in the middle on its line and gives it whole in its fold', () => {
    const address = 'module.db.module.db_1.module.db_instance.aws_db_instance.this[0]';
    const out = renderMarkdown(analysis([planReport('p.json', [finding({ address })])]));
    expect(out).toContain('<summary>🔴 <b>Destroy</b> <code>module.db.module.db_1.…&#95;instance.aws_db_instance.this&#91;0&#93;</code> — stateful-delete</summary>\n\n`module.db.module.db_1.module.db_instance.aws_db_instance.this[0]`\n');
  });

  it('shows one resource once, with each of its findings, under its worst severity', () => {
    const out = renderMarkdown(analysis([planReport('p.json', [finding({ severity: 'medium', ruleId: 'deletion-protection-missing', message: 'Unprotected.' }), finding({})])]));
    expect(out.match(/<summary>/g)).toHaveLength(1);
    expect(out).toContain('<summary>🔴 <b>Destroy</b> <code>aws_db_instance.main</code> — stateful-delete, deletion-protection-missing</summary>');
  });

  it('gives several plans a summary table (directory, plan, Terraform\'s line, verdict), then each its own heading', () => {
    const out = renderMarkdown(analysis([planReport('a.json', []), planReport('envs/prod/b.json', [finding({})], { delete: 1, update: 1501 })]));
    expect(out).toContain(
      '| Directory | Plan | Changes | Verdict |\n| - | - | - | - |\n| — | `a.json` | No changes. | ✅ nothing to flag |\n| `envs/prod` | `b.json` | Plan: 0 to add, 1,501 to change, 1 to destroy. | ⛔ 1 blocking finding |',
    );
    expect(out).toContain('#### `a.json`\n\n**No changes.** · Terraform 1.9.8, format 1.2\n');
    expect(out).toContain('#### `envs/prod/b.json`\n\n**Plan: 0 to add, 1,501 to change, 1 to destroy.** · Terraform 1.9.8, format 1.2\n');
  });

  describe('the rest of the plan, in one fold', () => {
    const others: OtherChange[] = [
      ...Array.from({ length: 1500 }, (_, i): OtherChange => ({ address: `module.tenants["t${i}"].aws_s3_bucket_policy.uploads`, resourceType: 'aws_s3_bucket_policy', actions: ['update'] })),
      { address: 'aws_s3_bucket.logs', resourceType: 'aws_s3_bucket', actions: ['create'] },
      { address: 'aws_sqs_queue.jobs', resourceType: 'aws_sqs_queue', actions: ['delete'] },
      { address: 'module.storage.aws_s3_bucket.archive', resourceType: 'aws_s3_bucket', actions: ['no-op'], previousAddress: 'aws_s3_bucket.archive' },
      { address: 'aws_iam_role.ci', resourceType: 'aws_iam_role', actions: ['no-op'], imported: true },
    ];
    const plan = (changes: OtherChange[], findings = [finding({})]): PlanReport => ({ ...planReport('p.json', findings, { delete: 2, update: 1500, create: 1 }), otherChanges: changes });

    it('counts them, groups identical ones and lists what loses data first, after the findings', () => {
      const out = renderMarkdown(analysis([plan(others)]));
      expect(out).toContain(
        [
          '<details>',
          '<summary>Other changes (no findings): 1,504 resources, 1 to destroy, 1,500 to update, 1 to create, 1 moved, 1 to import</summary>',
          '',
          '- Destroy `aws_sqs_queue.jobs`',
          '- Update 1,500 × `module.tenants[*].aws_s3_bucket_policy.uploads`',
          '- Create `aws_s3_bucket.logs`',
          '- Move `aws_s3_bucket.archive` → `module.storage.aws_s3_bucket.archive`',
          '- Import `aws_iam_role.ci`',
          '',
          '</details>',
        ].join('\n'),
      );
      expect(out.indexOf('Other changes')).toBeGreaterThan(out.indexOf('aws_db_instance.main'));
      expect(markdownStructure(out).filter((line) => line.trim() === 'details')).toHaveLength(2);
    });

    it('lists a few lines in a comment and counts the rest; the job summary lists every group', () => {
      const many = Array.from({ length: 45 }, (_, i): OtherChange => ({ address: `aws_s3_bucket.b${i}`, resourceType: 'aws_s3_bucket', actions: ['create'] }));
      const comment = renderMarkdown(analysis([plan(many)]));
      expect(comment.match(/^- Create /gm)).toHaveLength(20);
      expect(comment).toContain('- … and 25 more resources (the job summary and the JSON report list them all)');
      expect(renderPlanSections(analysis([plan(many)])).join('\n').match(/^- Create /gm)).toHaveLength(45);
    });

    it('is left out first when a surface is too small, without cutting the findings after it', () => {
      const big = Array.from({ length: 400 }, (_, i): OtherChange => ({ address: `aws_s3_bucket.b${i}`, resourceType: 'aws_s3_bucket', actions: ['create'] }));
      const body = renderPlanSections(analysis([plan(big), { ...planReport('q.json', [finding({ address: 'aws_db_instance.second' })]) }])).join('\n');
      const fitted = fitReport(body, 4000, { surface: 'a comment', where: 'the job summary' });
      expect(body).toContain('Other changes');
      expect(fitted).not.toContain('Other changes');
      expect(fitted).toContain('aws_db_instance.second');
      expect(fitted).toContain('2 of 2 resources with findings are shown. The other changes (without findings) are left out too.');
    });
  });

  describe('a fold of findings below the threshold, longer than the comment', () => {
    // 400 medium findings, each its own block, nothing blocking: the fold of those below `high`.
    const below = Array.from({ length: 400 }, (_, i) =>
      finding({ address: `aws_security_group.g${i}`, resourceType: 'aws_security_group', ruleId: 'network-open-ingress', severity: 'medium', actions: ['create'], message: `aws_security_group.g${i} opens port 8080 to the whole internet. ${'x'.repeat(150)}` }),
    );
    const out = renderMarkdown(analysis([planReport('plan.json', below)]));

    it('keeps the first of its resources that fit, inside the fold, instead of none', () => {
      expect(out.length).toBeLessThanOrEqual(65_536);
      const shown = Number(/: (\d+) of 400 resources with findings are shown/.exec(out)?.[1]);
      expect(shown).toBeGreaterThan(100);
      expect(shown).toBeLessThan(400);
      for (let i = 0; i < shown; i++) expect(out).toContain(`<code>aws_security_group.g${i}</code>`);
      expect(out).not.toContain(`<code>aws_security_group.g${shown}</code>`);
      expect(out).toContain(`<summary>400 more resources with findings below high (the first ${shown} shown here)</summary>`);
    });

    it('never passes the budget, whatever it is, counted in characters or in bytes', () => {
      const body = renderPlanSections(analysis([planReport('plan.json', below)])).join('\n');
      // Budgets three characters apart over a few blocks' worth: where a cut lands moves with them.
      for (let budget = 1500; budget < 3000; budget += 3) {
        expect(fitReport(body, budget, { surface: 'a comment', where: 'the job summary' }).length).toBeLessThanOrEqual(budget);
        expect(Buffer.byteLength(fitReport(body, budget, { surface: 'the check summary', where: 'the job summary', measure: 'bytes' }))).toBeLessThanOrEqual(budget);
      }
    });

    it('renders as balanced folds: the fold, then one per resource inside it, then the note outside', () => {
      const structure = markdownStructure(out);
      expect(structure.filter((line) => line.trim() === 'details')).toHaveLength(1 + Number(/: (\d+) of 400/.exec(out)?.[1]));
      expect(out.trimEnd().endsWith('The complete report is in the JSON report (`--format json`).')).toBe(true);
      expect(out.match(/<details>/g)?.length).toBe(out.match(/<\/details>/g)?.length);
    });
  });

  describe('escapes what came from the plan', () => {
    const hostile = finding({
      address: 'aws_s3_bucket.x["a|b"]',
      message: 'Owner @octocat <script>alert(1)</script> | [approve here](https://evil.example) ![px](https://evil.example/p.gif) \\| end',
      details: ['line one\nline two'],
    });
    const out = renderMarkdown(analysis([planReport('plans/<b>|@team.json', [hostile])]));

    it('makes HTML inert, breaks mentions, and disables links and images', () => {
      expect(out).not.toContain('<script>');
      expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(out).not.toMatch(/@octocat/);
      expect(out).toContain('@\u200boctocat');
      expect(out).toContain('&#91;approve here&#93;(https&#58;//evil.example)');
      expect(out).toContain('&#33;&#91;px&#93;(https&#58;//evil.example/p.gif)');
      expect(out).toContain('&#92;&#124; end');
      expect(out).toContain('- line one<br>line two');
      expect(markdownStructure(out).filter((line) => /\b(a|img|script|table)\b/.test(line))).toEqual([]);
    });

    it('quotes plan names as code, and addresses as code or escaped in a <code> element', () => {
      expect(out).toContain('`plans/<b>|@team.json`');
      expect(out).toContain('<code>aws_s3_bucket.x&#91;"a&#124;b"&#93;</code>');
    });
  });
});
