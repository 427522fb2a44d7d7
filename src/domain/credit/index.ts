export * from "./customer.ts";
export * from "./identity-codes.ts";
