import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { decodePlanBytes, locateJsonError, parseJson } from '../../src/plan/decode.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const PLAN_TEXT = '{"format_version":"1.2","resource_changes":[],"note":"Zoë ✓"}';

function problemOf(action: () => unknown): { source: string | null; problem: string } {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    return { source: inputError.source, problem: inputError.problem };
  }
  throw new Error('expected an InputError');
}

describe('decodePlanBytes: encodings', () => {
  it('reads plain UTF-8', () => {
    expect(decodePlanBytes(utf8(PLAN_TEXT), 'p.json')).toBe(PLAN_TEXT);
  });

  it('drops a UTF-8 byte-order mark', () => {
    expect(decodePlanBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(PLAN_TEXT)]), 'p.json')).toBe(PLAN_TEXT);
  });

  it('reads UTF-16LE with a byte-order mark (PowerShell `>`)', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(PLAN_TEXT, 'utf16le')]);
    expect(decodePlanBytes(bytes, 'p.json')).toBe(PLAN_TEXT);
  });

  it('reads UTF-16BE with a byte-order mark', () => {
    const bytes = new Uint8Array([0xfe, 0xff, ...Buffer.from(PLAN_TEXT, 'utf16le').swap16()]);
    expect(decodePlanBytes(bytes, 'p.json')).toBe(PLAN_TEXT);
  });

  it('reads UTF-16LE and UTF-16BE without a byte-order mark', () => {
    expect(decodePlanBytes(new Uint8Array(Buffer.from(PLAN_TEXT, 'utf16le')), 'p.json')).toBe(PLAN_TEXT);
    expect(decodePlanBytes(new Uint8Array(Buffer.from(PLAN_TEXT, 'utf16le').swap16()), 'p.json')).toBe(PLAN_TEXT);
  });
});

describe('decodePlanBytes: files that are not plan JSON', () => {
  it('says a zip is a binary plan and how to convert it', () => {
    const { source, problem } = problemOf(() => decodePlanBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'tfplan'));
    expect(source).toBe('tfplan');
    expect(problem).toBe('this is a binary plan file (a zip), not JSON. Convert it first: terraform show -json PLANFILE > plan.json');
  });

  it('says an empty file is empty, and a blank one holds only white space', () => {
    expect(problemOf(() => decodePlanBytes(new Uint8Array(), 'e.json')).problem).toBe('the file is empty (did `terraform show -json` fail?)');
    expect(problemOf(() => decodePlanBytes(utf8(' \n\t\r\n'), 'w.json')).problem).toBe('the file holds only white space (did `terraform show -json` fail?)');
    expect(problemOf(() => decodePlanBytes(new Uint8Array([0xff, 0xfe, 0x20, 0x00]), 'w.json')).problem).toMatch(/only white space/);
  });

  it('recognizes `terraform plan` text output, colour codes and all', () => {
    const text = '\u001b[0m\u001b[1maws_s3_bucket.a: Refreshing state... [id=a]\u001b[0m\n\nTerraform will perform the following actions:\n';
    expect(problemOf(() => decodePlanBytes(utf8(text), 'plan.txt')).problem).toBe(
      'this is the text output of `terraform plan`, not JSON. Save the plan (-out=tfplan) and run: terraform show -json tfplan > plan.json',
    );
    expect(problemOf(() => decodePlanBytes(utf8('\u001b[1mPlan:\u001b[0m 1 to add, 0 to change, 0 to destroy.\n'), 'p')).problem).toMatch(/text output of `terraform plan`/);
    expect(problemOf(() => decodePlanBytes(utf8('  # aws_s3_bucket.a will be destroyed\n'), 'p')).problem).toMatch(/text output of `terraform plan`/);
  });

  it('recognizes `terraform plan` resource lines without the headers', () => {
    for (const line of ['  - resource "aws_s3_bucket" "a" {', '-/+ resource "aws_db_instance" "main" {', '  ~ resource "aws_instance" "web" {', ' <= data "aws_iam_policy_document" "p" {', '  # module.db.aws_db_instance.main must be replaced']) {
      const text = `${line}\n      id = "x"\n    }\n`;
      expect(problemOf(() => decodePlanBytes(utf8(text), 'p')).problem).toMatch(/text output of `terraform plan`/);
    }
  });

  it('does not call every list or heading a terraform plan', () => {
    expect(problemOf(() => decodePlanBytes(utf8('- name: build\n  run: make\n'), 'ci.yml')).problem).toBe(
      'this is not JSON (it does not start with { or [); expected the output of `terraform show -json`',
    );
    expect(problemOf(() => decodePlanBytes(utf8('# Release notes\n'), 'NOTES.md')).problem).toMatch(/^this is not JSON/);
  });

  it('recognizes the setup-terraform wrapper around the JSON', () => {
    const text = `[command]/home/runner/work/_temp/terraform-bin show -json tfplan\n${PLAN_TEXT}\n::debug::Terraform exited with code 0.\n`;
    expect(problemOf(() => decodePlanBytes(utf8(text), 'plan.json')).problem).toMatch(/^this is the output of hashicorp\/setup-terraform's wrapper .*terraform_wrapper: false/);
  });

  it('says Terraform\'s error output is an error message, and quotes no other text (a .tfvars given by mistake holds secrets)', () => {
    const { problem } = problemOf(() => decodePlanBytes(utf8('Error: Failed to read the given file as a state or plan file'), 'p.json'));
    expect(problem).toMatch(/^this is an error message from Terraform, not JSON: the command that wrote this file failed/);
    expect(problemOf(() => decodePlanBytes(utf8('\u2577\n\u2502 Error: No configuration files\n'), 'p.json')).problem).toMatch(/^this is an error message from Terraform/);
    const tfvars = problemOf(() => decodePlanBytes(utf8('db_password = "hunter2-secret"\n'), 'prod.tfvars')).problem;
    expect(tfvars).toBe('this is not JSON (it does not start with { or [); expected the output of `terraform show -json`');
    expect(tfvars).not.toContain('hunter');
  });
});

