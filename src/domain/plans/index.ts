export * from "./amortize.ts";
export * from "./day-count.ts";
export * from "./frequency.ts";
export * from "./quote.ts";
export * from "./rates.ts";
export * from "./schedule.ts";
