/**
 * Whether a value fits a schema of schema.ts, told without building anything. zod's parse answers
 * the same question by returning a copy of every object and list it checks: for a 600 MB plan, a
 * second skeleton of its largest sections, and most of the time the check took. This reads the
 * schema's own definition (`def`) for the kinds schema.ts is made of, and leaves any other kind to
 * zod itself, so the two cannot disagree (test/plan/schema-check.test.ts holds them to it).
 */
import type * as z from 'zod';

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  valueType?: z.ZodType;
  keyType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  getter?: () => z.ZodType;
}

export function fitsSchema(schema: z.ZodType, value: unknown): boolean {
  const def = schema.def as unknown as SchemaDef;
  switch (def.type) {
    case 'unknown':
      return true;
    case 'string':
      return typeof value === 'string';
    case 'number':
      // zod's number is finite (JSON has no other).
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'optional':
      return value === undefined || fitsSchema(def.innerType!, value);
    case 'nullable':
      return value === null || fitsSchema(def.innerType!, value);
    case 'lazy':
      return fitsSchema(resolvedLazy(schema, def), value);
    case 'union':
      return def.options!.some((option) => fitsSchema(option, value));
    case 'array':
      if (!Array.isArray(value)) return false;
      for (const item of value) if (!fitsSchema(def.element!, item)) return false;
      return true;
    case 'record':
      if (!isRecord(value) || (def.keyType!.def as unknown as SchemaDef).type !== 'string') return schema.safeParse(value).success;
      for (const item of Object.values(value)) if (!fitsSchema(def.valueType!, item)) return false;
      return true;
    case 'object':
      // A loose object (schema.ts makes no other) lets any other key through.
      if (def.catchall === undefined || (def.catchall.def as unknown as SchemaDef).type !== 'unknown') return schema.safeParse(value).success;
      if (!isRecord(value)) return false;
      for (const key of Object.keys(def.shape!)) {
        if (!fitsSchema(def.shape![key]!, Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined)) return false;
      }
      return true;
    default:
      return schema.safeParse(value).success;
  }
}

/**
 * A lazy schema's getter builds its schema anew on each call (schema.ts's module schema: one per
 * module of a plan, 200,000 modules took 20 s): it is called once per lazy schema, as zod does.
 */
const lazyResolved = new WeakMap<z.ZodType, z.ZodType>();

function resolvedLazy(schema: z.ZodType, def: SchemaDef): z.ZodType {
  let resolved = lazyResolved.get(schema);
  if (resolved === undefined) {
    resolved = def.getter!();
    lazyResolved.set(schema, resolved);
  }
  return resolved;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
