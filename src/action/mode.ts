/** Which flow an event gets (docs/github-api-calls.md, "Modes"). Pure. */
import { InputError } from '../errors.js';
import type { ActionContext } from '../github/context.js';

export type Mode = 'analyze-pull-request' | 'reevaluate' | 'analyze-only';

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
