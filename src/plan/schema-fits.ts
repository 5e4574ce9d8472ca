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
  return misfitOf(schema, value) === null;
}

/**
 * Where a value does not fit a schema: the innermost schema it fails and the value there, at
 * `path` (keys and indexes from the value given); null when it fits.
 */
export interface Misfit {
  schema: z.ZodType;
  value: unknown;
  path: (string | number)[];
}

export function misfitOf(schema: z.ZodType, value: unknown): Misfit | null {
  const def = schema.def as unknown as SchemaDef;
  switch (def.type) {
    case 'unknown':
      return null;
    case 'string':
      return typeof value === 'string' ? null : misfit(schema, value);
    case 'number':
      // zod's number is finite (JSON has no other).
      return typeof value === 'number' && Number.isFinite(value) ? null : misfit(schema, value);
    case 'boolean':
      return typeof value === 'boolean' ? null : misfit(schema, value);
    case 'optional':
      return value === undefined ? null : misfitOf(def.innerType!, value);
    case 'nullable':
      return value === null ? null : misfitOf(def.innerType!, value);
    case 'lazy':
      return misfitOf(resolvedLazy(schema, def), value);
    case 'union':
      return def.options!.some((option) => misfitOf(option, value) === null) ? null : misfit(schema, value);
    case 'array':
      if (!Array.isArray(value)) return misfit(schema, value);
      for (let index = 0; index < value.length; index++) {
        const inner = misfitOf(def.element!, value[index]);
        if (inner !== null) return within(index, inner);
      }
      return null;
    case 'record':
      if (!isRecord(value) || (def.keyType!.def as unknown as SchemaDef).type !== 'string') return byZod(schema, value);
      for (const key of Object.keys(value)) {
        const inner = misfitOf(def.valueType!, value[key]);
        if (inner !== null) return within(key, inner);
      }
      return null;
    case 'object':
      // A loose object (schema.ts makes no other) lets any other key through.
      if (def.catchall === undefined || (def.catchall.def as unknown as SchemaDef).type !== 'unknown') return byZod(schema, value);
      if (!isRecord(value)) return misfit(schema, value);
      for (const key of Object.keys(def.shape!)) {
        const inner = misfitOf(def.shape![key]!, Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined);
        if (inner !== null) return within(key, inner);
      }
      return null;
    default:
      return byZod(schema, value);
  }
}

function misfit(schema: z.ZodType, value: unknown): Misfit {
  return { schema, value, path: [] };
}

function within(key: string | number, inner: Misfit): Misfit {
  inner.path.unshift(key);
  return inner;
}

function byZod(schema: z.ZodType, value: unknown): Misfit | null {
  return schema.safeParse(value).success ? null : misfit(schema, value);
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
