/**
 * The last pass over the markdown costs the document's length, not its length times the secrets
 * on a line (audit 27 F0): a 400 KB instance key the pre-scrub turns into 50,000 placeholders,
 * each holding another sensitive value, took 36 s (a 2 MB key, some 45 minutes a surface), now
 * well under a second. Run in a child with a generous timeout: no timing is asserted, only that
 * it ends.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/run-action.js';

/** The key's repeats: 8 characters each, 400 KB. */
const REPEATS = 50_000;

function planWithKey(key: string, sensitive: readonly string[]): unknown {
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    variables: { s: { value: sensitive } },
    configuration: { root_module: { variables: { s: { sensitive: true } } } },
    resource_changes: [
      {
        address: `aws_db_instance.db[${JSON.stringify(key)}]`,
        mode: 'managed',
        type: 'aws_db_instance',
        name: 'db',
        index: key,
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['delete'],
          before: { identifier: 'orders', deletion_protection: false, skip_final_snapshot: true },
          after: null,
          before_sensitive: {},
          after_sensitive: false,
        },
      },
    ],
  };
}

describe('the markdown of a plan with a long secret-keyed address', () => {
  it('is written in time that grows with the address, not with its square', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tf-plan-guard-scrub-cost-'));
    try {
      const path = join(directory, 'plan.json');
      // "aaaaaaaa" scrubbed out of the key leaves "(sensitive)" 50,000 times on the address's
      // line, and the last pass finds the secret "sensitive" in each.
      writeFileSync(path, JSON.stringify(planWithKey('aaaaaaaa'.repeat(REPEATS), ['aaaaaaaa', 'sensitive'])));
      const result = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'analyze', path, '--format', 'markdown'], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 20_000 });
      expect(result.error?.message ?? null, 'the CLI did not finish within 20 s').toBeNull();
      expect(result.status, result.stderr).toBe(1);
      expect(result.stdout).toContain('### ⛔ Destroys 1 DB instance');
      expect(result.stdout).not.toContain('aaaaaaaa');
      expect(result.stdout).not.toMatch(/(?<!\()sensitive/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
