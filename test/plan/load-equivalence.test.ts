/**
 * The selective loader (one pass, only the selected sections built) against the plain full
 * parse it replaced (loadPlanByFullParse): the same model and byte-identical JSON reports on
 * every corpus plan, every fixture and generated plans with every action, deposed objects,
 * moves, imports, modules, unknowns and sensitive values; the same result however the bytes are
 * cut into chunks; the same error, word for word, for truncated and damaged input.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePlan } from '../../scripts/generate-plan.mjs';
import { loadPlanByFullParse, loadPlanChunks } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/model.js';
import { CORPUS, corpusFiles } from '../support/corpus.js';
import { jsonReport, outcome } from '../support/load-outcome.js';



/**
 * Cuts `bytes` into chunks of the given sizes, in turn, handed over as readChunks hands a file's:
 * in two buffers used in turn, so that a chunk's bytes change once the chunk after the next is
 * read (here to bytes that break any JSON: a reader that kept them without a copy reads garbage);
 * the last chunk's stay.
 */
function* chunked(bytes: Uint8Array, sizes: readonly number[]): Generator<Uint8Array, void, undefined> {
  const largest = Math.min(Math.max(...sizes), bytes.length);
  const buffers = [Buffer.alloc(largest), Buffer.alloc(largest)];
  let k = 0;
  for (let offset = 0; offset < bytes.length; k++) {
    const size = Math.min(sizes[k % sizes.length]!, bytes.length - offset);
    const buffer = buffers[k % 2]!;
    buffer.fill(0x7d);
    buffer.set(bytes.subarray(offset, offset + size));
    yield buffer.subarray(0, size);
    offset += size;
  }
  // The read that finds the end goes into the other buffer; the last chunk stays.
  buffers[k % 2]!.fill(0x7d);
}

function expectSameAsFullParse(bytes: Uint8Array, name: string, chunkSizes: readonly number[] = [1 << 20]): void {
  const full = outcome(() => loadPlanByFullParse(bytes, name));
  const selective = outcome(() => loadPlanChunks(chunked(bytes, chunkSizes), name));
  if (typeof full === 'string' || typeof selective === 'string') {
    expect(selective).toEqual(full);
    return;
  }
  expect(jsonReport(selective)).toBe(jsonReport(full));
  expect(selective).toEqual(full);
}

const fixtureFiles = ['fixtures/incidents', 'fixtures/inputs', 'fixtures/rules/iam', 'fixtures/rules/network', 'fixtures/e2e']
  .flatMap((dir) => {
    try {
      return readdirSync(dir).map((file) => join(dir, file));
    } catch {
      return [];
    }
  })
  .filter((file) => !file.endsWith('.md'));

describe('the selective loader reads what a full parse reads', () => {
  it.each(corpusFiles())('corpus: %s', (file) => {
    expectSameAsFullParse(readFileSync(join(CORPUS, file)), file);
  });

  it.each(fixtureFiles)('fixture: %s', (file) => {
    expectSameAsFullParse(readFileSync(file), file);
  });

  describe('generated plans: every action, deposed objects, moves, imports, modules, unknowns, sensitive values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfpg-equivalence-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it.each([
      [40, 1],
      [300, 2],
      [1200, 3],
    ])('%i resources, seed %i', (resources, seed) => {
      const path = join(dir, `plan-${seed}.json`);
      const fd = openSync(path, 'w');
      writePlan(fd, { resources, seed });
      closeSync(fd);
      const bytes = readFileSync(path);
      expectSameAsFullParse(bytes, 'generated.json');
      const plan = loadPlanChunks([bytes], 'generated.json');
      expect(new Set(plan.changes.map((change) => change.action))).toEqual(new Set(['create', 'update', 'delete', 'replace', 'read', 'no-op', 'forget']));
      expect(plan.changes.some((change) => change.deposedKey !== null)).toBe(true);
    });
  });
});

describe('however the bytes arrive', () => {
  const samples = ['fixtures/incidents/rds-delete-unprotected.json', 'fixtures/inputs/utf16le-bom.json', 'fixtures/inputs/utf16be-bom.json', 'fixtures/inputs/utf8-bom.json', 'fixtures/inputs/moved.json'];
  it.each(samples)('%s in chunks of 1, 2, 3, 5, 7 and 64 bytes', (file) => {
    const bytes = readFileSync(file);
    for (const sizes of [[1], [2], [3], [5, 7], [64, 1, 3]]) expectSameAsFullParse(bytes, file, sizes);
  });

  it('keys written with escapes or split between chunks select what their plain spelling selects', () => {
    // The scanner compares plain keys byte for byte; an escaped key must still be read as its text.
    const text = readFileSync('fixtures/incidents/rds-delete-unprotected.json', 'utf8');
    const escaped = text
      .replaceAll('"resource_changes":', '"resource\\u005fchanges":')
      .replaceAll('"mode":', '"mo\\u0064e":')
      .replaceAll('"sensitive_values":', '"sensitive\\u005Fvalues":')
      .replaceAll('"root_module":', '"root_modul\\u0065":');
    expect(escaped).not.toBe(text);
    const plain = loadPlanChunks([Buffer.from(text)], 'escaped.json');
    for (const sizes of [[1 << 20], [1], [3, 5]]) {
      expectSameAsFullParse(Buffer.from(escaped), 'escaped.json', sizes);
      expect(loadPlanChunks(chunked(Buffer.from(escaped), sizes), 'escaped.json')).toEqual(plain);
    }
  });
});

