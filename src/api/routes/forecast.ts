import type { ApiApp, ApiDeps } from "../deps.ts";

/** Routes of payment-date predictions, the 13-week cash forecast and the installment portfolio. */
export function forecastRoutes(_app: ApiApp, _deps: ApiDeps): void {}
