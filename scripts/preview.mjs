// npm run preview -- PLAN... [--out FILE] [--approved-by LOGIN] [--open] [--screenshot FILE.png]
// Writes the PR comment the action would post for these plans as an HTML page rendered like
// GitHub renders a comment: GFM (tables, strikethrough, autolinks, tag filter) with GitHub's own
// stylesheet (github-markdown-css) at a comment's width. --open unfolds every <details> (as a
// reviewer clicking each one would see it). --screenshot also photographs the page
// with headless Chromium (Debian's `chromium`, or CHROMIUM=path).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'preview/comment.html' }, 'approved-by': { type: 'string' }, open: { type: 'boolean', default: false }, screenshot: { type: 'string' } },
});
if (positionals.length === 0) {
  process.stderr.write('usage: npm run preview -- PLAN... [--out FILE] [--approved-by LOGIN] [--open] [--screenshot FILE.png]\n');
  process.exit(2);
}

// The comment comes from the sources, bundled on the fly: the preview shows the code as it is now.
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const work = mkdtempSync(join(tmpdir(), 'tf-plan-guard-preview-'));
let markdown;
try {
  const bundle = join(work, 'preview-comment.mjs');
  await build({
    entryPoints: [join(root, 'scripts', 'preview-comment.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    define: { __TOOL_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
    banner: { js: "import { createRequire as __tfpgCreateRequire } from 'node:module';\nconst require = __tfpgCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const { commentFor } = await import(pathToFileURL(bundle).href);
  try {
    markdown = commentFor(positionals, values['approved-by'] ?? null);
  } catch (error) {
    process.stderr.write(`preview: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const rendered = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
const body = values.open ? rendered.replace(/<details>/g, '<details open>') : rendered;
const css = readFileSync(createRequire(import.meta.url).resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tf-plan-guard comment preview</title>
<style>${css}
body { background: #fff; margin: 0; padding: 16px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
/* A PR comment's box on github.com: about 780 px of text beside the avatar column. */
.comment { max-width: 780px; border: 1px solid #d1d9e0; border-radius: 6px; }
.comment-header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; font-size: 14px; color: #59636e; border-radius: 6px 6px 0 0; }
.markdown-body { padding: 16px; font-size: 14px; }
</style></head>
<body><div class="comment"><div class="comment-header"><b>github-actions</b> bot commented</div>
<div class="markdown-body">
${body}
</div></div></body></html>
`;
const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
process.stdout.write(`${out} (${markdown.length} characters of markdown)\n`);

if (values.screenshot) {
  const png = resolve(values.screenshot);
  const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
  const shot = spawnSync(
    chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=830,${process.env.PREVIEW_HEIGHT || 1400}`, `--screenshot=${png}`, pathToFileURL(out).href],
    { encoding: 'utf8' },
  );
  if (shot.status !== 0) {
    process.stderr.write(`preview: ${chromium} failed (${shot.error?.message ?? `exit ${shot.status}`}): ${shot.stderr.trim().split('\n').at(-1) ?? ''}\n`);
    process.exit(1);
  }
  process.stdout.write(`${png}\n`);
}
