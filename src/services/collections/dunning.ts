import { addDays, formatBusinessDate, parseBusinessDate } from "../../core/dates.ts";
import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import { formatMinor } from "../../core/money.ts";
import {
  checkDunningSetup,
  type DunningChannel,
  type DunningDecision,
  type DunningItem,
  type DunningLocale,
  type DunningSetup,
  type DunningVariable,
  defaultDunningSetup,
  dunningPolicyFor,
  renderDunningTemplate,
  selectDunning,
} from "../../domain/collections/index.ts";
import { enqueueEmail, enqueueSms } from "../../notify/outbox.ts";
import type { Executor, Store } from "../../store/database.ts";
import type { DunningNoticesTable } from "../../store/schema.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, type Clock, runCommand, systemActor, type Tx } from "../command.ts";
import { postEvents } from "../ledger/posting.ts";
import { parseMinor } from "../minor-json.ts";
import { getOrganization } from "../organizations.ts";
import { latest, nextVersion, saveVersion, type Versioned } from "../versioned-definitions.ts";

/**
 * Dunning in the end-of-day batch: for each customer with something open, the notice its policy
 * calls for today (`selectDunning`), at most one per customer and date. Email and SMS go to the
 * customer's first contact with an address, through the outbox; a phone call, a letter or legal
 * action becomes a task on the collector's worklist; a level that needs approval waits for a
 * person, and only then goes out and charges its fee (a `penalty` voucher, 应收账款 against
 * 营业外收入, and an open item of its own).
 */

export const noticeStatuses = [
  "issued",
  "task_open",
  "awaiting_approval",
  "no_contact",
  "done",
  "cancelled",
] as const;
export type NoticeStatus = (typeof noticeStatuses)[number];

export interface DunningNotice {
  readonly noticeId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly businessDate: string;
  readonly policyVersion: number;
  readonly policyCode: string;
  readonly levelCode: string;
  readonly levelIndex: number;
  readonly channel: DunningChannel;
  readonly status: NoticeStatus;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly feeMinor: bigint;
  /** The day the fee was waived, or null. */
  readonly feeWaivedOn: string | null;
  readonly maxDaysPastDue: number;
  readonly itemIds: ReadonlyArray<string>;
  readonly recipient: string | null;
  readonly messageId: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly createdAt: string;
}

export async function getDunningSetup(
  db: Executor,
  orgId: string,
  version?: number,
): Promise<Versioned<DunningSetup>> {
  const row = await latest(db, "dunning_policies", orgId, version);
  if (row === undefined) {
    if (version !== undefined && version !== 1) {
      throw new AppError("NOT_FOUND", { detail: `dunning policy version ${version} does not exist` });
    }
    return { definition: defaultDunningSetup(), createdBy: null, createdAt: null };
  }
  return {
    definition: parseMinor<DunningSetup>(row.definition_json),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Saves a new version of the organization's dunning policies (the version given is ignored). */
export async function saveDunningSetup(
  tx: Tx,
  actor: Actor,
  orgId: string,
  setup: Omit<DunningSetup, "version">,
): Promise<Versioned<DunningSetup>> {
  const current = (await getDunningSetup(tx.db, orgId)).definition;
  const next: DunningSetup = { ...setup, version: await nextVersion(tx, "dunning_policies", orgId, 1) };
  const issues = checkDunningSetup(next);
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", { issues });
  return saveVersion(tx, actor, orgId, "dunning_policies", current, next);
}

type NoticeRow = DunningNoticesTable & { customer_name: string };

/** Notices with their customer's name. */
function noticesOf(db: Executor, orgId: string) {
  return db
    .selectFrom("dunning_notices as n")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "n.org_id").onRef("c.customer_id", "=", "n.customer_id"),
    )
    .selectAll("n")
    .select("c.name as customer_name")
    .where("n.org_id", "=", orgId);
}

