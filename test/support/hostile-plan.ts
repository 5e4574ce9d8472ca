/**
 * A crafted plan whose names, keys and values carry every character GFM or GitHub's HTML treats
 * specially (line breaks including a lone `\r`, HTML comments, tags, tables, links, images,
 * emphasis, math, mentions), and its benign twin: the same plan with those characters replaced by
 * letters. Whatever a renderer makes of the first must have the structure of the second.
 */
import { deleted, created, planJson, replaced } from './plan-factory.js';

export const HOSTILE_TEXT =
  'a*b_c*d ~~s~~ `x` | y | [l](https://evil.example) ![i](https://evil.example/i.png) <img src=x> <!-- c --> &amp; @admin #12 $m$ \\* ' +
  'www.evil.example https://evil.example :smile: \r# H1\r| t | u |\n---\n- li\n> q\n    code\n1. o</details></td></tr></table>';

/** The twin of a hostile text: every character but letters, digits, spaces and line breaks becomes `x`. */
export function benign(text: string): string {
  return text.replace(/[^A-Za-z0-9 \r\n]/g, 'x');
}

/** The plan, with `text` in every name, key and value a rule can show. */
export function hostilePlan(text: string): Record<string, unknown> {
  // An instance key cannot hold a double quote unescaped; everything else goes.
  const key = text.replace(/"/g, '');
  return planJson([
    deleted(
      'aws_db_instance',
      { identifier: text, engine: 'postgres', allocated_storage: 100, deletion_protection: false, tags: { Environment: text, Name: text, [text]: text } },
      { name: 'orders', address: `aws_db_instance.orders["${key}"]` },
    ),
    replaced('aws_s3_bucket', { bucket: text, [text]: 'a' }, { bucket: text, [text]: 'b' }, { name: 'logs', replacePaths: [[text]] }),
    created('aws_iam_policy', { name: text, policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: text, Effect: 'Allow', Action: '*', Resource: '*' }] }) }, { name: 'admin' }),
    created(
      'aws_security_group_rule',
      { type: 'ingress', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], description: text, security_group_id: text },
      { name: 'ssh' },
    ),
  ]);
}
