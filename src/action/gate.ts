/**
 * The action's flow: pick the mode from the event, analyze (or re-read the stored report), decide
 * approval over facts read from GitHub, then publish: label removal, check run, comment, job
 * summary, outputs. Every decision is made by a pure function (decision/), every sentence by
 * render/, every call by github/; this module only sequences them.
 */
import {
  decideApproval,
  labellerLookups,
  rememberApproval,
  triggeredByApprovalLabel,
  type ApprovalDecision,
  type ApprovalFacts,
  type ApprovalMemory,
  type ApprovalSettings,
  type LabelEvent,
  type Permission,
} from '../decision/approval.js';
import { mergeSecrets } from '../analyze.js';
import { InputError, RefusedRunError } from '../errors.js';
import { stateSeal } from '../decision/state-seal.js';
import { analysisMark, collidingAnalysis, markLine, parseMark, type AnalysisMark } from '../decision/collision.js';
import { decidingPolicy, policyLocation, type DecidingPolicy } from '../decision/policy-source.js';
import { honouredInputs, type BaseGateSteps, type RunningWorkflow } from '../decision/gate-inputs.js';
import { normalizePath } from '../policy/change.js';
import { BASE_GATE_FILES_LIMIT, baseGateStepFiles, baseWorkflowPath, gateStepInputs, mayWriteTheCheck, unknownWorkflowChangedFinding, workflowChangedFinding, workflowDirectoryEntries, WORKFLOWS_DIRECTORY } from '../policy/workflow-change.js';
import { extendReach, linkedPaths, REACH_DEPTH_LIMIT, referencesFound, startReach, type Reach, type ReachLimits } from '../policy/workflow-reach.js';
import type { Finding } from '../rules/types.js';
import { decidedAlike, distrustOfEditor, distrustOfSeal, isReportOfBase, isReportOfHead, sealingApp, type Distrust, type EditorReading } from '../decision/stored-state-trust.js';
import { checkPasses, decisionWithoutPullRequest, reportedDecision, stepFailsUnapproved } from '../decision/verdict.js';
import { checkRunExternalIds, checkRunTexts, publishCheck, startCheck } from '../github/check.js';
import { asCallError, createActionClient, type GitHubClient } from '../github/client.js';
import { findOwnComment, isOwnComment, lastEditor, resolveIdentity, upsertComment, type CommentIdentity, type IssueComment, type RepoRef } from '../github/comment.js';
import { ruleReferenceUrl, type ActionContext, type PullRequestRef } from '../github/context.js';
import { listPullRequestFiles, PULL_REQUEST_FILES_LIMIT, type PullRequestFile } from '../github/files.js';
import { ForkAwareCalls } from '../github/fork-aware-calls.js';
import { collaboratorPermission, ensureLabel, hasLabel, latestLabeledEvent, removeLabel } from '../github/labels.js';
import type { Plan, SecretValues } from '../plan/model.js';
import { pullRequestContributors } from '../github/commits.js';
import { recordedPushers, withPushers, type Contributors } from '../decision/contributors.js';
import { LinkReader, listDirectoryAtRef, readFileAtRef, type FileAtRef } from '../github/contents.js';
import { currentPullRequest } from '../github/pull-request.js';
import { staleEvent } from '../decision/event-freshness.js';
import { buildAnnotations } from '../render/annotations.js';
import { missingLabelWarning, type LabelAvailability } from '../render/approval-label.js';
import { asStored, extractReportBody, parseStoredState, stateFromReport, stateLine, storedStateLine, type StoredState } from '../decision/comment-state.js';
import { renderCheckOutput, renderComment, type CommentInput } from '../render/comment.js';
import { collisionLine, collisionSummary, collisionTitle } from '../render/collision.js';
import {
  analysisFailed,
  analysisRunning,
  baseChangedNotAnalyzed,
  noReportNotEvaluated,
  olderEventNotAnalyzed,
  olderReportNotEvaluated,
  pullRequestTargetNotAnalyzed,
  untrustedReportNotEvaluated,
  type NotAnalyzed,
} from '../render/not-analyzed.js';
import { summaryMarkdown, withCollisionSummary } from '../render/job-summary.js';
import { COMMENT_ADDRESSES_PER_GROUP, markdownHeadline, renderPlanSections } from '../render/markdown.js';
import { scrubSecrets } from '../render/scrub.js';
import {
  commentIdentityWarning,
  failureLine,
  labelCreatedLine,
  NO_REPORT_TO_REEVALUATE,
  readOnlyTokenWarning,
  REEVALUATE_WITHOUT_COMMENT,
  reportOfOlderHeadWarning,
  unreadableFilesWarning,
  untrustedStateWarning,
  verdictLine,
  inputsSetAsideWarning,
  unknownWorkflowWarning,
} from '../render/step-messages.js';
import { TOOL_VERSION } from '../version.js';
import { analyze, loadLocalInput, loadPlans, withBlockOnInput, type LoadedAnalysis, type LoadedInput } from './analysis-input.js';
import type { ActionInputs } from './inputs.js';
import { selectMode } from './mode.js';
import { setOutputs } from './outputs.js';
import { NO_REPORT_FILES, writeReportFiles, type ReportFiles } from './report-files.js';
import { readTfFiles } from './workspace.js';

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
/** The external id of a check run failed without a verdict (not analyzed, or the run failed): not a seal either. */
const NOT_ANALYZED_EXTERNAL_ID = 'tf-plan-guard:not-analyzed';

