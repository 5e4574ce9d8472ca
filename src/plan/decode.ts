/**
 * Bytes → JSON text. Recognizes the files people hand us by mistake and says so plainly,
 * before a JSON parser produces something cryptic.
 */
import { InputError } from '../errors.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Words that open or mark the human-readable output of `terraform plan`. */
const TEXT_PLAN_MARKERS = [
  'Terraform used the selected providers',
  'Terraform will perform the following actions',
  'An execution plan has been generated',
  'No changes. Your infrastructure matches the configuration',
  'Refreshing state...',
  'Plan: ',
];

/** hashicorp/setup-terraform's wrapper echoes the command before the output (terraform_wrapper: true). */
const SETUP_TERRAFORM_WRAPPER_MARKER = '[command]';

/** A resource line of `terraform plan`: `  # aws_x.y will be destroyed`, `  - resource "aws_x" "y" {`. */
const TEXT_PLAN_LINE = /^\s*(?:# \S+ (?:will|must|has|is) |(?:[-+~]|-\/\+|\+\/-|<=) (?:resource|data) ")/m;

/** Terraform's error output (`Error: …`, or its boxed diagnostics) saved in place of the JSON. */
const TERRAFORM_ERROR_START = /^\s*(?:\u2577|Error: )/;

export function decodePlanBytes(bytes: Uint8Array, source: string): string {
  if (bytes.length === 0) throw new InputError(source, 'the file is empty (did `terraform show -json` fail?)');
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new InputError(
      source,
      'this is a binary plan file (a zip), not JSON. Convert it first: terraform show -json PLANFILE > plan.json',
    );
  }
  const text = decodeText(bytes);
  if (text.trim() === '') throw new InputError(source, 'the file holds only white space (did `terraform show -json` fail?)');
  const start = text.trimStart();
  if (start.startsWith(SETUP_TERRAFORM_WRAPPER_MARKER)) {
    throw new InputError(
      source,
      "this is the output of hashicorp/setup-terraform's wrapper (`[command]` and `::debug::` lines around the JSON). Set terraform_wrapper: false in setup-terraform, or write the file with: terraform show -json tfplan > plan.json",
    );
  }
  if (!start.startsWith('{') && !start.startsWith('[')) {
    const plain = stripAnsi(start);
    if (TEXT_PLAN_MARKERS.some((marker) => plain.includes(marker)) || TEXT_PLAN_LINE.test(plain)) {
      throw new InputError(
        source,
        'this is the text output of `terraform plan`, not JSON. Save the plan (-out=tfplan) and run: terraform show -json tfplan > plan.json',
      );
    }
    if (TERRAFORM_ERROR_START.test(plain)) {
      throw new InputError(source, 'this is an error message from Terraform, not JSON: the command that wrote this file failed; run `terraform show -json PLANFILE` again and read its error');
    }
    // The text is not quoted: a file given by mistake may be a .tfvars full of secrets.
    throw new InputError(source, 'this is not JSON (it does not start with { or [); expected the output of `terraform show -json`');
  }
  return text;
}

