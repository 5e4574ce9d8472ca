/**
 * The action's flow: pick the mode from the event, analyze (or re-read the stored report), decide
 * approval over facts read from GitHub, then publish: label removal, check run, comment, job
 * summary, outputs. Every decision is made by a pure function; this module only sequences I/O.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzePlans } from '../analyze.js';
import {
  decideApproval,
  isBotOrApp,
  rememberApproval,
  type ApprovalDecision,
  type ApprovalFacts,
  type ApprovalMemory,
  type LabelEvent,
  type Permission,
} from '../decision/approval.js';
import { InputError } from '../errors.js';
import { isSealed, stateSeal } from '../decision/state-seal.js';
import { analysisMark, collidingAnalysis, markLine, parseMark, type AnalysisMark } from '../decision/collision.js';
import { checkRunExternalIds, checkRunTexts, publishCheck } from '../github/check.js';
import { asCallError, createClient, GitHubCallError, type GitHubClient } from '../github/client.js';
import { findOwnComment, isOwnComment, isOwnIdentity, lastEditor, resolveIdentity, upsertComment, withoutBotSuffix, type CommentIdentity, type IssueComment, type RepoRef } from '../github/comment.js';
import type { ActionContext, PullRequestRef } from '../github/context.js';
import { configurationChange, listPullRequestFiles, type PullRequestFile } from '../github/files.js';
import { collaboratorPermission, ensureLabel, hasLabel, latestLabeledEvent, removeLabel } from '../github/labels.js';
import { loadPlanFile } from '../plan/load.js';
import type { Plan, SecretValues } from '../plan/model.js';
import { pullRequestContributors } from '../github/commits.js';
import { readFileAtRef } from '../github/contents.js';
import { policyChangedFinding, policyFileEntries, type PolicyFileChange } from '../policy/change.js';
import { DEFAULT_POLICY, loadPolicyFile, parsePolicy, resolvePolicy, type Policy } from '../policy/config.js';
import type { Finding } from '../rules/types.js';
import type { Analysis } from '../report.js';
import { buildAnnotations } from '../render/annotations.js';
import { missingLabelWarning, type LabelAvailability } from '../render/approval-label.js';
import { extractReportBody, parseStoredState, stateFromReport, stateLine, storedStateLine, type StoredState } from '../decision/comment-state.js';
import { headLines, renderCheckOutput, renderComment, verdictText, type CommentInput } from '../render/comment.js';
import { collisionLine, collisionSummary, collisionTitle } from '../render/collision.js';
import { escapeText } from '../render/escape.js';
import { renderJson } from '../render/json.js';
import { fitReport, sizeOf } from '../render/fit.js';
import { COMMENT_ADDRESSES_PER_GROUP, markdownHeadline, renderPlanSections } from '../render/markdown.js';
import { scrubReport, scrubSecrets } from '../render/scrub.js';
import { TOOL_VERSION } from '../version.js';
import type { ActionInputs } from './inputs.js';
import { resolvePlanFiles, type PlanFile } from './plan-files.js';
import { NO_REPORT_FILES, writeReportFiles, type ReportFiles } from './report-files.js';
import { readTfFiles } from './workspace.js';
import { formatCount } from '../numbers.js';

export type Mode = 'analyze-pull-request' | 'reevaluate' | 'analyze-only';

/** What the runner gives the flow: logging, summary and outputs (thin wrappers over @actions/core). */
export interface Runner {
  info(message: string): void;
  warning(message: string): void;
  setOutput(name: string, value: string): void;
  writeSummary(markdown: string): Promise<void>;
  /** Fails the step with one line. */
  fail(message: string): void;
}

export interface GateEnvironment {
  inputs: ActionInputs;
  context: ActionContext;
  env: NodeJS.ProcessEnv;
  runner: Runner;
}

/** The external id of a check run failed for a check-name collision: not a seal of any state. */
const COLLISION_EXTERNAL_ID = 'tf-plan-guard:check-name-collision';

const NO_SECRETS: SecretValues = { sensitive: new Set(), variables: new Set() };

/** Which flow an event gets (docs/github-api-calls.md, "Modes"). Pure. */
export function selectMode(context: Pick<ActionContext, 'pullRequest' | 'action' | 'eventName'>, planFiles: readonly string[]): Mode {
  const labelEvent = context.action === 'labeled' || context.action === 'unlabeled';
  if (planFiles.length === 0) {
    if (context.pullRequest && labelEvent) return 'reevaluate';
    throw new InputError(
      null,
      `input "plan-file" is required${context.eventName ? ` on ${context.eventName} events` : ''} (it may be empty only on pull_request labeled/unlabeled events)`,
    );
  }
  return context.pullRequest ? 'analyze-pull-request' : 'analyze-only';
}

