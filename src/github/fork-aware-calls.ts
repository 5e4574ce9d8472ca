/**
 * API calls that survive a read-only token. A pull request from a fork gets a token that cannot
 * write (and may not read some things); the gate must then still decide, and say its verdict in
 * the step instead of a check. The first refusal is reported once and stops every later write,
 * so a fork's run is one warning, not one per call.
 */
import { GitHubCallError } from './client.js';

export class ForkAwareCalls {
  private forbidden = false;

  /** `onFirstRefusal` is told, once, why the token cannot write. */
  constructor(private readonly onFirstRefusal: (error: GitHubCallError) => void) {}

  /** True once a call was refused for the token's lack of access: nothing more is written. */
  get writesForbidden(): boolean {
    return this.forbidden;
  }

  /**
   * A read; a read-only token's refusal gives `fallback` (and stops the writes). Another 403
   * goes to `onOtherForbidden` with the fallback when given; anything else throws.
   */
  async read<T>(request: () => Promise<T>, fallback: T, onOtherForbidden?: (error: GitHubCallError) => void): Promise<T> {
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

  /** A write, skipped once the token was refused; a refusal here stops the later ones. */
  async write(request: () => Promise<unknown>): Promise<void> {
    if (this.forbidden) return;
    try {
      await request();
    } catch (error) {
      if (error instanceof GitHubCallError && error.forbiddenForIntegration) this.forbid(error);
      else throw error;
    }
  }

  private forbid(error: GitHubCallError): void {
    if (this.forbidden) return;
    this.forbidden = true;
    this.onFirstRefusal(error);
  }
}
