/**
 * Settings that open a resource to anyone on the internet without a policy document: one row per
 * (type, attribute, values) fact, citing the provider page (keys as in rule-catalog.md §0).
 */
import type { Severity } from '../rules/types.js';

export interface PublicSettingRow {
  type: string;
  attribute: string;
  /** The values that open it (compared case-sensitively, as the provider does). */
  openValues: readonly (string | boolean)[];
  severity: Severity;
  /** What the value means, completing "so …" (no trailing period). */
  consequence: string;
  /** Rows of one resource reported together (the four public-access-block switches). */
  group?: string;
  /** What to set instead, completing "Set `attribute` to …". */
  instead: string;
  source: string;
}

export const PUBLIC_SETTINGS: readonly PublicSettingRow[] = [
  { type: 'aws_lambda_function_url', attribute: 'authorization_type', openValues: ['NONE'], severity: 'high', consequence: 'anyone on the internet can invoke the function through its URL, unauthenticated', instead: '"AWS_IAM" (and grant lambda:InvokeFunctionUrl to the callers)', source: 'AWSd:lambda_function_url' },
  { type: 'aws_s3_bucket_acl', attribute: 'acl', openValues: ['public-read', 'public-read-write', 'authenticated-read'], severity: 'high', consequence: 'anyone (with authenticated-read: any AWS account holder) can list the bucket, and with public-read-write also write to it, unless a public access block ignores public ACLs', instead: '"private", or use bucket policies scoped to named principals', source: 'AWSd:s3_bucket_acl' },
  { type: 'aws_s3_bucket', attribute: 'acl', openValues: ['public-read', 'public-read-write', 'authenticated-read'], severity: 'high', consequence: 'anyone (with authenticated-read: any AWS account holder) can list the bucket, and with public-read-write also write to it, unless a public access block ignores public ACLs', instead: '"private"', source: 'AWSd:s3_bucket' },
  { type: 'aws_s3_bucket_public_access_block', group: 'public access block', attribute: 'block_public_acls', openValues: [false], severity: 'medium', consequence: 'new public ACLs on the bucket and its objects are accepted', instead: 'true', source: 'AWSd:s3_bucket_public_access_block' },
  { type: 'aws_s3_bucket_public_access_block', group: 'public access block', attribute: 'ignore_public_acls', openValues: [false], severity: 'medium', consequence: 'public ACLs on the bucket and its objects take effect', instead: 'true', source: 'AWSd:s3_bucket_public_access_block' },
  { type: 'aws_s3_bucket_public_access_block', group: 'public access block', attribute: 'block_public_policy', openValues: [false], severity: 'medium', consequence: 'a bucket policy granting public access is accepted', instead: 'true', source: 'AWSd:s3_bucket_public_access_block' },
  { type: 'aws_s3_bucket_public_access_block', group: 'public access block', attribute: 'restrict_public_buckets', openValues: [false], severity: 'medium', consequence: 'a public bucket policy takes effect for anyone, not only AWS services and the owner account', instead: 'true', source: 'AWSd:s3_bucket_public_access_block' },
  { type: 'aws_s3_account_public_access_block', group: 'public access block', attribute: 'block_public_acls', openValues: [false], severity: 'medium', consequence: 'new public ACLs are accepted on every bucket of the account', instead: 'true', source: 'AWSd:s3_account_public_access_block' },
  { type: 'aws_s3_account_public_access_block', group: 'public access block', attribute: 'ignore_public_acls', openValues: [false], severity: 'medium', consequence: 'public ACLs take effect on every bucket of the account', instead: 'true', source: 'AWSd:s3_account_public_access_block' },
  { type: 'aws_s3_account_public_access_block', group: 'public access block', attribute: 'block_public_policy', openValues: [false], severity: 'medium', consequence: 'public bucket policies are accepted on every bucket of the account', instead: 'true', source: 'AWSd:s3_account_public_access_block' },
  { type: 'aws_s3_account_public_access_block', group: 'public access block', attribute: 'restrict_public_buckets', openValues: [false], severity: 'medium', consequence: 'public bucket policies take effect for anyone on every bucket of the account', instead: 'true', source: 'AWSd:s3_account_public_access_block' },
];
