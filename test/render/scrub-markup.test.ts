/**
 * The last scrub of rendered markdown never changes its markup (audit 26 F2, audit 25 F4): a
 * sensitive value any PR can add (an output) spelled like the renderer's own text, a fence and an
 * address or a fold's tag, must not open a code span's `<details>`, nor close or unbalance a fold,
 * so every blocking finding stays at the top level where a reviewer sees it; and a secret is hidden
 * wherever the plan writes it, even one spelled exactly like a fold's tag (the 9bbed41 trade-off).
 */
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { parseStoredState, type StoredState } from '../../src/decision/comment-state.js';
import { loadPlanJson } from '../../src/plan/load.js';
import type { SecretValues } from '../../src/plan/model.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import type { Analysis } from '../../src/report.js';
import { changesSinceApprovalLine } from '../../src/render/approval-changes.js';
import { renderCheckOutput, renderComment, type CommentInput } from '../../src/render/comment.js';
import { summaryMarkdown } from '../../src/render/job-summary.js';
import { COMMENT_ADDRESSES_PER_GROUP, markdownHeadline, renderMarkdown, renderPlanSections } from '../../src/render/markdown.js';
import { MarkdownPlaces, replaceableInMarkdown, scrubMarkdown } from '../../src/render/scrub.js';
import { markdownStructure, renderGfm, visibleText } from '../support/gfm.js';
import { analysis as analysisOf, commentInputFor, finding, planReport } from './support.js';

const KEY = `<details>${'k'.repeat(60)}`;

/** A DB instance destroyed under a for_each key holding `<details>`, and SSH opened to the world: two blocking findings. */
function plan(keyOfDb: string, sensitiveOutput: string | null): Record<string, unknown> {
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: [
      {
        address: `aws_db_instance.db[${JSON.stringify(keyOfDb)}]`, mode: 'managed', type: 'aws_db_instance', name: 'db', index: keyOfDb, provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['delete'], before: { identifier: 'orders', deletion_protection: false, skip_final_snapshot: true }, after: null, before_sensitive: {}, after_sensitive: false },
      },
      {
        address: 'aws_security_group_rule.ssh', mode: 'managed', type: 'aws_security_group_rule', name: 'ssh', provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['create'], before: null,
          after: { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], security_group_id: 'sg-1' },
          after_unknown: {}, before_sensitive: false, after_sensitive: {},
        },
      },
    ],
    ...(sensitiveOutput === null ? {} : { output_changes: { note: { actions: ['create'], before: null, after: sensitiveOutput, before_sensitive: false, after_sensitive: true } } }),
  };
}

function analyzed(json: Record<string, unknown>, name = 'plan.json'): Analysis {
  return analyzePlans([loadPlanJson(json, name)], DEFAULT_POLICY, { configurationChange: () => 'unknown' });
}

function commentInput(analysis: Analysis, reportBody: string | null): CommentInput {
  return commentInputFor(analysis, reportBody, analysis.report.plans.map((each) => ({ name: each.name, terraformVersion: each.terraformVersion, formatVersion: each.formatVersion })));
}

/** Every markdown surface of an analysis, as the action and the CLI write them. */
function surfaces(analysis: Analysis): Record<string, string> {
  const body = renderPlanSections(analysis, { addressesPerGroup: COMMENT_ADDRESSES_PER_GROUP }).join('\n');
  const input = commentInput(analysis, body);
  return {
    markdown: renderMarkdown(analysis),
    comment: renderComment(input),
    check: renderCheckOutput(input).summary,
    'check without a body': renderCheckOutput(commentInput(analysis, null)).summary,
    'job summary': summaryMarkdown({ ...input, reportBody: renderPlanSections(analysis).join('\n') }),
  };
}

/** The top-level `<details>` of rendered markdown, and how many folds are nested anywhere below another. */
function folds(markdown: string): { top: number; nested: number } {
  const lines = markdownStructure(markdown);
  return { top: lines.filter((line) => line === 'details').length, nested: lines.filter((line) => /^ +details$/.test(line)).length };
}

function visible(markdown: string): string {
  return visibleText(renderGfm(markdown));
}

