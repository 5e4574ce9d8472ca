/**
 * SARIF 2.1.0 for code scanning (`--format sarif`, the action's `sarif-file`): one rule per rule
 * id with its help, one result per finding, at the `.tf` line that declares the resource when it
 * can be found (the plan's configuration has no line numbers), else at the plan file. Pure: the
 * caller reads the `.tf` files. Plan text is scrubbed of secrets like every other output.
 */
import { isBlockingFinding } from '../decision/blocking.js';
import { POLICY_CHANGED, WORKFLOW_CHANGED } from '../policy/pull-request-rules.js';
import { MOVED_INTO_IGNORED } from '../policy/moved-into-ignored.js';
import type { Analysis } from '../report.js';
import { RULES } from '../rules/index.js';
import type { Finding, RuleId, Severity } from '../rules/types.js';
import { RULE_IDS } from '../rules/types.js';
import { TOOL_VERSION } from '../version.js';
import { findDeclaration, type TfFile } from './annotations.js';
import { jsonTextParts } from './json-text.js';
import { scrubAbout, scrubAddress, scrubSecrets } from './scrub.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** Every `.tf` file to look for declarations in, paths relative to the base (forward slashes). */
  files: readonly TfFile[];
  /**
   * A plan's file relative to the base: its path (forward slashes) and its directory, where its
   * root module is looked for first, then at the base itself (a module's resources anywhere else).
   * Null for a plan with no file under the base (standard input, a file outside it).
   */
  planFileOf: (planName: string) => { name: string; configurationDir: string } | null;
  /**
   * Where tf-plan-guard's own files are browsed (`https://github.com/OWNER/tf-plan-guard/blob/REF`),
   * for each rule's `helpUri`; null when not known (the command line).
   */
  docsBaseUrl?: string | null;
}

/** The rules that are not plan rules (no entry in RULES): the action's own findings. */
const OTHER_RULES: readonly RuleInfo[] = [
  {
    id: POLICY_CHANGED.id,
    severity: POLICY_CHANGED.defaultSeverity,
    summary: "The pull request adds, changes, deletes or renames the policy file that gates it; the base branch's policy still decides.",
  },
  {
    id: WORKFLOW_CHANGED.id,
    severity: WORKFLOW_CHANGED.defaultSeverity,
    summary: "The pull request changes the workflow file that runs the gate; until it is merged the gate's inputs are the base copy's (the strictest reading where those cannot be known).",
  },
  {
    id: MOVED_INTO_IGNORED.id,
    severity: MOVED_INTO_IGNORED.defaultSeverity,
    summary: "A stateful resource is moved from an address the policy's ignore does not cover into one it covers, where its deletes would no longer be reviewed.",
  },
];

/** Where each rule is documented, beside the product (docs/ of its repository). */
const RULE_DOCS: Record<RuleId, string> = {
  'stateful-delete': 'docs/rules-stateful-lockout-incomplete.md',
  'stateful-replace': 'docs/rules-stateful-lockout-incomplete.md',
  'empty-prior-state': 'docs/rules-state-protection-backup.md',
  'mass-delete': 'docs/rules-stateful-lockout-incomplete.md',
  'deletion-protection-disabled': 'docs/rules-state-protection-backup.md',
  'deletion-protection-missing': 'docs/rules-state-protection-backup.md',
  'backup-weakened': 'docs/rules-state-protection-backup.md',
  'iam-wildcard-action': 'docs/rules-iam-network.md',
  'iam-wildcard-resource': 'docs/rules-iam-network.md',
  'iam-admin-policy': 'docs/rules-iam-network.md',
  'iam-public-principal': 'docs/rules-iam-network.md',
  'iam-unverifiable': 'docs/rules-iam-network.md',
  'network-open-ingress': 'docs/rules-iam-network.md',
  'network-unverifiable': 'docs/rules-iam-network.md',
  'policy-changed': 'README.md',
  'workflow-changed': 'README.md',
  'moved-into-ignored': 'README.md',
  'resource-forget': 'docs/rules-stateful-lockout-incomplete.md',
  'destructive-action': 'docs/rules-stateful-lockout-incomplete.md',
  'helm-release-uninstall': 'docs/rules-stateful-lockout-incomplete.md',
  'iam-policy-removed': 'docs/rules-stateful-lockout-incomplete.md',
  'key-disabled': 'docs/rules-stateful-lockout-incomplete.md',
};

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * GitHub code scanning ranks alerts by `security-severity` (0-10): critical above 9, high 7-8.9,
 * medium 4-6.9, low below 4.
 */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

interface RuleInfo {
  id: RuleId;
  severity: Severity;
  summary: string;
}

