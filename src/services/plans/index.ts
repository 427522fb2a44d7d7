export * from "./billing.ts";
export * from "./changes.ts";
export * from "./definitions.ts";
export * from "./offers.ts";
export * from "./penalties.ts";
export * from "./plans.ts";
