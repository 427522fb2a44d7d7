import type { Command } from "commander";
import { formatMinor, parseMinor } from "../core/money.ts";
import { roleAllows } from "../domain/access/index.ts";
import { type Actor, runCommand } from "../services/command.ts";
import { approvalStatuses, decideApproval, listApprovals } from "../services/credit/approvals.ts";
import { assessCustomer } from "../services/credit/assessments.ts";
import { checkCredit } from "../services/credit/check.ts";
import { runReassessments } from "../services/credit/tasks.ts";
import { stringifyMinor } from "../services/minor-json.ts";
import { businessDateAt, getOrganization, listOrganizationIds } from "../services/organizations.ts";
import { findUserByEmail, getMembershipRole } from "../services/people.ts";
import type { Store } from "../store/database.ts";

/** What the credit commands borrow from the program that hosts them. */
export interface CliContext {
  withStore<T>(work: (store: Store) => Promise<T>): Promise<T>;
  pickOrganization(store: Store, org: string | undefined): Promise<string>;
  /** Stops the command with a message for the user (exit code 1). */
  fail(message: string): never;
}

const cliActor: Actor = { userId: null, label: "cli" };

const json = (value: unknown): string => stringifyMinor(value, 2);

async function customerIdByCode(store: Store, orgId: string, code: string, cli: CliContext): Promise<string> {
  const row = await store.db
    .selectFrom("customers")
    .select("customer_id")
    .where("org_id", "=", orgId)
    .where("code", "=", code)
    .executeTakeFirst();
  return row?.customer_id ?? cli.fail(`no customer with code "${code}"`);
}

