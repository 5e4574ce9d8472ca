import { describe, expect, it } from 'vitest';
import { matchesAddress } from '../../src/policy/apply.js';

describe('ignore globs and module instances', () => {
  it('a module glob covers every instance of the module', () => {
    expect(matchesAddress('module.sandbox["eu"].aws_s3_bucket.x', 'module.sandbox.**')).toBe(true);
    expect(matchesAddress('module.sandbox[0].module.y["a.b"].aws_s3_bucket.x[2]', 'module.sandbox.module.y.aws_s3_bucket.x[2]')).toBe(true);
  });

  it('but not a module whose name only starts the same, nor another instance named explicitly', () => {
    expect(matchesAddress('module.sandboxes["eu"].aws_s3_bucket.x', 'module.sandbox.**')).toBe(false);
    expect(matchesAddress('module.sandbox["eu"].aws_s3_bucket.x', 'module.sandbox["us"].**')).toBe(false);
    expect(matchesAddress('module.sandbox["eu"].aws_s3_bucket.x', 'module.sandbox["eu"].**')).toBe(true);
  });
});
