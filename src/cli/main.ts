import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Writable } from "node:stream";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { buildApp } from "../api/app.ts";
import { isAppError } from "../core/errors.ts";
import { isUuid } from "../core/ids.ts";
import { isRole, roles } from "../domain/access/index.ts";
import { isPeriod, periodBounds } from "../domain/ledger/index.ts";
import { readCustomerSheet } from "../io/customer-sheet.ts";
import type { ExportLanguage } from "../io/ledger-export.ts";
import { readStatementTable } from "../io/statement-sheet.ts";
import { startScheduler } from "../jobs/scheduler.ts";
import { verifyAuditChain } from "../services/audit.ts";
import { runCommand, systemActor } from "../services/command.ts";
import { customerExport, customerFileFormats } from "../services/customer-export.ts";
import { importCustomers, importRefused } from "../services/customer-import.ts";
import { createDemo, demoOwnerEmail, demoPassword, demoSeedDefault } from "../services/demo.ts";
import { identityCipher } from "../services/identity-cipher.ts";
import {
  type ExportFile,
  journalExport,
  journalExportFormats,
  trialBalanceExport,
  trialBalanceExportFormats,
  verifyLedger,
} from "../services/ledger/index.ts";
import { getOrganization, listOrganizationIds } from "../services/organizations.ts";
import { addMember } from "../services/people.ts";
import { nothingImported } from "../services/sheet-import.ts";
import { importStatements } from "../services/statement-import.ts";
import { openStore, type Store } from "../store/database.ts";
import { isEmpty, migrateToLatest } from "../store/migrations.ts";
import { type Config, deliverySettingsOf, loadConfig } from "./config.ts";
import { registerCreditCommands } from "./credit-commands.ts";
import { registerEodCommand } from "./eod-commands.ts";
import { registerPlanCommands } from "./plan-commands.ts";
import {
  registerBankStatementImport,
  registerReceivablesImportCommands,
} from "./receivables-import-commands.ts";
import { registerReportCommand } from "./report-commands.ts";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** A user error: printed to stderr without a stack trace, exit code 1. */
class CliError extends Error {}

function integerOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError("not an integer");
  return n;
}

async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.databaseUrl);
  try {
    await migrateToLatest(store);
    return await work(store);
  } finally {
    await store.close();
  }
}

