/**
 * Finds any of many secrets in text, in time that grows with the text, not with the number of
 * secrets: each secret is filed under a hash of its first few characters, and the text is probed
 * once per position. (One regular expression alternating every secret grows with them, and past
 * some 100,000 secrets the engine refuses to build it.)
 *
 * At each position the longest secret found there wins, as an alternation ordered longest first
 * matches; a secret marked `wholeWord` counts only where no word character touches it.
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
      const long = at + KEY_LENGTH <= text.length ? this.formsAt(keyAt(text, at)) : undefined;
      if (long) for (const form of long) if (this.occursAt(text, at, form)) found.add(form.text);
      for (const form of this.short) if (this.occursAt(text, at, form)) found.add(form.text);
    }
    return found;
  }

  /**
   * `text` with every occurrence replaced, scanning left to right (matches do not overlap).
   * `keep`: an occurrence it is true of is left as it is, and a shorter one at the same place
   * is tried in its stead.
   */
  replaceAll(text: string, replacement: string, keep?: (start: number, end: number) => boolean): string {
    let out = '';
    let copiedUpTo = 0;
    for (let at = 0; at < text.length; ) {
      const found = keep === undefined ? this.longestAt(text, at) : this.longestNotKeptAt(text, at, keep);
      if (found === null) {
        at++;
        continue;
      }
      out += text.slice(copiedUpTo, at) + replacement;
      at += found.text.length;
      copiedUpTo = at;
    }
    return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
  }

  /** The longest secret at `at` that `keep` is false of, or null. */
  private longestNotKeptAt(text: string, at: number, keep: (start: number, end: number) => boolean): SecretForm | null {
    const found = this.longestAt(text, at);
    if (found === null || !keep(at, at + found.text.length)) return found;
    const long = at + KEY_LENGTH <= text.length ? this.formsAt(keyAt(text, at)) : undefined;
    const candidates = [...(long ?? []), ...this.short].filter((form) => form.text.length < found.text.length).sort((a, b) => b.text.length - a.text.length);
    for (const form of candidates) if (this.occursAt(text, at, form) && !keep(at, at + form.text.length)) return form;
    return null;
  }

  /** The longest secret that occurs at `at` (respecting word boundaries), or null. */
  private longestAt(text: string, at: number): SecretForm | null {
    const long = at + KEY_LENGTH <= text.length ? this.formsAt(keyAt(text, at)) : undefined;
    // Long and short forms together, longest first: a short form wins only where no longer one fits.
    if (long) {
      for (const form of long) if (this.occursAt(text, at, form)) return form;
    }
    if (this.short.length > 0) for (const form of this.short) if (this.occursAt(text, at, form)) return form;
    return null;
  }

  private formsAt(key: number): SecretForm[] | undefined {
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
