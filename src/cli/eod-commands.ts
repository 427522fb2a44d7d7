import type { Command } from "commander";
import { isAppError } from "../core/errors.ts";
import { runEndOfDay } from "../services/collections/eod.ts";
import { listOrganizationIds } from "../services/organizations.ts";
import type { CliContext } from "./credit-commands.ts";

/**
 * `credence eod`: the end-of-day batch by hand — every due date of every organization (catching
 * up after downtime), or one organization and one date. Progress goes to stderr, one line per
 * batch; `--json` prints the runs on stdout.
 */
export function registerEodCommand(program: Command, cli: CliContext): void {
  program
    .command("eod")
    .description(
      "Run the end-of-day batch (日终批处理): bill installments that fall due, accrue penalty interest,\n" +
        "classify each customer's arrears and snapshot the aging. Without --date every date from the day\n" +
        "after the last completed run to today runs in order; a date already completed is not run again.\n" +
        "A run that was killed resumes where it stopped.",
    )
    .option("--org <orgId>", "one organization (default: all)")
    .option("--date <YYYY-MM-DD>", "run this business date only (not after today)")
    .option("--json", "machine-readable output")
    .action(async (options: { org?: string; date?: string; json?: boolean }) => {
      await cli.withStore(async (store) => {
        const orgIds =
          options.org === undefined
            ? await listOrganizationIds(store.db)
            : [await cli.pickOrganization(store, options.org)];
        const reports = [];
        for (const orgId of orgIds) {
          try {
            const report = await runEndOfDay(store, orgId, {
              ...(options.date === undefined ? {} : { date: options.date }),
              onProgress: (p) =>
                process.stderr.write(
                  `${orgId} ${p.businessDate} ${p.step}: ${p.count}${p.done ? " done" : ""}\n`,
                ),
            });
            reports.push({ orgId, ...report });
            if (options.json === true) continue;
            if (report.runs.length === 0) console.log(`${orgId}: nothing to run (today ${report.today})`);
            for (const run of report.runs) {
              const steps = run.steps.map((record) => `${record.step} ${record.count}`).join(", ");
              console.log(
                `${orgId} ${run.businessDate}: ${run.ranNow ? "completed" : "already completed"} (${steps})`,
              );
            }
          } catch (error) {
            if (isAppError(error) && error.code === "EOD_BUSY") cli.fail(`${orgId}: ${error.message}`);
            throw error;
          }
        }
        if (options.json === true) console.log(JSON.stringify({ organizations: reports }));
      });
    });
}
