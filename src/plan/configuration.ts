/**
 * What the plan's `configuration` section says about each resource block: which arguments the
 * configuration sets, and where the grant-subject arguments take their values from. A change names one instance (`module.a["x"].aws_s3_bucket.b[0]`), the
 * configuration names the block once (`aws_s3_bucket.b` inside module call `a`); both meet at
 * the config address, the instance address without its instance keys (`module.a.aws_s3_bucket.b`).
 */
import { appendAll } from '../append.js';
import { createHash } from 'node:crypto';
import { grantSubjectAttributes } from '../catalog/grant-subjects.js';
import { awsPolicyArguments } from '../catalog/iam-policy-attributes.js';

/** Arguments the configuration sets, by config address (`module.a.aws_s3_bucket.b`). */
export type ConfiguredArguments = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The instance address without instance keys, in module and resource segments alike:
 * `module.a["x"].module.b[0].aws_s3_bucket.c["k"]` → `module.a.module.b.aws_s3_bucket.c`.
 * A quoted key may hold dots, brackets and escaped quotes; names outside brackets cannot.
 */
export function configAddress(instanceAddress: string): string {
  // Copied a run of name characters at a time: every change's address passes here.
  let open = instanceAddress.indexOf('[');
  if (open < 0) return instanceAddress;
  let result = '';
  let from = 0;
  while (open >= 0) {
    result += instanceAddress.slice(from, open);
    from = indexKeyEnd(instanceAddress, open + 1);
    open = instanceAddress.indexOf('[', from);
  }
  return result + instanceAddress.slice(from);
}

/** The offset just past the `]` that closes an index key starting at `start`. */
function indexKeyEnd(address: string, start: number): number {
  let i = start;
  if (address.charAt(i) === '"') {
    i++;
    while (i < address.length && address.charAt(i) !== '"') i += address.charAt(i) === '\\' ? 2 : 1;
    i++;
  }
  while (i < address.length && address.charAt(i) !== ']') i++;
  return i + 1;
}

/**
 * One map over the whole configuration, child modules included. Null when the plan carries no
 * configuration (older or trimmed plans): then nothing is known about any resource.
 */
export function configuredArgumentsOf(configuration: unknown): ConfiguredArguments | null {
  const root = objectField(configuration, 'root_module');
  if (root === undefined) return null;
  const byAddress = new Map<string, ReadonlySet<string>>();
  collectModule(root, '', byAddress);
  return byAddress;
}

/**
 * A module's resource addresses are relative to it; its module calls are keyed by call name
 * (no instance keys: one entry however many instances `count` or `for_each` make).
 */
function collectModule(module: Record<string, unknown>, prefix: string, byAddress: Map<string, ReadonlySet<string>>): void {
  const resources = module['resources'];
  if (Array.isArray(resources)) {
    for (const resource of resources) {
      const address = asObject(resource)?.['address'];
      if (typeof address !== 'string') continue;
      byAddress.set(`${prefix}${address}`, setArguments(objectField(resource, 'expressions')));
    }
  }
  const calls = objectField(module, 'module_calls');
  for (const [name, call] of Object.entries(calls ?? {})) {
    const child = objectField(call, 'module');
    if (child !== undefined) collectModule(child, `${prefix}module.${name}.`, byAddress);
  }
}

/**
 * The keys of `expressions` (Terraform omits it when a block sets nothing), except an argument
 * set to the literal `null`, which Terraform treats as not set. An argument written only in a
 * `dynamic` block is not listed: Terraform leaves dynamic blocks out of this section.
 */
function setArguments(expressions: Record<string, unknown> | undefined): ReadonlySet<string> {
  const set = new Set<string>();
  for (const [argument, expression] of Object.entries(expressions ?? {})) {
    if (!isLiteralNull(expression)) set.add(argument);
  }
  return set;
}

function isLiteralNull(expression: unknown): boolean {
  const record = asObject(expression);
  return record !== undefined && 'constant_value' in record && record['constant_value'] === null && record['references'] === undefined;
}

function objectField(value: unknown, key: string): Record<string, unknown> | undefined {
  return asObject(asObject(value)?.[key]);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Where a block's grant-subject arguments (catalog/grant-subjects.ts: the role an attachment is
 * on, the security group a rule opens) and its policy arguments (the data source a policy is
 * rendered by) take their values from, by argument: the resources, data
 * sources and root variables its expression refers to, module-qualified, sorted. Null for an
 * argument whose source the plan does not show (a local value, a module input or output it does
 * not carry, an expression without references): what it names cannot be told from the plan.
 * Arguments the block does not set are absent.
 */
