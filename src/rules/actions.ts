/**
 * destructive-action: a provider action (Terraform 1.14+) the apply will run that deletes data or
 * interrupts a service. The plan says only that it runs; which types do what is data
 * (catalog/action-types.ts). Actions not in the catalog are named in the plan's warnings.
 */
import { DESTRUCTIVE_ACTION_TYPES, type ActionTypeRow } from '../catalog/action-types.js';
import type { ActionInvocation, SecretValues } from '../plan/model.js';
import { formatPlainValue, isMarkedAt } from '../plan/values.js';
import type { Finding, Rule, Severity } from './types.js';

const BY_TYPE = new Map(DESTRUCTIVE_ACTION_TYPES.map((row) => [row.type, row]));

/** Statements that remove tables or all their rows at once. */
const DROPPING_SQL = /\b(?:drop|truncate)\b/i;
/** Statements that change data or schema. */
const WRITING_SQL = /\b(?:delete|update|insert|merge|alter|create|replace|grant|revoke|call|exec|execute)\b/i;

/** When the action runs, in words: `before aws_s3_bucket.logs is created` or `on terraform apply -invoke`. */
export function describeTrigger(invocation: ActionInvocation): string {
  if (invocation.triggeringAddress === null) return 'when invoked (terraform apply -invoke)';
  const event = invocation.triggerEvent ?? '';
  const match = /^(before|after)_(create|update|destroy)$/.exec(event);
  const done = { create: 'created', update: 'updated', destroy: 'destroyed' } as const;
  if (!match) return `on ${event || 'a lifecycle event'} of ${invocation.triggeringAddress}`;
  return `${match[1]} ${invocation.triggeringAddress} is ${done[match[2] as keyof typeof done]}`;
}

/**
 * The severity SQL earns, and how it reads: null when it only reads. The statement itself is
 * never quoted (it may embed values); only which kind of statement it is.
 */
function judgeSql(invocation: ActionInvocation, argument: string, fallback: Severity): { severity: Severity; says: string } | null {
  if (isMarkedAt(invocation.configSensitive, [argument])) return { severity: fallback, says: 'Its SQL is sensitive, so what it does cannot be checked here.' };
  const sql = invocation.configValues[argument];
  if (typeof sql !== 'string') return { severity: fallback, says: 'Its SQL is not known until apply.' };
  if (DROPPING_SQL.test(sql)) return { severity: 'critical', says: 'Its SQL drops or truncates: the tables or rows it names are gone, with no way back but a restore.' };
  if (WRITING_SQL.test(sql)) return { severity: fallback, says: 'Its SQL changes data or schema.' };
  return null;
}

function target(invocation: ActionInvocation, row: ActionTypeRow, secrets: SecretValues): string | null {
  const argument = row.targetArgument;
  if (!argument || isMarkedAt(invocation.configSensitive, [argument])) return null;
  const value = invocation.configValues[argument];
  return value === undefined || value === null ? null : `${argument}: ${formatPlainValue(value, secrets)}`;
}

export const destructiveAction: Rule = {
  id: 'destructive-action',
  defaultSeverity: 'high',
  summary: 'A provider action the apply runs deletes data or interrupts a service (aws_s3_empty_bucket, SQL that drops tables, …).',
  evaluate(plan): Finding[] {
    const findings: Finding[] = [];
    for (const invocation of plan.actionInvocations) {
      const row = BY_TYPE.get(invocation.type);
      if (!row) continue;
      const sql = row.sqlArgument ? judgeSql(invocation, row.sqlArgument, row.severity) : undefined;
      if (sql === null) continue;
      const deferred = invocation.deferredReason === null ? '' : ` It is deferred (${invocation.deferredReason}): it runs in a later apply.`;
      const shown = target(invocation, row, plan.secrets);
      findings.push({
        ruleId: this.id,
        severity: sql?.severity ?? row.severity,
        address: invocation.address,
        resourceType: invocation.type,
        actions: ['invoke'],
        message: `${invocation.address} runs ${describeTrigger(invocation)}: it ${row.does}.${sql ? ` ${sql.says}` : ''}${deferred} The plan does not show what it removes.`,
        remediation: 'Confirm the action is meant to run on this apply (and against this target), or remove it from the action_trigger / -invoke.',
        details: [...(shown ? [shown] : []), `What it does: ${row.source}`],
        suppressed: null,
      });
    }
    return findings;
  },
};
