/**
 * The rules' own code words render as code; a backtick from the plan never opens a code span
 * that changes what a reader sees (GFM as GitHub renders it).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { escapeProse } from '../../src/render/prose.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { allFindings } from '../../src/report.js';
import { markdownStructure, renderGfm, visibleText } from '../support/gfm.js';
import { CORPUS, corpusFiles } from '../support/corpus.js';
import { benign, HOSTILE_TEXT, hostilePlan } from '../support/hostile-plan.js';
import { loadPlanJson } from '../../src/plan/load.js';

const codes = (markdown: string) => markdownStructure(markdown).filter((line) => line.trim() === 'code').length;

describe('escapeProse', () => {
  it('sets the rules\' Terraform words and attribute paths in code', () => {
    expect(escapeProse('Add a `moved` block; narrow `ingress[*].cidr_blocks` or `inline_policy[0].policy`, then run `terraform init`.')).toBe(
      'Add a `moved` block; narrow `ingress[*].cidr_blocks` or `inline_policy[0].policy`, then run `terraform init`.',
    );
    expect(visibleText(renderGfm(escapeProse('statement 1 of `policy` allows "*" and "s3:*"')))).toBe('statement 1 of policy allows "*" and "s3:*"');
  });

  it('shows a backtick from the plan as itself, whatever it encloses, and still finds the code words after it', () => {
    const sentence = 'aws_iam_policy.x: statement "a`<img src=x>` `*b*` `x`" of `policy` allows "*".';
    const markdown = escapeProse(sentence);
    expect(markdownStructure(markdown).map((line) => line.trim())).toEqual(['p', 'code']);
    expect(visibleText(renderGfm(markdown))).toBe('aws_iam_policy.x: statement "a`<img src=x>` `*b*` `x`" of policy allows "*".');
  });

  it('reads plan text between backticks in time linear in it (an ambiguous path pattern took exponential time)', () => {
    const text = `x${'.a_a_a'.repeat(40)}!`;
    // Exponential backtracking never finishes this (each segment tripled the time); linear takes microseconds.
    expect(escapeProse(`statement \`${text}\` of \`policy\``)).toContain('`policy`');
    expect(escapeProse('narrow `ingress[*].cidr_blocks`, `a.b_c.d`')).toBe('narrow `ingress[*].cidr_blocks`, `a.b_c.d`');
  });

  it('never pairs the backticks of an address or name it is told are plan text', () => {
    const address = 'aws_s3_bucket.b["`for_each`"]';
    expect(codes(escapeProse(`${address} will be destroyed; add a \`moved\` block.`, [address]))).toBe(1);
    expect(codes(escapeProse(`${address} will be destroyed; add a \`moved\` block.`))).toBe(2);
  });
});

describe('the findings of every fixture and corpus plan', () => {
  const fixtures = ['fixtures/rules', 'fixtures/incidents', 'fixtures/e2e'].flatMap((directory) =>
    readdirSync(directory, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.json')).map((file) => join(directory, file)),
  );
  const files = [...fixtures, ...corpusFiles().map((file) => join(CORPUS, file))];

  it('have every backtick the rules wrote shown as code, none literally (no plan text there holds one)', () => {
    let coded = 0;
    const literal = new Set<string>();
    for (const file of files) {
      const { report } = analyzePlans([loadPlanFile(file, file)], DEFAULT_POLICY, { configurationChange: () => 'unknown' });
      for (const finding of allFindings(report)) {
        for (const text of [finding.message, ...finding.details, finding.remediation ?? '']) {
          if (!text.includes('`')) continue;
          const shown = visibleText(renderGfm(escapeProse(text)));
          if (shown.includes('`')) literal.add(text);
          coded += 1;
        }
      }
    }
    expect([...literal]).toEqual([]);
    expect(coded).toBeGreaterThan(20);
  });
});

describe('a hostile plan whose names and values hold backticks', () => {
  const text = `${HOSTILE_TEXT} \`<img src=y>\` \`*z*\` \`\`\` \` end`;
  const markdownOf = (value: string) => renderMarkdown(analyzePlans([loadPlanJson(hostilePlan(value), 'plan.json')], DEFAULT_POLICY, { configurationChange: () => 'unknown' }));

  it('renders with the structure of its benign twin, the backticks on screen', () => {
    const hostile = markdownOf(text);
    expect(markdownStructure(hostile)).toEqual(markdownStructure(markdownOf(benign(text))));
    expect(visibleText(renderGfm(hostile))).toContain('`<img src=y>` `*z*` ``` ` end');
  });
});
