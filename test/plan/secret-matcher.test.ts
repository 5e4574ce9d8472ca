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

/** Every form that occurs at `at` (word rule respected), longest first: the matcher's answer, found the slow way. */
function occurringAt(text: string, at: number, forms: readonly SecretForm[]): SecretForm[] {
  const word = /[A-Za-z0-9_.-]/;
  return forms
    .filter((form) => text.startsWith(form.text, at) && (!form.wholeWord || (!word.test(text.charAt(at - 1)) && !word.test(text.charAt(at + form.text.length)))))
    .sort((a, b) => b.text.length - a.text.length);
}

/** The replacement before audit 35 F2, found the slow way: the longest (not kept) at a position, then past it. */
function replacedOneByOne(text: string, forms: readonly SecretForm[], keep = (_start: number, _end: number) => false): { out: string; spans: [number, number][] } {
  let out = '';
  const spans: [number, number][] = [];
  let at = 0;
  while (at < text.length) {
    const found = occurringAt(text, at, forms).find((form) => !keep(at, at + form.text.length));
    if (found === undefined) out += text.charAt(at++);
    else {
      spans.push([at, at + found.text.length]);
      out += '#';
      at += found.text.length;
    }
  }
  return { out, spans };
}

/** The replacement with overlapping occurrences joined (no `keep`), found the slow way. */
function replacedJoined(text: string, forms: readonly SecretForm[]): string {
  const reach = (at: number) => at + (occurringAt(text, at, forms)[0]?.text.length ?? -at - 1);
  let out = '';
  for (let at = 0; at < text.length; ) {
    let end = reach(at);
    if (end < at) {
      out += text.charAt(at++);
      continue;
    }
    for (let inside = at; inside < end; inside++) end = Math.max(end, reach(inside));
    out += '#';
    at = end;
  }
  return out;
}

describe('SecretMatcher: a secret that overlaps itself (audit 37 F1)', () => {
  it('replaces a run of a periodic secret as one span, in time near the text\'s length, small bucket and prefix tree alike', () => {
    const text = `key ${'ab'.repeat(50_000)} end`;
    const small = new SecretMatcher([{ text: 'ab'.repeat(5_000), wholeWord: false }]);
    const tree = new SecretMatcher(Array.from({ length: 1_000 }, (_, k) => ({ text: 'ab'.repeat(k + 4), wholeWord: false })));
    for (const matcher of [small, tree]) {
      const started = performance.now();
      expect(matcher.replaceAll(text, '#')).toBe('key # end');
      expect(matcher.replaceAll(text, '#', () => false)).toBe('key # end');
      expect(performance.now() - started).toBeLessThan(1_500);
    }
  });

  it('past the allowance a span takes the rest of the run of the secrets\' characters (more, never less); where keep refuses that, it is exact', () => {
    const matcher = new SecretMatcher([{ text: 'a'.repeat(2_000), wholeWord: false }, { text: 'zbbbbz', wholeWord: false }]);
    // The run of the forms' characters past the exact union (the `a`s end at the `b`s) goes too: the failsafe side.
    expect(matcher.replaceAll(`x ${'a'.repeat(60_000)}bbb y`, '#')).toBe('x # y');
    // Short of the allowance it is exact.
    expect(new SecretMatcher([{ text: 'a'.repeat(20), wholeWord: false }, { text: 'bbbb', wholeWord: false }]).replaceAll(`x ${'a'.repeat(600)}bbba y`, '#')).toBe('x #bbba y');
    // keep refuses the span past the run's `a`s: the exact union, then the rest as it is.
    expect(matcher.replaceAll(`x ${'a'.repeat(60_000)}bbb y`, '#', (start, end) => end > 60_002)).toBe('x #bbb y');
  });

  it('counts what probing compares, not the forms\' lengths: secrets sharing their dashes, many times in a text, are replaced exactly', () => {
    const next = random(5);
    const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const body = () => Array.from({ length: 25 }, () => Array.from({ length: 64 }, () => base64[Math.floor(next() * 64)]).join('')).join('\n');
    // Ten PEMs, one bucket ("----"), form by form: inside each occurrence the dashes hit the bucket again.
    const pems = Array.from({ length: 10 }, () => `-----BEGIN PRIVATE KEY-----\n${body()}\n-----END PRIVATE KEY-----`);
    const matcher = new SecretMatcher(pems.map((text) => ({ text, wholeWord: false })));
    const line = (pem: string) => `key one ${pem} and the words after it\n`;
    const text = [...pems, ...pems, ...pems].map(line).join('');
    // Short of the allowance: no span widens over the words after a key (they are all the PEMs' characters).
    expect(matcher.replaceAll(text, '#')).toBe(line('#').repeat(30));
    expect(matcher.replaceAll(text, '#', () => false)).toBe(line('#').repeat(30));
  });
});

