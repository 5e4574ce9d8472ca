// Feeds damaged and hostile variants of real plans to `tf-plan-guard analyze` and checks what a
// user must always get: exit 0, 1 or 2; on 2, one or two plain lines naming the file; never an
// "internal error", never a stack trace, never a hang. Deterministic for a seed.
// Usage: npm run fuzz -- [--cases N] [--seed S] [--corpus DIR] [--cli dist/cli.js]
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { random } from './generate-plan.mjs';
import { parseArgs } from 'node:util';

export { random };

const INTERESTING_BYTES = [0x00, 0x01, 0x09, 0x0a, 0x0b, 0x0c, 0x22, 0x2c, 0x2d, 0x2e, 0x30, 0x3a, 0x5b, 0x5c, 0x5d, 0x65, 0x74, 0x7b, 0x7d, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xed, 0xef, 0xf0, 0xf4, 0xfe, 0xff];
const INSERTS = ['\\ud800', '\\udc00x', '\\u0000', '\u0000', '\ufeff', '"a":1,', '{"__proto__":{"x":1}}', 'null', '1e999', '-0', '"', '\\', '[', '{', ']', '}', ',', '"\u2028"', '\r\n', '\u00a0'];

/** The ways a plan is damaged, each a function of (bytes, next) → { bytes, what }. */
const MUTATIONS = [
  function truncate(bytes, next) {
    const at = Math.floor(next() * bytes.length);
    return { bytes: bytes.subarray(0, at), what: `cut at byte ${at}` };
  },
  function replaceByte(bytes, next) {
    const copy = Buffer.from(bytes);
    const at = Math.floor(next() * copy.length);
    const byte = INTERESTING_BYTES[Math.floor(next() * INTERESTING_BYTES.length)];
    copy[at] = byte;
    return { bytes: copy, what: `byte ${at} set to 0x${byte.toString(16)}` };
  },
  function insertText(bytes, next) {
    const at = Math.floor(next() * bytes.length);
    const text = INSERTS[Math.floor(next() * INSERTS.length)];
    return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from(text), bytes.subarray(at)]), what: `${JSON.stringify(text)} inserted at byte ${at}` };
  },
  function deleteRange(bytes, next) {
    const at = Math.floor(next() * bytes.length);
    const length = 1 + Math.floor(next() * 64);
    return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)]), what: `${length} bytes deleted at ${at}` };
  },
  function duplicateRange(bytes, next) {
    const at = Math.floor(next() * bytes.length);
    const length = 1 + Math.floor(next() * 200);
    const range = bytes.subarray(at, at + length);
    return { bytes: Buffer.concat([bytes.subarray(0, at + length), range, bytes.subarray(at + length)]), what: `${range.length} bytes at ${at} repeated` };
  },
  function reshapeValue(bytes, next) {
    // A structural change that stays valid JSON: a value of one shape where another is expected,
    // a key removed or repeated, nesting of any depth, a very long string, many secrets.
    let plan;
    try {
      plan = JSON.parse(bytes.toString('utf8'));
    } catch {
      return { bytes, what: 'unchanged (not UTF-8 JSON)' };
    }
    const nodes = [];
    const visit = (value, parent, key, depth) => {
      if (depth > 12) return;
      if (parent) nodes.push({ parent, key });
      if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, value, Array.isArray(value) ? Number(k) : k, depth + 1);
    };
    visit(plan, null, null, 0);
    if (nodes.length === 0) return { bytes, what: 'unchanged (no values)' };
    const { parent, key } = nodes[Math.floor(next() * nodes.length)];
    const choice = Math.floor(next() * 8);
    const depth = Math.round(10 ** (1 + next() * 4.3)); // 10 to 200,000 levels
    const replacements = [
      ['null', null],
      ['a string', 'x'],
      ['a number', 7],
      ['an empty object', {}],
      ['an empty array', []],
      [`${depth} nested arrays`, 'NESTED'],
      ['a 1 MiB string', 's'.repeat(1 << 20)],
      ['an object of 5,000 sensitive-looking strings', Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, `secret-${i}-${Math.floor(next() * 1e9)}`]))],
    ];
    const [what, value] = replacements[choice];
    parent[key] = value;
    let text = stringifyWithoutRecursion(plan);
    if (value === 'NESTED') text = text.replace('"NESTED"', '['.repeat(depth) + ']'.repeat(depth));
    return { bytes: Buffer.from(text), what: `${what} at ${JSON.stringify(key)}` };
  },
];

/**
 * JSON.stringify's text for a parsed value, written with a stack of its own: an earlier step may
 * have nested arrays 200,000 levels deep, past what JSON.stringify's recursion (and the call
 * stack) can take, and which levels that is depends on the stack's size, not on the seed.
 */
