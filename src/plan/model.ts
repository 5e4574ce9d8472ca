/**
 * The normalized plan model: what every rule, renderer and decision reads.
 * Nothing downstream of the loader looks at raw plan JSON; this is the only shape they know.
 */

/** One step of a path into a resource's attribute values: an object key or a list index. */
export type PathStep = string | number;
export type AttributePath = readonly PathStep[];

/**
 * What Terraform will do to one resource instance, named once so that no caller compares
 * action arrays. `replace` covers both orders; `replaceOrder` tells which.
 */
export type PlannedAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'replace'
  | 'read'
  | 'no-op'
  | 'forget'
  /** ["create","forget"]: a new object is created and the old one is left in the cloud, unmanaged. */
  | 'create-then-forget'
  /** An action list this version does not know (a newer Terraform); handled conservatively. */
  | 'unknown';

export type ReplaceOrder = 'delete-before-create' | 'create-before-destroy';

export type ResourceMode = 'managed' | 'data';

export interface ResourceChange {
  /** Full instance address, e.g. `module.db.aws_db_instance.main[0]`. */
  address: string;
  /** Address before a `moved` block or an implied move; null when not moved. */
  previousAddress: string | null;
  /** Module path, e.g. `module.db`; null for the root module. */
  moduleAddress: string | null;
  mode: ResourceMode;
  type: string;
  name: string;
  /** The count index or for_each key, when the resource has one. */
  index: string | number | null;
  providerName: string;
  /** Set when this change is about a deposed object (left over from a create-before-destroy). */
  deposedKey: string | null;
  /** The action list exactly as the plan wrote it. */
  rawActions: string[];
  action: PlannedAction;
  replaceOrder: ReplaceOrder | null;
  /** The object is being imported into state by this plan. */
  isImport: boolean;
  /** The object moved from `previousAddress` (not a delete). */
  isMove: boolean;
  /** Terraform's `action_reason`, verbatim; null when absent. */
  actionReason: string | null;
  /** `actionReason` in plain words; null when there is nothing to say. */
  reasonText: string | null;
  /** Attribute paths that force the replacement (`replace_paths`). */
  replacePaths: AttributePath[];
  /**
   * Values before and after, reduced to what is read of them (values-kept.ts); null when the
   * object does not exist on that side, and for no-op changes and data reads, whose values
   * nothing reads.
   */
  before: unknown;
  after: unknown;
  /**
   * Of a change whose `before` and `after` are null for being unread (a no-op, a move or import
   * without changes, a data source read): what says which object it is (values-kept.ts
   * unchangedValues): a data read's known arguments (its query), a manifest's kind, a role's name
   * and trust policy; null otherwise. Masked by `afterSensitive` as `after` is.
   */
  unchangedValues: unknown;
  /** What the import block imports (`importing`: `{id}`, or Terraform 1.12+ `{identity}`); null when not imported. */
  importing: unknown;
  /** Mirrors `after`: `true` where the value is known only after apply. */
  afterUnknown: unknown;
  /** Mirror `before`/`after`: `true` where the value is sensitive. */
  beforeSensitive: unknown;
  afterSensitive: unknown;
  /**
   * Top-level arguments the resource's configuration block sets (from the plan's
   * `configuration`); null when the plan does not say (no configuration section, or none for
   * this resource, as for a block already removed). Shared by every instance of the block.
   */
  configuredArguments: ReadonlySet<string> | null;
  /**
   * Where the grant-subject arguments the block sets (the role of an attachment, the security
   * group of a rule) take their values from: by argument, what its expression refers to
   * (plan/configuration.ts SubjectSources), for when the value is known only after apply. Null
   * when `configuredArguments` is. Shared by every instance of the block.
   */
  subjectSources: ReadonlyMap<string, readonly string[] | null> | null;
}

export interface OutputChange {
  name: string;
  action: PlannedAction;
  sensitive: boolean;
}

/**
 * A change Terraform could not plan fully this round (Terraform 1.9+ `deferred_changes`): it is
 * not applied now; a later plan and apply will carry it, with what is unknown now resolved.
 */
export interface DeferredChange {
  /** Terraform's reason, verbatim (`instance_count_unknown`, `provider_config_unknown`, …). */
  reason: string;
  change: ResourceChange;
}

/**
 * A provider action the apply will run (Terraform 1.14+ `action_invocations`, and
 * `deferred_action_invocations`): an operation outside the resource model, whose effect the plan
 * does not show (e.g. emptying a bucket, running SQL).
 */
