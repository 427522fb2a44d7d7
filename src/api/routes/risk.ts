import { z } from "zod";
import { parseMinorAt } from "../../core/money.ts";
import { historyMonthsMax, historyMonthsMin } from "../../domain/risk/index.ts";
import { amountsOut } from "../../io/plan-json.ts";
import { dateText, decimalText } from "../../io/request-fields.ts";
import { runCommand } from "../../services/command.ts";
import { businessDateAt, getOrganization } from "../../services/organizations.ts";
import {
  lastMonthEndBefore,
  listProvisionRuns,
  previewProvision,
  provisionRunsPageMax,
  runProvision,
} from "../../services/risk/provisions.ts";
import { getRiskPolicy, saveRiskPolicy } from "../../services/risk/risk-policy.ts";
import {
  decideWriteOff,
  getWriteOff,
  listWriteOffs,
  recordRecovery,
  requestWriteOff,
  writeOffItemsMax,
  writeOffStatuses,
  writeOffsPageMax,
} from "../../services/risk/write-offs.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { sendIdempotent } from "../idempotent.ts";
import { idParam, orgParams } from "../schemas.ts";

/**
 * Expected-credit-loss provisions (the provision matrix and its monthly true-up), write-offs with
 * maker-checker, recoveries, and the risk policy behind them. Amounts are decimal strings in major
 * units (`xMinor` fields of the services appear as `x`).
 */

const writeOffParams = z.strictObject({ orgId: idParam, writeOffId: idParam });
const textMax = 500;

const policyBody = z.strictObject({
  writeOffApprovalThreshold: decimalText,
  historyMonths: z.number().int().min(historyMonthsMin).max(historyMonthsMax),
  forwardLookingAdjustment: z.string().max(40),
  floorRates: z.record(z.string().max(20), z.string().max(40)).default({}),
});

