// Bundles the two entry points into self-contained ESM files under dist/.
// Output must be byte-for-byte reproducible: CI rebuilds and diffs dist/.
// Each bundle has a size budget: the build fails when a bundle grows past it, so a dependency
// that drags in more than it runs (as `import { z } from 'zod'` pulls in every locale) is
// noticed when it is added, not after.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const ELEMENT_WORKER_ENTRY = 'src/plan/element-worker.ts';
/**
 * What the loader's element worker is built from, as a hash of every source file in its bundle:
 * cli.js and index.js number its reducers and hand it jobs, and it serves only a bundle built from
 * the same sources (a dist/ of mixed builds, say a half-updated install, is read on one thread).
 */
async function elementWorkerBuild() {
  const { metafile } = await build({ entryPoints: [ELEMENT_WORKER_ENTRY], bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, outdir: 'dist', logLevel: 'warning' });
  const hash = createHash('sha256');
  for (const input of Object.keys(metafile.inputs).sort()) hash.update(`${input}\0`).update(readFileSync(input)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Licence notices of the bundled packages, gathered at the end of each bundle.
  legalComments: 'eof',
  charset: 'utf8',
  define: { __TOOL_VERSION__: JSON.stringify(version), __ELEMENT_WORKER_BUILD__: JSON.stringify(await elementWorkerBuild()) },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __tfpgCreateRequire } from 'node:module';\nconst require = __tfpgCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

// Budgets: today's size (cli.js 790 KB, index.js 1.91 MB, measured when they were set) and some room;
// cli.js raised to 960 KB for SARIF output and the secrets-by-name table (922 KB then).
// The agent guard's hooks (Cursor, runners, process groups) add about 30 KB more (955 KB with them).
// cli.js raised to 990 KB for what the loader keeps of values (the attributes-read table; 963 KB then).
// cli.js raised to 1,020 KB for the agent guard's shell reading (brace and glob words, ANSI-C strings, bare assignments; 990 KB then).
// cli.js raised to 1,050 KB for the agent guard's value-free reasons, wrappers, program lookup, package scripts, saved plans
// and Gemini CLI hook (about 20 KB), on top of main's rendering work (1,029 KB with both).
// cli.js raised to 1,080 KB for the audit fixes: the agent's committed-policy source, tf-plan-guard launchers,
// git aliases and stdin scripts, the analysis worker of the hook's budget (1,054 KB with them).
// cli.js raised to 1,110 KB for audit 3: the secret shapes, the fingerprint's grant subjects, moved-into-ignored
// and the agent guard's appended arguments and re-split reasons (1,080 KB with them).
// cli.js raised to 1,140,000 for audit 4b: the agent guard's table of package managers' options and
// runners (src/agent/package-managers.ts), with main's fingerprint work (1,113 KB with both).
// cli.js raised to 1,150,000 for the loader's speed work (reading `resource_changes` elements ahead of the scan;
// 1,140 KB with it).
// cli.js raised to 1,170,000 for audit 6a's agent-guard holes: runners in a directory only the shell knows
// (find -exec, the repository scan), npm's configuration, workspace task runners, recipes that call scripts
// (1,140 KB before them; each about 5 KB).
// cli.js raised to 1,180,000 for the secret shapes' one-search gates and main's network-rule work of audit 9
// (1,170.4 KB with both; 1,173 KB with the agent guard's reading of scripts a recipe calls, audit 6a A9).
// cli.js raised to 1,200,000 for audit 11's agent-hook bypasses (a failed cd, HOME on the line, cd in eval, sourced
// files and functions, files the line writes before running them, symlinked directories, turbo's dependsOn,
// lerna/nx exec; 1,178 KB before them).
// index.js raised to 2,230,000 for the gate's reading of every base workflow and the running workflow's reach
// (audits 8, 10 and 12: self-repository references, trigger and permission reading; 2,201 KB with them).
// cli.js raised to 1,215,000 for the loader's element worker hand-off (src/plan/element-handoff.ts, about 9 KB; 1,199.9 KB
// with it and main's agent-hook work of audit 11).
// cli.js raised to 1,225,000 for writing a report in pieces (src/text-output.ts: a 600 MB plan's report is 25 MB of text;
// 1,215 KB with it).
// index.js raised to 2,240,000 for audit 17's loose ends in the loader it shares with cli.js: the cgroup CPU quota
// reader (src/cpu-quota.ts, 2.2 KB), a syntax error's character cut by a chunk boundary, the element worker's build
// check (2,231.3 KB with them and main's report writing in pieces).
// cli.js raised to 1,235,000 for the JSON report in parts (src/render/json-text.ts: a 600 MB plan's report was one
// 25 MB string at the process's peak; 1,226.8 KB with it).
// cli.js raised to 1,245,000 for lists of any length (appendAll, fold cuts, code-span-aware folds, IAM statements with
// thousands of wildcard actions: audits 23 and 24; 1,236.2 KB with them).
// index.js raised to 2,250,000 for task 8f's pathological-input fixes in the loader and the schema check it shares with
// cli.js (audits 20-22: the module depth check, the misfit path, the truncation column kept across chunks; 2,237.7 KB
// before them, 2,241.8 KB with them; cli.js 1,226.8 -> 1,231.4 KB with them and the hook's input limit).
// index.js raised to 2,252,000 for the markdown scrub that leaves markup whole (audit 26 F2): 2,249.0 -> 2,250.9 KB.
// Both raised for the IAM keys' one encoding and the Deny statements in them (audits 26 and 28: about 12 KB in each
// bundle) and, in cli.js, the agent hook's linear command reading (audit 23 F2: about 5 KB): cli.js 1,258,000
// (1,257.5 KB), index.js 2,264,000 (2,263.2 KB).
// Both raised for audit 27's fixes (a linear markup-safe scrub, Terraform's quoting of keys as a secret's form,
// addresses scrubbed in their keys only; about 6 KB each): cli.js 1,264,000 (1,263.7 KB), index.js 2,270,000 (2,269.6 KB).
// cli.js raised for audit 29's hook fixes (exports whose value the shell decides, here-documents, bounds on script
// lines: about 5 KB), both for audit 30's IAM fixes (Go's reading of policy_data names, indexed narrowing: about 4 KB):
// cli.js 1,273,000 (1,272.6 KB), index.js 2,274,000 (2,273.4 KB).
// Both raised for audit 35 F0's policy texts that repeat a key (src/rules/iam/duplicate-keys.ts): jsonc-parser's
// tokenizer (12.6 KB of the package, its only file bundled) and the readings of both documents (about 6 KB):
// cli.js 1,292,000 (1,290.6 KB), index.js 2,295,000 (2,293.3 KB).
// Both raised for the secret matcher's joined overlaps (audit 35 F2: about 1.5 KB): cli.js 1,274,000 (1,273.4 KB),
// index.js 2,277,000 (2,276.1 KB); and for its prefix trees and the markdown pass's markup cache (audit 31 E and B:
// about 4.1 KB): cli.js 1,279,000 (1,277.5 KB), index.js 2,282,000 (2,280.2 KB).
// Together (both merged): cli.js 1,299,000 (1,297.2 KB), index.js 2,302,000 (2,299.9 KB).
// cli.js raised to 1,284,000 for the agent hook's reading of what a line does to the environment, the ask-only way
// (src/agent/environment-touch.ts and its use: audits 32 and 34, about 12 KB; 1,283.2 KB with it), then to 1,288,000
// for audit 32 F2/F6/F8/F12/F13 (git aliases the line writes, options that run a command, scripts cut short; 1,287.2 KB),
// then to 1,290,000 for audit 34 P1 (git on a line that selects another git configuration; 1,288.9 KB), then to 1,292,000
// for audit 32 F4/F14/F16's cd forms (after `||`, lastpipe, loops; 1,290.5 KB).
// With the hook's work merged beside the IAM and secret work: cli.js 1,320,000 (1,317.9 KB), index.js 2,302,000 (2,301.0 KB).
// Both raised for audit 36's fixes to the reading of repeated keys (spaces dropped before tokenizing F3, tagged fingerprint
// readings F4, before side as applied F6, no spreads F2, several bindings lists merged per index F1; about 3.6 KB):
// cli.js 1,301,000 (1,300.8 KB), index.js 2,304,000 (2,303.5 KB).
// With audit 36's fixes merged too: cli.js 1,322,000 (1,320.4 KB), index.js 2,305,000 (2,303.5 KB).
// Both raised for audit 37 F1-F3 (bounded probing inside joined spans, buckets searched as sorted lists, the
// markdown pass's reach: about 4.3 KB): cli.js 1,303,000 (1,302.6 KB), index.js 2,306,000 (2,305.3 KB).
// With audit 37's fixes merged too: cli.js 1,326,000 (1,324.7 KB), index.js 2,309,000 (2,307.8 KB); index.js 2,311,000 and cli.js 1,330,000 (1,328.1 KB) with the hook's, the matcher's
// and the Google reading's fixes of audits 38 and 39 (2,309.2 KB).
const entries = [
  { in: 'src/cli.ts', out: 'dist/cli.js', shebang: true, budgetBytes: 1_330_000 },
  { in: 'src/index.ts', out: 'dist/index.js', shebang: false, budgetBytes: 2_311_000 },
  // The loader's element worker (src/plan/element-handoff.ts starts it beside either bundle): the reducers of
  // resource changes and the tables they read, nothing else.
  { in: ELEMENT_WORKER_ENTRY, out: 'dist/element-worker.js', shebang: false, budgetBytes: 200_000 },
];
const overBudget = [];

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
  const size = statSync(entry.out).size;
  if (size > entry.budgetBytes) overBudget.push(`${entry.out} is ${size} bytes, over its budget of ${entry.budgetBytes} (scripts/build.mjs)`);
}
if (overBudget.length > 0) {
  console.error(`${overBudget.join('\n')}\nFind what grew (esbuild --analyze), or raise the budget if the growth is worth it.`);
  process.exit(1);
}
