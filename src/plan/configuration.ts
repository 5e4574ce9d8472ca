/**
 * What the plan's `configuration` section says about each resource block: which arguments the
 * configuration sets. A change names one instance (`module.a["x"].aws_s3_bucket.b[0]`), the
 * configuration names the block once (`aws_s3_bucket.b` inside module call `a`); both meet at
 * the config address, the instance address without its instance keys (`module.a.aws_s3_bucket.b`).
 */

/** Arguments the configuration sets, by config address (`module.a.aws_s3_bucket.b`). */
export type ConfiguredArguments = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The instance address without instance keys, in module and resource segments alike:
 * `module.a["x"].module.b[0].aws_s3_bucket.c["k"]` → `module.a.module.b.aws_s3_bucket.c`.
 * A quoted key may hold dots, brackets and escaped quotes; names outside brackets cannot.
 */
export function configAddress(instanceAddress: string): string {
  let result = '';
  let i = 0;
  while (i < instanceAddress.length) {
    const char = instanceAddress.charAt(i);
    if (char !== '[') {
      result += char;
      i++;
      continue;
    }
    i = indexKeyEnd(instanceAddress, i + 1);
  }
  return result;
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