const NO_SECRETS: SecretValues = { sensitive: new Set(), variables: new Set() };

export async function runGate(environment: GateEnvironment): Promise<void> {
  const { inputs, context } = environment;
  const mode = selectMode(context, inputs.planFiles);
  if (mode === 'analyze-only' || !context.pullRequest) {
    const analysis = analyze(loadLocalInput(inputs, context.workspace), null);
    await publishWithoutPullRequest(environment, analysis);
    return;
  }
  const pullRequest = context.pullRequest;
  if (!inputs.githubToken) throw new InputError(null, 'input "github-token" is empty (the default is ${{ github.token }})');
  const client = createActionClient(inputs.githubToken, context.apiUrl, environment.env, (message) => environment.runner.info(message));
  const session = new PullRequestSession(environment, client, pullRequest);
  try {
    if (context.eventName === 'pull_request_target') await session.refuse(pullRequestTargetNotAnalyzed());
    else if (mode === 'reevaluate') await session.reevaluate();
    else await session.analyzeAndPublish();
  } catch (error) {
    if (!(error instanceof RefusedRunError)) await session.failStartedCheck(error);
    throw error;
  }
}

function approvalSettings(inputs: ActionInputs): ApprovalSettings {
  return { approvers: inputs.approvers, approverPermission: inputs.approverPermission, allowSelfApproval: inputs.allowSelfApproval };
}

/** What the comment and the job summary both say about the verdict and its approval: one builder for both surfaces. */
type ApprovalView = Pick<CommentInput, 'checkName' | 'approvalLabel' | 'settings' | 'state' | 'decision' | 'labelAvailability' | 'secrets'>;

function approvalView(inputs: ActionInputs, state: StoredState, decision: ApprovalDecision, secrets: SecretValues, labelAvailability?: LabelAvailability): ApprovalView {
  return {
    checkName: inputs.checkName,
    approvalLabel: inputs.approvalLabel,
    settings: approvalSettings(inputs),
    state,
    decision,
    secrets,
    ...(labelAvailability ? { labelAvailability } : {}),
  };
}

async function publishWithoutPullRequest(environment: GateEnvironment, loaded: LoadedAnalysis): Promise<void> {
  const { runner, inputs } = environment;
  const { report, secrets } = loaded.analysis;
  const reportFiles = writeReportFiles({ ...loaded, env: environment.env, sarifTfFiles: inputs.sarif ? readTfFiles(environment.context.workspace) : null });
  const decision = decisionWithoutPullRequest(report.blocking);
  const state: StoredState = { ...stateFromReport(report, inputs.checkName, null, markdownHeadline(report, secrets)), labelEventId: null, approval: null };
  await runner.writeSummary(summaryMarkdown({ ...approvalView(inputs, state, decision, secrets), reportBody: renderPlanSections(loaded.analysis).join('\n') }));
  setOutputs((name, value) => runner.setOutput(name, value), state, decision, reportFiles);
  runner.info(scrubSecrets(verdictLine({ state, decision }, 'no-pull-request'), secrets));
  if (stepFailsUnapproved({ blocking: report.blocking, decision, failOnBlock: inputs.failOnBlock, checkWritten: true })) runner.fail(failureLine(state, approvalSettings(inputs), inputs.approvalLabel));
}

/** One pull request's run: reads, the approval decision, and the writes (skipped after a fork's 403). */
class PullRequestSession {
  private readonly repo: RepoRef;
  private readonly calls: ForkAwareCalls;
  private readonly linkReaders = new Map<string, LinkReader>();
  /** Who the action's comments are written by, once resolved. */
  private identity: CommentIdentity | null = null;
  /** Set when another analysis of other plans reported under this check name: the step's failure line and the summary's opening. */
  private collision: { line: string; title: string; summary: string } | null = null;
  /** Whether the repository has the approval label (known once a blocking report looked). */
  private labelAvailability: LabelAvailability | undefined;
  /** This run's check run, created `in_progress` when an analysis starts; completed with the verdict or as a failure. */
  private checkRunId: number | undefined;
  /** This run's analysis mark, once known: what its check runs carry. */
  private ownMark: AnalysisMark | null = null;
  /** The PR's number of commits as GitHub counts them, once read. */
  private commitCount: number | null = null;