export async function runGate(environment: GateEnvironment): Promise<void> {
  const { inputs, context } = environment;
  const mode = selectMode(context, inputs.planFiles);
  if (mode === 'analyze-only' || !context.pullRequest) {
    const analysis = analyze(loadLocalInput(environment), null);
    await publishWithoutPullRequest(environment, analysis);
    return;
  }
  const pullRequest = context.pullRequest;
  if (!inputs.githubToken) throw new InputError(null, 'input "github-token" is empty (the default is ${{ github.token }})');
  const client = createClient({
    token: inputs.githubToken,
    apiUrl: context.apiUrl,
    retryBaseMs: millisecondsFrom(environment.env, 'TF_PLAN_GUARD_RETRY_BASE_MS'),
    writeGapMs: millisecondsFrom(environment.env, 'TF_PLAN_GUARD_WRITE_GAP_MS'),
    onWait: (message) => environment.runner.info(message),
  });
  const session = new PullRequestSession(environment, client, pullRequest);
  if (mode === 'reevaluate') await session.reevaluate();
  else await session.analyzeAndPublish();
}

/** A delay tests may shorten through the environment; otherwise GitHub's advice of a second. */
function millisecondsFrom(env: NodeJS.ProcessEnv, name: string): number {
  const text = env[name];
  const value = text ? Number(text) : Number.NaN;
  return Number.isFinite(value) && value >= 0 ? value : 1000;
}

interface LoadedAnalysis {
  analysis: Analysis;
  planFiles: PlanFile[];
  plans: Plan[];
}

interface LoadedPlans {
  planFiles: PlanFile[];
  plans: Plan[];
}

interface LoadedInput extends LoadedPlans {
  policy: Policy;
  /** `policy-changed`, when the PR changes the policy file. */
  pullRequestFindings: readonly Finding[];
}

/** Reads the plans: every plan error surfaces here, before any API call. */
function loadPlans(environment: GateEnvironment): LoadedPlans {
  const { inputs, context } = environment;
  const planFiles = resolvePlanFiles(inputs.planFiles, context.workspace);
  const plans = planFiles.map((file) => loadPlanFile(file.path, file.name));
  return { planFiles, plans };
}

/** Outside a pull request there is no base: the policy is the checkout's file (like the CLI's). */
function loadLocalInput(environment: GateEnvironment): LoadedInput {
  const { inputs, context } = environment;
  const path = resolve(context.workspace, inputs.configFile.path);
  const policy = inputs.configFile.explicit ? loadPolicyFile(path, inputs.configFile.path) : resolvePolicy(null, context.workspace);
  return { policy: withBlockOnInput(policy, inputs), pullRequestFindings: [], ...loadPlans(environment) };
}

/** The `block-on` input is the workflow's, not the policy file's: it wins. */
function withBlockOnInput(policy: Policy, inputs: ActionInputs): Policy {
  return inputs.blockOn ? { ...policy, blockOn: inputs.blockOn } : policy;
}

/** `files`: the PR's file list; `checkoutTfFiles`: the `.tf` paths of the workspace (the PR's head). */
function analyze(input: LoadedInput, files: readonly PullRequestFile[] | null, checkoutTfFiles: readonly string[] = []): LoadedAnalysis {
  const directoryOf = new Map(input.planFiles.map((file) => [file.name, file.configurationDir]));
  const analysis = analyzePlans(input.plans, input.policy, {
    configurationChange: (plan) => {
      const dir = directoryOf.get(plan.name);
      return files && dir !== null && dir !== undefined ? configurationChange(files, dir, checkoutTfFiles) : 'unknown';
    },
    pullRequestFindings: input.pullRequestFindings,
  });
  return { analysis, planFiles: input.planFiles, plans: input.plans };
}

