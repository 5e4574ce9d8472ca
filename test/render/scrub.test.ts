import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../../src/analyze.js';
import { runCli } from '../../src/cli.js';
import { loadPlanJson } from '../../src/plan/load.js';
import { DEFAULT_POLICY } from '../../src/policy/config.js';
import { escapeCell, escapeCodeInTable, escapeText } from '../../src/render/escape.js';
import { INERT_TEXT, scrubReport, scrubSecrets, terraformQuoted } from '../../src/render/scrub.js';
import { analysis, finding, planReport } from './support.js';

const secrets = (...values: string[]) => ({ sensitive: new Set(values), variables: new Set(['not-scrubbed-var']) });

describe('scrubSecrets', () => {
  it('replaces a secret in its raw, JSON, HTML and markdown forms, longest first', () => {
    const s = secrets('a"b<c@d|e', 'a"bc');
    expect(scrubSecrets('x a"b<c@d|e y', s)).toBe('x (sensitive) y');
    expect(scrubSecrets('x a\\"b<c@d|e y', s)).toBe('x (sensitive) y');
    expect(scrubSecrets('x a"b&lt;c@d|e y', s)).toBe('x (sensitive) y');
    expect(scrubSecrets('x a"b&lt;c@\u200bd&#124;e y', s)).toBe('x (sensitive) y');
    expect(scrubSecrets('only a"bc here', s)).toBe('only (sensitive) here');
  });

  it('replaces a short secret only as a word of its own, a long one anywhere, a very short one never', () => {
    const s = secrets('data', 'orders', 'delete', 'Kx9-long-secret', 'ab1');
    expect(scrubSecrets('the database of orders, data: 1 and data', s)).toBe('the database of (sensitive), (sensitive): 1 and (sensitive)');
    // Names are words too: an address or a rule id is not rewritten by a short secret.
    expect(scrubSecrets('stateful-delete aws_db_instance.orders my_orders_table data-1', s)).toBe('stateful-delete aws_db_instance.orders my_orders_table data-1');
    expect(scrubSecrets('prefixKx9-long-secretsuffix', s)).toBe('prefix(sensitive)suffix');
    // Too short to search prose for: a value equal to it is hidden where values are shown (formatPlainValue).
    expect(scrubSecrets('ab1 ab12', s)).toBe('ab1 ab12');
  });

  it('leaves text alone when there are no sensitive values (variable values are not scrubbed from prose)', () => {
    expect(scrubSecrets('keep not-scrubbed-var', secrets())).toBe('keep not-scrubbed-var');
  });
});

