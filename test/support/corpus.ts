/**
 * The shared corpus of real plans (../shared/corpus, beside the clone). A clone elsewhere skips
 * the tests that read it, saying so once; CI always has it, so there its absence is a failure.
 */
import { existsSync, readdirSync } from 'node:fs';

export const CORPUS = '../shared/corpus';

export const corpusPresent = existsSync(CORPUS);

if (!corpusPresent) {
  if (process.env['CI']) throw new Error(`${CORPUS} is missing: CI runs beside the shared corpus`);
  console.warn(`skipping the corpus tests: ${CORPUS} is not beside this clone`);
}

/** The corpus plan files (MANIFEST.tsv left out), sorted; empty when the corpus is absent. */
export function corpusFiles(): string[] {
  return corpusPresent ? readdirSync(CORPUS).filter((file) => file !== 'MANIFEST.tsv').sort() : [];
}
