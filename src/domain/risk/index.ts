/**
 * Risk (风险): early warnings, expected credit loss and write-offs, as pure rules. Each part lives
 * in a file of its own and is exported from here.
 */
export * from "./provision-matrix.ts";
export * from "./risk-policy.ts";
export * from "./warnings.ts";
