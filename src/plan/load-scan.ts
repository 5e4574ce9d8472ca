/**
 * One pass over JSON bytes, chunk by chunk, that builds only what a selection asks for. Every
 * byte is checked against JSON's grammar (a skipped section with a syntax error is still an
 * error), but a skipped value is never built: only its nesting is counted, on an explicit stack,
 * so no depth of nesting can overflow the call stack. Selected values are parsed by JSON.parse
 * from their own bytes, one at a time (one element of `resource_changes`, say), so memory holds
 * the parts kept, never the whole text.
 *
 * Syntax errors are found at the same offset, with the same words, as `locateJsonError` over the
 * whole decoded text finds them; line and column count UTF-16 code units, as that text did.
 */

/** What to build of one value. Anything not selected is skipped (validated, not built). */
export type Selection =
  /** The whole value, parsed on its own. */
  | { readonly kind: 'keep' }
  /** Only whether the key is there (its value is skipped; `null` stands in for it). */
  | { readonly kind: 'presence' }
  /** An object of only the keys named (or every key, with `anyKey`), each built by its selection. */
  | { readonly kind: 'object'; readonly keys?: Readonly<Record<string, Selection>>; readonly anyKey?: Selection }
  /**
   * The value's bytes, unparsed (a RawJson), to be read later by what they turn out to be needed
   * for: whole, or (an object) field by field.
   */
  | { readonly kind: 'raw' }
  /**
   * An array whose elements are each built by `each`, or element i by `items[i]` (others left
   * out, their places empty), each reduced by `map` as soon as it is built.
   */
  | {
      readonly kind: 'array';
      readonly each?: Selection;
      readonly items?: readonly (Selection | null)[];
      readonly map?: (element: unknown) => unknown;
      /**
       * The name of `map` among the reducers an element worker knows (load-sections.ts
       * ELEMENT_REDUCERS): elements read ahead may then be handed to it (ElementHandOff).
       */
      readonly offload?: string;
    };

/**
 * Takes elements read ahead off the scanner's hands: given the element's place (its bytes
 * `start`..`end` in the input, its array and index there), it either takes it, to put the reduced
 * element there itself before the scan's result is used, or declines (false), and the scanner
 * reads it as it always does.
 */
export interface ElementHandOff {
  take(offload: string, start: number, end: number, array: unknown[], index: number): boolean;
  /** Told after each chunk is scanned (to take in what is ready, so that it does not pile up). */
  chunkScanned(): void;
}

/**
 * The bytes of one JSON value (valid: the scan that captured them checked them). When the value
 * is an object, the scan also noted where each of its fields lies, so that a few fields can be
 * parsed without the rest: a state resource's `values` are read only for the one or two fields
 * its sensitivity mask marks.
 */
export class RawJson {
  /**
   * @param fields for an object, per field in order: key start, key end (quotes included),
   * whether the key is plain ASCII without escapes (1 or 0), value start, value end; offsets into
   * `bytes`. Null when the value is not an object.
   */
  constructor(
    readonly bytes: Uint8Array,
    private readonly fields: readonly number[] | null = null,
  ) {}

  /** The value, parsed whole (the scan that captured the bytes checked them). */
  parse(): unknown {
    return JSON.parse(decodeUtf8(this.bytes));
  }

  get isObject(): boolean {
    return this.fields !== null;
  }

  /**
   * An object of only the named fields the value has, each parsed (as JSON.parse would give
   * them: the last of duplicate keys wins). Only for an object (isObject).
   */
  parseFields(names: readonly string[]): Record<string, unknown> {
    const picked: Record<string, unknown> = {};
    for (const name of names) {
      const at = this.lastField(name);
      if (at >= 0) setOwn(picked, name, JSON.parse(decodeUtf8(this.bytes.subarray(this.fields![at + 3]!, this.fields![at + 4]!))));
    }
    return picked;
  }

  /** Where the last field named `name` is described in `fields`, or -1. */
  private lastField(name: string): number {
    const fields = this.fields!;
    const bytes = this.bytes;
    let encoded: Buffer | null = null;
    for (let at = fields.length - 5; at >= 0; at -= 5) {
      const keyStart = fields[at]! + 1;
      const keyEnd = fields[at + 1]! - 1;
      if (fields[at + 2] === 0) {
        if (JSON.parse(decodeUtf8(bytes.subarray(keyStart - 1, keyEnd + 1))) === name) return at;
        continue;
      }
      encoded ??= Buffer.from(name, 'utf8');
      if (keyEnd - keyStart === encoded.length && encoded.equals(bytes.subarray(keyStart, keyEnd))) return at;
    }
    return -1;
  }
}

export interface JsonPosition {
  line: number;
  column: number;
}

/** A syntax error at a position; `truncated` when the text ended before the value did. */
export interface ScanError {
  truncated: boolean;
  position: JsonPosition;
  /** Absent when truncated. */
  problem?: string;
  /** Valid JSON, but a value to be built nests deeper than MAX_BUILT_DEPTH. */
  tooDeep?: boolean;
}

/**
 * How deep a value that is built may nest. Terraform values nest a few dozen levels at most;
 * the code that walks them is recursive, so anything deeper is refused here, by name. Values
 * that are skipped may nest to any depth.
 */
export const MAX_BUILT_DEPTH = 1000;

export class JsonScanError extends Error {
  constructor(readonly detail: ScanError) {
    super(detail.truncated ? 'truncated JSON' : `invalid JSON: ${detail.problem ?? ''}`);
  }
}

/** Told how far the scan has come, in bytes of (UTF-8) input. */
export type ScanProgress = (bytes: number) => void;

// Scanner states. IN_STRING and the number/literal states carry over chunk boundaries.
const VALUE = 0;
const VALUE_OR_END = 1;
const KEY = 2;
const KEY_OR_END = 3;
const COLON = 4;
const AFTER_VALUE = 5;
const DONE = 6;
const IN_STRING = 7;
const IN_NUMBER = 8;
const IN_LITERAL = 9;

