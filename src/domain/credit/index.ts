export * from "./customer.ts";