function toNotice(row: NoticeRow): DunningNotice {
  return {
    noticeId: row.notice_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    businessDate: row.business_date,
    policyVersion: Number(row.policy_version),
    policyCode: row.policy_code,
    levelCode: row.level_code,
    levelIndex: Number(row.level_index),
    channel: row.channel as DunningChannel,
    status: row.status as NoticeStatus,
    currency: row.currency,
    totalMinor: BigInt(row.total_minor),
    feeMinor: BigInt(row.fee_minor),
    feeWaivedOn: row.fee_waived_on,
    maxDaysPastDue: Number(row.max_days_past_due),
    itemIds: JSON.parse(row.item_ids_json) as string[],
    recipient: row.recipient,
    messageId: row.message_id,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
  };
}

export async function listNotices(
  db: Executor,
  orgId: string,
  filter: {
    readonly customerId?: string | undefined;
    readonly status?: NoticeStatus | undefined;
    readonly businessDate?: string | undefined;
    readonly limit: number;
  },
): Promise<DunningNotice[]> {
  let query = noticesOf(db, orgId);
  if (filter.customerId !== undefined) query = query.where("n.customer_id", "=", filter.customerId);
  if (filter.status !== undefined) query = query.where("n.status", "=", filter.status);
  if (filter.businessDate !== undefined) query = query.where("n.business_date", "=", filter.businessDate);
  const rows = await query
    .orderBy("n.business_date", "desc")
    .orderBy("n.notice_id", "desc")
    .limit(filter.limit)
    .execute();
  return rows.map(toNotice);
}

export async function getNotice(db: Executor, orgId: string, noticeId: string): Promise<DunningNotice> {
  const row = await noticesOf(db, orgId).where("n.notice_id", "=", noticeId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "dunning notice" } });
  return toNotice(row);
}

interface CustomerFacts {
  readonly name: string;
  readonly grade: string | null;
  readonly tags: string[];
  readonly email: string | null;
  readonly phone: string | null;
}

async function customerFacts(
  db: Executor,
  orgId: string,
  customerIds: string[],
): Promise<Map<string, CustomerFacts>> {
  const facts = new Map<string, CustomerFacts>();
  for (let start = 0; start < customerIds.length; start += 500) {
    const ids = customerIds.slice(start, start + 500);
    const customers = await db
      .selectFrom("customers as c")
      .leftJoin("customer_credit as k", (join) =>
        join.onRef("k.org_id", "=", "c.org_id").onRef("k.customer_id", "=", "c.customer_id"),
      )
      .select(["c.customer_id", "c.name", "c.tags_json", "k.grade"])
      .where("c.org_id", "=", orgId)
      .where("c.customer_id", "in", ids)
      .execute();
    const contacts = await db
      .selectFrom("customer_contacts")
      .select(["customer_id", "email", "phone"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids)
      .orderBy("created_at")
      .execute();
    for (const row of customers) {
      const own = contacts.filter((contact) => contact.customer_id === row.customer_id);
      facts.set(row.customer_id, {
        name: row.name,
        grade: row.grade ?? null,
        tags: JSON.parse(row.tags_json) as string[],
        email: own.find((contact) => contact.email !== null && contact.email !== "")?.email ?? null,
        phone: own.find((contact) => contact.phone !== null && contact.phone !== "")?.phone ?? null,
      });
    }
  }
  return facts;
}

/** The text of a notice in one language, from its level's template. */
function noticeText(
  decision: DunningDecision,
  locale: DunningLocale,
  values: { customerName: string; organizationName: string; currency: string; today: string },
) {
  const zh = locale === "zh-CN";
  const items = decision.items
    .map(
      (item) =>
        `${item.dueDate}  ${formatMinor(item.openMinor, values.currency)}  ${
          item.daysPastDue > 0
            ? zh
              ? `逾期 ${item.daysPastDue} 天`
              : `${item.daysPastDue} days overdue`
            : zh
              ? "即将到期"
              : "due soon"
        }`,
    )
    .join("\n");
  const variables: Record<DunningVariable, string> = {
    customerName: values.customerName,
    organizationName: values.organizationName,
    currency: values.currency,
    totalDue: formatMinor(decision.totalMinor, values.currency),
    itemCount: String(decision.items.length),
    oldestDueDate: decision.items[0]?.dueDate ?? "",
    daysPastDue: String(Math.max(decision.maxDaysPastDue, 0)),
    items,
    fee: formatMinor(decision.level.feeMinor, values.currency),
    today: values.today,
  };
  const template = decision.level.templates[locale];
  return {
    subject: renderDunningTemplate(template.subject, variables).slice(0, 200),
    body: renderDunningTemplate(template.body, variables),
  };
}

/** The HTML part of a notice: its text, escaped, paragraph by paragraph. */
export function htmlOfText(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const paragraphs = escaped
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replaceAll("\n", "<br>")}</p>`);
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.6">${paragraphs.join("")}</body></html>`;
}