async function publishWithoutPullRequest(environment: GateEnvironment, loaded: LoadedAnalysis): Promise<void> {
  const { runner, inputs } = environment;
  const { report, secrets } = loaded.analysis;
  const reportFiles = writeReportFiles({ ...loaded, env: environment.env, sarifTfFiles: inputs.sarif ? readTfFiles(environment.context.workspace) : null });
  const decision: ApprovalDecision = report.blocking ? { status: 'pending' } : { status: 'not-needed' };
  const state: StoredState = { ...stateFromReport(report, inputs.checkName, null, markdownHeadline(report)), labelEventId: null, approval: null };
  await environment.runner.writeSummary(summaryMarkdown(environment, state, decision, renderPlanSections(report).join('\n'), secrets));
  setOutputs(runner, state, decision, reportFiles);
  runner.info(scrubSecrets(`tf-plan-guard: ${verdictText({ state, decision })} (no pull request: nothing posted)`, secrets));
  if (report.blocking && inputs.failOnBlock) runner.fail(failureLine(state, inputs));
}

/** One pull request's run: reads, the approval decision, and the writes (skipped after a fork's 403). */
class PullRequestSession {
  private readonly repo: RepoRef;
  /** Set when the token cannot write (a fork's read-only token): no further writes are tried. */
  private writesForbidden = false;
  /** Who the action's comments are written by, once resolved. */
  private identity: CommentIdentity | null = null;
  /** Set when another analysis of other plans reported under this check name: the step's failure line. */
  private collision: string | null = null;
  private collisionSummary: string | null = null;
  /** Whether the repository has the approval label (known once a blocking report looked). */
  private labelAvailability: LabelAvailability | undefined;

  constructor(
    private readonly environment: GateEnvironment,
    private readonly client: GitHubClient,
    private readonly pullRequest: PullRequestRef,
  ) {
    this.repo = { owner: environment.context.owner, repo: environment.context.repo };
  }

  async analyzeAndPublish(): Promise<void> {
    const { inputs, runner } = this.environment;
    const plans = loadPlans(this.environment);
    const files = await this.read(() => listPullRequestFiles(this.client, this.repo, this.pullRequest.number), null, (error) =>
      runner.warning(`tf-plan-guard: ${error.message}; empty-prior-state cannot tell whether this PR adds the configuration`),
    );
    const input: LoadedInput = { ...plans, ...(await this.policyFromBase(files ?? [])) };
    const tfFiles = readTfFiles(this.environment.context.workspace);
    const loaded = analyze(input, files, tfFiles.map((file) => file.path));
    const { report, secrets } = loaded.analysis;
    const existing = await this.ownComment();
    const memory = inputs.comment ? await this.trustedState(existing) : undefined;
    const fresh = stateFromReport(report, inputs.checkName, this.pullRequest.headSha, markdownHeadline(report));
    const facts = { ...(await this.approvalFacts(report.blocking, report.fingerprint, memory)), findings: fresh.blockingFindings };
    const decision = decideApproval(facts);
    const state: StoredState = { ...fresh, ...rememberApproval(facts, decision) };
    // The comment and the check list a few addresses of each group; the job summary lists them all.
    const reportBody = renderPlanSections(report, { addressesPerGroup: COMMENT_ADDRESSES_PER_GROUP }).join('\n');
    const commentInput = this.commentInput(state, decision, reportBody, loaded.plans, secrets);
    const annotations = buildAnnotations(report, tfFiles, (name) => loaded.planFiles.find((file) => file.name === name)?.configurationDir ?? '', secrets);

    await this.publish(decision, commentInput, existing, annotations);
    const reportFiles = writeReportFiles({ ...loaded, env: this.environment.env, sarifTfFiles: inputs.sarif ? tfFiles : null });
    await this.environment.runner.writeSummary(this.withCollision(summaryMarkdown(this.environment, state, decision, renderPlanSections(report).join('\n'), secrets, this.labelAvailability)));
    this.finish(state, decision, reportFiles, secrets);
  }

