/**
 * The markdown report: what the PR comment, the check summary and the job summary show. A
 * reviewer reads what is at risk in the first lines: plan-wide findings first, then one line per
 * resource (identical findings on many instances grouped into one), each resource's reasons,
 * evidence and fix folded under its line.
 * Everything that came from the plan is escaped: it is untrusted text.
 */
import { markdownTable } from 'markdown-table';
import { appendAll } from '../append.js';
import { isBlockingFinding } from '../decision/blocking.js';
import type { SecretValues } from '../plan/model.js';
import type { Analysis, OtherChange, PlanReport, Report } from '../report.js';
import { severityRank, type Finding, type Severity } from '../rules/types.js';
import { code, codeHtml, escapeText } from './escape.js';
import { fitReport, OTHER_CHANGES_TITLE } from './fit.js';
import { escapeProse } from './prose.js';
import { riskHeadline, type HeadlineStyle } from './headline.js';
import { scrubAddress, scrubMarkdown, scrubReport, scrubSecrets } from './scrub.js';
import { addressPattern, count, counted, planVersions, shortenMiddle, terraformPlanLine, verdictLine } from './words.js';

export { code, escapeText } from './escape.js';

/** GitHub's limit on a comment, which `--format markdown` (the comment's body) keeps to. */
export const COMMENT_LIMIT = 65_536;

/** Addresses a group lists in a comment; the job summary lists them all. */
export const COMMENT_ADDRESSES_PER_GROUP = 20;

/** Unpadded tables: padding cells to the widest message only bloats the comment. */
const TABLE_OPTIONS = { alignDelimiters: false } as const;

export const SEVERITY_ICON: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

/**
 * Addresses as code, plan text escaped, each scrubbed of secrets before it is marked up: the
 * headline in markdown. Of an address only the instance keys, as in the body (audit 27 F1).
 * Each piece is shortened in the middle past HEADLINE_PIECE_MAX characters, after the scrub (so a
 * cut never hides part of a secret from it): the headline heads the comment and is kept in its
 * hidden state, outside the body's budget, and a 100,000-character instance key made a comment
 * GitHub refuses (audit 27 F6).
 */
function markdownHeadlineStyle(secrets: SecretValues): HeadlineStyle {
  return {
    address: (text) => code(shortenMiddle(scrubAddress(text, secrets), HEADLINE_PIECE_MAX)),
    text: (text) => escapeText(shortenMiddle(scrubSecrets(text, secrets), HEADLINE_PIECE_MAX)),
  };
}

/** Longer than any address or name a reviewer reads whole in a headline; only absurd ones are cut. */
const HEADLINE_PIECE_MAX = 120;

export interface SectionOptions {
  /**
   * How many addresses a group of identical findings lists, and how many lines the fold of the
   * plan's other changes takes; the rest are counted. Unlimited in the job summary.
   */
  addressesPerGroup?: number;
}

/**
 * The headline of a report in markdown; null when nothing blocks. Its plan text is scrubbed piece
 * by piece before it is marked up (the resources are counted as the plan has them); the pass over
 * the finished markdown is only a safety net that leaves markup alone (scrubMarkdown).
 */
export function markdownHeadline(report: Report, secrets: SecretValues): string | null {
  return riskHeadline(report, markdownHeadlineStyle(secrets));
}

/** `--format markdown`: the headline, the verdict and the report, cut to fit a comment. */
export function renderMarkdown(analysis: Analysis, limit = COMMENT_LIMIT): string {
  const { report } = analysis;
  const headline = markdownHeadline(report, analysis.secrets);
  const head = [`### ${report.blocking ? '⛔' : '✅'} ${headline ?? escapeText(verdictLine(report))}`, '', ...(headline ? [`**${escapeText(verdictLine(report))}**`, ''] : [])].join('\n');
  const body = renderPlanSections(analysis, { addressesPerGroup: COMMENT_ADDRESSES_PER_GROUP }).join('\n');
  const scrubbedHead = scrubMarkdown(`${head}\n`, analysis.secrets);
  const fitted = fitReport(scrubMarkdown(body, analysis.secrets), limit - scrubbedHead.length - 1, { surface: 'a comment', where: 'the JSON report (`--format json`)' });
  return `${scrubbedHead}${fitted}\n`;
}