export function registerCreditCommands(program: Command, cli: CliContext): void {
  const credit = program
    .command("credit")
    .description("Customer credit: standing, assessments, the credit check, re-assessment and approvals");

  credit
    .command("status")
    .description(
      "A customer's limit, terms, hold, grade, exposure and today's credit check.\n" +
        "Example: credence credit status --customer C001",
    )
    .requiredOption("--customer <code>", "customer code")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--json", "machine-readable output")
    .action(async (options: { customer: string; org?: string; json?: boolean }) => {
      await cli.withStore(async (store) => {
        const orgId = await cli.pickOrganization(store, options.org);
        const customerId = await customerIdByCode(store, orgId, options.customer, cli);
        const today = await businessDateAt(store.db, orgId, new Date().toISOString());
        const { status, check } = await checkCredit(store.db, orgId, customerId, 0n, today);
        if (options.json === true) {
          console.log(json({ ...status, check }));
          return;
        }
        const m = (minor: bigint) => formatMinor(minor, status.currency);
        const terms = status.terms.kind === "net" ? `Net ${status.terms.days}` : "cash in advance";
        console.log(
          `grade       ${status.grade ?? "—"} (score ${status.score ?? "—"}, valid through ${status.assessmentExpiresOn ?? "—"})`,
        );
        console.log(`limit       ${m(status.limitMinor)} ${status.currency}, ${terms}`);
        if (status.temporaryIncrease !== null) {
          console.log(
            `temporary   +${m(status.temporaryIncrease.amountMinor)} through ${status.temporaryIncrease.expiresOn}`,
          );
        }
        console.log(`exposure    ${m(status.exposure.totalMinor)}   headroom ${m(check.headroomMinor)}`);
        if (status.onHold) console.log(`on hold     ${status.holdReason ?? ""}`);
        console.log(
          `check       ${check.decision}${check.reasons.length > 0 ? ` (${check.reasons.join(", ")})` : ""}`,
        );
      });
    });

  credit
    .command("check")
    .description(
      "Would an order of AMOUNT pass, warn or block? Changes nothing. Exit code 3 when it blocks.\n" +
        "Example: credence credit check --customer C001 --amount 250000.00",
    )
    .requiredOption("--customer <code>", "customer code")
    .requiredOption("--amount <amount>", "order amount in the organization's currency, e.g. 1234.56")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--json", "machine-readable output")
    .action(async (options: { customer: string; amount: string; org?: string; json?: boolean }) => {
      await cli.withStore(async (store) => {
        const orgId = await cli.pickOrganization(store, options.org);
        const customerId = await customerIdByCode(store, orgId, options.customer, cli);
        const { baseCurrency } = await getOrganization(store.db, orgId);
        const amount = parseMinor(options.amount, baseCurrency);
        if (amount < 0n) cli.fail("--amount is not negative");
        const today = await businessDateAt(store.db, orgId, new Date().toISOString());
        const { check } = await checkCredit(store.db, orgId, customerId, amount, today);
        if (options.json === true) console.log(json(check));
        else {
          console.log(
            `${check.decision}${check.reasons.length > 0 ? `: ${check.reasons.join(", ")}` : ""}; headroom after ${formatMinor(check.headroomMinor, baseCurrency)}`,
          );
        }
        if (check.decision === "block") process.exitCode = 3;
      });
    });

  credit
    .command("assess")
    .description(
      "Assess a customer now from its latest statements and credit report (recorded as by 'cli').\n" +
        "Example: credence credit assess --customer C001",
    )
    .requiredOption("--customer <code>", "customer code")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--json", "machine-readable output")
    .action(async (options: { customer: string; org?: string; json?: boolean }) => {
      await cli.withStore(async (store) => {
        const orgId = await cli.pickOrganization(store, options.org);
        const customerId = await customerIdByCode(store, orgId, options.customer, cli);
        const a = await runCommand(store, (tx) => assessCustomer(tx, cliActor, orgId, customerId));
        if (options.json === true) {
          console.log(json(a));
          return;
        }
        const limit = formatMinor(a.recommendation.limitMinor, a.currency);
        console.log(`${options.customer}: score ${a.score}, grade ${a.grade}, valid through ${a.expiresOn}`);
        console.log(`reasons: ${a.reasons.map((r) => r.code).join(", ") || "—"}`);
        console.log(`recommended limit ${limit} ${a.currency}`);
      });
    });

  credit
    .command("reassess")
    .description(
      "Schedule periodic re-assessments and run every task due today, for every organization (or --org).\n" +
        "`credence serve` does this once a day by itself; use this from cron when the server is not running.",
    )
    .option("--org <orgId>", "one organization only")
    .option("--json", "machine-readable output")
    .action(async (options: { org?: string; json?: boolean }) => {
      await cli.withStore(async (store) => {
        const orgIds =
          options.org === undefined
            ? await listOrganizationIds(store.db)
            : [await cli.pickOrganization(store, options.org)];
        const results = [];
        for (const orgId of orgIds) results.push({ orgId, ...(await runReassessments(store, orgId)) });
        if (options.json === true) console.log(json(results));
        else
          for (const r of results)
            console.log(`${r.orgId}: ${r.scheduled} scheduled, ${r.completed} assessed`);
      });
    });

  credit
    .command("approvals")
    .description("The approvals queue: credit requests waiting for a second person")
    .option("--status <status>", `${approvalStatuses.join(" | ")} | all`, "pending")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--json", "machine-readable output")
    .action(async (options: { status: string; org?: string; json?: boolean }) => {
      const status = [...approvalStatuses, "all" as const].find((s) => s === options.status);
      if (status === undefined) cli.fail(`--status must be one of: ${approvalStatuses.join(", ")}, all`);
      await cli.withStore(async (store) => {
        const orgId = await cli.pickOrganization(store, options.org);
        const items = await listApprovals(store.db, orgId, { status });
        if (options.json === true) {
          console.log(json(items));
          return;
        }
        for (const a of items) {
          const r = a.request;
          const what =
            r.kind === "limit"
              ? `limit ${formatMinor(r.limitMinor, a.currency)}`
              : `temporary +${formatMinor(r.amountMinor, a.currency)} through ${r.expiresOn}`;
          console.log(
            `${a.approvalId}  ${a.status.padEnd(8)}  ${a.customerCode} ${a.customerName}: ${what} (now ${formatMinor(a.currentLimitMinor, a.currency)}); ${a.grounds.join(", ")}; asked by ${a.requestedBy}: ${a.reason}`,
          );
        }
        if (items.length === 0) console.log("Nothing waiting.");
      });
    });

  credit
    .command("decide <approvalId>")
    .description(
      "Approve or reject a credit request as a member with credit.approve who is not the requester.\n" +
        "Example: credence credit decide 0193… --approve --as owner@example.com",
    )
    .requiredOption("--as <email>", "the member deciding (credit_manager or owner)")
    .option("--approve", "approve the request")
    .option("--reject", "reject the request")
    .option("--reason <text>", "why (required to reject)")
    .option("--org <orgId>", "organization (needed when there are several)")
    .action(
      async (
        approvalId: string,
        options: { as: string; approve?: boolean; reject?: boolean; reason?: string; org?: string },
      ) => {
        if ((options.approve === true) === (options.reject === true))
          cli.fail("give exactly one of --approve or --reject");
        await cli.withStore(async (store) => {
          const orgId = await cli.pickOrganization(store, options.org);
          const user = await findUserByEmail(store.db, options.as.trim().toLowerCase());
          const role =
            user === undefined ? undefined : await getMembershipRole(store.db, orgId, user.user_id);
          if (user === undefined || role === undefined)
            cli.fail(`${options.as} is not a member of this organization`);
          if (!roleAllows(role, "credit.approve"))
            cli.fail(`${options.as} is ${role}: deciding needs credit_manager or owner`);
          const approval = await runCommand(store, (tx) =>
            decideApproval(tx, { userId: user.user_id, label: user.email }, orgId, approvalId.toLowerCase(), {
              decision: options.approve === true ? "approve" : "reject",
              reason: options.reason,
            }),
          );
          console.log(`${approval.approvalId}: ${approval.status} by ${approval.decidedBy}`);
        });
      },
    );
}