/** Charges a notice's fee: a `penalty` voucher and an open item due at once. */
async function chargeFee(
  tx: Tx,
  actor: Actor,
  orgId: string,
  notice: { noticeId: string; customerId: string; currency: string; feeMinor: bigint; levelCode: string },
  date: string,
): Promise<void> {
  if (notice.feeMinor <= 0n) return;
  await postEvents(tx, actor, orgId, [
    {
      type: "penalty",
      date,
      currency: notice.currency,
      customerId: notice.customerId,
      amounts: { amount: notice.feeMinor },
      memo: `催收费 / collection fee (${notice.levelCode})`,
      sourceType: "dunning_notice",
      sourceId: notice.noticeId,
    },
  ]);
  await tx.db
    .insertInto("open_items")
    .values({
      org_id: orgId,
      item_id: uuidv7(),
      customer_id: notice.customerId,
      source_type: "dunning_fee",
      source_id: notice.noticeId,
      source_seq: 1n,
      document_number: `催收费 ${date}`,
      tax_invoice_number: null,
      document_date: date,
      due_date: date,
      currency: notice.currency,
      original_minor: notice.feeMinor,
      open_minor: notice.feeMinor,
      discount_json: "[]",
      disputed: 0n,
      dispute_note: null,
      status: "open",
      closed_on: null,
      created_at: tx.now,
    })
    .execute();
}

/**
 * Sends (or turns into a task) a notice that may go out: email and SMS through the outbox to the
 * customer's contact (no address: `no_contact`, a task for the collector), other channels as
 * tasks; then charges the fee. Returns the notice's new status and message.
 */
async function issue(
  tx: Tx,
  actor: Actor,
  orgId: string,
  notice: {
    noticeId: string;
    customerId: string;
    currency: string;
    feeMinor: bigint;
    levelCode: string;
    channel: DunningChannel;
  },
  text: { subject: string; body: string },
  contact: { email: string | null; phone: string | null },
  date: string,
): Promise<{ status: NoticeStatus; recipient: string | null; messageId: string | null }> {
  let outcome: { status: NoticeStatus; recipient: string | null; messageId: string | null };
  const related = { relatedType: "dunning_notice", relatedId: notice.noticeId };
  if (notice.channel === "email" && contact.email !== null) {
    const messageId = await enqueueEmail(tx, orgId, {
      recipient: contact.email,
      subject: text.subject,
      bodyText: text.body,
      bodyHtml: htmlOfText(text.body),
      attachments: [],
      ...related,
    });
    outcome = { status: "issued", recipient: contact.email, messageId };
  } else if (notice.channel === "sms" && contact.phone !== null) {
    const messageId = await enqueueSms(tx, orgId, {
      recipient: contact.phone,
      bodyText: text.body.slice(0, 500),
      ...related,
    });
    outcome = { status: "issued", recipient: contact.phone, messageId };
  } else if (notice.channel === "email" || notice.channel === "sms") {
    outcome = { status: "no_contact", recipient: null, messageId: null };
  } else {
    outcome = { status: "task_open", recipient: null, messageId: null };
  }
  await chargeFee(tx, actor, orgId, notice, date);
  return outcome;
}

