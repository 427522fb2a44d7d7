export * from "./allocation.ts";
export * from "./matching.ts";
export * from "./payer-names.ts";
