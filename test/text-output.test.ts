import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textPieces, writeTextFile } from '../src/text-output.js';

const PIECE = 1 << 20;

describe('textPieces', () => {
  it('gives the text back whole, in slices no longer than a piece', () => {
    const text = 'x'.repeat(2 * PIECE + 17);
    const pieces = [...textPieces([text, '\n'])];
    expect(pieces.map((piece) => piece.length)).toEqual([PIECE, PIECE, 17, 1]);
    expect(pieces.join('')).toBe(`${text}\n`);
  });

  it('gathers small parts into pieces no longer than a piece, and slices a large one on its own', () => {
    const small = Array.from({ length: 3000 }, (_, k) => `part ${k} `.repeat(100));
    const large = 'y'.repeat(PIECE + 5);
    const parts = [...small, large, '\n'];
    const pieces = [...textPieces(parts)];
    expect(pieces.join('')).toBe(parts.join(''));
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(PIECE);
    // Not one write per part: a report in parts has one or more per finding.
    expect(pieces.length).toBeLessThan(10);
  });

  it('never cuts between the two halves of a surrogate pair (each would be written as U+FFFD)', () => {
    // The pair's high half falls on the last character of the first slice.
    const text = `${'a'.repeat(PIECE - 1)}😀${'b'.repeat(10)}`;
    const pieces = [...textPieces([text])];
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece);
    expect(Buffer.concat(pieces.map((piece) => Buffer.from(piece, 'utf8'))).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });
});

describe('writeTextFile', () => {
  it('writes the parts as one UTF-8 file, replacing what was there', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'text-output-')), 'report.json');
    writeTextFile(path, ['old text that is longer than the new one']);
    const text = `${'é'.repeat(PIECE)}😀${'z'.repeat(PIECE)}`;
    writeTextFile(path, [text, '\n']);
    expect(readFileSync(path, 'utf8')).toBe(`${text}\n`);
  });
});
