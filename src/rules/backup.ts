/**
 * backup-weakened: backups, snapshots and retention turned off or reduced. The facts (which
 * attribute, what weakens it, the default) are data: catalog/backup-guards.ts.
 *
 * A final-copy guard (a snapshot taken at delete time) switched off on an existing resource is
 * deletion-protection-disabled's finding (contract §5); this rule reports it when it is set weak
 * on a new resource, so each attribute change has one home.
 */
import { BACKUP_GUARDS, type BackupGuardRow } from '../catalog/backup-guards.js';
import { configurationSets, type Plan, type ResourceChange, type SecretValues } from '../plan/model.js';
import { formatPath, formatPlainValue, valueAt } from '../plan/values.js';
import { evidenceSet } from './evidence.js';
import { asNumber, guardEvidence, readGuard, showGuard, type GuardValue } from './guard-reading.js';
import { resourceFinding, type Finding, type Rule, type Severity } from './types.js';

const ROWS_BY_TYPE = new Map<string, BackupGuardRow[]>();
for (const row of BACKUP_GUARDS) ROWS_BY_TYPE.set(row.type, [...(ROWS_BY_TYPE.get(row.type) ?? []), row]);

export function backupGuardsFor(type: string): readonly BackupGuardRow[] {
  return ROWS_BY_TYPE.get(type) ?? [];
}

/** The guard on one side, with the row's default unless the object is a copy of another. */
function readRow(change: ResourceChange, side: 'before' | 'after', row: BackupGuardRow): GuardValue {
  const values = side === 'before' ? change.before : change.after;
  const copied = (row.copiedFrom ?? []).some((argument) => {
    const value = valueAt(values, [argument]);
    return (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0)) || (side === 'after' && configurationSets(change, argument) === true);
  });
  return readGuard(change, side, row.path, copied ? null : row.defaultWhenOmitted);
}

/** The effective value on one side, or undefined when the plan cannot say. */
function effective(change: ResourceChange, side: 'before' | 'after', row: BackupGuardRow): unknown {
  const reading = readRow(change, side, row);
  return reading.kind === 'value' ? reading.value : undefined;
}

/** A final-snapshot name that is present in the schema but empty: no final snapshot is taken. */
function isCleared(change: ResourceChange, side: 'before' | 'after', row: BackupGuardRow): boolean {
  if (side === 'after' && readGuard(change, side, row.path, null).kind === 'unknown') return false;
  const raw = valueAt(side === 'before' ? change.before : change.after, row.path);
  return raw === null || raw === '';
}

/** Whether the guard is in its weak state on one side (used for new objects and the current state). */
export function isWeakAt(change: ResourceChange, side: 'before' | 'after', row: BackupGuardRow): boolean {
  if (row.weakening === 'cleared') return isCleared(change, side, row);
  const value = effective(change, side, row);
  switch (row.weakening) {
    case 'set-true': return value === true;
    case 'set-false': return value === false;
    case 'lowered':
    case 'to-zero': return asNumber(value) === 0;
    case 'changed-to': return typeof value === 'string' && (row.weakValues ?? []).includes(value);
    case 'expires-sooner': {
      const days = asNumber(value);
      return days !== null && days > 0 && row.onCreateAtMost !== undefined && days <= row.onCreateAtMost;
    }
  }
}

/** An expiry in days, with 0 (never) as infinity. */
function expiryDays(value: unknown): number | null {
  const days = asNumber(value);
  return days === null ? null : days === 0 ? Number.POSITIVE_INFINITY : days;
}

/** Whether an update (or replacement) moves the guard from its safe state to a weaker one. */
export function isWeakTransition(change: ResourceChange, row: BackupGuardRow): boolean {
  if (row.weakening === 'cleared') {
    const before = valueAt(change.before, row.path);
    return typeof before === 'string' && before !== '' && isCleared(change, 'after', row);
  }
  const before = effective(change, 'before', row);
  const after = effective(change, 'after', row);
  if (before === undefined || after === undefined) return false;
  switch (row.weakening) {
    case 'set-true': return before !== true && after === true;
    case 'set-false': return before === true && after === false;
    case 'lowered': {
      const [from, to] = [asNumber(before), asNumber(after)];
      return from !== null && to !== null && to < from;
    }
    case 'to-zero': {
      const [from, to] = [asNumber(before), asNumber(after)];
      return from !== null && from > 0 && to === 0;
    }
    case 'changed-to': {
      const weak = row.weakValues ?? [];
      return typeof after === 'string' && weak.includes(after) && !(typeof before === 'string' && weak.includes(before));
    }
    case 'expires-sooner': {
      const [from, to] = [expiryDays(before), expiryDays(after)];
      return from !== null && to !== null && to < from;
    }
  }
}

/**
 * What a weakening costs, as a severity: backups turned off where that deletes the backups kept
 * (an RDS instance's retention cut to 0) and data set to expire within a day are high; any other
 * weakening medium.
 */
function weakeningSeverity(change: ResourceChange, row: BackupGuardRow, creating: boolean): Severity {
  const after = asNumber(effective(change, 'after', row));
  if (row.weakening === 'expires-sooner') return after !== null && after > 0 && after <= EXPIRY_HIGH_DAYS ? 'high' : 'medium';
  if (!creating && row.zeroDeletesBackups === true && after === 0) return 'high';
  return 'medium';
}

