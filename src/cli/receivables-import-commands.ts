import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { formatMinor } from "../core/money.ts";
import { chineseBankCsvPreset, detectStatementFormat } from "../io/bank-statements/index.ts";
import { amountsOut } from "../io/plan-json.ts";
import {
  invoiceImportLinesMax,
  paymentImportRowsMax,
  type ReceivablesSheetFormat,
  readInvoiceSheet,
  readPaymentSheet,
} from "../io/receivables-sheet.ts";
import { type Actor, runCommand } from "../services/command.ts";
import { getOrganization } from "../services/organizations.ts";
import { importBankStatement } from "../services/receivables/bank.ts";
import { importInvoices, importPayments } from "../services/receivables-import.ts";
import {
  importRefused,
  nothingImported,
  type SheetImportOptions,
  type SheetImportSummary,
} from "../services/sheet-import.ts";
import type { CliContext } from "./credit-commands.ts";

/** What the import commands borrow from the program: the credit commands' context and the file format by name. */
export interface ImportCliContext extends CliContext {
  sheetFormatOf(file: string): ReceivablesSheetFormat;
}

const cliActor: Actor = { userId: null, label: "cli" };

interface ImportFlags {
  readonly org?: string;
  readonly validOnly?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
}

const modeOf = (options: ImportFlags): SheetImportOptions => ({
  mode: options.validOnly === true ? "valid-only" : "all-or-nothing",
  dryRun: options.dryRun === true,
});

/** The first line of the human report: what happened to the file as a whole. */
function headline(report: SheetImportSummary, done: string, importable: string): string {
  const counts = `${report.total} rows: ${report.valid} valid, ${report.invalid} invalid`;
  if (report.dryRun) return `Dry run, nothing written. ${counts}.`;
  if (importRefused(report))
    return `Nothing imported: ${counts}. Fix the invalid rows, or run again with --valid-only to import ${importable}.`;
  return `${done} ${counts}.`;
}

function printRowIssues(
  rows: ReadonlyArray<{
    row: number;
    label: string;
    issues: ReadonlyArray<{ path: string; code: string; message: string }>;
  }>,
): void {
  for (const row of rows) {
    for (const issue of row.issues) {
      console.log(
        `  row ${row.row}${row.label === "" ? "" : ` (${row.label})`}  ${issue.path}: ${issue.message} [${issue.code}]`,
      );
    }
  }
}

const common = (command: Command) =>
  command
    .argument("<file>", "a .csv or .xlsx file")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--valid-only", "import what is valid even when other rows are invalid or refused")
    .option("--dry-run", "check and try every row, write nothing")
    .option("--json", "print the whole row-by-row report as JSON");