  constructor(
    // Not readonly: honourInputs narrows the inputs once the run knows whether the PR changes its workflow.
    private environment: GateEnvironment,
    private readonly client: GitHubClient,
    /** The event's pull request; its head and base are confirmed against the API's (confirmCurrentPullRequest). */
    private pullRequest: PullRequestRef,
  ) {
    this.repo = { owner: environment.context.owner, repo: environment.context.repo };
    this.calls = new ForkAwareCalls((error) => environment.runner.warning(readOnlyTokenWarning(error.message, pullRequest.fromFork)));
  }

  async analyzeAndPublish(): Promise<void> {
    const { runner, context } = this.environment;
    const plans = loadPlans(this.environment.inputs, context.workspace);
    // Before any other call: from here on a failing run fails this check, never leaves an older verdict.
    await this.startCheck(plans.plans.map((plan) => plan.name), mergeSecrets(plans.plans.map((plan) => plan.secrets)));
    await this.confirmCurrentPullRequest();
    const files = await this.calls.read(() => listPullRequestFiles(this.client, this.repo, this.pullRequest.number), null, (error) => runner.warning(unreadableFilesWarning(error.message)));
    // The workflow first: while the PR changes it, config-file (where the policy is) is the base copy's.
    const workflow = await this.workflowChange(files);
    const blockOnNoLooserThanPolicy = this.honourInputs(workflow.running);
    const { policy, policyChanged } = await this.policyFromBase(files ?? []);
    const input: LoadedInput = {
      ...plans,
      policy: withBlockOnInput(policy, this.environment.inputs, blockOnNoLooserThanPolicy),
      pullRequestFindings: policyChanged ? [policyChanged] : [],
      // No policy may lower or pass the gate's own change.
      gateFindings: workflow.finding ? [workflow.finding] : [],
    };
    const tfFiles = readTfFiles(context.workspace);
    const loaded = analyze(input, files, tfFiles.map((file) => file.path));
    const { report, secrets } = loaded.analysis;
    const existing = await this.ownComment();
    // The honoured inputs from here on (the PR's workflow may not turn off the comment that records its pushers).
    const { inputs } = this.environment;
    const memory = inputs.comment ? await this.trustedState(existing) : undefined;
    const pushers = recordedPushers(memory?.pushers ?? [], context.action, context.sender);
    const decidedBy = { policyPath: policyLocation(inputs.configFile.path, this.pullRequest.baseSha).path, workflowPath: context.workflowPath };
    const fresh = { ...stateFromReport(report, inputs.checkName, this.pullRequest.headSha, markdownHeadline(report, secrets), this.pullRequest.baseSha), pushers, decidedBy };
    // Compared with the remembered findings as they were stored: addresses scrubbed.
    const facts = { ...(await this.approvalFacts(report.blocking, report.fingerprint, memory, pushers)), findings: asStored(fresh.blockingFindings, secrets) };
    const decision = decideApproval(facts);
    const state: StoredState = { ...fresh, ...rememberApproval(facts, decision) };
    // The comment and the check list a few addresses of each group; the job summary lists them all.
    const reportBody = renderPlanSections(loaded.analysis, { addressesPerGroup: COMMENT_ADDRESSES_PER_GROUP }).join('\n');
    const commentInput = this.commentInput(state, decision, reportBody, loaded.plans, secrets);
    const annotations = buildAnnotations(report, tfFiles, (name) => loaded.planFiles.find((file) => file.name === name)?.configurationDir ?? '', secrets);

    await this.publish(decision, commentInput, existing, annotations);
    const reportFiles = writeReportFiles({ ...loaded, env: this.environment.env, sarifTfFiles: inputs.sarif ? tfFiles : null });
    await this.writeSummary(state, decision, renderPlanSections(loaded.analysis).join('\n'), secrets);
    this.finish(state, decision, reportFiles, secrets);
  }