  async reevaluate(): Promise<void> {
    const { inputs, runner } = this.environment;
    if (!inputs.comment) {
      runner.warning('tf-plan-guard: re-evaluating approval without a plan needs the comment (input "comment" is false); nothing to do');
      return;
    }
    const existing = await this.ownComment();
    const stored = existing ? parseStoredState(existing.body, inputs.checkName) : null;
    if (!existing || !stored) {
      runner.warning('tf-plan-guard: no earlier tf-plan-guard report on this PR to re-evaluate; the next analysis will post one');
      return;
    }
    if (!(await this.isTrusted(existing, stored))) return;
    if (stored.headSha !== this.pullRequest.headSha) {
      // The report is for an older commit: a success here would vouch for an unanalyzed head.
      runner.warning(
        `tf-plan-guard: the last report is for commit ${(stored.headSha ?? 'unknown').slice(0, 12)}, not the head ${this.pullRequest.headSha.slice(0, 12)}; the analysis of the head will evaluate the label`,
      );
      return;
    }
    const facts = await this.approvalFacts(stored.blocking, stored.fingerprint, stored);
    const decision = decideApproval(facts);
    const state: StoredState = { ...stored, ...rememberApproval(facts, decision) };
    const reportBody = extractReportBody(existing.body);
    const commentInput = this.commentInput(state, decision, reportBody, [], NO_SECRETS);
    await this.publish(decision, commentInput, existing, []);
    await this.environment.runner.writeSummary(this.withCollision(summaryMarkdown(this.environment, state, decision, reportBody ?? '', NO_SECRETS, this.labelAvailability)));
    this.finish(state, decision, NO_REPORT_FILES, NO_SECRETS);
  }

  /** The job summary, opened by the collision when there is one. */
  private withCollision(markdown: string): string {
    return this.collisionSummary ? `## ⛔ ${escapeText(collisionTitle(this.environment.inputs.checkName))}\n\n${this.collisionSummary}\n\n${markdown}` : markdown;
  }

  private finish(state: StoredState, decision: ApprovalDecision, reportFiles: ReportFiles, secrets: SecretValues): void {
    const { runner, inputs } = this.environment;
    if (this.collision) {
      setOutputs(runner, state, decision.status === 'approved' ? { status: 'pending' } : decision, reportFiles);
      runner.fail(scrubSecrets(this.collision, secrets));
      return;
    }
    setOutputs(runner, state, decision, reportFiles);
    runner.info(scrubSecrets(`tf-plan-guard: ${verdictText({ state, decision })}`, secrets));
    const unapproved = state.blocking && decision.status !== 'approved';
    // Without a check run (read-only token) the step itself is the only place the verdict can fail.
    if (unapproved && (inputs.failOnBlock || this.writesForbidden)) runner.fail(failureLine(state, inputs));
  }

  private async publish(decision: ApprovalDecision, commentInput: CommentInput, existing: IssueComment | null, annotations: Awaited<ReturnType<typeof buildAnnotations>>): Promise<void> {
    const { inputs } = this.environment;
    if ('removeLabel' in decision && decision.removeLabel) {
      await this.write(() => removeLabel(this.client, this.repo, this.pullRequest.number, inputs.approvalLabel));
    }
    const own = analysisMark(commentInput.state.plans.map((name) => scrubSecrets(name, commentInput.secrets)), this.environment.env);
    const approvedOrClear = !commentInput.state.blocking || decision.status === 'approved';
    // A passing verdict must not replace the verdict of another analysis of other plans under this
    // name (a failing one is never weaker, and its mark makes every later pass look again).
    if (approvedOrClear && (await this.failClosedOnCollision(own))) return;
    const output = renderCheckOutput(commentInput);
    const seal = stateSeal(stateLine(commentInput.state, commentInput.secrets), this.pullRequest.number);
    await this.write(() =>
      publishCheck(this.client, this.repo, {
        name: inputs.checkName,
        headSha: this.pullRequest.headSha,
        conclusion: approvedOrClear ? 'success' : 'failure',
        title: output.title,
        summary: output.summary,
        annotations,
        externalId: seal,
        text: markLine(own),
      }),
    );
    // Two jobs that both looked before either wrote: the pass looks again after writing, so it sees
    // a failure written before that and fails closed; a failure written after is the newest anyway.
    if (approvedOrClear && (await this.failClosedOnCollision(own))) return;
    if (inputs.comment) {
      const body = renderComment(commentInput);
      await this.write(async () => {
        const written = await upsertComment(this.client, this.repo, this.pullRequest.number, existing, body);
        if (!existing) this.checkCommentIdentity(written);
      });
    }
  }

