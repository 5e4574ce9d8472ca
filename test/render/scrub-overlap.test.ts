/**
 * Secrets that overlap in one instance key are replaced whole, in every format (audit 35 F2), and
 * hundreds of secrets sharing their first characters cost each position of the text what matches
 * there, not one try a secret (audit 31 E and B), through the CLI as a user runs it.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { scrubMarkdown } from '../../src/render/scrub.js';

function analyze(plan: unknown, format: string): { code: number; stdout: string; stderr: string; seconds: number } {
  const input = Buffer.from(JSON.stringify(plan));
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = runCli(['analyze', '--format', format], {
    stdout: { write: (text: string) => ((stdout += text), true), isTTY: false } as unknown as NodeJS.WritableStream,
    stderr: { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream,
    stdinIsTTY: false,
    readStdin: () => [input],
    env: {},
    cwd: process.cwd(),
  });
  return { code, stdout, stderr, seconds: (performance.now() - started) / 1000 };
}

const DELETED_DB = { before: { identifier: 'orders', engine: 'postgres', deletion_protection: false, skip_final_snapshot: true }, after: null, before_sensitive: {}, after_sensitive: false, after_unknown: {} };

/** Two sensitive passwords, and a deleted database whose instance key holds both, overlapping (audit 35's sec.mjs). */
function overlapPlan(secrets: readonly string[], key: string) {
  const changes: unknown[] = secrets.map((secret, i) => ({
    address: `aws_db_instance.s${i}`,
    mode: 'managed',
    type: 'aws_db_instance',
    name: `s${i}`,
    change: { actions: ['update'], before: { password: 'x', tags: { a: '1' } }, after: { password: secret, tags: { a: '2' } }, after_unknown: {}, before_sensitive: { password: true }, after_sensitive: { password: true } },
  }));
  changes.push({ address: `aws_db_instance.db["${key}"]`, mode: 'managed', type: 'aws_db_instance', name: 'db', index: 'k', change: { actions: ['delete'], ...DELETED_DB } });
  return { format_version: '1.2', terraform_version: '1.11.4', resource_changes: changes };
}

/** A deleted database under `name`, and a sensitive variable holding `secrets` (audit 31's genn.py and genk.py). */
function sensitiveListPlan(address: string, name: string, index: string | undefined, secrets: readonly string[]) {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    variables: { s: { value: secrets } },
    configuration: { root_module: { variables: { s: { sensitive: true } } } },
    resource_changes: [{ address, mode: 'managed', type: 'aws_db_instance', name, ...(index === undefined ? {} : { index }), provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['delete'], ...DELETED_DB } }],
  };
}

