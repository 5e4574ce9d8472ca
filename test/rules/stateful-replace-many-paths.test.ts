import { describe, expect, it } from 'vitest';
import { findingsOf, replaced } from '../support/plan-factory.js';

describe('stateful-replace forced by many attributes', () => {
  const before = Object.fromEntries(Array.from({ length: 200 }, (_, k) => [`a${k}`, `old-${k}`]));
  const after = Object.fromEntries(Array.from({ length: 200 }, (_, k) => [`a${k}`, `new-${k}`]));
  const replacePaths = Array.from({ length: 200 }, (_, k) => [`a${k}`]);
  const [finding] = findingsOf('stateful-replace', [replaced('aws_db_instance', before, after, { name: 'orders', replacePaths })]);

  it('names the first ten in the message and the remediation, and says how many more', () => {
    expect(finding!.message).toContain('Forced by: a0, a1, a2, a3, a4, a5, a6, a7, a8, a9 and 190 more.');
    expect(finding!.message).not.toContain('a10');
    expect(finding!.remediation).toContain('Revert the change to a0, a1, a2, a3, a4, a5, a6, a7, a8, a9 and 190 more, or');
  });

  it('lists every one with its values in the details: the JSON report is the complete one (audit 24 F3)', () => {
    const forcing = finding!.details.filter((detail) => /^a\d+: /.test(detail));
    expect(forcing).toHaveLength(200);
    expect(forcing[0]).toBe('a0: "old-0" → "new-0"');
    expect(forcing[199]).toBe('a199: "old-199" → "new-199"');
  });

  it('keeps every forcing attribute in the evidence the fingerprint binds', () => {
    expect((finding!.evidence as { forcedBy: unknown[] }).forcedBy).toHaveLength(200);
  });

  it('a few are all named, as before', () => {
    const [few] = findingsOf('stateful-replace', [replaced('aws_db_instance', { engine: 'postgres', name: 'a' }, { engine: 'mysql', name: 'b' }, { name: 'orders', replacePaths: [['engine'], ['name']] })]);
    expect(few!.message).toContain('Forced by: engine, name.');
    expect(few!.details.slice(0, 2)).toEqual(['engine: "postgres" → "mysql"', 'name: "a" → "b"']);
  });
});
