import type { Writable } from "node:stream";
import { currencyScale } from "../../core/currency.ts";
import { formatMoney, money } from "../../core/money.ts";
import { csvType, endAfter, writeChunks, xlsxType } from "../../io/export-stream.ts";
import {
  type ExportLanguage,
  hledgerJournal,
  journalCsv,
  trialBalanceCsv,
  voucherImportCsv,
  writeJournalXlsx,
  writeTrialBalanceXlsx,
  writeVoucherImportXlsx,
} from "../../io/ledger-export.ts";
import type { Executor } from "../../store/database.ts";
import { getOrganization } from "../organizations.ts";
import { listAccounts } from "./chart.ts";
import { type JournalFilter, journalVouchers, type TrialBalance, trialBalance } from "./queries.ts";

export const journalExportFormats = ["hledger", "csv", "xlsx", "voucher-xlsx", "voucher-csv"] as const;
export type JournalExportFormat = (typeof journalExportFormats)[number];
export const trialBalanceExportFormats = ["json", "csv", "xlsx"] as const;
export type TrialBalanceExportFormat = (typeof trialBalanceExportFormats)[number];

/** A file about to be written: what to call it, what it is, and how to write it (the writer ends `output`). */
export interface ExportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly write: (output: Writable) => Promise<void>;
}

function rangeName(filter: JournalFilter): string {
  if (filter.period !== undefined) return filter.period;
  if (filter.from !== undefined || filter.to !== undefined)
    return `${filter.from ?? "start"}_${filter.to ?? "end"}`;
  return "all";
}

/** The journal as a file in one of the export formats (docs/ledger-exports.md), streamed page by page. */
export async function journalExport(
  db: Executor,
  orgId: string,
  input: {
    readonly format: JournalExportFormat;
    readonly filter: JournalFilter;
    readonly language: ExportLanguage;
  },
): Promise<ExportFile> {
  const organization = await getOrganization(db, orgId);
  const vouchers = () => journalVouchers(db, orgId, input.filter);
  const stem = `journal-${rangeName(input.filter)}`;
  switch (input.format) {
    case "hledger": {
      const accounts = await listAccounts(db, orgId);
      return {
        filename: `${stem}.journal`,
        contentType: "text/plain; charset=utf-8",
        write: (output) =>
          writeChunks(
            hledgerJournal({
              accounts,
              vouchers: vouchers(),
              currencyScale,
              currencies: [organization.baseCurrency],
              language: input.language,
            }),
            output,
          ),
      };
    }
    case "csv":
      return {
        filename: `${stem}.csv`,
        contentType: csvType,
        write: (output) =>
          writeChunks(journalCsv({ vouchers: vouchers(), currencyScale, language: input.language }), output),
      };
    case "xlsx":
      return {
        filename: `${stem}.xlsx`,
        contentType: xlsxType,
        write: (output) =>
          endAfter(
            writeJournalXlsx({ vouchers: vouchers(), currencyScale, language: input.language }, output),
            output,
          ),
      };
    case "voucher-xlsx":
      return {
        filename: `vouchers-${rangeName(input.filter)}.xlsx`,
        contentType: xlsxType,
        write: (output) =>
          endAfter(
            writeVoucherImportXlsx(
              { vouchers: vouchers(), currencyScale, baseCurrency: organization.baseCurrency },
              output,
            ),
            output,
          ),
      };
    case "voucher-csv":
      return {
        filename: `vouchers-${rangeName(input.filter)}.csv`,
        contentType: csvType,
        write: (output) =>
          writeChunks(
            voucherImportCsv({
              vouchers: vouchers(),
              currencyScale,
              baseCurrency: organization.baseCurrency,
            }),
            output,
          ),
      };
  }
}

interface BalanceColumns {
  readonly currency: string;
  readonly openingDebitMinor: bigint;
  readonly openingCreditMinor: bigint;
  readonly debitMinor: bigint;
  readonly creditMinor: bigint;
  readonly closingDebitMinor: bigint;
  readonly closingCreditMinor: bigint;
}

function balanceColumns(row: BalanceColumns) {
  const text = (minor: bigint) => formatMoney(money(minor, row.currency === "" ? "CNY" : row.currency));
  return {
    openingDebit: text(row.openingDebitMinor),
    openingCredit: text(row.openingCreditMinor),
    debit: text(row.debitMinor),
    credit: text(row.creditMinor),
    closingDebit: text(row.closingDebitMinor),
    closingCredit: text(row.closingCreditMinor),
  };
}

/** The trial balance with amounts as decimal strings: the API's answer and the JSON export. */
export function trialBalanceDocument(tb: TrialBalance) {
  return {
    from: tb.from,
    to: tb.to,
    rows: tb.rows.map((row) => ({
      code: row.code,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      type: row.type,
      normalBalance: row.normalBalance,
      parentCode: row.parentCode,
      level: row.level,
      isLeaf: row.isLeaf,
      currency: row.currency,
      ...balanceColumns(row),
    })),
    totals: tb.totals.map((t) => ({ currency: t.currency, ...balanceColumns(t) })),
    balanced: tb.totals.every(
      (t) =>
        t.openingDebitMinor === t.openingCreditMinor &&
        t.debitMinor === t.creditMinor &&
        t.closingDebitMinor === t.closingCreditMinor,
    ),
  };
}

/** 科目余额表 as a file; `json` carries amounts as decimal strings. */
export async function trialBalanceExport(
  db: Executor,
  orgId: string,
  input: {
    readonly format: TrialBalanceExportFormat;
    readonly range: { readonly from: string | null; readonly to: string };
    readonly language: ExportLanguage;
  },
): Promise<ExportFile> {
  const tb = await trialBalance(db, orgId, input.range);
  const stem = `trial-balance-${input.range.from === null ? "" : `${input.range.from}_`}${input.range.to}`;
  switch (input.format) {
    case "json":
      return {
        filename: `${stem}.json`,
        contentType: "application/json; charset=utf-8",
        write: async (output) => {
          output.end(`${JSON.stringify(trialBalanceDocument(tb), null, 2)}\n`);
        },
      };
    case "csv":
      return {
        filename: `${stem}.csv`,
        contentType: csvType,
        write: async (output) => {
          output.end(trialBalanceCsv(tb, input.language));
        },
      };
    case "xlsx":
      return {
        filename: `${stem}.xlsx`,
        contentType: xlsxType,
        write: (output) => endAfter(writeTrialBalanceXlsx(tb, input.language, output), output),
      };
  }
}
