import { sql } from "kysely";
import { decimalIn } from "../../core/checks.ts";
import { compare, parseDecimal, ZERO } from "../../core/decimal.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import {
  type AccountingMode,
  accountingModes,
  activationEvents,
  checkRateCeiling,
  type EarlyRepaymentFeePolicy,
  type FeeRecognition,
  formatRate,
  type InstallmentPolicy,
  originalPlanItems,
  type PenaltySettings,
  type PlanBooks,
  type PlanEventContext,
  type PlanItem,
  type PlanState,
  planValidationFailed,
  type Quote,
  type QuoteRates,
  quote,
  type RateCeilingCheck,
  rateCeiling,
  type Schedule,
  type ScheduleRequest,
} from "../../domain/plans/index.ts";
import type { Executor } from "../../store/database.ts";
import type { PlanItemsTable, PlansTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, type Tx } from "../command.ts";
import { reserveCredit } from "../credit/check.ts";
import { getCustomer } from "../customers.ts";
import { roleAccounts } from "../ledger/chart.ts";
import { postEvents } from "../ledger/posting.ts";
import { customerBalances } from "../ledger/queries.ts";
import { parseMinor, stringifyMinor } from "../minor-json.ts";
import { businessDateAt, getOrganization } from "../organizations.ts";
import { textField } from "../text-field.ts";
import { billPlanItems } from "./billing.ts";
import { getInstallmentPolicy, getLprTable } from "./definitions.ts";

/**
 * Installment plans as documents (issue 5, must-have 8): draft → offered → accepted (the
 * customer's confirmation recorded) → active → restructured / paid off, or cancelled before
 * activation. Terms are fixed when the plan is created and disclosed from then on; activation
 * runs the credit check, writes the plan's items (its open items) and posts the vouchers.
 */

export const planStatuses = [
  "draft",
  "offered",
  "accepted",
  "active",
  "restructured",
  "paid-off",
  "cancelled",
] as const;
export type PlanStatus = (typeof planStatuses)[number];

/** Statuses in which the plan runs: items fall due, the customer may repay early or be restructured. */
export const runningStatuses: ReadonlyArray<PlanStatus> = ["active", "restructured"];

export const confirmationMethods = ["signature", "e-signature", "online", "phone", "email"] as const;
export type ConfirmationMethod = (typeof confirmationMethods)[number];

