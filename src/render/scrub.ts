/**
 * The last pass every output goes through: any value the plan marks sensitive is replaced,
 * in every form a renderer could have written it (raw, JSON-escaped, HTML-escaped, markdown-escaped).
 * Renderers never print such values on purpose; this catches what they would by accident.
 */
import { SCRUBBED_SECRET_MIN_LENGTH, type SecretValues } from '../plan/model.js';
import { STRING_INSTANCE_KEY } from '../plan/instance-keys.js';
import { SecretMatcher, type SecretForm } from '../plan/secret-matcher.js';
import { SENSITIVE_PLACEHOLDER } from '../plan/values.js';
import type { PlanReport, Report } from '../report.js';
import { escapeCell, escapeCodeInTable, escapeText } from './escape.js';

/** One matcher per set of secrets: reports scrub many strings with the same set. */
const matchers = new WeakMap<SecretValues, SecretMatcher>();

export function scrubSecrets(text: string, secrets: SecretValues): string {
  const matcher = secretMatcher(secrets);
  return matcher.isEmpty ? text : matcher.replaceAll(text, SENSITIVE_PLACEHOLDER);
}

/**
 * The last pass over rendered markdown, a safety net: plan text is scrubbed before it is marked
 * up (scrubReport, scrubAddress, scrubSecrets where a renderer writes a name or an address), so
 * in a normal run this finds nothing of the plan's. It replaces a secret only where the
 * placeholder cannot change what the document is (replaceableInMarkdown): never a fold's tag, a
 * code span's backtick, an emphasis, a link, a table's pipe, nor the start of a line. A sensitive
 * value spelled like the renderer's own markup (`</details>`, or "`aws_db_instance.db": a fence
 * and an address) is the renderer's text there and is left, so no value a plan marks sensitive
 * can unbalance the folds or open a code span's tags (audit 25 F4, audit 26 F1 and F2).
 */
export function scrubMarkdown(text: string, secrets: SecretValues): string {
  const matcher = markdownMatcher(secrets);
  if (matcher.isEmpty) return text;
  const places = new MarkdownPlaces(text);
  return matcher.replaceAll(text, SENSITIVE_PLACEHOLDER, (start, end) => !places.replaceable(start, end), (start) => places.reachFrom(start));
}

/**
 * Whether `text[start, end)` of rendered markdown may be replaced by the placeholder, a word in
 * parentheses, leaving every element GFM and GitHub make of the document as it was. It may when:
 * - it holds no character markup is made of (backticks, `<` `>`, emphasis and strikethrough
 *   delimiters, pipes, brackets, parentheses, backslashes, `$`, `!`, `:`, line breaks), and `_`
 *   only between letters or digits, where it is never a delimiter;
 * - it is not at the start of a line nor within the block markers that begin one (lists,
 *   headings, quotes, tables, indented code), and neither begins nor ends with white space (a
 *   hard line break, a code span's padding);
 * - no emphasis delimiter touches it (its flanking would change), and no `@` or `#` follows it
 *   (the placeholder's `)` would let GitHub link the word after);
 * - it is not inside an HTML tag or comment on its line (`<details>` with a secret `details`).
 * A secret found where it may not is the renderer's markup there, not the plan's text: that was
 * scrubbed before it was marked up.
 */
export function replaceableInMarkdown(text: string, start: number, end: number): boolean {
  return new MarkdownPlaces(text).replaceable(start, end);
}

/**
 * replaceableInMarkdown over one text, asked about places from left to right as the scrub finds
 * them: what it needs of a place's line before it (where the line starts, where its text begins
 * after the block markers, its last `<` and `>`) is carried forward as the places advance, so a
 * pass over a document costs its length, not its length times the occurrences on a long line
 * (audit 27 F0: a 400 KB instance key of `(sensitive)` took 36 s). A place left of the last one
 * asked about is answered too, by reading its line again.
 */