/** A progress bar on a terminal; silent when piped or under --json. */
function progress(enabled: boolean, label: string) {
  if (!enabled || !process.stderr.isTTY) return { update: (_d: number, _t: number) => {}, stop: () => {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total}`,
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function buildProgram(): Command {
  const program = new Command()
    .name("credence")
    .description(
      "Credence: credit-term customers, installment plans, receivables and collections.\n" +
        "DATABASE_URL picks the database: sqlite:PATH (default sqlite:./data/credence.db) or postgres://…",
    )
    .version(packageJson.version)
    // Options after a command name are that command's: `report trial-balance --format csv` and
    // `report aging --format csv` each see their own --format.
    .enablePositionalOptions()
    .showHelpAfterError();

  program
    .command("serve")
    .description("Serve the web app and HTTP API (migrates the database first)")
    .option("-p, --port <port>", "port to listen on (default: $PORT or 3000)", integerOption)
    .option("--host <host>", "address to bind (default: $HOST or 0.0.0.0)")
    .option("--demo-if-empty", "create the demo organization when the database holds none")
    .action(async (options: { port?: number; host?: string; demoIfEmpty?: boolean }) => {
      const config = loadConfig();
      const store = await openStore(config.databaseUrl);
      await migrateToLatest(store);
      let demoCreated = false;
      if (options.demoIfEmpty === true && (await isEmpty(store))) {
        const bar = progress(true, "Creating demo");
        await createDemo(store, { onStep: bar.update });
        bar.stop();
        demoCreated = true;
      }
      const { app } = await buildApp({
        store,
        secret: config.secret,
        delivery: deliverySettingsOf(config),
        logger: {
          level: process.env.LOG_LEVEL ?? "info",
          redact: ["req.headers.authorization", "req.headers.cookie", "res.headers['set-cookie']"],
        },
      });
      const port = options.port ?? config.port;
      await app.listen({ port, host: options.host ?? config.host });
      const stopScheduler = startScheduler(
        store,
        { info: (message) => app.log.info(message), error: (message) => app.log.error(message) },
        {
          eodTime: config.eodTime,
          delivery: deliverySettingsOf(config),
        },
      );
      const shown = `http://localhost:${port}`;
      console.log(`\nCredence is running at ${shown}  (database: ${store.location})`);
      console.log(`API docs: ${shown}/api/docs`);
      if (demoCreated || options.demoIfEmpty === true) {
        console.log(
          `Demo login: ${demoOwnerEmail} / ${demoPassword}  (other roles: credit@, collector@, accountant@, auditor@demo.credence.test)`,
        );
      }
      const shutdown = async () => {
        await stopScheduler();
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    });

  program
    .command("migrate")
    .description("Bring the database schema up to date")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      const store = await openStore(config.databaseUrl);
      try {
        const report = await migrateToLatest(store);
        if (options.json === true)
          console.log(JSON.stringify({ applied: report.applied, database: store.location }));
        else if (report.applied.length === 0) console.log(`Up to date (${store.location}).`);
        else console.log(`Applied ${report.applied.join(", ")} to ${store.location}.`);
      } finally {
        await store.close();
      }
    });

  program
    .command("demo")
    .description("Create the demo organizations, one user per role, and sample customers (fixed seed)")
    .option("--seed <n>", "seed for the sample data", integerOption, demoSeedDefault)
    .option("--json", "machine-readable output")
    .action(async (options: { seed: number; json?: boolean }) => {
      await withStore(loadConfig(), async (store) => {
        const bar = progress(options.json !== true, "Creating demo");
        const result = await createDemo(store, { seed: options.seed, onStep: bar.update });
        bar.stop();
        if (options.json === true) console.log(JSON.stringify(result));
        else if (!result.created)
          console.log(`The demo already exists. Log in as ${result.ownerEmail} / ${result.password}.`);
        else
          console.log(
            `Demo created: ${result.orgIds.length} organizations. Log in as ${result.ownerEmail} / ${result.password}.`,
          );
      });
    });

  const user = program.command("user").description("Manage users");
  user
    .command("add")
    .description("Add a user to an organization (creates the user when the email is new)")
    .requiredOption("--email <email>", "the user's email (their login)")
    .requiredOption("--org <orgId>", "organization id")
    .requiredOption("--role <role>", `one of: ${roles.join(", ")}`)
    .option("--name <name>", "display name (required for a new user)")
    .option("--password-stdin", "read the initial password from stdin instead of generating one")
    .option("--json", "machine-readable output")
    .action(
      async (options: {
        email: string;
        org: string;
        role: string;
        name?: string;
        passwordStdin?: boolean;
        json?: boolean;
      }) => {
        if (!isRole(options.role)) throw new CliError(`--role must be one of: ${roles.join(", ")}`);
        if (!isUuid(options.org))
          throw new CliError(`--org must be an organization id (a UUID), got "${options.org}"`);
        const role = options.role;
        const orgId = options.org.toLowerCase();
        const password =
          options.passwordStdin === true
            ? readFileSync(0, "utf8").trim()
            : (await import("node:crypto")).randomBytes(12).toString("base64url");
        await withStore(loadConfig(), async (store) => {
          await getOrganization(store.db, orgId);
          const member = await runCommand(store, (tx) =>
            addMember(tx, { ...systemActor, label: "cli" }, orgId, {
              email: options.email,
              role,
              password,
              ...(options.name === undefined ? {} : { displayName: options.name }),
            }),
          );
          if (options.json === true)
            console.log(JSON.stringify({ ...member, ...(options.passwordStdin ? {} : { password }) }));
          else {
            console.log(`Added ${member.email} as ${member.role}.`);
            if (options.passwordStdin !== true) console.log(`Initial password (shown once): ${password}`);
          }
        });
      },
    );

  /** The organization a report is about: --org, or the only one there is. */
  async function pickOrganization(store: Store, org: string | undefined): Promise<string> {
    if (org !== undefined) {
      if (!isUuid(org)) throw new CliError(`--org must be an organization id (a UUID), got "${org}"`);
      await getOrganization(store.db, org.toLowerCase());
      return org.toLowerCase();
    }
    const ids = await listOrganizationIds(store.db);
    if (ids.length === 1 && ids[0] !== undefined) return ids[0];
    throw new CliError(
      ids.length === 0
        ? "there is no organization yet"
        : `there are ${ids.length} organizations; choose one with --org ID`,
    );
  }

  async function writeFileOrStdout(file: ExportFile, output: string | undefined): Promise<void> {
    if (output === undefined && file.contentType.includes("spreadsheetml") && process.stdout.isTTY) {
      throw new CliError(`${file.filename} is binary; write it with --output FILE or redirect stdout`);
    }
    const target = output === undefined ? process.stdout : createWriteStream(output);
    const finished = output === undefined ? Promise.resolve() : once(target, "finish");
    await file.write(target as Writable);
    await finished;
    if (output !== undefined) console.error(`Wrote ${output}`);
  }

  const dateOption = (value: string): string => {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) throw new InvalidArgumentError("a date YYYY-MM-DD");
    return value;
  };
  const periodOption = (value: string): string => {
    if (!isPeriod(value)) throw new InvalidArgumentError("a period YYYY-MM");
    return value;
  };
  const languageOption = (value: string): ExportLanguage => {
    if (value !== "zh-CN" && value !== "en") throw new InvalidArgumentError("zh-CN or en");
    return value;
  };

  const exportCommand = program.command("export").description("Write data out in files other programs read");
  exportCommand
    .command("journal")
    .description(
      "The journal (序时账). Formats: hledger (an hledger journal), csv, xlsx, voucher-xlsx and voucher-csv\n" +
        "(凭证导入 layout for 金蝶/用友; see docs/ledger-exports.md). Writes to stdout unless --output.\n" +
        "Example: credence export journal --format hledger --period 2026-11 > 2026-11.journal",
    )
    .requiredOption("--format <format>", journalExportFormats.join(" | "))
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--period <YYYY-MM>", "one month", periodOption)
    .option("--from <date>", "first day", dateOption)
    .option("--to <date>", "last day", dateOption)
    .option(
      "--language <lang>",
      "account names and headers: zh-CN or en",
      languageOption,
      "zh-CN" as ExportLanguage,
    )
    .option("-o, --output <file>", "write to this file instead of stdout")
    .action(
      async (options: {
        format: string;
        org?: string;
        period?: string;
        from?: string;
        to?: string;
        language: ExportLanguage;
        output?: string;
      }) => {
        const format = journalExportFormats.find((f) => f === options.format);
        if (format === undefined)
          throw new CliError(`--format must be one of: ${journalExportFormats.join(", ")}`);
        await withStore(loadConfig(), async (store) => {
          const orgId = await pickOrganization(store, options.org);
          const file = await journalExport(store.db, orgId, {
            format,
            language: options.language,
            filter: {
              ...(options.period === undefined ? {} : { period: options.period }),
              ...(options.from === undefined ? {} : { from: options.from }),
              ...(options.to === undefined ? {} : { to: options.to }),
            },
          });
          await writeFileOrStdout(file, options.output);
        });
      },
    );

  exportCommand
    .command("customers")
    .summary("The customer list as CSV or XLSX, in the columns the import reads")
    .description(
      // Paragraphs without line breaks of their own: commander wraps them to the terminal.
      [
        "The customer list as CSV (UTF-8 with BOM) or XLSX, in the columns that `credence import customers` reads " +
          "(客户编码, 客户名称, 类型, 统一社会信用代码, 身份证号, 行业, 标签, 负责人邮箱, 备注), so that it can be edited " +
          "and imported again, into this organization or another.",
        "ID numbers appear masked only (110*************2X), and a masked ID number imports as none. Cells that " +
          "would start a formula in Excel get a leading apostrophe. Writes to stdout unless --output.",
        "Example: credence export customers --format xlsx --output customers.xlsx",
      ].join("\n\n"),
    )
    .option("--format <format>", customerFileFormats.join(" | "), "csv")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option(
      "--language <lang>",
      "headers and 公司/个人 labels: zh-CN or en",
      languageOption,
      "zh-CN" as ExportLanguage,
    )
    .option("-o, --output <file>", "write to this file instead of stdout")
    .action(async (options: { format: string; org?: string; language: ExportLanguage; output?: string }) => {
      const format = customerFileFormats.find((f) => f === options.format);
      if (format === undefined)
        throw new CliError(`--format must be one of: ${customerFileFormats.join(", ")}`);
      await withStore(loadConfig(), async (store) => {
        const orgId = await pickOrganization(store, options.org);
        await writeFileOrStdout(
          await customerExport(store.db, orgId, { format, language: options.language }),
          options.output,
        );
      });
    });

  /** The sheet format of an import file, from its name. */
  const sheetFormatOf = (file: string): "csv" | "xlsx" => {
    const extension = extname(file).toLowerCase();
    if (extension === ".csv") return "csv";
    if (extension === ".xlsx") return "xlsx";
    if (extension === ".xls")
      throw new CliError(`${file} is an Excel 97–2003 workbook: save it as .xlsx first`);
    throw new CliError(`${file}: the file name must end in .csv or .xlsx`);
  };

  const importCommand = program.command("import").description("Read data in from CSV or XLSX files");
  importCommand
    .command("customers")
    .summary("Create customers from a CSV or XLSX file, checked row by row")
    .description(
      [
        "Create customers from a CSV file (UTF-8, or GBK/GB18030 as Excel on Chinese Windows saves it) or the " +
          "first sheet of an XLSX workbook.",
        "The first row names the columns, in Chinese or English: 客户编码/code and 客户名称/name are required; " +
          "类型/kind (公司/个人, company/individual), 统一社会信用代码/creditCode, 身份证号/idNumber, 行业/industry, " +
          "标签/tags (separated by ;), 负责人邮箱/ownerEmail and 备注/notes are optional. " +
          "`credence export customers` writes exactly these columns.",
        "Every row is checked: required fields, check characters of credit codes and ID numbers, codes, credit " +
          "codes and ID numbers that repeat in the file or already exist, owners who are not members. The report " +
          "lists each invalid row with its column.",
        "While any row is invalid nothing is imported and the exit code is 1. --valid-only imports the valid rows " +
          "and lists the others; --dry-run only checks (and exits as the import would).",
        "Example: credence import customers customers.xlsx --dry-run",
      ].join("\n\n"),
    )
    .argument("<file>", "a .csv or .xlsx file")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--valid-only", "import the valid rows even when other rows are invalid")
    .option("--dry-run", "check every row, write nothing")
    .option("--json", "print the whole row-by-row report as JSON")
    .action(
      async (
        file: string,
        options: { org?: string; validOnly?: boolean; dryRun?: boolean; json?: boolean },
      ) => {
        const format = sheetFormatOf(file);
        const config = loadConfig();
        const sheet = await readCustomerSheet(format, readFileSync(file));
        await withStore(config, async (store) => {
          const orgId = await pickOrganization(store, options.org);
          const report = await runCommand(store, (tx) =>
            importCustomers(
              tx,
              { ...systemActor, label: "cli" },
              orgId,
              sheet,
              {
                mode: options.validOnly === true ? "valid-only" : "all-or-nothing",
                dryRun: options.dryRun === true,
              },
              identityCipher(config.secret),
            ),
          );
          if (options.json === true) console.log(JSON.stringify(report, null, 2));
          else {
            const counts = `${report.total} rows: ${report.valid} valid, ${report.invalid} invalid`;
            if (report.dryRun) console.log(`Dry run, nothing written. ${counts}.`);
            else if (importRefused(report))
              console.log(
                `Nothing imported: ${counts}. Fix the invalid rows, or run again with --valid-only to import the ${report.valid} valid rows.`,
              );
            else console.log(`Imported ${report.imported} customers. ${counts}.`);
            for (const row of report.rows) {
              for (const issue of row.issues) {
                console.log(
                  `  row ${row.row}${row.code === "" ? "" : ` (${row.code})`}  ${issue.path}: ${issue.message} [${issue.code}]`,
                );
              }
            }
          }
          // A dry run exits as the import itself would: 1 when rows are invalid and none would go in.
          if (nothingImported(report)) process.exitCode = 1;
        });
      },
    );

  importCommand
    .command("statements")
    .summary("Record a customer's financial statements from an XLSX or CSV file")
    .description(
      [
        "Record one customer's financial statements from the first sheet of an XLSX workbook or a CSV file.",
        "One row per item, its name in the first column: 货币资金, 应收账款, 存货, 流动资产合计, 资产总计, " +
          "流动负债合计, 负债合计, 未分配利润, 所有者权益合计, 营业收入, 营业利润, 利息费用, 净利润, " +
          "经营活动产生的现金流量净额 (or the English names). One column per period, headed by its end date " +
          "(2025-12-31). An optional 月数 row gives the months the income statement covers (default 12); an " +
          "optional unit (单位：元, 千元 or 万元) above the figures scales them. Other rows are skipped with a warning.",
        "Any error refuses the whole file and names its cell (C7); a period that is already recorded needs " +
          "--replace. The layout with an example column: GET /api/v1/orgs/{orgId}/customers/statements-template.",
        "Example: credence import statements 2025.xlsx --customer C001",
      ].join("\n\n"),
    )
    .argument("<file>", "a .xlsx or .csv file")
    .requiredOption("--customer <code>", "the customer's code (客户编码)")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--replace", "replace periods that are already recorded (the audit log keeps the old figures)")
    .option("--json", "machine-readable output")
    .action(
      async (
        file: string,
        options: { customer: string; org?: string; replace?: boolean; json?: boolean },
      ) => {
        const table = await readStatementTable(sheetFormatOf(file), readFileSync(file));
        await withStore(loadConfig(), async (store) => {
          const orgId = await pickOrganization(store, options.org);
          const customer = await store.db
            .selectFrom("customers")
            .select("customer_id")
            .where("org_id", "=", orgId)
            .where("code", "=", options.customer)
            .executeTakeFirst();
          if (customer === undefined) throw new CliError(`no customer has the code "${options.customer}"`);
          const result = await runCommand(store, (tx) =>
            importStatements(tx, { ...systemActor, label: "cli" }, orgId, customer.customer_id, table, {
              replace: options.replace === true,
            }),
          );
          if (options.json === true) {
            console.log(
              JSON.stringify(
                {
                  statements: result.statements.map((s) => ({
                    statementId: s.statementId,
                    periodEnd: s.periodEnd,
                    months: s.months,
                  })),
                  warnings: result.warnings,
                },
                null,
                2,
              ),
            );
            return;
          }
          console.log(
            `Recorded the statements of ${options.customer} for ${result.statements.map((s) => s.periodEnd).join(", ")}.`,
          );
          for (const warning of result.warnings) console.log(`  warning ${warning.path}: ${warning.message}`);
        });
      },
    );

  const importContext = {
    withStore: <T>(work: (store: Store) => Promise<T>) => withStore(loadConfig(), work),
    pickOrganization,
    sheetFormatOf,
    fail: (message: string): never => {
      throw new CliError(message);
    },
  };
  registerReceivablesImportCommands(importCommand, importContext);
  registerBankStatementImport(importCommand, importContext);
  registerEodCommand(program, importContext);

  const report = program.command("report").enablePositionalOptions();
  registerReportCommand(report, importContext);
  report
    .command("trial-balance")
    .description(
      "Trial balance (科目余额表): opening, debits, credits and closing per account. Give --as-of DATE\n" +
        "(everything up to that day), --period YYYY-MM, or --from and --to.\n" +
        "Example: credence report trial-balance --as-of 2026-11-30 --format csv",
    )
    .option("--format <format>", trialBalanceExportFormats.join(" | "), "json")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--as-of <date>", "balances at the end of this day", dateOption)
    .option("--period <YYYY-MM>", "one month", periodOption)
    .option("--from <date>", "first day", dateOption)
    .option("--to <date>", "last day", dateOption)
    .option(
      "--language <lang>",
      "account names and headers: zh-CN or en",
      languageOption,
      "zh-CN" as ExportLanguage,
    )
    .option("-o, --output <file>", "write to this file instead of stdout")
    .action(
      async (options: {
        format: string;
        org?: string;
        asOf?: string;
        period?: string;
        from?: string;
        to?: string;
        language: ExportLanguage;
        output?: string;
      }) => {
        const format = trialBalanceExportFormats.find((f) => f === options.format);
        if (format === undefined)
          throw new CliError(`--format must be one of: ${trialBalanceExportFormats.join(", ")}`);
        let range: { from: string | null; to: string };
        if (options.period !== undefined) range = periodBounds(options.period);
        else if (options.from !== undefined && options.to !== undefined)
          range = { from: options.from, to: options.to };
        else if (options.asOf !== undefined) range = { from: null, to: options.asOf };
        else throw new CliError("give --as-of DATE, --period YYYY-MM, or --from and --to");
        await withStore(loadConfig(), async (store) => {
          const orgId = await pickOrganization(store, options.org);
          await writeFileOrStdout(
            await trialBalanceExport(store.db, orgId, { format, language: options.language, range }),
            options.output,
          );
        });
      },
    );

  registerPlanCommands(program, (message) => {
    throw new CliError(message);
  });

  registerCreditCommands(program, {
    withStore: (work) => withStore(loadConfig(), work),
    pickOrganization,
    fail: (message) => {
      throw new CliError(message);
    },
  });

  program
    .command("verify")
    .description(
      "Check invariants of every organization: each voucher balances and has all its lines, the trial\n" +
        "balance nets to zero, each receivables control account equals its customers' balances, and the\n" +
        "audit hash chain is intact. Exit code 2 when anything is broken.",
    )
    .option("--org <orgId>", "check one organization only")
    .option("--json", "machine-readable output")
    .action(async (options: { org?: string; json?: boolean }) => {
      await withStore(loadConfig(), async (store) => {
        const orgIds =
          options.org === undefined ? await listOrganizationIds(store.db) : [options.org.toLowerCase()];
        const bar = progress(options.json !== true, "Verifying");
        const audits = [];
        const ledgers = [];
        for (const [index, orgId] of orgIds.entries()) {
          audits.push(await verifyAuditChain(store.db, orgId));
          ledgers.push(await verifyLedger(store.db, orgId));
          bar.update(index + 1, orgIds.length);
        }
        bar.stop();
        const ok = audits.every((r) => r.ok) && ledgers.every((r) => r.ok);
        if (options.json === true) {
          console.log(
            JSON.stringify(
              {
                ok,
                audit: audits.map((r) => ({
                  ...r,
                  firstBroken:
                    r.firstBroken === null ? null : { ...r.firstBroken, seq: Number(r.firstBroken.seq) },
                })),
                ledger: ledgers,
              },
              (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
            ),
          );
        } else {
          for (const [index, r] of audits.entries()) {
            console.log(
              r.ok
                ? `ok      audit chain of ${r.orgId}: ${r.checked} records`
                : `BROKEN  audit chain of ${r.orgId}: record ${r.firstBroken?.seq} (${r.firstBroken?.reason}) after ${r.checked} good records`,
            );
            const ledger = ledgers[index];
            if (ledger === undefined) continue;
            if (ledger.ok) {
              console.log(
                `ok      ledger of ${ledger.orgId}: ${ledger.vouchers} vouchers, ${ledger.lines} lines balance`,
              );
              continue;
            }
            for (const v of ledger.unbalancedVouchers)
              console.log(
                `BROKEN  ledger of ${ledger.orgId}: voucher ${v.voucherId} is off by ${v.differenceMinor} minor units of ${v.currency}`,
              );
            for (const id of ledger.lineCountMismatches)
              console.log(`BROKEN  ledger of ${ledger.orgId}: voucher ${id} lacks lines or has extra ones`);
            for (const t of ledger.trialBalanceImbalance)
              console.log(
                `BROKEN  ledger of ${ledger.orgId}: trial balance off by ${t.differenceMinor} minor units of ${t.currency}`,
              );
            for (const c of ledger.controlMismatches)
              console.log(
                `BROKEN  ledger of ${ledger.orgId}: control account ${c.accountCode} differs from its customers by ${c.differenceMinor} (${c.currency})`,
              );
          }
          if (audits.length === 0) console.log("No organizations yet.");
        }
        if (!ok) process.exitCode = 2;
      });
    });

  return program;
}

export async function main(argv: ReadonlyArray<string>): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CliError) console.error(`credence: ${error.message}`);
    else if (isAppError(error)) {
      const issues = error.issues.map((i) => `\n  ${i.path}: ${i.message}`).join("");
      console.error(
        `credence: ${error.code}${error.message !== error.code ? `: ${error.message}` : ""}${issues}`,
      );
    } else if (error instanceof Error) console.error(`credence: ${error.message}`);
    else console.error("credence: failed", error);
    process.exitCode = 1;
  }
}