describe('scrubReport', () => {
  it('scrubs every text field that came from the plan, and nothing else', () => {
    const secret = 'S3cr3t-value';
    const leaky = analysis(
      [
        {
          ...planReport(`plans/${secret}.json`, [
            finding({ message: `m ${secret}`, details: [`d ${secret}`], remediation: `r ${secret}`, suppressed: { reason: `why ${secret}` } }),
          ]),
          terraformVersion: secret,
        },
      ],
      'high',
      secrets(secret),
    );
    const scrubbed = scrubReport(leaky.report, leaky.secrets);
    expect(JSON.stringify(scrubbed)).not.toContain(secret);
    expect(scrubbed.plans[0]?.name).toBe('plans/(sensitive).json');
    expect(scrubbed.plans[0]?.findings[0]).toMatchObject({ message: 'm (sensitive)', details: ['d (sensitive)'], remediation: 'r (sensitive)', suppressed: { reason: 'why (sensitive)' } });
    expect({ ...scrubbed, plans: [] }).toEqual({ ...leaky.report, plans: [] });
    expect(scrubReport(leaky.report, secrets())).toBe(leaky.report);
  });

  it('scrubs the instance keys of addresses, where values go, and nothing else of them', () => {
    const report = analysis(
      [planReport('p.json', [finding({ address: 'module.app["tok-Sup3rSecret-42"].aws_db_instance.orders["prod"]', resourceType: 'aws_db_instance', actions: ['delete'] })])],
      'high',
      secrets('tok-Sup3rSecret-42', 'prod', 'aws_db_instance'),
    );
    const scrubbed = scrubReport(report.report, report.secrets);
    expect(scrubbed.plans[0]?.findings[0]?.address).toBe('module.app["(sensitive)"].aws_db_instance.orders["(sensitive)"]');
  });

  it('knows an instance key as Terraform writes it, with ${ and %{ doubled', () => {
    const report = analysis([planReport('p.json', [finding({ address: 'aws_db_instance.db["tok-$${x}-%%{y}-Sup3r"]' })])], 'high', secrets('tok-${x}-%{y}-Sup3r'));
    expect(scrubReport(report.report, report.secrets).plans[0]?.findings[0]?.address).toBe('aws_db_instance.db["(sensitive)"]');
  });

  it('knows an instance key holding characters Go does not print, as Terraform 1.x and older Terraform quote it (audit 27 F3)', () => {
    const secret = 'tok\u00a0${x}\b\u007f\u2028"\\\n\u{e0001}é-Sup3r';
    expect(terraformQuoted(secret, 'hcl')).toBe('tok\\u00a0$${x}\\u0008\\u007f\\u2028\\"\\\\\\n\\U000e0001é-Sup3r');
    expect(terraformQuoted(secret, 'go')).toBe('tok\\u00a0${x}\\b\\x7f\\u2028\\"\\\\\\n\\U000e0001é-Sup3r');
    for (const written of [terraformQuoted(secret, 'hcl'), terraformQuoted(secret, 'go')]) {
      const report = analysis([planReport('p.json', [finding({ address: `aws_db_instance.db["${written}"]`, message: `aws_db_instance.db["${written}"] is destroyed.` })])], 'high', secrets(secret));
      const scrubbed = scrubReport(report.report, report.secrets).plans[0]?.findings[0];
      expect(scrubbed).toMatchObject({ address: 'aws_db_instance.db["(sensitive)"]', message: 'aws_db_instance.db["(sensitive)"] is destroyed.' });
    }
  });

  it('knows an instance key holding a character newer than the Unicode of Terraform\'s Go, which Terraform escapes and this Node prints (audit 31 A)', () => {
    // U+0897 and U+1C89 are Unicode 16: printable to this Node's tables, escaped by Terraform 1.11 (Go's Unicode 15.0).
    const secret = 'Zq9\u0897Hunter2x\u{1c89}z';
    const written = 'Zq9\\u0897Hunter2x\\u1c89z';
    expect(terraformQuoted(secret, 'hcl-ascii')).toBe(written);
    const report = analysis([planReport('p.json', [finding({ address: `aws_db_instance.db["${written}"]`, message: `aws_db_instance.db["${written}"] is destroyed.` })])], 'high', secrets(secret));
    const scrubbed = scrubReport(report.report, report.secrets).plans[0]?.findings[0];
    expect(scrubbed).toMatchObject({ address: 'aws_db_instance.db["(sensitive)"]', message: 'aws_db_instance.db["(sensitive)"] is destroyed.' });
    expect(scrubSecrets(`aws_db_instance.db["${written}"]`, report.secrets)).not.toContain('Hunter2');
  });

  it('leaves addresses, resource types and actions whole: a coincidence there would break what scripts key on', () => {
    const report = analysis([planReport('p.json', [finding({ address: 'aws_db_instance.orders', resourceType: 'aws_db_instance', actions: ['delete'], message: 'orders deleted' })])], 'high', secrets('orders', 'delete', 'aws_db_instance'));
    const scrubbed = scrubReport(report.report, report.secrets);
    expect(scrubbed.plans[0]?.findings[0]).toMatchObject({ address: 'aws_db_instance.orders', resourceType: 'aws_db_instance', actions: ['delete'], message: '(sensitive) deleted' });
  });

  it('never rewrites the fingerprint, even when a short secret occurs in its digits', () => {
    const plan = (password: string) => ({
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_db_instance.main', mode: 'managed', type: 'aws_db_instance', name: 'main',
          change: { actions: ['delete'], before: { password }, after: null, before_sensitive: { password: true }, after_sensitive: false },
        },
      ],
      prior_state: { values: { root_module: { resources: [{ address: 'aws_db_instance.main', mode: 'managed' }] } } },
    });
    const { fingerprint } = analyzePlans([loadPlanJson(plan('placeholder'), 'p')], DEFAULT_POLICY).report;
    const unlucky = fingerprint.slice(20, 26);
    const path = join(mkdtempSync(join(tmpdir(), 'tfpg-scrub-')), 'plan.json');
    writeFileSync(path, JSON.stringify(plan(unlucky)));
    let stdout = '';
    const code = runCli(['analyze', path, '--format', 'json'], {
      stdout: { write: (chunk: string) => ((stdout += chunk), true) } as unknown as NodeJS.WritableStream,
      stderr: { write: () => true } as unknown as NodeJS.WritableStream,
      stdinIsTTY: true,
      readStdin: () => new Uint8Array(),
      env: {},
      cwd: process.cwd(),
    });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).fingerprint).toBe(fingerprint);
  });
});

describe('secrets of inert text', () => {
  it('are left whole by every escaper, so their raw form is the only one to scrub', () => {
    const alphabet = 'ABCXYZabcwxyz0189 ,+=%/-';
    const samples = [alphabet, 'www', 'w w w', 'a-b', 'x=y', '1 + 2/3%', '-- a', 'a//b', 'pw-2-5ilik6-secret'];
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      let text = '';
      for (let k = 0; k < 12; k++) text += alphabet[(seed = (seed * 1103515245 + 12345) >>> 0) % alphabet.length];
      samples.push(text);
    }
    for (const text of samples) {
      expect(INERT_TEXT.test(text), text).toBe(true);
      expect(JSON.stringify(text).slice(1, -1)).toBe(text);
      expect(escapeText(text)).toBe(text);
      expect(escapeCell(text)).toBe(text);
      expect(escapeCodeInTable(text)).toBe(text);
    }
    // Every other printable ASCII character is escaped somewhere, or breaks a link: not inert.
    for (const character of '!"#$&\'()*.:;<>?@[\\]^_`{|}~\n\t\0') expect(INERT_TEXT.test(`a${character}b`), character).toBe(false);
  });
});
