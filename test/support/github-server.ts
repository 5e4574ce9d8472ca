/**
 * A loopback HTTP server speaking the part of GitHub's REST API that tf-plan-guard uses, with its
 * state (repository, its labels, pull requests, files, comments, labels, issue events, collaborator roles,
 * check runs) in memory. Every request is recorded and checked against GitHub's official REST
 * description (see openapi-validator.ts); every JSON response the fake sends is checked too, so
 * the fake cannot drift into shapes GitHub never returns. Faults can be injected per route:
 * transient 5xx, secondary rate limits, and a read-only token (a fork's pull request).
 *
 * It listens on 127.0.0.1 only, on a port the system picks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';
import { createHash } from 'node:crypto';
import { answerGraphQL } from './graphql-schema.js';
import { OpenApiValidator, type OperationMatch } from './openapi-validator.js';

export type AccountType = 'User' | 'Bot' | 'Organization';
/** Repository roles, as `role_name` reports them. */
export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

/** An organization's custom repository role: its own name, inheriting a base role's permission. */
export interface CustomRole {
  name: string;
  base: Role;
}

export interface Account {
  login: string;
  id: number;
  type: AccountType;
}

export interface App {
  id: number;
  slug: string;
  name: string;
}

/** What a token authenticates as. An installation token acts through an app. */
export interface Identity {
  account: Account;
  app: App | null;
  /** Every write answers 403 "Resource not accessible by integration" (a fork PR's token). */
  readOnly: boolean;
}

export interface PullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** The path before a rename. */
  previous_filename?: string;
  additions?: number;
  deletions?: number;
}

/** A file's text, a symlink to a path relative to its directory, or a submodule (its repository's URL). */
export type RepoEntry = string | { symlink: string } | { submodule: string };

export interface CommitState {
  sha: string;
  /** The GitHub accounts GitHub links the commit's author and committer emails to; null when none. */
  author: string | null;
  committer: string | null;
  message: string;
}

export interface PullState {
  number: number;
  title: string;
  author: Account;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
  files: PullFile[];
  /** The PR's commits, oldest first: by default one, authored and committed by the PR's author. */
  commits: CommitState[];
  labels: string[];
}

/** A label defined in the repository (what `GET /repos/{owner}/{repo}/labels/{name}` answers). */
export interface RepoLabelState {
  name: string;
  color: string;
  description: string | null;
}

export interface CommentState {
  id: number;
  issueNumber: number;
  user: Account;
  viaApp: App | null;
  body: string;
  createdAt: string;
  updatedAt: string;
  /** Who edited the comment last (GraphQL `editor`); null when it was never edited. */
  editor: Account | null;
  lastEditedAt: string | null;
}

export interface IssueEventState {
  id: number;
  issueNumber: number;
  event: 'labeled' | 'unlabeled';
  actor: Account;
  app: App | null;
  label: string;
  createdAt: string;
}

export interface AnnotationState {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}

export interface CheckRunState {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Appended on every update, as GitHub does. */
  annotations: AnnotationState[];
  app: App | null;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  /** `undefined` when the path is not a GitHub operation. */
  operationId: string | undefined;
  status: number;
  /** The identity the token authenticated as; null when it did not. */
  login: string | null;
}

/** GitHub lists at most this many entries of a directory (`GET …/contents/{dir}`). */
const DIRECTORY_LISTING_LIMIT = 1000;

export interface Fault {
  method: string;
  /** An operation id (`issues/create-comment`) or a path template. */
  operation: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail before the route answers normally again. */
  times: number;
  /** Only requests to this path (decoded, without the query), e.g. one directory's listing; any path when unset. */
  path?: string;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /** The largest page the fake serves, whatever per_page asks (GitHub: 100). Small values exercise pagination. */
  maxPageSize?: number;
}

/** The GitHub Actions app: what GITHUB_TOKEN acts through. */
export const GITHUB_ACTIONS_APP: App = { id: 15368, slug: 'github-actions', name: 'GitHub Actions' };
export const GITHUB_ACTIONS_BOT: Account = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
/** The token the runner hands the action as `github.token`. */
export const ACTIONS_TOKEN = 'ghs_e2eInstallationToken0000000000000000';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const PERMISSION_OF_ROLE: Record<Role, 'admin' | 'write' | 'read'> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
};
const COMMENT_BODY_LIMIT = 65_536;
const CHECK_TEXT_LIMIT = 65_535;
const CHECK_RUN_WRITES = new Set(['checks/create', 'checks/update']);
const HTML = 'https://github.com';
const API = 'https://api.github.com';

export class FakeGitHub {
  readonly owner: string;
  readonly repo: string;
  readonly repoId = 700_001;
  readonly requests: RecordedRequest[] = [];
  /** Requests or responses that GitHub's REST description does not allow, and semantic misuse. */
  readonly violations: string[] = [];
  readonly pulls = new Map<number, PullState>();
  readonly comments: CommentState[] = [];
  readonly events: IssueEventState[] = [];
  /** `head_ref_force_pushed` events (timeline only here: the label events are in `events`). */
  readonly timeline: { id: number; issueNumber: number; actor: Account; createdAt: string }[] = [];
  readonly checkRuns: CheckRunState[] = [];
  /** The repository's labels, by lower-cased name (GitHub's label names are case-insensitive). */
  readonly repoLabels = new Map<string, RepoLabelState>();
  /** The repository's files per commit sha: `ref → path → entry`. A path absent at a ref answers 404. */
  readonly trees = new Map<string, Map<string, RepoEntry>>();

