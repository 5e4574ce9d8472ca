/**
 * The README's workflow as GitHub would run it: which of its jobs an event starts (each job's `if:`
 * evaluated by GitHub's own expression engine, @actions/expressions), and its `concurrency` group
 * as GitHub documents it ("Using concurrency"): at most one run in progress and one pending per
 * group; a newly queued run cancels the pending one, and with `cancel-in-progress: true` also the
 * one in progress.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from './run-action.js';

export interface WorkflowJob {
  name: string;
  if: string | null;
  /** The `with:` of its tf-plan-guard step (`uses: …/tf-plan-guard@…`). */
  guardInputs: Record<string, string> | null;
}

export interface Workflow {
  types: string[];
  concurrency: { group: string; cancelInProgress: boolean } | null;
  jobs: WorkflowJob[];
}

/** The first ```yaml block after the README heading `heading` (e.g. "### A complete workflow"). */
export function readmeWorkflow(heading: string, readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')): Workflow {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no heading ${heading}`);
  const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block?.[1]) throw new Error(`no yaml block after ${heading}`);
  const doc = parseYaml(block[1]) as Record<string, unknown>;
  const on = doc['on'] as { pull_request?: { types?: string[] } };
  const concurrency = doc['concurrency'] as { group?: string; 'cancel-in-progress'?: boolean } | undefined;
  const jobs = Object.entries(doc['jobs'] as Record<string, Record<string, unknown>>).map(([name, job]) => {
    const steps = (job['steps'] as Record<string, unknown>[] | undefined) ?? [];
    const guard = steps.find((step) => typeof step['uses'] === 'string' && /tf-plan-guard@/.test(step['uses']));
    return {
      name,
      if: typeof job['if'] === 'string' ? job['if'] : null,
      guardInputs: guard ? Object.fromEntries(Object.entries((guard['with'] as Record<string, unknown> | undefined) ?? {}).map(([key, value]) => [key, String(value)])) : null,
    };
  });
  return {
    types: on.pull_request?.types ?? [],
    concurrency: concurrency?.group ? { group: concurrency.group, cancelInProgress: concurrency['cancel-in-progress'] === true } : null,
    jobs,
  };
}

/** Evaluates an expression (a job's `if:`, with or without `${{ }}`) against a `github` context, as a boolean. */
export function evaluateCondition(expression: string, github: Record<string, unknown>): boolean {
  const text = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const lexed = new Lexer(`!!(${text})`).lex();
  const parsed = new Parser(lexed.tokens, ['github'], []).parse();
  const context = new data.Dictionary({ key: 'github', value: JSON.parse(JSON.stringify(github), data.reviver) as data.ExpressionData });
  return new Evaluator(parsed, context).evaluate().coerceString() === 'true';
}

/** The value of a `${{ … }}` template such as the concurrency group. */
export function evaluateTemplate(template: string, github: Record<string, unknown>): string {
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const lexed = new Lexer(expression).lex();
    const parsed = new Parser(lexed.tokens, ['github'], []).parse();
    const context = new data.Dictionary({ key: 'github', value: JSON.parse(JSON.stringify(github), data.reviver) as data.ExpressionData });
    return new Evaluator(parsed, context).evaluate().coerceString();
  });
}

/** One concurrency group: what is in progress, what is pending, what was cancelled. */
export class ConcurrencyGroup<T> {
  running: T | null = null;
  pending: T | null = null;
  readonly cancelled: T[] = [];

  constructor(private readonly cancelInProgress: boolean) {}

  /** A run is queued: it starts when nothing runs, else it becomes the pending run (cancelling the older pending one). */
  queue(run: T): void {
    if (this.running !== null && this.cancelInProgress) {
      this.cancelled.push(this.running);
      this.running = null;
    }
    if (this.running === null) {
      this.running = run;
      return;
    }
    if (this.pending !== null) this.cancelled.push(this.pending);
    this.pending = run;
  }

  /** The run in progress completes; the pending one (if any) starts and is returned. */
  complete(): T | null {
    this.running = this.pending;
    this.pending = null;
    return this.running;
  }
}