/** The customer's acceptance, as the organization recorded it. */
export interface PlanConfirmation {
  /** Who confirmed for the customer (the signatory's name). */
  readonly confirmedBy: string;
  readonly method: ConfirmationMethod;
  /** Contract number, e-signature id, call reference… */
  readonly reference: string | null;
  readonly confirmedOn: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** What a plan was created with and discloses: the terms, the policy behind them, the rates. */
export interface PlanTerms {
  readonly request: ScheduleRequest;
  readonly policyVersion: number;
  readonly earlyRepaymentFee: EarlyRepaymentFeePolicy;
  readonly penalty: PenaltySettings;
  readonly rates: {
    readonly nominal: string;
    readonly effective: string;
    readonly usAprRegZ: string;
    readonly euAprc: string;
  };
  readonly rateCeiling: {
    readonly decision: RateCeilingCheck["decision"];
    readonly ceilingRate: string;
    readonly explanation: string;
    readonly legalBasis: string | null;
  };
  /** The offer the plan was made from ("equal-installment/12"), if any. */
  readonly offerId: string | null;
}

export interface PlanRecord {
  readonly planId: string;
  readonly number: string;
  readonly customerId: string;
  readonly status: PlanStatus;
  readonly accountingMode: AccountingMode;
  readonly feeRecognition: FeeRecognition;
  readonly currency: string;
  readonly vatRate: string;
  readonly costMinor: bigint;
  readonly principalMinor: bigint;
  readonly financedMinor: bigint;
  readonly contractDate: string;
  readonly terms: PlanTerms;
  readonly version: number;
  readonly paidThrough: number;
  readonly confirmation: PlanConfirmation | null;
  readonly note: string | null;
  readonly closedReason: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly activatedOn: string | null;
  readonly closedOn: string | null;
}

export const planItemStatuses = ["scheduled", "billed", "paid", "capitalized", "cancelled"] as const;
export type PlanItemStatus = (typeof planItemStatuses)[number];

export interface StoredPlanItem extends PlanItem {
  readonly seq: number;
  readonly version: number;
  readonly status: PlanItemStatus;
  readonly paidMinor: bigint;
  readonly billedOn: string | null;
  /** Penalty interest and late fees charged on the item while overdue (owed besides its total). */
  readonly penaltyMinor: bigint;
}

/** Longest note or reason, in characters. */
export const planTextLengthMax = 500;
/** Highest VAT rate accepted: 100 %. */
export const vatRateMax = "1";
/** Plans per page of the list. */
export const planPageSizeMax = 200;

export function planRecordOf(row: PlansTable): PlanRecord {
  return {
    planId: row.plan_id,
    number: row.number,
    customerId: row.customer_id,
    status: row.status as PlanStatus,
    accountingMode: row.accounting_mode as AccountingMode,
    feeRecognition: row.fee_recognition as FeeRecognition,
    currency: row.currency,
    vatRate: row.vat_rate,
    costMinor: BigInt(row.cost_minor),
    principalMinor: BigInt(row.principal_minor),
    financedMinor: BigInt(row.financed_minor),
    contractDate: row.contract_date,
    terms: parseMinor<PlanTerms>(row.terms_json),
    version: Number(row.version),
    paidThrough: Number(row.paid_through),
    confirmation:
      row.confirmation_json === null ? null : (JSON.parse(row.confirmation_json) as PlanConfirmation),
    note: row.note,
    closedReason: row.closed_reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    activatedOn: row.activated_on,
    closedOn: row.closed_on,
  };
}

export function storedItemOf(row: PlanItemsTable): StoredPlanItem {
  return {
    seq: Number(row.seq),
    version: Number(row.version),
    kind: row.kind as PlanItem["kind"],
    number: row.number === null ? null : Number(row.number),
    dueDate: row.due_date,
    principalMinor: BigInt(row.principal_minor),
    interestMinor: BigInt(row.interest_minor),
    feeMinor: BigInt(row.fee_minor),
    taxMinor: BigInt(row.tax_minor),
    totalMinor: BigInt(row.total_minor),
    amortizedMinor: BigInt(row.amortized_minor),
    costMinor: BigInt(row.cost_minor),
    status: row.status as PlanItemStatus,
    paidMinor: BigInt(row.paid_minor),
    billedOn: row.billed_on,
    penaltyMinor: BigInt(row.penalty_minor),
  };
}

export function booksOf(plan: PlanRecord): PlanBooks {
  return {
    mode: plan.accountingMode,
    feeRecognition: plan.feeRecognition,
    vatRate: plan.vatRate,
    costMinor: plan.costMinor,
    roundingMode: plan.terms.request.roundingMode ?? "half-even",
  };
}

export function eventContextOf(plan: PlanRecord): PlanEventContext {
  return {
    planId: plan.planId,
    planNumber: plan.number,
    customerId: plan.customerId,
    currency: plan.currency,
  };
}

export async function getPlanRecord(db: Executor, orgId: string, planId: string): Promise<PlanRecord> {
  const row = await db
    .selectFrom("plans")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("plan_id", "=", planId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "plan" } });
  return planRecordOf(row);
}

/** The plan as it stands in its latest version (the domain's PlanState). */
export async function currentPlanState(db: Executor, orgId: string, plan: PlanRecord): Promise<PlanState> {
  const row = await db
    .selectFrom("plan_versions")
    .select("state_json")
    .where("org_id", "=", orgId)
    .where("plan_id", "=", plan.planId)
    .where("version", "=", BigInt(plan.version))
    .executeTakeFirstOrThrow();
  const state = parseMinor<PlanState>(row.state_json);
  return { ...state, paidThrough: plan.paidThrough };
}