export function riskRoutes(app: ApiApp, deps: ApiDeps): void {
  const read = { access: { kind: "org", permission: "risk.read" } } as const;
  const manage = { access: { kind: "org", permission: "risk.manage" } } as const;
  const approve = { access: { kind: "org", permission: "risk.approve" } } as const;
  const configure = { access: { kind: "org", permission: "risk.configure" } } as const;
  const tags = ["risk"];
  const base = "/api/v1/orgs/:orgId";
  const db = deps.store.db;
  const currencyOf = async (orgId: string) => (await getOrganization(db, orgId)).baseCurrency;
  const now = () => deps.clock().toISOString();

  app.get(
    `${base}/risk-policy`,
    {
      config: read,
      schema: {
        tags,
        summary: "The risk policy in force: write-off approval threshold and provision matrix settings",
        params: orgParams,
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const current = await getRiskPolicy(db, orgId);
      return { ...current, definition: amountsOut(current.definition, await currencyOf(orgId)) };
    },
  );

  app.put(
    `${base}/risk-policy`,
    {
      config: configure,
      schema: { tags, summary: "Save a new version of the risk policy", params: orgParams, body: policyBody },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const { writeOffApprovalThreshold, ...rest } = request.body;
      const saved = await runCommand(
        deps.store,
        (tx) =>
          saveRiskPolicy(tx, actorOf(request), orgId, {
            ...rest,
            writeOffApprovalThresholdMinor: parseMinorAt(
              writeOffApprovalThreshold,
              currency,
              "writeOffApprovalThreshold",
            ),
          }),
        deps.clock,
      );
      return { ...saved, definition: amountsOut(saved.definition, currency) };
    },
  );

  app.get(
    `${base}/provision-matrix`,
    {
      config: read,
      schema: {
        tags,
        summary:
          "The provision matrix on a month end (default the last one before today), the allowance booked and the true-up a run would post; nothing is posted",
        params: orgParams,
        querystring: z.strictObject({ asOf: dateText.optional() }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const asOf = request.query.asOf ?? lastMonthEndBefore(await businessDateAt(db, orgId, now()));
      const preview = await previewProvision(db, orgId, asOf, now());
      return amountsOut(preview, preview.currency);
    },
  );

  app.post(
    `${base}/provision-runs`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Post the provision for a month end: the difference between the matrix's required allowance and the allowance booked (a release when negative)",
        params: orgParams,
        body: z.strictObject({ asOf: dateText }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const run = await runProvision(tx, actorOf(request), orgId, request.body.asOf);
        return { statusCode: 201, body: amountsOut(run, run.currency) };
      });
    },
  );

  app.get(
    `${base}/provision-runs`,
    {
      config: read,
      schema: {
        tags,
        summary: "Provision runs, newest first, with their matrix and voucher",
        params: orgParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(provisionRunsPageMax).default(50),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const runs = await listProvisionRuns(db, orgId, request.query.limit);
      return { items: runs.map((run) => amountsOut(run, run.currency)) };
    },
  );

  app.post(
    `${base}/write-offs`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Write off open items of a customer (坏账核销): posts at once at or below the policy's threshold, waits for a second person above it",
        params: orgParams,
        body: z.strictObject({
          customerId: idParam,
          items: z
            .array(z.strictObject({ itemId: idParam, amount: decimalText }))
            .min(1)
            .max(writeOffItemsMax),
          reason: z.string().max(textMax),
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const body = request.body;
      const items = body.items.map((item, index) => ({
        itemId: item.itemId,
        amountMinor: parseMinorAt(item.amount, currency, `items.${index}.amount`),
      }));
      return sendIdempotent(deps, request, reply, async (tx) => {
        const writeOff = await requestWriteOff(tx, actorOf(request), orgId, {
          customerId: body.customerId,
          items,
          reason: body.reason,
        });
        return { statusCode: 201, body: amountsOut(writeOff, writeOff.currency) };
      });
    },
  );

  app.get(
    `${base}/write-offs`,
    {
      config: read,
      schema: {
        tags,
        summary: "Write-offs, newest first",
        params: orgParams,
        querystring: z.strictObject({
          status: z.enum(writeOffStatuses).optional(),
          customerId: idParam.optional(),
          limit: z.coerce.number().int().min(1).max(writeOffsPageMax).default(50),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const items = await listWriteOffs(db, orgId, request.query);
      return { items: items.map((item) => amountsOut(item, item.currency)) };
    },
  );

  app.get(
    `${base}/write-offs/:writeOffId`,
    {
      config: read,
      schema: { tags, summary: "A write-off with its items and recoveries", params: writeOffParams },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const writeOff = await getWriteOff(db, orgId, request.params.writeOffId);
      return amountsOut(writeOff, writeOff.currency);
    },
  );

  app.post(
    `${base}/write-offs/:writeOffId/decision`,
    {
      config: approve,
      schema: {
        tags,
        summary: "Approve (and post) or reject a write-off waiting for approval; never the requester's own",
        params: writeOffParams,
        body: z.strictObject({
          decision: z.enum(["approve", "reject"]),
          note: z.string().max(textMax).nullable().default(null),
        }),
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const writeOff = await runCommand(
        deps.store,
        (tx) => decideWriteOff(tx, actorOf(request), orgId, request.params.writeOffId, request.body),
        deps.clock,
      );
      return amountsOut(writeOff, writeOff.currency);
    },
  );

  app.post(
    `${base}/write-offs/:writeOffId/recoveries`,
    {
      config: manage,
      schema: {
        tags,
        summary:
          "Recover part or all of a written-off amount: reinstates it as an open item, which the customer's payment then settles",
        params: writeOffParams,
        body: z.strictObject({
          amount: decimalText,
          date: dateText,
          note: z.string().max(textMax).nullable().default(null),
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = await currencyOf(orgId);
      const amountMinor = parseMinorAt(request.body.amount, currency, "amount");
      return sendIdempotent(deps, request, reply, async (tx) => {
        const writeOff = await recordRecovery(tx, actorOf(request), orgId, request.params.writeOffId, {
          amountMinor,
          date: request.body.date,
          note: request.body.note,
        });
        return { statusCode: 201, body: amountsOut(writeOff, writeOff.currency) };
      });
    },
  );
}