describe('SecretMatcher: a large bucket costs its sort, not memory a character (audit 37 F2)', () => {
  it('50,000 secrets of 400 characters sharing their first four: found in well under 1.5 s, with no buffers growing with their characters', () => {
    const next = random(37);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const forms = Array.from({ length: 50_000 }, () => ({ text: 'zzzz' + Array.from({ length: 396 }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''), wholeWord: false }));
    const buffers = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const matcher = new SecretMatcher(forms);
    const text = `aws_db_instance.zzzzdb and ${forms[12_345]!.text} and zzzz${forms[6]!.text.slice(4, 200)}`;
    expect(matcher.replaceAll(text, '#')).toBe(`aws_db_instance.zzzzdb and # and zzzz${forms[6]!.text.slice(4, 200)}`);
    expect(matcher.occurringIn(text)).toEqual(new Set([forms[12_345]!.text]));
    expect(performance.now() - started).toBeLessThan(1_500);
    // The tree before held some 14 bytes a character of the forms (20 M here) in typed arrays, 26 while building.
    expect(process.memoryUsage().arrayBuffers - buffers).toBeLessThan(20_000_000);
  });
});

describe('SecretMatcher: overlapping occurrences (audit 35 F2)', () => {
  const forms: SecretForm[] = [
    { text: 'abcdXtok', wholeWord: false },
    { text: 'tokenABCDEFGH', wholeWord: false },
  ];
  const text = 'pw abcdXtokenABCDEFGH end';

  it('replaces a secret that starts earlier and ends inside a longer one together with it, with or without keep', () => {
    const matcher = new SecretMatcher(forms);
    expect(matcher.replaceAll(text, '#')).toBe('pw # end');
    expect(matcher.replaceAll(text, '#', () => false)).toBe('pw # end');
    // A chain of overlaps is one span; occurrences that only touch stay one placeholder each.
    expect(matcher.replaceAll('abcdXtokenABCDEFGHtokenABCDEFGH', '#')).toBe('##');
    expect(matcher.replaceAll('abcdXtokabcdXtok', '#')).toBe('##');
    expect(new SecretMatcher([{ text: 'abcdXtok', wholeWord: false }, { text: 'Xtoken12', wholeWord: false }, { text: 'en123456', wholeWord: false }]).replaceAll('<abcdXtoken123456>', '#')).toBe('<#>');
  });

  it('scrubs the key Terraform writes for U+0897 "tokenABCDEFGH" whole where "\\u0897tok" is a secret too', () => {
    expect(scrubSecrets('\\u0897tokenABCDEFGH', { sensitive: new Set(['\u0897tok', 'tokenABCDEFGH']), variables: new Set() })).toBe('(sensitive)');
    expect(scrubSecrets('abcdXtokenABCDEFGH', { sensitive: new Set(['abcdXtok', 'tokenABCDEFGH']), variables: new Set() })).toBe('(sensitive)');
  });

  it('where keep refuses the joined span: the rest past the first span on a placeholder of its own, else left as keep asks', () => {
    const matcher = new SecretMatcher(forms);
    // `text` holds abcdXtok at [3, 11) and tokenABCDEFGH at [8, 21).
    expect(matcher.replaceAll(text, '#', (start, end) => start === 3 && end === 21)).toBe('pw ## end');
    expect(matcher.replaceAll(text, '#', (start, end) => (start === 3 && end === 21) || start === 11)).toBe('pw #enABCDEFGH end');
    // An overlapping occurrence keep refuses on its own joins all the same where keep allows the joined span (the safer side);
    // where keep refuses every span reaching its end, it is left as before the fix.
    expect(matcher.replaceAll(text, '#', (start) => start === 8)).toBe('pw # end');
    expect(matcher.replaceAll(text, '#', (_start, end) => end === 21)).toBe('pw #enABCDEFGH end');
    // A shorter secret at the overlapping place joins where the longest there may not.
    const more = new SecretMatcher([...forms, { text: 'tokenAB', wholeWord: false }]);
    expect(more.replaceAll(text, '#', (start, end) => end === 21)).toBe('pw #CDEFGH end');
  });

  it('replaces as one alternation did, except where overlapping occurrences now join, on random secrets and texts (seeded)', () => {
    const next = random(20_261_206);
    const alphabet = 'abc-';
    const word = (length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    let joined = 0;
    let trees = 0;
    for (let round = 0; round < 1500; round++) {
      const texts = new Set<string>();
      for (let count = 1 + Math.floor(next() * 6); texts.size < count; ) texts.add(word(1 + Math.floor(next() * 9)));
      // Every third round, a large bucket: 40 secrets sharing their first four characters (a prefix tree's, from 16).
      if (round % 3 === 0) for (const head = word(4); texts.size < 40; ) texts.add(head + word(Math.floor(next() * 8)));
      const forms = [...texts].map((form) => ({ text: form, wholeWord: next() < 0.3 }));
      if (round % 3 === 0) trees++;
      const line = word(Math.floor(next() * 80));
      const matcher = new SecretMatcher(forms);
      const before = replacedOneByOne(line, forms);
      const now = matcher.replaceAll(line, '#');
      expect(now).toBe(replacedJoined(line, forms));
      const overlapped = before.spans.some(([start, end]) => Array.from({ length: end - start }, (_, k) => start + k).some((at) => occurringAt(line, at, forms).some((form) => at + form.text.length > end)));
      if (overlapped) joined += now === before.out ? 0 : 1;
      else expect(now).toBe(before.out);
      if (forms.length < 10) expect(before.out).toBe(regexReplace(line, forms, '#'));
      expect(matcher.replaceAll(line, '#', () => false)).toBe(now);
      expect(matcher.test(line)).toBe(before.spans.length > 0);
      const everywhere = new Set(Array.from({ length: line.length }, (_, at) => occurringAt(line, at, forms).map((form) => form.text)).flat());
      expect(matcher.occurringIn(line)).toEqual(everywhere);
      // With keep: spans holding a `c` are kept (as markup is), and so are spans inside [5, 30) (as a name is).
      for (const keep of [(start: number, end: number) => line.slice(start, end).includes('c'), (start: number, end: number) => start >= 5 && end <= 30]) {
        const kept = replacedOneByOne(line, forms, keep);
        const keptNow = matcher.replaceAll(line, '#', keep);
        const keptOverlap = kept.spans.some(([start, end]) => Array.from({ length: end - start }, (_, k) => start + k).some((at) => occurringAt(line, at, forms).some((form) => at + form.text.length > end)));
        if (!keptOverlap) expect(keptNow).toBe(kept.out);
      }
    }
    // Both kinds of round were run: overlaps that now join (and differ), and large buckets.
    expect(joined).toBeGreaterThan(30);
    expect(trees).toBe(500);
  });
});