/** The furthest a level reaches before the due date (the reminder's 3 days), over every policy. */
function leadDays(setup: DunningSetup): number {
  let lead = 0;
  for (const named of setup.policies) lead = Math.max(lead, -(named.policy.levels[0]?.daysFromDue ?? 0));
  return lead;
}

/**
 * The dunning step of the end-of-day batch for `date`: a notice for every customer whose policy
 * calls for one. Customers that already have a notice dated `date` are skipped, so the step may
 * run again after a crash. Returns the number of notices made.
 */
export async function runDunning(tx: Tx, orgId: string, date: string): Promise<number> {
  const { definition: setup } = await getDunningSetup(tx.db, orgId);
  const organization = await getOrganization(tx.db, orgId);
  const horizon = formatBusinessDate(addDays(parseBusinessDate(date), leadDays(setup)));
  const rows = await tx.db
    .selectFrom("open_items")
    .select(["item_id", "customer_id", "due_date", "open_minor", "disputed", "currency"])
    .where("org_id", "=", orgId)
    .where("status", "=", "open")
    .where("open_minor", ">", 0n)
    .where("due_date", "<=", horizon)
    .orderBy("customer_id")
    .orderBy("due_date")
    .execute();
  const byCustomer = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byCustomer.get(row.customer_id) ?? [];
    list.push(row);
    byCustomer.set(row.customer_id, list);
  }
  if (byCustomer.size === 0) return 0;
  const customerIds = [...byCustomer.keys()];
  const facts = await customerFacts(tx.db, orgId, customerIds);
  const history = await dunningHistory(tx.db, orgId, customerIds, date);
  const notices: DunningNoticesTable[] = [];
  for (const customerId of customerIds) {
    if (history.noticedToday.has(customerId)) continue;
    const last = history.lastNotice.get(customerId);
    const promises = history.promises.get(customerId) ?? [];
    const promisedUntil = promises
      .filter((promise) => promise.status === "open")
      .reduce<string | null>(
        (until, promise) => (until === null || promise.promised_date > until ? promise.promised_date : until),
        null,
      );
    const broken = promises.some(
      (promise) =>
        promise.status === "broken" && last !== undefined && (promise.resolved_on ?? "") > last.business_date,
    );
    const customer = facts.get(customerId);
    if (customer === undefined) continue;
    const named = dunningPolicyFor(setup, customer);
    const list = byCustomer.get(customerId) ?? [];
    const currency = list[0]?.currency ?? organization.baseCurrency;
    const items: DunningItem[] = list
      .filter((row) => row.currency === currency)
      .map((row) => ({
        itemId: row.item_id,
        dueDate: row.due_date,
        openMinor: BigInt(row.open_minor),
        disputed: BigInt(row.disputed) !== 0n,
        promisedUntil,
      }));
    const decision = selectDunning({
      today: date,
      policy: named.policy,
      items,
      lastNotice:
        last === undefined
          ? null
          : { levelIndex: Number(last.level_index), itemIds: JSON.parse(last.item_ids_json) as string[] },
      escalate: broken,
    });
    if (decision === null) continue;
    const noticeId = uuidv7();
    const notice = {
      noticeId,
      customerId,
      currency,
      feeMinor: decision.level.feeMinor,
      levelCode: decision.level.code,
      channel: decision.level.channel,
    };
    const text = noticeText(decision, "zh-CN", {
      customerName: customer.name,
      organizationName: organization.name,
      currency,
      today: date,
    });
    const outcome = decision.level.needsApproval
      ? { status: "awaiting_approval" as const, recipient: null, messageId: null }
      : await issue(tx, systemActor, orgId, notice, text, customer, date);
    notices.push({
      org_id: orgId,
      notice_id: noticeId,
      customer_id: customerId,
      business_date: date,
      policy_version: BigInt(setup.version),
      policy_code: named.code,
      level_code: decision.level.code,
      level_index: BigInt(decision.levelIndex),
      channel: decision.level.channel,
      status: outcome.status,
      currency,
      total_minor: decision.totalMinor,
      fee_minor: decision.level.feeMinor,
      fee_waived_on: null,
      max_days_past_due: BigInt(decision.maxDaysPastDue),
      item_ids_json: JSON.stringify(decision.items.map((item) => item.itemId)),
      recipient: outcome.recipient,
      message_id: outcome.messageId,
      decided_by: null,
      decided_at: null,
      created_at: tx.now,
    });
  }
  for (let start = 0; start < notices.length; start += noticeRowsPerInsertMax) {
    await tx.db
      .insertInto("dunning_notices")
      .values(notices.slice(start, start + noticeRowsPerInsertMax))
      .execute();
  }
  return notices.length;
}

