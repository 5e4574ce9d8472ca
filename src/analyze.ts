/**
 * The pure middle of the pipeline: plans + policy + context → report.
 * No I/O here; the callers (cli, action) load the plans and publish the result.
 */
import { statefulCatalog } from './catalog/stateful.js';
import { highestRisk, isBlockingFinding } from './decision/blocking.js';
import { fingerprint } from './decision/fingerprint.js';
import type { Plan, SecretValues } from './plan/model.js';
import { summarize } from './plan/model.js';
import { planWarnings } from './plan/completeness.js';
import { identifyingValues } from './plan/identity.js';
import { applyPolicy } from './policy/apply.js';
import type { Policy } from './policy/config.js';
import { movedIntoIgnoredFindings } from './policy/moved-into-ignored.js';
import { evaluateRules } from './rules/index.js';
import type { Finding, RuleContext } from './rules/types.js';
import type { Analysis, OtherChange, PlanReport } from './report.js';
import { notingConfiguration } from './render/scrub.js';
import { TOOL_VERSION } from './version.js';

export interface AnalysisContext {
  /** Per plan name, how the PR touched its configuration; `unknown` when not given. */
  configurationChange?: (plan: Plan) => RuleContext['configurationChange'];
  /**
   * Findings about the pull request rather than a plan (`policy-changed`). They are reported with
   * the first plan and go through the policy like any other.
   */
  pullRequestFindings?: readonly Finding[];
  /**
   * Findings about the gate itself (`workflow-changed`): the PR may have chosen the policy (its
   * workflow sets `config-file`), so no policy lowers, silences or passes them: they always block.
   * Reported with the first plan.
   */
  gateFindings?: readonly Finding[];
}

export function analyzePlans(plans: readonly Plan[], policy: Policy, context: AnalysisContext = {}): Analysis {
  const stateful = statefulCatalog(policy.stateful);
  const extra = context.pullRequestFindings ?? [];
  const gate = context.gateFindings ?? [];
  const planReports: PlanReport[] = plans.map((plan, index) => {
    const ruleContext: RuleContext = {
      stateful,
      massDeleteThreshold: policy.massDeleteThreshold,
      configurationChange: context.configurationChange?.(plan) ?? 'unknown',
    };
    const raw = [...(index === 0 ? extra : []), ...evaluateRules(plan, ruleContext), ...movedIntoIgnoredFindings(plan, policy, stateful)];
    const findings = [...(index === 0 ? gate : []), ...withIdentity(applyPolicy(raw, policy, movedFrom(plan)), plan)];
    return {
      name: plan.name,
      terraformVersion: plan.terraformVersion,
      formatVersion: plan.formatVersion,
      summary: summarize(plan.changes),
      warnings: planWarnings(plan),
      findings,
      otherChanges: otherChanges(plan, findings),
    };
  });
  const findings = planReports.flatMap((plan) => plan.findings);
  const blocking = findings.filter((finding) => gate.includes(finding) || isBlockingFinding(finding, policy.blockOn));
  const planOf = new Map(planReports.flatMap((plan) => plan.findings.map((finding) => [finding, plan.name] as const)));
  const qualifyByPlan = planReports.length > 1;
  return {
    report: {
      schemaVersion: 1,
      tool: { name: 'tf-plan-guard', version: TOOL_VERSION },
      blockOn: policy.blockOn,
      risk: highestRisk(findings),
      blocking: blocking.length > 0,
      fingerprint: fingerprint(blocking, (finding) => (qualifyByPlan ? planOf.get(finding) ?? null : null)),
      plans: planReports,
    },
    secrets: notingConfiguration(mergeSecrets(plans.map((plan) => plan.secrets)), planReports),
  };
}

/** The managed resources the plan changes that no finding is about, each once, in plan order. */
function otherChanges(plan: Plan, findings: readonly Finding[]): OtherChange[] {
  const seen = new Set(findings.map((finding) => finding.address).filter((address): address is string => address !== null));
  const others: OtherChange[] = [];
  for (const change of plan.changes) {
    if (change.mode !== 'managed' || seen.has(change.address)) continue;
    if ((change.action === 'no-op' || change.action === 'read') && !change.isMove && !change.isImport) continue;
    seen.add(change.address);
    others.push({
      address: change.address,
      resourceType: change.type,
      actions: [...change.rawActions],
      ...(change.isMove && change.previousAddress ? { previousAddress: change.previousAddress } : {}),
      ...(change.isImport ? { imported: true as const } : {}),
    });
  }
  return others;
}

/** The address each moved resource had before (a `moved` block, a count/for_each key change). */
function movedFrom(plan: Plan): (address: string) => string | null {
  const previous = new Map(plan.changes.flatMap((change) => (change.previousAddress === null ? [] : [[change.address, change.previousAddress] as const])));
  return (address) => previous.get(address) ?? null;
}

/** Each resource finding with the values its resource is recognized by. */
function withIdentity(findings: readonly Finding[], plan: Plan): Finding[] {
  const addresses = new Set(findings.map((finding) => finding.address));
  const changes = new Map<string, Plan['changes'][number]>();
  for (const change of plan.changes) {
    if (!addresses.has(change.address)) continue;
    if (!changes.has(change.address) || change.deposedKey === null) changes.set(change.address, change);
  }
  // Several findings on one resource show the same values (the arrays are never changed in place).
  const identities = new Map<Plan['changes'][number], string[]>();
  const identityOf = (change: Plan['changes'][number]) => {
    let identity = identities.get(change);
    if (identity === undefined) {
      identity = identifyingValues(change, plan.secrets);
      identities.set(change, identity);
    }
    return identity;
  };
  return findings.map((finding) => {
    const change = finding.address === null ? undefined : changes.get(finding.address);
    const identity = change ? identityOf(change) : [];
    return identity.length > 0 ? { ...finding, identity } : finding;
  });
}

export function mergeSecrets(all: readonly SecretValues[]): SecretValues {
  // The sets are read-only: one plan's are the merge (a large plan holds tens of thousands).
  if (all.length === 1) return all[0]!;
  const sensitive = new Set<string>();
  const variables = new Set<string>();
  for (const secrets of all) {
    for (const value of secrets.sensitive) sensitive.add(value);
    for (const value of secrets.variables) variables.add(value);
  }
  return { sensitive, variables };
}
