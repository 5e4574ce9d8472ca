/**
 * How an issue's key (IamIssue.key) writes what a grant is. An update reports a grant whose key
 * the before side does not have, so two different grants must never key alike: a widened grant
 * keyed like the old one is a bypass of the gate (audit 25 F0, audit 26 F3-F6). The fingerprint
 * binds the keys, so a key is also what an approval covers.
 *
 * One rule for every key made of several parts: each part has an encoding of its own that no
 * other value of that part shares (listKey, resourceScope in aws.ts), and the parts are joined
 * by `:` as they always were only when the join can be split back into them; otherwise the key
 * is its tag followed by the JSON list of the parts (`action["*:*","*"]`). A joined key has `:`
 * after its tag and a JSON one `[`, so the two forms never meet. Every ordinary key keeps the
 * text it had (and every approval its fingerprint); only a value that could spell another split
 * moves a key to the JSON form.
 */

/** A list as a key: its values joined by commas, or as a JSON list when that join could spell another list. */
export function listKey(values: readonly string[]): string {
  const ambiguous = values.some((value) => value.includes(',') || value.includes('"')) || values[0]?.startsWith('!') === true;
  return ambiguous ? JSON.stringify(values) : values.join(',');
}

/**
 * An action as AWS writes them, `service:name`: one colon, a service prefix of letters, digits
 * and `-` (never a wildcard), a name holding no `:`, `,` or `"`. Such a part can be found in a
 * join from either side: from the left its service runs to the first colon and its name to the
 * next; a list of them read from the right ends at the `:` before a service prefix.
 */
const PLAIN_ACTION = /^[a-z0-9-]+:[^:,"]*$/i;

export function plainAction(pattern: string): boolean {
  return PLAIN_ACTION.test(pattern);
}

/** A list that can end a joined key: one or more plain actions (its listKey is then their comma join). */
export function plainActionList(values: readonly string[]): boolean {
  return values.length > 0 && values.every(plainAction);
}

/**
 * The key `tag:part:part…`, or `tag[…]` (JSON of the parts) when `splittable` is false. The
 * caller says why its join splits back (each key's grammar is beside its call); `null` parts
 * only in the JSON form. A part holding U+0000 always takes the JSON form, which escapes it: what
 * follows a key (its conditions, Denies and grantee, aws.ts conditionedKey, issues.ts planIssues)
 * is set off by U+0000, so no key may hold one raw.
 */
export function issueKey(tag: string, parts: readonly (string | null)[], splittable: boolean): string {
  const joined = splittable && parts.every((part) => part !== null && !part.includes('\u0000'));
  return joined ? [tag, ...parts].join(':') : `${tag}${JSON.stringify(parts)}`;
}
