import ExcelJS from "exceljs";
import { currencyScale } from "../core/currency.ts";
import { assert } from "../core/errors.ts";
import { formatMinor } from "../core/money.ts";
import type { StatementOfAccount } from "../domain/receivables/index.ts";
import { amountFormat, displayWidth } from "./ledger-export.ts";
import { neutralizeFormula } from "./spreadsheet-safety.ts";
import {
  agingBucketLabel,
  amountText,
  checkStatementDocument,
  type StatementLocale,
  statementLabels,
} from "./statement-pdf.ts";

/**
 * A statement of account (对账单) as an XLSX workbook, for finance teams who reconcile in Excel or
 * WPS: sheet 对账单 with the header, the balances and one row per line (numbers, not text, so they
 * sum), then 未清项 (open items) and 账龄 (aging). Labels are the PDF's (statement-pdf.ts). Every
 * text cell goes through `neutralizeFormula`: names and descriptions are typed by people.
 */

export interface StatementWorkbookOptions {
  readonly locale: StatementLocale;
}

/**
 * Largest amount, in minor units, written as a number cell. Excel stores numbers as IEEE 754
 * doubles and shows 15 significant digits. A decimal fraction such as 0.10 is never exact in
 * binary, so what matters is not 2^53 but the round trip: every decimal of at most 15 significant
 * digits (DBL_DIG) comes back from the nearest double unchanged, so every amount below 10^15
 * minor units (10 trillion 元 at two decimals) shows exactly at the currency's decimals and
 * reads back to the same minor units. No realistic statement comes near; a larger amount is
 * written as exact text, right-aligned, rather than as a number that states a different amount.
 */
export const xlsxNumberMinorMax = 10n ** 15n - 1n;

type Cell =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "amount"; readonly minor: bigint }
  | { readonly kind: "date"; readonly value: string }
  | { readonly kind: "integer"; readonly value: number }
  | null;

interface Row {
  readonly cells: ReadonlyArray<Cell>;
  readonly bold?: boolean;
  /** A caption that may spill over the empty cells to its right; it does not widen its column. */
  readonly caption?: boolean;
}

const text = (value: string): Cell => (value === "" ? null : { kind: "text", value });
const amount = (minor: bigint): Cell => ({ kind: "amount", minor });
const date = (value: string): Cell => ({ kind: "date", value });
const integer = (value: number): Cell => {
  assert(Number.isSafeInteger(value), `${value} is not a safe integer`);
  return { kind: "integer", value };
};

const datePattern = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
/** Excel's column width unit is a digit's width; a Chinese character takes about two. */
const columnWidthMin = 6;
const columnWidthMax = 60;
/** Characters shown of a date cell (yyyy-mm-dd). */
const dateWidth = 10;

/** The cell's value and number format; amounts as numbers when exact (see `xlsxNumberMinorMax`). */
function cellValue(
  cell: Cell,
  currency: string,
): { value: ExcelJS.CellValue; numFmt?: string; alignRight?: boolean } {
  if (cell === null) return { value: null };
  switch (cell.kind) {
    case "text":
      return { value: neutralizeFormula(cell.value) };
    case "amount": {
      const magnitude = cell.minor < 0n ? -cell.minor : cell.minor;
      // The decimal text, not minor / 10^scale: Number() of the text is the nearest double, a
      // float division would round twice.
      if (magnitude <= xlsxNumberMinorMax) {
        return {
          value: Number(formatMinor(cell.minor, currency)),
          numFmt: amountFormat(currencyScale(currency)),
        };
      }
      return { value: amountText(cell.minor, currency), alignRight: true };
    }
    case "date": {
      const match = datePattern.exec(cell.value);
      assert(match !== null, `${cell.value} is not a YYYY-MM-DD date`);
      const [, year = "", month = "", day = ""] = match;
      // UTC midnight: no time zone moves a calendar date to the day before.
      return {
        value: new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))),
        numFmt: "yyyy-mm-dd",
      };
    }
    case "integer":
      return { value: cell.value };
  }
}

function shownWidth(cell: Cell, currency: string): number {
  if (cell === null) return 0;
  switch (cell.kind) {
    case "text":
      return displayWidth(cell.value);
    case "amount":
      return amountText(cell.minor, currency).length;
    case "date":
      return dateWidth;
    case "integer":
      return String(cell.value).length;
  }
}

/** Writes `rows` from the first row on and sizes each column to its widest cell. */
function writeSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  rows: ReadonlyArray<Row>,
  options: { readonly currency: string; readonly frozenRows: number },
): void {
  const sheet = workbook.addWorksheet(name, {
    views: options.frozenRows > 0 ? [{ state: "frozen", ySplit: options.frozenRows }] : [],
  });
  const widths: number[] = [];
  for (const row of rows) {
    const values = row.cells.map((cell) => cellValue(cell, options.currency));
    const added = sheet.addRow(values.map((value) => value.value));
    values.forEach((value, index) => {
      const target = added.getCell(index + 1);
      if (value.numFmt !== undefined) target.numFmt = value.numFmt;
      if (value.alignRight === true) target.alignment = { horizontal: "right" };
      if (row.bold === true) target.font = { bold: true };
      if (row.caption !== true) {
        widths[index] = Math.max(widths[index] ?? 0, shownWidth(row.cells[index] ?? null, options.currency));
      }
    });
  }
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = Math.min(columnWidthMax, Math.max(columnWidthMin, width + 2));
  });
}