  /**
   * When a check run of this name on the head carries the mark of an analysis of other plans,
   * writes a failing check naming both jobs (never the comment: it is the other analysis's too)
   * and remembers why the step fails. True when it did.
   */
  private async failClosedOnCollision(own: AnalysisMark): Promise<boolean> {
    const { inputs } = this.environment;
    if (this.writesForbidden) return false;
    const texts = await this.read(() => checkRunTexts(this.client, this.repo, this.pullRequest.headSha, inputs.checkName), []);
    const other = collidingAnalysis(own, texts.map(parseMark));
    if (!other) return false;
    this.collision = collisionLine(inputs.checkName, own, other);
    this.collisionSummary = collisionSummary(inputs.checkName, own, other);
    await this.write(() =>
      publishCheck(this.client, this.repo, {
        name: inputs.checkName,
        headSha: this.pullRequest.headSha,
        conclusion: 'failure',
        title: collisionTitle(inputs.checkName),
        summary: this.collisionSummary ?? '',
        annotations: [],
        externalId: COLLISION_EXTERNAL_ID,
        text: markLine(own),
      }),
    );
    return true;
  }

  private commentInput(state: StoredState, decision: ApprovalDecision, reportBody: string | null, plans: readonly Plan[], secrets: SecretValues): CommentInput {
    const { inputs, context } = this.environment;
    return {
      checkName: inputs.checkName,
      approvalLabel: inputs.approvalLabel,
      settings: { approvers: inputs.approvers, approverPermission: inputs.approverPermission, allowSelfApproval: inputs.allowSelfApproval },
      state,
      decision,
      reportBody,
      plans: plans.map((plan) => ({ name: plan.name, terraformVersion: plan.terraformVersion, formatVersion: plan.formatVersion })),
      toolVersion: TOOL_VERSION,
      summaryUrl: context.runUrl,
      ruleReferenceUrl: ruleReferenceUrl(this.environment.env),
      ...(this.labelAvailability ? { labelAvailability: this.labelAvailability } : {}),
      secrets,
    };
  }

  /**
   * The policy that decides this PR: the policy file at the PR's base commit, read through the
   * API (the checkout is the PR's own code, and a PR must not set its own gate). The file at the
   * head is read too: when the PR adds, changes, deletes or renames it, `policy-changed` says so.
   */
  private async policyFromBase(files: readonly PullRequestFile[]): Promise<Pick<LoadedInput, 'policy' | 'pullRequestFindings'>> {
    const { inputs } = this.environment;
    const path = inputs.configFile.path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
    const baseSha = this.pullRequest.baseSha;
    if (!baseSha) throw new InputError(null, 'the pull_request event payload lacks pull_request.base.sha (the policy is read at the base commit)');
    const base = await readFileAtRef(this.client, this.repo, path, baseSha);
    const head = await readFileAtRef(this.client, this.repo, path, this.pullRequest.headSha);
    const where = `${path} at the base commit ${baseSha.slice(0, 12)}`;
    if (base.kind === 'not-a-file') throw new InputError(where, `the policy path holds a ${base.type}, not a file`);
    if (base.kind === 'missing' && head.kind === 'missing' && inputs.configFile.explicit) throw new InputError(path, 'policy file not found at the base commit nor at the head');
    const policy = base.kind === 'file' ? parsePolicy(base.text, where) : DEFAULT_POLICY;
    const change: PolicyFileChange = { path, base, head, touched: policyFileEntries(files, path) };
    const finding = policyChangedFinding(change);
    return { policy: withBlockOnInput(policy, inputs), pullRequestFindings: finding ? [finding] : [] };
  }

  /** The action's own comment; null when there is none or the comment is off. */
  private async ownComment(): Promise<IssueComment | null> {
    const { inputs } = this.environment;
    if (!inputs.comment) return null;
    const identity = await this.read(() => resolveIdentity(this.client, inputs.githubToken, inputs.commentAuthor), null);
    this.identity = identity;
    if (!identity) return null;
    return this.read(() => findOwnComment(this.client, this.repo, this.pullRequest.number, inputs.checkName, identity), null);
  }

  /**
   * A new comment whose author is not the identity the action looks for would never be found
   * again: every run would post another. Says which comment-author to set (a GitHub App token).
   */
  private checkCommentIdentity(written: IssueComment): void {
    if (!this.identity || !written.user || isOwnComment(written, this.identity)) return;
    this.environment.runner.warning(
      `tf-plan-guard: this token writes comments as ${written.user.login}, but the action looks for comments by ${this.identity.login}: set the input comment-author to "${written.user.login}", or every run posts a new comment and approvals are never remembered`,
    );
  }

  /** The state stored in the action's comment, when there is one and it is trusted (isTrusted); null otherwise. */
  private async trustedState(existing: IssueComment | null): Promise<StoredState | null> {
    const stored = existing ? parseStoredState(existing.body, this.environment.inputs.checkName) : null;
    return existing && stored && (await this.isTrusted(existing, stored)) ? stored : null;
  }

