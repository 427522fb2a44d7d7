export * from "./chart.ts";
export * from "./exports.ts";
export * from "./periods.ts";
export * from "./posting.ts";
export * from "./queries.ts";
export * from "./verify.ts";
