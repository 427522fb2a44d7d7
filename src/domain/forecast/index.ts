/**
 * Forecast (预测): payment-date prediction, the cash forecast and its back-test errors, and the
 * installment portfolio's figures, as pure functions of histories handed in.
 */
export * from "./cash-forecast.ts";
export * from "./day-numbers.ts";
export * from "./forecast-errors.ts";
export * from "./payment-delay.ts";
export * from "./portfolio.ts";