function ruleInfos(): RuleInfo[] {
  const byId = new Map<RuleId, RuleInfo>();
  for (const rule of RULES) byId.set(rule.id, { id: rule.id, severity: rule.defaultSeverity, summary: rule.summary });
  for (const rule of OTHER_RULES) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return RULE_IDS.flatMap((id) => byId.get(id) ?? []);
}

export function renderSarif(analysis: Analysis, options: SarifOptions): string {
  return renderSarifParts(analysis, options).join('');
}

/** renderSarif's text as parts, one or more per result (text-output.ts writes them without joining them). */
export function renderSarifParts({ report, secrets }: Analysis, options: SarifOptions): string[] {
  const rules = ruleInfos();
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const results = report.plans.flatMap((plan) =>
    plan.findings.map((finding) => {
      const planFile = options.planFileOf(plan.name);
      const where = finding.address ? declarationOf(finding.address, options.files, planFile?.configurationDir ?? '') : null;
      const planPath = planFile?.name ?? null;
      const location = where
        ? physicalLocation(where.path, where.line)
        : planPath !== null
          ? physicalLocation(planPath, null)
          : null;
      return {
        ruleId: finding.ruleId,
        ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
        level: LEVEL[finding.severity],
        message: { text: scrubAbout(messageText(finding), finding.address, secrets) },
        locations: [
          {
            ...(location ? { physicalLocation: location } : {}),
            logicalLocations: [{ fullyQualifiedName: finding.address ? scrubAddress(finding.address, secrets) : scrub(plan.name), kind: finding.address ? 'resource' : 'module' }],
          },
        ],
        // What identifies the alert across runs: the rule, the plan and the address, not the line.
        partialFingerprints: { 'tfPlanGuard/v1': scrub(`${finding.ruleId}:${plan.name}:${finding.address ?? ''}`) },
        ...(finding.suppressed ? { suppressions: [{ kind: 'external', status: 'accepted', justification: scrub(finding.suppressed.reason) }] } : {}),
        properties: {
          severity: finding.severity,
          blocking: !finding.suppressed && isBlockingFinding(finding, report.blockOn),
          plan: scrub(plan.name),
          actions: finding.actions,
          ...(finding.resourceType ? { resourceType: finding.resourceType } : {}),
        },
      };
    }),
  );
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tf-plan-guard',
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: pascalCase(rule.id),
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.summary },
              help: {
                text: `${rule.summary} Default severity: ${rule.severity}. Reference: ${RULE_DOCS[rule.id]} of tf-plan-guard, section \`${rule.id}\`.`,
                markdown: `${rule.summary}\n\nDefault severity: **${rule.severity}**. Reference: ${docLink(rule.id, options.docsBaseUrl)} of tf-plan-guard, section \`${rule.id}\`.`,
              },
              ...(options.docsBaseUrl ? { helpUri: `${options.docsBaseUrl}/${RULE_DOCS[rule.id]}` } : {}),
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ['terraform', 'security'], 'security-severity': SECURITY_SEVERITY[rule.severity] },
            })),
          },
        },
        results,
        properties: { blockOn: report.blockOn, risk: report.risk, blocking: report.blocking, fingerprint: report.fingerprint },
      },
    ],
  };
  // The log, its runs, the run and its results piece by piece; each result whole.
  const parts = jsonTextParts(log, 4);
  parts.push('\n');
  return parts;
}

function docLink(id: RuleId, docsBaseUrl: string | null | undefined): string {
  return docsBaseUrl ? `[${RULE_DOCS[id]}](${docsBaseUrl}/${RULE_DOCS[id]})` : `\`${RULE_DOCS[id]}\``;
}

/** Beside the plan first, then at the base: a plan is often written elsewhere than its configuration. */
function declarationOf(address: string, files: readonly TfFile[], planDir: string): { path: string; line: number } | null {
  return findDeclaration(address, files, planDir) ?? (planDir === '' ? null : findDeclaration(address, files, ''));
}

function physicalLocation(path: string, line: number | null) {
  return {
    artifactLocation: { uri: encodeUriPath(path), uriBaseId: '%SRCROOT%' },
    ...(line !== null ? { region: { startLine: line } } : {}),
  };
}

/** A relative path as a URI reference: each segment percent-encoded, the slashes kept. */
function encodeUriPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function messageText(finding: Finding): string {
  const lines = [finding.message, ...finding.details.map((detail) => `- ${detail}`)];
  if (finding.remediation) lines.push(`Fix: ${finding.remediation}`);
  if (finding.suppressed) lines.push(`Suppressed by the policy: ${finding.suppressed.reason}`);
  return lines.join('\n');
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => (part === 'iam' ? 'IAM' : `${part.charAt(0).toUpperCase()}${part.slice(1)}`))
    .join('');
}
