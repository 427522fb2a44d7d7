import { describe, expect, it } from "vitest";
import { LoginLimiter } from "../../src/api/login-limiter.ts";
import { AppError } from "../../src/core/errors.ts";

describe("LoginLimiter", () => {
  const windowMs = 60_000;

  it("locks a key after the allowed failures until the window passes", () => {
    const limiter = new LoginLimiter({ failuresMax: 2, windowMs });
    limiter.check("k", 0);
    limiter.recordFailure("k", 0);
    limiter.recordFailure("k", 1_000);
    expect(() => limiter.check("k", 2_000)).toThrow(AppError);
    try {
      limiter.check("k", 2_000);
    } catch (error) {
      expect((error as AppError).params.retryAfterSeconds).toBe(58);
    }
    expect(() => limiter.check("k", windowMs)).not.toThrow();
  });

  it("forgets failures after a success and keeps keys apart", () => {
    const limiter = new LoginLimiter({ failuresMax: 1, windowMs });
    limiter.recordFailure("a", 0);
    expect(() => limiter.check("b", 0)).not.toThrow();
    expect(() => limiter.check("a", 0)).toThrow(AppError);
    limiter.recordSuccess("a");
    expect(() => limiter.check("a", 0)).not.toThrow();
  });
});