/** Customers per query of the dunning history (one bound value each). */
const historyCustomersPerQueryMax = 500;
/** Notices per INSERT: about twenty bound values each. */
const noticeRowsPerInsertMax = 500;

interface DunningHistory {
  /** Customers that already have a notice dated the run's date (a run done before a crash). */
  readonly noticedToday: ReadonlySet<string>;
  /** Each customer's latest notice before the date that was not cancelled. */
  readonly lastNotice: ReadonlyMap<
    string,
    { level_index: bigint; item_ids_json: string; business_date: string }
  >;
  /** Each customer's open and broken promises to pay. */
  readonly promises: ReadonlyMap<
    string,
    ReadonlyArray<{ status: string; promised_date: string; resolved_on: string | null }>
  >;
}

/** What the dunning step needs to know of its customers' past, read in a few queries per chunk of customers. */
async function dunningHistory(
  db: Executor,
  orgId: string,
  customerIds: ReadonlyArray<string>,
  date: string,
): Promise<DunningHistory> {
  const noticedToday = new Set<string>();
  const lastNotice = new Map<string, { level_index: bigint; item_ids_json: string; business_date: string }>();
  const promises = new Map<
    string,
    Array<{ status: string; promised_date: string; resolved_on: string | null }>
  >();
  for (let start = 0; start < customerIds.length; start += historyCustomersPerQueryMax) {
    const ids = customerIds.slice(start, start + historyCustomersPerQueryMax);
    const today = await db
      .selectFrom("dunning_notices")
      .select("customer_id")
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids)
      .where("business_date", "=", date)
      .execute();
    for (const row of today) noticedToday.add(row.customer_id);
    // The latest date is unique per customer (one notice per customer and date).
    const latest = await db
      .selectFrom("dunning_notices as n")
      .select(["n.customer_id", "n.level_index", "n.item_ids_json", "n.business_date"])
      .where("n.org_id", "=", orgId)
      .where("n.customer_id", "in", ids)
      .where("n.status", "<>", "cancelled")
      .where("n.business_date", "=", (eb) =>
        eb
          .selectFrom("dunning_notices as m")
          .select((inner) => inner.fn.max("m.business_date").as("latest"))
          .whereRef("m.org_id", "=", "n.org_id")
          .whereRef("m.customer_id", "=", "n.customer_id")
          .where("m.business_date", "<", date)
          .where("m.status", "<>", "cancelled"),
      )
      .execute();
    for (const row of latest) lastNotice.set(row.customer_id, row);
    const owned = await db
      .selectFrom("promises_to_pay")
      .select(["customer_id", "status", "promised_date", "resolved_on"])
      .where("org_id", "=", orgId)
      .where("customer_id", "in", ids)
      .where((eb) => eb.or([eb("status", "=", "open"), eb("status", "=", "broken")]))
      .execute();
    for (const row of owned) {
      const list = promises.get(row.customer_id) ?? [];
      list.push(row);
      promises.set(row.customer_id, list);
    }
  }
  return { noticedToday, lastNotice, promises };
}

/**
 * A person's decision on a notice that needs approval (a lawyer letter, legal action): approved,
 * it goes out as its channel says and charges its fee; rejected, it is cancelled. Marking a task
 * done (`complete`) closes a phone call, letter or no-contact task.
 */
