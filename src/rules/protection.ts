/**
 * deletion-protection-missing and deletion-protection-disabled, and the note on stateful deletes
 * saying whether the guard in the current state would stop them. The facts (which attribute, what
 * value protects, the default, who enforces it) are data: catalog/protection-attributes.ts and the
 * final-copy rows of catalog/backup-guards.ts.
 */
import { minimatch } from 'minimatch';
import { PROTECTION_ATTRIBUTES, type ProtectionAttributeRow, type ProtectionValue } from '../catalog/protection-attributes.js';
import type { ResourceChange, SecretValues } from '../plan/model.js';
import { formatPath, formatPlainValue } from '../plan/values.js';
import { backupGuardsFor, isWeakAt, isWeakTransition } from './backup.js';
import { evidenceSet } from './evidence.js';
import { guardEvidence, readGuard, showGuard, type GuardValue } from './guard-reading.js';
import { resourceFinding, type Finding, type Rule } from './types.js';

export type GuardState = 'protected' | 'unprotected' | 'unknown' | 'undetermined';

export interface ProtectionReading {
  row: ProtectionAttributeRow;
  state: GuardState;
  value: GuardValue;
}

const EXACT_ROWS = new Map<string, ProtectionAttributeRow[]>();
for (const row of PROTECTION_ATTRIBUTES) {
  if (isPattern(row.type)) continue;
  EXACT_ROWS.set(row.type, [...(EXACT_ROWS.get(row.type) ?? []), row]);
}
const PATTERN_ROWS = PROTECTION_ATTRIBUTES.filter((row) => isPattern(row.type));

function isPattern(type: string): boolean {
  return /[*?[\]{}]/.test(type);
}

const ROWS_BY_TYPE = new Map<string, readonly ProtectionAttributeRow[]>();

/** The protection rows of a resource type: its own rows, then provider-wide ones it does not override. */
export function protectionRowsFor(type: string): readonly ProtectionAttributeRow[] {
  let rows = ROWS_BY_TYPE.get(type);
  if (!rows) {
    const own = EXACT_ROWS.get(type) ?? [];
    const ownPaths = new Set(own.map((row) => formatPath(row.path)));
    const wide = PATTERN_ROWS.filter((row) => minimatch(type, row.type) && !ownPaths.has(formatPath(row.path)));
    rows = [...own, ...wide];
    ROWS_BY_TYPE.set(type, rows);
  }
  return rows;
}

function protectedValues(row: ProtectionAttributeRow): readonly ProtectionValue[] {
  return Array.isArray(row.protectedWhen) ? row.protectedWhen : [row.protectedWhen as ProtectionValue];
}

/** An inverse attribute weakens protection when true (`force_destroy`). */
export function isInverse(row: ProtectionAttributeRow): boolean {
  return row.protectedWhen === false;
}

function readProtection(change: ResourceChange, side: 'before' | 'after', row: ProtectionAttributeRow): ProtectionReading {
  const value = readGuard(change, side, row.path, row.defaultWhenOmitted);
  if (value.kind !== 'value') return { row, state: value.kind, value };
  const isProtected = protectedValues(row).some((protectedValue) => protectedValue === value.value);
  return { row, state: isProtected ? 'protected' : 'unprotected', value };
}

/** Every protection attribute of the change's type, read on one side. */
export function protectionStatus(change: ResourceChange, side: 'before' | 'after' = 'before'): ProtectionReading[] {
  return protectionRowsFor(change.type).map((row) => readProtection(change, side, row));
}

function protectedText(row: ProtectionAttributeRow): string {
  return protectedValues(row).map((value) => JSON.stringify(value)).join(' or ');
}

function attribute(row: { path: ProtectionAttributeRow['path'] }): string {
  return formatPath(row.path);
}

const LAYER_TEXT: Record<ProtectionAttributeRow['layer'], string> = {
  'cloud-api': 'enforced by the cloud API',
  terraform: 'a Terraform-only guard: other tools can still delete it',
};

/**
 * Lines for a stateful delete or replace: whether the guards in the current state (`before`, which
 * is what a delete reads) would stop it, and whether a final copy is taken.
 */
