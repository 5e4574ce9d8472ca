/**
 * Finds any of many secrets in text, in time that grows with the text, not with the number of
 * secrets: each secret is filed under a hash of its first few characters, and the text is probed
 * once per position. (One regular expression alternating every secret grows with them, and past
 * some 100,000 secrets the engine refuses to build it.) A bucket holding many secrets (hundreds
 * sharing their first characters: audit 31 E) is searched through its forms sorted on first use
 * (SortedForms), so a position costs the length of what matches there, not the number of secrets.
 *
 * At each position the longest secret found there wins, as an alternation ordered longest first
 * matches; a secret marked `wholeWord` counts only where no word character touches it. Where
 * occurrences overlap, they are replaced as one span (audit 35 F2: a shorter secret starting
 * earlier must not consume the start of a longer one and leave the rest of it printed).
 */

export interface SecretForm {
  text: string;
  /** Found only as a word of its own (no WORD_CHARACTER right before or after it). */
  wholeWord: boolean;
}

/** Characters that continue a name: letters, digits, `_`, `.` and `-`. */
function isWordCharacter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2e || code === 0x2d
  );
}

/** Secrets are filed by a hash of this many first characters (every form is at least this long). */
const KEY_LENGTH = 4;

/** A bucket of this many forms and more is searched through SortedForms; a smaller one form by form. */
const TREE_FROM = 16;

/**
 * What replaceAll may compare while probing the places inside spans for occurrences that reach
 * past them: this many characters a character of the text, and this many more (audit 37 F1).
 */
const PROBE_PER_CHARACTER = 16;
const PROBE_BASE = 100_000;
/** How many ends back from a run's end a span past the allowance may end where the run's end is refused (markup right after it). */
const BACKOFF_TRIES = 16;

function keyAt(text: string, at: number): number {
  let hash = 0;
  for (let k = 0; k < KEY_LENGTH; k++) hash = (Math.imul(hash, 31) + text.charCodeAt(at + k)) | 0;
  return hash;
}

interface Bucket {
  /** Longest first. */
  forms: SecretForm[];
  /** For a bucket of TREE_FROM forms and more, built on first use. */
  tree?: SortedForms;
}

/**
 * The forms of one bucket sorted by their characters: the forms sharing the text's first
 * characters at a place are a range of them, narrowed a character at a time by binary search, so a
 * place costs the length of what matches there (times a logarithm), not the number of forms. It
 * stands for a prefix tree but is only the sorted list: built by one sort, no memory a character
 * (audit 37 F2: a tree of typed arrays cost ~1 us and 26 bytes a character of the bucket's forms
 * to build, 16 s and 639 MB for 50,000 secrets of 400 characters sharing four).
 */
class SortedForms {
  private readonly sorted: SecretForm[];
  /** How many characters the last prefixesAt read, at most. */
  walked = 0;

  constructor(forms: readonly SecretForm[]) {
    // Forms are distinct.
    this.sorted = [...forms].sort((a, b) => (a.text < b.text ? -1 : 1));
  }