export function registerReceivablesImportCommands(importCommand: Command, cli: ImportCliContext): void {
  common(
    importCommand
      .command("invoices")
      .summary("Create and issue invoices from a CSV or XLSX file, checked row by row")
      .description(
        [
          "Create invoices from a CSV file (UTF-8, or GBK/GB18030 as Excel on Chinese Windows saves it) or the " +
            "first sheet of an XLSX workbook, and issue each one: credit check, the next INV- number, the voucher " +
            "(借 应收账款 / 贷 主营业务收入, 应交税费—销项税额) and the open items of its terms.",
          "One row per invoice line; rows with the same 单据号/reference are the lines of one invoice and must agree " +
            "on its customer, dates, terms, 含税 and 发票号码. The first row names the columns, in Chinese or English: " +
            "单据号/reference, 客户编码/customerCode, 开票日期/documentDate, 商品或服务/description, 单价/unitPrice and " +
            "税率/vatRate are required; 付款条件/termsCode (empty: the customer's credit terms), 含税/taxInclusive " +
            "(是/否, default 否), 数量/quantity (default 1), 发票号码/taxInvoiceNumber, 发票日期/taxInvoiceDate and " +
            "备注/note are optional. Dates are YYYY-MM-DD (2026/11/5 and Excel dates work too); VAT rates 13%, 9%, " +
            "6%, 5%, 3%, 1% or 0% (13, 13% and 0.13 are the same). " +
            `At most ${invoiceImportLinesMax} rows per file.`,
          "Every row is checked before anything is written: unknown customers or terms, dates after today, bad " +
            "rates, rows of one invoice that disagree. An invoice the credit check blocks is reported with the " +
            "reasons. While any row is invalid or refused nothing is imported and the exit code is 1; " +
            "--valid-only imports the invoices whose rows are all valid and lists the others; --dry-run checks and " +
            "tries everything, then writes nothing; --draft creates drafts to review instead of issuing them.",
          "The layout with example rows: GET /api/v1/orgs/{orgId}/invoices/import-template?format=xlsx",
          "Example: credence import invoices 2026-11-sales.xlsx --dry-run",
        ].join("\n\n"),
      ),
  )
    .option("--draft", "create drafts (no number, no voucher, no credit check) instead of issuing")
    .action(async (file: string, options: ImportFlags & { draft?: boolean }) => {
      const sheet = await readInvoiceSheet(cli.sheetFormatOf(file), readFileSync(file));
      await cli.withStore(async (store) => {
        const orgId = await cli.pickOrganization(store, options.org);
        const draft = options.draft === true;
        const report = await runCommand(store, (tx) =>
          importInvoices(tx, cliActor, orgId, sheet, { ...modeOf(options), draft }),
        );
        if (options.json === true) console.log(JSON.stringify(amountsOut(report, report.currency), null, 2));
        else {
          const importable = report.invoices.filter((invoice) => invoice.status !== "invalid");
          console.log(
            headline(
              report,
              `Imported ${report.imported} invoices${draft ? " as drafts" : ""}.`,
              `the ${importable.length} invoices whose rows are all valid`,
            ),
          );
          for (const invoice of report.invoices) {
            if (invoice.status === "invalid") continue;
            const gross =
              invoice.grossMinor === null ? "" : `  ${formatMinor(invoice.grossMinor, report.currency)}`;
            const number = invoice.number ?? (invoice.status === "imported" ? "draft" : invoice.status);
            console.log(
              `  ${invoice.reference} → ${number}  ${invoice.customerCode}${gross} ${report.currency}`,
            );
          }
          printRowIssues(report.rows.map((row) => ({ ...row, label: row.reference })));
        }
        if (nothingImported(report)) process.exitCode = 1;
      });
    });

  common(
    importCommand
      .command("payments")
      .summary("Record payments received from a CSV or XLSX file and apply them, checked row by row")
      .description(
        [
          "Record payments received (回款) from a CSV file (UTF-8 or GBK/GB18030) or the first sheet of an XLSX " +
            "workbook, one payment per row, and apply each to the payer's open items: 借 银行存款 / 贷 预收账款, " +
            "then 借 预收账款 / 贷 应收账款 for what it settles.",
          "The first row names the columns, in Chinese or English: 客户编码/customerCode (the payer), " +
            "收款日期/receivedDate and 金额/amount (above 0, 12,345.60 works) are required; 收款方式/method " +
            "(银行转账 default, 支票, 现金, 银行承兑汇票, 线上), 付款人/payerName, 摘要/reference, 备注/note, " +
            "核销/allocation (先到期先核销 default, 按比例, 不核销) and 核销单据/invoiceNumbers are optional. " +
            "核销单据 names the documents to settle, in order, separated by ; or ，: INV-000012 is the whole invoice, " +
            "INV-000012/2 its second portion. Cash discounts in their window are taken and a shortfall within the " +
            `tolerance is written off, as in the app. At most ${paymentImportRowsMax} rows per file.`,
          "Every row is checked before anything is written: unknown customers, dates after today, amounts, " +
            "documents that are unknown, settled or another customer's. While any row is invalid or refused " +
            "nothing is imported and the exit code is 1; --valid-only records the valid rows and lists the " +
            "others; --dry-run checks and tries everything (showing what each payment would settle), then writes " +
            "nothing.",
          "The layout with example rows: GET /api/v1/orgs/{orgId}/payments/import-template?format=xlsx",
          "Example: credence import payments bank-2026-11.csv --valid-only",
        ].join("\n\n"),
      ),
  ).action(async (file: string, options: ImportFlags) => {
    const sheet = await readPaymentSheet(cli.sheetFormatOf(file), readFileSync(file));
    await cli.withStore(async (store) => {
      const orgId = await cli.pickOrganization(store, options.org);
      const report = await runCommand(store, (tx) =>
        importPayments(tx, cliActor, orgId, sheet, modeOf(options)),
      );
      if (options.json === true) console.log(JSON.stringify(amountsOut(report, report.currency), null, 2));
      else {
        console.log(
          headline(report, `Imported ${report.imported} payments.`, `the ${report.valid} valid rows`),
        );
        const money = (minor: bigint | null) => (minor === null ? "" : formatMinor(minor, report.currency));
        for (const row of report.rows) {
          if (row.status === "invalid") continue;
          const applied =
            row.appliedTo.length === 0
              ? ""
              : ` to ${row.appliedTo.slice(0, 5).join(", ")}${row.appliedTo.length > 5 ? " …" : ""}`;
          console.log(
            `  row ${row.row} → ${row.number ?? row.status}  ${row.customerCode}  ${money(row.amountMinor)} ${report.currency}, applied ${money(row.appliedMinor)}${applied}, unapplied ${money(row.unappliedMinor)}`,
          );
        }
        printRowIssues(report.rows.map((row) => ({ ...row, label: row.customerCode })));
      }
      if (nothingImported(report)) process.exitCode = 1;
    });
  });
}