export function deleteProtectionNotes(change: ResourceChange, secrets: SecretValues): string[] {
  const readings = protectionStatus(change, 'before');
  const show = (reading: ProtectionReading) => `${attribute(reading.row)} = ${showGuard(change, 'before', reading.row.path, reading.value, secrets)}`;
  const holding = readings.filter((reading) => reading.state === 'protected');
  const notes = holding.map((reading) => `${show(reading)} in the current state: ${reading.row.protectedMeans} (${LAYER_TEXT[reading.row.layer]}).`);
  if (holding.length === 0) {
    const open = readings.filter((reading) => reading.state === 'unprotected' && (reading.row.expected || (reading.value.kind === 'value' && reading.value.explicit)));
    notes.push(...open.map((reading) => `${show(reading)} in the current state: nothing stops this delete.`));
  }
  for (const row of backupGuardsFor(change.type).filter((guard) => guard.finalCopy)) {
    if (isWeakAt(change, 'before', row)) {
      const value = readGuard(change, 'before', row.path, row.defaultWhenOmitted);
      notes.push(`${attribute(row)} = ${showGuard(change, 'before', row.path, value, secrets)} in the current state: ${row.effect}.`);
    }
  }
  return notes;
}

/** Actions after which the object exists under Terraform with the `after` values. */
const KEEPING_ACTIONS = new Set<ResourceChange['action']>(['create', 'replace', 'create-then-forget', 'update']);

export const deletionProtectionMissing: Rule = {
  id: 'deletion-protection-missing',
  defaultSeverity: 'medium',
  summary: 'A resource type that supports deletion protection is created, replaced or updated without it (no-op resources are not reported).',
  evaluate(plan) {
    const findings: Finding[] = [];
    for (const change of plan.changes) {
      if (change.mode !== 'managed' || !KEEPING_ACTIONS.has(change.action)) continue;
      const missing = missingGuards(change);
      if (missing.length === 0) continue;
      findings.push(missingFinding(this, change, missing, plan.secrets));
    }
    return findings;
  },
};

/**
 * The readings that make the object unprotected after this change: the expected guards when none
 * of the type's guards protects it, plus any expected inverse attribute explicitly switched on.
 * An update or replacement reports only what was already unprotected before (a guard switched
 * off is deletion-protection-disabled's finding, not this one's).
 */
function missingGuards(change: ResourceChange): ProtectionReading[] {
  const changesExisting = change.action === 'update' || change.action === 'replace';
  if (changesExisting && switchedOff(change).length > 0) return [];
  const after = protectionStatus(change, 'after');
  const guards = after.filter((reading) => !isInverse(reading.row));
  const expectedGuards = guards.filter((reading) => reading.row.expected);
  const anyGuardHolds = guards.some((reading) => reading.state === 'protected') || expectedGuards.some((reading) => reading.state === 'unknown');
  const missing = anyGuardHolds ? [] : expectedGuards.filter((reading) => reading.state === 'unprotected');
  missing.push(...after.filter((reading) => isInverse(reading.row) && reading.row.expected && reading.state === 'unprotected'));
  if (!changesExisting) return missing;
  return missing.filter((reading) => readProtection(change, 'before', reading.row).state !== 'protected');
}

function missingFinding(rule: Rule, change: ResourceChange, missing: ProtectionReading[], secrets: SecretValues): Finding {
  const inverseOnly = missing.every((reading) => isInverse(reading.row));
  const what = inverseOnly ? 'with its deletion guard switched off' : 'without deletion protection';
  const subject =
    change.action === 'update'
      ? `${change.address} is updated and still has no deletion protection`
      : change.action === 'replace'
        ? `${change.address} will be replaced by a new object ${what}`
        : `${change.address} will be created ${what}`;
  const settings = missing.map((reading) => `${attribute(reading.row)} = ${showGuard(change, 'after', reading.row.path, reading.value, secrets)}`);
  const first = missing[0]!.row;
  return resourceFinding(rule, change, {
    message: `${subject}: ${settings.join(', ')}. With ${attribute(first)} = ${protectedText(first)}, ${first.protectedMeans}.`,
    details: missing.map((reading) => `${attribute(reading.row)}: ${LAYER_TEXT[reading.row.layer]}`),
    remediation: `Set ${missing.map((reading) => `${attribute(reading.row)} = ${firstProtectedValue(reading.row)}`).join(' or ')} in the resource block.`,
    evidence: { missing: evidenceSet(missing.map((reading) => ({ guard: attribute(reading.row), after: guardEvidence(reading.value) }))) },
  });
}