/**
 * The body under the verdict: a table of the plans when there are several, then one section per plan.
 * Secrets are scrubbed from the report first, addresses included: the sections shorten long
 * addresses, and a secret cut in the middle no longer matches the pass over the finished text.
 */
export function renderPlanSections(analysis: Analysis, options: SectionOptions = {}): string[] {
  const report = scrubReport(analysis.report, analysis.secrets);
  // The resource each finding is about, by its address as the plan has it: two instances whose
  // keys are different secrets are scrubbed to one address, and are still two (audit 27 F2b).
  const resourceOf = new Map<Finding, string | null>();
  report.plans.forEach((plan, p) => plan.findings.forEach((finding, f) => resourceOf.set(finding, analysis.report.plans[p]?.findings[f]?.address ?? finding.address)));
  const resource: ResourceOf = (finding) => resourceOf.get(finding) ?? finding.address;
  const lines: string[] = [];
  const many = report.plans.length > 1;
  if (many) lines.push(plansTable(report), '');
  for (const plan of report.plans) {
    if (many) lines.push(`#### ${code(plan.name)}`, '');
    appendAll(lines, renderPlan(plan, report, many, options, resource));
  }
  return lines;
}

/** The unscrubbed address of a (scrubbed) finding: what tells resources apart. Never shown. */
type ResourceOf = (finding: Finding) => string | null;

/**
 * Several plans: one row each, with its directory (the configuration it plans, as far as the
 * file's path says), Terraform's plan line and the verdict. The Terraform workspace is not in a
 * plan's JSON, so it is not guessed.
 */
function plansTable(report: Report): string {
  const rows = report.plans.map((plan) => {
    const blocking = plan.findings.filter((finding) => isBlockingFinding(finding, report.blockOn)).length;
    const other = plan.findings.filter((finding) => !finding.suppressed).length - blocking;
    const verdict = blocking > 0 ? `⛔ ${counted(blocking, 'blocking finding')}` : other > 0 ? `✅ ${counted(other, 'finding')} below ${report.blockOn}` : '✅ nothing to flag';
    const { directory, file } = splitPlanName(plan.name);
    return [directory === null ? '—' : code(directory, true), code(file, true), escapeText(terraformPlanLine(plan.summary)), verdict];
  });
  return markdownTable([['Directory', 'Plan', 'Changes', 'Verdict'], ...rows], TABLE_OPTIONS);
}

/** `envs/prod/plan.json` → `envs/prod` and `plan.json`; a plan named without a directory has none. */
function splitPlanName(name: string): { directory: string | null; file: string } {
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  return slash < 0 ? { directory: null, file: name } : { directory: name.slice(0, slash) || '/', file: name.slice(slash + 1) };
}

