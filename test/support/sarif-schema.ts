/**
 * The official SARIF 2.1.0 JSON schema (rtm.5, as SchemaStore serves it for sarif-2.1.0.json),
 * shipped by @microsoft/jest-sarif, compiled with Ajv's draft-04 build.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import addFormatsModule from 'ajv-formats';
import ajvDraft04Module from 'ajv-draft-04';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
interface AjvInstance {
  compile: (schema: object) => Validate;
}

// The CommonJS module's default export is the class.
const AjvDraft04 = ((ajvDraft04Module as unknown as { default?: unknown }).default ?? ajvDraft04Module) as new (options: object) => AjvInstance;
// unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regexes accept.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
(addFormatsModule as unknown as (ajv: AjvInstance) => AjvInstance)(ajv);

export const validateSarif: Validate = ajv.compile(schema);

/** The first few schema errors of `log`; empty when it is valid SARIF 2.1.0. */
export function sarifErrors(log: unknown): unknown[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).slice(0, 5);
}
