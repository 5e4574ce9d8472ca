/**
 * An instance key shaped like a secret (a private key, an access key id) is a secret, though no
 * attribute and no sensitivity mask holds it (audit 27 F7): `for_each = toset([file("id_rsa")])`
 * puts it in the address only. Through the CLI, every format.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';

function analyze(plan: unknown, format: string): { code: number; stdout: string } {
  const input = Buffer.from(JSON.stringify(plan));
  let stdout = '';
  const code = runCli(['analyze', '--format', format], {
    stdout: { write: (text: string) => ((stdout += text), true), isTTY: false } as unknown as NodeJS.WritableStream,
    stderr: { write: () => true } as unknown as NodeJS.WritableStream,
    stdinIsTTY: false,
    readStdin: () => [input],
    env: {},
    cwd: process.cwd(),
  });
  return { code, stdout };
}

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAzZq9Hunter2abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH\n-----END RSA PRIVATE KEY-----';
const ACCESS_KEY_ID = 'AKIAZQ2HUNTERABCDEFG';
const DELETED_DB = { actions: ['delete'], before: { identifier: 'orders', engine: 'postgres', deletion_protection: false }, after: null, before_sensitive: {}, after_sensitive: false, after_unknown: {} };

function quoted(key: string): string {
  return JSON.stringify(key);
}

const plan = {
  format_version: '1.2',
  terraform_version: '1.11.4',
  resource_changes: [
    { address: `aws_db_instance.by_key[${quoted(PEM)}]`, mode: 'managed', type: 'aws_db_instance', name: 'by_key', index: PEM, change: DELETED_DB },
    { address: `aws_db_instance.by_id[${quoted(ACCESS_KEY_ID)}]`, mode: 'managed', type: 'aws_db_instance', name: 'by_id', index: ACCESS_KEY_ID, change: DELETED_DB },
    {
      address: `module.tenant[${quoted(ACCESS_KEY_ID.replace('AKIA', 'ASIA'))}].aws_db_instance.db`,
      module_address: `module.tenant[${quoted(ACCESS_KEY_ID.replace('AKIA', 'ASIA'))}]`,
      mode: 'managed',
      type: 'aws_db_instance',
      name: 'db',
      change: DELETED_DB,
    },
  ],
};

describe('instance keys shaped like secrets', () => {
  for (const format of ['json', 'text', 'markdown', 'sarif']) {
    it(`are never printed, in ${format}`, () => {
      const { code, stdout } = analyze(plan, format);
      expect(code).toBe(1);
      for (const fragment of ['BEGIN RSA PRIVATE KEY', 'Hunter2', 'ZQ2HUNTERABCDEFG']) expect(stdout).not.toContain(fragment);
      // Which resources are at risk is still said: the rest of each address is configuration.
      for (const name of ['aws_db_instance.by_key', 'aws_db_instance.by_id', 'module.tenant']) expect(stdout).toContain(name);
    });
  }
});