  /**
   * Whether the comment's state is the one the action last wrote there. Anyone with write access
   * can edit any comment, so two facts GitHub keeps out of their reach decide: nobody but the
   * action edited the comment since (GraphQL `editor`), which rules out putting back an older
   * genuine state, and a check run of the action's app on the state's commit carries its seal,
   * which rules out a forged one. An untrusted state counts as no memory at all (with a warning),
   * which can only withhold an approval.
   */
  private async isTrusted(existing: IssueComment, stored: StoredState): Promise<boolean> {
    const { inputs, runner } = this.environment;
    const identity = this.identity;
    const line = storedStateLine(existing.body, inputs.checkName);
    if (!identity || !line) return false;
    const untrusted = (why: string): false => {
      runner.warning(`tf-plan-guard: the state stored in the tf-plan-guard comment is not trusted: ${why}. An approval given before needs the label again after the next analysis.`);
      return false;
    };
    let editor;
    try {
      editor = await lastEditor(this.client, existing);
    } catch (error) {
      // Not knowing who edited it last is not knowing it was not replayed.
      return untrusted(`who edited the comment last could not be read (${asCallError('reading the comment\'s editor', error).message})`);
    }
    if (editor && !isOwnIdentity(editor, identity)) return untrusted(`the comment was edited after the action wrote it, by ${editor.login}`);
    // The bot of an app is `<slug>[bot]`: its check runs are the app's.
    const appSlug = identity.kind === 'bot' ? withoutBotSuffix(identity.login) : null;
    const headSha = stored.headSha;
    const externalIds = headSha && appSlug ? await this.read(() => checkRunExternalIds(this.client, this.repo, headSha, inputs.checkName, appSlug), []) : [];
    if (!isSealed(line, this.pullRequest.number, externalIds)) {
      return untrusted(`no "${inputs.checkName}" check run of ${appSlug ?? 'the action'} on commit ${(headSha ?? 'unknown').slice(0, 12)} carries its seal (the comment was edited after the action wrote it)`);
    }
    return true;
  }

  private async approvalFacts(blocking: boolean, fingerprint: string, memory: ApprovalMemory | null | undefined): Promise<ApprovalFacts> {
    const { inputs, context } = this.environment;
    let labelOnPullRequest = false;
    let latestLabeled: LabelEvent | null = null;
    let actorPermission: Permission | null = null;
    let contributors: string[] | null = [];
    // Only a blocking report needs an approval; the reads are skipped otherwise.
    if (blocking) {
      labelOnPullRequest = await this.read(() => hasLabel(this.client, this.repo, this.pullRequest.number, inputs.approvalLabel), false);
      if (labelOnPullRequest) latestLabeled = await this.read(() => latestLabeledEvent(this.client, this.repo, this.pullRequest.number, inputs.approvalLabel), null);
      else await this.ensureApprovalLabel();
      if (latestLabeled && !isBotOrApp(latestLabeled)) {
        const login = latestLabeled.actor.login;
        actorPermission = await this.read(() => collaboratorPermission(this.client, this.repo, login), null);
        if (!inputs.allowSelfApproval) contributors = await this.read(() => pullRequestContributors(this.client, this.repo, this.pullRequest.number), null);
      }
    }
    return {
      blocking,
      fingerprint,
      labelOnPullRequest,
      latestLabeled,
      actorPermission,
      pullRequestAuthor: this.pullRequest.author,
      contributors,
      settings: { approvers: inputs.approvers, approverPermission: inputs.approverPermission, allowSelfApproval: inputs.allowSelfApproval },
      memory,
      triggeredByLabel: context.action === 'labeled' && context.label?.toLowerCase() === inputs.approvalLabel.toLowerCase(),
    };
  }

  /** Creates the approval label when the repository lacks it; when it may not, the surfaces and the log say how. */
  private async ensureApprovalLabel(): Promise<void> {
    const { inputs, runner } = this.environment;
    const availability = await this.read(() => ensureLabel(this.client, this.repo, inputs.approvalLabel, { fromFork: this.pullRequest.fromFork || this.writesForbidden }), null);
    if (availability) this.labelAvailability = availability;
    if (availability?.kind === 'created') runner.info(`tf-plan-guard: created the approval label "${inputs.approvalLabel}" in ${this.repo.owner}/${this.repo.repo}`);
    const warning = availability ? missingLabelWarning(inputs.approvalLabel, availability) : null;
    if (warning) runner.warning(warning);
  }

