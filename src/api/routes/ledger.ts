import { z } from "zod";
import { AppError } from "../../core/errors.ts";
import { formatMinor, parseMinorAt } from "../../core/money.ts";
import {
  accountRoles,
  accountTypes,
  eventTypes,
  isPeriod,
  normalBalances,
  periodBounds,
  sides,
  voucherKinds,
  voucherMemoLengthMax,
} from "../../domain/ledger/index.ts";
import { dateText } from "../../io/request-fields.ts";
import { readerOf, runCommand, type Tx } from "../../services/command.ts";
import {
  addSubAccount,
  closePeriod,
  customerBalances,
  effectiveRules,
  generalLedger,
  getVoucher,
  journalExport,
  journalExportFormats,
  type LineView,
  listAccounts,
  listJournal,
  listPeriods,
  postManualVoucher,
  reconcileControlAccounts,
  reopenPeriod,
  reverseVoucher,
  roleAccounts,
  savePostingRule,
  setRoleAccount,
  trialBalance,
  trialBalanceDocument,
  trialBalanceExport,
  trialBalanceExportFormats,
  updateAccount,
  type VoucherView,
  verifyLedger,
} from "../../services/ledger/index.ts";
import { businessDateAt, getOrganization } from "../../services/organizations.ts";
import { actorOf, membershipOf } from "../access.ts";
import type { ApiApp, ApiDeps } from "../deps.ts";
import { sendIdempotent } from "../idempotent.ts";
import { idParam, orgParams, pageLimit } from "../schemas.ts";
import { sendFile } from "../send-file.ts";

const periodText = z.string().refine(isPeriod, "a period YYYY-MM");
const accountCodeText = z.string().regex(/^[0-9]{4,20}$/, "4 to 20 digits");

const accountView = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  type: z.enum(accountTypes),
  normalBalance: z.enum(normalBalances),
  parentCode: z.string().nullable(),
  receivablesControl: z.boolean(),
  active: z.boolean(),
  roles: z.array(z.enum(accountRoles)),
});

const lineView = z.object({
  lineNo: z.number(),
  accountCode: z.string(),
  accountNameZh: z.string(),
  accountNameEn: z.string(),
  customerId: z.string().nullable(),
  customerCode: z.string().nullable(),
  customerName: z.string().nullable(),
  debit: z.string(),
  credit: z.string(),
  currency: z.string(),
  memo: z.string().nullable(),
});

