/**
 * The public API of the core: money, exact rates, rounding, currencies, business dates, ids
 * and the error catalogue. Other layers import from here only.
 *
 * Money and Decimal both have add, subtract, negate, compare and isZero. Money keeps the
 * short names, since amounts are what most code handles; the Decimal arithmetic is exported
 * with a "Decimal" suffix (addDecimal, multiplyDecimal, …) so that a reader never has to
 * guess which kind of number a call works on.
 */

export * from "./currency.ts";
export * from "./dates.ts";
export {
  add as addDecimal,
  compare as compareDecimal,
  type Decimal,
  decimal,
  decimalFractionDigitsMax,
  decimalTextLengthMax,
  divide as divideDecimal,
  fixedFractionDigitsMax,
  fromMinor,
  isZero as isZeroDecimal,
  multiply as multiplyDecimal,
  negate as negateDecimal,
  ONE,
  parseDecimal,
  power as powerDecimal,
  powerExponentMax,
  roundToInteger,
  subtract as subtractDecimal,
  toCanonicalString,
  toFixedString,
  toMinor,
  toNumberApprox,
  ZERO,
} from "./decimal.ts";
export * from "./errors.ts";
export * from "./ids.ts";
export * from "./money.ts";
export * from "./rounding.ts";
