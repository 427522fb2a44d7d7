export * from "./invoice.ts";
export * from "./kpis.ts";
export * from "./policy.ts";
export * from "./statement.ts";
export * from "./terms.ts";