export type SubjectSources = ReadonlyMap<string, readonly string[] | null>;

/** Per config address, the blocks whose type has grant-subject arguments and that set any. */
export type SubjectSourcesByAddress = ReadonlyMap<string, SubjectSources>;

/** The resource type of a config address relative to its module (`aws_s3_bucket.b`, `data.aws_ami.u`). */
/**
 * The arguments of a block of `type` whose references are kept (SubjectSources): its grant
 * subjects, and its policy arguments, whose sources name the policy document data source they
 * render from (rules/iam/deferred-document.ts).
 */
export function referencedArguments(type: string): string[] {
  return [...new Set([...grantSubjectAttributes(type), ...awsPolicyArguments(type)])];
}

export function configuredType(address: unknown): string {
  if (typeof address !== 'string') return '';
  const [first = '', second = ''] = address.split('.', 2);
  return first === 'data' ? second : first;
}

/** A module of the configuration, with the call that made it (its arguments, its `for_each`) and its caller. */
interface ModuleScope {
  prefix: string;
  module: Record<string, unknown>;
  callArguments: Record<string, unknown> | undefined;
  callIteration: Iteration;
  caller: ModuleScope | null;
}

/** The `for_each` expression of the block an expression is written in (a resource or a module call): what its `each.value` stands for. */
interface Iteration {
  forEach: unknown;
}

const NO_ITERATION: Iteration = { forEach: undefined };

function iterationOf(block: unknown): Iteration {
  return { forEach: asObject(block)?.['for_each_expression'] };
}

/** How deep references are followed through module inputs and outputs before giving up. */
const MAX_RESOLUTION_DEPTH = 32;

/**
 * The sources of every block's grant-subject arguments (see SubjectSources), child modules
 * included. A module's input is followed to what its call passes, an output to its expression;
 * a root variable stands as its name and a sha256 of its value (never the value). Null when the
 * plan carries no configuration.
 */
export function subjectSourcesOf(configuration: unknown, variables: Readonly<Record<string, { value?: unknown }>> | null | undefined): SubjectSourcesByAddress | null {
  const root = objectField(configuration, 'root_module');
  if (root === undefined) return null;
  const scopes = new Map<string, ModuleScope>();
  const collect = (scope: ModuleScope): void => {
    scopes.set(scope.prefix, scope);
    for (const [name, call] of Object.entries(objectField(scope.module, 'module_calls') ?? {})) {
      const child = objectField(call, 'module');
      if (child !== undefined) collect({ prefix: `${scope.prefix}module.${name}.`, module: child, callArguments: objectField(call, 'expressions'), callIteration: iterationOf(call), caller: scope });
    }
  };
  collect({ prefix: '', module: root, callArguments: undefined, callIteration: NO_ITERATION, caller: null });
  const byAddress = new Map<string, SubjectSources>();
  for (const scope of scopes.values()) {
    const resources = scope.module['resources'];
    if (!Array.isArray(resources)) continue;
    for (const resource of resources) {
      const address = asObject(resource)?.['address'];
      const attributes = referencedArguments(configuredType(address));
      const expressions = objectField(resource, 'expressions');
      if (attributes.length === 0 || expressions === undefined) continue;
      const sources = new Map<string, readonly string[] | null>();
      for (const attribute of attributes) {
        const expression = expressions[attribute];
        if (expression === undefined || isLiteralNull(expression)) continue;
        sources.set(attribute, resolveReferences(referencesOf(expression), scope, scopes, variables, 0, iterationOf(resource)));
      }
      if (sources.size > 0) byAddress.set(`${scope.prefix}${String(address)}`, sources);
    }
  }
  return byAddress;
}

function referencesOf(expression: unknown): string[] {
  const references = asObject(expression)?.['references'];
  return Array.isArray(references) ? references.filter((reference): reference is string => typeof reference === 'string') : [];
}

const MODULE_OUTPUT = /^module\.([^.[\]]+)(?:\[[^\]]*\])?\.([^.[\]]+)/;
const BARE_MODULE = /^module\.([^.[\]]+)(?:\[[^\]]*\])?$/;