function renderPlan(plan: PlanReport, report: Report, underPlanHeading: boolean, options: SectionOptions, resource: ResourceOf): string[] {
  const versions = planVersions(plan);
  const planLine = `**${escapeText(terraformPlanLine(plan.summary))}**`;
  // Under its own heading the plan is already named.
  const lines = [[planLine, ...(underPlanHeading ? [] : [code(plan.name)]), ...(versions ? [escapeText(versions)] : [])].join(' · '), ''];
  for (const warning of plan.warnings) lines.push('> [!WARNING]', `> ${escapeText(warning)}`, '');
  const unsuppressed = plan.findings.filter((finding) => !finding.suppressed);
  const suppressed = plan.findings.filter((finding) => finding.suppressed);
  // Plan-wide findings are few and say the most: first, never folded, never cut.
  for (const finding of sortBySeverity(unsuppressed.filter((candidate) => candidate.address === null))) appendAll(lines, planWideBlock(finding)).push('');
  const resources = unsuppressed.filter((finding) => finding.address !== null);
  // A resource is shown once, with all its findings: among the blocking ones when any of them blocks.
  const blockingAddresses = new Set(resources.filter((finding) => isBlockingFinding(finding, report.blockOn)).map(resource));
  const blocking = resources.filter((finding) => blockingAddresses.has(resource(finding)));
  const other = resources.filter((finding) => !blockingAddresses.has(resource(finding)));
  for (const block of resourceBlocks(blocking, options, resource)) appendAll(lines, block).push('');
  appendAll(lines, unverifiedNote(other));
  if (other.length > 0) {
    const below = resourceBlocks(other, options, resource).flatMap((block) => [...block, '']);
    appendAll(lines, folded(`${counted(new Set(other.map(resource)).size, 'more resource')} with findings below ${report.blockOn}`, below)).push('');
  }
  if (suppressed.length > 0) {
    const table = markdownTable(
      [['Rule', 'Resource', 'Reason'], ...suppressed.map((finding) => [finding.ruleId, finding.address ? code(finding.address, true) : 'the whole plan', escapeText(finding.suppressed?.reason ?? '')])],
      TABLE_OPTIONS,
    );
    appendAll(lines, folded(`${counted(suppressed.length, 'finding')} suppressed by the policy`, [table])).push('');
  }
  if (plan.findings.length === 0) lines.push('Nothing to flag in this plan.', '');
  const others = otherChangesFold(plan.otherChanges ?? [], options.addressesPerGroup ?? Number.POSITIVE_INFINITY);
  if (others.length > 0) appendAll(lines, others).push('');
  return lines;
}

/** The order the other changes are listed in: what loses data first. */
const OTHER_ORDER = ['Destroy', 'Replace', 'Forget', 'Update', 'Create', 'Move', 'Import'];
const OTHER_PHRASE: Record<string, string> = { Destroy: 'to destroy', Replace: 'to replace', Forget: 'to forget', Update: 'to update', Create: 'to create', Move: 'moved', Import: 'to import' };

/**
 * The rest of the plan in one fold: every change no finding is about, grouped by what happens and
 * the address's shape (`1,500 × module.tenants[*].aws_s3_bucket.logs`), at most `maxLines` lines.
 */
function otherChangesFold(changes: readonly OtherChange[], maxLines: number): string[] {
  if (changes.length === 0) return [];
  const groups = new Map<string, { word: string; changes: OtherChange[] }>();
  for (const change of changes) {
    const word = otherChangeWord(change);
    const key = `${word}\u0000${addressPattern(change.address)}`;
    const group = groups.get(key) ?? { word, changes: [] };
    group.changes.push(change);
    groups.set(key, group);
  }
  const rank = (word: string) => (OTHER_ORDER.includes(word) ? OTHER_ORDER.indexOf(word) : OTHER_ORDER.length);
  const ordered = [...groups.values()].sort((a, b) => rank(a.word) - rank(b.word));
  const listed = ordered.slice(0, maxLines).map((group) => `- ${escapeText(group.word)} ${otherChangeSubject(group.changes)}`);
  const unlisted = ordered.slice(listed.length).reduce((sum, group) => sum + group.changes.length, 0);
  if (unlisted > 0) listed.push(`- … and ${counted(unlisted, 'more resource')} (the job summary and the JSON report list them all)`);
  const byWord = new Map<string, number>();
  for (const group of ordered) byWord.set(group.word, (byWord.get(group.word) ?? 0) + group.changes.length);
  const phrases = [...byWord.entries()].map(([word, n]) => `${count(n)} ${OTHER_PHRASE[word] ?? word.toLowerCase()}`);
  return folded(`${OTHER_CHANGES_TITLE} (no findings): ${counted(changes.length, 'resource')}, ${phrases.join(', ')}`, listed);
}

