import { AppError } from "../../core/errors.ts";
import { uuidv7 } from "../../core/ids.ts";
import { formatMinor } from "../../core/money.ts";
import {
  type AlertChange,
  type AlertStatus,
  checkWarningRuleSet,
  defaultWarningRuleSet,
  evaluateWarnings,
  type FactValue,
  type LiveAlert,
  planAlertChanges,
  type RuleFiring,
  type WarningRule,
  type WarningRuleSet,
  type WarningSeverity,
} from "../../domain/risk/index.ts";
import type { Executor } from "../../store/database.ts";
import type { WarningAlertsTable } from "../../store/warning-tables.ts";
import { appendAudit } from "../audit.ts";
import { type Actor, lockOrganization, systemActor, type Tx } from "../command.ts";
import { applyCreditChange } from "../credit/credit-account.ts";
import { businessDateAt, getOrganization } from "../organizations.ts";
import { latest, nextVersion, saveVersion, type Versioned } from "../versioned-definitions.ts";
import {
  type CustomerWarningFacts,
  gatherWarningFacts,
  warningCustomersPerQueryMax,
} from "./warnings-facts.ts";

/**
 * Early warnings: the organization's rule set (versioned), evaluated for every customer by the
 * end-of-day batch (step `warnings`, after `delinquency`) and for one customer when a credit report
 * is recorded or an assessment completed, in that event's transaction. A firing raises an alert
 * unless one stands for the rule and customer (then only its last-seen date and facts move); an
 * alert whose condition no longer holds is cleared by the next evaluation. Raising may give the
 * customer's owner a task and put the customer on credit hold, as the rule says.
 */

export interface AlertHistoryEntry {
  readonly on: string;
  readonly at: string;
  readonly event: "raised" | "acknowledged" | "resolved" | "cleared" | "hold" | "task_done";
  readonly by: string;
  readonly note: string | null;
}

export interface WarningAlert {
  readonly alertId: string;
  readonly customerId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly ruleCode: string;
  readonly ruleVersion: number;
  readonly ruleNames: { readonly "zh-CN": string; readonly en: string } | null;
  readonly severity: WarningSeverity;
  readonly status: AlertStatus;
  /** The values that made the rule fire, last time it did; amounts as decimal strings. */
  readonly facts: Readonly<Record<string, FactValue>>;
  readonly firstRaisedOn: string;
  readonly lastRaisedOn: string;
  readonly clearedOn: string | null;
  readonly handledBy: string | null;
  readonly handledAt: string | null;
  readonly note: string | null;
  readonly task: {
    readonly userId: string | null;
    readonly userName: string | null;
    readonly status: "open" | "done";
    readonly dueOn: string;
  } | null;
  readonly holdApplied: boolean;
  readonly history: ReadonlyArray<AlertHistoryEntry>;
}

// ——— Rules ———

