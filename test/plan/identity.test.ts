import { describe, expect, it } from 'vitest';
import { analyzeJson, deleted, planJson, replaced } from '../support/plan-factory.js';

const identityOf = (json: unknown) => analyzeJson(json).find((finding) => finding.ruleId === 'stateful-delete' || finding.ruleId === 'stateful-replace')?.identity;

describe('identifying values of a resource', () => {
  it('shows the name, the environment tag and the size a reviewer recognizes', () => {
    const plan = planJson([deleted('aws_db_instance', { identifier: 'acme-prod-orders', allocated_storage: 100, tags: { Team: 'orders', Environment: 'production' } })]);
    expect(identityOf(plan)).toEqual(['acme-prod-orders', 'Environment=production', '100 GiB']);
  });

  it('uses each provider\'s own name argument and unit', () => {
    expect(identityOf(planJson([deleted('aws_s3_bucket', { bucket: 'acme-uploads', tags: { env: 'prod' } })]))).toEqual(['acme-uploads', 'env=prod']);
    expect(identityOf(planJson([deleted('google_compute_disk', { name: 'data-disk', size: 500, labels: { environment: 'prod' } })]))).toEqual(['data-disk', 'environment=prod', '500 GB']);
  });

  it('never shows a sensitive value, a variable\'s value, or the old value of an attribute that now holds one', () => {
    const sensitive = planJson([deleted('aws_db_instance', { identifier: 'secret-name', allocated_storage: 20 }, { beforeSensitive: { identifier: true } })]);
    expect(identityOf(sensitive)).toEqual(['20 GiB']);
    const variable = planJson([deleted('aws_s3_bucket', { bucket: 'from-a-variable-7f3a' })], { variables: { bucket: 'from-a-variable-7f3a' } });
    expect(identityOf(variable)).toBeUndefined();
    const tracked = planJson(
      [replaced('aws_db_instance', { identifier: 'old-name-1' }, { identifier: 'new-7f3a9c' }, { replacePaths: [['identifier']] })],
      { variables: { name: 'new-7f3a9c' } },
    );
    expect(identityOf(tracked)).toBeUndefined();
  });
});
