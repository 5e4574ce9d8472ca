import { describe, expect, it } from 'vitest';
import { jsonTextParts } from '../../src/render/json-text.js';

/** A small seeded generator (mulberry32): the same values on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'a', 'line\nbreak', '  "quoted": {x}', 'é😀', '\ud83d', '\u2028', 'a: b', '__proto__', '0', '\n  '];

function randomValue(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 0 ? 9 : 6));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return Math.floor(next() * 2000) - 1000 + (next() < 0.2 ? 0.5 : 0);
    case 3:
    case 4:
      return STRINGS[Math.floor(next() * STRINGS.length)];
    case 5:
      // Left out of objects, null in arrays.
      return next() < 0.5 ? undefined : () => 1;
    case 6:
    case 7: {
      const object: Record<string, unknown> = {};
      const keys = Math.floor(next() * 5);
      for (let k = 0; k < keys; k++) Object.defineProperty(object, STRINGS[Math.floor(next() * STRINGS.length)]! + String(k % 3), { value: randomValue(next, depth - 1), enumerable: true, configurable: true, writable: true });
      return object;
    }
    default:
      return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth - 1));
  }
}

describe('jsonTextParts', () => {
  it("joins to exactly JSON.stringify(value, null, 2)'s text, at every depth of expansion", () => {
    const next = random(20261206);
    for (let n = 0; n < 2000; n++) {
      const value = randomValue(next, 5);
      const expected = JSON.stringify(value, null, 2);
      for (const depth of [0, 1, 2, 3, 6]) {
        if (expected === undefined) expect(() => jsonTextParts(value, depth)).toThrow(TypeError);
        else expect(jsonTextParts(value, depth).join('')).toBe(expected);
      }
    }
  });

  it('gives toJSON its key, and never expands what has one', () => {
    const seen: string[] = [];
    const stamped = { toJSON: (key: string) => (seen.push(key), { at: key }) };
    const value = { when: new Date(0), list: [stamped, { inner: stamped }], stamped };
    expect(jsonTextParts(value, 4).join('')).toBe(JSON.stringify(value, null, 2));
    expect(seen).toEqual(['0', 'inner', 'stamped', '0', 'inner', 'stamped']);
  });

  it('never makes one string of the whole: items below the expanded depth go in batches of at most 256', () => {
    const findings = Array.from({ length: 1000 }, (_, k) => ({ ruleId: 'stateful-delete', message: `delete ${k}`, details: ['a', 'b'] }));
    const value = { plans: [{ findings }] };
    const parts = jsonTextParts(value, 4);
    const text = parts.join('');
    expect(text).toBe(JSON.stringify(value, null, 2));
    const longest = Math.max(...parts.map((part) => part.length));
    expect(longest).toBeLessThan(text.length / 3);
    expect(parts.filter((part) => part.includes('"ruleId"')).map((part) => part.split('"ruleId"').length - 1)).toEqual([256, 256, 256, 232]);
  });

  it('stringifies an item with a toJSON on its own, given its index in the whole array', () => {
    const keys: string[] = [];
    const items = Array.from({ length: 600 }, (_, k) => (k === 300 ? { toJSON: (key: string) => (keys.push(key), 'stamped') } : { k }));
    expect(jsonTextParts({ items }, 2).join('')).toBe(JSON.stringify({ items }, null, 2));
    expect(keys).toEqual(['300', '300']);
  });
});
