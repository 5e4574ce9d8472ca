/**
 * A report of any length written in pieces. Node turns a string it is asked to write into bytes
 * whole, and a string built by concatenation into one flat copy first: the JSON report of a
 * 600 MB plan is 25 MB of text, and writing it at once took ~70 MiB more at the process's peak.
 * A report is handed over as parts (the renderer's own strings, never joined: render/json-text.ts)
 * and written a piece at a time.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Characters per slice written. */
const PIECE_CHARS = 1 << 20;

/**
 * The parts' text in pieces of at most PIECE_CHARS: small parts gathered into one piece (a
 * report in parts has one per finding and more), a large one sliced, never between the two
 * halves of a surrogate pair.
 */
export function* textPieces(parts: readonly string[]): Generator<string, void, undefined> {
  let gathered = '';
  for (const part of parts) {
    if (gathered.length + part.length <= PIECE_CHARS) {
      gathered += part;
      continue;
    }
    if (gathered !== '') yield gathered;
    gathered = '';
    if (part.length <= PIECE_CHARS) {
      gathered = part;
      continue;
    }
    for (let start = 0; start < part.length; ) {
      let end = Math.min(part.length, start + PIECE_CHARS);
      if (end < part.length && isHighSurrogate(part.charCodeAt(end - 1))) end--;
      yield part.slice(start, end);
      start = end;
    }
  }
  if (gathered !== '') yield gathered;
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