export async function getWarningRules(
  db: Executor,
  orgId: string,
  version?: number,
): Promise<Versioned<WarningRuleSet>> {
  const row = await latest(db, "warning_rule_sets", orgId, version);
  if (row === undefined) {
    if (version !== undefined && version !== 1) {
      throw new AppError("NOT_FOUND", { detail: `warning rules version ${version} does not exist` });
    }
    return { definition: defaultWarningRuleSet(), createdBy: null, createdAt: null };
  }
  return {
    definition: JSON.parse(row.definition_json) as WarningRuleSet,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function checked(rules: ReadonlyArray<WarningRule>): WarningRuleSet {
  const set: WarningRuleSet = { version: 0, rules };
  const issues = checkWarningRuleSet(set);
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", { issues });
  return set;
}

/** Saves a new version of the organization's warning rules; alerts already raised keep theirs. */
export async function saveWarningRules(
  tx: Tx,
  actor: Actor,
  orgId: string,
  rules: ReadonlyArray<WarningRule>,
): Promise<Versioned<WarningRuleSet>> {
  checked(rules);
  const current = (await getWarningRules(tx.db, orgId)).definition;
  const next: WarningRuleSet = { version: await nextVersion(tx, "warning_rule_sets", orgId, 1), rules };
  return saveVersion(tx, actor, orgId, "warning_rule_sets", current, next);
}

// ——— Evaluation ———

function historyOf(row: { history_json: string }): AlertHistoryEntry[] {
  return JSON.parse(row.history_json) as AlertHistoryEntry[];
}

function holdReason(rule: WarningRule): string {
  return `预警规则 ${rule.code}（${rule.names["zh-CN"]}） / warning rule ${rule.code} (${rule.names.en})`;
}

async function raise(
  tx: Tx,
  orgId: string,
  date: string,
  set: WarningRuleSet,
  customer: CustomerWarningFacts,
  firing: RuleFiring,
  by: string,
): Promise<void> {
  const { rule } = firing;
  const history: AlertHistoryEntry[] = [
    { on: date, at: tx.now, event: "raised", by, note: `v${set.version}` },
  ];
  let holdApplied = false;
  if (rule.actions.hold) {
    if (customer.onHold) {
      history.push({ on: date, at: tx.now, event: "hold", by, note: "already on hold" });
    } else {
      const reason = holdReason(rule);
      await applyCreditChange(
        tx,
        systemActor,
        orgId,
        customer.customerId,
        { kind: "hold", reason },
        { reason },
      );
      holdApplied = true;
      history.push({ on: date, at: tx.now, event: "hold", by, note: reason });
    }
  }
  await tx.db
    .insertInto("warning_alerts")
    .values({
      org_id: orgId,
      alert_id: uuidv7(),
      customer_id: customer.customerId,
      rule_code: rule.code,
      rule_version: BigInt(set.version),
      severity: rule.severity,
      status: "open",
      facts_json: JSON.stringify(firing.facts),
      first_raised_on: date,
      last_raised_on: date,
      cleared_on: null,
      handled_by: null,
      handled_at: null,
      note: null,
      task_user_id: rule.actions.task ? customer.taskUserId : null,
      task_status: rule.actions.task ? "open" : null,
      task_due_on: rule.actions.task ? date : null,
      hold_applied: holdApplied ? 1n : 0n,
      history_json: JSON.stringify(history),
      created_at: tx.now,
      updated_at: tx.now,
    })
    .execute();
}

async function applyChange(
  tx: Tx,
  orgId: string,
  date: string,
  set: WarningRuleSet,
  customers: ReadonlyMap<string, CustomerWarningFacts>,
  change: AlertChange,
  by: string,
): Promise<"raised" | "seen" | "cleared"> {
  switch (change.kind) {
    case "raise": {
      const customer = customers.get(change.customerId);
      if (customer === undefined) throw new Error("Assertion failed: a firing names a customer evaluated");
      await raise(tx, orgId, date, set, customer, change.firing, by);
      return "raised";
    }
    case "seen": {
      const row = await tx.db
        .selectFrom("warning_alerts")
        .select(["last_raised_on", "facts_json"])
        .where("org_id", "=", orgId)
        .where("alert_id", "=", change.alertId)
        .executeTakeFirstOrThrow();
      const facts = JSON.stringify(change.firing.facts);
      // A catch-up of an earlier date never moves the last-seen date back.
      if (row.last_raised_on >= date && row.facts_json === facts) return "seen";
      await tx.db
        .updateTable("warning_alerts")
        .set({
          last_raised_on: row.last_raised_on > date ? row.last_raised_on : date,
          facts_json: row.last_raised_on > date ? row.facts_json : facts,
          updated_at: tx.now,
        })
        .where("org_id", "=", orgId)
        .where("alert_id", "=", change.alertId)
        .execute();
      return "seen";
    }
    case "clear": {
      const row = await tx.db
        .selectFrom("warning_alerts")
        .select(["status", "history_json", "task_status"])
        .where("org_id", "=", orgId)
        .where("alert_id", "=", change.alertId)
        .executeTakeFirstOrThrow();
      const note =
        change.reason === "rule_disabled"
          ? "规则已停用或删除 / the rule was disabled or removed"
          : "条件不再满足 / the condition no longer holds";
      const history = [...historyOf(row), { on: date, at: tx.now, event: "cleared" as const, by, note }];
      await tx.db
        .updateTable("warning_alerts")
        .set({
          ...(row.status === "resolved" ? {} : { status: "cleared" }),
          cleared_on: date,
          task_status: row.task_status === null ? null : "done",
          history_json: JSON.stringify(history),
          updated_at: tx.now,
        })
        .where("org_id", "=", orgId)
        .where("alert_id", "=", change.alertId)
        .execute();
      return "cleared";
    }
  }
}

export interface WarningRunCounts {
  readonly customers: number;
  readonly raised: number;
  readonly seen: number;
  readonly cleared: number;
}

/**
 * Evaluates the rules in force for some customers (`customerIds`) or all of them (null) on `date`,
 * and keeps the alerts accordingly. Takes the organization's lock, so two evaluations never raise
 * the same alert twice.
 */
export async function evaluateAndKeepWarnings(
  tx: Tx,
  orgId: string,
  date: string,
  options: { readonly customerIds: ReadonlyArray<string> | null; readonly by: string },
): Promise<WarningRunCounts> {
  await lockOrganization(tx, orgId);
  const set = (await getWarningRules(tx.db, orgId)).definition;
  const counts = { customers: 0, raised: 0, seen: 0, cleared: 0 };
  const chunks = chunkedCustomers(tx.db, orgId, options.customerIds);
  for await (const ids of chunks) {
    const facts = await gatherWarningFacts(tx.db, orgId, ids, date, set);
    const byCustomer = new Map(facts.map((customer) => [customer.customerId, customer]));
    const firings = new Map(
      facts.map((customer) => [customer.customerId, evaluateWarnings(set, customer, date)]),
    );
    const live = await liveAlerts(tx.db, orgId, ids);
    const changes = planAlertChanges({ set, customerIds: facts.map((c) => c.customerId), firings, live });
    for (const change of changes) {
      counts[await applyChange(tx, orgId, date, set, byCustomer, change, options.by)] += 1;
    }
    counts.customers += facts.length;
  }
  return counts;
}

async function* chunkedCustomers(
  db: Executor,
  orgId: string,
  customerIds: ReadonlyArray<string> | null,
): AsyncGenerator<string[]> {
  if (customerIds !== null) {
    for (let start = 0; start < customerIds.length; start += warningCustomersPerQueryMax) {
      yield customerIds.slice(start, start + warningCustomersPerQueryMax);
    }
    return;
  }
  let after: string | null = null;
  for (;;) {
    let query = db.selectFrom("customers").select("customer_id").where("org_id", "=", orgId);
    if (after !== null) query = query.where("customer_id", ">", after);
    const rows = await query.orderBy("customer_id").limit(warningCustomersPerQueryMax).execute();
    if (rows.length === 0) return;
    yield rows.map((row) => row.customer_id);
    after = rows[rows.length - 1]?.customer_id ?? after;
    if (rows.length < warningCustomersPerQueryMax) return;
  }
}

async function liveAlerts(
  db: Executor,
  orgId: string,
  customerIds: ReadonlyArray<string>,
): Promise<LiveAlert[]> {
  const rows = await db
    .selectFrom("warning_alerts")
    .select(["alert_id", "customer_id", "rule_code", "status", "cleared_on"])
    .where("org_id", "=", orgId)
    .where("customer_id", "in", [...customerIds])
    .where((eb) =>
      eb.or([
        eb("status", "in", ["open", "acknowledged"]),
        eb.and([eb("status", "=", "resolved"), eb("cleared_on", "is", null)]),
      ]),
    )
    .execute();
  return rows.map((row) => ({
    alertId: row.alert_id,
    customerId: row.customer_id,
    ruleCode: row.rule_code,
    status: row.status as AlertStatus,
    clearedOn: row.cleared_on,
  }));
}

/** The `warnings` step of the end-of-day batch: every customer on `date`; returns the alerts raised. */
export async function runWarnings(tx: Tx, orgId: string, date: string): Promise<number> {
  const counts = await evaluateAndKeepWarnings(tx, orgId, date, { customerIds: null, by: systemActor.label });
  return counts.raised;
}

/**
 * The event hook: evaluates one customer's rules today, inside the event's transaction (a credit
 * report recorded, an assessment completed). A new lawsuit thus holds the customer at once.
 */
export async function warnOnEvent(
  tx: Tx,
  actor: Actor,
  orgId: string,
  customerId: string,
): Promise<WarningRunCounts> {
  const date = await businessDateAt(tx.db, orgId, tx.now);
  return evaluateAndKeepWarnings(tx, orgId, date, { customerIds: [customerId], by: actor.label });
}

export interface WarningPreviewRow {
  readonly customerId: string;
  readonly customerCode: string;
  readonly customerName: string;
  readonly ruleCode: string;
  readonly severity: WarningSeverity;
  readonly facts: Readonly<Record<string, FactValue>>;
  readonly actions: { readonly task: boolean; readonly hold: boolean };
}

/** Previews are for a screen: at most this many rows come back. */
export const warningPreviewRowsMax = 1000;

/**
 * Who the rules (a draft, or the saved ones) flag on `date`, without raising, holding or saving
 * anything: the facts are read and evaluated in memory.
 */
export async function previewWarnings(
  db: Executor,
  orgId: string,
  date: string,
  draft: ReadonlyArray<WarningRule> | null,
): Promise<{ readonly rows: WarningPreviewRow[]; readonly customers: number; readonly truncated: boolean }> {
  const set = draft === null ? (await getWarningRules(db, orgId)).definition : checked(draft);
  const currency = (await getOrganization(db, orgId)).baseCurrency;
  const rows: WarningPreviewRow[] = [];
  let customers = 0;
  let truncated = false;
  for await (const ids of chunkedCustomers(db, orgId, null)) {
    const facts = await gatherWarningFacts(db, orgId, ids, date, set);
    customers += facts.length;
    for (const customer of facts) {
      for (const firing of evaluateWarnings(set, customer, date)) {
        if (rows.length >= warningPreviewRowsMax) {
          truncated = true;
          continue;
        }
        rows.push({
          customerId: customer.customerId,
          customerCode: customer.code,
          customerName: customer.name,
          ruleCode: firing.rule.code,
          severity: firing.rule.severity,
          facts: factsOut(firing.facts, currency),
          actions: firing.rule.actions,
        });
      }
    }
  }
  return { rows, customers, truncated };
}

// ——— Alerts ———

/** Money facts are kept as minor units (`exposureMinor`); they go out as decimal strings (`exposure`). */
function factsOut(facts: Readonly<Record<string, FactValue>>, currency: string): Record<string, FactValue> {
  const out: Record<string, FactValue> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (key.endsWith("Minor") && typeof value === "string" && /^-?\d+$/.test(value)) {
      out[key.slice(0, -"Minor".length)] = formatMinor(BigInt(value), currency);
    } else if (!key.endsWith("Minor")) {
      out[key] = value;
    }
  }
  return out;
}

type AlertRow = WarningAlertsTable & { code: string; name: string; task_user_name: string | null };

function alertsOf(db: Executor, orgId: string) {
  return db
    .selectFrom("warning_alerts as w")
    .innerJoin("customers as c", (join) =>
      join.onRef("c.org_id", "=", "w.org_id").onRef("c.customer_id", "=", "w.customer_id"),
    )
    .leftJoin("users as u", "u.user_id", "w.task_user_id")
    .selectAll("w")
    .select(["c.code", "c.name", "u.display_name as task_user_name"])
    .where("w.org_id", "=", orgId);
}

async function toAlerts(db: Executor, orgId: string, rows: ReadonlyArray<AlertRow>): Promise<WarningAlert[]> {
  const currency = (await getOrganization(db, orgId)).baseCurrency;
  const sets = new Map<number, WarningRuleSet | null>();
  for (const version of new Set(rows.map((row) => Number(row.rule_version)))) {
    try {
      sets.set(version, (await getWarningRules(db, orgId, version)).definition);
    } catch {
      sets.set(version, null);
    }
  }
  return rows.map((row) => {
    const rule = sets.get(Number(row.rule_version))?.rules.find((r) => r.code === row.rule_code);
    return {
      alertId: row.alert_id,
      customerId: row.customer_id,
      customerCode: row.code,
      customerName: row.name,
      ruleCode: row.rule_code,
      ruleVersion: Number(row.rule_version),
      ruleNames: rule === undefined ? null : rule.names,
      severity: row.severity as WarningSeverity,
      status: row.status as AlertStatus,
      facts: factsOut(JSON.parse(row.facts_json) as Record<string, FactValue>, currency),
      firstRaisedOn: row.first_raised_on,
      lastRaisedOn: row.last_raised_on,
      clearedOn: row.cleared_on,
      handledBy: row.handled_by,
      handledAt: row.handled_at,
      note: row.note,
      task:
        row.task_status === null || row.task_due_on === null
          ? null
          : {
              userId: row.task_user_id,
              userName: row.task_user_name,
              status: row.task_status === "done" ? "done" : "open",
              dueOn: row.task_due_on,
            },
      holdApplied: row.hold_applied === 1n,
      history: historyOf(row),
    };
  });
}

export const alertListLimitMax = 500;

/** Alerts, newest first (by the day last raised, then by when raised). */
export async function listAlerts(
  db: Executor,
  orgId: string,
  filter: {
    readonly status?: AlertStatus | "active" | undefined;
    readonly severity?: WarningSeverity | undefined;
    readonly customerId?: string | undefined;
    readonly taskUserId?: string | undefined;
    readonly limit: number;
  },
): Promise<WarningAlert[]> {
  let query = alertsOf(db, orgId);
  if (filter.status === "active") query = query.where("w.status", "in", ["open", "acknowledged"]);
  else if (filter.status !== undefined) query = query.where("w.status", "=", filter.status);
  if (filter.severity !== undefined) query = query.where("w.severity", "=", filter.severity);
  if (filter.customerId !== undefined) query = query.where("w.customer_id", "=", filter.customerId);
  if (filter.taskUserId !== undefined) {
    query = query.where("w.task_user_id", "=", filter.taskUserId).where("w.task_status", "=", "open");
  }
  const rows = await query
    .orderBy("w.last_raised_on", "desc")
    .orderBy("w.alert_id", "desc")
    .limit(Math.min(filter.limit, alertListLimitMax))
    .execute();
  return toAlerts(db, orgId, rows);
}

export async function getAlert(db: Executor, orgId: string, alertId: string): Promise<WarningAlert> {
  const row = await alertsOf(db, orgId).where("w.alert_id", "=", alertId).executeTakeFirst();
  if (row === undefined) throw new AppError("NOT_FOUND", { params: { entity: "alert" } });
  const [alert] = await toAlerts(db, orgId, [row]);
  if (alert === undefined) throw new Error("Assertion failed: one row, one alert");
  return alert;
}

/**
 * A person acknowledges an alert (seen, being dealt with) or resolves it with a note. Only an open
 * alert can be acknowledged; an open or acknowledged one resolved. Resolving closes its task.
 */
export async function handleAlert(
  tx: Tx,
  actor: Actor,
  orgId: string,
  alertId: string,
  action: "acknowledge" | "resolve",
  note: string | null,
): Promise<WarningAlert> {
  const before = await getAlert(tx.db, orgId, alertId);
  const allowed: ReadonlyArray<AlertStatus> = action === "acknowledge" ? ["open"] : ["open", "acknowledged"];
  if (!allowed.includes(before.status)) {
    throw new AppError("ALERT_STATUS", {
      detail: `the alert is ${before.status}`,
      params: { status: before.status },
    });
  }
  const text = note === null || note.trim() === "" ? null : note.trim();
  if (action === "resolve" && text === null) {
    throw new AppError("VALIDATION_FAILED", {
      issues: [{ path: "note", code: "REQUIRED", message: "say how it was resolved" }],
    });
  }
  const status: AlertStatus = action === "acknowledge" ? "acknowledged" : "resolved";
  const today = await businessDateAt(tx.db, orgId, tx.now);
  const history: AlertHistoryEntry[] = [
    ...before.history,
    { on: today, at: tx.now, event: status, by: actor.label, note: text },
  ];
  await tx.db
    .updateTable("warning_alerts")
    .set({
      status,
      handled_by: actor.label,
      handled_at: tx.now,
      ...(text === null ? {} : { note: text }),
      ...(action === "resolve" && before.task !== null ? { task_status: "done" } : {}),
      history_json: JSON.stringify(history),
      updated_at: tx.now,
    })
    .where("org_id", "=", orgId)
    .where("alert_id", "=", alertId)
    .execute();
  await appendAudit(tx, {
    orgId,
    actor,
    action: `warning_alert.${action === "acknowledge" ? "acknowledged" : "resolved"}`,
    entityType: "warning_alert",
    entityId: alertId,
    before: { status: before.status },
    after: { status, note: text },
  });
  return getAlert(tx.db, orgId, alertId);
}