function stringifyWithoutRecursion(root) {
  const parts = [];
  // What is left to write, last first: values, and text (brackets, commas, keys) as { text }.
  const pending = [root];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item instanceof Text) {
      parts.push(item.text);
    } else if (Array.isArray(item)) {
      parts.push('[');
      pending.push(new Text(']'));
      for (let k = item.length - 1; k >= 0; k--) {
        pending.push(item[k]);
        if (k > 0) pending.push(new Text(','));
      }
    } else if (item !== null && typeof item === 'object') {
      parts.push('{');
      pending.push(new Text('}'));
      const entries = Object.entries(item);
      for (let k = entries.length - 1; k >= 0; k--) {
        pending.push(entries[k][1], new Text(`${k > 0 ? ',' : ''}${JSON.stringify(entries[k][0])}:`));
      }
    } else {
      parts.push(JSON.stringify(item));
    }
  }
  return parts.join('');
}

/** Text stringifyWithoutRecursion writes as it is (not a value of the plan). */
class Text {
  constructor(text) {
    this.text = text;
  }
}

/** The `index`-th case of a campaign: a corpus plan, damaged one or two ways. */
export function fuzzCase(plans, seed, index) {
  const next = random(seed * 1_000_003 + index);
  const source = plans[Math.floor(next() * plans.length)];
  let bytes = source.bytes;
  const steps = [];
  const count = 1 + Math.floor(next() * 2);
  for (let k = 0; k < count; k++) {
    const mutation = MUTATIONS[Math.floor(next() * MUTATIONS.length)];
    const result = mutation(bytes, next);
    bytes = result.bytes;
    steps.push(`${mutation.name}: ${result.what}`);
  }
  return { name: source.name, bytes, steps };
}

/** What must hold for any input; null when it does, else what went wrong. */
export function checkOutcome({ code, stderr }, name) {
  if (![0, 1, 2].includes(code)) return `exit status ${code}`;
  if (/internal error/i.test(stderr)) return `internal error: ${stderr.trim()}`;
  if (/\n\s+at /.test(stderr)) return 'a stack trace on stderr';
  if (code === 2) {
    const lines = stderr.trimEnd().split('\n');
    if (lines.length > 2) return `${lines.length} lines on stderr`;
    if (!lines[0].startsWith(`tf-plan-guard: ${name}: `)) return `the message does not name the file: ${lines[0]}`;
  }
  return null;
}

export function corpusPlans(dir) {
  return readdirSync(dir)
    .filter((file) => file !== 'MANIFEST.tsv')
    .sort()
    .map((file) => ({ name: file, bytes: readFileSync(join(dir, file)) }));
}

/** Runs `cases` cases through runCli, in this process; returns the failures. */
export function runCampaign({ runCli, plans, seed, cases, onCase }) {
  const failures = [];
  for (let index = 0; index < cases; index++) {
    const fuzz = fuzzCase(plans, seed, index);
    let stderr = '';
    const started = performance.now();
    const code = runCli(['analyze', '-', '--format', 'json'], {
      stdout: { write: () => true, isTTY: false },
      stderr: { write: (text) => ((stderr += text), true) },
      stdinIsTTY: false,
      readStdin: () => fuzz.bytes,
      env: {},
      cwd: process.cwd(),
    });
    const problem = checkOutcome({ code, stderr }, '(stdin)');
    const ms = performance.now() - started;
    onCase?.({ index, fuzz, code, stderr, ms, problem });
    if (problem) failures.push({ index, fuzz, problem });
  }
  return failures;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000' }, seed: { type: 'string', default: String(Date.now() % 1_000_000) }, corpus: { type: 'string', default: '../shared/corpus' }, cli: { type: 'string' } } });
  const cli = values.cli ? pathToFileURL(resolve(values.cli)).href : new URL('../dist/cli.js', import.meta.url).href;
  const { runCli } = await import(cli);
  const seed = Number(values.seed);
  const plans = corpusPlans(values.corpus);
  console.log(`fuzzing ${values.cli ?? 'dist/cli.js'} with ${values.cases} cases from ${plans.length} plans in ${values.corpus}, seed ${seed}`);
  const counts = { 0: 0, 1: 0, 2: 0 };
  let slowest = 0;
  const failures = runCampaign({
    runCli,
    plans,
    seed,
    cases: Number(values.cases),
    onCase: ({ index, fuzz, code, stderr, ms, problem }) => {
      counts[code] = (counts[code] ?? 0) + 1;
      slowest = Math.max(slowest, ms);
      const said = stderr.split('\n')[0].slice(0, 140);
      console.log(`#${index} ${fuzz.name} | ${fuzz.steps.join('; ')} → exit ${code}${said ? ` | ${said}` : ''} (${ms.toFixed(0)} ms)${problem ? `  FAILED: ${problem}` : ''}`);
    },
  });
  console.log(`\n${values.cases} cases: exit 0 ×${counts[0]}, exit 1 ×${counts[1]}, exit 2 ×${counts[2]}; slowest ${slowest.toFixed(0)} ms; ${failures.length} failed (seed ${seed})`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}