export interface ActionInvocation {
  /** e.g. `action.aws_s3_empty_bucket.cleanup`. */
  address: string;
  type: string;
  name: string;
  providerName: string;
  /** The action's `config` block as planned; unknown values are absent. May hold sensitive values. */
  configValues: Record<string, unknown>;
  /** Mirrors `configValues`: `true` where a value is sensitive. */
  configSensitive: unknown;
  /** The resource whose lifecycle event runs the action; null for `terraform apply -invoke`. */
  triggeringAddress: string | null;
  /** `before_create`, `after_update`, …; null when the plan does not say. */
  triggerEvent: string | null;
  /** Set when the invocation itself is deferred to a later plan. */
  deferredReason: string | null;
}

export interface Plan {
  /** Display name: the file path, or `(stdin)`. */
  name: string;
  formatVersion: string | null;
  terraformVersion: string | null;
  /** Every entry of `resource_changes`, in plan order. */
  changes: ResourceChange[];
  /** Changes Terraform detected outside of Terraform (`resource_drift`). */
  drift: ResourceChange[];
  outputChanges: OutputChange[];
  /**
   * Managed resources in the prior state, child modules included (data sources and outputs do not
   * count). Null when the plan carries no prior state at all (format 0.1 plans often omit it).
   */
  priorManagedResourceCount: number | null;
  /** Variable names. Values are never kept in the model's public surface: see `secrets`. */
  variableNames: string[];
  /**
   * Values that must never leave the process: everything the plan marks sensitive, sensitive
   * outputs, and every variable value. Renderers scrub these from all output.
   */
  secrets: SecretValues;
  /** Errored plans (`errored: true`) are incomplete: their changes may be partial. */
  errored: boolean;
  /**
   * Terraform's `complete` (1.8+): false when applying this plan does not finish the work (a
   * `-target` plan, or deferred changes). Null when the plan does not say (older versions).
   */
  complete: boolean | null;
  /** `deferred_changes`: changes left for a later plan. */
  deferred: DeferredChange[];
  /** `action_invocations` and `deferred_action_invocations`, in plan order. */
  actionInvocations: ActionInvocation[];
  /**
   * Outputs the state held before this plan: output changes that start from an existing value
   * (update, no-op, delete), and `prior_state` outputs that no output change creates. A state
   * with outputs is not an empty state.
   */
  priorOutputCount: number;
}

/**
 * Every value that must never leave the process, of any length. A value shown whole is hidden
 * when it equals one; text is searched only for the longer ones (SCRUBBED_SECRET_MIN_LENGTH),
 * since a short value (`1`, `on`) is also an ordinary word.
 */
export interface SecretValues {
  /** Values marked sensitive anywhere in the plan, and sensitive variables: always scrubbed. */
  sensitive: ReadonlySet<string>;
  /** Variable values not declared sensitive: never printed as values, scrubbed from value text. */
  variables: ReadonlySet<string>;
  /**
   * Those of `sensitive` the configuration of the report's addresses spells (render/scrub.ts
   * notingConfiguration): left by the last pass over finished markdown.
   */
  configuration?: ReadonlySet<string>;
}

/** Shorter secrets are too common to search text for without mangling ordinary words. */
export const SCRUBBED_SECRET_MIN_LENGTH = 4;

/** Counts per action bucket, as in the JSON report's `summary`. */
export interface ActionSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  read: number;
  noop: number;
  forget: number;
  import: number;
  move: number;
}

export function isDestroying(change: ResourceChange): boolean {
  return change.action === 'delete' || change.action === 'replace';
}

export function isCreating(change: ResourceChange): boolean {
  return change.action === 'create' || change.action === 'replace' || change.action === 'create-then-forget';
}

/**
 * Whether the configuration sets `argument` on this resource: true or false when the plan
 * carries the resource's configuration, null when it does not.
 */
export function configurationSets(change: ResourceChange, argument: string): boolean | null {
  return change.configuredArguments === null ? null : change.configuredArguments.has(argument);
}

export function summarize(changes: readonly ResourceChange[]): ActionSummary {
  const summary: ActionSummary = { create: 0, update: 0, replace: 0, delete: 0, read: 0, noop: 0, forget: 0, import: 0, move: 0 };
  for (const change of changes) {
    switch (change.action) {
      case 'create': summary.create++; break;
      case 'update': summary.update++; break;
      case 'replace': summary.replace++; break;
      case 'create-then-forget': summary.replace++; break;
      case 'delete': summary.delete++; break;
      case 'read': summary.read++; break;
      case 'no-op': summary.noop++; break;
      case 'forget': summary.forget++; break;
      case 'unknown': break;
    }
    if (change.isImport) summary.import++;
    if (change.isMove) summary.move++;
  }
  return summary;
}
