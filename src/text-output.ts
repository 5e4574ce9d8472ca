/**
 * A report of any length written in pieces. Node turns a string it is asked to write into bytes
 * whole, and a string built by concatenation into one flat copy first: the JSON report of a
 * 600 MB plan is 25 MB of text, and writing it at once took ~70 MiB more at the process's peak.
 * A report is handed over as parts (the renderer's own strings, never joined) and each part is
 * written a slice at a time.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Characters per slice written. */
const PIECE_CHARS = 1 << 20;

/** The parts' text, in slices of at most PIECE_CHARS, never between the two halves of a surrogate pair. */
export function* textPieces(parts: readonly string[]): Generator<string, void, undefined> {
  for (const part of parts) {
    for (let start = 0; start < part.length; ) {
      let end = Math.min(part.length, start + PIECE_CHARS);
      if (end < part.length && isHighSurrogate(part.charCodeAt(end - 1))) end--;
      yield part.slice(start, end);
      start = end;
    }
  }
}

/** Writes the parts to the file at `path` (created or emptied); throws as writeFileSync does. */
export function writeTextFile(path: string, parts: readonly string[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const piece of textPieces(parts)) {
      const bytes = Buffer.from(piece, 'utf8');
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
    }
  } finally {
    closeSync(fd);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