// Number sub-states, after the JSON number grammar (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?).
const N_SIGN = 0; // after '-'
const N_ZERO = 1; // integer part is '0'
const N_INT = 2; // in integer digits
const N_DOT = 3; // after '.', no digit yet
const N_FRAC = 4; // in fraction digits
const N_E = 5; // after 'e', nothing yet
const N_E_SIGN = 6; // after 'e+' or 'e-'
const N_EXP = 7; // in exponent digits

// String sub-states.
const S_PLAIN = 0;
const S_ESCAPE = 1; // after '\'
const S_HEX = 2; // in \uXXXX (hexCount digits read)

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const LITERAL_WORDS = [Buffer.from('true'), Buffer.from('false'), Buffer.from('null')];
/** 1 for the characters that follow a backslash in a one-character escape. */
const SIMPLE_ESCAPE = new Uint8Array(256).map((_, byte) => ([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74].includes(byte) ? 1 : 0));

const KEY_SELECTION: Selection = { kind: 'keep' };
/** Bytes that end the plain run of a string: a quote, a backslash, a control character, non-ASCII. */
const STRING_STOP = new Uint8Array(256).map((_, byte) => (byte === 0x22 || byte === 0x5c || byte < 0x20 || byte >= 0x80 ? 1 : 0));
const CONTROL_CHARACTER = 'a control character (such as a line break) inside a string must be escaped';

interface Frame {
  /** Stack depth of this container's contents. */
  depth: number;
  selection: Selection & { kind: 'object' | 'array' };
  value: Record<string, unknown> | unknown[];
  /** For an object: the selection of the value after the key just read (null: skip it). */
  next: Selection | null;
  key: string | null;
  /** For an array: the index of the element being read. */
  index: number;
}

/** A value or key being captured for JSON.parse: its bytes so far (earlier chunks) and its start. */
interface Capture {
  depth: number;
  start: number;
  /** Where the value starts: `start` moves on to each chunk's beginning. */
  origin: number;
  parts: Uint8Array[];
  isKey: boolean;
  selection: Selection;
  /** For a raw object: its fields, as RawJson describes them, at absolute offsets. */
  fields: number[] | null;
}

// ignoreBOM: a U+FEFF the scanner stopped at is a character to name, not a mark to drop.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** UTF-8 bytes as text, invalid bytes replaced as TextDecoder replaces them (Buffer's decoder is the faster). */
function decodeUtf8(bytes: Uint8Array): string {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('utf8');
}

export class SelectiveJsonScanner {
  private state = VALUE;
  private stack = new Uint8Array(64);
  private depth = 0;
  /** Absolute offset of the first byte of the current chunk. */
  private base = 0;
  private line = 1;
  private lineStart = 0;
  /** UTF-16 code units minus bytes, over the current line up to the scan position. */
  private unitAdjust = 0;
  /** The end of the last byte that was not white space before the latest run of white space, with its line. */
  private lastSolidEnd = 0;
  private lastSolidLine = 1;
  private lastSolidLineStart = 0;
  private lastSolidAdjust = 0;
  private previousChunkEndsInSpace = false;

  private stringState = S_PLAIN;
  /** The string read so far has no escape and no byte above 0x7f: its bytes are its characters. */
  private stringPlain = true;
  /** The string being read is an object key (a colon follows it). */
  private stringIsKey = false;
  /**
   * A tab or line break inside a string (or white space after a backslash, or in a \u escape) is
   * an error only when something other than white space follows it: at the very end, the text is
   * merely truncated there (its white space trimmed).
   */
  private deferredError: ScanError | null = null;
  /** Where the text is truncated if only white space follows the deferred error. */
  private deferredTruncation: JsonPosition | null = null;
  private hexCount = 0;
  private stringStart = 0;
  /**
   * Just past the open string's last byte that is not a space, as of the end of the last chunk:
   * where a text that ends inside the string stops, its trailing white space trimmed whichever
   * chunks that white space came in.
   */
  private stringSolidEnd = 0;
  private numberState = N_SIGN;
  /** Offset of a '.' or 'e' the number may have to give back (the grammar's backtracking). */
  private numberRetreat = 0;
  private numberRetreatChar = 0;
  private numberStart = 0;
  private literal: Buffer = LITERAL_WORDS[0]!;
  private literalIndex = 0;
  private literalStart = 0;

  // A UTF-8 sequence in progress (the WHATWG decoder's state), to count the code units a
  // decoder makes of it: one per character (two above U+FFFF), one U+FFFD per invalid part.
  private utf8Needed = 0;
  private utf8Seen = 0;
  private utf8Lower = 0x80;
  private utf8Upper = 0xbf;

  private frames: Frame[] = [];
  /** Depth at which the innermost frame's keys and values start; -1 when nothing is selected here. */
  private frameDepth = -1;
  private capture: Capture | null = null;
  /** The depth of a raw object's fields while it is captured (-1 otherwise), and where its latest key started. */
  private fieldDepth = -1;
  private fieldKeyStart = 0;
  private root: unknown = undefined;
  private rootSet = false;
  /** The `},{"KEY":` readElementAhead looked for last. */
  private elementMark: Buffer | null = null;
  /** `],"KEY":` for the element mark it was made from (endsOneElement). */
  private listThenKey: { mark: Buffer; bytes: Buffer } | null = null;
  private readonly speculation = new Speculation();
  private readonly handOffSpeculation = new Speculation();
  /** Where elements read ahead may go instead of being parsed here (null: nowhere). */
  handOff: ElementHandOff | null = null;
  /** Told once per array of elements (a selection that may be offloaded) when it reaches its `at`-th element. */
  manyElements: { at: number; reached: () => void } | null = null;
  /** The last bytes of the previous chunk, for describing a character that spans chunks. */
  private chunk: Uint8Array = new Uint8Array(0);
  /** A syntax error found at a multi-byte character the chunk ended inside: thrown once the next chunks complete it. */
  private cutCharacter: CutCharacter | null = null;

