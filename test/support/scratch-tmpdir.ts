/**
 * Gives the whole test run one scratch directory as TMPDIR and removes it afterwards, so the
 * temporary plans, runner directories and Terraform working directories the tests create (and
 * those of the processes they start) do not pile up in the machine's /tmp run after run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'tfpg-test-run-'));
  process.env.TMPDIR = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