  /** The forms of at most `most` characters `text` holds at `at` (word boundaries aside), shortest first, into `out`; how many. */
  prefixesAt(text: string, at: number, out: SecretForm[], most = Number.POSITIVE_INFINITY): number {
    const sorted = this.sorted;
    let count = 0;
    let low = 0;
    let high = sorted.length;
    let depth = 0;
    // [low, high): the forms whose first `depth` characters the text holds at `at`; one of just
    // that length sorts first among them.
    for (; ; depth++) {
      if (sorted[low]!.text.length === depth) {
        out[count++] = sorted[low]!;
        if (++low === high) break;
      }
      if (depth >= most) break;
      if (high - low === 1) {
        // One form left: the rest of it compared at once (as far as it matches, which is what `walked` counts).
        const last = sorted[low]!.text;
        if (last.length <= most) {
          while (depth < last.length && text.charCodeAt(at + depth) === last.charCodeAt(depth)) depth++;
          if (depth === last.length) out[count++] = sorted[low]!;
        }
        break;
      }
      if (at + depth >= text.length) break;
      const code = text.charCodeAt(at + depth);
      // The first form of the range whose character here is `code` or more, then the first past
      // `code` (each first asked at the range's end: where all of it goes on alike, a step is O(1)).
      let from = low;
      let to = sorted[low]!.text.charCodeAt(depth) === code ? low : high;
      while (from < to) {
        const middle = (from + to) >>> 1;
        if (sorted[middle]!.text.charCodeAt(depth) < code) from = middle + 1;
        else to = middle;
      }
      if (from === high || sorted[from]!.text.charCodeAt(depth) !== code) break;
      low = from;
      if (sorted[high - 1]!.text.charCodeAt(depth) === code) continue;
      for (from++, to = high; from < to; ) {
        const middle = (from + to) >>> 1;
        if (sorted[middle]!.text.charCodeAt(depth) > code) to = middle;
        else from = middle + 1;
      }
      high = from;
    }
    this.walked = depth + 1;
    return count;
  }
}

export class SecretMatcher {
  /** Forms by the hash of their first KEY_LENGTH characters, longest first within each. */
  private readonly byKey = new Map<number, Bucket>();
  /**
   * One bit per hash value modulo the table's size, set for the hashes in byKey: at most
   * positions of a text no secret starts, and one array read says so without a map lookup.
   */
  private readonly keyBits: Uint32Array;
  private readonly keyMask: number;
  /** Forms shorter than KEY_LENGTH, longest first: checked at every position (there are few). */
  private readonly short: SecretForm[] = [];
  /** Scratch lists of the forms at a position. */
  private readonly prefixes: SecretForm[] = [];
  private readonly here: SecretForm[] = [];
  /** Characters compared by pastAt since replaceAll began. */
  private probed = 0;
  /**
   * What is left of PROBE_BASE for all of this matcher's texts: granted afresh to each, a report
   * of thousands of keys holding a secret that overlaps itself paid it thousands of times (audit 40 F2).
   */
  private probeBaseLeft = PROBE_BASE;
  /** The run runEnd found last (in `runText`): positions inside it end where it ends. */
  private runText: string | null = null;
  private runFrom = 0;
  private runTo = 0;
  /** One bit per UTF-16 code unit some form holds, made on first use. */
  private formCharacters: Uint32Array | undefined;

  constructor(forms: Iterable<SecretForm>) {
    const listed = new Set<string>();
    for (const form of forms) {
      // A form listed twice (or both ways) is found as the regex alternation found it: its first listing decides.
      if (form.text === '' || listed.has(form.text)) continue;
      listed.add(form.text);
      if (form.text.length < KEY_LENGTH) {
        this.short.push(form);
        continue;
      }
      const key = keyAt(form.text, 0);
      const bucket = this.byKey.get(key);
      if (bucket) bucket.forms.push(form);
      else this.byKey.set(key, { forms: [form] });
    }
    for (const bucket of this.byKey.values()) bucket.forms.sort((a, b) => b.text.length - a.text.length);
    // About one bit in sixteen set: few positions get past it to the map.
    const bits = Math.max(1 << 10, 1 << Math.ceil(Math.log2(this.byKey.size * 16 + 1)));
    this.keyBits = new Uint32Array(bits >>> 5);
    this.keyMask = bits - 1;
    for (const key of this.byKey.keys()) this.keyBits[(key & this.keyMask) >>> 5]! |= 1 << (key & 31);
    this.short.sort((a, b) => b.text.length - a.text.length);
  }

  get isEmpty(): boolean {
    return this.byKey.size === 0 && this.short.length === 0;
  }

  /** Whether any secret occurs in `text`. */
  test(text: string): boolean {
    for (let at = 0; at < text.length; at++) if (this.longestAt(text, at) !== null) return true;
    return false;
  }

