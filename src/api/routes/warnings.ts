import type { ApiApp, ApiDeps } from "../deps.ts";

/** Routes of early-warning rules and their alerts. */
export function warningRoutes(_app: ApiApp, _deps: ApiDeps): void {}
