export * from "./invoice.ts";
export * from "./policy.ts";
export * from "./terms.ts";
