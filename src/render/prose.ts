/**
 * A finding's sentences, as markdown: the rules write Terraform words and attribute paths in
 * backticks (`moved` block, `inline_policy[0].policy`), and those become code spans; every other
 * character, plan text included, is made inert by escapeText. A backtick that came from the plan
 * cannot open a code span: a pair counts only around a Terraform word of the table below or an
 * attribute path, so a plan value holding `<img>` or `*` in backticks shows them as written.
 */
import { code, escapeText } from './escape.js';

/**
 * The single words and commands the rules set in code, one a row: meta-arguments, blocks and
 * commands of Terraform, and the one-word attributes the catalogs name (multi-part paths such as
 * `cidr_blocks` or `inline_policy[0].policy` are recognized by their shape).
 */
const CODE_WORDS: ReadonlySet<string> = new Set([
  // Terraform's blocks, meta-arguments and commands
  'moved',
  'removed',
  'count',
  'enabled',
  'terraform init',
  'terraform destroy',
  'terraform taint',
  // one-word attributes of the catalogs (IAM carriers, ingress shapes, action types, public settings)
  'policy',
  'scope',
  'role',
  'member',
  'members',
  'binding',
  'actions',
  'permissions',
  'principal',
  'resource',
  'identity',
  'trust',
  'folder',
  'project',
  'organization',
  'access',
  'action',
  'direction',
  'type',
  'prefix',
  'acl',
]);

/**
 * An attribute path in more than one word: `for_each`, `cidr_blocks`, `inline_policy[0].policy`,
 * `ingress[*].cidr_blocks`. Each step starts with its own character (`_`, `[`, `.`) and no two
 * ways of reading a text exist, so the test is linear in the text: plan text between backticks
 * reaches it (`x.a_a_a.a_a_a…` made an ambiguous version take exponential time).
 */
const ATTRIBUTE_PATH = /^[a-z][a-z0-9]*(?:_[a-z0-9]+|\[(?:\d+|\*)\]|\.[a-z][a-z0-9]*)+$/;

/** Whether the text between two backticks is code the rules wrote. */
export function isCodeWord(text: string): boolean {
  return CODE_WORDS.has(text) || ATTRIBUTE_PATH.test(text);
}

/**
 * A rule's sentence (message, detail, fix) as markdown: its code words as code spans, the rest
 * inert. `plainTexts` are strings known to come from the plan (the resource's address, its
 * names): where the sentence quotes them, their backticks never pair.
 */
export function escapeProse(text: string, plainTexts: readonly string[] = []): string {
  const quoted = plainTexts.filter((plainText) => plainText.includes('`'));
  let markdown = '';
  let plain = '';
  let at = 0;
  while (at < text.length) {
    const known = quoted.length === 0 ? undefined : quoted.find((plainText) => text.startsWith(plainText, at));
    if (known !== undefined) {
      plain += known;
      at += known.length;
      continue;
    }
    if (text[at] === '`') {
      const close = text.indexOf('`', at + 1);
      const inside = close > at + 1 ? text.slice(at + 1, close) : '';
      if (inside !== '' && isCodeWord(inside)) {
        markdown += `${escapeText(plain)}${code(inside)}`;
        plain = '';
        at = close + 1;
        continue;
      }
    }
    if (quoted.length > 0) {
      plain += text[at];
      at += 1;
      continue;
    }
    // Nothing but a backtick can start anything: the text up to the next one is plain.
    const next = text.indexOf('`', at + 1);
    const end = next < 0 ? text.length : next;
    plain += text.slice(at, end);
    at = end;
  }
  return markdown + escapeText(plain);
}