/** Data deleted this soon after it is written is, in effect, not kept. */
const EXPIRY_HIGH_DAYS = 1;

interface Weakened {
  row: BackupGuardRow;
  severity: Severity;
  /** The setting as the message shows it: `name 7 → 0` for a change, `name = true` for a new object. */
  setting: string;
  /** What to change in the resource block. */
  fix: string;
}

/** Whether the plan destroys the object a guard resource's row points at (its `guards`). */
type GuardedObjectDestroyed = (guards: NonNullable<BackupGuardRow['guards']>, change: ResourceChange) => boolean;

function guardedObjectDestroyed(plan: Plan): GuardedObjectDestroyed {
  const destroyed = plan.changes.filter((change) => change.action === 'delete' || change.action === 'replace');
  return (guards, change) => {
    const target = valueAt(change.before, [guards.via]);
    return target != null && destroyed.some((other) => other.type === guards.type && valueAt(other.before, [guards.key]) === target);
  };
}

function weakenedGuards(change: ResourceChange, secrets: SecretValues, objectDestroyed: GuardedObjectDestroyed): Weakened[] {
  const creating = change.action === 'create' || change.action === 'create-then-forget';
  const changing = change.action === 'update' || change.action === 'replace';
  const weakened: Weakened[] = [];
  for (const row of backupGuardsFor(change.type)) {
    const show = (side: 'before' | 'after') => showGuard(change, side, row.path, readRow(change, side, row), secrets);
    if (creating && row.onCreate && isWeakAt(change, 'after', row)) {
      weakened.push({ row, severity: weakeningSeverity(change, row, true), setting: `${formatPath(row.path)} = ${show('after')}`, fix: createFix(row) });
    } else if (changing && !row.finalCopy && isWeakTransition(change, row)) {
      weakened.push({ row, severity: weakeningSeverity(change, row, false), setting: `${formatPath(row.path)} ${show('before')} → ${show('after')}`, fix: `set ${formatPath(row.path)} back to ${formatPlainValue(effective(change, 'before', row), secrets)}` });
    } else if (change.action === 'delete' && row.guards && !objectDestroyed(row.guards, change) && effective(change, 'before', row) !== undefined && !isWeakAt(change, 'before', row)) {
      weakened.push({ row, severity: 'medium', setting: `it is destroyed while ${formatPath(row.path)} = ${show('before')}`, fix: DESTROYED_GUARD_FIX });
    }
  }
  return weakened;
}

/** A destroyed guard resource has no block left to change: keeping it, or forgetting it, is the fix. */
const DESTROYED_GUARD_FIX = 'keep the resource block, or replace it with a `removed` block with lifecycle { destroy = false } to stop managing it without switching the guard off';

function createFix(row: BackupGuardRow): string {
  const name = formatPath(row.path);
  switch (row.weakening) {
    case 'set-true': return `set ${name} = false`;
    case 'set-false': return `set ${name} = true`;
    case 'lowered':
    case 'to-zero': return `set ${name} to a retention above 0`;
    case 'expires-sooner': return `set ${name} to the retention the data needs (0 or omitted keeps it)`;
    case 'changed-to': return `set ${name} to a value other than ${(row.weakValues ?? []).join('/')}`;
    case 'cleared': return `set ${name}`;
  }
}

export const backupWeakened: Rule = {
  id: 'backup-weakened',
  defaultSeverity: 'medium',
  summary: 'Backups, snapshots or retention are turned off or reduced (skip_final_snapshot on a new database, retention lowered, PITR off, versioning suspended).',
  evaluate(plan) {
    const findings: Finding[] = [];
    const objectDestroyed = guardedObjectDestroyed(plan);
    for (const change of plan.changes) {
      if (change.mode !== 'managed') continue;
      const weakened = weakenedGuards(change, plan.secrets, objectDestroyed);
      if (weakened.length === 0) continue;
      const immediately = valueAt(change.after, ['apply_immediately']) === true && weakened.some((item) => item.severity === 'high');
      findings.push(
        resourceFinding(this, change, {
          severity: weakened.some((item) => item.severity === 'high') ? 'high' : 'medium',
          message: `${change.address} weakens its backups: ${weakened.map((item) => `${item.setting}, so ${item.row.effect}`).join('; ')}.`,
          details: [
            ...weakened.map((item) => `${formatPath(item.row.path)}: ${item.row.effect}`),
            ...(immediately ? ['apply_immediately = true: this takes effect during the apply, not in the next maintenance window.'] : []),
          ],
          remediation: remediation(weakened),
          // The guard values on both sides: weakening further (retention 7 → 1, then → 0) is a new approval.
          evidence: {
            weakened: evidenceSet(
              weakened.map((item) => ({
                guard: formatPath(item.row.path),
                before: guardEvidence(readRow(change, 'before', item.row)),
                after: guardEvidence(readRow(change, 'after', item.row)),
              })),
            ),
          },
        }),
      );
    }
    return findings;
  },
};

function remediation(weakened: readonly Weakened[]): string {
  const fixes = weakened.map((item) => item.fix);
  const where = fixes.includes(DESTROYED_GUARD_FIX) ? '' : ' in the resource block';
  return `${capitalize(fixes.join('; '))}${where}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