  private readonly validator = OpenApiValidator.shared();
  private readonly accounts = new Map<string, Account>();
  /** Verified email addresses (lower-cased) and the login each belongs to: what GitHub links commits by. */
  private readonly verifiedEmails = new Map<string, string>();
  private readonly roles = new Map<string, Role | CustomRole>();
  private readonly tokens = new Map<string, Identity>();
  private readonly faults: Fault[] = [];
  private readonly maxPageSize: number;
  private server: Server | undefined;
  private port = 0;
  private nextId = 1000;
  /** A deterministic clock: every state change happens one minute after the previous one. */
  private clock = Date.parse('2026-11-20T10:00:00Z');

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const fake = new FakeGitHub(options);
    await fake.listen();
    return fake;
  }

  private constructor(options: FakeGitHubOptions) {
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'infra';
    this.maxPageSize = Math.min(options.maxPageSize ?? 100, 100);
    this.reset();
  }

  /** The base URL, for GITHUB_API_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get fullName(): string {
    return `${this.owner}/${this.repo}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  /** Forgets everything but the server itself and the GITHUB_TOKEN identity: a clean slate for the next test. */
  reset(): void {
    for (const list of [this.requests, this.violations, this.comments, this.events, this.timeline, this.checkRuns, this.faults] as unknown[][]) list.length = 0;
    this.pulls.clear();
    this.trees.clear();
    this.repoLabels.clear();
    this.roles.clear();
    this.accounts.clear();
    this.verifiedEmails.clear();
    this.tokens.clear();
    this.accounts.set(GITHUB_ACTIONS_BOT.login, GITHUB_ACTIONS_BOT);
    this.tokens.set(ACTIONS_TOKEN, { account: GITHUB_ACTIONS_BOT, app: GITHUB_ACTIONS_APP, readOnly: false });
  }

  // ---- seeding the state (what happened on GitHub before the action runs) ----

  /** `emails`: the account's verified addresses, which link commits (and `Co-authored-by` trailers) to it. */
  addAccount(login: string, options: { type?: AccountType; role?: Role | CustomRole; emails?: string[] } = {}): Account {
    const type = options.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
    const account = this.accounts.get(login) ?? { login, id: this.newId(), type };
    this.accounts.set(login, account);
    if (options.role) this.roles.set(login, options.role);
    for (const email of options.emails ?? []) this.verifiedEmails.set(email.toLowerCase(), login);
    return account;
  }

  account(login: string): Account {
    const account = this.accounts.get(login);
    if (!account) throw new Error(`fake GitHub: no account ${login}; addAccount() it first`);
    return account;
  }

  /** A token acting as `login` (a personal access token) or through an app (an installation token). */
  addToken(token: string, login: string, options: { app?: App | null; readOnly?: boolean } = {}): void {
    this.tokens.set(token, { account: this.account(login), app: options.app ?? null, readOnly: options.readOnly ?? false });
  }

  /** Makes every write made with `token` fail as a fork PR's token does. */
  setReadOnly(token = ACTIONS_TOKEN, readOnly = true): void {
    const identity = this.tokens.get(token);
    if (!identity) throw new Error('fake GitHub: unknown token');
    identity.readOnly = readOnly;
  }

  openPullRequest(pull: { number: number; author: string; headSha: string; baseSha?: string; headRef?: string; baseRef?: string; title?: string; files?: PullFile[] }): PullState {
    const state: PullState = {
      number: pull.number,
      title: pull.title ?? 'Change infrastructure',
      author: this.account(pull.author),
      headSha: pull.headSha,
      headRef: pull.headRef ?? 'feature',
      baseSha: pull.baseSha ?? sha('base'),
      baseRef: pull.baseRef ?? 'main',
      files: pull.files ?? [],
      commits: [{ sha: pull.headSha, author: pull.author, committer: pull.author, message: 'Change infrastructure' }],
      labels: [],
    };
    this.pulls.set(pull.number, state);
    return state;
  }

  pull(number: number): PullState {
    const pull = this.pulls.get(number);
    if (!pull) throw new Error(`fake GitHub: no pull request #${number}`);
    return pull;
  }

  /** A file (text), a symlink (`{ symlink: target }`, relative to its directory) or nothing (null) at `path` in commit `ref`. */
  setFile(ref: string, path: string, entry: RepoEntry | null): void {
    const tree = this.trees.get(ref) ?? new Map<string, RepoEntry>();
    if (entry === null) tree.delete(path);
    else tree.set(path, entry);
    this.trees.set(ref, tree);
  }

  /** `by` pushes a commit onto the PR (authored by `author`, default `by`): it becomes the head. */
  pushCommit(number: number, by: string, options: { sha: string; author?: string | null; message?: string }): void {
    const pull = this.pull(number);
    pull.commits.push({ sha: options.sha, author: options.author === undefined ? by : options.author, committer: by, message: options.message ?? 'Change infrastructure' });
    pull.headSha = options.sha;
  }

  /** `by` force-pushes the branch: the PR's commits become `commits`, and a `head_ref_force_pushed` event is recorded. */
  forcePush(number: number, by: string, commits: CommitState[]): void {
    const pull = this.pull(number);
    pull.commits = commits;
    pull.headSha = commits.at(-1)?.sha ?? pull.headSha;
    this.timeline.push({ id: this.newId(), issueNumber: number, actor: this.account(by), createdAt: this.tick() });
  }

  /** A new commit on the PR branch (the `synchronize` event). */
  push(number: number, headSha: string): void {
    this.pull(number).headSha = headSha;
  }

  /** A label defined in the repository (created through the UI, `gh label create` or an earlier run). */
  addRepoLabel(name: string, options: { color?: string; description?: string | null } = {}): RepoLabelState {
    const label = { name, color: options.color ?? 'ededed', description: options.description ?? null };
    this.repoLabels.set(name.toLowerCase(), label);
    return label;
  }

  repoLabel(name: string): RepoLabelState | undefined {
    return this.repoLabels.get(name.toLowerCase());
  }

  deleteRepoLabel(name: string): void {
    this.repoLabels.delete(name.toLowerCase());
  }

  /**
   * A person (or app) adds a label through GitHub's UI or API: the label and a `labeled` event.
   * A label the repository lacks is created with it, as the API's "add labels" does.
   */
  addLabel(number: number, label: string, by: string, options: { viaApp?: App } = {}): void {
    const pull = this.pull(number);
    if (!this.repoLabel(label)) this.addRepoLabel(label);
    if (!pull.labels.includes(label)) pull.labels.push(label);
    this.recordLabelEvent(number, 'labeled', label, this.account(by), options.viaApp ?? null);
  }

  removeLabel(number: number, label: string, by: string, options: { viaApp?: App } = {}): void {
    const pull = this.pull(number);
    pull.labels = pull.labels.filter((name) => name !== label);
    this.recordLabelEvent(number, 'unlabeled', label, this.account(by), options.viaApp ?? null);
  }

  addComment(number: number, by: string, body: string): CommentState {
    this.pull(number);
    const at = this.tick();
    const comment: CommentState = { id: this.newId(), issueNumber: number, user: this.account(by), viaApp: null, body, createdAt: at, updatedAt: at, editor: null, lastEditedAt: null };
    this.comments.push(comment);
    return comment;
  }

  /**
   * Someone with write access edits a comment through GitHub's UI, anyone's comment included.
   * `edit` gets the body and returns the new one.
   */
  editComment(id: number, by: string, edit: (body: string) => string): CommentState {
    const comment = this.comments.find((candidate) => candidate.id === id);
    if (!comment) throw new Error(`fake GitHub: no comment ${id}`);
    comment.body = edit(comment.body);
    comment.updatedAt = comment.lastEditedAt = this.tick();
    comment.editor = this.account(by);
    return comment;
  }

  /** The next `times` requests to `operation` (an operation id or a path template) fail with `status`. */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  // ---- reading the state back ----

  commentsOn(number: number): CommentState[] {
    return this.comments.filter((comment) => comment.issueNumber === number);
  }

  labelsOn(number: number): string[] {
    return [...this.pull(number).labels];
  }

  checkRunsFor(headSha: string, name?: string): CheckRunState[] {
    return this.checkRuns.filter((run) => run.headSha === headSha && (name === undefined || run.name === name));
  }

  /** The newest check run of a name on a commit: the one branch protection reads. */
  latestCheckRun(headSha: string, name: string): CheckRunState | undefined {
    return this.checkRunsFor(headSha, name).at(-1);
  }

  /** The operation ids the fake answers. */
  implementedOperations(): string[] {
    return Object.keys(this.handlers).sort();
  }

  writes(): RecordedRequest[] {
    // A GraphQL query is a POST that writes nothing (the action sends no mutations).
    return this.requests.filter((request) => WRITE_METHODS.has(request.method) && request.operationId !== 'graphql');
  }

  // ---- HTTP ----

  private async listen(): Promise<void> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.violations.push(`fake GitHub crashed on ${request.method} ${request.url}: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'fake GitHub error' }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', this.url);
    const method = (request.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : value ?? '']));
    if (method === 'POST' && url.pathname === '/graphql') {
      await this.handleGraphQL(headers, body, response);
      return;
    }
    const validation = this.validator.validateRequest({ method, path: url.pathname, query: url.searchParams, headers: request.headers, body });
    this.violations.push(...validation.violations);
    const identity = this.authenticate(headers['authorization']);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      operationId: validation.operation?.operationId,
      status: 0,
      login: identity?.account.login ?? null,
    };
    this.requests.push(recorded);

    const reply = (status: number, payload?: unknown, extraHeaders: Record<string, string> = {}, validate = true): void => {
      recorded.status = status;
      if (validate && validation.operation) {
        this.violations.push(...this.validator.validateResponse(validation.operation, status, payload));
      }
      const text = payload === undefined ? '' : JSON.stringify(payload);
      response.writeHead(status, {
        ...(payload === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        'x-github-media-type': 'github.v3; format=json',
        'x-ratelimit-limit': '1000',
        'x-ratelimit-remaining': '999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        'x-ratelimit-resource': 'core',
        ...extraHeaders,
      });
      response.end(text);
    };

    if (!identity) {
      reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, {}, false);
      return;
    }
    const operation = validation.operation;
    if (!operation) {
      reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, {}, false);
      return;
    }
    const fault = this.takeFault(method, operation, decodeURIComponent(url.pathname));
    if (fault) {
      reply(fault.status, fault.body ?? { message: `fake GitHub: injected ${fault.status}` }, fault.headers ?? {}, false);
      return;
    }
    if (validation.invalidBody) {
      reply(422, { message: 'Invalid request.', documentation_url: 'https://docs.github.com/rest', status: '422' }, {}, false);
      return;
    }
    if (WRITE_METHODS.has(method) && identity.readOnly) {
      reply(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' }, {}, false);
      return;
    }
    if (CHECK_RUN_WRITES.has(operation.operationId) && !identity.app) {
      // Only a GitHub App writes check runs: a person's token cannot (an undocumented 403).
      reply(403, { message: 'You must authenticate via a GitHub App.', documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run', status: '403' }, {}, false);
      return;
    }
    const { owner, repo } = operation.pathParams;
    if (owner !== undefined && (owner !== this.owner || repo !== this.repo)) {
      reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, {}, false);
      return;
    }
    const handler = this.handlers[operation.operationId];
    if (!handler) {
      this.violations.push(`fake GitHub does not implement ${method} ${operation.template} (${operation.operationId}); add it if the action needs it`);
      reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }, {}, false);
      return;
    }
    const parsed = body.trim() === '' ? undefined : safeJson(body);
    const result = handler({ operation, query: url.searchParams, body: parsed as Record<string, unknown> | undefined, identity, url });
    reply(result.status, result.body, result.headers ?? {}, !result.undocumented);
  }

  /** `POST /graphql`: validated against GitHub's schema, answered from the fake's state. */
  private async handleGraphQL(headers: Record<string, string>, body: string, response: ServerResponse): Promise<void> {
    const identity = this.authenticate(headers['authorization']);
    const recorded: RecordedRequest = { method: 'POST', path: '/graphql', query: {}, headers, body, operationId: 'graphql', status: 0, login: identity?.account.login ?? null };
    this.requests.push(recorded);
    const send = (status: number, payload: unknown): void => {
      recorded.status = status;
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(payload));
    };
    if (!identity) return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
    const fault = this.takeFault('POST', { operationId: 'graphql', method: 'post', template: '/graphql', pathParams: {} }, '/graphql');
    if (fault) return send(fault.status, fault.body ?? { message: `fake GitHub: injected ${fault.status}` });
    const answer = await answerGraphQL(body, {
      node: ({ id }: { id: string }) => this.graphqlNode(id),
      repository: ({ owner, name }: { owner: string; name: string }) => this.graphqlRepository(owner, name),
    });
    this.violations.push(...answer.violations);
    send(answer.status, answer.body);
  }

  /** The objects `node(id:)` finds: issue comments, with who edited them last. */
  private graphqlNode(id: string): Record<string, unknown> | null {
    const comment = this.comments.find((candidate) => nodeId('IC', candidate.id) === id);
    if (!comment) return null;
    const actor = (account: Account) => ({ __typename: account.type === 'Bot' ? 'Bot' : 'User', login: account.type === 'Bot' ? account.login.replace(/\[bot\]$/, '') : account.login });
    return { __typename: 'IssueComment', id, databaseId: comment.id, body: comment.body, editor: comment.editor ? actor(comment.editor) : null, lastEditedAt: comment.lastEditedAt, author: actor(comment.user) };
  }

  /** `repository(owner:, name:)`, as far as the action reads it: a pull request's commits and who GitHub links to them. */
  private graphqlRepository(owner: string, name: string): Record<string, unknown> | null {
    if (owner !== this.owner || name !== this.repo) return null;
    return {
      pullRequest: ({ number }: { number: number }) => {
        const pull = this.pulls.get(number);
        if (!pull) return null;
        // Like REST, GitHub hands out at most 250 commits of a pull request; totalCount counts them all.
        return { commits: (args: ConnectionArgs) => this.connection(pull.commits.slice(0, 250), args, pull.commits.length, (commit) => ({ commit: this.graphqlCommit(commit) })) };
      },
    };
  }

  private graphqlCommit(commit: CommitState): Record<string, unknown> {
    const user = (login: string | null) => {
      const account = login === null ? undefined : this.accounts.get(login);
      // GraphQL's `user` is a User: a bot's commits link to no User.
      return account && account.type === 'User' ? { login: account.login } : null;
    };
    const coAuthors = [...commit.message.matchAll(/^co-authored-by:[^<\n]*<([^>\n]+)>\s*$/gim)].map((match) => this.linkedLogin(match[1] ?? ''));
    // "The git author will always be first", then one per Co-authored-by trailer.
    const authors = [commit.author, ...coAuthors].map((login) => ({ user: user(login) }));
    return {
      oid: commit.sha,
      message: commit.message,
      // Served whole up to `first` (the action reads one page of authors per commit, and fails closed beyond it).
      authors: (args: ConnectionArgs) => this.connection(authors, args, authors.length, (author) => author, 100),
      committer: { user: user(commit.committer) },
    };
  }

  /** The account a commit address is linked to: an account's noreply address, or a verified email. */
  private linkedLogin(email: string): string | null {
    const noreply = /^(?:\d+\+)?([A-Za-z0-9-]+)@users\.noreply\.github\.com$/i.exec(email.trim());
    if (noreply?.[1]) return [...this.accounts.keys()].find((login) => login.toLowerCase() === noreply[1]?.toLowerCase()) ?? null;
    return this.verifiedEmails.get(email.trim().toLowerCase()) ?? null;
  }

  /** A GraphQL connection page over `items` (at most `maxPage`, by default the REST pages' `maxPageSize`). */
  private connection<T>(items: readonly T[], args: ConnectionArgs, totalCount: number, node: (item: T) => unknown, maxPage = this.maxPageSize): Record<string, unknown> {
    if (args.first === undefined || args.first === null || args.first < 1 || args.first > 100) this.violations.push(`graphql: a connection must ask for first 1..100 (GitHub rejects first: ${String(args.first)})`);
    const start = args.after ? Number(Buffer.from(args.after, 'base64').toString('utf8').replace(/^cursor:/, '')) + 1 : 0;
    const size = Math.min(args.first ?? 100, maxPage);
    const page = items.slice(start, start + size);
    const cursor = (index: number) => Buffer.from(`cursor:${index}`).toString('base64');
    return {
      totalCount,
      nodes: page.map(node),
      pageInfo: {
        hasNextPage: start + page.length < items.length,
        hasPreviousPage: start > 0,
        startCursor: page.length > 0 ? cursor(start) : null,
        endCursor: page.length > 0 ? cursor(start + page.length - 1) : null,
      },
    };
  }

  private authenticate(header: string | undefined): Identity | undefined {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
    return match ? this.tokens.get(match[1] as string) : undefined;
  }

  private takeFault(method: string, operation: OperationMatch, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.times > 0 && f.method.toUpperCase() === method && (f.operation === operation.operationId || f.operation === operation.template) && (f.path === undefined || f.path === path),
    );
    if (fault) fault.times--;
    return fault;
  }

  // ---- operations ----

  private readonly handlers: Record<string, (call: Call) => Result> = {
    // GET /repos/{owner}/{repo}/contents/{path}?ref=: a symlink to a file of the repository is
    // answered with the target file's content (as GitHub documents) under the symlink's own path,
    // name and blob sha (as api.github.com does: hub4j/github-api's recorded answers); any other
    // symlink as itself; a submodule as itself; a path through a symlink or a submodule: 404.
    'repos/get-content': ({ operation, query }) => {
      const ref = query.get('ref') ?? this.defaultBranchSha();
      const path = decodeURIComponent(operation.pathParams['path'] ?? '');
      const tree = this.trees.get(ref);
      const entry = tree?.get(path);
      if (tree && entry === undefined) {
        const listing = this.directoryJson(ref, tree, path);
        if (listing) return ok(listing);
      }
      if (!tree || entry === undefined) return notFound();
      if (typeof entry === 'string') return ok(this.contentJson(ref, path, entry));
      if ('submodule' in entry) return ok({ ...this.contentLinks(ref, path, ''), sha: sha(`commit:${entry.submodule}`), size: 0, type: 'submodule', submodule_git_url: entry.submodule });
      const target = posix.normalize(posix.join(posix.dirname(path), entry.symlink));
      const resolved = tree.get(target);
      if (typeof resolved === 'string') return ok({ ...this.contentJson(ref, path, resolved), sha: gitBlobId(entry.symlink), size: Buffer.byteLength(resolved) });
      return ok({ ...this.contentLinks(ref, path, entry.symlink), type: 'symlink', target: entry.symlink });
    },
    // GET /repos/{owner}/{repo}/git/blobs/{file_sha}: any file's or symlink's blob in any commit (a symlink's blob is its target's text).
    'git/get-blob': ({ operation }) => {
      const id = operation.pathParams['file_sha'] ?? '';
      for (const tree of this.trees.values()) {
        for (const entry of tree.values()) {
          const text = typeof entry === 'string' ? entry : 'symlink' in entry ? entry.symlink : null;
          if (text === null || gitBlobId(text) !== id) continue;
          const content = Buffer.from(text, 'utf8').toString('base64');
          return ok({ sha: id, node_id: `B_${id.slice(0, 12)}`, size: Buffer.byteLength(text), url: `${API}/repos/${this.fullName}/git/blobs/${id}`, content: `${content}\n`, encoding: 'base64' });
        }
      }
      return notFound();
    },
    'pulls/get': ({ operation }) => {
      const pull = this.pulls.get(Number(operation.pathParams['pull_number']));
      return pull ? ok(this.pullJson(pull)) : notFound();
    },
    'pulls/list-files': ({ operation, query, url }) => {
      const pull = this.pulls.get(Number(operation.pathParams['pull_number']));
      if (!pull) return notFound();
      return this.page(pull.files.map((file) => this.fileJson(pull, file)), query, url);
    },
    'issues/list-comments': ({ operation, query, url }) => {
      const number = Number(operation.pathParams['issue_number']);
      if (!this.pulls.has(number)) return notFound();
      const since = query.get('since');
      const comments = this.commentsOn(number).filter((comment) => !since || comment.updatedAt >= since);
      return this.page(comments.map((comment) => this.commentJson(comment)), query, url);
    },
    'issues/get-comment': ({ operation }) => {
      const comment = this.comments.find((c) => c.id === Number(operation.pathParams['comment_id']));
      return comment ? ok(this.commentJson(comment)) : notFound();
    },
    'issues/create-comment': ({ operation, body, identity }) => {
      const number = Number(operation.pathParams['issue_number']);
      if (!this.pulls.has(number)) return notFound();
      const text = String(body?.['body'] ?? '');
      if (text.length > COMMENT_BODY_LIMIT) return this.unprocessable(`issue comment body is ${text.length} characters; GitHub's limit is ${COMMENT_BODY_LIMIT}`, 'Body is too long (maximum is 65536 characters)');
      const at = this.tick();
      const comment: CommentState = { id: this.newId(), issueNumber: number, user: identity.account, viaApp: identity.app, body: text, createdAt: at, updatedAt: at, editor: null, lastEditedAt: null };
      this.comments.push(comment);
      return { status: 201, body: this.commentJson(comment), headers: { location: `${API}/repos/${this.fullName}/issues/comments/${comment.id}` } };
    },
    'issues/update-comment': ({ operation, body, identity }) => {
      const comment = this.comments.find((c) => c.id === Number(operation.pathParams['comment_id']));
      if (!comment) return notFound();
      const text = String(body?.['body'] ?? '');
      if (text.length > COMMENT_BODY_LIMIT) return this.unprocessable(`issue comment body is ${text.length} characters; GitHub's limit is ${COMMENT_BODY_LIMIT}`, 'Body is too long (maximum is 65536 characters)');
      comment.body = text;
      comment.updatedAt = comment.lastEditedAt = this.tick();
      comment.editor = identity.account;
      return ok(this.commentJson(comment));
    },
    'issues/list-labels-on-issue': ({ operation, query, url }) => {
      const pull = this.pulls.get(Number(operation.pathParams['issue_number']));
      if (!pull) return notFound();
      return this.page(pull.labels.map((name) => this.labelJson(name)), query, url);
    },
    'issues/get-label': ({ operation }) => {
      const label = this.repoLabel(decodeURIComponent(operation.pathParams['name'] ?? ''));
      return label ? ok(this.labelJson(label.name)) : notFound();
    },
    'issues/create-label': ({ body }) => {
      const name = String(body?.['name'] ?? '');
      const color = String(body?.['color'] ?? '');
      const description = body?.['description'] === undefined ? null : String(body['description']);
      if (!/^[0-9a-f]{6}$/i.test(color)) return this.unprocessable(`label color "${color}" is not six hex digits`, 'Validation Failed');
      if (description !== null && description.length > 100) return this.unprocessable(`label description is ${description.length} characters; GitHub's limit is 100`, 'Validation Failed');
      if (name.trim() === '') return this.unprocessable('label name is empty', 'Validation Failed');
      if (this.repoLabel(name)) {
        return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }], documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label', status: '422' } };
      }
      const label = this.addRepoLabel(name, { color: color.toLowerCase(), description });
      return { status: 201, body: this.labelJson(label.name), headers: { location: `${API}/repos/${this.fullName}/labels/${encodeURIComponent(label.name)}` } };
    },
    'issues/remove-label': ({ operation, identity }) => {
      const number = Number(operation.pathParams['issue_number']);
      const pull = this.pulls.get(number);
      const label = operation.pathParams['name'] ?? '';
      if (!pull) return notFound();
      if (!pull.labels.includes(label)) return { status: 404, body: { message: 'Label does not exist', documentation_url: 'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue', status: '404' } };
      pull.labels = pull.labels.filter((name) => name !== label);
      this.recordLabelEvent(number, 'unlabeled', label, identity.account, identity.app);
      return ok(pull.labels.map((name) => this.labelJson(name)));
    },
    'issues/list-events': ({ operation, query, url }) => {
      const number = Number(operation.pathParams['issue_number']);
      if (!this.pulls.has(number)) return notFound();
      return this.page(this.events.filter((e) => e.issueNumber === number).map((e) => this.eventJson(e)), query, url);
    },
    'issues/list-events-for-timeline': ({ operation, query, url }) => {
      const number = Number(operation.pathParams['issue_number']);
      if (!this.pulls.has(number)) return notFound();
      const labels = this.events.filter((e) => e.issueNumber === number).map((e) => ({ at: e.createdAt, json: this.eventJson(e) }));
      const pushes = this.timeline.filter((e) => e.issueNumber === number).map((e) => ({ at: e.createdAt, json: this.forcePushJson(e) }));
      return this.page([...labels, ...pushes].sort((a, b) => a.at.localeCompare(b.at)).map((item) => item.json), query, url);
    },
    'pulls/list-commits': ({ operation, query, url }) => {
      const pull = this.pulls.get(Number(operation.pathParams['pull_number']));
      if (!pull) return notFound();
      return this.page(pull.commits.slice(0, 250).map((commit) => this.commitJson(commit)), query, url);
    },
    'repos/get-collaborator-permission-level': ({ operation }) => {
      const account = this.accounts.get(operation.pathParams['username'] ?? '');
      if (!account) return notFound();
      // Anyone may read a public repository; only collaborators have more.
      const role = this.roles.get(account.login) ?? 'read';
      const base = typeof role === 'string' ? role : role.base;
      const roleName = typeof role === 'string' ? role : role.name;
      return ok({ permission: PERMISSION_OF_ROLE[base], role_name: roleName, user: { ...this.userJson(account), permissions: permissionsOf(base), role_name: roleName } });
    },
    'users/get-authenticated': ({ identity }) => {
      if (identity.app) return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' } };
      return ok({ ...this.userJson(identity.account), name: identity.account.login, company: null, blog: '', location: null, email: null, hireable: null, bio: null, public_repos: 1, public_gists: 0, followers: 0, following: 0, created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z' });
    },
    'checks/create': ({ body, identity }) => this.writeCheckRun(undefined, body ?? {}, identity),
    // An app updates only its own check runs.
    'checks/update': ({ operation, body, identity }) => {
      const run = this.checkRuns.find((r) => r.id === Number(operation.pathParams['check_run_id']));
      return run && run.app?.id === identity.app?.id ? this.writeCheckRun(run, body ?? {}, identity) : { ...notFound(), undocumented: true };
    },
    'checks/get': ({ operation }) => {
      const run = this.checkRuns.find((r) => r.id === Number(operation.pathParams['check_run_id']));
      return run ? ok(this.checkRunJson(run)) : notFound();
    },
    'checks/list-for-ref': ({ operation, query, url }) => {
      const ref = operation.pathParams['ref'] ?? '';
      const headSha = [...this.pulls.values()].find((pull) => pull.headRef === ref)?.headSha ?? ref;
      let runs = this.checkRuns.filter((run) => run.headSha === headSha);
      const name = query.get('check_name');
      if (name !== null) runs = runs.filter((run) => run.name === name);
      const status = query.get('status');
      if (status !== null) runs = runs.filter((run) => run.status === status);
      if ((query.get('filter') ?? 'latest') === 'latest') {
        runs = runs.filter((run) => runs.findLast((other) => other.name === run.name) === run);
      }
      runs = [...runs].reverse(); // newest first
      const paged = this.page(runs.map((run) => this.checkRunJson(run)), query, url);
      return { ...paged, body: { total_count: runs.length, check_runs: paged.body } };
    },
  };

  private writeCheckRun(existing: CheckRunState | undefined, body: Record<string, unknown>, identity: Identity): Result {
    const output = body['output'] as Record<string, unknown> | undefined;
    for (const key of ['summary', 'text'] as const) {
      const text = output?.[key];
      if (typeof text === 'string' && text.length > CHECK_TEXT_LIMIT) return this.unprocessable(`check run output.${key} is ${text.length} characters; GitHub's limit is ${CHECK_TEXT_LIMIT}`, 'Invalid request.');
    }
    const annotations = (output?.['annotations'] as AnnotationState[] | undefined) ?? [];
    if (annotations.length > 50) return this.unprocessable(`check run write with ${annotations.length} annotations; GitHub takes at most 50 per request`, 'Invalid request.');
    let status = body['status'] as string | undefined;
    const conclusion = body['conclusion'] as string | undefined;
    if (conclusion !== undefined) status = 'completed';
    if (status === 'completed' && conclusion === undefined && existing?.conclusion == null) {
      return this.unprocessable('a check run was completed without a conclusion', 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
    }
    if (!existing && (typeof body['name'] !== 'string' || typeof body['head_sha'] !== 'string')) {
      return this.unprocessable('a check run was created without name or head_sha', 'Invalid request.');
    }
    const at = this.tick();
    const run: CheckRunState = existing ?? {
      id: this.newId(),
      name: body['name'] as string,
      headSha: body['head_sha'] as string,
      status: 'queued',
      conclusion: null,
      startedAt: at,
      completedAt: null,
      detailsUrl: null,
      externalId: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      app: identity.app,
    };
    if (typeof body['name'] === 'string') run.name = body['name'];
    if (status !== undefined) run.status = status;
    if (conclusion !== undefined) run.conclusion = conclusion;
    if (run.status === 'completed') run.completedAt = typeof body['completed_at'] === 'string' ? body['completed_at'] : at;
    if (typeof body['started_at'] === 'string') run.startedAt = body['started_at'];
    if (typeof body['details_url'] === 'string') run.detailsUrl = body['details_url'];
    if (typeof body['external_id'] === 'string') run.externalId = body['external_id'];
    if (output) {
      if (typeof output['title'] === 'string') run.output.title = output['title'];
      if (typeof output['summary'] === 'string') run.output.summary = output['summary'];
      if (typeof output['text'] === 'string') run.output.text = output['text'];
      run.annotations.push(...annotations);
    }
    if (!existing) this.checkRuns.push(run);
    return { status: existing ? 200 : 201, body: this.checkRunJson(run) };
  }

  /** GitHub would answer 422; the test should fail too, saying why. */
  private unprocessable(violation: string, message: string): Result {
    this.violations.push(violation);
    return { status: 422, body: { message, documentation_url: 'https://docs.github.com/rest', status: '422' } };
  }

  private page(items: unknown[], query: URLSearchParams, url: URL): Result<unknown[]> {
    const perPage = Math.min(Number(query.get('per_page') ?? 30) || 30, this.maxPageSize);
    const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (n: number): string => {
      const next = new URL(url.pathname, this.url);
      for (const [key, value] of url.searchParams) if (key !== 'page') next.searchParams.set(key, value);
      next.searchParams.set('page', String(n));
      return next.toString();
    };
    const links: string[] = [];
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
    return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
  }

  private recordLabelEvent(number: number, event: 'labeled' | 'unlabeled', label: string, actor: Account, app: App | null): void {
    this.events.push({ id: this.newId(), issueNumber: number, event, actor, app, label, createdAt: this.tick() });
  }

  private newId(): number {
    return this.nextId++;
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  // ---- GitHub-shaped JSON ----

  private userJson(account: Account): Record<string, unknown> {
    const login = account.login;
    // GitHub percent-encodes a bot's brackets in its URLs: /users/github-actions%5Bbot%5D
    const path = encodeURIComponent(login);
    return {
      login,
      id: account.id,
      node_id: nodeId(account.type === 'Bot' ? 'BOT' : 'U', account.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
      gravatar_id: '',
      url: `${API}/users/${path}`,
      html_url: account.type === 'Bot' ? `${HTML}/apps/${login.replace(/\[bot\]$/, '')}` : `${HTML}/${login}`,
      followers_url: `${API}/users/${path}/followers`,
      following_url: `${API}/users/${path}/following{/other_user}`,
      gists_url: `${API}/users/${path}/gists{/gist_id}`,
      starred_url: `${API}/users/${path}/starred{/owner}{/repo}`,
      subscriptions_url: `${API}/users/${path}/subscriptions`,
      organizations_url: `${API}/users/${path}/orgs`,
      repos_url: `${API}/users/${path}/repos`,
      events_url: `${API}/users/${path}/events{/privacy}`,
      received_events_url: `${API}/users/${path}/received_events`,
      type: account.type,
      user_view_type: 'public',
      site_admin: false,
    };
  }

  private appJson(app: App): Record<string, unknown> {
    return {
      id: app.id,
      slug: app.slug,
      node_id: nodeId('A', app.id),
      client_id: `Iv1.${app.id.toString(16).padStart(16, '0')}`,
      owner: { ...this.userJson({ login: 'github', id: 9919, type: 'Organization' }) },
      name: app.name,
      description: 'Automate your workflow from idea to production',
      external_url: `${HTML}/features/actions`,
      html_url: `${HTML}/apps/${app.slug}`,
      created_at: '2018-07-30T09:30:17Z',
      updated_at: '2024-04-10T20:33:16Z',
      permissions: { actions: 'write', checks: 'write', contents: 'write', issues: 'write', metadata: 'read', pull_requests: 'write', statuses: 'write' },
      events: ['check_run', 'check_suite', 'pull_request', 'push'],
    };
  }

  private repoJson(): Record<string, unknown> {
    const full = this.fullName;
    const base = `${API}/repos/${full}`;
    return {
      id: this.repoId,
      node_id: nodeId('R', this.repoId),
      name: this.repo,
      full_name: full,
      private: false,
      owner: this.userJson({ login: this.owner, id: 500_001, type: 'Organization' }),
      html_url: `${HTML}/${full}`,
      description: 'Infrastructure',
      fork: false,
      url: base,
      ...Object.fromEntries(
        ['archive', 'assignees', 'blobs', 'branches', 'collaborators', 'comments', 'commits', 'compare', 'contents', 'contributors', 'deployments', 'downloads', 'events', 'forks', 'git_commits', 'git_refs', 'git_tags', 'issue_comment', 'issue_events', 'issues', 'keys', 'labels', 'languages', 'merges', 'milestones', 'notifications', 'pulls', 'releases', 'stargazers', 'statuses', 'subscribers', 'subscription', 'tags', 'teams', 'trees', 'hooks'].map((name) => [`${name}_url`, `${base}/${name.replace(/_/g, '/')}`]),
      ),
      git_url: `git://github.com/${full}.git`,
      ssh_url: `git@github.com:${full}.git`,
      clone_url: `${HTML}/${full}.git`,
      svn_url: `${HTML}/${full}`,
      mirror_url: null,
      homepage: null,
      language: 'HCL',
      forks_count: 0,
      stargazers_count: 0,
      watchers_count: 0,
      size: 100,
      default_branch: 'main',
      open_issues_count: this.pulls.size,
      is_template: false,
      topics: [],
      has_issues: true,
      has_projects: false,
      has_wiki: false,
      has_pages: false,
      has_downloads: true,
      has_discussions: false,
      archived: false,
      disabled: false,
      visibility: 'public',
      pushed_at: '2026-11-20T09:00:00Z',
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2026-11-20T09:00:00Z',
      allow_forking: true,
      web_commit_signoff_required: false,
      forks: 0,
      open_issues: this.pulls.size,
      watchers: 0,
      license: null,
    };
  }

  private pullJson(pull: PullState): Record<string, unknown> {
    const base = `${API}/repos/${this.fullName}`;
    const id = 900_000 + pull.number;
    const branch = (ref: string, sha: string): Record<string, unknown> => ({
      label: `${this.owner}:${ref}`,
      ref,
      sha,
      user: this.userJson({ login: this.owner, id: 500_001, type: 'Organization' }),
      repo: this.repoJson(),
    });
    return {
      url: `${base}/pulls/${pull.number}`,
      id,
      node_id: nodeId('PR', id),
      html_url: `${HTML}/${this.fullName}/pull/${pull.number}`,
      diff_url: `${HTML}/${this.fullName}/pull/${pull.number}.diff`,
      patch_url: `${HTML}/${this.fullName}/pull/${pull.number}.patch`,
      issue_url: `${base}/issues/${pull.number}`,
      commits_url: `${base}/pulls/${pull.number}/commits`,
      review_comments_url: `${base}/pulls/${pull.number}/comments`,
      review_comment_url: `${base}/pulls/comments{/number}`,
      comments_url: `${base}/issues/${pull.number}/comments`,
      statuses_url: `${base}/statuses/${pull.headSha}`,
      number: pull.number,
      state: 'open',
      locked: false,
      title: pull.title,
      user: this.userJson(pull.author),
      body: null,
      labels: pull.labels.map((name) => this.labelJson(name)),
      milestone: null,
      active_lock_reason: null,
      created_at: '2026-11-20T09:00:00Z',
      updated_at: '2026-11-20T09:30:00Z',
      closed_at: null,
      merged_at: null,
      merge_commit_sha: sha(`merge-${pull.headSha}`),
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branch(pull.headRef, pull.headSha),
      base: branch(pull.baseRef, pull.baseSha),
      _links: {
        self: { href: `${base}/pulls/${pull.number}` },
        html: { href: `${HTML}/${this.fullName}/pull/${pull.number}` },
        issue: { href: `${base}/issues/${pull.number}` },
        comments: { href: `${base}/issues/${pull.number}/comments` },
        review_comments: { href: `${base}/pulls/${pull.number}/comments` },
        review_comment: { href: `${base}/pulls/comments{/number}` },
        commits: { href: `${base}/pulls/${pull.number}/commits` },
        statuses: { href: `${base}/statuses/${pull.headSha}` },
      },
      author_association: this.roles.has(pull.author.login) ? 'MEMBER' : 'CONTRIBUTOR',
      auto_merge: null,
      draft: false,
      merged: false,
      mergeable: true,
      rebaseable: true,
      mergeable_state: 'blocked',
      merged_by: null,
      comments: this.commentsOn(pull.number).length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: pull.commits.length,
      additions: pull.files.reduce((sum, file) => sum + (file.additions ?? 1), 0),
      deletions: pull.files.reduce((sum, file) => sum + (file.deletions ?? 0), 0),
      changed_files: pull.files.length,
    };
  }

  private fileJson(pull: PullState, file: PullFile): Record<string, unknown> {
    const additions = file.additions ?? 1;
    const deletions = file.deletions ?? 0;
    return {
      sha: sha(`${pull.headSha}:${file.filename}`),
      filename: file.filename,
      status: file.status,
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${HTML}/${this.fullName}/blob/${pull.headSha}/${file.filename}`,
      raw_url: `${HTML}/${this.fullName}/raw/${pull.headSha}/${file.filename}`,
      contents_url: `${API}/repos/${this.fullName}/contents/${file.filename}?ref=${pull.headSha}`,
      patch: '@@ -1 +1 @@',
      ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename }),
    };
  }

  private contentJson(ref: string, path: string, text: string): Record<string, unknown> {
    return { ...this.contentLinks(ref, path, text), type: 'file', encoding: 'base64', content: Buffer.from(text, 'utf8').toString('base64') };
  }

  /**
   * A directory's listing, as GitHub answers it: the entries directly in it (files, symlinks and
   * subdirectories, by name), at most 1,000 of them; null when no file lies below `path`.
   */
  private directoryJson(ref: string, tree: ReadonlyMap<string, RepoEntry>, path: string): Record<string, unknown>[] | null {
    const prefix = path === '' ? '' : `${path.replace(/\/+$/, '')}/`;
    const children = new Map<string, Record<string, unknown>>();
    for (const [file, entry] of tree) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...below] = file.slice(prefix.length).split('/');
      if (!name || children.has(name)) continue;
      const childPath = `${prefix}${name}`;
      if (below.length > 0) children.set(name, this.directoryItemJson(ref, childPath));
      else if (typeof entry === 'string') children.set(name, this.contentLinks(ref, childPath, entry));
      else if ('symlink' in entry) children.set(name, { ...this.contentLinks(ref, childPath, entry.symlink), type: 'symlink' });
      // GitHub lists a submodule as a file (its documented backwards compatibility).
      else children.set(name, { ...this.contentLinks(ref, childPath, ''), sha: sha(`commit:${entry.submodule}`), size: 0, type: 'file' });
    }
    if (children.size === 0) return null;
    return [...children.keys()]
      .sort()
      .slice(0, DIRECTORY_LISTING_LIMIT)
      .map((name) => {
        const item = children.get(name) as Record<string, unknown>;
        return item['type'] === undefined ? { ...item, type: 'file' } : item;
      });
  }

  private directoryItemJson(ref: string, path: string): Record<string, unknown> {
    const tree = sha(`tree:${ref}:${path}`);
    const url = `${API}/repos/${this.fullName}/contents/${path}?ref=${ref}`;
    const html = `${HTML}/${this.fullName}/tree/${ref}/${path}`;
    const git = `${API}/repos/${this.fullName}/git/trees/${tree}`;
    return { type: 'dir', size: 0, name: posix.basename(path), path, sha: tree, url, git_url: git, html_url: html, download_url: null, _links: { self: url, git, html } };
  }

  private contentLinks(ref: string, path: string, text: string): Record<string, unknown> {
    const blob = gitBlobId(text);
    const url = `${API}/repos/${this.fullName}/contents/${path}?ref=${ref}`;
    const html = `${HTML}/${this.fullName}/blob/${ref}/${path}`;
    const git = `${API}/repos/${this.fullName}/git/blobs/${blob}`;
    return { size: Buffer.byteLength(text), name: posix.basename(path), path, sha: blob, url, git_url: git, html_url: html, download_url: `https://raw.githubusercontent.com/${this.fullName}/${ref}/${path}`, _links: { self: url, git, html } };
  }

  private defaultBranchSha(): string {
    return sha('base');
  }

  private commentJson(comment: CommentState): Record<string, unknown> {
    return {
      id: comment.id,
      node_id: nodeId('IC', comment.id),
      url: `${API}/repos/${this.fullName}/issues/comments/${comment.id}`,
      html_url: `${HTML}/${this.fullName}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.userJson(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      issue_url: `${API}/repos/${this.fullName}/issues/${comment.issueNumber}`,
      author_association: comment.user.type === 'Bot' ? 'NONE' : this.roles.has(comment.user.login) ? 'MEMBER' : 'CONTRIBUTOR',
      performed_via_github_app: comment.viaApp ? this.appJson(comment.viaApp) : null,
      reactions: { url: `${API}/repos/${this.fullName}/issues/comments/${comment.id}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 },
    };
  }

  private labelJson(name: string): Record<string, unknown> {
    const label = this.repoLabel(name);
    const id = 300_000 + (parseInt(sha(name.toLowerCase()).slice(0, 6), 16) % 100_000);
    return {
      id,
      node_id: nodeId('LA', id),
      url: `${API}/repos/${this.fullName}/labels/${encodeURIComponent(label?.name ?? name)}`,
      name: label?.name ?? name,
      description: label?.description ?? null,
      color: label?.color ?? 'ededed',
      default: false,
    };
  }

  private eventJson(event: IssueEventState): Record<string, unknown> {
    return {
      id: event.id,
      node_id: nodeId(event.event === 'labeled' ? 'LE' : 'UNLE', event.id),
      url: `${API}/repos/${this.fullName}/issues/events/${event.id}`,
      actor: this.userJson(event.actor),
      event: event.event,
      commit_id: null,
      commit_url: null,
      created_at: event.createdAt,
      performed_via_github_app: event.app ? this.appJson(event.app) : null,
      label: { name: event.label, color: 'ededed' },
    };
  }

  private forcePushJson(event: { id: number; actor: Account; createdAt: string }): Record<string, unknown> {
    return {
      id: event.id,
      node_id: nodeId('HRFPE', event.id),
      url: `${API}/repos/${this.fullName}/issues/events/${event.id}`,
      actor: this.userJson(event.actor),
      event: 'head_ref_force_pushed',
      commit_id: null,
      commit_url: null,
      created_at: event.createdAt,
      performed_via_github_app: null,
    };
  }

  private commitJson(commit: CommitState): Record<string, unknown> {
    const base = `${API}/repos/${this.fullName}`;
    const person = (login: string | null) => ({ name: login ?? 'Someone', email: login ? `${this.account(login).id}+${login}@users.noreply.github.com` : 'someone@example.com', date: '2026-11-20T09:00:00Z' });
    return {
      url: `${base}/commits/${commit.sha}`,
      sha: commit.sha,
      node_id: nodeId('C', parseInt(commit.sha.slice(0, 6), 16)),
      html_url: `${HTML}/${this.fullName}/commit/${commit.sha}`,
      comments_url: `${base}/commits/${commit.sha}/comments`,
      commit: {
        url: `${base}/git/commits/${commit.sha}`,
        author: person(commit.author),
        committer: person(commit.committer),
        message: commit.message,
        comment_count: 0,
        tree: { sha: sha(`tree-${commit.sha}`), url: `${base}/git/trees/${sha(`tree-${commit.sha}`)}` },
      },
      author: commit.author ? this.userJson(this.account(commit.author)) : null,
      committer: commit.committer ? this.userJson(this.account(commit.committer)) : null,
      parents: [],
    };
  }

  private checkRunJson(run: CheckRunState): Record<string, unknown> {
    const pulls = [...this.pulls.values()].filter((pull) => pull.headSha === run.headSha);
    return {
      id: run.id,
      head_sha: run.headSha,
      node_id: nodeId('CR', run.id),
      external_id: run.externalId ?? '',
      url: `${API}/repos/${this.fullName}/check-runs/${run.id}`,
      html_url: `${HTML}/${this.fullName}/runs/${run.id}`,
      details_url: run.detailsUrl ?? `${HTML}/${this.fullName}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: run.annotations.length,
        annotations_url: `${API}/repos/${this.fullName}/check-runs/${run.id}/annotations`,
      },
      name: run.name,
      check_suite: { id: 800_000 + run.id },
      app: run.app ? this.appJson(run.app) : null,
      pull_requests: pulls.map((pull) => ({
        url: `${API}/repos/${this.fullName}/pulls/${pull.number}`,
        id: 900_000 + pull.number,
        number: pull.number,
        head: { ref: pull.headRef, sha: pull.headSha, repo: { id: this.repoId, url: `${API}/repos/${this.fullName}`, name: this.repo } },
        base: { ref: pull.baseRef, sha: pull.baseSha, repo: { id: this.repoId, url: `${API}/repos/${this.fullName}`, name: this.repo } },
      })),
    };
  }
}

/** A GraphQL connection's paging arguments. */
interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

interface Call {
  operation: OperationMatch;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  identity: Identity;
  url: URL;
}

interface Result<T = unknown> {
  status: number;
  body: T;
  headers?: Record<string, string>;
  /** GitHub sends this answer though its description does not list the status: not validated. */
  undocumented?: boolean;
}

function ok(body: unknown): Result {
  return { status: 200, body };
}

function notFound(): Result {
  return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } };
}

function permissionsOf(role: Role): Record<string, boolean> {
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
  return { pull: rank >= 0, triage: rank >= 1, push: rank >= 2, maintain: rank >= 3, admin: rank >= 4 };
}

/** A deterministic 40-hex commit-like sha for a seed string. */
/** Git's id of a blob holding `text` (`git hash-object`): what GitHub answers as a file's `sha`. */
export function gitBlobId(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function sha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
