import { decimalIn, isAmountIn } from "../../core/checks.ts";
import { ONE, parseDecimal, ZERO } from "../../core/decimal.ts";
import type { FieldIssue } from "../../core/errors.ts";
import { divideRounded, type RoundingMode } from "../../core/rounding.ts";

/**
 * A charge as a policy states it: nothing, a fixed amount, or a share of a base amount held
 * within [min, max]. The upfront fee of a plan (base: the amount financed) and the late fee of an
 * overdue installment (base: the overdue amount) are both such rules.
 */
export type FeeRule =
  | { readonly kind: "none" }
  | { readonly kind: "fixed"; readonly amountMinor: bigint }
  /** share × the base, rounded with the caller's mode, then held within [min, max]. */
  | {
      readonly kind: "percent";
      readonly share: string;
      readonly minMinor: bigint;
      readonly maxMinor: bigint | null;
    };

/** Field issues of `rule` at `path` ("upfrontFee", "lateFee"); amounts up to `amountMax`. */
export function checkFeeRule(rule: FeeRule | undefined, path: string, amountMax: bigint): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const push = (at: string, code: string, message: string): void => {
    issues.push({ path: `${path}.${at}`, code, message });
  };
  switch (rule?.kind) {
    case "none":
      break;
    case "fixed":
      if (!isAmountIn(rule.amountMinor, 0n, amountMax))
        push("amountMinor", "OUT_OF_RANGE", "a non-negative amount");
      break;
    case "percent": {
      if (decimalIn(rule.share, ZERO, ONE) === null) push("share", "INVALID_SHARE", "a share from 0 to 1");
      const minValid = isAmountIn(rule.minMinor, 0n, amountMax);
      if (!minValid) push("minMinor", "OUT_OF_RANGE", "a non-negative amount");
      if (rule.maxMinor !== null && !isAmountIn(rule.maxMinor, 0n, amountMax)) {
        push("maxMinor", "OUT_OF_RANGE", "a non-negative amount, or empty");
      } else if (rule.maxMinor !== null && minValid && rule.maxMinor < rule.minMinor) {
        push("maxMinor", "BELOW_MIN", "the maximum is not below the minimum");
      }
      break;
    }
    default:
      push("kind", "INVALID_CHOICE", "none, fixed or percent");
  }
  return issues;
}

/** The charge `rule` makes on `baseMinor`, rounding a share with `mode`. */
export function feeOf(rule: FeeRule, baseMinor: bigint, mode: RoundingMode): bigint {
  switch (rule.kind) {
    case "none":
      return 0n;
    case "fixed":
      return rule.amountMinor;
    case "percent": {
      const share = parseDecimal(rule.share);
      let fee = divideRounded(baseMinor * share.numerator, share.denominator, mode);
      if (fee < rule.minMinor) fee = rule.minMinor;
      if (rule.maxMinor !== null && fee > rule.maxMinor) fee = rule.maxMinor;
      return fee;
    }
  }
}