function firstProtectedValue(row: ProtectionAttributeRow): string {
  return JSON.stringify(protectedValues(row)[0]);
}

interface SwitchedOff {
  path: ProtectionAttributeRow['path'];
  defaultWhenOmitted: unknown;
  /** What the guard did while it was on, or what is lost now that it is off. */
  consequence: string;
}

/** Protection attributes turned from protected to unprotected, and final-copy guards switched off. */
function switchedOff(change: ResourceChange): SwitchedOff[] {
  const off: SwitchedOff[] = [];
  for (const row of protectionRowsFor(change.type)) {
    if (readProtection(change, 'before', row).state === 'protected' && readProtection(change, 'after', row).state === 'unprotected') {
      off.push({ path: row.path, defaultWhenOmitted: row.defaultWhenOmitted, consequence: `no longer: ${row.protectedMeans}` });
    }
  }
  for (const row of backupGuardsFor(change.type).filter((guard) => guard.finalCopy)) {
    if (isWeakTransition(change, row)) off.push({ path: row.path, defaultWhenOmitted: row.defaultWhenOmitted, consequence: row.effect });
  }
  return off;
}

export const deletionProtectionDisabled: Rule = {
  id: 'deletion-protection-disabled',
  defaultSeverity: 'high',
  summary: 'An update or replacement switches a deletion guard off (deletion_protection true→false, force_destroy false→true, skip_final_snapshot false→true).',
  evaluate(plan) {
    const findings: Finding[] = [];
    for (const change of plan.changes) {
      if (change.mode !== 'managed' || (change.action !== 'update' && change.action !== 'replace')) continue;
      const off = switchedOff(change);
      if (off.length === 0) continue;
      findings.push(disabledFinding(this, change, off, plan.secrets));
    }
    return findings;
  },
};

function disabledFinding(rule: Rule, change: ResourceChange, off: SwitchedOff[], secrets: SecretValues): Finding {
  const names = off.map((guard) => formatPath(guard.path));
  const transition = (guard: SwitchedOff) => {
    const before = showGuard(change, 'before', guard.path, readGuard(change, 'before', guard.path, guard.defaultWhenOmitted), secrets);
    const after = showGuard(change, 'after', guard.path, readGuard(change, 'after', guard.path, guard.defaultWhenOmitted), secrets);
    return `${formatPath(guard.path)}: ${before} → ${after}`;
  };
  const sameApply =
    change.action === 'replace'
      ? ` This plan also replaces it: the old object's delete reads ${names.join(', ')} from the current state, not from this change, so the switch does not take effect for that delete (a refusing guard makes the apply fail). Switch guards off in their own apply first.`
      : ' Once applied, nothing in the state stops a later plan from destroying it.';
  return resourceFinding(rule, change, {
    message: `${change.address} switches off its deletion guard (${names.join(', ')}).${sameApply}`,
    details: off.map((guard) => `${transition(guard)} (${guard.consequence})`),
    remediation: `Keep ${off.map((guard) => `${formatPath(guard.path)} = ${formatPlainValue(beforeValue(change, guard), secrets)}`).join(' and ')}; switch it off only in a reviewed change made just before an intended delete.`,
    evidence: {
      switchedOff: evidenceSet(
        off.map((guard) => ({
          guard: formatPath(guard.path),
          before: guardEvidence(readGuard(change, 'before', guard.path, guard.defaultWhenOmitted)),
          after: guardEvidence(readGuard(change, 'after', guard.path, guard.defaultWhenOmitted)),
        })),
      ),
    },
  });
}

function beforeValue(change: ResourceChange, guard: SwitchedOff): unknown {
  const reading = readGuard(change, 'before', guard.path, guard.defaultWhenOmitted);
  return reading.kind === 'value' ? reading.value : null;
}
