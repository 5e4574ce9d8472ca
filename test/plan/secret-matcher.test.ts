import { describe, expect, it } from 'vitest';
import { SecretMatcher, type SecretForm } from '../../src/plan/secret-matcher.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { analyzePlans } from '../../src/analyze.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown, renderPlanSections } from '../../src/render/markdown.js';
import { renderText } from '../../src/render/text.js';
import { scrubReport, scrubSecrets } from '../../src/render/scrub.js';

/** What the matcher replaces: one alternation of every form, longest first (fine for a few forms). */
function regexReplace(text: string, forms: readonly SecretForm[], replacement: string): string {
  const word = '[A-Za-z0-9_.-]';
  const escape = (form: string) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = [...forms]
    .sort((a, b) => b.text.length - a.text.length)
    .map((form) => (form.wholeWord ? `(?<!${word})${escape(form.text)}(?!${word})` : escape(form.text)));
  return alternatives.length === 0 ? text : text.replace(new RegExp(alternatives.join('|'), 'g'), replacement);
}

/** A small deterministic generator. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('SecretMatcher', () => {
  it('replaces what one longest-first alternation replaces, on random text and secrets', () => {
    const next = random(42);
    const alphabet = 'ab.-_ x1';
    const word = (length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let round = 0; round < 3000; round++) {
      const forms: SecretForm[] = Array.from({ length: 1 + Math.floor(next() * 5) }, () => {
        const text = word(1 + Math.floor(next() * 9));
        return { text, wholeWord: text.length < 8 };
      });
      const text = word(Math.floor(next() * 60));
      const matcher = new SecretMatcher(forms);
      expect(matcher.replaceAll(text, '#')).toBe(regexReplace(text, forms, '#'));
      expect(matcher.test(text)).toBe(regexReplace(text, forms, '\u0000') !== text);
    }
  });

  it('prefers the longer of two secrets that start at the same place, and respects word boundaries', () => {
    const matcher = new SecretMatcher([
      { text: 'hunter', wholeWord: true },
      { text: 'hunter2-long-token', wholeWord: false },
    ]);
    expect(matcher.replaceAll('pw=hunter2-long-token and hunter, not hunters or db.hunter', '(sensitive)')).toBe('pw=(sensitive) and (sensitive), not hunters or db.hunter');
  });

  it('leaves an occurrence keep is true of, and replaces a shorter one at the same place instead', () => {
    const matcher = new SecretMatcher([{ text: 'abcd`efgh', wholeWord: false }, { text: 'abcd', wholeWord: false }]);
    const noBacktick = (text: string) => (start: number, end: number) => text.slice(start, end).includes('`');
    const text = 'x abcd`efgh y abcd`efgh';
    expect(matcher.replaceAll(text, '#', noBacktick(text))).toBe('x #`efgh y #`efgh');
    expect(matcher.replaceAll(text, '#')).toBe('x # y #');
    expect(matcher.replaceAll(text, '#', () => true)).toBe(text);
  });

  it('scrubs 200,000 secrets (short ones found as whole words) from every report, with no pattern growing with them', () => {
    const count = 200_000;
    const secrets = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? `secret-value-${i.toString(36)}-${(i * 7919).toString(36)}` : `s${i.toString(36)}`));
    const changes = secrets.slice(0, 2000).map((secret, i) => ({
      address: `aws_db_instance.db${i}`,
      mode: 'managed',
      type: 'aws_db_instance',
      name: `db${i}`,
      change: { actions: ['delete'], before: { password: secret, identifier: secrets[i + 2000] }, after: null, before_sensitive: { password: true }, after_sensitive: false },
    }));
    const plan = loadPlanJson(
      { format_version: '1.2', resource_changes: changes, planned_values: {}, variables: Object.fromEntries(secrets.map((secret, i) => [`v${i}`, { value: secret }])), configuration: { root_module: { variables: Object.fromEntries(secrets.map((_, i) => [`v${i}`, { sensitive: true }])) } } },
      'many-secrets.json',
    );
    expect(plan.secrets.sensitive.size).toBe(count);
    const analysis = analyzePlans([plan], DEFAULT_POLICY);
    // `--format markdown` is cut to fit a comment; the job summary (every section) holds every resource.
    const jobSummary = scrubSecrets(renderPlanSections(analysis).join('\n'), analysis.secrets);
    const outputs = [renderJson(scrubReport(analysis.report, analysis.secrets)), jobSummary, renderText(analysis, { color: false })];
    const comment = renderMarkdown(analysis);
    expect(comment).toContain('aws_db_instance.db0');
    for (const secret of secrets.slice(0, 4000).filter((value) => value.length >= 8)) expect(comment.includes(secret)).toBe(false);
    for (const output of outputs) {
      expect(output).toContain('aws_db_instance.db1999');
      for (const secret of secrets.slice(0, 4000).filter((value) => value.length >= 8)) expect(output.includes(secret)).toBe(false);
    }
  });
});

describe('SecretMatcher.occurringIn', () => {
  it('finds every secret that occurs, nested and overlapping ones too, short ones only as words', () => {
    const matcher = new SecretMatcher([
      { text: 'aws_db_instance.orders', wholeWord: false },
      { text: 'db_instance', wholeWord: false },
      { text: 'orders', wholeWord: true },
      { text: 'tenants', wholeWord: true },
      { text: 'instance.ord', wholeWord: false },
      { text: 'absent-secret', wholeWord: false },
    ]);
    // `orders` and `tenants` stand after a `.`: not words of their own there, as the scrub sees them.
    expect([...matcher.occurringIn('module.tenants\n.aws_db_instance.orders')].sort()).toEqual(['aws_db_instance.orders', 'db_instance', 'instance.ord']);
    expect([...matcher.occurringIn('tenants\norders')].sort()).toEqual(['orders', 'tenants']);
  });
});
