import type { ApiApp, ApiDeps } from "../deps.ts";

/** Routes of expected-credit-loss provisions, write-offs with maker-checker and recoveries, the risk policy. */
export function riskRoutes(_app: ApiApp, _deps: ApiDeps): void {}