describe("state resources' values: only the fields their masks mark are parsed, as JSON.parse reads them", () => {
  const resource = (name: string, values: string, mask: string) =>
    `{"address":"a.${name}","mode":"managed","type":"a","name":"${name}","values":${values},"sensitive_values":${mask}}`;
  const plan = `{"format_version":"1.2","resource_changes":[],"prior_state":{"values":{"root_module":{"resources":[${[
    resource('dup', '{"password":"first-secret-value","name":"x","password":"last-secret-value-1"}', '{"password":true,"tags":{}}'),
    resource('esc', '{"pass\\u0077ord":"escaped-key-secret-2","nested":{"deep":["x",{"token":"nested-secret-value-3"}]},"n":1}', '{"password":true,"nested":{"deep":[false,{"token":true}]}}'),
    resource('odd', '{"__proto__":"proto-key-secret-4","ключ":"unicode-key-secret-5","absent":null}', '{"__proto__":true,"ключ":true,"missing":true}'),
    resource('arr', '["array-secret-value-6"]', '[true]'),
    resource('all', '{"whole":"whole-secret-value-7"}', 'true'),
    resource('none', '{"password":"unmarked-value-8"}', '{"password":false}'),
  ].join(',')}]}}}}`;

  it('the same secrets, however the bytes are cut', () => {
    for (const sizes of [[1 << 20], [1], [3, 5], [7, 64]]) expectSameAsFullParse(Buffer.from(plan), 'state.json', sizes);
    const secrets = [...loadPlanChunks([Buffer.from(plan)], 'state.json').secrets.sensitive];
    for (let k = 1; k <= 7; k++) expect(secrets.some((secret) => secret.endsWith(`-${k}`))).toBe(true);
    expect(secrets).not.toContain('first-secret-value');
    expect(secrets).not.toContain('unmarked-value-8');
  });
});

