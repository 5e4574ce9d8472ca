// A writer slower than its reader, as Terraform is: copies FILE (or its standard input when FILE
// is `-`) to standard output in CHUNK-byte pieces, waiting DELAY ms before each one.
// Usage: node slow-writer.mjs FILE CHUNK DELAY
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const [file = '-', chunkText = '512', delayText = '10'] = process.argv.slice(2);
const chunk = Number(chunkText);
const delay = Number(delayText);
const bytes = file === '-' ? await readAll(process.stdin) : readFileSync(file);

for (let offset = 0; offset < bytes.length; offset += chunk) {
  await sleep(delay);
  if (!process.stdout.write(bytes.subarray(offset, offset + chunk))) await new Promise((drained) => process.stdout.once('drain', drained));
}

async function readAll(stream) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}
