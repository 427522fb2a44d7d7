export * from "./accounts.ts";
export * from "./chart-templates.ts";
export * from "./events.ts";
export * from "./posting-rules.ts";
export * from "./voucher.ts";