/** What `references`, written in `scope`, refer to (see SubjectSources); null when the plan does not show it. */
function resolveReferences(
  references: readonly string[],
  scope: ModuleScope,
  scopes: ReadonlyMap<string, ModuleScope>,
  variables: Readonly<Record<string, { value?: unknown }>> | null | undefined,
  depth: number,
  iteration: Iteration,
): string[] | null {
  if (references.length === 0 || depth > MAX_RESOLUTION_DEPTH) return null;
  const resolved = new Set<string>();
  for (const reference of references) {
    const head = reference.split(/[.[]/, 1)[0] ?? '';
    if (head === 'local') return null;
    if (head === 'var') {
      const name = reference.split(/[.[]/, 2)[1] ?? '';
      const sources = scope.caller === null ? rootVariable(name, variables) : resolveReferences(referencesOf(scope.callArguments?.[name]), scope.caller, scopes, variables, depth + 1, scope.callIteration);
      if (sources === null) return null;
      for (const source of sources) resolved.add(source);
      continue;
    }
    if (head === 'module') {
      const output = MODULE_OUTPUT.exec(reference);
      if (output === null) {
        // A whole module object is listed beside the output read of it; alone, it names nothing.
        const bare = BARE_MODULE.exec(reference);
        if (bare !== null && references.some((other) => MODULE_OUTPUT.exec(other)?.[1] === bare[1])) continue;
        return null;
      }
      const child = scopes.get(`${scope.prefix}module.${output[1]}.`);
      const expression = child === undefined ? undefined : objectField(objectField(child.module, 'outputs')?.[output[2] ?? ''], 'expression');
      const sources = child === undefined ? null : resolveReferences(referencesOf(expression), child, scopes, variables, depth + 1, NO_ITERATION);
      if (sources === null) return null;
      for (const source of sources) resolved.add(source);
      continue;
    }
    if (reference === 'each.value' || reference.startsWith('each.value.') || reference.startsWith('each.value[')) {
      // What picks the instance's subject (`aws_security_group.sg[each.value].id`): the block's
      // `for_each`, so that editing which object a key picks is another binding. `each.key` and
      // `count.index` are the instance key, already in the finding's address.
      const sources = iterationSources(iteration.forEach, scope, scopes, variables, depth);
      if (sources === null) return null;
      for (const source of sources) resolved.add(source);
    }
    // A resource or data source, or the block's own `each`/`count`: qualified by the module it is in.
    resolved.add(`${scope.prefix}${reference}`);
  }
  return resolved.size === 0 ? null : [...resolved].sort();
}

/**
 * What a block's `for_each` expression takes its value from: its references, resolved; a
 * constant as a sha256 of its value (the whole map: adding a key re-binds every instance).
 * Nothing when the plan leaves the expression out: Terraform writes only constants and
 * references, not a function of constants (`toset(["a", "b"])`, whose values are its keys, in the
 * address; README: what stays unbound). Null when a reference cannot be followed.
 */
function iterationSources(
  expression: unknown,
  scope: ModuleScope,
  scopes: ReadonlyMap<string, ModuleScope>,
  variables: Readonly<Record<string, { value?: unknown }>> | null | undefined,
  depth: number,
): string[] | null {
  const record = asObject(expression);
  if (record === undefined) return [];
  const sources: string[] = [];
  if ('constant_value' in record) sources.push(`${scope.prefix}for_each (value sha256:${sha256Of('for_each', record['constant_value'])})`);
  const references = referencesOf(record);
  if (references.length > 0) {
    const resolved = resolveReferences(references, scope, scopes, variables, depth + 1, NO_ITERATION);
    if (resolved === null) return null;
    appendAll(sources, resolved);
  }
  return sources;
}

function sha256Of(domain: string, value: unknown): string {
  return createHash('sha256').update(`tf-plan-guard:${domain}\u0000${JSON.stringify(value ?? null)}`, 'utf8').digest('hex');
}

/** A root variable as a source: its name and a sha256 of its value, which may be a secret. */
function rootVariable(name: string, variables: Readonly<Record<string, { value?: unknown }>> | null | undefined): string[] | null {
  if (!variables || !Object.hasOwn(variables, name)) return null;
  return [`var.${name} (value sha256:${sha256Of('variable', variables[name]?.value)})`];
}
