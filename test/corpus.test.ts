/**
 * Every real-world plan in ../shared/corpus goes through the command's own path (load, analyze,
 * render in all three formats) without an input error and without printing a sensitive value,
 * and each plan's summary equals a count made here, independently, from the raw JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzePlans } from '../src/analyze.js';
import { runCli } from '../src/cli.js';
import { loadPlanFile } from '../src/plan/load.js';
import { SCRUBBED_SECRET_MIN_LENGTH } from '../src/plan/model.js';
import { DEFAULT_POLICY } from '../src/policy/config.js';
import { renderJson } from '../src/render/json.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { scrubReport } from '../src/render/scrub.js';
import { renderText } from '../src/render/text.js';
import { CORPUS, corpusFiles, corpusPresent } from './support/corpus.js';

const files = corpusFiles();

type Summary = Record<'create' | 'update' | 'replace' | 'delete' | 'read' | 'noop' | 'forget' | 'import' | 'move', number>;

/** The raw text of a plan file: BOM-aware, UTF-8 or UTF-16 (PowerShell). Written apart from the loader on purpose. */
function rawText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

interface RawEntry {
  address?: string;
  previous_address?: string;
  change: { actions: string[]; importing?: unknown };
}

function independentSummary(plan: { resource_changes?: RawEntry[] }): Summary {
  const summary: Summary = { create: 0, update: 0, replace: 0, delete: 0, read: 0, noop: 0, forget: 0, import: 0, move: 0 };
  const bucket: Record<string, keyof Summary> = {
    create: 'create',
    update: 'update',
    delete: 'delete',
    'delete+create': 'replace',
    'create+delete': 'replace',
    'create+forget': 'replace',
    read: 'read',
    'no-op': 'noop',
    forget: 'forget',
  };
  for (const entry of plan.resource_changes ?? []) {
    const key = bucket[entry.change.actions.join('+')];
    if (key) summary[key]++;
    if (entry.change.importing !== undefined && entry.change.importing !== null) summary.import++;
    if (entry.previous_address !== undefined && entry.previous_address !== entry.address) summary.move++;
  }
  return summary;
}

const silent = { write: () => true } as unknown as NodeJS.WritableStream;

describe.skipIf(!corpusPresent)('the corpus', () => {
  it('holds the 316 plans, of which some carry sensitive values (so the secrecy check below bites)', () => {
    expect(files).toHaveLength(316);
    const withSecrets = files.filter((file) => loadPlanFile(join(CORPUS, file)).secrets.sensitive.size > 0);
    expect(withSecrets.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s', (file) => {
    const path = join(CORPUS, file);
    const raw = JSON.parse(rawText(readFileSync(path)));

    const plan = loadPlanFile(path);
    const analysis = analyzePlans([plan], DEFAULT_POLICY);
    expect(analysis.report.plans[0]?.summary).toEqual(independentSummary(raw));

    const outputs = [renderText(analysis, { color: true }), renderMarkdown(analysis), renderJson(scrubReport(analysis.report, analysis.secrets))];
    expect(outputs[0]).toContain(file);
    expect(outputs[1]).toContain(file);
    expect(JSON.parse(outputs[2] ?? '').plans[0].name).toBe(path);
    for (const secret of plan.secrets.sensitive) {
      // A short secret (`42`, `one`) is also an ordinary word: it must not appear as a quoted value.
      const form = secret.length >= SCRUBBED_SECRET_MIN_LENGTH ? secret : JSON.stringify(secret);
      for (const output of outputs) expect(output).not.toContain(form);
    }

    let stderr = '';
    const code = runCli(['analyze', path, '--format', 'json'], {
      stdout: silent,
      stderr: { write: (chunk: string) => ((stderr += chunk), true) } as unknown as NodeJS.WritableStream,
      stdinIsTTY: true,
      readStdin: () => new Uint8Array(),
      env: {},
      cwd: process.cwd(),
    });
    expect(stderr).toBe('');
    expect([0, 1]).toContain(code);
  });
});