export async function planItems(db: Executor, orgId: string, planId: string): Promise<StoredPlanItem[]> {
  const rows = await db
    .selectFrom("plan_items")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("plan_id", "=", planId)
    .orderBy("seq")
    .execute();
  return rows.map(storedItemOf);
}

export function assertStatus(plan: PlanRecord, allowed: ReadonlyArray<PlanStatus>, action: string): void {
  if (!allowed.includes(plan.status)) {
    throw new AppError("PLAN_STATUS", {
      detail: `plan ${plan.number} is ${plan.status}; to ${action} it must be ${allowed.join(" or ")}`,
      params: { status: plan.status, action, expected: allowed.join(", ") },
    });
  }
}

function checkText(value: string | null | undefined, path: string, required: boolean): string | null {
  return textField(value, path, { required, lengthMax: planTextLengthMax });
}

export interface NewPlan {
  readonly customerId: string;
  readonly accountingMode: AccountingMode;
  readonly request: ScheduleRequest;
  /** Financed sale: VAT on the contract ("0.13"). Installment credit: must be "0" or absent. */
  readonly vatRate?: string | undefined;
  /** Financed sale: cost of the goods sold. */
  readonly costMinor?: bigint | undefined;
  readonly offerId?: string | undefined;
  readonly note?: string | undefined;
}

/** A refusal of one field (VALIDATION_FAILED), as the plan domain words it. */
export function planIssue(path: string, code: string, message: string): AppError {
  return planValidationFailed([{ path, code, message }]);
}

/** The terms' schedule and rates, and the ceiling check on the contract date; refuses a blocked rate. */
export async function pricePlan(
  db: Executor,
  orgId: string,
  request: ScheduleRequest,
  policyVersion?: number,
): Promise<{ quoted: Quote; ceiling: RateCeilingCheck; policy: InstallmentPolicy }> {
  const policy = (await getInstallmentPolicy(db, orgId, policyVersion)).definition;
  const quoted = quote(request);
  const ceiling = checkRateCeiling(
    quoted.rates.nominal.rateText,
    rateCeiling(policy, request.startDate, (await getLprTable(db, orgId)).entries),
  );
  if (ceiling.decision === "block") {
    throw new AppError("RATE_ABOVE_CEILING", {
      detail: ceiling.explanation,
      params: { rate: ceiling.annualRateText, ceiling: ceiling.ceiling.annualRateText },
    });
  }
  return { quoted, ceiling, policy };
}

function ratesOf(rates: QuoteRates): PlanTerms["rates"] {
  return {
    nominal: rates.nominal.rateText,
    effective: formatRate(rates.effective),
    usAprRegZ: rates.usAprRegZ.rateText,
    euAprc: rates.euAprc.rateText,
  };
}

/** The next plan number; the organization's lock, taken first, keeps two creators from sharing one. */
async function nextPlanNumber(tx: Tx, orgId: string): Promise<string> {
  await lockOrganization(tx, orgId);
  const row = await tx.db
    .selectFrom("plans")
    .select(sql<bigint>`count(*)`.as("n"))
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  return `FQ-${String(BigInt(row.n) + 1n).padStart(6, "0")}`;
}

