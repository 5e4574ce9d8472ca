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
  if (!start.startsWith('{') && !start.startsWith('[')) {
    const plain = stripAnsi(start);
    if (TEXT_PLAN_MARKERS.some((marker) => plain.includes(marker)) || /^\s*[#~+-]/m.test(plain)) {
      throw new InputError(
        source,
        'this is the text output of `terraform plan`, not JSON. Save the plan (-out=tfplan) and run: terraform show -json tfplan > plan.json',
      );
    }
    throw new InputError(source, `this is not JSON (it starts with ${JSON.stringify(plain.slice(0, 20))}); expected the output of \`terraform show -json\``);
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

/** JSON.parse with an error that names the line and column, and says "truncated" when it is. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(detail);
    const atEnd = position !== null && Number(position[1]) >= text.trimEnd().length;
    if (/end of JSON input/i.test(detail) || atEnd) {
      throw new InputError(source, `the JSON is truncated: it ends after ${describeOffset(text, text.trimEnd().length)} before the plan is complete`);
    }
    if (position) {
      const offset = Number(position[1]);
      throw new InputError(source, `invalid JSON at ${describeOffset(text, offset)}: ${cleanJsonMessage(detail)}`);
    }
    throw new InputError(source, `invalid JSON: ${cleanJsonMessage(detail)}`);
  }
}

function describeOffset(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function cleanJsonMessage(message: string): string {
  // Node quotes a window of the input in its message; plan text may hold secrets, so drop it.
  return message.replace(/, "[\s\S]*$/, '').replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)/, '');
}