  /** Every secret that occurs in `text` (respecting word boundaries): all at each position, not only the longest. */
  occurringIn(text: string): Set<string> {
    const found = new Set<string>();
    for (let at = 0; at < text.length; at++) {
      const count = this.allAt(text, at, this.here);
      for (let index = 0; index < count; index++) found.add(this.here[index]!.text);
    }
    return found;
  }

  /**
   * `text` with every occurrence replaced, scanning left to right: the longest at a position, and
   * with it every occurrence overlapping it (they are replaced as one span, so no secret is cut
   * and its rest printed). Occurrences that only touch are replaced one by one.
   * `keep`: an occurrence it is true of is left as it is, and a shorter one at the same place is
   * tried in its stead; an occurrence overlapping a replaced span joins it where `keep` is false
   * of the joined span (a shorter one from the same place tried in its stead). Where it is true
   * of every such join but false of the overlapping occurrence alone, the part past the span is
   * replaced by a placeholder of its own where `keep` is false of that part, else left as it is.
   * (The scrub's predicates never come to that: a span free of markup joined to another is free
   * of markup, and a span reaching past a kept range joined to another reaches past it too.)
   * Probing the places inside spans is bounded (audit 37 F1: a secret overlapping itself, "aaaa…"
   * in a run of "a", matched again at every place of its span, N x M): only places where some form
   * could reach past the span are probed, and past PROBE_PER_CHARACTER x the text's length + PROBE_BASE
   * compared characters a span takes the rest of the run of characters the forms hold (where keep
   * is false of that), more than the occurrences, never less.
   * `reach` (with keep): how far a span starting at a place may end for keep to be false of it
   * (keep is true of every span starting there and ending past it; the place itself where keep is
   * true of every span there). A place is then tried only for the occurrences that end within
   * it, not for all (audit 37 F3: hundreds of secrets each starting at every placeholder of the
   * markdown pass, all refused for the `(` they start with).
   */
  replaceAll(text: string, replacement: string, keep?: (start: number, end: number) => boolean, reach?: (start: number) => number): string {
    // Characters compared while probing inside spans (audit 37 F1), and how many may be.
    this.probed = 0;
    const allowance = PROBE_PER_CHARACTER * text.length + this.probeBaseLeft;
    const replaced = this.replaceWithin(text, replacement, allowance, keep, reach);
    this.probeBaseLeft = Math.max(0, this.probeBaseLeft - Math.max(0, this.probed - PROBE_PER_CHARACTER * text.length));
    return replaced;
  }

