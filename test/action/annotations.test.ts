import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/decision/fingerprint.js';
import { annotationBatches } from '../../src/github/check.js';
import type { Report } from '../../src/report.js';
import { buildAnnotations, findDeclaration, parseAddress, type Annotation, type TfFile } from '../../src/render/annotations.js';
import type { Finding } from '../../src/rules/types.js';

const files: TfFile[] = [
  { path: 'envs/prod/main.tf', text: 'terraform {}\n\nresource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n\ndata "aws_iam_policy_document" "p" {}\n' },
  { path: 'envs/prod/queues.tf', text: 'resource aws_sqs_queue jobs {\n}\n' },
  { path: 'modules/vpc/main.tf', text: '  resource  "aws_vpc"  "this" {\n}\n' },
  { path: 'modules/db/main.tf', text: 'resource "aws_db_instance" "main" {}\n' },
  { path: 'envs/staging/main.tf', text: 'resource "aws_db_instance" "main" {}\n' },
];

describe('parseAddress', () => {
  it('parses modules, data sources and instance keys', () => {
    expect(parseAddress('module.net.module.vpc["a.b"].aws_vpc.this[0]')).toEqual({ modules: ['net', 'vpc'], mode: 'managed', type: 'aws_vpc', name: 'this' });
    expect(parseAddress('data.aws_iam_policy_document.p')).toEqual({ modules: [], mode: 'data', type: 'aws_iam_policy_document', name: 'p' });
    expect(parseAddress('aws_s3_bucket.b["key.with.dots"]')).toEqual({ modules: [], mode: 'managed', type: 'aws_s3_bucket', name: 'b' });
    expect(parseAddress('not-an-address')).toBeNull();
  });
});

describe('findDeclaration', () => {
  it('finds a root-module resource in the plan configuration directory only', () => {
    expect(findDeclaration('aws_db_instance.main', files, 'envs/prod')).toEqual({ path: 'envs/prod/main.tf', line: 3 });
    expect(findDeclaration('aws_db_instance.main', files, 'envs/staging')).toEqual({ path: 'envs/staging/main.tf', line: 1 });
  });

  it('finds unquoted labels, data sources and indented declarations', () => {
    expect(findDeclaration('aws_sqs_queue.jobs["x"]', files, 'envs/prod')).toEqual({ path: 'envs/prod/queues.tf', line: 1 });
    expect(findDeclaration('data.aws_iam_policy_document.p', files, 'envs/prod')).toEqual({ path: 'envs/prod/main.tf', line: 7 });
    expect(findDeclaration('module.vpc.aws_vpc.this', files, 'envs/prod')).toEqual({ path: 'modules/vpc/main.tf', line: 1 });
  });

  it('gives nothing for an ambiguous or missing declaration rather than a wrong line', () => {
    // A module resource declared in several places outside the configuration directory.
    expect(findDeclaration('module.db.aws_db_instance.main', files, 'envs/prod')).toBeNull();
    expect(findDeclaration('aws_s3_bucket.missing', files, 'envs/prod')).toBeNull();
  });
});

describe('buildAnnotations', () => {
  const finding = (overrides: Partial<Finding>): Finding => ({
    ruleId: 'stateful-delete',
    severity: 'critical',
    address: 'aws_db_instance.main',
    resourceType: 'aws_db_instance',
    actions: ['delete'],
    message: 'deleted',
    remediation: 'protect it',
    details: ['password: s3cret'],
    suppressed: null,
    ...overrides,
  });
  const findings = [
    finding({}),
    finding({ ruleId: 'deletion-protection-missing', severity: 'medium', address: 'aws_sqs_queue.jobs' }),
    finding({ ruleId: 'iam-unverifiable', severity: 'info', address: 'data.aws_iam_policy_document.p' }),
    finding({ address: 'aws_sqs_queue.jobs', suppressed: { reason: 'ok' } }),
    finding({ address: null, ruleId: 'mass-delete' }),
  ];
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'tf-plan-guard', version: '1' },
    blockOn: 'high',
    risk: 'critical',
    blocking: true,
    fingerprint: fingerprint([findings[0]!]),
    plans: [{ name: 'envs/prod/plan.json', terraformVersion: null, formatVersion: null, summary: { create: 0, update: 0, replace: 0, delete: 1, read: 0, noop: 0, forget: 0, import: 0, move: 0 }, warnings: [], findings }],
  };

  it('annotates located, unsuppressed findings with a level per blocking/severity, scrubbed', () => {
    const annotations = buildAnnotations(report, files, () => 'envs/prod', { sensitive: new Set(['s3cret']), variables: new Set() });
    expect(annotations).toEqual([
      { path: 'envs/prod/main.tf', start_line: 3, end_line: 3, annotation_level: 'failure', title: 'critical: stateful-delete on aws_db_instance.main', message: 'deleted\npassword: (sensitive)\nFix: protect it' },
      { path: 'envs/prod/queues.tf', start_line: 1, end_line: 1, annotation_level: 'warning', title: 'medium: deletion-protection-missing on aws_sqs_queue.jobs', message: 'deleted\npassword: (sensitive)\nFix: protect it' },
      { path: 'envs/prod/main.tf', start_line: 7, end_line: 7, annotation_level: 'notice', title: 'info: iam-unverifiable on data.aws_iam_policy_document.p', message: 'deleted\npassword: (sensitive)\nFix: protect it' },
    ]);
  });
});

describe('annotationBatches', () => {
  it('sends at most 50 annotations per request', () => {
    const one: Annotation = { path: 'a.tf', start_line: 1, end_line: 1, annotation_level: 'notice', title: 't', message: 'm' };
    expect(annotationBatches(Array.from({ length: 120 }, () => one)).map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(annotationBatches([])).toEqual([]);
  });
});