  constructor(private readonly selection: Selection) {
    this.frameDepth = 0;
  }

  /** Scans the next chunk of UTF-8 bytes. Throws JsonScanError at the first syntax error. */
  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.cutCharacter !== null) return this.cutCharacter.complete(chunk);
    if (this.chunk.length > 0) this.previousChunkEndsInSpace = isJsonSpace(this.chunk[this.chunk.length - 1]!);
    this.chunk = chunk;
    try {
      this.scan(chunk);
    } catch (error) {
      if (!(error instanceof CutCharacter)) throw error;
      this.cutCharacter = error;
      return;
    }
    this.handOff?.chunkScanned();
    if (this.state === IN_STRING && this.deferredError === null) this.stringSolidEnd = this.stringSolidBefore(chunk, chunk.length);
    // Copied: the reader reuses the chunk's buffer (load-input.ts ByteChunks).
    if (this.capture) this.capture.parts.push(Uint8Array.prototype.slice.call(chunk, Math.max(0, this.capture.start - this.base)));
    if (this.capture && this.capture.start < this.base + chunk.length) this.capture.start = this.base + chunk.length;
    this.base += chunk.length;
  }

  /** Ends the input; returns the value built (what the selection kept of it). */
  end(): unknown {
    if (this.cutCharacter !== null) throw this.cutCharacter.error();
    if (this.deferredTruncation) throw new JsonScanError({ truncated: true, position: this.deferredTruncation });
    if (this.state === IN_NUMBER) {
      if (this.numberState === N_SIGN) this.failAt(this.numberStart, 'expected a value (object, array, string, number, true, false or null)', 0x2d);
      if (this.numberState === N_DOT || this.numberState === N_E || this.numberState === N_E_SIGN) this.retreatNumber();
      this.endNumber(this.base);
    }
    if (this.state === DONE) return this.root;
    // The text ends inside a value: truncated, at its last character that is not white space.
    if (this.state === IN_STRING || this.state === IN_LITERAL) {
      if (this.utf8Needed > 0) this.unitAdjust += 1 - this.utf8Seen;
      // Trailing spaces inside the open string are trimmed as white space.
      const end = this.state === IN_STRING ? this.stringSolidEnd : this.base;
      throw new JsonScanError({ truncated: true, position: { line: this.line, column: end - this.lineStart + this.unitAdjust + 1 } });
    }
    const last = this.chunk[this.chunk.length - 1];
    const endsInSpace = last !== undefined && isJsonSpace(last);
    throw new JsonScanError({
      truncated: true,
      position: endsInSpace
        ? { line: this.lastSolidLine, column: this.lastSolidEnd - this.lastSolidLineStart + this.lastSolidAdjust + 1 }
        : { line: this.line, column: this.base - this.lineStart + this.unitAdjust + 1 },
    });
  }

  private scan(buf: Uint8Array): void {
    const length = buf.length;
    const base = this.base;
    if (this.deferredError) {
      if (onlyWhiteSpace(buf, 0)) return;
      throw new JsonScanError(this.deferredError);
    }
    let i = 0;
    while (i < length) {
      const state = this.state;
      if (state === IN_STRING) {
        // The hot loop: most of a plan is string content.
        if (this.utf8Needed > 0) {
          if (this.continueUtf8(buf[i]!)) i++;
          continue;
        }
        if (this.stringState === S_PLAIN) {
          let c = 0;
          for (;;) {
            while (i < length && STRING_STOP[buf[i]!] === 0) i++;
            if (i >= length) break;
            c = buf[i]!;
            // Common runs read here without leaving the loop (a policy held as a string escapes
            // every quote): a one-character escape, and a whole two- or three-byte character.
            if (c === 0x5c) {
              if (i + 1 >= length || SIMPLE_ESCAPE[buf[i + 1]!] === 0) break;
              i += 2;
            } else if (c >= 0xc2 && c <= 0xdf && i + 1 < length && isContinuationByte(buf[i + 1]!)) {
              this.unitAdjust -= 1;
              i += 2;
            } else if (c >= 0xe1 && c <= 0xef && c !== 0xed && i + 2 < length && isContinuationByte(buf[i + 1]!) && isContinuationByte(buf[i + 2]!)) {
              this.unitAdjust -= 2;
              i += 3;
            } else {
              break;
            }
            this.stringPlain = false;
          }
          if (i >= length) break;
          if (c === 0x22) {
            i++;
            this.endString(base + i);
            continue;
          }
          if (c === 0x5c) {
            this.stringState = S_ESCAPE;
            this.stringPlain = false;
            i++;
            continue;
          }
          if (c < 0x20) {
            // Only spaces stand between the string's last other byte and the line break (or tab).
            if (this.deferredInString(buf, i, CONTROL_CHARACTER, this.stringSolidBefore(buf, i))) return;
            this.failPlain(base + i, CONTROL_CHARACTER);
          }
          this.startUtf8(c);
          this.stringPlain = false;
          i++;
          continue;
        }
        const c = buf[i]!;
        if (this.stringState === S_ESCAPE) {
          if (c === 0x75) {
            this.stringState = S_HEX;
            this.hexCount = 0;
          } else if (SIMPLE_ESCAPE[c] === 1) {
            this.stringState = S_PLAIN;
          } else {
            if (this.deferredInString(buf, i, 'invalid escape sequence in a string', base + i)) return;
            this.failPlain(base + i, 'invalid escape sequence in a string');
          }
          i++;
          continue;
        }
        // S_HEX
        if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) {
          if (++this.hexCount === 4) this.stringState = S_PLAIN;
          i++;
          continue;
        }
        if (this.deferredInString(buf, i, 'invalid \\u escape in a string', base + i)) return;
        this.failPlain(base + i, 'invalid \\u escape in a string');
      }
      const c = buf[i]!;
      if (state === IN_NUMBER) {
        i = this.continueNumber(buf, i, c);
        continue;
      }
      if (state === IN_LITERAL) {
        if (c !== this.literal[this.literalIndex]) this.failAt(this.literalStart, 'expected a value (object, array, string, number, true, false or null)', this.literal[0]);
        i++;
        if (++this.literalIndex === this.literal.length) this.valueDone(base + i);
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        // White space: where a run of it starts is where the text would end if only white space followed.
        if (i === 0 ? !this.previousChunkEndsInSpace : !isJsonSpace(buf[i - 1]!)) this.markSolid(base + i);
        do {
          if (buf[i] === 0x0a) {
            this.line++;
            this.lineStart = base + i + 1;
            this.unitAdjust = 0;
          }
          i++;
        } while (i < length && isJsonSpace(buf[i]!));
        continue;
      }
      switch (state) {
        case DONE:
          this.failAt(base + i, 'expected the end of the text after the JSON value');
          break;
        case COLON:
          if (c !== 0x3a) this.failAt(base + i, "expected ':' after an object key");
          this.state = VALUE;
          i++;
          break;
        case KEY:
        case KEY_OR_END:
          if (state === KEY_OR_END && c === 0x7d) {
            this.closeContainer(base + i + 1);
            i++;
          } else if (c === 0x22) {
            if (this.depth === this.frameDepth) this.startCapture(base + i, true, KEY_SELECTION);
            else if (this.depth === this.fieldDepth) this.fieldKeyStart = base + i;
            this.beginString(base + i);
            this.stringIsKey = true;
            i++;
          } else {
            this.failAt(base + i, state === KEY ? 'expected a quoted object key' : "expected a quoted object key or '}'");
          }
          break;
        case AFTER_VALUE: {
          const open = this.stack[this.depth - 1];
          if (c === 0x2c) {
            this.state = open === OPEN_OBJECT ? KEY : VALUE;
          } else if (c === (open === OPEN_OBJECT ? 0x7d : 0x5d)) {
            this.closeContainer(base + i + 1);
          } else {
            this.failAt(base + i, `expected ',' or '${open === OPEN_OBJECT ? '}' : ']'}'`);
          }
          i++;
          break;
        }
        default: {
          // VALUE or VALUE_OR_END
          if (state === VALUE_OR_END && c === 0x5d) {
            this.closeContainer(base + i + 1);
            i++;
            break;
          }
          if (this.depth === this.frameDepth) {
            const after = this.startValue(buf, i, c);
            if (after > i) {
              i = after;
              break;
            }
          } else if (this.depth === this.fieldDepth) this.capture!.fields!.push(base + i);
          if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
            this.push(c, base + i);
            this.state = c === OPEN_OBJECT ? KEY_OR_END : VALUE_OR_END;
            i++;
          } else if (c === 0x22) {
            this.beginString(base + i);
            i++;
          } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            this.state = IN_NUMBER;
            this.numberStart = base + i;
            this.numberState = c === 0x2d ? N_SIGN : c === 0x30 ? N_ZERO : N_INT;
            i++;
          } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
            this.state = IN_LITERAL;
            this.literal = LITERAL_WORDS[c === 0x74 ? 0 : c === 0x66 ? 1 : 2]!;
            this.literalIndex = 1;
            this.literalStart = base + i;
            i++;
          } else {
            this.failAt(base + i, 'expected a value (object, array, string, number, true, false or null)');
          }
        }
      }
    }
  }

  /** A byte of 0x80 or above in a string: the lead of a multi-byte character, or an invalid byte. */
  private startUtf8(c: number): void {
    if (c >= 0xc2 && c <= 0xdf) this.utf8Needed = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      this.utf8Needed = 2;
      if (c === 0xe0) this.utf8Lower = 0xa0;
      if (c === 0xed) this.utf8Upper = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      this.utf8Needed = 3;
      if (c === 0xf0) this.utf8Lower = 0x90;
      if (c === 0xf4) this.utf8Upper = 0x8f;
    }
    // Otherwise one invalid byte: one U+FFFD, one code unit for one byte.
    this.utf8Seen = 1;
  }

  /** The next byte of a multi-byte sequence; false when it is not one (it is then read afresh). */
  private continueUtf8(c: number): boolean {
    if (c < this.utf8Lower || c > this.utf8Upper) {
      // The sequence so far becomes one U+FFFD.
      this.unitAdjust += 1 - this.utf8Seen;
      this.resetUtf8();
      return false;
    }
    this.utf8Lower = 0x80;
    this.utf8Upper = 0xbf;
    if (++this.utf8Seen === this.utf8Needed + 1) {
      this.unitAdjust += (this.utf8Needed === 3 ? 2 : 1) - this.utf8Seen;
      this.resetUtf8();
    }
    return true;
  }

  private resetUtf8(): void {
    this.utf8Needed = 0;
    this.utf8Seen = 0;
    this.utf8Lower = 0x80;
    this.utf8Upper = 0xbf;
  }

  /** One byte of a number; returns where to continue (the same byte when the number ended before it). */
  private continueNumber(buf: Uint8Array, i: number, c: number): number {
    const digit = c >= 0x30 && c <= 0x39;
    const at = this.base + i;
    switch (this.numberState) {
      case N_SIGN:
        if (!digit) this.failAt(this.numberStart, 'expected a value (object, array, string, number, true, false or null)', 0x2d);
        this.numberState = c === 0x30 ? N_ZERO : N_INT;
        return i + 1;
      case N_ZERO:
      case N_INT:
        if (digit && this.numberState === N_INT) return i + 1;
        if (c === 0x2e) return this.numberMayRetreat(N_DOT, at, c, i);
        if (c === 0x65 || c === 0x45) return this.numberMayRetreat(N_E, at, c, i);
        break;
      case N_DOT:
        if (!digit) return this.retreatNumber();
        this.numberState = N_FRAC;
        return i + 1;
      case N_FRAC:
        if (digit) return i + 1;
        if (c === 0x65 || c === 0x45) return this.numberMayRetreat(N_E, at, c, i);
        break;
      case N_E:
        if (c === 0x2b || c === 0x2d) {
          this.numberState = N_E_SIGN;
          return i + 1;
        }
        if (!digit) return this.retreatNumber();
        this.numberState = N_EXP;
        return i + 1;
      case N_E_SIGN:
        if (!digit) return this.retreatNumber();
        this.numberState = N_EXP;
        return i + 1;
      case N_EXP:
        if (digit) return i + 1;
        break;
    }
    this.endNumber(at);
    return i;
  }

  /** A '.' or 'e' the number may have to give back if no digit follows. */
  private numberMayRetreat(state: number, at: number, c: number, i: number): number {
    this.numberState = state;
    this.numberRetreat = at;
    this.numberRetreatChar = c;
    return i + 1;
  }

  /**
   * The number stopped at a '.' or 'e' with no digit after it: the number ends before that
   * character, which is then the unexpected one (as a backtracking match of the grammar finds).
   */
  private retreatNumber(): never {
    const at = this.numberRetreat;
    const char = this.numberRetreatChar;
    this.endNumber(at);
    this.failAt(at, this.expectedAfterValue(), char);
  }

  private endNumber(end: number): void {
    this.valueDone(end);
  }

  private expectedAfterValue(): string {
    if (this.state === DONE) return 'expected the end of the text after the JSON value';
    return `expected ',' or '${this.stack[this.depth - 1] === OPEN_OBJECT ? '}' : ']'}'`;
  }

  /**
   * An error inside a string at `buf[i]`, a white space byte followed by nothing but white space
   * in this chunk, is kept until more than white space follows it: should the text end first, it
   * is truncated at `truncatedAt` (its trailing white space trimmed), as decode.ts tells it.
   */
  private deferredInString(buf: Uint8Array, i: number, problem: string, truncatedAt: number): boolean {
    if (!isJsonSpace(buf[i]!) || !onlyWhiteSpace(buf, i + 1)) return false;
    this.deferredError = { truncated: false, position: { line: this.line, column: this.columnOf(this.base + i) }, problem };
    this.deferredTruncation = { line: this.line, column: this.columnOf(truncatedAt) };
    return true;
  }

  /**
   * Just past the last byte of the open string before `to` (in `buf`, the chunk being scanned)
   * that is not a space; from the chunks before it when the string has only spaces in this one.
   */
  private stringSolidBefore(buf: Uint8Array, to: number): number {
    const contentStart = this.stringStart + 1;
    const from = Math.max(0, contentStart - this.base);
    let k = to;
    while (k > from && buf[k - 1] === 0x20) k--;
    return k > 0 || contentStart >= this.base ? this.base + k : this.stringSolidEnd;
  }

  private beginString(start: number): void {
    this.state = IN_STRING;
    this.stringState = S_PLAIN;
    this.stringPlain = true;
    this.stringStart = start;
  }

  /** A string ended just before `end`: a key (then a colon follows) or a value. */
  private endString(end: number): void {
    if (this.stringIsKey) {
      this.stringIsKey = false;
      this.state = COLON;
      if (this.capture && this.capture.isKey) this.finishKey(end);
      else if (this.depth === this.fieldDepth) this.capture!.fields!.push(this.fieldKeyStart, end, this.stringPlain ? 1 : 0);
      return;
    }
    this.valueDone(end);
  }

  private push(open: number, at: number): void {
    if (this.capture !== null && this.depth - this.capture.depth >= MAX_BUILT_DEPTH) {
      throw new JsonScanError({ truncated: false, tooDeep: true, position: { line: this.line, column: this.columnOf(at) } });
    }
    if (this.depth === this.stack.length) {
      const bigger = new Uint8Array(this.stack.length * 2);
      bigger.set(this.stack);
      this.stack = bigger;
    }
    this.stack[this.depth++] = open;
  }

  private closeContainer(end: number): void {
    this.depth--;
    this.valueDone(end);
  }

  /** A value ended just before `end` at the current depth. */
  private valueDone(end: number): void {
    this.state = this.depth === 0 ? DONE : AFTER_VALUE;
    if (this.depth === this.fieldDepth) this.capture!.fields!.push(end);
    const capture = this.capture;
    if (capture !== null && !capture.isKey && capture.depth === this.depth) {
      this.capture = null;
      this.fieldDepth = -1;
      this.deliver(this.parseCapture(capture, end));
      return;
    }
    if (this.frameDepth === this.depth + 1) {
      const frame = this.frames[this.frames.length - 1];
      if (frame && frame.depth === this.depth + 1) {
        this.frames.pop();
        this.frameDepth = this.frames.length > 0 ? this.frames[this.frames.length - 1]!.depth : -1;
        this.deliver(frame.value);
      }
    }
  }

  /** Gives a built value to the frame it belongs to (or makes it the result). */
  private deliver(value: unknown): void {
    const frame = this.frames[this.frames.length - 1];
    if (!frame || frame.depth !== this.depth) {
      this.root = value;
      this.rootSet = true;
      return;
    }
    if (Array.isArray(frame.value)) {
      const map = frame.selection.kind === 'array' ? frame.selection.map : undefined;
      frame.value[frame.index] = map ? map(value) : value;
    } else if (frame.key !== null) {
      setOwn(frame.value, frame.key, value);
    }
  }

  /**
   * A value starts at `buf[i]` (first byte `c`) where the innermost frame selects what to build.
   * Returns where to go on scanning: past the value when it was read whole (readElementAhead),
   * else `i` (the value is scanned from its first byte).
   */
  private startValue(buf: Uint8Array, i: number, c: number): number {
    const start = this.base + i;
    const selection = this.selectionHere();
    if (selection === null) return i;
    if (c === OPEN_OBJECT && this.handOff !== null && this.handOffSpeculation.tries()) {
      const after = this.handElementOff(buf, i);
      if (after > i) return after;
    }
    if (selection.kind === 'object' && c === OPEN_OBJECT) {
      this.pushFrame(selection, {});
      return i;
    }
    if (selection.kind === 'array' && c === OPEN_ARRAY) {
      this.pushFrame(selection, []);
      return i;
    }
    if (selection.kind === 'presence') {
      // Skipped; stands in as null.
      this.deliverPresence();
      return i;
    }
    if (selection.kind === 'keep' && c === OPEN_OBJECT && this.speculation.tries()) {
      const after = this.readElementAhead(buf, i);
      if (after > i) return after;
    }
    // A `keep`, or a value not of the shape the selection expected: parse it whole (the schema judges it).
    this.startCapture(start, false, selection);
    if (selection.kind === 'raw' && c === OPEN_OBJECT) {
      this.capture!.fields = [];
      this.fieldDepth = this.depth + 1;
    }
    return i;
  }

  /**
   * An object kept whole, read without scanning its bytes one by one: where its array goes on
   * with a next element opening with the same key (`},{"address":` in `resource_changes`), found
   * by a native search, is where it ends if the bytes up to there parse as one JSON value. They
   * then are exactly the value the scan would have found there (JSON is read left to right, and
   * the bytes start where a value starts), with no error in them the scan would have found; so
   * the scan goes on after them as if it had read them. Anything else (no such next element
   * within this chunk, a parse error, a line break or an invalid UTF-8 byte to count, nesting
   * past MAX_BUILT_DEPTH) leaves the value to the scan, which finds and names what is wrong as
   * it always does. Returns where to go on scanning, or `i` when the value was not read.
   */
  private readElementAhead(buf: Uint8Array, i: number): number {
    const frame = this.frames[this.frames.length - 1]!;
    if (frame.selection.kind !== 'array') return i;
    const next = this.nextElementMark(buf, i);
    if (next === null) return i;
    const view = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    const end = view.indexOf(next, i + 1) + 1;
    if (end <= 0) return i;
    const read = readElementBytes(view.subarray(i, end));
    if (read === null) {
      this.speculation.missed();
      return i;
    }
    this.speculation.hit();
    // The characters of the value, counted as the scan counts them on the current line.
    this.unitAdjust += read.units - (end - i);
    this.state = AFTER_VALUE;
    this.deliver(read.value);
    return end;
  }

  /**
   * Hands the element opening at `buf[i]` off (ElementHandOff), unparsed, when its array's
   * selection names a reducer the worker knows (`offload`) and where it ends is beyond doubt
   * without parsing it: where the next `{"KEY":` (KEY its own first key) opens, right after a
   * `},`, and not after a `}]}`. (The next `},{"KEY":` alone is not enough: after an array's last
   * element it is found in the next array, past the `[{"KEY":` this search meets first; and after
   * the last resource of a state module whose next sibling opens with the same key, the `}]}` of
   * its `resources` and itself comes first.) Its bytes are not counted for
   * positions: an error the scan finds later is named by reading the input again without handing
   * off (load.ts). Returns where to go on scanning, or `i` when it was not taken.
   */
  private handElementOff(buf: Uint8Array, i: number): number {
    const frame = this.frames[this.frames.length - 1];
    const offload = frame?.depth === this.depth && frame.selection.kind === 'array' ? frame.selection.offload : undefined;
    if (offload === undefined) return i;
    const mark = this.nextElementMark(buf, i);
    if (mark === null) return i;
    const view = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    const opening = view.indexOf(mark.subarray(ELEMENT_BOUNDARY.length - 1), i + 1);
    if (opening < 0 || view[opening - 1] !== 0x2c || view[opening - 2] !== 0x7d || (view[opening - 3] === 0x5d && view[opening - 4] === 0x7d) || !this.endsOneElement(view, i, opening, mark)) {
      // No next element to tell the end by (the last one, or an element not shaped like the
      // others): after many of those, stop looking (each search reads on to the chunk's end).
      this.handOffSpeculation.missed();
      return i;
    }
    if (!this.handOff!.take(offload, this.base + i, this.base + opening - 1, frame!.value as unknown[], frame!.index)) return i;
    this.handOffSpeculation.hit();
    this.state = AFTER_VALUE;
    return opening - 1;
  }

  /**
   * Whether the bytes from `i` to the `},{"KEY":` at `opening` look like one element and the next:
   * no list closes before a KEY in between (Terraform writes a state module as `{"resources":[…],
   * "address":…}`, so after its last resource comes `],"address":"module.a"},{"address":…` when
   * the next module has no resources of its own), and the next object's second key is one a
   * resource's opens with, or this one's (an object inside a value opening with KEY,
   * `{"address":"10.0.0.1","port":443}`, has another).
   * A wrong guess costs the whole plan read again; a missed one, one element parsed here.
   */
  private endsOneElement(view: Buffer, i: number, opening: number, mark: Buffer): boolean {
    if (this.listThenKey?.mark !== mark) this.listThenKey = { mark, bytes: Buffer.concat([LIST_CLOSE_THEN_KEY, mark.subarray(ELEMENT_BOUNDARY.length)]) };
    if (view.subarray(i, opening).indexOf(this.listThenKey.bytes) >= 0) return false;
    const next = secondKeyAt(view, opening);
    return next !== null && (ELEMENT_SECOND_KEYS.has(next) || next === secondKeyAt(view, i));
  }

  /** `},{"KEY":`, where KEY is the first key of the object at `buf[i]`, or null when there is none to read. */
  private nextElementMark(buf: Uint8Array, i: number): Buffer | null {
    if (buf[i + 1] !== 0x22) return null;
    let close = i + 2;
    const limit = Math.min(buf.length, i + 2 + MARKED_KEY_MAX_BYTES);
    while (close < limit && buf[close] !== 0x22 && buf[close] !== 0x5c) close++;
    if (close >= limit || buf[close] !== 0x22 || buf[close + 1] !== 0x3a) return null;
    const mark = this.elementMark;
    const keyLength = close + 2 - (i + 1);
    if (mark !== null && mark.length === keyLength + 3 && mark.compare(buf, i + 1, close + 2, 3, mark.length) === 0) return mark;
    const made = Buffer.concat([ELEMENT_BOUNDARY, buf.subarray(i + 1, close + 2)]);
    this.elementMark = made;
    return made;
  }

  private deliverPresence(): void {
    this.deliver(null);
  }

  private selectionHere(): Selection | null {
    const frame = this.frames[this.frames.length - 1];
    if (!frame || frame.depth !== this.depth) return this.depth === 0 ? this.selection : null;
    if (frame.selection.kind === 'array') {
      const index = ++frame.index;
      if (this.manyElements !== null && index === this.manyElements.at && frame.selection.offload !== undefined) this.manyElements.reached();
      return frame.selection.items ? (frame.selection.items[index] ?? null) : (frame.selection.each ?? null);
    }
    const next = frame.next;
    frame.next = null;
    return next;
  }

  private pushFrame(selection: Selection & { kind: 'object' | 'array' }, value: Record<string, unknown> | unknown[]): void {
    this.frames.push({ depth: this.depth + 1, selection, value, next: null, key: null, index: -1 });
    this.frameDepth = this.depth + 1;
  }

  private startCapture(start: number, isKey: boolean, selection: Selection): void {
    this.capture = { depth: this.depth, start, origin: start, parts: [], isKey, selection, fields: null };
  }

  private finishKey(end: number): void {
    const capture = this.capture!;
    this.capture = null;
    const frame = this.frames[this.frames.length - 1]!;
    if (frame.selection.kind !== 'object') return;
    const keys = keyTableOf(frame.selection);
    let key: string | null = null;
    let next: Selection | null = null;
    if (this.stringPlain && capture.parts.length === 0) {
      // The common case, read without making a string: a key of plain ASCII within this chunk,
      // compared byte for byte with the keys selected. (Parsing every key of every state
      // resource with JSON.parse was a tenth of the scan's time.)
      const from = capture.start - this.base + 1;
      const to = end - this.base - 1;
      const entry = keys.matchBytes(this.chunk, from, to);
      if (entry !== null) [key, next] = [entry.key, entry.selection];
      else if (keys.anyKey !== null) [key, next] = [latin1(this.chunk, from, to), keys.anyKey];
    } else {
      key = this.parseCapture(capture, end) as string;
      next = keys.byName.get(key) ?? keys.anyKey;
    }
    frame.key = next === null ? null : key;
    frame.next = next;
  }

  private parseCapture(capture: Capture, end: number): unknown {
    const tail = this.chunk.subarray(Math.max(0, capture.start - this.base), end - this.base);
    const bytes = capture.parts.length === 0 ? tail : Buffer.concat([...capture.parts, tail]);
    if (capture.selection.kind === 'raw') {
      const fields = capture.fields;
      // The fields were noted at offsets in the whole input; RawJson reads them in its own bytes.
      if (fields !== null) for (let k = 0; k < fields.length; k++) if (k % 5 !== 2) fields[k] = fields[k]! - capture.origin;
      // Kept past this chunk: its own bytes, not a view of the chunk's buffer, which the reader reuses.
      return new RawJson(capture.parts.length === 0 ? Uint8Array.prototype.slice.call(bytes) : bytes, fields);
    }
    return JSON.parse(decodeUtf8(bytes));
  }

  private markSolid(end: number): void {
    this.lastSolidEnd = end;
    this.lastSolidLine = this.line;
    this.lastSolidLineStart = this.lineStart;
    this.lastSolidAdjust = this.unitAdjust;
  }

  /** Throws the error at `offset`; `found` names the byte there when it is not in the current chunk. */
  private failAt(offset: number, expected: string, found?: number): never {
    const position = { line: this.line, column: this.columnOf(offset) };
    const k = offset - this.base;
    const needed = k >= 0 && k < this.chunk.length ? utf8SequenceLength(this.chunk[k]!) : 1;
    // The character's other bytes are in the next chunk: write() names it once they are read.
    if (needed > 1 && k + needed > this.chunk.length) throw new CutCharacter(position, expected, this.chunk.subarray(k), needed);
    throw new JsonScanError({ truncated: false, position, problem: `${expected}, found ${this.describeAt(offset, found)}` });
  }

  /** Throws an error inside a string at `offset`: its words say what is wrong without quoting. */
  private failPlain(offset: number, problem: string): never {
    throw new JsonScanError({ truncated: false, position: { line: this.line, column: this.columnOf(offset) }, problem });
  }

  private columnOf(offset: number): number {
    // Code units of the current line before `offset`: bytes, adjusted for what the scan passed of
    // it, and for any multi-byte characters between the scan position and `offset` (none: errors
    // are found at or before the scan position).
    return offset - this.lineStart + this.unitAdjust + 1;
  }

  private describeAt(offset: number, found?: number): string {
    const k = offset - this.base;
    let code: number;
    if (k >= 0 && k < this.chunk.length) {
      const first = this.chunk[k]!;
      code = first < 0x80 ? first : utf8.decode(this.chunk.subarray(k, Math.min(this.chunk.length, k + 4))).codePointAt(0)!;
    } else {
      code = found ?? 0xfffd;
    }
    return nameCharacter(code);
  }
}