export class MarkdownPlaces {
  /** Everything before this position is accounted for below. */
  private scanned = 0;
  private lineStart = 0;
  /** The last `<` and `>` in `[lineStart, scanned)`, or -1. */
  private lastOpen = -1;
  private lastClose = -1;
  /** Where the line's text begins after its block markers (infinity: nowhere), or -1 before it is looked for. */
  private textBegins = -1;

  constructor(private readonly text: string) {}

  replaceable(start: number, end: number): boolean {
    const text = this.text;
    if (start >= end || /\s/.test(text.charAt(start)) || /\s/.test(text.charAt(end - 1))) return false;
    if (this.markupFrom(start) < end) return false;
    const before = start > 0 ? text.charAt(start - 1) : '';
    const after = text.charAt(end);
    if (DELIMITER.test(before) || DELIMITER.test(after) || after === '@' || after === '#') return false;
    this.advanceTo(start);
    if (this.lineTextBegins() >= start) return false;
    return !(this.lastOpen > this.lastClose && /[A-Za-z/!?]/.test(text.charAt(this.lastOpen + 1)));
  }

  /**
   * How far a replaceable span starting at `start` may end at the most: its first markup
   * character, or `start` where none may start there (white space, a delimiter before it, the
   * start of a line's text, inside a tag). Asked once a place, so the many secrets that may start
   * at a placeholder's `(` are refused together (audit 37 F3), not one by one.
   */
  reachFrom(start: number): number {
    const text = this.text;
    if (start >= text.length || /\s/.test(text.charAt(start)) || (start > 0 && DELIMITER.test(text.charAt(start - 1)))) return start;
    const markup = this.markupFrom(start);
    if (markup <= start) return start;
    this.advanceTo(start);
    if (this.lineTextBegins() >= start) return start;
    if (this.lastOpen > this.lastClose && /[A-Za-z/!?]/.test(text.charAt(this.lastOpen + 1))) return start;
    return markup;
  }

  /**
   * The first position at or after `start` of a character markup is made of (or of a `_` not
   * between letters or digits), or the text's length. An answer covers every place between where
   * it was asked and what it found, and the last two are kept (the scrub asks about a span's start
   * and about the places inside it by turns), so asking about many candidates at a place reads
   * the text once (audit 31 B), not once a candidate.
   */
  private markupFrom(start: number): number {
    const known = this.markupKnown;
    for (let slot = 0; slot < 4; slot += 2) if (known[slot]! <= start && start <= known[slot + 1]!) return known[slot + 1]!;
    const text = this.text;
    let at = start;
    for (; at < text.length; at++) {
      const character = text.charAt(at);
      if (MARKUP_CHARACTER.test(character)) break;
      if (character === '_' && !(ALNUM.test(text.charAt(at - 1)) && ALNUM.test(text.charAt(at + 1)))) break;
    }
    // The older answer makes way.
    known[2] = known[0]!;
    known[3] = known[1]!;
    known[0] = start;
    known[1] = at;
    return at;
  }
  /** Two answers of markupFrom: where asked, what found. */
  private readonly markupKnown = [1, 0, 1, 0];

  private advanceTo(position: number): void {
    const text = this.text;
    if (position < this.scanned) {
      this.scanned = this.lineStart = text.lastIndexOf('\n', position - 1) + 1;
      this.lastOpen = this.lastClose = this.textBegins = -1;
    }
    for (let at = this.scanned; at < position; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x0a) {
        this.lineStart = at + 1;
        this.lastOpen = this.lastClose = this.textBegins = -1;
      } else if (code === 0x3c) this.lastOpen = at;
      else if (code === 0x3e) this.lastClose = at;
    }
    this.scanned = position;
  }

  /** Read once a line, up to its first character that is no block marker. */
  private lineTextBegins(): number {
    if (this.textBegins < 0) {
      const text = this.text;
      let at = this.lineStart;
      while (at < text.length && text.charCodeAt(at) !== 0x0a && !BEYOND_BLOCK_MARKERS.test(text.charAt(at))) at++;
      this.textBegins = at < text.length && text.charCodeAt(at) !== 0x0a ? at : Number.POSITIVE_INFINITY;
    }
    return this.textBegins;
  }
}

