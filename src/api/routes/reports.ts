import type { ApiApp, ApiDeps } from "../deps.ts";

/** Routes of aging, KPIs, report exports and scheduled report emails. */
export function reportRoutes(_app: ApiApp, _deps: ApiDeps): void {}
