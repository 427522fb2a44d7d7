export * from "./bank.ts";
export * from "./definitions.ts";
export * from "./invoices.ts";
export * from "./numbers.ts";
export * from "./open-items.ts";
export * from "./payments.ts";
export * from "./statements.ts";