  /** A read; a fork token's 403 gives the fallback (and stops the writes), anything else throws. */
  private async read<T>(request: () => Promise<T>, fallback: T, onOtherForbidden?: (error: GitHubCallError) => void): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof GitHubCallError && error.forbiddenForIntegration) {
        this.forbid(error);
        return fallback;
      }
      if (onOtherForbidden && error instanceof GitHubCallError && error.status === 403) {
        onOtherForbidden(error);
        return fallback;
      }
      throw error;
    }
  }

  private async write(request: () => Promise<unknown>): Promise<void> {
    if (this.writesForbidden) return;
    try {
      await request();
    } catch (error) {
      if (error instanceof GitHubCallError && error.forbiddenForIntegration) this.forbid(error);
      else throw error;
    }
  }

  private forbid(error: GitHubCallError): void {
    if (this.writesForbidden) return;
    this.writesForbidden = true;
    const fork = this.pullRequest.fromFork ? 'this pull request comes from a fork, whose token is read-only' : 'the token lacks a permission (see the permissions: block in the docs)';
    this.environment.runner.warning(
      `tf-plan-guard: the token cannot write to this pull request (${error.message}): ${fork}. No comment or check is posted; the job summary has the report and the step fails while a blocking change is unapproved.`,
    );
  }
}

/** GitHub's limit on one step's job summary. */
const JOB_SUMMARY_LIMIT = 1_048_576;

/** The job summary: the headline, the verdict and the complete report (grouping keeps it within 1 MiB). */
function summaryMarkdown(environment: GateEnvironment, state: StoredState, decision: ApprovalDecision, reportBody: string, secrets: SecretValues, labelAvailability?: LabelAvailability): string {
  const { inputs } = environment;
  const settings = { approvers: inputs.approvers, approverPermission: inputs.approverPermission, allowSelfApproval: inputs.allowSelfApproval };
  const head = scrubSecrets([...headLines({ checkName: inputs.checkName, state, decision, approvalLabel: inputs.approvalLabel, settings, ...(labelAvailability ? { labelAvailability } : {}) }, 'job-summary'), '', ''].join('\n'), secrets);
  const body = fitReport(scrubSecrets(reportBody, secrets), JOB_SUMMARY_LIMIT - sizeOf(head, 'bytes') - 1, {
    surface: 'the job summary',
    where: 'the `report-file` output (the JSON report)',
    measure: 'bytes',
  });
  return `${head}${body}\n`;
}

/** The README's rule reference at the version of the action that runs, when the runner says which. */
function ruleReferenceUrl(env: NodeJS.ProcessEnv): string | null {
  const repository = env['GITHUB_ACTION_REPOSITORY'];
  const ref = env['GITHUB_ACTION_REF'];
  if (!repository || !ref || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^[\w./-]+$/.test(ref)) return null;
  return `${(env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '')}/${repository}/blob/${ref}/README.md#rules`;
}

function setOutputs(runner: Runner, state: StoredState, decision: ApprovalDecision, reportFiles: ReportFiles): void {
  runner.setOutput('risk', state.risk);
  runner.setOutput('blocking', String(state.blocking));
  runner.setOutput('approved', String(decision.status === 'approved'));
  runner.setOutput('approved-by', decision.status === 'approved' ? decision.record.by : '');
  runner.setOutput('findings', String(state.findings));
  runner.setOutput('fingerprint', state.fingerprint);
  runner.setOutput('report-file', reportFiles.report);
  runner.setOutput('sarif-file', reportFiles.sarif);
}

function failureLine(state: StoredState, inputs: ActionInputs): string {
  const count = `${formatCount(state.blockingTotal)} blocking change${state.blockingTotal === 1 ? '' : 's'}`;
  const who =
    inputs.approvers.length > 0
      ? `one of ${inputs.approvers.map((login) => `@${login}`).join(', ')} (with at least the ${inputs.approverPermission} role)`
      : `someone with at least the ${inputs.approverPermission} role`;
  const author = inputs.allowSelfApproval ? '' : ', other than the PR author,';
  return `tf-plan-guard: ${count} at or above ${state.blockOn} ${state.blockingTotal === 1 ? 'needs' : 'need'} approval: ${who}${author} adds the label "${inputs.approvalLabel}"`;
}