/** UTF-8 (with or without BOM) and UTF-16 LE/BE (PowerShell's `>` writes UTF-16LE with a BOM). */
function decodeText(bytes: Uint8Array): string {
  const [b0, b1] = [bytes[0], bytes[1]];
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // UTF-16 without a byte-order mark: JSON starts with an ASCII character, so one half is zero.
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return new TextDecoder('utf-16be').decode(bytes);
  // TextDecoder drops a UTF-8 BOM by default.
  return new TextDecoder('utf-8').decode(bytes);
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

/**
 * JSON.parse with an error that names the line and column, and says "truncated" when it is.
 * The position and the wording come from our own scan, not from the engine's message: Node 20
 * omits the position for most errors, and V8 quotes a window of the input, which may hold a
 * secret.
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (looksLikeUiStream(text)) throw uiStreamError(source);
    const error = locateJsonError(text);
    if (error === null) throw new InputError(source, 'invalid JSON');
    const end = endTrimmed(text);
    if (error.offset >= end) throw truncatedJsonError(source, positionOf(text, end));
    throw invalidJsonError(source, positionOf(text, error.offset), error.problem);
  }
}

/** The length of `text` without its trailing JSON white space (not String.prototype.trimEnd's, which also trims U+00A0, U+3000 and more). */
function endTrimmed(text: string): number {
  let end = text.length;
  while (end > 0 && isJsonSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** Where a JSON error is: 1-based line, and column in UTF-16 code units of that line. */
export interface TextPosition {
  line: number;
  column: number;
}

export function uiStreamError(source: string): InputError {
  return new InputError(
    source,
    'this is the streamed log of `terraform plan -json` (one message per line), not a plan. Save the plan (-out=tfplan) and run: terraform show -json tfplan > plan.json',
  );
}

export function truncatedJsonError(source: string, end: TextPosition): InputError {
  return new InputError(source, `the JSON is truncated: it stops at ${describePosition(end)} before the plan is complete`);
}

export function invalidJsonError(source: string, at: TextPosition, problem: string): InputError {
  return new InputError(source, `invalid JSON at ${describePosition(at)}: ${problem}`);
}

function describePosition({ line, column }: TextPosition): string {
  return `line ${line}, column ${column}`;
}

/** `terraform plan -json` writes one UI message per line, each with `@level` and `@message`. */
export function looksLikeUiStream(text: string): boolean {
  const firstLine = text.trimStart().split('\n', 1)[0] ?? '';
  if (!firstLine.startsWith('{"@level"')) return false;
  try {
    const message: unknown = JSON.parse(firstLine);
    return message !== null && typeof message === 'object' && '@message' in message;
  } catch {
    return false;
  }
}

type ScanState = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'after-value' | 'done';

export interface JsonSyntaxError {
  /** Offset of the offending character; the text's length when it ends too early. */
  offset: number;
  /** What is wrong there, in words that quote at most the one offending character. */
  problem: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/**
 * The first syntax error in `text`, or null when there is none. A small iterative scanner,
 * run only after JSON.parse failed: deep nesting cannot overflow it.
 */
export function locateJsonError(text: string): JsonSyntaxError | null {
  const length = text.length;
  const stack: string[] = [];
  let state: ScanState = 'value';
  let i = 0;
  const afterValue = (): ScanState => (stack.length === 0 ? 'done' : 'after-value');
  const fail = (offset: number, expected: string): JsonSyntaxError => ({ offset, problem: `${expected}, found ${describeChar(text, offset)}` });
  while (true) {
    while (i < length && isJsonSpace(text.charCodeAt(i))) i++;
    if (i >= length) return state === 'done' ? null : { offset: length, problem: 'unexpected end of the text' };
    const char = text.charAt(i);
    switch (state) {
      case 'done':
        return fail(i, 'expected the end of the text after the JSON value');
      case 'colon':
        if (char !== ':') return fail(i, "expected ':' after an object key");
        i++;
        state = 'value';
        break;
      case 'key':
      case 'key-or-end':
        if (state === 'key-or-end' && char === '}') {
          stack.pop();
          i++;
          state = afterValue();
        } else if (char === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          state = 'colon';
        } else {
          return fail(i, state === 'key' ? 'expected a quoted object key' : "expected a quoted object key or '}'");
        }
        break;
      case 'after-value': {
        const close = stack[stack.length - 1] === '{' ? '}' : ']';
        if (char === ',') {
          i++;
          state = close === '}' ? 'key' : 'value';
        } else if (char === close) {
          stack.pop();
          i++;
          state = afterValue();
        } else {
          return fail(i, `expected ',' or '${close}'`);
        }
        break;
      }
      case 'value':
      case 'value-or-end':
        if (state === 'value-or-end' && char === ']') {
          stack.pop();
          i++;
          state = afterValue();
        } else if (char === '{' || char === '[') {
          stack.push(char);
          i++;
          state = char === '{' ? 'key-or-end' : 'value-or-end';
        } else if (char === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          state = afterValue();
        } else {
          NUMBER.lastIndex = i;
          const number = NUMBER.exec(text);
          const literal = LITERALS.find((word) => text.startsWith(word, i));
          if (number) i += number[0].length;
          else if (literal) i += literal.length;
          else if (LITERALS.some((word) => word.startsWith(text.slice(i)))) return { offset: length, problem: 'unexpected end of the text' };
          else return fail(i, 'expected a value (object, array, string, number, true, false or null)');
          state = afterValue();
        }
        break;
    }
  }
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The offset just past the string that opens at `start`, or the error inside it. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, problem: 'a control character (such as a line break) inside a string must be escaped' };
    if (code === 0x5c) {
      const escape = text.charAt(i + 1);
      if (escape === '') break;
      if (escape === 'u') {
        const hex = /^[0-9a-fA-F]{0,4}/.exec(text.slice(i + 2, i + 6))?.[0].length ?? 0;
        if (hex < 4) return i + 2 + hex >= text.length ? { offset: text.length, problem: 'unexpected end of the text' } : { offset: i + 2 + hex, problem: 'invalid \\u escape in a string' };
        i += 5;
      } else if ('"\\/bfnrt'.includes(escape)) {
        i += 1;
      } else {
        return { offset: i + 1, problem: 'invalid escape sequence in a string' };
      }
    }
  }
  return { offset: text.length, problem: 'unexpected end of the text' };
}

/**
 * One character, quoted when printable; the only piece of the input an error message shows. A
 * character above U+FFFF (an emoji) is named by its code point, not its first UTF-16 half.
 */
function describeChar(text: string, offset: number): string {
  const char = text.charAt(offset);
  return /^[\x21-\x7e]$/.test(char) ? `'${char}'` : `U+${text.codePointAt(offset)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