const voucherView = z.object({
  voucherId: z.string(),
  period: z.string(),
  number: z.number(),
  label: z.string(),
  date: z.string(),
  kind: z.enum(voucherKinds),
  eventType: z.enum(eventTypes).nullable(),
  memo: z.string(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  reversesVoucherId: z.string().nullable(),
  reversedByVoucherId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  lines: z.array(lineView),
});

function toLineView(line: LineView) {
  return {
    lineNo: Number(line.lineNo),
    accountCode: line.accountCode,
    accountNameZh: line.accountNameZh,
    accountNameEn: line.accountNameEn,
    customerId: line.customerId,
    customerCode: line.customerCode,
    customerName: line.customerName,
    debit: formatMinor(line.debitMinor, line.currency),
    credit: formatMinor(line.creditMinor, line.currency),
    currency: line.currency,
    memo: line.memo,
  };
}

export function toVoucherView(voucher: VoucherView) {
  return { ...voucher, number: Number(voucher.number), lines: voucher.lines.map(toLineView) };
}

const ruleLine = z.strictObject({
  side: z.enum(sides),
  role: z.enum(accountRoles),
  amount: z.string().trim().min(1).max(200),
  customer: z.boolean(),
});

const ruleView = z.object({
  eventType: z.enum(eventTypes),
  amounts: z.array(z.string()),
  derived: z.record(z.string(), z.array(z.string())),
  lines: z.array(ruleLine),
  isDefault: z.boolean(),
});

const balanceColumns = {
  openingDebit: z.string(),
  openingCredit: z.string(),
  debit: z.string(),
  credit: z.string(),
  closingDebit: z.string(),
  closingCredit: z.string(),
};

const periodView = z.object({
  period: z.string(),
  status: z.enum(["open", "closed"]),
  voucherCount: z.number(),
  changedAt: z.string().nullable(),
  changedBy: z.string().nullable(),
});

async function orgCurrency(deps: ApiDeps, orgId: string): Promise<string> {
  return (await getOrganization(deps.store.db, orgId)).baseCurrency;
}

/** Today in the organization's time zone: the default "as of" of every report. */
function orgToday(deps: ApiDeps, orgId: string): Promise<string> {
  return businessDateAt(deps.store.db, orgId, deps.clock().toISOString());
}

/** `period` or `from`/`to` or `asOf`, resolved to a date range (`from` null: everything up to `to`). */
export function rangeOf(query: {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  asOf?: string | undefined;
}): {
  from: string | null;
  to: string;
} {
  if (query.period !== undefined) return periodBounds(query.period);
  if (query.from !== undefined || query.to !== undefined) {
    if (query.from === undefined || query.to === undefined) {
      throw new AppError("VALIDATION_FAILED", {
        issues: [
          {
            path: query.from === undefined ? "from" : "to",
            code: "REQUIRED",
            message: "from and to go together",
          },
        ],
      });
    }
    if (query.from > query.to) {
      throw new AppError("VALIDATION_FAILED", {
        issues: [{ path: "to", code: "BEFORE_FROM", message: "to is before from" }],
      });
    }
    return { from: query.from, to: query.to };
  }
  if (query.asOf !== undefined) return { from: null, to: query.asOf };
  throw new AppError("VALIDATION_FAILED", {
    issues: [{ path: "asOf", code: "REQUIRED", message: "give asOf, period, or from and to" }],
  });
}

export const rangeQuery = {
  asOf: dateText.optional(),
  period: periodText.optional(),
  from: dateText.optional(),
  to: dateText.optional(),
};

export function ledgerRoutes(app: ApiApp, deps: ApiDeps): void {
  const base = "/api/v1/orgs/:orgId/ledger";
  const read = { access: { kind: "org", permission: "ledger.read" } } as const;
  const configure = { access: { kind: "org", permission: "ledger.configure" } } as const;
  const postVoucher = { access: { kind: "org", permission: "ledger.post" } } as const;
  const managePeriods = { access: { kind: "org", permission: "periods.manage" } } as const;
  const run = <T>(command: (tx: Tx) => Promise<T>) => runCommand(deps.store, command, deps.clock);
  const idempotencyHeader = z.object({ "idempotency-key": z.string().max(200).optional() });

  async function accountViews(orgId: string) {
    const roles = await roleAccounts(deps.store.db, orgId);
    return (await listAccounts(deps.store.db, orgId)).map((account) => ({
      ...account,
      roles: [...roles].filter(([, code]) => code === account.code).map(([role]) => role),
    }));
  }

  app.get(
    `${base}/accounts`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "Chart of accounts (科目表), parents before children",
        params: orgParams,
        response: { 200: z.object({ items: z.array(accountView) }) },
      },
    },
    async (request) => ({ items: await accountViews(membershipOf(request).orgId) }),
  );

  app.post(
    `${base}/accounts`,
    {
      config: configure,
      schema: {
        tags: ["ledger"],
        summary: "Add a sub-account (明细科目) under an unused account; its code extends the parent's",
        params: orgParams,
        body: z.strictObject({
          parentCode: accountCodeText,
          code: accountCodeText,
          nameZh: z.string().trim().min(1).max(100),
          nameEn: z.string().trim().min(1).max(100),
        }),
        response: { 201: accountView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const account = await run((tx) => addSubAccount(tx, actorOf(request), orgId, request.body));
      return reply.status(201).send({ ...account, roles: [] });
    },
  );

  app.patch(
    `${base}/accounts/:accountCode`,
    {
      config: configure,
      schema: {
        tags: ["ledger"],
        summary: "Rename, deactivate or reactivate an account",
        params: z.strictObject({ orgId: idParam, accountCode: z.string().max(20) }),
        body: z.strictObject({
          nameZh: z.string().trim().min(1).max(100).optional(),
          nameEn: z.string().trim().min(1).max(100).optional(),
          active: z.boolean().optional(),
        }),
        response: { 200: accountView },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { nameZh, nameEn, active } = request.body;
      await run((tx) =>
        updateAccount(tx, actorOf(request), orgId, request.params.accountCode, {
          ...(nameZh === undefined ? {} : { nameZh }),
          ...(nameEn === undefined ? {} : { nameEn }),
          ...(active === undefined ? {} : { active }),
        }),
      );
      const view = (await accountViews(orgId)).find((a) => a.code === request.params.accountCode);
      if (view === undefined) throw new AppError("NOT_FOUND", { params: { entity: "account" } });
      return view;
    },
  );

  const rulesResponse = z.object({
    roles: z.array(z.object({ role: z.enum(accountRoles), accountCode: z.string().nullable() })),
    rules: z.array(ruleView),
  });
  async function rulesOf(orgId: string) {
    const roles = await roleAccounts(deps.store.db, orgId);
    return {
      roles: accountRoles.map((role) => ({ role, accountCode: roles.get(role) ?? null })),
      rules: (await effectiveRules(deps.store.db, orgId)).map((rule) => ({
        ...rule,
        amounts: [...rule.amounts],
        derived: Object.fromEntries(Object.entries(rule.derived).map(([k, v]) => [k, [...v]])),
        lines: [...rule.lines],
      })),
    };
  }

  app.get(
    `${base}/posting-rules`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "Posting rules in force per event type, and which account fills each role",
        params: orgParams,
        response: { 200: rulesResponse },
      },
    },
    async (request) => rulesOf(membershipOf(request).orgId),
  );

  app.put(
    `${base}/posting-rules`,
    {
      config: configure,
      schema: {
        tags: ["ledger"],
        summary:
          "Save an event type's rule (refused unless it balances for every amount); lines null restores the default",
        params: orgParams,
        body: z.strictObject({ eventType: z.enum(eventTypes), lines: z.array(ruleLine).max(20).nullable() }),
        response: { 200: rulesResponse },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      await run((tx) =>
        savePostingRule(tx, actorOf(request), orgId, request.body.eventType, request.body.lines),
      );
      return rulesOf(orgId);
    },
  );

  app.put(
    `${base}/account-roles`,
    {
      config: configure,
      schema: {
        tags: ["ledger"],
        summary: "Point a posting role at another active leaf account",
        params: orgParams,
        body: z.strictObject({ role: z.enum(accountRoles), accountCode: accountCodeText }),
        response: { 200: rulesResponse },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      await run((tx) =>
        setRoleAccount(tx, actorOf(request), orgId, request.body.role, request.body.accountCode),
      );
      return rulesOf(orgId);
    },
  );

  app.get(
    `${base}/vouchers`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "Journal (序时账): vouchers with lines in period and number order",
        params: orgParams,
        querystring: z.strictObject({
          limit: pageLimit,
          after: z.string().max(40).optional(),
          from: dateText.optional(),
          to: dateText.optional(),
          period: periodText.optional(),
          accountCode: z
            .string()
            .regex(/^[0-9]{1,20}$/)
            .optional(),
          customerId: idParam.optional(),
          kind: z.enum(voucherKinds).optional(),
          eventType: z.enum(eventTypes).optional(),
          sourceType: z.string().max(40).optional(),
          sourceId: z.string().max(100).optional(),
          search: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(voucherView), nextAfter: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { limit, after, ...filter } = request.query;
      const page = await listJournal(
        deps.store.db,
        membershipOf(request).orgId,
        Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
        { limit, ...(after === undefined ? {} : { after }) },
      );
      return { items: page.items.map(toVoucherView), nextAfter: page.nextAfter };
    },
  );

  app.get(
    `${base}/vouchers/:voucherId`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "One voucher with its lines",
        params: z.strictObject({ orgId: idParam, voucherId: idParam }),
        response: { 200: voucherView },
      },
    },
    async (request) =>
      toVoucherView(await getVoucher(deps.store.db, membershipOf(request).orgId, request.params.voucherId)),
  );

  app.post(
    `${base}/vouchers`,
    {
      config: postVoucher,
      schema: {
        tags: ["ledger"],
        summary: "Post a manual voucher (honors Idempotency-Key); it must balance",
        params: orgParams,
        headers: idempotencyHeader,
        body: z.strictObject({
          date: dateText,
          memo: z.string().trim().min(1).max(voucherMemoLengthMax),
          currency: z.string().length(3).optional(),
          lines: z
            .array(
              z.strictObject({
                accountCode: accountCodeText,
                debit: z.string().max(40).default("0"),
                credit: z.string().max(40).default("0"),
                customerId: idParam.nullable().optional(),
                memo: z.string().trim().max(voucherMemoLengthMax).nullable().optional(),
              }),
            )
            .min(2)
            .max(1000),
        }),
        response: { 201: voucherView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const currency = request.body.currency ?? (await orgCurrency(deps, orgId));
      const lines = request.body.lines.map((line, index) => {
        return {
          accountCode: line.accountCode,
          debitMinor: parseMinorAt(line.debit, currency, `lines.${index}.debit`),
          creditMinor: parseMinorAt(line.credit, currency, `lines.${index}.credit`),
          currency,
          customerId: line.customerId ?? null,
          memo: line.memo ?? null,
        };
      });
      return sendIdempotent(deps, request, reply, async (tx) => {
        const posted = await postManualVoucher(tx, actorOf(request), orgId, {
          date: request.body.date,
          memo: request.body.memo,
          lines,
        });
        return { statusCode: 201, body: toVoucherView(await getVoucher(tx.db, orgId, posted.voucherId)) };
      });
    },
  );

  app.post(
    `${base}/vouchers/:voucherId/reverse`,
    {
      config: postVoucher,
      schema: {
        tags: ["ledger"],
        summary: "Reverse a voucher with a mirrored voucher in an open period (honors Idempotency-Key)",
        params: z.strictObject({ orgId: idParam, voucherId: idParam }),
        headers: idempotencyHeader,
        body: z.strictObject({ date: dateText, reason: z.string().trim().min(1).max(150) }),
        response: { 201: voucherView },
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      return sendIdempotent(deps, request, reply, async (tx) => {
        const posted = await reverseVoucher(
          tx,
          actorOf(request),
          orgId,
          request.params.voucherId,
          request.body,
        );
        return { statusCode: 201, body: toVoucherView(await getVoucher(tx.db, orgId, posted.voucherId)) };
      });
    },
  );

  app.get(
    `${base}/accounts/:accountCode/ledger`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary:
          "General ledger (明细账) of an account and its sub-accounts, with opening, running and closing balances",
        params: z.strictObject({ orgId: idParam, accountCode: z.string().max(20) }),
        querystring: z.strictObject({
          from: dateText.optional(),
          to: dateText.optional(),
          customerId: idParam.optional(),
          currency: z.string().length(3).optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
          offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
        }),
        response: {
          200: z.object({
            account: accountView.omit({ roles: true }),
            currency: z.string(),
            from: z.string(),
            to: z.string(),
            opening: z.string(),
            debit: z.string(),
            credit: z.string(),
            closing: z.string(),
            lineCount: z.number(),
            lines: z.array(
              z.object({
                voucherId: z.string(),
                date: z.string(),
                period: z.string(),
                label: z.string(),
                memo: z.string(),
                accountCode: z.string(),
                customerId: z.string().nullable(),
                debit: z.string(),
                credit: z.string(),
                balance: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const q = request.query;
      // Without dates: the current month, the view an accountant opens most.
      const month = periodBounds((await orgToday(deps, orgId)).slice(0, 7));
      const range = rangeOf({ from: q.from ?? month.from, to: q.to ?? month.to });
      const currency = q.currency ?? (await orgCurrency(deps, orgId));
      const ledger = await generalLedger(deps.store.db, orgId, {
        accountCode: request.params.accountCode,
        currency,
        from: range.from ?? month.from,
        to: range.to,
        limit: q.limit,
        offset: q.offset,
        ...(q.customerId === undefined ? {} : { customerId: q.customerId }),
      });
      const text = (minor: bigint) => formatMinor(minor, currency);
      return {
        account: ledger.account,
        currency,
        from: ledger.from,
        to: ledger.to,
        opening: text(ledger.openingMinor),
        debit: text(ledger.debitMinor),
        credit: text(ledger.creditMinor),
        closing: text(ledger.closingMinor),
        lineCount: ledger.lineCount,
        lines: ledger.lines.map((line) => ({
          voucherId: line.voucherId,
          date: line.date,
          period: line.period,
          label: line.label,
          memo: line.memo,
          accountCode: line.accountCode,
          customerId: line.customerId,
          debit: text(line.debitMinor),
          credit: text(line.creditMinor),
          balance: text(line.balanceMinor),
        })),
      };
    },
  );

  app.get(
    `${base}/trial-balance`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "Trial balance (科目余额表) as of a date (asOf), for a period, or between two dates",
        params: orgParams,
        querystring: z.strictObject({ ...rangeQuery, includeZero: z.enum(["true", "false"]).optional() }),
        response: {
          200: z.object({
            from: z.string().nullable(),
            to: z.string(),
            rows: z.array(
              z.object({
                code: z.string(),
                nameZh: z.string(),
                nameEn: z.string(),
                type: z.enum(accountTypes),
                normalBalance: z.enum(normalBalances),
                parentCode: z.string().nullable(),
                level: z.number(),
                isLeaf: z.boolean(),
                currency: z.string(),
                ...balanceColumns,
              }),
            ),
            totals: z.array(z.object({ currency: z.string(), ...balanceColumns })),
            balanced: z.boolean(),
          }),
        },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const q = request.query;
      const range = rangeOf(
        (q.period ?? q.from ?? q.to ?? q.asOf) ? q : { asOf: await orgToday(deps, orgId) },
      );
      const tb = await trialBalance(deps.store.db, orgId, {
        ...range,
        includeZero: request.query.includeZero === "true",
      });
      return trialBalanceDocument(tb);
    },
  );

  app.get(
    `${base}/customer-balances`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "Customer subledger: each customer's balance on each receivables control account",
        params: orgParams,
        querystring: z.strictObject({ asOf: dateText.optional(), customerId: idParam.optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                customerId: z.string(),
                customerCode: z.string().nullable(),
                customerName: z.string().nullable(),
                accountCode: z.string(),
                currency: z.string(),
                balance: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const { customerId } = request.query;
      const rows = await customerBalances(deps.store.db, orgId, {
        asOf: request.query.asOf ?? (await orgToday(deps, orgId)),
        ...(customerId === undefined ? {} : { customerId }),
      });
      return {
        items: rows.map(({ balanceMinor, ...row }) => ({
          ...row,
          balance: formatMinor(balanceMinor, row.currency),
        })),
      };
    },
  );

  app.get(
    `${base}/reconciliation`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "Each receivables control account against the sum of its customers' balances",
        params: orgParams,
        querystring: z.strictObject({ asOf: dateText.optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                accountCode: z.string(),
                nameZh: z.string(),
                nameEn: z.string(),
                currency: z.string(),
                accountBalance: z.string(),
                customersBalance: z.string(),
                difference: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { orgId } = membershipOf(request);
      const asOf = request.query.asOf ?? (await orgToday(deps, orgId));
      const rows = await reconcileControlAccounts(deps.store.db, orgId, asOf);
      return {
        items: rows.map((row) => ({
          accountCode: row.accountCode,
          nameZh: row.nameZh,
          nameEn: row.nameEn,
          currency: row.currency,
          accountBalance: formatMinor(row.accountBalanceMinor, row.currency),
          customersBalance: formatMinor(row.customersBalanceMinor, row.currency),
          difference: formatMinor(row.differenceMinor, row.currency),
        })),
      };
    },
  );

  app.get(
    `${base}/periods`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "Periods with vouchers or a close on record, newest first",
        params: orgParams,
        response: { 200: z.object({ items: z.array(periodView) }) },
      },
    },
    async (request) => ({
      items: (await listPeriods(deps.store.db, membershipOf(request).orgId)).map((p) => ({
        ...p,
        voucherCount: Number(p.voucherCount),
      })),
    }),
  );

  app.post(
    `${base}/periods/close`,
    {
      config: managePeriods,
      schema: {
        tags: ["ledger"],
        summary: "Close a period (结账); earlier periods with vouchers must be closed first",
        params: orgParams,
        body: z.strictObject({ period: periodText }),
        response: { 200: periodView },
      },
    },
    async (request) => {
      const period = await run((tx) =>
        closePeriod(tx, actorOf(request), membershipOf(request).orgId, request.body.period),
      );
      return { ...period, voucherCount: Number(period.voucherCount) };
    },
  );

  app.post(
    `${base}/periods/reopen`,
    {
      config: managePeriods,
      schema: {
        tags: ["ledger"],
        summary: "Reopen the latest closed period (反结账); needs confirm: true",
        params: orgParams,
        body: z.strictObject({ period: periodText, confirm: z.boolean().optional() }),
        response: { 200: periodView },
      },
    },
    async (request) => {
      if (request.body.confirm !== true) {
        throw new AppError("CONFIRMATION_REQUIRED", {
          detail: `reopening ${request.body.period} lets vouchers be posted into it again; send confirm: true`,
        });
      }
      const period = await run((tx) =>
        reopenPeriod(tx, actorOf(request), membershipOf(request).orgId, request.body.period),
      );
      return { ...period, voucherCount: Number(period.voucherCount) };
    },
  );

  const languageQuery = z.enum(["zh-CN", "en"]).default("zh-CN");

  app.get(
    `${base}/exports/journal`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary:
          "Download the journal: hledger, csv, xlsx, or voucher-xlsx / voucher-csv for Chinese accounting software (docs/ledger-exports.md)",
        params: orgParams,
        querystring: z.strictObject({
          format: z.enum(journalExportFormats).default("csv"),
          language: languageQuery,
          from: dateText.optional(),
          to: dateText.optional(),
          period: periodText.optional(),
        }),
      },
    },
    async (request, reply) => {
      const { format, language, from, to, period } = request.query;
      const file = await journalExport(deps.store.db, membershipOf(request).orgId, {
        format,
        language,
        filter: {
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
          ...(period === undefined ? {} : { period }),
        },
      });
      return sendFile(reply, file);
    },
  );

  app.get(
    `${base}/exports/trial-balance`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary: "Download the trial balance (科目余额表) as json, csv or xlsx",
        params: orgParams,
        querystring: z.strictObject({
          ...rangeQuery,
          format: z.enum(trialBalanceExportFormats).default("csv"),
          language: languageQuery,
        }),
      },
    },
    async (request, reply) => {
      const { orgId } = membershipOf(request);
      const { format, language, ...q } = request.query;
      const range = rangeOf(
        (q.period ?? q.from ?? q.to ?? q.asOf) ? q : { asOf: await orgToday(deps, orgId) },
      );
      return sendFile(reply, await trialBalanceExport(deps.store.db, orgId, { format, language, range }));
    },
  );

  app.get(
    `${base}/verify`,
    {
      config: read,
      schema: {
        tags: ["ledger"],
        summary:
          "The ledger's invariants: balanced vouchers, complete lines, a zero trial balance, control = subledger",
        params: orgParams,
        response: {
          200: z.object({
            ok: z.boolean(),
            vouchers: z.number(),
            lines: z.number(),
            unbalancedVouchers: z.array(z.string()),
            lineCountMismatches: z.array(z.string()),
            trialBalanceImbalance: z.array(z.object({ currency: z.string(), difference: z.string() })),
            controlMismatches: z.array(
              z.object({ accountCode: z.string(), currency: z.string(), difference: z.string() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const report = await verifyLedger(readerOf(deps.store).db, membershipOf(request).orgId);
      return {
        ok: report.ok,
        vouchers: Number(report.vouchers),
        lines: Number(report.lines),
        unbalancedVouchers: report.unbalancedVouchers.map((v) => v.voucherId),
        lineCountMismatches: [...report.lineCountMismatches],
        trialBalanceImbalance: report.trialBalanceImbalance.map((t) => ({
          currency: t.currency,
          difference: formatMinor(t.differenceMinor, t.currency),
        })),
        controlMismatches: report.controlMismatches.map((c) => ({
          accountCode: c.accountCode,
          currency: c.currency,
          difference: formatMinor(c.differenceMinor, c.currency),
        })),
      };
    },
  );
}