describe('secrets overlapping in one instance key (audit 35 F2)', () => {
  const cases = [
    // Terraform 1.11 writes the key U+0897 "tokenHunter2Secret" as `\u0897tokenHunter2Secret`.
    { secrets: ['\u0897tok', 'tokenHunter2Secret'], key: '\\u0897tokenHunter2Secret' },
    { secrets: ['abcdXtok', 'tokenABCDEFGH'], key: 'abcdXtokenABCDEFGH' },
  ];
  for (const { secrets, key } of cases) {
    it(`hides every part of ${JSON.stringify(secrets)} in every format`, () => {
      const plan = overlapPlan(secrets, key);
      // Any six characters of either secret (the U+0897 one is four: whole).
      const fragments = secrets.flatMap((secret) => (secret.length <= 6 ? [secret] : Array.from({ length: secret.length - 5 }, (_, at) => secret.slice(at, at + 6))));
      for (const format of ['json', 'text', 'markdown', 'sarif']) {
        const result = analyze(plan, format);
        expect(result.code, format).toBe(1);
        expect(result.stdout, format).toContain('aws_db_instance.db');
        expect(result.stdout, format).toMatch(/aws_db_instance\.db(\[|&#91;)\\?"\(sensitive\)\\?"(\]|&#93;)/);
        for (const fragment of fragments) expect(result.stdout.includes(fragment), `${format}: ${fragment}`).toBe(false);
      }
    });
  }
});

describe('hundreds of secrets sharing their first characters (audit 31 E and B)', () => {
  it('a 2,000-character name and 992 sensitive prefixes of it: every format in well under 3 s (seconds before)', () => {
    const name = 'a'.repeat(2000);
    const secrets = Array.from({ length: 992 }, (_, k) => 'a'.repeat(k + 8));
    const plan = sensitiveListPlan(`aws_db_instance.${name}`, name, undefined, secrets);
    for (const format of ['json', 'markdown', 'text']) {
      const result = analyze(plan, format);
      expect(result.code, format).toBe(1);
      // The big case ran: the whole name is in the report (the configuration spells the secrets, which are left there).
      expect(result.stdout.replace(/\s+/g, ''), format).toContain(`aws_db_instance.${name}`);
      expect(result.seconds, format).toBeLessThan(3);
    }
  });

  it('a key of 2,000 secrets and 988 sensitive prefixes of the placeholders it turns into, all kept in markdown: well under 3 s (10 s before)', () => {
    const key = 'bbbbbbbb-'.repeat(2000);
    const placeholders = '(sensitive)-'.repeat(100);
    const secrets = ['bbbbbbbb', ...Array.from({ length: 988 }, (_, k) => placeholders.slice(0, k + 12))];
    const result = analyze(sensitiveListPlan(`aws_db_instance.db[${JSON.stringify(key)}]`, 'db', key, secrets), 'markdown');
    expect(result.code).toBe(1);
    // The big case ran: the key, scrubbed before markup, is 2,000 placeholders the last pass had to leave.
    expect(result.stdout).toContain('(sensitive)-'.repeat(2000));
    expect(result.stdout).not.toContain('bbbbbbbb');
    expect(result.seconds).toBeLessThan(3);
  });
});

describe('a secret that overlaps itself, in a long run of its characters (audit 37 F1)', () => {
  it('"a" x 10,000 sensitive, a key of "a" x 100,000: one placeholder in json and markdown, well under 3 s each (9-19 s before)', () => {
    const secret = 'a'.repeat(10_000);
    const key = 'a'.repeat(100_000);
    const plan = {
      format_version: '1.2',
      terraform_version: '1.11.4',
      variables: { s: { value: secret } },
      configuration: { root_module: { variables: { s: { sensitive: true } } } },
      resource_changes: [{ address: `aws_db_instance.db["${key}"]`, mode: 'managed', type: 'aws_db_instance', name: 'db', index: key, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['delete'], ...DELETED_DB } }],
    };
    for (const format of ['json', 'markdown']) {
      const result = analyze(plan, format);
      expect(result.code, format).toBe(1);
      expect(result.stdout, format).toMatch(/aws_db_instance\.db(\[|&#91;)\\?"\(sensitive\)\\?"(\]|&#93;)/);
      expect(result.stdout.includes('aaaaaa'), format).toBe(false);
      expect(result.seconds, format).toBeLessThan(3);
    }
  });
});

describe('the probing allowance past its end (audit 40)', () => {
  const sensitivePlan = (secret: string, keys: readonly string[]) => ({
    format_version: '1.2',
    terraform_version: '1.11.4',
    variables: { s: { value: secret } },
    configuration: { root_module: { variables: { s: { sensitive: true } } } },
    resource_changes: keys.map((key, i) => ({ address: `aws_db_instance.db[${JSON.stringify(key)}]`, mode: 'managed', type: 'aws_db_instance', name: 'db', index: key, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['delete'], ...DELETED_DB, before: { ...DELETED_DB.before, identifier: `orders${i}` } } })),
  });

  it('F1: a secret made of the renderer\'s "&#91;" escapes and a key of "[" x 80,000 before "@": markdown in well under 3 s (9 s before)', () => {
    const result = analyze(sensitivePlan('&#91;'.repeat(8_000), [`${'['.repeat(80_000)}@x`]), 'markdown');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('aws_db_instance.db');
    expect(result.seconds).toBeLessThan(3);
  });

  it('F2: 8,000 keys each holding a secret that overlaps itself: the allowance is not granted afresh to each (json well under 4 s, 9-12 s before)', () => {
    const keys = Array.from({ length: 8_000 }, (_, i) => `${'a'.repeat(450)}${i}`);
    const result = analyze(sensitivePlan('a'.repeat(450), keys), 'json');
    expect(result.code).toBe(1);
    expect(result.stdout.includes('aaaaaa')).toBe(false);
    expect(result.seconds).toBeLessThan(4);
  });
});

describe('many secrets sharing their first four characters (audit 37 F2)', () => {
  it('50,000 sensitive values of 400 characters starting "zzzz" and a database named zzzzdb (the audit\'s m1): json in well under 5 s (16 s before)', () => {
    let state = 7;
    const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const secrets = Array.from({ length: 50_000 }, () => 'zzzz' + Array.from({ length: 396 }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    const result = analyze(sensitiveListPlan('aws_db_instance.zzzzdb', 'zzzzdb', undefined, secrets), 'json');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('aws_db_instance.zzzzdb');
    expect(result.seconds).toBeLessThan(5);
  });
});

describe('hundreds of secrets starting at every placeholder the markdown pass sees (audit 37 F3)', () => {
  it('20,000 placeholders and 1,988 sensitive prefixes of "(sensitive)-(sensitive)-…": the last pass leaves them in well under 1 s (2.5 s before)', () => {
    const placeholders = '(sensitive)-'.repeat(200);
    const secrets = { sensitive: new Set(['bbbbbbbb', ...Array.from({ length: 1_988 }, (_, k) => placeholders.slice(0, k + 12))]), variables: new Set<string>() };
    const markdown = `### Destroys \`aws_db_instance.db["${'(sensitive)-'.repeat(20_000)}"]\`\n\nplain bbbbbbbb words\n`;
    const started = performance.now();
    // Every one of them starts with markup (the `(`): all left; the plan's own secret is replaced.
    expect(scrubMarkdown(markdown, secrets)).toBe(markdown.replace('bbbbbbbb', '(sensitive)'));
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