describe('a sensitive value that eats a code span fence (audit 26 F2)', () => {
  const secret = '`aws_db_instance.db';
  const hostile = analyzed(plan(KEY, secret));
  const control = analyzed(plan(KEY, null));

  it('is a sensitive value of the plan, and the plan has two blocking findings', () => {
    expect(hostile.secrets.sensitive.has(secret)).toBe(true);
    expect(hostile.report.plans[0]?.findings.map((finding) => finding.ruleId).sort()).toEqual(['network-open-ingress', 'stateful-delete']);
  });

  it.each(Object.keys(surfaces(control)))('leaves the %s as it is without the value: two folds side by side, the SSH finding outside the DB fold', (surface) => {
    const out = surfaces(hostile)[surface] as string;
    const expected = surfaces(control)[surface] as string;
    expect(markdownStructure(out)).toEqual(markdownStructure(expected));
    if (surface !== 'check without a body') expect(folds(out)).toEqual({ top: 2, nested: 0 });
    // The address's `<details>` stays text in a code span, no heading holds a fold.
    expect(markdownStructure(out).filter((line) => /^ +details$/.test(line))).toEqual([]);
    expect(visible(out)).not.toContain(secret);
  });
});

describe('a sensitive value that eats the plan line fence, with a plan file named <details>.json (audit 26 F2)', () => {
  const secret = 'to destroy.** · `';
  const hostile = analyzed(plan('db', secret), '<details>.json');
  const control = analyzed(plan('db', null), '<details>.json');

  it.each(Object.keys(surfaces(control)))('leaves the %s as it is without the value', (surface) => {
    const out = surfaces(hostile)[surface] as string;
    expect(markdownStructure(out)).toEqual(markdownStructure(surfaces(control)[surface] as string));
    if (surface !== 'check without a body') expect(folds(out)).toEqual({ top: 2, nested: 0 });
    expect(visible(out)).not.toContain(secret);
  });
});

describe('a sensitive value written in an address (audit 26 F1, and the 9bbed41 trade-off)', () => {
  it.each(['Hunter2<details>Zq9vX', '</details>', '<summary>', '<details>'])('%s: hidden on every surface, the folds as they are with any other key', (secret) => {
    const hostile = analyzed({ ...plan(secret, null), variables: { db_password: { value: secret } }, configuration: { root_module: { variables: { db_password: { sensitive: true } } } } });
    expect(hostile.secrets.sensitive.has(secret)).toBe(true);
    const control = analyzed(plan('(sensitive)', null));
    const hostileSurfaces = surfaces(hostile);
    const controlSurfaces = surfaces(control);
    for (const [surface, out] of Object.entries(hostileSurfaces)) {
      expect(markdownStructure(out), surface).toEqual(markdownStructure(controlSurfaces[surface] as string));
      expect(out, surface).not.toContain(`["${secret}"]`);
      expect(visible(out), surface).toContain('aws_db_instance.db["(sensitive)"]');
      if (secret.length > 10) expect(visible(out), surface).not.toContain(secret);
    }
  });
});

describe('the headline kept in the comment state', () => {
  it('keeps its fence when scrubbed, so a comment re-rendered without the plan shows the same folds', () => {
    const hostile = analyzed(plan(KEY, '`aws_db_instance.db'));
    const stored = parseStoredState(renderComment(commentInput(hostile, null)), 'Terraform Plan Guard');
    expect(stored?.headline).toContain('`aws_db_instance.db');
    const again = renderComment({ ...commentInput(hostile, null), state: stored as StoredState, secrets: { sensitive: new Set(), variables: new Set() } });
    expect(markdownStructure(again).filter((line) => /details/.test(line))).toEqual([]);
  });
});

