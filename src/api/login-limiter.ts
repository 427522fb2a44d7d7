import { AppError } from "../core/errors.ts";

/**
 * Slows password guessing: after `failuresMax` failed logins for one email from one address
 * within the window, further attempts are refused until the window passes. Kept in memory: one
 * server process is the unit, and a restart forgetting counts is acceptable.
 */
export interface LoginLimiterOptions {
  readonly failuresMax: number;
  readonly windowMs: number;
}

export const defaultLoginLimits: LoginLimiterOptions = { failuresMax: 5, windowMs: 15 * 60 * 1000 };
const trackedKeysMax = 10_000;

export class LoginLimiter {
  readonly #options: LoginLimiterOptions;
  readonly #failures = new Map<string, { count: number; windowStartMs: number }>();

  constructor(options: LoginLimiterOptions = defaultLoginLimits) {
    this.#options = options;
  }

  /** Throws TOO_MANY_REQUESTS while the key is locked out. */
  check(key: string, nowMs: number): void {
    const entry = this.#failures.get(key);
    if (entry === undefined) return;
    const elapsedMs = nowMs - entry.windowStartMs;
    if (elapsedMs >= this.#options.windowMs) {
      this.#failures.delete(key);
      return;
    }
    if (entry.count >= this.#options.failuresMax) {
      throw new AppError("TOO_MANY_REQUESTS", {
        params: { retryAfterSeconds: Math.ceil((this.#options.windowMs - elapsedMs) / 1000) },
      });
    }
  }

  recordFailure(key: string, nowMs: number): void {
    const entry = this.#failures.get(key);
    if (entry === undefined || nowMs - entry.windowStartMs >= this.#options.windowMs) {
      if (this.#failures.size >= trackedKeysMax) this.#prune(nowMs);
      this.#failures.set(key, { count: 1, windowStartMs: nowMs });
    } else {
      entry.count += 1;
    }
  }

  recordSuccess(key: string): void {
    this.#failures.delete(key);
  }

  #prune(nowMs: number): void {
    for (const [key, entry] of this.#failures) {
      if (nowMs - entry.windowStartMs >= this.#options.windowMs) this.#failures.delete(key);
    }
    // Still full of live entries: drop the oldest rather than grow without bound.
    if (this.#failures.size >= trackedKeysMax) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }
}
