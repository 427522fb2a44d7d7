import { isAppError } from "../../../src/core/errors.ts";

/** The AppError code that `action` throws, "no error", or "not an AppError: …" otherwise. */
export function appErrorCode(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return isAppError(error) ? error.code : `not an AppError: ${String(error)}`;
  }
  return "no error";
}

/** What `action` throws; fails the test when it returns normally. */
export function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to throw, but it returned");
}
