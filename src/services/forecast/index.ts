export * from "./backtest.ts";
export * from "./cash-forecast.ts";
export * from "./forecast-inputs.ts";
export * from "./forecast-reports.ts";
export * from "./portfolio.ts";
