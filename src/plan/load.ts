/**
 * Plan bytes → the `Plan` model. Everything downstream works on the model, so how the bytes are
 * read (a selective one-pass scan: load-stream.ts) can change without touching the rules.
 */
import { InputError } from '../errors.js';
import { decodePlanBytes, parseJson } from './decode.js';
import { readFileChunks, type ByteChunks, type ProgressListener } from './load-input.js';
import { ELEMENT_WORKER, ElementWorker, type ElementWorkerSettings } from './element-handoff.js';
import { readPlanSections } from './load-stream.js';
import type { Plan } from './model.js';
import { normalizePlan } from './normalize.js';
import { checkRawPlan } from './schema.js';

const SUPPORTED_MAJOR = 1;

/**
 * A plan file. A large one is read with a second thread where there is a core for it
 * (element-handoff.ts); should that go wrong in any way, it is read again by this thread alone,
 * which also names any problem in it exactly as it always does.
 */
export function loadPlanFile(path: string, displayName = path, onProgress?: ProgressListener, workers: ElementWorkerSettings = ELEMENT_WORKER): Plan {
  const worker = ElementWorker.start(path, workers);
  if (worker !== null) {
    const read = readWithWorker(path, displayName, worker, onProgress);
    workers.observe?.({ handedOff: read.handedOff, fellBack: !read.ok });
    if (read.ok) return loadPlanJson(read.json, displayName, { changesKept: true });
  }
  return loadPlanChunks(readFileChunks(path, onProgress), displayName);
}

/** The plan's sections, read with `worker`; not ok on any error, to be read again without it. */
function readWithWorker(path: string, displayName: string, worker: ElementWorker, onProgress?: ProgressListener): { ok: true; json: unknown; handedOff: number } | { ok: false; handedOff: number } {
  try {
    const json = readPlanSections(readFileChunks(path, onProgress), displayName, worker);
    return { ok: true, json, handedOff: worker.finish() };
  } catch {
    return { ok: false, handedOff: worker.handedOffCount };
  } finally {
    worker.close();
  }
}

export function loadPlanBytes(bytes: Uint8Array, source: string): Plan {
  return loadPlanChunks([bytes], source);
}

/**
 * A plan from its bytes as they arrive (a file or a pipe), in one pass that builds only what the
 * model reads (load-sections.ts). A failing read is named as the source's.
 */
export function loadPlanChunks(chunks: ByteChunks, source: string): Plan {
  return loadPlanJson(readPlanSections(chunks, source), source, { changesKept: true });
}

/**
 * The reference the selective loader is held to (test/plan/load-equivalence.test.ts): the whole
 * text decoded and parsed at once. Not used by the product: it needs the plan as one string.
 */
export function loadPlanByFullParse(bytes: Uint8Array, source: string): Plan {
  return loadPlanJson(parseJson(decodePlanBytes(bytes, source), source), source);
}

/**
 * `changesKept`: the JSON comes from the selective loader, which reduced each resource change
 * (and drift) to what the model keeps of it as it read it (load-sections.ts).
 */
export function loadPlanJson(json: unknown, source: string, read: { changesKept?: boolean } = {}): Plan {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError(source, 'this JSON is not a Terraform plan (expected an object from `terraform show -json`)');
  }
  const record = json as Record<string, unknown>;
  rejectNonPlans(record, source);
  rejectDeepModules(record, source);
  const checked = checkRawPlan(record);
  if (checked.plan === null) {
    const issue = checked.issue;
    const where = issue ? issue.path.map(String).join('.') : '';
    throw new InputError(source, `this plan is malformed at ${where || 'the top level'}: ${issue?.message ?? 'unexpected shape'}`);
  }
  return normalizePlan(checked.plan, source, read.changesKept === true);
}

/**
 * How deep modules may nest below the root module. The code that walks a module tree (the schema
 * check, the secrets, the configuration's arguments and sources, the resource count) is recursive,
 * so a deeper tree is refused here, by name, before any of it runs. Terraform's modules nest a
 * handful of levels (the corpus's deepest: 4).
 */
export const MAX_MODULE_DEPTH = 100;

/** The module trees of a plan: where each starts, and a module's child modules in it. */
const MODULE_TREES: readonly { path: readonly string[]; children: (module: Record<string, unknown>) => unknown[] }[] = [
  { path: ['prior_state', 'values', 'root_module'], children: stateChildModules },
  { path: ['planned_values', 'root_module'], children: stateChildModules },
  { path: ['configuration', 'root_module'], children: calledModules },
];

function stateChildModules(module: Record<string, unknown>): unknown[] {
  const children = ownField(module, 'child_modules');
  return Array.isArray(children) ? children : [];
}

function calledModules(module: Record<string, unknown>): unknown[] {
  const calls = ownField(module, 'module_calls');
  return isRecord(calls) ? Object.values(calls).map((call) => (isRecord(call) ? ownField(call, 'module') : undefined)) : [];
}

/** Refuses a plan whose modules nest deeper than MAX_MODULE_DEPTH, told without recursion. */
function rejectDeepModules(record: Record<string, unknown>, source: string): void {
  for (const tree of MODULE_TREES) {
    let root: unknown = record;
    for (const key of tree.path) root = isRecord(root) ? ownField(root, key) : undefined;
    const pending: { module: unknown; depth: number }[] = [{ module: root, depth: 0 }];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (!isRecord(next.module)) continue;
      if (next.depth > MAX_MODULE_DEPTH) {
        throw new InputError(source, `modules nest more than ${MAX_MODULE_DEPTH} levels deep in ${tree.path.join('.')}, far deeper than Terraform writes them; this is not a plan that can be analyzed`);
      }
      for (const child of tree.children(next.module)) pending.push({ module: child, depth: next.depth + 1 });
    }
  }
}

function ownField(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function rejectNonPlans(record: Record<string, unknown>, source: string): void {
  const version = record['format_version'] ?? record['plan_format_version'];
  const looksLikePlan = 'resource_changes' in record || 'planned_values' in record || 'plan_format_version' in record;
  if (!looksLikePlan) {
    if ('lineage' in record || 'serial' in record || ('values' in record && 'format_version' in record)) {
      throw new InputError(source, 'this is a Terraform state file (or `terraform show -json` without a plan file), not a plan. Run: terraform show -json PLANFILE > plan.json');
    }
    throw new InputError(source, 'this JSON is not a Terraform plan: it has no `resource_changes` or `planned_values` (expected the output of `terraform show -json PLANFILE`)');
  }
  if (version !== undefined) {
    const major = typeof version === 'string' ? Number.parseInt(version.split('.')[0] ?? '', 10) : Number.NaN;
    if (!Number.isFinite(major)) throw new InputError(source, `unrecognized format_version ${JSON.stringify(version)}`);
    if (major > SUPPORTED_MAJOR || major < 0) {
      throw new InputError(source, `plan format_version ${String(version)} is not supported (this tf-plan-guard reads format 0.x and 1.x); upgrade tf-plan-guard`);
    }
  }
}
