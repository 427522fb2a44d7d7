import {
  amortizeRequestSchema,
  amortizeResponse,
  aprRequestSchema,
  aprResponse,
  quoteRequestSchema,
  quoteResponse,
} from "../../io/plan-contracts.ts";
import type { ApiApp } from "../deps.ts";

/**
 * The installment calculators: pure computations on the request, for any signed-in user or API
 * token (they read and write no organization's data). Contracts: src/io/plan-contracts.ts.
 */
export function planCalculatorRoutes(app: ApiApp): void {
  const access = { access: { kind: "user" } } as const;
  const tags = ["installments"];

  app.post(
    "/api/v1/quotes",
    {
      config: access,
      schema: {
        tags,
        summary:
          "An installment schedule with its totals and annualized rates (nominal IRR, effective, Reg Z APR, EU APRC)",
        body: quoteRequestSchema,
      },
    },
    async (request) => quoteResponse(request.body),
  );

  app.post(
    "/api/v1/apr",
    {
      config: access,
      schema: {
        tags,
        summary: "The annual rate of dated advances and payments: us-reg-z, eu-aprc, xirr or irr-nominal",
        body: aprRequestSchema,
      },
    },
    async (request) => aprResponse(request.body),
  );

  app.post(
    "/api/v1/amortizations",
    {
      config: access,
      schema: {
        tags,
        summary: "An effective-interest amortization table from dated payments and a cash price and/or rate",
        body: amortizeRequestSchema,
      },
    },
    async (request) => amortizeResponse(request.body),
  );
}
