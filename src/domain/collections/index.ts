export * from "./dunning.ts";
export * from "./effectiveness.ts";
export * from "./eod.ts";
export * from "./worklist.ts";