describe('parseJson', () => {
  it('parses valid JSON', () => {
    expect(parseJson('{"a": [1, true, null, "x"]}', 'p')).toEqual({ a: [1, true, null, 'x'] });
  });

  it('says truncated, with the line and column where the text stops', () => {
    expect(problemOf(() => parseJson('{\n  "a": [1,\n    2', 'p.json')).problem).toBe(
      'the JSON is truncated: it stops at line 3, column 6 before the plan is complete',
    );
    expect(problemOf(() => parseJson('{"a": "unterminated', 'p')).problem).toBe('the JSON is truncated: it stops at line 1, column 20 before the plan is complete');
    expect(problemOf(() => parseJson('{"a": tr', 'p')).problem).toMatch(/^the JSON is truncated: it stops at line 1, column 9 /);
    expect(problemOf(() => parseJson('{"a": {"b": 1}\n\n', 'p')).problem).toMatch(/^the JSON is truncated: it stops at line 1, column 15 /);
  });

  it('names the line and column of a syntax error, quoting one character of the input at most', () => {
    expect(problemOf(() => parseJson('{"a": 1,\n "password": x}', 'p.json')).problem).toBe(
      "invalid JSON at line 2, column 14: expected a value (object, array, string, number, true, false or null), found 'x'",
    );
    expect(problemOf(() => parseJson('{"a": 1}\n{"b": 2}', 'p.json')).problem).toBe(
      "invalid JSON at line 2, column 1: expected the end of the text after the JSON value, found '{'",
    );
    expect(problemOf(() => parseJson('{"a": "line\nbreak"}', 'p.json')).problem).toBe(
      'invalid JSON at line 1, column 12: a control character (such as a line break) inside a string must be escaped',
    );
  });

  it('never repeats the text around the error (V8 quotes a window of the input)', () => {
    const secret = 'Sup3r-Secret-Password-1234567890';
    const text = `{"variables": {"db_password": {"value": "${secret}"}}, "x": ${'1'.repeat(10)} ${'2'.repeat(200)}}`;
    const { problem } = problemOf(() => parseJson(text, 'p.json'));
    expect(problem).toBe(`invalid JSON at line 1, column ${text.indexOf('2222') + 1}: expected ',' or '}', found '2'`);
    expect(problem).not.toContain('Secret');
  });

  it('says when the file is the streamed log of `terraform plan -json`', () => {
    const text = '{"@level":"info","@message":"Terraform 1.9.8","type":"version"}\n{"@level":"info","@message":"Plan: 1 to add","type":"change_summary"}\n';
    expect(problemOf(() => parseJson(text, 'p')).problem).toMatch(/^this is the streamed log of `terraform plan -json`/);
  });
});

describe('locateJsonError', () => {
  it.each([
    ['{"a": 1}', null],
    [' [1, -2.5e3, "x\\u00e9\\n", {"b": [true, false, null]}, {}] ', null],
    ['{"a" 1}', 5, "expected ':' after an object key, found '1'"],
    ['{"a": 1,}', 8, "expected a quoted object key, found '}'"],
    ['{1: 2}', 1, "expected a quoted object key or '}', found '1'"],
    ['[1 2]', 3, "expected ',' or ']', found '2'"],
    ['{"a": "b\\x"}', 9, 'invalid escape sequence in a string'],
    ['{"a": "\\u12G4"}', 11, 'invalid \\u escape in a string'],
    ['{"a": "b\u0001"}', 8, 'a control character (such as a line break) inside a string must be escaped'],
    ['{"a": 01}', 7, "expected ',' or '}', found '1'"],
    ['{"a": 1}}', 8, "expected the end of the text after the JSON value, found '}'"],
    ['{"a": \u00a0}', 6, 'expected a value (object, array, string, number, true, false or null), found U+00A0'],
    ['{"a": [', 7, 'unexpected end of the text'],
    ['{"a": "\\u12', 11, 'unexpected end of the text'],
    ['{"a": fals', 10, 'unexpected end of the text'],
    ['', 0, 'unexpected end of the text'],
  ] as const)('%j → %j', (text, offset, problem?: string) => {
    expect(locateJsonError(text)).toEqual(offset === null ? null : { offset, problem });
  });

  it('scans deep nesting without recursion', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(locateJsonError(deep)).toBeNull();
    expect(locateJsonError(deep.slice(0, -1))).toEqual({ offset: deep.length - 1, problem: 'unexpected end of the text' });
  });
});