/** Creates a draft plan for a customer, numbered without gaps under the organization's lock. */
export async function createPlan(tx: Tx, actor: Actor, orgId: string, input: NewPlan): Promise<PlanRecord> {
  await getCustomer(tx.db, orgId, input.customerId);
  const organization = await getOrganization(tx.db, orgId);
  if (!(accountingModes as ReadonlyArray<string>).includes(input.accountingMode)) {
    throw planIssue("accountingMode", "INVALID_CHOICE", accountingModes.join(", "));
  }
  if (input.request.currency !== organization.baseCurrency) {
    throw planIssue("currency", "CURRENCY_MISMATCH", `plans are in ${organization.baseCurrency}`);
  }
  const financedSale = input.accountingMode === "financed-sale";
  const vatRate = input.vatRate ?? (financedSale ? "0.13" : "0");
  const vat = decimalIn(vatRate, ZERO, parseDecimal(vatRateMax));
  if (vat === null || compare(vat, parseDecimal(vatRateMax)) === 0) {
    throw planIssue("vatRate", "OUT_OF_RANGE", "a decimal fraction from 0 to less than 1, such as 0.13");
  }
  if (!financedSale && compare(vat, ZERO) !== 0) {
    throw planIssue("vatRate", "NOT_APPLICABLE", "installment credit carries no VAT of its own");
  }
  const costMinor = input.costMinor ?? 0n;
  if (costMinor < 0n || costMinor > 10n ** 17n) throw planIssue("cost", "OUT_OF_RANGE", "from 0 to 10^15");
  if (!financedSale && costMinor !== 0n) {
    throw planIssue("cost", "NOT_APPLICABLE", "only a sale of goods has a cost of goods sold");
  }
  const note = checkText(input.note, "note", false);
  const request: ScheduleRequest = {
    ...input.request,
    annualRate: String(input.request.annualRate),
    ...(input.request.feeRatePerPeriod === undefined
      ? {}
      : { feeRatePerPeriod: String(input.request.feeRatePerPeriod) }),
  };
  const { quoted, ceiling, policy } = await pricePlan(tx.db, orgId, request);
  const planId = uuidv7();
  const number = await nextPlanNumber(tx, orgId);
  const terms: PlanTerms = {
    request,
    policyVersion: policy.version,
    earlyRepaymentFee: policy.earlyRepaymentFee,
    penalty: policy.penalty,
    rates: ratesOf(quoted.rates),
    rateCeiling: {
      decision: ceiling.decision,
      ceilingRate: ceiling.ceiling.annualRateText,
      explanation: ceiling.explanation,
      legalBasis: ceiling.ceiling.legalBasis,
    },
    offerId: checkText(input.offerId, "offerId", false),
  };
  // 小企业会计准则 has no effective-interest method: fees are income when charged.
  const feeRecognition: FeeRecognition =
    organization.accountingFramework === "asbe" ? "when-charged" : policy.feeRecognition;
  await appendAudit(tx, {
    orgId,
    actor,
    action: "plan.created",
    entityType: "plan",
    entityId: planId,
    after: JSON.parse(stringifyMinor({ number, customerId: input.customerId, terms, vatRate, costMinor })),
  });
  await tx.db
    .insertInto("plans")
    .values({
      org_id: orgId,
      plan_id: planId,
      number,
      customer_id: input.customerId,
      status: "draft",
      accounting_mode: input.accountingMode,
      fee_recognition: feeRecognition,
      currency: request.currency,
      vat_rate: vatRate,
      cost_minor: costMinor,
      principal_minor: quoted.schedule.principalMinor,
      financed_minor: quoted.schedule.financedMinor,
      contract_date: request.startDate,
      terms_json: stringifyMinor(terms),
      offer_json: null,
      version: 1n,
      paid_through: 0n,
      confirmation_json: null,
      note,
      closed_reason: null,
      created_by: actor.label,
      created_at: tx.now,
      updated_at: tx.now,
      activated_on: null,
      closed_on: null,
    })
    .execute();
  await tx.db
    .insertInto("plan_versions")
    .values({
      org_id: orgId,
      plan_id: planId,
      version: 1n,
      kind: "original",
      effective_date: request.startDate,
      state_json: stringifyMinor(stateOf(request, quoted.schedule)),
      change_json: null,
      created_by: actor.label,
      created_at: tx.now,
    })
    .execute();
  return getPlanRecord(tx.db, orgId, planId);
}

/** What a plan version stores of a schedule: the rows and the level installment (the rest is recomputed). */
function stateOf(request: ScheduleRequest, schedule: Schedule): PlanState {
  return {
    request,
    schedule: { installments: schedule.installments, levelInstallmentMinor: schedule.levelInstallmentMinor },
    paidThrough: 0,
  };
}

