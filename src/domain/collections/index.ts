export * from "./eod.ts";