function statementRows(statement: StatementOfAccount, locale: StatementLocale): Row[] {
  const labels = statementLabels[locale];
  const columns = labels.lineColumns;
  const pair = (label: string, value: Cell): Row => ({ cells: [text(label), value] });
  return [
    { cells: [text(labels.titleWithNumber(statement.number))], bold: true, caption: true },
    { cells: [] },
    pair(labels.statementNumber, text(statement.number)),
    pair(labels.organization, text(statement.organizationName)),
    pair(labels.customer, text(statement.customer.name)),
    pair(labels.customerCode, text(statement.customer.code)),
    ...(statement.customer.creditCode === null
      ? []
      : [pair(labels.creditCode, text(statement.customer.creditCode))]),
    pair(labels.period, text(labels.periodText(statement.from, statement.to))),
    pair(labels.currency, text(statement.currency)),
    pair(labels.generatedOn, text(statement.generatedOn)),
    { cells: [] },
    { cells: [text(labels.inCurrency(labels.summary, statement.currency))], bold: true, caption: true },
    pair(labels.opening, amount(statement.openingMinor)),
    pair(labels.debits, amount(statement.debitTotalMinor)),
    pair(labels.credits, amount(statement.creditTotalMinor)),
    { cells: [text(labels.closing), amount(statement.closingMinor)], bold: true },
    { cells: [] },
    { cells: [text(labels.inCurrency(labels.lines, statement.currency))], bold: true, caption: true },
    {
      cells: [
        text(columns.seq),
        text(columns.date),
        text(columns.document),
        text(columns.kind),
        text(columns.description),
        text(columns.debit),
        text(columns.credit),
        text(columns.balance),
      ],
      bold: true,
    },
    // The opening balance heads the lines so that the first running balance can be checked.
    {
      cells: [
        null,
        date(statement.from),
        null,
        null,
        text(labels.opening),
        null,
        null,
        amount(statement.openingMinor),
      ],
    },
    ...statement.lines.map(
      (line): Row => ({
        cells: [
          integer(line.seq),
          date(line.date),
          text(line.documentNumber ?? ""),
          text(labels.kinds[line.kind]),
          text(line.description),
          line.debitMinor === 0n ? null : amount(line.debitMinor),
          line.creditMinor === 0n ? null : amount(line.creditMinor),
          amount(line.balanceMinor),
        ],
      }),
    ),
    {
      cells: [
        null,
        null,
        null,
        null,
        text(labels.periodTotal),
        amount(statement.debitTotalMinor),
        amount(statement.creditTotalMinor),
        amount(statement.closingMinor),
      ],
      bold: true,
    },
  ];
}

function openItemRows(statement: StatementOfAccount, locale: StatementLocale): Row[] {
  const labels = statementLabels[locale];
  const columns = labels.openItemColumns;
  return [
    {
      cells: [text(labels.asOf(labels.openItems, statement.to, statement.currency))],
      bold: true,
      caption: true,
    },
    {
      cells: [
        text(columns.document),
        text(columns.documentDate),
        text(columns.dueDate),
        text(columns.open),
        text(columns.daysPastDue),
      ],
      bold: true,
    },
    ...statement.openItems.map(
      (item): Row => ({
        cells: [
          text(item.documentNumber),
          date(item.documentDate),
          date(item.dueDate),
          amount(item.openMinor),
          integer(item.daysPastDue),
        ],
      }),
    ),
    { cells: [text(labels.total), null, null, amount(statement.aging.totalMinor), null], bold: true },
  ];
}

function agingRows(statement: StatementOfAccount, locale: StatementLocale): Row[] {
  const labels = statementLabels[locale];
  const columns = labels.agingColumns;
  const { buckets, totalMinor, overdueMinor } = statement.aging;
  const count = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  return [
    { cells: [text(labels.asOf(labels.aging, statement.to, statement.currency))], bold: true, caption: true },
    { cells: [text(columns.bucket), text(columns.count), text(columns.amount)], bold: true },
    ...buckets.map(
      (bucket): Row => ({
        cells: [text(agingBucketLabel(bucket, locale)), integer(bucket.count), amount(bucket.amountMinor)],
      }),
    ),
    { cells: [text(labels.total), integer(count), amount(totalMinor)], bold: true },
    { cells: [text(labels.overdue), null, amount(overdueMinor)] },
  ];
}

/**
 * The statement as an XLSX workbook. Throws VALIDATION_FAILED for a statement it cannot show
 * (more than `statementLinesMax` lines), like the PDF.
 */
export async function statementWorkbook(
  statement: StatementOfAccount,
  options: StatementWorkbookOptions,
): Promise<Buffer> {
  checkStatementDocument(statement);
  const labels = statementLabels[options.locale];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Credence";
  // The statement's date, not the clock: the workbook's properties say when it was issued.
  const issued = new Date(`${statement.generatedOn}T00:00:00Z`);
  workbook.created = issued;
  workbook.modified = issued;
  const currency = statement.currency;
  writeSheet(workbook, labels.sheets.statement, statementRows(statement, options.locale), {
    currency,
    frozenRows: 0,
  });
  writeSheet(workbook, labels.sheets.openItems, openItemRows(statement, options.locale), {
    currency,
    frozenRows: 2,
  });
  writeSheet(workbook, labels.sheets.aging, agingRows(statement, options.locale), {
    currency,
    frozenRows: 2,
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