async function setStatus(
  tx: Tx,
  actor: Actor,
  orgId: string,
  plan: PlanRecord,
  status: PlanStatus,
  changes: Partial<PlansTable>,
  action: string,
  detail: unknown,
): Promise<PlanRecord> {
  await appendAudit(tx, {
    orgId,
    actor,
    action,
    entityType: "plan",
    entityId: plan.planId,
    before: { status: plan.status },
    after: { status, ...(detail === undefined ? {} : { detail }) },
  });
  await tx.db
    .updateTable("plans")
    .set({ ...changes, status, updated_at: tx.now })
    .where("org_id", "=", orgId)
    .where("plan_id", "=", plan.planId)
    .execute();
  return getPlanRecord(tx.db, orgId, plan.planId);
}

/** Marks a draft as offered to the customer: its terms are now disclosed as they stand. */
export async function offerPlan(tx: Tx, actor: Actor, orgId: string, planId: string): Promise<PlanRecord> {
  const plan = await getPlanRecord(tx.db, orgId, planId);
  assertStatus(plan, ["draft"], "offer");
  return setStatus(tx, actor, orgId, plan, "offered", {}, "plan.offered", undefined);
}

export interface AcceptInput {
  readonly confirmedBy: string;
  readonly method: ConfirmationMethod;
  readonly reference?: string | undefined;
  readonly confirmedOn: string;
}

/** Records the customer's confirmation of an offered plan. */
export async function acceptPlan(
  tx: Tx,
  actor: Actor,
  orgId: string,
  planId: string,
  input: AcceptInput,
): Promise<PlanRecord> {
  const plan = await getPlanRecord(tx.db, orgId, planId);
  assertStatus(plan, ["offered"], "record the customer's acceptance of");
  const confirmedBy = checkText(input.confirmedBy, "confirmedBy", true) ?? "";
  if (!(confirmationMethods as ReadonlyArray<string>).includes(input.method)) {
    throw planIssue("method", "INVALID_CHOICE", confirmationMethods.join(", "));
  }
  const today = await businessDateAt(tx.db, orgId, tx.now);
  if (input.confirmedOn > today) throw planIssue("confirmedOn", "IN_FUTURE", "cannot be after today");
  const confirmation: PlanConfirmation = {
    confirmedBy,
    method: input.method,
    reference: checkText(input.reference, "reference", false),
    confirmedOn: input.confirmedOn,
    recordedBy: actor.label,
    recordedAt: tx.now,
  };
  return setStatus(
    tx,
    actor,
    orgId,
    plan,
    "accepted",
    { confirmation_json: JSON.stringify(confirmation) },
    "plan.accepted",
    confirmation,
  );
}

/** Cancels a plan that has not been activated; nothing was booked, so nothing is reversed. */
export async function cancelPlan(
  tx: Tx,
  actor: Actor,
  orgId: string,
  planId: string,
  reason: string,
): Promise<PlanRecord> {
  const plan = await getPlanRecord(tx.db, orgId, planId);
  assertStatus(plan, ["draft", "offered", "accepted"], "cancel");
  const text = checkText(reason, "reason", true);
  const today = await businessDateAt(tx.db, orgId, tx.now);
  return setStatus(
    tx,
    actor,
    orgId,
    plan,
    "cancelled",
    { closed_reason: text, closed_on: today },
    "plan.cancelled",
    { reason: text },
  );
}

