export * from "./dunning.ts";
export * from "./eod.ts";
