// Bundles the two entry points into self-contained ESM files under dist/.
// Output must be byte-for-byte reproducible: CI rebuilds and diffs dist/.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  charset: 'utf8',
  define: { __TOOL_VERSION__: JSON.stringify(version) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __tfpgCreateRequire } from 'node:module';\nconst require = __tfpgCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

const entries = [
  { in: 'src/cli.ts', out: 'dist/cli.js', shebang: true },
  { in: 'src/index.ts', out: 'dist/index.js', shebang: false },
];

for (const entry of entries) {
  try {
    readFileSync(entry.in);
  } catch {
    continue; // entry point not written yet
  }
  await build({
    ...common,
    entryPoints: [entry.in],
    outfile: entry.out,
    banner: { js: (entry.shebang ? '#!/usr/bin/env node\n' : '') + common.banner.js },
  });
  // The command must be executable when run straight from a clone (npm sets this only on install).
  if (entry.shebang) chmodSync(entry.out, 0o755);
}