/** One character in an error message by its code point, quoted when printable (as decode.ts names it). */
function nameCharacter(code: number): string {
  return code >= 0x21 && code <= 0x7e ? `'${String.fromCharCode(code)}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The bytes of the UTF-8 character a byte leads (1 for ASCII and for bytes that lead none). */
function utf8SequenceLength(lead: number): number {
  return lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 1;
}

/**
 * A syntax error at a character whose bytes the chunk ends inside: thrown by failAt, kept by
 * write(), which gathers the rest of the character from the chunks after it and then throws the
 * error naming it as a decoder of the whole text would (U+FFFD if the text ends first or the
 * bytes are not one character).
 */
class CutCharacter {
  private readonly bytes: number[];

  constructor(
    private readonly position: { line: number; column: number },
    private readonly expected: string,
    head: Uint8Array,
    private readonly length: number,
  ) {
    this.bytes = [...head];
  }

  complete(chunk: Uint8Array): void {
    for (let k = 0; k < chunk.length && this.bytes.length < this.length; k++) this.bytes.push(chunk[k]!);
    if (this.bytes.length === this.length) throw this.error();
  }

  error(): JsonScanError {
    const code = utf8.decode(Uint8Array.from(this.bytes)).codePointAt(0)!;
    return new JsonScanError({ truncated: false, position: this.position, problem: `${this.expected}, found ${nameCharacter(code)}` });
  }
}

/**
 * The second key of the object at `buf[at]` whose first value is a string (`{"address":"…","mode":`),
 * as text; null when it is not that shape or not all in `buf`.
 */
function secondKeyAt(buf: Buffer, at: number): string | null {
  const firstKeyEnd = buf.indexOf(0x22, at + 2);
  if (firstKeyEnd < 0 || buf[firstKeyEnd + 1] !== 0x3a || buf[firstKeyEnd + 2] !== 0x22) return null;
  let k = firstKeyEnd + 3;
  while (k < buf.length && buf[k] !== 0x22) k += buf[k] === 0x5c ? 2 : 1;
  if (buf[k + 1] !== 0x2c || buf[k + 2] !== 0x22) return null;
  const secondKeyEnd = buf.indexOf(0x22, k + 3);
  if (secondKeyEnd < 0 || secondKeyEnd - (k + 3) > MARKED_KEY_MAX_BYTES) return null;
  return buf.toString('latin1', k + 3, secondKeyEnd);
}

/** The longest first key readElementAhead looks for in the next element. */
const MARKED_KEY_MAX_BYTES = 64;
const ELEMENT_BOUNDARY = Buffer.from('},{');
const LIST_CLOSE_THEN_KEY = Buffer.from('],');
/** What follows `address` in a resource change or a state resource (jsonplan's and jsonstate's field order). */
const ELEMENT_SECOND_KEYS = new Set(['mode', 'module_address', 'previous_address']);

/**
 * Whether readElementAhead is worth trying: it is given up when it misses more than it reads
 * (elements holding objects that open with their own first key, say), so a plan it does not
 * fit costs at most a few wasted parses.
 */
class Speculation {
  private hits = 0;
  private misses = 0;

  tries(): boolean {
    return this.misses <= 16 || this.misses * 4 <= this.hits;
  }

  hit(): void {
    this.hits++;
  }

  missed(): void {
    this.misses++;
  }
}

/**
 * The value of bytes that may be one element, as readElementAhead reads them, with its length in
 * UTF-16 code units; null when they do not parse as one value, or hold what the scan must count
 * itself (a line break, an invalid UTF-8 byte), or nest past MAX_BUILT_DEPTH.
 */
export function readElementBytes(bytes: Uint8Array): { value: unknown; units: number } | null {
  const text = decodeUtf8(bytes);
  if (text.includes('\n') || text.includes('\uFFFD')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return nestsDeeperThan(value, MAX_BUILT_DEPTH) ? null : { value, units: text.length };
}

/** Whether `value` nests containers more than `limit` deep (the value itself counting as one). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object' && nestsDeeperThan(item, limit - 1)) return true;
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object' && nestsDeeperThan(item, limit - 1)) return true;
  }
  return false;
}

/** An object selection's keys, looked up by name or by their bytes. */
interface KeyTable {
  byName: Map<string, Selection>;
  anyKey: Selection | null;
  matchBytes(chunk: Uint8Array, from: number, to: number): { key: string; selection: Selection } | null;
}

const keyTables = new WeakMap<Selection, KeyTable>();

/** Only the selection's own keys count (a key `constructor` selects nothing). */
function keyTableOf(selection: Selection & { kind: 'object' }): KeyTable {
  let table = keyTables.get(selection);
  if (table !== undefined) return table;
  const entries = Object.entries(selection.keys ?? {}).map(([key, selected]) => ({ key, selection: selected, bytes: Buffer.from(key, 'utf8') }));
  table = {
    byName: new Map(entries.map((entry) => [entry.key, entry.selection])),
    anyKey: selection.anyKey ?? null,
    matchBytes(chunk, from, to) {
      const length = to - from;
      next: for (const entry of entries) {
        const bytes = entry.bytes;
        if (bytes.length !== length) continue;
        for (let k = 0; k < length; k++) if (chunk[from + k] !== bytes[k]) continue next;
        return entry;
      }
      return null;
    },
  };
  keyTables.set(selection, table);
  return table;
}

/** Bytes below 0x80 as the string they spell. */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1');
}

/** Sets a property as JSON.parse does: `__proto__` is an ordinary key, not the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Whether bytes from `from` on are all JSON white space. */
function onlyWhiteSpace(buf: Uint8Array, from: number): boolean {
  for (let k = from; k < buf.length; k++) if (!isJsonSpace(buf[k]!)) return false;
  return true;
}

/** A UTF-8 continuation byte (10xxxxxx). */
function isContinuationByte(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