/** Characters some markdown or HTML construct is made of, anywhere in a line (`_` aside). */
const MARKUP_CHARACTER = /[`<>*~|[\]\\$!():\u0000-\u001f\u007f]/;
const DELIMITER = /[*_~]/;
/** A character no block marker (`###`, `12.`, `>`, `- [ ]`, a table's `|---|`, indentation) is made of: the line's text has begun. */
const BEYOND_BLOCK_MARKERS = /[^\s#>*+\-=.)|:~0-9[\]`!]/;
const ALNUM = /[A-Za-z0-9]/;

/**
 * An address with secrets scrubbed from its instance keys (`["..."]`), the only part of it that
 * holds values: Terraform refuses a sensitive value there, but not one passed through
 * `nonsensitive()`, nor a variable holding a password-shaped string. The rest (modules, type,
 * name) is configuration, left whole so scripts can key on it.
 */
export function scrubAddress(address: string, secrets: SecretValues): string {
  if (secretMatcher(secrets).isEmpty) return address;
  return address.replace(STRING_INSTANCE_KEY, (_, key: string) => `["${scrubSecrets(key, secrets)}"]`);
}

/**
 * Plan text about a resource (a finding's message, details, fix) scrubbed, except the
 * configuration part of the resource's own address where the text names it: as in the address
 * itself only its instance keys are values (audit 27 F1: sensitive outputs valued
 * "aws_db_instance.orders" turned "aws_db_instance.orders will be destroyed" into "(sensitive)
 * will be destroyed"). A secret reaching beyond that part is replaced whole.
 */
export function scrubAbout(text: string, address: string | null, secrets: SecretValues): string {
  const matcher = secretMatcher(secrets);
  if (matcher.isEmpty) return text;
  const kept = address === null || address === '' ? [] : configurationRanges(text, address);
  if (kept.length === 0) return matcher.replaceAll(text, SENSITIVE_PLACEHOLDER);
  return matcher.replaceAll(text, SENSITIVE_PLACEHOLDER, (start, end) => kept.some(([from, to]) => from <= start && end <= to));
}

/** Where in `text` the configuration parts of `address` stand (each occurrence's text between its instance keys). */
function configurationRanges(text: string, address: string): [number, number][] {
  const parts: [number, number][] = [];
  let from = 0;
  for (const key of address.matchAll(ANY_INSTANCE_KEY)) {
    parts.push([from, key.index]);
    from = key.index + key[0].length;
  }
  parts.push([from, address.length]);
  const ranges: [number, number][] = [];
  for (let at = text.indexOf(address); at >= 0; at = text.indexOf(address, at + address.length)) {
    for (const [start, end] of parts) if (end > start) ranges.push([at + start, at + end]);
  }
  return ranges;
}

/** An instance key of either kind: `["..."]` or `[0]`. */
const ANY_INSTANCE_KEY = /\["(?:[^"\\]|\\.)*"\]|\[\d+\]/g;

/**
 * The secrets with, noted beside them, those the configuration of the report's addresses spells
 * (its modules, types and names: an address without its instance keys), as the scrub would find
 * them there: a whole word for a short one, anywhere for a long one. The last pass over finished
 * markdown leaves those (markdownMatcher): there they are the resource's name, not a value, and
 * where the plan writes them as values they were scrubbed before markup. The same object when
 * the configuration spells none.
 */
export function notingConfiguration(secrets: SecretValues, reports: readonly PlanReport[]): SecretValues {
  if (secrets.sensitive.size === 0) return secrets;
  const configuration = new Set<string>();
  const note = (address: string) => configuration.add(address.replace(ANY_INSTANCE_KEY, '\n'));
  for (const plan of reports) {
    for (const finding of plan.findings) if (finding.address !== null) note(finding.address);
    for (const change of plan.otherChanges ?? []) {
      note(change.address);
      if (change.previousAddress !== undefined) note(change.previousAddress);
    }
  }
  if (configuration.size === 0) return secrets;
  // Their raw form only: names are letters, digits, `_`, `-` and `.`, which no escaper changes.
  const raw = new SecretMatcher([...secrets.sensitive].filter((secret) => secret.length >= SCRUBBED_SECRET_MIN_LENGTH).map((text) => ({ text, wholeWord: text.length < WHOLE_WORD_BELOW })));
  const spelled = raw.occurringIn([...configuration].join('\n'));
  return spelled.size === 0 ? secrets : { ...secrets, configuration: spelled };
}

/**
 * The report with secrets scrubbed from the text that came from the plan (names, messages, the
 * instance keys of addresses), leaving its own fields alone: scrubbing the serialized report could
 * rewrite a short secret that happens to occur inside the fingerprint's hex digits.
 */
export function scrubReport(report: Report, secrets: SecretValues): Report {
  if (secretMatcher(secrets).isEmpty) return report;
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const scrubNullable = (text: string | null) => (text === null ? null : scrub(text));
  return {
    ...report,
    plans: report.plans.map((plan) => ({
      ...plan,
      name: scrub(plan.name),
      terraformVersion: scrubNullable(plan.terraformVersion),
      formatVersion: scrubNullable(plan.formatVersion),
      warnings: plan.warnings.map(scrub),
      findings: plan.findings.map((finding) => ({
        ...finding,
        address: finding.address === null ? null : scrubAddress(finding.address, secrets),
        message: scrubAbout(finding.message, finding.address, secrets),
        remediation: finding.remediation === null ? null : scrubAbout(finding.remediation, finding.address, secrets),
        details: finding.details.map((detail) => scrubAbout(detail, finding.address, secrets)),
        ...(finding.identity ? { identity: finding.identity.map(scrub) } : {}),
        suppressed: finding.suppressed && { reason: scrub(finding.suppressed.reason) },
      })),
      ...(plan.otherChanges
        ? {
            otherChanges: plan.otherChanges.map((change) => ({
              ...change,
              address: scrubAddress(change.address, secrets),
              ...(change.previousAddress !== undefined ? { previousAddress: scrubAddress(change.previousAddress, secrets) } : {}),
            })),
          }
        : {}),
    })),
  };
}

/** The last pass's matcher: the secrets but those the configuration spells (notingConfiguration). */
function markdownMatcher(secrets: SecretValues): SecretMatcher {
  const spelled = secrets.configuration;
  if (spelled === undefined || spelled.size === 0) return secretMatcher(secrets);
  let rest = withoutConfiguration.get(secrets);
  if (rest === undefined) {
    rest = { sensitive: new Set([...secrets.sensitive].filter((secret) => !spelled.has(secret))), variables: secrets.variables };
    withoutConfiguration.set(secrets, rest);
  }
  return secretMatcher(rest);
}

const withoutConfiguration = new WeakMap<SecretValues, SecretValues>();

function secretMatcher(secrets: SecretValues): SecretMatcher {
  const cached = matchers.get(secrets);
  if (cached !== undefined) return cached;
  // Repeated forms are the matcher's to drop.
  const forms: SecretForm[] = [];
  const add = (text: string) => forms.push({ text, wholeWord: text.length < WHOLE_WORD_BELOW });
  for (const secret of secrets.sensitive) {
    if (secret.length < SCRUBBED_SECRET_MIN_LENGTH) continue;
    add(secret);
    // Most secrets are letters and digits, which no form changes: only the others are escaped.
    if (INERT_TEXT.test(secret)) continue;
    add(JSON.stringify(secret).slice(1, -1));
    add(escapeHtml(secret));
    add(escapeText(secret));
    add(escapeCell(secret));
    add(escapeCodeInTable(secret));
    // As Terraform writes it in an instance key (`${` and `%{` doubled, then JSON-escaped): the
    // whole form where the secret is printable ASCII, else as Terraform quotes it.
    add(JSON.stringify(secret.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')).slice(1, -1));
    if (!PRINTABLE_ASCII.test(secret)) {
      add(terraformQuoted(secret, 'hcl'));
      add(terraformQuoted(secret, 'go'));
      // Terraform's Go may know fewer characters than this Node (Unicode 15.0 against 17 here:
      // audit 31 A); a character added since is escaped there. Whole only: a key mixing such a
      // character with other non-ASCII ones Go prints is not matched (README, Secrets).
      add(terraformQuoted(secret, 'hcl-ascii'));
    }
  }
  // The matcher prefers the longest form at each position, so a secret that contains another is replaced whole.
  const matcher = new SecretMatcher(forms);
  matchers.set(secrets, matcher);
  return matcher;
}

/** Text Terraform quotes as JSON does (`"` and `\\` escaped, nothing else; `${` aside). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * `text` as Terraform writes a string instance key in an address, without the quotes (audit 27
 * F3: a key holding a no-break space, U+2028, a soft hyphen or DEL is written `\u00a0`, and a
 * secret matched only raw or as JSON escapes it).
 * - `hcl`: Terraform 1.x, toHCLQuotedString (internal/addrs/instance_key.go): `\n` `\r` `\t`
 *   `\"` `\\`, `$` and `%` doubled before `{`, any other character Go's unicode.IsPrint rejects
 *   as `\u%04x`, or `\U%08x` past U+FFFF.
 * - `hcl-ascii`: as `hcl`, every character past ASCII escaped (what `hcl` writes where Go's
 *   tables know none of them: a character added to Unicode after Go's version).
 * - `go`: older Terraform, Go's `%q` (strconv.Quote): `\"` `\\`, `\a \b \f \n \r \t \v`,
 *   other controls and DEL as `\x%02x`, any other character IsPrint rejects as above.
 * IsPrint accepts letters, marks, numbers, punctuation, symbols and U+0020: so controls,
 * format characters (soft hyphen, ZWSP, bidi marks), separators (NBSP, U+2028), private use,
 * surrogates and unassigned code points are escaped (the Unicode version may differ from Go's
 * by the characters added since, an approximation).
 */
export function terraformQuoted(text: string, style: 'hcl' | 'hcl-ascii' | 'go'): string {
  let out = '';
  for (let at = 0; at < text.length; ) {
    const point = text.codePointAt(at) as number;
    const character = String.fromCodePoint(point);
    at += character.length;
    const escape = style === 'go' ? GO_ESCAPES[character] : HCL_ESCAPES[character];
    if (escape !== undefined) out += escape;
    else if ((character === '$' || character === '%') && style !== 'go' && text.charAt(at) === '{') out += character + character;
    else if (style === 'hcl-ascii' ? point >= 0x20 && point < 0x7f : GO_PRINTABLE.test(character)) out += character;
    else if (style === 'go' && (point < 0x20 || point === 0x7f)) out += `\\x${point.toString(16).padStart(2, '0')}`;
    else out += point < 0x10000 ? `\\u${point.toString(16).padStart(4, '0')}` : `\\U${point.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** Go's unicode.IsPrint: categories L, M, N, P, S and the ASCII space. */
const GO_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const HCL_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };
const GO_ESCAPES: Readonly<Record<string, string>> = { ...HCL_ESCAPES, '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };

/**
 * Text every form above leaves as it is (JSON's escapes, HTML's, escape.ts's references, line
 * breaks and autolink breaks all need some other character). test/render/scrub.test.ts holds
 * the escapers to it.
 */
export const INERT_TEXT = /^[A-Za-z0-9 ,+=%/-]*$/;

/**
 * Below this length a secret is replaced only as a word of its own, where a word also holds
 * `_`, `.` and `-` as names do: a sensitive `data` or `orders` must not turn "database" into
 * "(sensitive)base", nor `aws_db_instance.orders` or `stateful-delete` into nonsense. Longer ones
 * are replaced anywhere (a word character is one of A-Z a-z 0-9 _ . -: secret-matcher.ts).
 * (Quoted values are hidden before this pass: formatPlainValue.)
 */
const WHOLE_WORD_BELOW = 8;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