function otherChangeWord(change: OtherChange): string {
  const word = actionWord(change.actions);
  const unchanged = word === 'No change';
  if (change.imported) return unchanged ? 'Import' : `Import and ${word.toLowerCase()}`;
  if (change.previousAddress && unchanged) return 'Move';
  return word;
}

function otherChangeSubject(changes: readonly OtherChange[]): string {
  const [first] = changes as [OtherChange];
  if (changes.length > 1) return `${count(changes.length)} × ${code(addressPattern(first.address))}`;
  return first.previousAddress ? `${code(first.previousAddress)} → ${code(first.address)}` : code(first.address);
}

/** Rules saying a grant or an ingress rule could not be checked: a value is known only after apply. */
const UNVERIFIABLE_RULES: ReadonlySet<string> = new Set(['iam-unverifiable', 'network-unverifiable']);
const UNVERIFIED_NAMED = 3;

/**
 * What could not be verified, said on screen rather than only in the fold below: these do not
 * block by default, and a grant hidden behind a value known only after apply could be anything.
 */
function unverifiedNote(belowThreshold: readonly Finding[]): string[] {
  const addresses = [...new Set(belowThreshold.filter((finding) => UNVERIFIABLE_RULES.has(finding.ruleId)).map((finding) => finding.address as string))];
  if (addresses.length === 0) return [];
  const named = addresses.slice(0, UNVERIFIED_NAMED).map((address) => code(address)).join(', ');
  const more = addresses.length > UNVERIFIED_NAMED ? ` and ${count(addresses.length - UNVERIFIED_NAMED)} more` : '';
  return [
    '> [!NOTE]',
    `> **Not verified:** ${named}${more} grant${addresses.length === 1 ? 's' : ''} or open${addresses.length === 1 ? 's' : ''} something known only after apply (a policy, an ARN, a role, ingress sources), so what ${addresses.length === 1 ? 'it grants or opens' : 'they grant or open'} could not be checked; this policy does not block on that. Look at what the values come from (below).`,
    '',
  ];
}

/** A plan-wide finding: its message on screen, its evidence and fix folded. */
function planWideBlock(finding: Finding): string[] {
  const lines = [`${SEVERITY_ICON[finding.severity]} **Whole plan** · ${finding.ruleId} (${finding.severity}): ${prose(finding, finding.message)}`];
  const body = evidenceLines(finding);
  if (body.length > 0) lines.push('<details><summary>Evidence and fix</summary>', '', ...body, '', '</details>');
  return lines;
}

/** A finding's reasons: its message, then its details and fix as a list. */
function findingLines(finding: Finding): string[] {
  return [`**${finding.ruleId}** (${finding.severity}): ${prose(finding, finding.message)}`, ...evidenceLines(finding)];
}

function evidenceLines(finding: Finding): string[] {
  return [...finding.details.map((detail) => `- ${prose(finding, detail)}`), ...(finding.remediation ? [`- **Fix:** ${prose(finding, finding.remediation)}`] : [])];
}

/** A sentence of a finding: the rules' code words as code; the resource's address and names, known to be plan text, never. */
function prose(finding: Finding, text: string): string {
  return escapeProse(text, [...(finding.address === null ? [] : [finding.address]), ...(finding.identity ?? [])]);
}

interface ResourceGroup {
  /** The instances, in plan order, as shown (scrubbed); their findings say the same but for the address. */
  addresses: string[];
  /** Identifying values per instance, in the same order. */
  identities: (readonly string[])[];
  /** The first instance's findings. */
  findings: Finding[];
  severity: Severity;
}

/**
 * One block per resource, or per group of resources whose findings are identical but for the
 * address (1,500 tenants' buckets): a one-line `<summary>`, the reasons folded under it.
 */