describe('damaged input: the same error, at the same line and column', () => {
  const text = readFileSync('fixtures/incidents/rds-delete-unprotected.json');
  const pretty = Buffer.from(JSON.stringify(JSON.parse(text.toString('utf8')), null, 2).replace('"orders"', '"órdërs ✓ 𝄞"'));

  it('cut at every length', () => {
    for (const source of [text, pretty]) {
      for (let length = 0; length < source.length; length += 1) expectSameAsFullParse(source.subarray(0, length), 'cut.json', [length % 13 + 1, 4096]);
    }
  });

  it('a character a syntax error names, cut by a chunk boundary at any byte, is named as itself', () => {
    const head = '{"format_version":"1.2","resource_changes":[]';
    const texts = [`${head}é}`, `${head}€}`, `${head}😀}`, `${head},"x":1é}`, `${head},é:1}`, `${head}\n,\n  ✓:1}`].map((text) => Buffer.from(text));
    // A character the text ends inside of, and a lead byte followed by a byte that does not continue it: U+FFFD.
    texts.push(Buffer.from(texts[1]!.subarray(0, texts[1]!.length - 2)), Buffer.concat([Buffer.from(head), Buffer.from([0xe2, 0x28, 0x7d])]));
    for (const bytes of texts) {
      for (let at = 1; at < bytes.length; at++) {
        expectSameAsFullParse(bytes, 'bad.json', [at, 4096]);
        expectSameAsFullParse(bytes, 'bad.json', [at, 1]);
      }
    }
    // An emoji is named by its code point, not its first UTF-16 half (audit 20 L4: "U+D83D"), by both loaders.
    const emoji = "bad.json: invalid JSON at line 1, column 46: expected ',' or '}', found U+1F600";
    expect(outcome(() => loadPlanChunks(chunked(texts[2]!, [texts[2]!.length - 2, 1]), 'bad.json'))).toBe(emoji);
    expect(outcome(() => loadPlanByFullParse(texts[2]!, 'bad.json'))).toBe(emoji);
  });

  // Audit 21 L1: the spaces that end a text cut inside a string were trimmed only from the last
  // chunk, so the column depended on where the reads fell (35 from a file, 39 through a 1-byte pipe).
  it('a text cut inside a string that ends in white space: the same place however the bytes are cut', () => {
    const head = '{"format_version":"1.2","resource_changes":[],"x":';
    const tails = ['"abc      ', '"abc  \t ', '"abc \n  \n', '"ab😀   ', '"  ', '"abc\\ ', '"abc\\ \t', '"abc\\u1 \t', '"abc \u00a0 ', '"abc\u000b ', `"é${' '.repeat(40)}`, '[1, \u00a0', '"abc   \t x"}'];
    for (const tail of tails) {
      const bytes = Buffer.from(head + tail);
      for (const sizes of [[1], [2], [3], [5, 7], [bytes.length - 4, 1], [1 << 20]]) expectSameAsFullParse(bytes, 'cut.json', sizes);
    }
    const cut = Buffer.from(`${head}"abc      `);
    for (const sizes of [[1], [cut.length - 3, 1], [1 << 20]]) {
      expect(outcome(() => loadPlanChunks(chunked(cut, sizes), 'cut.json'))).toBe('cut.json: the JSON is truncated: it stops at line 1, column 55 before the plan is complete');
    }
  });

  it('one byte replaced, at every offset, by bytes that break JSON in different ways', () => {
    for (const replacement of [0x00, 0x09, 0x0a, 0x22, 0x2c, 0x5c, 0x7d, 0x5d, 0x31, 0x2e, 0x65, 0x74, 0x7f, 0xc3, 0xff]) {
      for (let offset = 0; offset < pretty.length; offset += 3) {
        const damaged = Buffer.from(pretty);
        damaged[offset] = replacement;
        expectSameAsFullParse(damaged, 'damaged.json', [offset % 17 + 1, 1 << 20]);
      }
    }
    // Tens of thousands of loads: seconds on an idle machine, minutes on a busy one; the timeout is a hang detector.
  }, 180_000);

  it('a compact plan whose changes are read ahead to the next one, damaged at every offset', () => {
    // Compact, as Terraform writes it: each change but the last is followed by `},{"address":`,
    // which the scanner looks for to read the change without scanning it (load-scan.ts
    // readElementAhead); a multi-byte name and a third change make every path of that reading count.
    const plan = JSON.parse(text.toString('utf8')) as { resource_changes: { address: string }[] };
    plan.resource_changes.push({ ...plan.resource_changes[0]!, address: 'aws_db_instance.orders_replica' });
    const compact = Buffer.from(JSON.stringify(plan).replace('"orders"', '"órdërs ✓ 𝄞"'));
    for (const replacement of [0x00, 0x0a, 0x22, 0x2c, 0x5c, 0x7d, 0x5b, 0x31, 0x74, 0xc3, 0xff]) {
      for (let offset = 0; offset < compact.length; offset += 2) {
        const damaged = Buffer.from(compact);
        damaged[offset] = replacement;
        expectSameAsFullParse(damaged, 'damaged.json', [1 << 20]);
      }
    }
  }, 180_000);

  it.each([
    ['a number that stops at its dot', '{"format_version":"1.2","resource_changes":[],"x":1.}'],
    ['an exponent with no digits', '{"format_version":"1.2","resource_changes":[],"x":1e+]}'],
    ['a lone minus', '{"format_version":"1.2","resource_changes":[],"x":-}'],
    ['a half literal at the end', '{"format_version":"1.2","resource_changes":[],"x":tr'],
    ['a misspelt literal', '{"format_version":"1.2","resource_changes":[],"x":trye}'],
    ['a bad escape', '{"format_version":"1.2","resource_changes":[],"x":"a\\q"}'],
    ['a short \\u escape', '{"format_version":"1.2","resource_changes":[],"x":"\\u12x4"}'],
    ['a line break at the end of an open string', '{"format_version":"1.2","resource_changes":[],"x":"abc\n  \n'],
    ['a second value', '{"format_version":"1.2","resource_changes":[]} {}'],
    [
      'a line break inside a change that is read ahead, then an error',
      '{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","change":{"actions":\n["delete"]}},{"address":"a.c","type":"a","change":{"actions":["delete"]}}],"x":trye}',
    ],
    ['the log of terraform plan -json', '{"@level":"info","@message":"Terraform 1.11.4","type":"version"}\n{"@level":"info","@message":"Plan: 1 to add"}\n'],
    ['a leading no-break space', '\u00a0{"format_version":"1.2","resource_changes":[]}'],
    ['a top-level array', '[1, 2, 3]'],
    ['an object with a duplicated section', '{"format_version":"1.2","resource_changes":[{"type":"x","change":{"actions":["delete"]}}],"resource_changes":[]}'],
    ['a __proto__ key', '{"format_version":"1.2","__proto__":{"errored":true},"resource_changes":[]}'],
    [
      'secrets by name in changes, drift and deferred changes',
      '{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"db_password":"old-secret-value"},"after":{"db_password":"new-secret-value"},"after_unknown":{}}}],' +
        '"resource_drift":[{"address":"a.b","type":"a","name":"b","change":{"actions":["update"],"before":{"api_token":"drift-secret-before"},"after":{"api_token":"drift-secret-after"}}}],' +
        '"deferred_changes":[{"reason":"provider_config_unknown","resource_change":{"address":"a.c","type":"a","name":"c","change":{"actions":["create"],"after":{"client_secret":"deferred-secret-value"}}}}]}',
    ],
  ])('%s', (_name, input) => {
    for (const sizes of [[1], [1 << 20]]) expectSameAsFullParse(Buffer.from(input), 'odd.json', sizes);
  });
});

