export * from "./dunning.ts";
export * from "./eod.ts";
export * from "./worklist.ts";
