/**
 * Finds any of many secrets in text, in time that grows with the text, not with the number of
 * secrets: each secret is filed under a hash of its first few characters, and the text is probed
 * once per position. (One regular expression alternating every secret grows with them, and past
 * some 100,000 secrets the engine refuses to build it.)
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

function keyAt(text: string, at: number): number {
  let hash = 0;
  for (let k = 0; k < KEY_LENGTH; k++) hash = (Math.imul(hash, 31) + text.charCodeAt(at + k)) | 0;
  return hash;
}

export class SecretMatcher {
  /** Forms by the hash of their first KEY_LENGTH characters, longest first within each. */
  private readonly byKey = new Map<number, SecretForm[]>();
  /**
   * One bit per hash value modulo the table's size, set for the hashes in byKey: at most
   * positions of a text no secret starts, and one array read says so without a map lookup.
   */
  private readonly keyBits: Uint32Array;
  private readonly keyMask: number;
  /** Forms shorter than KEY_LENGTH, longest first: checked at every position (there are few). */
  private readonly short: SecretForm[] = [];
  /** Scratch list of the forms at a position. */
  private readonly here: SecretForm[] = [];

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
      if (bucket) bucket.push(form);
      else this.byKey.set(key, [form]);
    }
    for (const bucket of this.byKey.values()) bucket.sort((a, b) => b.text.length - a.text.length);
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
   */
  replaceAll(text: string, replacement: string, keep?: (start: number, end: number) => boolean): string {
    let out = '';
    let copiedUpTo = 0;
    for (let at = 0; at < text.length; ) {
      let end = keep === undefined ? this.longestEndAt(text, at) : this.notKeptEndAt(text, at, keep);
      if (end < 0) {
        at++;
        continue;
      }
      let start = at;
      for (;;) {
        let rest = -1;
        for (let position = start; position < end; position++) {
          if (keep === undefined) {
            end = Math.max(end, this.longestEndAt(text, position));
            continue;
          }
          const count = this.allAt(text, position, this.here);
          let joined = false;
          let alone = -1;
          for (let index = 0; index < count; index++) {
            const reach = position + this.here[index]!.text.length;
            // Longest first: the rest end inside the span.
            if (reach <= end) break;
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

  /** Where the longest secret at `at` ends, or -1. */
  private longestEndAt(text: string, at: number): number {
    const found = this.longestAt(text, at);
    return found === null ? -1 : at + found.text.length;
  }

  /** Where the longest secret at `at` that `keep` is false of ends, or -1. */
  private notKeptEndAt(text: string, at: number, keep: (start: number, end: number) => boolean): number {
    const count = this.allAt(text, at, this.here);
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
      for (const form of bucket) if (this.occursAt(text, at, form)) return form;
    }
    if (this.short.length > 0) for (const form of this.short) if (this.occursAt(text, at, form)) return form;
    return null;
  }

  /** Every secret that occurs at `at` (respecting word boundaries), longest first, into `out`; how many. */
  private allAt(text: string, at: number, out: SecretForm[]): number {
    let count = 0;
    const bucket = at + KEY_LENGTH <= text.length ? this.bucketAt(keyAt(text, at)) : undefined;
    if (bucket) for (const form of bucket) if (this.occursAt(text, at, form)) out[count++] = form;
    for (const form of this.short) if (this.occursAt(text, at, form)) out[count++] = form;
    return count;
  }

  private bucketAt(key: number): SecretForm[] | undefined {
    const slot = key & this.keyMask;
    return (this.keyBits[slot >>> 5]! & (1 << (slot & 31))) === 0 ? undefined : this.byKey.get(key);
  }

  private occursAt(text: string, at: number, form: SecretForm): boolean {
    if (!text.startsWith(form.text, at)) return false;
    if (!form.wholeWord) return true;
    const end = at + form.text.length;
    return !(at > 0 && isWordCharacter(text.charCodeAt(at - 1))) && !(end < text.length && isWordCharacter(text.charCodeAt(end)));
  }
}