describe('scrubMarkdown', () => {
  // Two plans: a table of plans, headings, folds, code spans holding `<details>`, lists, a quote.
  const two = analyzePlans([loadPlanJson(plan(KEY, null), 'one.json'), loadPlanJson(plan('db', null), '<details>.json')], DEFAULT_POLICY, { configurationChange: () => 'unknown' });
  const documents = [surfaces(analyzed(plan(KEY, null)))['comment'] as string, surfaces(two)['comment'] as string];

  it.each([0, 1])('never changes the structure of document %i, whatever text of it a secret spells', (which) => {
    const markdown = documents[which] as string;
    const expected = markdownStructure(markdown);
    const markup = [...markdown.matchAll(/[`<>*_|#\n[\]()!:~-]/g)].map((match) => match.index);
    let state = 7;
    const random = (below: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % below;
    };
    let scrubbed = 0;
    for (let round = 0; round < 100; round++) {
      const secrets = new Set<string>();
      for (let k = 0; k < 8; k++) {
        // Half of them begin at or near a markup character.
        const start = Math.min(markdown.length - 4, k % 2 ? random(markdown.length - 4) : Math.max(0, (markup[random(markup.length)] ?? 0) + random(5) - 2));
        secrets.add(markdown.slice(start, start + 4 + random(k % 3 ? 12 : 50)));
      }
      const out = scrubMarkdown(markdown, { sensitive: secrets, variables: new Set() } satisfies SecretValues);
      if (out !== markdown) scrubbed++;
      expect(markdownStructure(out), JSON.stringify([...secrets])).toEqual(expected);
    }
    // The pass is not simply off: most rounds replace something.
    expect(scrubbed).toBeGreaterThan(50);
  });

  it('answers as reading each place\'s line from its start would, for places asked about in any order (audit 27 F0)', () => {
    // The answer as 226b684 gave it, reading back to the line's start at every place.
    const reference = (text: string, start: number, end: number): boolean => {
      if (start >= end || /\s/.test(text.charAt(start)) || /\s/.test(text.charAt(end - 1))) return false;
      for (let at = start; at < end; at++) {
        const character = text.charAt(at);
        if (/[`<>*~|[\]\\$!():\u0000-\u001f\u007f]/.test(character)) return false;
        if (character === '_' && !(/[A-Za-z0-9]/.test(text.charAt(at - 1)) && /[A-Za-z0-9]/.test(text.charAt(at + 1)))) return false;
      }
      const before = start > 0 ? text.charAt(start - 1) : '';
      const after = text.charAt(end);
      if (/[*_~]/.test(before) || /[*_~]/.test(after) || after === '@' || after === '#') return false;
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const lead = text.slice(lineStart, start);
      if (!/[^\s#>*+\-=.)|:~0-9[\]`!]/.test(lead)) return false;
      const open = lead.lastIndexOf('<');
      return !(open >= 0 && open > lead.lastIndexOf('>') && /[A-Za-z/!?]/.test(text.charAt(lineStart + open + 1)));
    };
    let state = 11;
    const random = (below: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % below;
    };
    const tricky = '### <b>x</b> a<!-- c --> b <i y\nplain words <summary>s\n\n    > 1. <a\nmore words\n|x|y|\n<>z < b> c\u2028d\n- [ ] words 2. <x';
    for (const markdown of [...documents, tricky]) {
      const places = new MarkdownPlaces(markdown);
      let checked = 0;
      for (let start = 0; start < markdown.length; start += 1 + random(3)) {
        // Now and then a place left of the last one, as a caller other than the scrub may ask.
        const at = random(10) === 0 ? random(start + 1) : start;
        // reachFrom bounds every span replaceable allows from there (audit 37 F3: the scrub tries no longer one).
        const reach = places.reachFrom(at);
        for (const end of [at + 1, at + 2 + random(6), at + 5 + random(40)]) {
          const replaceable = reference(markdown, at, end);
          expect(places.replaceable(at, end), JSON.stringify([at, end])).toBe(replaceable);
          if (replaceable) expect(end, JSON.stringify([at, end])).toBeLessThanOrEqual(reach);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(markdown.length / 2);
    }
  });

  it('replaces a secret in text, in code and between tags, and leaves markup', () => {
    const at = (text: string, part: string) => replaceableInMarkdown(text, text.indexOf(part), text.indexOf(part) + part.length);
    expect(at('a `aws_db_instance.db["x"]` b', 'aws_db_instance.db')).toBe(true);
    expect(at('<summary>x Hunter2-secret y</summary>', 'Hunter2-secret')).toBe(true);
    expect(at('a `aws_db_instance.db` b', '`aws_db_instance.db')).toBe(false);
    expect(at('<details>', 'details')).toBe(false);
    expect(at('x </details>', 'details')).toBe(false);
    expect(at('- item text', '- item')).toBe(false);
    expect(at('a **bold** b', 'bold')).toBe(false);
    expect(at('a [link text](https://x.example/path) b', 'link text')).toBe(true);
    expect(at('a [link text](https://x.example/path) b', 'text](https')).toBe(false);
    expect(at('a [link text](https://x.example/path) b', 'example/path) b')).toBe(false);
    expect(at('a | cell | b', '| cell')).toBe(false);
    expect(at('a _b', '_b')).toBe(false);
  });
});

describe('plan text in the headline', () => {
  it('writes an unknown resource type as escaped text: a type is the plan\'s text too', () => {
    const forgotten = finding({ ruleId: 'resource-forget', severity: 'critical', resourceType: 'x<details>y', address: 'x.y', actions: ['forget'], message: 'x.y is forgotten.' });
    const headline = markdownHeadline(analysisOf([planReport('plan.json', [forgotten, { ...forgotten, address: 'x.z' }])]).report, { sensitive: new Set(), variables: new Set() });
    expect(headline).toContain('&lt;details&gt;');
    expect(markdownStructure(`### ${headline}`)).toEqual(['h3']);
  });
});

describe('what changed since an approval', () => {
  it('names the addresses scrubbed before they are marked up', () => {
    const secret = 'Hunter2<details>Zq9vX';
    const line = changesSinceApprovalLine({ added: [{ ruleId: 'stateful-delete', address: `aws_db_instance.db["${secret}"]` }], changed: [], gone: [] }, { sensitive: new Set([secret]), variables: new Set() });
    expect(line).toBe('**Since the approval:** new: `stateful-delete` on `aws_db_instance.db["(sensitive)"]`.');
  });
});

/**
 * Sensitive values spelled like the destroyed resource's address, its name, and the renderer's
 * words (audit 27 F1): the address's configuration part is not a value, so every surface still
 * says which resource is destroyed; the name, a value of the plan, is hidden.
 */
describe('a sensitive value spelled like the address of what is destroyed', () => {
  const outputs = (...values: string[]) => Object.fromEntries(values.map((value, at) => [`o${at}`, { actions: ['create'], before: null, after: value, before_sensitive: false, after_sensitive: true }]));
  const orders = (values: string[], address = 'aws_db_instance.orders', key?: string) => ({
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: [
      {
        address, mode: 'managed', type: 'aws_db_instance', name: 'orders', ...(key === undefined ? {} : { index: key }), provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['delete'], before: { identifier: 'acme-prod-orders', deletion_protection: false, skip_final_snapshot: true }, after: null, before_sensitive: {}, after_sensitive: false },
      },
    ],
    output_changes: outputs(...values),
  });

  it('names the address on every surface, and hides the name that is a value', () => {
    const hostile = surfaces(analyzed(orders(['aws_db_instance.orders', 'acme-prod-orders', 'will be destroyed', 'Destroy'])));
    const control = surfaces(analyzed(orders([])));
    for (const [surface, markdown] of Object.entries(hostile)) {
      expect(markdown, surface).not.toContain('acme-prod-orders');
      expect(markdown, surface).not.toContain('will be destroyed');
      expect(markdownStructure(markdown), surface).toEqual(markdownStructure(control[surface] as string));
    }
    const markdown = hostile['markdown'] as string;
    expect(markdown.split('\n')[0]).toBe('### ⛔ Destroys 1 DB instance (`aws_db_instance.orders`)');
    expect(markdown).toContain('<code>aws_db_instance.orders</code>');
    expect(markdown).toContain('**stateful-delete** (critical): aws_db_instance.orders (sensitive). Lost:');
    for (const surface of ['comment', 'check', 'job summary']) expect(hostile[surface], surface).toContain('<code>aws_db_instance.orders</code>');
    expect(hostile['check without a body']).toContain('`aws_db_instance.orders`');
  });

  it('still hides a secret that reaches beyond the configuration, and the instance keys', () => {
    const address = 'aws_db_instance.orders["Hunter2-key"]';
    const markdown = renderMarkdown(analyzed(orders(['aws_db_instance.orders', 'orders["Hunter2', 'Hunter2-key', 'orders will be'], address, 'Hunter2-key')));
    expect(markdown).not.toContain('Hunter2');
    expect(markdown).not.toContain('orders will be');
    expect(markdown).toContain('aws_db_instance.orders["(sensitive)"]');
  });
});

/** Audit 27 F2b: two instances whose keys are different secrets are scrubbed to one address, and are still two resources. */
describe('instances whose keys are different secrets', () => {
  const instance = (key: string) => ({
    address: `aws_db_instance.g[${JSON.stringify(key)}]`, mode: 'managed', type: 'aws_db_instance', name: 'g', index: key, provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: ['delete'], before: { identifier: 'g1', deletion_protection: false, skip_final_snapshot: true }, after: null, before_sensitive: {}, after_sensitive: false },
  });
  const twoKeys = (keys: string[], sensitive: boolean) => ({
    format_version: '1.2',
    terraform_version: '1.9.0',
    variables: { keys: { value: keys } },
    configuration: { root_module: { variables: { keys: { sensitive } } } },
    resource_changes: keys.map(instance),
  });

  it('are shown as two, as two plain keys are', () => {
    const secret = renderMarkdown(analyzed(twoKeys(['Qz11!K:pw', 'Qz12!K:pw'], true)));
    const plain = renderMarkdown(analyzed(twoKeys(['Qz11!K:pw', 'Qz12!K:pw'], false)));
    expect(secret).not.toContain('Qz1');
    expect(secret).toContain('2 × <code>aws_db_instance.g&#91;&#42;&#93;</code>');
    expect(secret.match(/^- `aws_db_instance\.g\["\(sensitive\)"\]` · g1$/gm)).toHaveLength(2);
    expect(secret.match(/\*\*stateful-delete\*\*/g)).toHaveLength(1);
    expect(markdownStructure(secret)).toEqual(markdownStructure(plain));
  });
});
