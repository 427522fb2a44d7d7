export * from "./allocation.ts";