  private replaceWithin(text: string, replacement: string, allowance: number, keep?: (start: number, end: number) => boolean, reach?: (start: number) => number): string {
    let out = '';
    let copiedUpTo = 0;
    for (let at = 0; at < text.length; ) {
      let end = keep === undefined ? this.longestEndAt(text, at) : this.notKeptEndAt(text, at, keep, reach);
      if (end < 0) {
        at++;
        continue;
      }
      let start = at;
      for (;;) {
        let rest = -1;
        for (let position = start; position < end; position++) {
          if (this.probed > allowance) {
            // Past the allowance (a secret that overlaps itself, "aaaa…" in a run of "a": every
            // place inside the span matches again and reaches one further): the span takes the
            // rest of the run of characters a secret is made of, which holds every occurrence
            // that could still join it. Where keep refuses that, the exact probing goes on.
            const run = this.runEnd(text, end);
            if (keep === undefined || !keep(start, run)) {
              end = run;
              break;
            }
            // Refused (markup within the run): the span ends where a span from its start may end,
            // which no occurrence crossing it could pass either. Exact and unbounded probing from
            // here was quadratic (audit 40 F1: "&#91;" escapes of a secret made of them).
            const most = reach === undefined ? -1 : this.longestKept(start, end, Math.min(run, reach(start)), keep);
            if (most >= 0) {
              end = most;
              break;
            }
            allowance = Number.POSITIVE_INFINITY;
          }
          const count = this.pastAt(text, position, end, this.here);
          if (keep === undefined) {
            if (count > 0) end = position + this.here[0]!.text.length;
            continue;
          }
          let joined = false;
          let alone = -1;
          for (let index = 0; index < count; index++) {
            const reach = position + this.here[index]!.text.length;
            if (!keep(start, reach)) {
              end = reach;
              joined = true;
              break;
            }
            if (alone < 0 && !keep(position, reach)) alone = reach;
          }
          if (!joined && alone > rest) rest = alone;
        }
        out += text.slice(copiedUpTo, start) + replacement;
        copiedUpTo = end;
        if (rest <= end || keep === undefined || keep(end, rest)) break;
        start = end;
        end = rest;
      }
      at = end;
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  /**
   * The secrets occurring at `at` (respecting word boundaries) that reach past `end`, longest
   * first, into `out`; how many. The characters it compares are added to `probed`: a place whose
   * bucket holds no form long enough to reach past `end` costs nothing more than its hash.
   */
  private pastAt(text: string, at: number, end: number, out: SecretForm[]): number {
    let count = 0;
    const bucket = at + KEY_LENGTH <= text.length ? this.bucketAt(keyAt(text, at)) : undefined;
    if (bucket && at + bucket.forms[0]!.text.length > end) {
      if (bucket.forms.length < TREE_FROM) {
        for (const form of bucket.forms) {
          const length = form.text.length;
          if (at + length <= end) break;
          // Longer than what is left of the text: it cannot occur here (audit 40 F2).
          if (at + length > text.length) continue;
          // Compared here, not by startsWith, to count what a miss costs too (a form sharing a long
          // start with the text there), and no more: ten PEMs in a bucket cost their dashes, not their lengths.
          let matched = 0;
          while (matched < length && text.charCodeAt(at + matched) === form.text.charCodeAt(matched)) matched++;
          this.probed += matched + 1;
          if (matched === length && this.boundedAt(text, at, form)) out[count++] = form;
        }
      } else {
        const tree = this.treeOf(bucket);
        const prefixes = this.prefixes;
        for (let index = tree.prefixesAt(text, at, prefixes) - 1; index >= 0 && at + prefixes[index]!.text.length > end; index--) if (this.boundedAt(text, at, prefixes[index]!)) out[count++] = prefixes[index]!;
        this.probed += tree.walked;
      }
    }
    for (const form of this.short) {
      if (at + form.text.length <= end) break;
      this.probed += form.text.length;
      if (this.occursAt(text, at, form)) out[count++] = form;
    }
    return count;
  }

  /**
   * The furthest end from `limit` down that keep is false of for a span from `start`, past `end`
   * (the span so far), within BACKOFF_TRIES of `limit`; -1 if none. Every occurrence joining the
   * span ends at or before such an end, or keep refuses its join as well.
   */
  private longestKept(start: number, end: number, limit: number, keep: (start: number, end: number) => boolean): number {
    for (let at = limit; at >= end && at > limit - BACKOFF_TRIES; at--) if (!keep(start, at)) return at;
    return -1;
  }

  /** The end of the run of characters some form holds that goes on at `from` (an occurrence starting in it ends in it). */
  private runEnd(text: string, from: number): number {
    let bits = this.formCharacters;
    if (bits === undefined) {
      bits = this.formCharacters = new Uint32Array(0x10000 >>> 5);
      for (const forms of [this.short, ...[...this.byKey.values()].map((bucket) => bucket.forms)]) {
        for (const form of forms) for (let k = 0; k < form.text.length; k++) bits[form.text.charCodeAt(k) >>> 5]! |= 1 << (form.text.charCodeAt(k) & 31);
      }
    }
    // Spans in one long run all end where it ends: scanned once (many spans, one run, was quadratic).
    if (this.runText === text && this.runFrom <= from && from < this.runTo) return this.runTo;
    let at = from;
    while (at < text.length && (bits[text.charCodeAt(at) >>> 5]! & (1 << (text.charCodeAt(at) & 31))) !== 0) at++;
    this.runText = text;
    this.runFrom = from;
    this.runTo = at;
    return at;
  }

  /** Where the longest secret at `at` ends, or -1. */
  private longestEndAt(text: string, at: number): number {
    const found = this.longestAt(text, at);
    return found === null ? -1 : at + found.text.length;
  }

  /** Where the longest secret at `at` that `keep` is false of ends, or -1. */
  private notKeptEndAt(text: string, at: number, keep: (start: number, end: number) => boolean, reach: ((start: number) => number) | undefined): number {
    const most = reach === undefined ? Number.POSITIVE_INFINITY : reach(at) - at;
    if (most <= 0) return -1;
    const count = this.allAt(text, at, this.here, most);
    for (let index = 0; index < count; index++) {
      const end = at + this.here[index]!.text.length;
      if (!keep(at, end)) return end;
    }
    return -1;
  }

  /** The longest secret that occurs at `at` (respecting word boundaries), or null. */
  private longestAt(text: string, at: number): SecretForm | null {
    const bucket = at + KEY_LENGTH <= text.length ? this.bucketAt(keyAt(text, at)) : undefined;
    // Long and short forms together, longest first: a short form wins only where no longer one fits.
    if (bucket) {
      if (bucket.forms.length < TREE_FROM) {
        for (const form of bucket.forms) if (this.occursAt(text, at, form)) return form;
      } else {
        const prefixes = this.prefixes;
        for (let index = this.treeOf(bucket).prefixesAt(text, at, prefixes) - 1; index >= 0; index--) if (this.boundedAt(text, at, prefixes[index]!)) return prefixes[index]!;
      }
    }
    if (this.short.length > 0) for (const form of this.short) if (this.occursAt(text, at, form)) return form;
    return null;
  }

  /** Every secret that occurs at `at` (respecting word boundaries), longest first, into `out`; how many. */
  private allAt(text: string, at: number, out: SecretForm[], most = Number.POSITIVE_INFINITY): number {
    let count = 0;
    const bucket = at + KEY_LENGTH <= text.length && most >= KEY_LENGTH ? this.bucketAt(keyAt(text, at)) : undefined;
    if (bucket) {
      if (bucket.forms.length < TREE_FROM) {
        for (const form of bucket.forms) if (form.text.length <= most && this.occursAt(text, at, form)) out[count++] = form;
      } else {
        const prefixes = this.prefixes;
        for (let index = this.treeOf(bucket).prefixesAt(text, at, prefixes, most) - 1; index >= 0; index--) if (this.boundedAt(text, at, prefixes[index]!)) out[count++] = prefixes[index]!;
      }
    }
    for (const form of this.short) if (form.text.length <= most && this.occursAt(text, at, form)) out[count++] = form;
    return count;
  }

  private treeOf(bucket: Bucket): SortedForms {
    return (bucket.tree ??= new SortedForms(bucket.forms));
  }

  private bucketAt(key: number): Bucket | undefined {
    const slot = key & this.keyMask;
    return (this.keyBits[slot >>> 5]! & (1 << (slot & 31))) === 0 ? undefined : this.byKey.get(key);
  }

  private occursAt(text: string, at: number, form: SecretForm): boolean {
    return text.startsWith(form.text, at) && this.boundedAt(text, at, form);
  }

  /** Whether a form that `text` holds at `at` stands there as its wholeWord rule asks. */
  private boundedAt(text: string, at: number, form: SecretForm): boolean {
    if (!form.wholeWord) return true;
    const end = at + form.text.length;
    return !(at > 0 && isWordCharacter(text.charCodeAt(at - 1))) && !(end < text.length && isWordCharacter(text.charCodeAt(end)));
  }
}
