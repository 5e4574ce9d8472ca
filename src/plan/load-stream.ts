/**
 * Plan bytes, chunk by chunk, → the parts of the plan's JSON the model reads. The encoding
 * (UTF-8 with or without a byte-order mark, UTF-16 from PowerShell) is told from the first
 * bytes and turned into UTF-8 as the chunks pass; the JSON is scanned once (load-scan.ts) and
 * only the sections load-sections.ts selects are built.
 *
 * What does not open like JSON (an empty file, a zip, the text output of `terraform plan`, an
 * error message) goes to decode.ts as a whole, to be named plainly: such inputs are small, and
 * only their first DIAGNOSED_BYTES are looked at.
 */
import { InputError } from '../errors.js';
import { decodePlanBytes, invalidJsonError, looksLikeUiStream, parseJson, truncatedJsonError, uiStreamError } from './decode.js';
import { describeReadError, type ByteChunks } from './load-input.js';
import { JsonScanError, MAX_BUILT_DEPTH, SelectiveJsonScanner, type ElementHandOff } from './load-scan.js';
import { PLAN_SELECTION } from './load-sections.js';
import { MANY_ELEMENTS, noteInputBytes, noteManyElements } from './large-input.js';

/** How much of an input that is not JSON is read to say what it is instead. */
const DIAGNOSED_BYTES = 64 << 20;
/** How much of the start is kept to recognize the log of `terraform plan -json` after a syntax error. */
const HEAD_BYTES = 64 << 10;
/** setup-terraform's wrapper opens its output with this; it starts like a JSON array. */
const WRAPPER_MARKER = Buffer.from('[command]');

/**
 * `handOff`: where elements read ahead may go (element-handoff.ts), told their places as offsets
 * in `chunks`' bytes. Only UTF-8 input is handed off: its bytes are the ones scanned.
 */
export function readPlanSections(chunks: ByteChunks, source: string, handOff: ElementHandOff | null = null): unknown {
  const input = new PlanInput(source, handOff);
  try {
    for (const chunk of chunks) input.write(chunk);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof JsonScanError) throw input.describe(error);
    if (isSystemError(error)) throw new InputError(source, describeReadError(error));
    if (error instanceof RangeError) throw tooLarge(source);
    throw error;
  }
  try {
    return input.end();
  } catch (error) {
    if (error instanceof JsonScanError) throw input.describe(error);
    if (error instanceof RangeError) throw tooLarge(source);
    throw error;
  }
}

type Mode = 'sniffing' | 'json' | 'diagnosing';

class PlanInput {
  private mode: Mode = 'sniffing';
  /** The raw bytes while the kind of input is not known yet (and for diagnosing). */
  private raw: Uint8Array[] = [];
  private rawBytes = 0;
  private toUtf8: ((chunk: Uint8Array, last: boolean) => Uint8Array) | null = null;
  private scanner = new SelectiveJsonScanner(PLAN_SELECTION);
  private head: Uint8Array[] = [];
  private headBytes = 0;

