/** Every rule id is documented where users look: a row of the README's rule table and a section of docs/rules-*.md. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const docs = readdirSync(new URL('../docs/', import.meta.url))
  .filter((name) => /^rules-.*\.md$/.test(name))
  .map((name) => readFileSync(new URL(`../docs/${name}`, import.meta.url), 'utf8'))
  .join('\n');

describe('rule reference', () => {
  it.each(RULES.map((rule) => [rule.id, rule.defaultSeverity]))('documents %s (default %s) in the README table', (id, severity) => {
    expect(readme).toContain(`| \`${id}\` | ${severity} |`);
  });

  it.each(RULES.map((rule) => [rule.id]))('gives %s a section in docs/rules-*.md', (id) => {
    expect(docs).toMatch(new RegExp(`^## .*\`${id}\``, 'm'));
  });
});
