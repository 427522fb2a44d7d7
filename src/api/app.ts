import { existsSync } from "node:fs";
import { resolve } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyServerOptions } from "fastify";
import {
  createJsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { AppError } from "../core/errors.ts";
import { type DeliverySettings, deliveryDisabled } from "../notify/mailer.ts";
import { type Clock, systemClock } from "../services/command.ts";
import type { Store } from "../store/database.ts";
import { installAccessControl, type RegisteredRoute } from "./access.ts";
import type { ApiApp, ApiDeps } from "./deps.ts";
import { LoginLimiter } from "./login-limiter.ts";
import { sendProblem, toAppError } from "./problem.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { bankRoutes } from "./routes/bank.ts";
import { collectionsRoutes } from "./routes/collections.ts";
import { creditRoutes } from "./routes/credit.ts";
import { customerImportRoutes } from "./routes/customer-import.ts";
import { customerRoutes } from "./routes/customers.ts";
import { dashboardRoutes } from "./routes/dashboard.ts";
import { forecastRoutes } from "./routes/forecast.ts";
import { ledgerRoutes } from "./routes/ledger.ts";
import { memberRoutes } from "./routes/members.ts";
import { organizationRoutes } from "./routes/organizations.ts";
import { outboxRoutes } from "./routes/outbox.ts";
import { planDocumentRoutes } from "./routes/plan-documents.ts";
import { planCalculatorRoutes } from "./routes/plans.ts";
import { receivablesRoutes } from "./routes/receivables.ts";
import { receivablesImportRoutes } from "./routes/receivables-import.ts";
import { reportRoutes } from "./routes/reports.ts";
import { riskRoutes } from "./routes/risk.ts";
import { statementRoutes } from "./routes/statements.ts";
import { systemRoutes } from "./routes/system.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { warningRoutes } from "./routes/warnings.ts";

export const bodyLimitBytes = 1024 * 1024;
export const defaultWebRoot = resolve(import.meta.dirname, "../../web/dist");

export interface AppOptions {
  readonly store: Store;
  readonly secret: string;
  readonly clock?: Clock;
  readonly logger?: FastifyServerOptions["logger"];
  readonly loginLimiter?: LoginLimiter;
  readonly secureCookies?: boolean;
  /** The built SPA; when missing, non-API pages explain how to build it. */
  readonly webRoot?: string;
  /** Where messages go (SMTP_URL, MAIL_FROM, SMS_WEBHOOK_URL/TOKEN); by default they stay in the outbox. */
  readonly delivery?: DeliverySettings;
}

export interface BuiltApp {
  readonly app: ApiApp;
  /** Every API route with its declared access; the authorization test walks these. */
  readonly routes: ReadonlyArray<RegisteredRoute>;
}

export async function buildApp(options: AppOptions): Promise<BuiltApp> {
  const clock = options.clock ?? systemClock;
  const deps: ApiDeps = {
    store: options.store,
    secret: options.secret,
    clock,
    loginLimiter: options.loginLimiter ?? new LoginLimiter(),
    secureCookies: options.secureCookies ?? false,
    delivery: options.delivery ?? deliveryDisabled,
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: bodyLimitBytes,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error as Error);
    if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    return sendProblem(reply, request, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const webRoot = options.webRoot ?? defaultWebRoot;
    if (!path.startsWith("/api") && request.method === "GET") {
      if (existsSync(resolve(webRoot, "index.html"))) return reply.sendFile("index.html", webRoot);
      return reply
        .type("text/plain; charset=utf-8")
        .send("The web app is not built yet: run `npm run build`.");
    }
    return sendProblem(reply, request, new AppError("ROUTE_NOT_FOUND", { params: { path } }));
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "same-origin");
    return payload;
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Credence API",
        version: "1",
        description:
          "Credit-term customers, installment plans, receivables and collections. Amounts are decimal strings, dates YYYY-MM-DD. Errors are application/problem+json with a stable `code`.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "credence_session" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: createJsonSchemaTransform({ zodToJsonConfig: { target: "draft-2020-12" } }),
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { config: { access: { kind: "public" } }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const routes = installAccessControl(app, {
    db: options.store.db,
    secret: options.secret,
    now: () => clock().toISOString(),
  });
  systemRoutes(app, deps);
  authRoutes(app, deps);
  organizationRoutes(app, deps);
  memberRoutes(app, deps);
  tokenRoutes(app, deps);
  auditRoutes(app, deps);
  customerImportRoutes(app, deps);
  customerRoutes(app, deps);
  ledgerRoutes(app, deps);
  creditRoutes(app, deps);
  planCalculatorRoutes(app);
  planDocumentRoutes(app, deps);
  receivablesRoutes(app, deps);
  receivablesImportRoutes(app, deps);
  statementRoutes(app, deps);
  bankRoutes(app, deps);
  collectionsRoutes(app, deps);
  outboxRoutes(app, deps);
  reportRoutes(app, deps);
  dashboardRoutes(app, deps);
  riskRoutes(app, deps);
  warningRoutes(app, deps);
  forecastRoutes(app, deps);

  const webRoot = options.webRoot ?? defaultWebRoot;
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, prefix: "/", wildcard: false, index: ["index.html"] });
  }
  await app.ready();
  return { app, routes };
}