  async reevaluate(): Promise<void> {
    const { runner } = this.environment;
    if (!this.environment.inputs.comment) {
      runner.warning(REEVALUATE_WITHOUT_COMMENT);
      return;
    }
    // Before any other call: from here on a failing run fails this check, never leaves an older verdict.
    await this.startCheck(null, NO_SECRETS);
    await this.confirmCurrentPullRequest();
    // A label event does not analyze, but its inputs (the label, the approvers) come from the PR's workflow too.
    const files = await this.calls.read(() => listPullRequestFiles(this.client, this.repo, this.pullRequest.number), null);
    this.honourInputs((await this.workflowChange(files)).running);
    const { inputs } = this.environment;
    const existing = await this.ownComment();
    const stored = existing ? parseStoredState(existing.body, inputs.checkName) : null;
    if (!existing || !stored) {
      runner.warning(NO_REPORT_TO_REEVALUATE);
      await this.failNotAnalyzed(noReportNotEvaluated(NO_REPORT_TO_REEVALUATE));
      return;
    }
    if (!(await this.isTrusted(existing, stored))) {
      await this.failNotAnalyzed(untrustedReportNotEvaluated());
      return;
    }
    if (!isReportOfHead(stored.headSha, this.pullRequest.headSha)) {
      const warning = reportOfOlderHeadWarning(stored.headSha, this.pullRequest.headSha);
      runner.warning(warning);
      await this.failNotAnalyzed(olderReportNotEvaluated(warning, stored.headSha, this.pullRequest.headSha));
      return;
    }
    // The base's policy and workflow decided the stored verdict: against a base holding others (a retarget) it stands for nothing.
    if (!isReportOfBase(stored.baseSha, this.pullRequest.baseSha) && !(await this.decidedAlikeAt(stored))) {
      const notAnalyzed = baseChangedNotAnalyzed(stored.baseSha, this.pullRequest.baseSha);
      this.ownMark = this.mark(stored.plans, NO_SECRETS);
      await this.failNotAnalyzed(notAnalyzed);
      runner.fail(notAnalyzed.line);
      return;
    }
    const facts = await this.approvalFacts(stored.blocking, stored.fingerprint, stored, stored.pushers);
    const decision = decideApproval(facts);
    const state: StoredState = { ...stored, ...rememberApproval(facts, decision) };
    const reportBody = extractReportBody(existing.body);
    const commentInput = this.commentInput(state, decision, reportBody, [], NO_SECRETS);
    await this.publish(decision, commentInput, existing, []);
    await this.writeSummary(state, decision, reportBody ?? '', NO_SECRETS);
    this.finish(state, decision, NO_REPORT_FILES, NO_SECRETS);
  }

  private async writeSummary(state: StoredState, decision: ApprovalDecision, reportBody: string, secrets: SecretValues): Promise<void> {
    const { inputs, runner } = this.environment;
    const markdown = summaryMarkdown({ ...approvalView(inputs, state, decision, secrets, this.labelAvailability), reportBody });
    await runner.writeSummary(withCollisionSummary(markdown, this.collision));
  }

  private finish(state: StoredState, decision: ApprovalDecision, reportFiles: ReportFiles, secrets: SecretValues): void {
    const { runner, inputs } = this.environment;
    const setOutput = (name: string, value: string) => runner.setOutput(name, value);
    setOutputs(setOutput, state, reportedDecision(decision, this.collision !== null), reportFiles);
    if (this.collision) {
      runner.fail(scrubSecrets(this.collision.line, secrets));
      return;
    }
    runner.info(scrubSecrets(verdictLine({ state, decision }, 'pull-request'), secrets));
    if (stepFailsUnapproved({ blocking: state.blocking, decision, failOnBlock: inputs.failOnBlock, checkWritten: !this.calls.writesForbidden })) {
      runner.fail(failureLine(state, approvalSettings(inputs), inputs.approvalLabel));
    }
  }