export async function decideNotice(
  tx: Tx,
  actor: Actor,
  orgId: string,
  noticeId: string,
  decision: "approve" | "reject" | "complete",
  reason: string | null,
): Promise<DunningNotice> {
  const before = await getNotice(tx.db, orgId, noticeId);
  const allowed =
    decision === "complete"
      ? before.status === "task_open" || before.status === "no_contact"
      : before.status === "awaiting_approval";
  if (!allowed) {
    throw new AppError("CONFLICT", { detail: `the notice is ${before.status}; it cannot be ${decision}d` });
  }
  let update: { status: NoticeStatus; recipient?: string | null; message_id?: string | null };
  if (decision === "approve") {
    const { definition: setup } = await getDunningSetup(tx.db, orgId, before.policyVersion);
    const named = setup.policies.find((policy) => policy.code === before.policyCode);
    const level = named?.policy.levels[before.levelIndex];
    if (named === undefined || level === undefined)
      throw new AppError("NOT_FOUND", { params: { entity: "dunning level" } });
    const organization = await getOrganization(tx.db, orgId);
    const [customer] = [...(await customerFacts(tx.db, orgId, [before.customerId])).values()];
    if (customer === undefined) throw new AppError("NOT_FOUND", { params: { entity: "customer" } });
    const items = await tx.db
      .selectFrom("open_items")
      .select(["item_id", "due_date", "open_minor"])
      .where("org_id", "=", orgId)
      .where("item_id", "in", before.itemIds.length > 0 ? [...before.itemIds] : [""])
      .execute();
    const today = before.businessDate;
    const decided: DunningDecision = {
      levelIndex: before.levelIndex,
      level,
      items: items.map((item) => ({
        itemId: item.item_id,
        dueDate: item.due_date,
        openMinor: BigInt(item.open_minor),
        disputed: false,
        promisedUntil: null,
        daysPastDue: before.maxDaysPastDue,
      })),
      totalMinor: items.reduce((sum, item) => sum + BigInt(item.open_minor), 0n),
      maxDaysPastDue: before.maxDaysPastDue,
    };
    const text = noticeText(decided, "zh-CN", {
      customerName: customer.name,
      organizationName: organization.name,
      currency: before.currency,
      today,
    });
    const outcome = await issue(tx, actor, orgId, { ...before }, text, customer, today);
    update = { status: outcome.status, recipient: outcome.recipient, message_id: outcome.messageId };
  } else {
    update = { status: decision === "reject" ? "cancelled" : "done" };
  }
  await tx.db
    .updateTable("dunning_notices")
    .set({ ...update, decided_by: actor.label, decided_at: tx.now })
    .where("org_id", "=", orgId)
    .where("notice_id", "=", noticeId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: `dunning_notice.${decision === "approve" ? "approved" : decision === "reject" ? "rejected" : "completed"}`,
    entityType: "dunning_notice",
    entityId: noticeId,
    before: { status: before.status },
    after: { status: update.status, reason },
  });
  return getNotice(tx.db, orgId, noticeId);
}

/** Thrown to roll a preview's transaction back while carrying its answer out. */
class PreviewRollback extends Error {
  constructor(readonly notices: DunningNotice[]) {
    super("preview rolled back");
  }
}

/**
 * Who the dunning step would contact on `date` — with the saved policies or a draft of them — and
 * with what: the step runs in a transaction that is rolled back, so nothing is sent, charged or kept.
 */
export async function previewDunning(
  store: Store,
  orgId: string,
  date: string,
  draft: Omit<DunningSetup, "version"> | null,
  clock: Clock,
): Promise<DunningNotice[]> {
  try {
    await runCommand(
      store,
      async (tx) => {
        if (draft !== null) await saveDunningSetup(tx, systemActor, orgId, draft);
        await runDunning(tx, orgId, date);
        throw new PreviewRollback(await listNotices(tx.db, orgId, { businessDate: date, limit: 10_000 }));
      },
      clock,
    );
  } catch (error) {
    if (error instanceof PreviewRollback) return error.notices;
    throw error;
  }
  throw new Error("Assertion failed: a preview always rolls back");
}
