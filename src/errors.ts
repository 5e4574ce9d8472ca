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
