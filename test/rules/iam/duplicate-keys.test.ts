import { describe, expect, it } from 'vitest';
import { entriesOf, readJson } from '../../../src/rules/iam/duplicate-keys.js';

describe('readJson: JSON texts read with every key', () => {
  it('reads a text without a repeated key as JSON.parse does, and rejects what JSON.parse rejects', () => {
    const text = '{"a": [1, -0.5e3, true, null, "x\\":"], "b" : {"c": {}}, "__proto__": 1}';
    expect(readJson(text)).toEqual({ ok: true, value: JSON.parse(text), duplicates: null });
    for (const invalid of ['{"a": 1,}', '{"a": 1} // c', '{"a": "\u0001"}', "{'a': 1}", '', '{"a": 1}{']) expect(readJson(invalid)).toEqual({ ok: false });
  });

  it('keeps every occurrence of a repeated key in order, and reads the first winning', () => {
    const text = '{"s":[{"k":"first","n":{"z":1},"k":null,"n":{"z":2,"z":3}}],"__proto__":{"p":1},"__proto__":2}';
    const read = readJson(text);
    if (!read.ok || read.duplicates === null) throw new Error('expected duplicates');
    expect(read.value).toEqual(JSON.parse(text));
    expect(read.duplicates.firstWins).toEqual(JSON.parse('{"s":[{"k":"first","n":{"z":1}}],"__proto__":{"p":1}}'));
    expect(Object.getPrototypeOf(read.duplicates.firstWins)).toBe(Object.prototype);
    const ordered = read.duplicates.ordered as { s: object[] };
    expect(entriesOf(ordered.s[0]!).map(([key, value]) => [key, value === null || typeof value !== 'object' ? value : entriesOf(value)])).toEqual([
      ['k', 'first'],
      ['n', [['z', 1]]],
      ['k', null],
      ['n', [['z', 2], ['z', 3]]],
    ]);
    expect(entriesOf({ a: 1 })).toEqual([['a', 1]]);
  });

  it('reads a repeated key under nesting deeper than a recursive reader survives', () => {
    const depth = 200_000;
    const text = `{"a":${'['.repeat(depth)}${']'.repeat(depth)},"a":1}`;
    const read = readJson(text);
    expect(read.ok && read.duplicates !== null && (read.duplicates.firstWins as { a: unknown }).a !== 1).toBe(true);
  });

  it('reads a repeated key among long runs of spaces about as fast as a text without one (audit 36 F3)', () => {
    const spaces = ' '.repeat(20_000_000);
    const policy = (repeat: string): string =>
      `{"Version"${spaces}:"2012-10-17",${repeat}"Statement":[{"Effect":"Allow",\t"Action" : "*" ,"Resource":"*"}]${spaces}}`;
    const timed = (text: string): [ReturnType<typeof readJson>, number] => {
      const start = performance.now();
      const read = readJson(text);
      return [read, performance.now() - start];
    };
    const [plain, plainMs] = timed(policy(''));
    const heapBefore = process.memoryUsage().heapUsed;
    const [read, ms] = timed(policy('"Version":"2008-10-17",'));
    expect(plain.ok && plain.duplicates === null).toBe(true);
    if (!read.ok || read.duplicates === null) throw new Error('expected the repeated Version to be seen');
    expect((read.duplicates.firstWins as { Version: string }).Version).toBe('2012-10-17');
    expect((read.value as { Version: string }).Version).toBe('2008-10-17');
    expect(entriesOf((read.duplicates.ordered as { Statement: object[] }).Statement[0]!).map(([key]) => key)).toEqual(['Effect', 'Action', 'Resource']);
    // Before: about 23 bytes of heap and a string concatenation per space (seconds, hundreds of MB).
    expect(ms).toBeLessThan(Math.max(1500, plainMs * 10));
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200_000_000);
  });
});