/** `credence import bank-statement FILE`: the bank statement importer and matcher from the command line. */
export function registerBankStatementImport(importCommand: Command, cli: CliContext): void {
  importCommand
    .command("bank-statement")
    .summary("Import a bank statement (camt.053, MT940 or CSV) and match its receipts")
    .description(
      [
        "Import a bank statement: ISO 20022 camt.053 (.xml), SWIFT MT940 (.sta, .txt, .mt940) or a bank's CSV " +
          "export. The format is recognized from the content; --format overrides it.",
        "A CSV export needs --account (the account it is of); its columns default to the common Chinese export " +
          "(交易日期, 贷方发生额, 借方发生额, 对方户名, 对方账号, 附言, 流水号).",
        "Incoming lines are matched to open items by document number, 发票号码, payer account and name, and " +
          "amount: sure matches become payments at once, the others wait in the review queue of the web app " +
          "(Payments → Bank). The same statement imported twice is refused (exit 1).",
        "Example: credence import bank-statement 2026-11.sta",
        "Example: credence import bank-statement export.csv --account 6222021001112223334",
      ].join("\n\n"),
    )
    .argument("<file>", "a camt.053, MT940 or CSV file")
    .option("--org <orgId>", "organization (needed when there are several)")
    .option("--format <format>", "camt.053, MT940 or csv")
    .option("--account <account>", "for CSV: the bank account the export is of")
    .option("--json", "print the summary as JSON")
    .action(
      async (file: string, options: { org?: string; format?: string; account?: string; json?: boolean }) => {
        const formats = ["camt.053", "MT940", "csv"] as const;
        const format = options.format as (typeof formats)[number] | undefined;
        if (format !== undefined && !formats.includes(format))
          cli.fail(`--format must be one of ${formats.join(", ")}`);
        const bytes = readFileSync(file);
        const detected = format ?? detectStatementFormat(bytes);
        if (detected === "csv" && (options.account === undefined || options.account.trim() === "")) {
          cli.fail("a CSV statement needs --account (the bank account the export is of)");
        }
        await cli.withStore(async (store) => {
          const orgId = await cli.pickOrganization(store, options.org);
          const summary = await runCommand(store, (tx) =>
            importBankStatement(tx, cliActor, orgId, {
              bytes,
              fileName: basename(file),
              format: detected,
              csvMapping:
                detected === "csv" ? { ...chineseBankCsvPreset, account: options.account ?? "" } : undefined,
            }),
          );
          if (options.json === true) {
            const { baseCurrency } = await getOrganization(store.db, orgId);
            console.log(JSON.stringify(amountsOut(summary, baseCurrency), null, 2));
            return;
          }
          console.log(
            `Imported ${summary.statements.length} statement(s), ${summary.lines} lines: ${summary.incoming} incoming, ` +
              `${summary.matchedAutomatically} matched automatically, ${summary.waitingForReview} waiting for review.`,
          );
          for (const statement of summary.statements) {
            for (const warning of statement.warnings) console.log(`  ${statement.account}: ${warning}`);
          }
        });
      },
    );
}
