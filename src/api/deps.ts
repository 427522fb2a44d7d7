import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { DeliverySettings } from "../notify/mailer.ts";
import type { Clock } from "../services/command.ts";
import type { Store } from "../store/database.ts";
import type { LoginLimiter } from "./login-limiter.ts";

/** What route modules need from the outside world. */
export interface ApiDeps {
  readonly store: Store;
  readonly secret: string;
  readonly clock: Clock;
  readonly loginLimiter: LoginLimiter;
  /** Mark cookies Secure (set when served over HTTPS). */
  readonly secureCookies: boolean;
  /** Where routes deliver the messages their command queued (SMTP_URL, SMS_WEBHOOK_URL, …). */
  readonly delivery: DeliverySettings;
}

export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
