/**
 * An input problem the user can fix: a bad file, a bad flag, a bad policy. Its message is shown
 * as it is (one or two plain lines, no stack trace) and the command exits with status 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** The file (or input) the problem is in; null when it is about the invocation itself. */
    readonly source: string | null,
    readonly problem: string,
  ) {
    super(source ? `${source}: ${problem}` : problem);
  }
}

/**
 * The action was run where it refuses to give a verdict (an event whose checkout is not the pull
 * request's): one plain line, exit status 2, and the check already failed closed.
 */
export class RefusedRunError extends Error {
  override readonly name = 'RefusedRunError';
}