  private async publish(decision: ApprovalDecision, commentInput: CommentInput, existing: IssueComment | null, annotations: Awaited<ReturnType<typeof buildAnnotations>>): Promise<void> {
    const { inputs } = this.environment;
    if ('removeLabel' in decision && decision.removeLabel) {
      await this.calls.write(() => removeLabel(this.client, this.repo, this.pullRequest.number, inputs.approvalLabel));
    }
    const own = this.mark(commentInput.state.plans, commentInput.secrets);
    this.ownMark = own;
    const passes = checkPasses(commentInput.state.blocking, decision);
    // A passing verdict must not replace the verdict of another analysis of other plans under this
    // name (a failing one is never weaker, and its mark makes every later pass look again).
    if (passes && (await this.failClosedOnCollision(own))) return;
    const output = renderCheckOutput(commentInput);
    const seal = stateSeal(stateLine(commentInput.state, commentInput.secrets), this.pullRequest.number);
    await this.calls.write(() =>
      publishCheck(this.client, this.repo, {
        name: inputs.checkName,
        headSha: this.pullRequest.headSha,
        conclusion: passes ? 'success' : 'failure',
        title: output.title,
        summary: output.summary,
        annotations,
        externalId: seal,
        text: markLine(own),
        checkRunId: this.checkRunId,
      }),
    );
    // Two jobs that both looked before either wrote: the pass looks again after writing, so it sees
    // a failure written before that and fails closed; a failure written after is the newest anyway.
    if (passes && (await this.failClosedOnCollision(own))) return;
    if (inputs.comment) {
      const body = renderComment(commentInput);
      await this.calls.write(async () => {
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
    if (this.calls.writesForbidden) return false;
    const texts = await this.calls.read(() => checkRunTexts(this.client, this.repo, this.pullRequest.headSha, inputs.checkName), []);
    const other = collidingAnalysis(own, texts.map(parseMark));
    if (!other) return false;
    this.collision = { line: collisionLine(inputs.checkName, own, other), title: collisionTitle(inputs.checkName, own, other), summary: collisionSummary(inputs.checkName, own, other) };
    const { title, summary } = this.collision;
    await this.calls.write(() =>
      publishCheck(this.client, this.repo, {
        name: inputs.checkName,
        headSha: this.pullRequest.headSha,
        conclusion: 'failure',
        title,
        summary,
        annotations: [],
        externalId: COLLISION_EXTERNAL_ID,
        text: markLine(own),
        checkRunId: this.checkRunId,
      }),
    );
    return true;
  }

  /** This run's analysis mark: its plans (scrubbed), its job, and this pull request against its base. */
  private mark(plans: readonly string[], secrets: SecretValues): AnalysisMark {
    const names = plans.map((name) => scrubSecrets(name, secrets));
    return analysisMark(names, this.environment.env, { number: this.pullRequest.number, baseSha: this.pullRequest.baseSha });
  }

  /**
   * Creates this run's check run `in_progress` on the head, marked with the analysis; unmarked
   * when the plans are not known yet (a label event, before it reads the stored report).
   */
  private async startCheck(plans: readonly string[] | null, secrets: SecretValues): Promise<void> {
    const { inputs } = this.environment;
    const own = plans ? this.mark(plans, secrets) : null;
    this.ownMark = own;
    const words = analysisRunning(inputs.checkName);
    await this.calls.write(async () => {
      this.checkRunId = await startCheck(this.client, this.repo, { name: inputs.checkName, headSha: this.pullRequest.headSha, title: words.title, summary: words.summary, text: own ? markLine(own) : '' });
    });
  }

  /**
   * The event's head and base must still be the PR's (GET pulls/{n}): a re-run of an old run
   * replays its old event, whose plan and stored verdict say nothing about the PR as it is now.
   * Otherwise the check fails closed and the step says to re-run the latest run.
   */
  private async confirmCurrentPullRequest(): Promise<void> {
    const current = await currentPullRequest(this.client, this.repo, this.pullRequest.number);
    const stale = staleEvent(this.pullRequest, current);
    if (stale) await this.refuse(olderEventNotAnalyzed(stale));
    this.pullRequest = { ...this.pullRequest, baseSha: current.baseSha, baseRef: current.baseRef };
    this.commitCount = current.commitCount;
  }

  /** Fails the check with no verdict (this run's check run when it started one), saying why. */
  private async failNotAnalyzed(notAnalyzed: NotAnalyzed): Promise<void> {
    const { inputs } = this.environment;
    await this.calls.write(() =>
      publishCheck(this.client, this.repo, {
        name: inputs.checkName,
        headSha: this.pullRequest.headSha,
        conclusion: 'failure',
        title: notAnalyzed.title,
        summary: notAnalyzed.summary,
        annotations: [],
        externalId: NOT_ANALYZED_EXTERNAL_ID,
        text: this.ownMark ? markLine(this.ownMark) : '',
        checkRunId: this.checkRunId,
      }),
    );
  }

  /** A run this action refuses to decide: the check fails closed, the step fails in one line (exit 2). */
  async refuse(notAnalyzed: NotAnalyzed): Promise<never> {
    await this.failNotAnalyzed(notAnalyzed);
    throw new RefusedRunError(notAnalyzed.line);
  }

  /**
   * After a run that started its check failed: the check fails with the error's one line (an
   * older verdict must not stand for a head whose analysis failed). A failure to say so is not
   * the run's error: that one is reported.
   */
  async failStartedCheck(error: unknown): Promise<void> {
    if (this.checkRunId === undefined) return;
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim() || 'unexpected error';
    try {
      await this.failNotAnalyzed(analysisFailed(message));
    } catch {
      // The run's own error is the one the step reports.
    }
  }

  private commentInput(state: StoredState, decision: ApprovalDecision, reportBody: string | null, plans: readonly Plan[], secrets: SecretValues): CommentInput {
    const { inputs, context } = this.environment;
    return {
      ...approvalView(inputs, state, decision, secrets, this.labelAvailability),
      reportBody,
      plans: plans.map((plan) => ({ name: plan.name, terraformVersion: plan.terraformVersion, formatVersion: plan.formatVersion })),
      toolVersion: TOOL_VERSION,
      summaryUrl: context.runUrl,
      ruleReferenceUrl: ruleReferenceUrl(this.environment.env),
    };
  }

  /**
   * Whether the base commit a stored verdict was decided against holds the same policy file and
   * analysis workflow (the paths the state records) as the current base: then the verdict stands
   * for this base too (the base branch moved on without touching them).
   */
  private async decidedAlikeAt(stored: StoredState): Promise<boolean> {
    const reportBaseSha = stored.baseSha;
    const currentBaseSha = this.pullRequest.baseSha;
    if (!reportBaseSha || !currentBaseSha || !stored.decidedBy) return false;
    const { policyPath, workflowPath } = stored.decidedBy;
    const filesAt = async (ref: string) => ({
      policy: await readFileAtRef(this.client, this.repo, policyPath, ref),
      workflow: workflowPath ? await readFileAtRef(this.client, this.repo, workflowPath, ref) : null,
    });
    return decidedAlike(await filesAt(reportBaseSha), await filesAt(currentBaseSha));
  }

  /** The policy that decides this PR (decision/policy-source.ts): the file at the base commit, and the head's to say what the PR changes. */
  private async policyFromBase(files: readonly PullRequestFile[]): Promise<DecidingPolicy> {
    const { inputs } = this.environment;
    const location = policyLocation(inputs.configFile.path, this.pullRequest.baseSha);
    const base = await readFileAtRef(this.client, this.repo, location.path, location.baseSha);
    const head = await readFileAtRef(this.client, this.repo, location.path, this.pullRequest.headSha);
    return decidingPolicy({ location, explicit: inputs.configFile.explicit, base, head, files });
  }

  /**
   * Whether the PR changes the workflow that runs this check (the file itself, or a local workflow
   * it calls or local action it uses: its reach, policy/workflow-reach.ts), its `workflow-changed`
   * finding (policy/workflow-change.ts), and the base's gate steps that write this run's check,
   * which then set the gate. When the runner does not say which workflow runs, any touched
   * workflow or local action counts (the strictest reading of the inputs). Called before
   * policyFromBase, which fails a payload without a base commit.
   */
  private async workflowChange(files: readonly PullRequestFile[] | null): Promise<{ running: RunningWorkflow; finding: Finding | null }> {
    const { context, runner } = this.environment;
    const unchanged = { running: { changed: false }, finding: null } as const;
    const baseSha = this.pullRequest.baseSha;
    if (!baseSha) return unchanged;
    // GitHub cuts the list at 3,000 files: a list that long may omit the workflow, so the two copies are compared instead.
    const list = files !== null && files.length < PULL_REQUEST_FILES_LIMIT ? files : null;
    const path = context.workflowPath;
    if (!path) {
      const touched = list === null ? null : workflowDirectoryEntries(list);
      if (touched !== null && touched.length === 0) return unchanged;
      runner.warning(unknownWorkflowWarning(touched?.map((file) => file.filename) ?? null));
      return { running: { changed: true, baseSteps: null }, finding: unknownWorkflowChangedFinding(touched, this.pullRequest.headSha) };
    }
    // Every PR costs these reads: a file anywhere may be in the reach (a symlinked action's target, a submodule).
    const runningPath = normalizePath(path);
    const runningBasePath = normalizePath(baseWorkflowPath(list, path));
    const { reach: followed, copies } = await this.readReach(startReach([runningPath, runningBasePath]), [baseSha, this.pullRequest.headSha]);
    // A reference found in no copy may be a file the reach cannot see (an action checked out elsewhere).
    const reach = { ...followed, complete: followed.complete && referencesFound(followed, copies) };
    const copy = (file: string, at: 0 | 1) => copies.get(file)?.[at] ?? { kind: 'missing' as const };
    const reached = [
      ...reach.files.filter((file) => file !== runningPath && file !== runningBasePath).map((file) => ({ path: file, base: copy(file, 0), head: copy(file, 1) })),
      // A file in reach read through a symlink or a submodule changes with them and with the link's target.
      ...linkedPaths(copies).map(({ path: linked, file }) => ({ path: linked, base: copy(file, 0), head: copy(file, 1) })),
    ];
    const finding = workflowChangedFinding({
      path,
      base: copy(runningBasePath, 0),
      head: copy(runningPath, 1),
      files: list,
      actionRepository: context.actionRepository,
      reached,
      reachComplete: reach.complete,
      reachUntraced: [...copies.values()].some((fileCopies) => fileCopies.some((copy) => copy.untraced === true)),
      headSha: this.pullRequest.headSha,
    });
    if (!finding) return unchanged;
    // A reach not known whole may hide a gate step: the strictest reading, as for an unreadable file list.
    const readBase = new Map([...copies].map(([file, [base]]) => [file, [base] as FileAtRef[]]));
    const baseSteps = list === null || !reach.complete ? null : await this.baseGateSteps(list, baseSha, reach.files, readBase);
    return { running: { changed: true, baseSteps }, finding };
  }

  /**
   * The base's gate steps that write this run's check, in every workflow at the base commit (not
   * only those the PR touches or that run for it: a path-filtered prod workflow and a dev one
   * writing the same check both set it), the base copies of the files the PR touches and of the
   * running workflow's reach, and the local actions all of those use. Steps that disagree are read
   * the strictest way. An unreadable or cut listing, too many files, or an unreadable copy: null,
   * the strictest reading.
   */
  private async baseGateSteps(list: readonly PullRequestFile[], baseSha: string, reach: readonly string[], readBase: ReadonlyMap<string, FileAtRef[]>): Promise<BaseGateSteps> {
    const { context, inputs } = this.environment;
    const listing = await listDirectoryAtRef(this.client, this.repo, WORKFLOWS_DIRECTORY, baseSha);
    if (listing === null) return null;
    const candidates = baseGateStepFiles(listing === 'missing' ? [] : listing, list, reach);
    if (candidates.length > BASE_GATE_FILES_LIMIT) return null;
    // Workflows that never write the check (a push-only release job) are left out before their references are followed.
    const unread = candidates.filter((file) => !readBase.has(file));
    const firstCopies = unread.length === 0 ? new Map<string, FileAtRef>() : await this.linkReader(baseSha).readAll(unread);
    const known = new Map([...readBase, ...[...firstCopies].map(([file, copy]): [string, FileAtRef[]] => [file, [copy]])]);
    const inReach = new Set(reach);
    const start = candidates.filter((file) => mayWriteTheCheck(file, known.get(file)?.[0] ?? { kind: 'missing' }, inReach.has(file)));
    const { reach: closure, copies } = await this.readReach(startReach(start), [baseSha], known, { depth: REACH_DEPTH_LIMIT, files: BASE_GATE_FILES_LIMIT });
    // A reference found in no copy (an action checked out under another path) may hold a strict gate: the strictest reading.
    if (!closure.complete || !referencesFound(closure, copies)) return null;
    const steps = [...copies].map(([, [copy]]) => gateStepInputs(copy ?? { kind: 'missing' }, context.actionRepository, inputs.checkName));
    return steps.some((found) => found === null) ? null : steps.flatMap((found) => found!);
  }

  /** The run's reader of workflow and action files at `ref`: one per commit, so that each path is read once and the reads are bounded. */
  private linkReader(ref: string): LinkReader {
    let reader = this.linkReaders.get(ref);
    if (!reader) {
      reader = new LinkReader(this.client, this.repo, ref);
      this.linkReaders.set(ref, reader);
    }
    return reader;
  }

  /**
   * Follows `reach` to its end: each pending file is read at every one of `refs` (a few at a time),
   * and what those copies call or use becomes pending. `known` holds copies already read.
   */
  private async readReach(reach: Reach, refs: readonly string[], known: ReadonlyMap<string, FileAtRef[]> = new Map(), limits?: ReachLimits): Promise<{ reach: Reach; copies: Map<string, FileAtRef[]> }> {
    const copies = new Map<string, FileAtRef[]>();
    let current = reach;
    while (current.pending.length > 0) {
      const unread = current.pending.filter((file) => !known.has(file));
      const read = await Promise.all(refs.map((ref) => this.linkReader(ref).readAll(unread)));
      for (const file of current.pending) copies.set(file, known.get(file) ?? read.map((atRef) => atRef.get(file) ?? { kind: 'missing' }));
      current = extendReach(current, new Map(current.pending.map((file) => [file, copies.get(file) ?? []])), limits);
    }
    return { reach: current, copies };
  }

  /**
   * On a run whose own workflow the PR changes, the gate's inputs are the base copy's
   * (decision/gate-inputs.ts), with a warning naming those that differ from the PR's. True when
   * the policy's block-on counts too (the stricter decides).
   */
  private honourInputs(workflow: RunningWorkflow): boolean {
    const { inputs, setAside, blockOnNoLooserThanPolicy } = honouredInputs(this.environment.inputs, workflow);
    if (setAside.length > 0) this.environment.runner.warning(inputsSetAsideWarning(this.environment.context.workflowPath ?? 'a workflow', setAside));
    this.environment = { ...this.environment, inputs };
    return blockOnNoLooserThanPolicy;
  }

  /** The action's own comment; null when there is none or the comment is off. */
  private async ownComment(): Promise<IssueComment | null> {
    const { inputs } = this.environment;
    if (!inputs.comment) return null;
    const identity = await this.calls.read(() => resolveIdentity(this.client, inputs.githubToken, inputs.commentAuthor), null);
    this.identity = identity;
    if (!identity) return null;
    return this.calls.read(() => findOwnComment(this.client, this.repo, this.pullRequest.number, inputs.checkName, identity), null);
  }

  /**
   * A new comment whose author is not the identity the action looks for would never be found
   * again: every run would post another. Says which comment-author to set (a GitHub App token).
   */
  private checkCommentIdentity(written: IssueComment): void {
    if (!this.identity || !written.user || isOwnComment(written, this.identity)) return;
    this.environment.runner.warning(commentIdentityWarning(written.user.login, this.identity.login));
  }

  /** The state stored in the action's comment, when there is one and it is trusted (isTrusted); null otherwise. */
  private async trustedState(existing: IssueComment | null): Promise<StoredState | null> {
    const stored = existing ? parseStoredState(existing.body, this.environment.inputs.checkName) : null;
    return existing && stored && (await this.isTrusted(existing, stored)) ? stored : null;
  }

  /** Whether the comment's state is the one the action last wrote there (decision/stored-state-trust.ts); warns why not. */
  private async isTrusted(existing: IssueComment, stored: StoredState): Promise<boolean> {
    const { inputs } = this.environment;
    const identity = this.identity;
    const line = storedStateLine(existing.body, inputs.checkName);
    if (!identity || !line) return false;
    const byEditor = distrustOfEditor(await this.readEditor(existing), identity);
    if (byEditor) return this.untrusted(byEditor);
    const app = sealingApp(identity);
    const headSha = stored.headSha;
    const externalIds = headSha && app ? await this.calls.read(() => checkRunExternalIds(this.client, this.repo, headSha, inputs.checkName, app), []) : [];
    const bySeal = distrustOfSeal(line, this.pullRequest.number, headSha, app, externalIds);
    return bySeal ? this.untrusted(bySeal) : true;
  }

  private async readEditor(existing: IssueComment): Promise<EditorReading> {
    try {
      return { editor: await lastEditor(this.client, existing) };
    } catch (error) {
      return { error: asCallError("reading the comment's editor", error).message };
    }
  }

  private untrusted(distrust: Distrust): false {
    this.environment.runner.warning(untrustedStateWarning(distrust, this.environment.inputs.checkName));
    return false;
  }

  /** Creates the approval label when the repository lacks it; when it may not, the surfaces and the log say how. */
  private async ensureApprovalLabel(): Promise<void> {
    const { inputs, runner } = this.environment;
    const availability = await this.calls.read(() => ensureLabel(this.client, this.repo, inputs.approvalLabel, { fromFork: this.pullRequest.fromFork || this.calls.writesForbidden }), null);
    if (availability) this.labelAvailability = availability;
    if (availability?.kind === 'created') runner.info(labelCreatedLine(inputs.approvalLabel, this.repo));
    const warning = availability ? missingLabelWarning(inputs.approvalLabel, availability) : null;
    if (warning) runner.warning(warning);
  }

  /** `pushers`: the senders of the analyses that moved the head, recorded in the stored state. */
  private async approvalFacts(blocking: boolean, fingerprint: string, memory: ApprovalMemory | null | undefined, pushers: readonly string[]): Promise<ApprovalFacts> {
    const { inputs, context } = this.environment;
    const settings = approvalSettings(inputs);
    let labelOnPullRequest = false;
    let latestLabeled: LabelEvent | null = null;
    let actorPermission: Permission | null = null;
    let contributors: Contributors = [];
    // Only a blocking report needs an approval; the reads are skipped otherwise.
    if (blocking) {
      labelOnPullRequest = await this.calls.read(() => hasLabel(this.client, this.repo, this.pullRequest.number, inputs.approvalLabel), false);
      if (labelOnPullRequest) latestLabeled = await this.calls.read(() => latestLabeledEvent(this.client, this.repo, this.pullRequest.number, inputs.approvalLabel), null);
      else await this.ensureApprovalLabel();
      const lookups = labellerLookups(latestLabeled, settings);
      if (latestLabeled && lookups.permission) {
        const login = latestLabeled.actor.login;
        actorPermission = await this.calls.read(() => collaboratorPermission(this.client, this.repo, login), null);
      }
      if (lookups.contributors) contributors = withPushers(await this.calls.read(() => pullRequestContributors(this.client, this.repo, this.pullRequest.number, this.commitCount), null), pushers);
    }
    return {
      blocking,
      fingerprint,
      labelOnPullRequest,
      latestLabeled,
      actorPermission,
      pullRequestAuthor: this.pullRequest.author,
      contributors,
      settings,
      memory,
      triggeredByLabel: triggeredByApprovalLabel(context.action, context.label, inputs.approvalLabel),
    };
  }
}
