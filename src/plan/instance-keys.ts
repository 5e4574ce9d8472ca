/**
 * String instance keys in a resource or module address: `aws_s3_bucket.b["logs"]`. A key is a
 * value (from `for_each`), the only part of an address that is not configuration.
 */

/** A string instance key as Terraform writes it in an address: `["..."]`, with `\"` and `\\` escaped; group 1 is the key as written. */
export const STRING_INSTANCE_KEY = /\["((?:[^"\\]|\\.)*)"\]/g;

/** The string instance keys of `address` as Terraform writes them there (quoted, escapes kept). */
export function quotedInstanceKeys(address: string): string[] {
  if (!address.includes('["')) return [];
  return [...address.matchAll(STRING_INSTANCE_KEY)].map((match) => match[1]!);
}