function resourceBlocks(findings: readonly Finding[], options: SectionOptions, resource: ResourceOf): string[][] {
  // By the resource (its unscrubbed address), each shown by its scrubbed address.
  const byResource = new Map<string | null, Finding[]>();
  for (const finding of findings) byResource.set(resource(finding), [...(byResource.get(resource(finding)) ?? []), finding]);
  const groups = new Map<string, ResourceGroup>();
  for (const list of byResource.values()) {
    const address = (list[0] as Finding).address as string;
    const key = groupKey(address, list);
    const group = groups.get(key);
    const identity = list.find((finding) => finding.identity && finding.identity.length > 0)?.identity ?? [];
    if (group) {
      group.addresses.push(address);
      group.identities.push(identity);
    } else {
      const severity = sortBySeverity(list)[0]?.severity ?? 'info';
      groups.set(key, { addresses: [address], identities: [identity], findings: sortBySeverity(list), severity });
    }
  }
  return [...groups.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)).map((group) => groupBlock(group, options));
}

/** What a resource's findings say, with its own address taken out: equal keys group. */
function groupKey(address: string, findings: readonly Finding[]): string {
  const general = (text: string | null) => (text === null ? null : text.split(address).join('\u0000'));
  return JSON.stringify(
    findings.map((finding) => [finding.ruleId, finding.severity, finding.actions, finding.resourceType, addressPattern(address), general(finding.message), finding.details.map(general), general(finding.remediation)]),
  );
}

function groupBlock(group: ResourceGroup, options: SectionOptions): string[] {
  const [first] = group.findings as [Finding];
  const rules = [...new Set(group.findings.map((finding) => finding.ruleId))].join(', ');
  const verb = `${SEVERITY_ICON[group.severity]} <b>${escapeText(actionWord(first.actions))}</b>`;
  const address = group.addresses[0] as string;
  if (group.addresses.length === 1) {
    const identity = group.identities[0] ?? [];
    const summary = [`${verb} ${codeHtml(shortenMiddle(address))}`, ...identity.map(escapeText)].join(' · ');
    const full = address.length > shortenMiddle(address).length ? [code(address), ''] : [];
    return [`<details><summary>${summary} — ${escapeText(rules)}</summary>`, '', ...full, ...group.findings.flatMap((finding) => [...findingLines(finding), '']), '</details>'];
  }
  const many = group.addresses.length;
  const pattern = addressPattern(address);
  const limit = options.addressesPerGroup ?? Number.POSITIVE_INFINITY;
  const listed = group.addresses.slice(0, limit).map((member, at) => `- ${[code(member), ...(group.identities[at] ?? []).map(escapeText)].join(' · ')}`);
  if (many > listed.length) listed.push(`- … and ${count(many - listed.length)} more (the job summary and the JSON report list them all)`);
  return [
    `<details><summary>${verb} ${count(many)} × ${codeHtml(shortenMiddle(pattern))} — ${escapeText(rules)}</summary>`,
    '',
    `The same findings for each of these ${count(many)} resources; as said of the first:`,
    '',
    ...group.findings.flatMap((finding) => [...findingLines(finding), '']),
    `<details><summary>The ${count(many)} addresses</summary>`,
    '',
    ...listed,
    '',
    '</details>',
    '',
    '</details>',
  ];
}

/** What happens to the resource, in one word. */
function actionWord(actions: readonly string[]): string {
  switch (actions.join(',')) {
    case 'delete':
      return 'Destroy';
    case 'delete,create':
    case 'create,delete':
      return 'Replace';
    case 'create':
      return 'Create';
    case 'update':
      return 'Update';
    case 'forget':
      return 'Forget';
    case 'read':
      return 'Read';
    case 'no-op':
      return 'No change';
    default:
      return actions.length > 0 ? actions.join(' + ') : 'Change';
  }
}

function sortBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

export function folded(summary: string, body: readonly string[]): string[] {
  return ['<details>', `<summary>${escapeText(summary)}</summary>`, '', ...body, '', '</details>'];
}