export async function insertItems(
  tx: Tx,
  orgId: string,
  plan: PlanRecord,
  version: number,
  items: ReadonlyArray<PlanItem>,
): Promise<void> {
  if (items.length === 0) return;
  const last = await tx.db
    .selectFrom("plan_items")
    .select(sql<bigint>`coalesce(max(seq), 0)`.as("seq"))
    .where("org_id", "=", orgId)
    .where("plan_id", "=", plan.planId)
    .executeTakeFirstOrThrow();
  const start = BigInt(last.seq);
  await tx.db
    .insertInto("plan_items")
    .values(
      items.map((entry, index) => ({
        org_id: orgId,
        plan_id: plan.planId,
        seq: start + BigInt(index + 1),
        customer_id: plan.customerId,
        version: BigInt(version),
        kind: entry.kind,
        number: entry.number === null ? null : BigInt(entry.number),
        due_date: entry.dueDate,
        principal_minor: entry.principalMinor,
        interest_minor: entry.interestMinor,
        fee_minor: entry.feeMinor,
        tax_minor: entry.taxMinor,
        total_minor: entry.totalMinor,
        amortized_minor: entry.amortizedMinor,
        cost_minor: entry.costMinor,
        paid_minor: 0n,
        status: "scheduled",
        billed_on: null,
        penalty_state_json: null,
        penalty_accrued_to: null,
        penalty_minor: 0n,
      })),
    )
    .execute();
}

/**
 * The customer's balance on the receivables role account (应收账款) from the customer subledger:
 * what installment credit may put on installments.
 */
async function receivableBalance(
  db: Executor,
  orgId: string,
  customerId: string,
  today: string,
): Promise<bigint> {
  const code = (await roleAccounts(db, orgId)).get("receivables");
  const balances = await customerBalances(db, orgId, { asOf: today, customerId });
  return balances.filter((b) => b.accountCode === code).reduce((total, b) => total + b.balanceMinor, 0n);
}

/**
 * Activates an accepted plan on the business date: the credit check (on the contract with its
 * VAT for a financed sale; on the interest and fees it adds for installment credit, whose
 * principal is already owed), the items, the activation vouchers, and the vouchers of the
 * items already due (the down payment and upfront fee fall due on the contract date).
 */
export async function activatePlan(tx: Tx, actor: Actor, orgId: string, planId: string): Promise<PlanRecord> {
  const plan = await getPlanRecord(tx.db, orgId, planId);
  assertStatus(plan, ["accepted"], "activate");
  const today = await businessDateAt(tx.db, orgId, tx.now);
  if (plan.contractDate > today) {
    throw new AppError("VALIDATION_FAILED", {
      detail: `the plan starts on ${plan.contractDate}; it can be activated from that day`,
      issues: [
        { path: "startDate", code: "IN_FUTURE", message: `activate on or after ${plan.contractDate}` },
      ],
    });
  }
  const { quoted } = await pricePlan(tx.db, orgId, plan.terms.request, plan.terms.policyVersion);
  const books = booksOf(plan);
  const items = originalPlanItems(quoted.schedule, plan.contractDate, books);
  const sum = (pick: (item: PlanItem) => bigint) => items.reduce((total, item) => total + pick(item), 0n);
  const addedExposure =
    books.mode === "financed-sale"
      ? sum((item) => item.totalMinor)
      : sum((item) => item.interestMinor + item.feeMinor);
  if (books.mode === "installment-credit") {
    const owed = await receivableBalance(tx.db, orgId, plan.customerId, today);
    if (owed < plan.financedMinor) {
      throw new AppError("RECEIVABLE_TOO_SMALL", {
        detail: `installment credit puts what the customer owes on installments; it owes ${owed} minor units on 应收账款, the plan finances ${plan.financedMinor}`,
        params: { owedMinor: owed.toString(), financedMinor: plan.financedMinor.toString() },
      });
    }
  }
  await reserveCredit(tx, orgId, plan.customerId, addedExposure, today);
  await insertItems(tx, orgId, plan, 1, items);
  await postEvents(tx, actor, orgId, activationEvents(items, books, eventContextOf(plan), plan.contractDate));
  const activated = await setStatus(
    tx,
    actor,
    orgId,
    plan,
    "active",
    { activated_on: today },
    "plan.activated",
    { items: items.length, addedExposureMinor: addedExposure.toString() },
  );
  await billPlanItems(tx, actor, orgId, activated, today);
  return activated;
}