  constructor(
    private readonly source: string,
    private readonly handOff: ElementHandOff | null,
  ) {
    this.scanner.manyElements = { at: MANY_ELEMENTS, reached: noteManyElements };
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.mode === 'json') {
      this.scan(this.toUtf8!(chunk, false));
      return;
    }
    if (this.mode === 'diagnosing') {
      if (this.rawBytes < DIAGNOSED_BYTES) this.keepRaw(chunk.subarray(0, DIAGNOSED_BYTES - this.rawBytes));
      return;
    }
    this.keepRaw(chunk);
    this.sniff(false);
  }

  end(): unknown {
    if (this.mode === 'sniffing') this.sniff(true);
    if (this.mode === 'diagnosing') {
      const bytes = Buffer.concat(this.raw);
      // Not JSON, or JSON that does not open as a plan can: decode.ts names it.
      return parseJson(decodePlanBytes(bytes, this.source), this.source);
    }
    const rest = this.toUtf8!(new Uint8Array(0), true);
    if (rest.length > 0) this.scan(rest);
    return this.scanner.end();
  }

  /** The syntax error in the words decode.ts uses for a whole text. */
  describe(error: JsonScanError): InputError {
    const headText = new TextDecoder('utf-8').decode(Buffer.concat(this.head));
    if (looksLikeUiStream(headText)) return uiStreamError(this.source);
    const { truncated, position, problem, tooDeep } = error.detail;
    if (tooDeep) {
      return new InputError(
        this.source,
        `at line ${position.line}, column ${position.column} values nest more than ${MAX_BUILT_DEPTH} levels deep, far deeper than Terraform writes them; this is not a plan that can be analyzed`,
      );
    }
    return truncated ? truncatedJsonError(this.source, position) : invalidJsonError(this.source, position, problem ?? 'invalid JSON');
  }

  private keepRaw(chunk: Uint8Array): void {
    // A copy: the reader reuses a chunk's buffer (load-input.ts ByteChunks).
    this.raw.push(Uint8Array.prototype.slice.call(chunk));
    this.rawBytes += chunk.length;
  }

  private scan(utf8: Uint8Array): void {
    if (this.headBytes < HEAD_BYTES) {
      this.head.push(Uint8Array.prototype.slice.call(utf8, 0, HEAD_BYTES - this.headBytes));
      this.headBytes += Math.min(utf8.length, HEAD_BYTES - this.headBytes);
    }
    this.scanner.write(utf8);
    noteInputBytes(utf8.length);
  }

  /**
   * Decides, from the bytes so far, whether this is JSON to scan. JSON opens with `{` or `[`
   * after JSON white space; anything else (or setup-terraform's `[command]`) is diagnosed.
   */
  private sniff(atEnd: boolean): void {
    if (this.rawBytes < 4 && !atEnd) return;
    const bytes = Buffer.concat(this.raw);
    this.raw = [bytes];
    const encoding = encodingOf(bytes);
    // UTF-8 passes through as it is (invalid bytes are replaced where values are decoded);
    // UTF-16 is decoded as a stream, so a character split between chunks stays whole.
    const decoder = new TextDecoder(encoding.name);
    const utf8 = encoding.name === 'utf-8' ? bytes.subarray(encoding.skip) : Buffer.from(decoder.decode(bytes.subarray(encoding.skip), { stream: !atEnd }), 'utf8');
    let first = 0;
    while (first < utf8.length && isJsonSpace(utf8[first]!)) first++;
    if (first === utf8.length) {
      if (atEnd || this.rawBytes > DIAGNOSED_BYTES) this.mode = 'diagnosing';
      return;
    }
    const opening = utf8[first];
    if (opening !== 0x7b && opening !== 0x5b) {
      this.mode = 'diagnosing';
      return;
    }
    if (opening === 0x5b) {
      const candidate = utf8.subarray(first, first + WRAPPER_MARKER.length);
      if (candidate.length < WRAPPER_MARKER.length && !atEnd) return;
      if (candidate.equals(WRAPPER_MARKER)) {
        this.mode = 'diagnosing';
        return;
      }
    }
    this.mode = 'json';
    this.raw = [];
    if (this.handOff !== null && encoding.name === 'utf-8') this.scanner.handOff = shifted(this.handOff, encoding.skip);
    this.toUtf8 = encoding.name === 'utf-8' ? (chunk) => chunk : (chunk, last) => Buffer.from(decoder.decode(chunk, { stream: !last }), 'utf8');
    this.scan(utf8);
  }
}

/** `handOff` told offsets in the input's bytes, for a scan of them that starts `skip` bytes in (after a byte-order mark). */
function shifted(handOff: ElementHandOff, skip: number): ElementHandOff {
  if (skip === 0) return handOff;
  return { take: (offload, start, end, array, index) => handOff.take(offload, start + skip, end + skip, array, index), chunkScanned: () => handOff.chunkScanned() };
}

/** UTF-8 (a byte-order mark skipped) or UTF-16 LE/BE, told as decode.ts tells them. */
function encodingOf(bytes: Uint8Array): { name: 'utf-8' | 'utf-16le' | 'utf-16be'; skip: number } {
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0xff && b1 === 0xfe) return { name: 'utf-16le', skip: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { name: 'utf-16be', skip: 2 };
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return { name: 'utf-16le', skip: 0 };
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return { name: 'utf-16be', skip: 0 };
  return { name: 'utf-8', skip: b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 3 : 0 };
}

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function tooLarge(source: string): InputError {
  return new InputError(source, 'a single value in this plan is larger than can be held in memory as one string (about 512 MiB); it cannot be analyzed');
}
