import ExcelJS from "exceljs";
import { currencyScale } from "../core/currency.ts";
import { parseBusinessDate } from "../core/dates.ts";
import { assert } from "../core/errors.ts";
import {
  checkStatement,
  type FinancialStatement,
  type StatementAmounts,
  type StatementIssue,
  type StatementItem,
  statementItems,
  statementMonthsMax,
} from "../domain/credit/index.ts";
import { fileError, readCsv } from "./csv-read.ts";
import { readXlsxTable } from "./customer-sheet.ts";
import type { ExportLanguage } from "./ledger-export.ts";
import { csvRow, neutralizeFormula, utf8Bom } from "./spreadsheet-safety.ts";

/**
 * A customer's financial statements as a spreadsheet, the way Chinese finance teams keep them: one
 * row per item (货币资金, 应收账款, …, first column), one column per period whose header is the
 * balance-sheet date, an optional 月数 row (the months the income statement covers, default 12)
 * and an optional unit (单位：元 / 千元 / 万元, above the figures or in a header). Pure: checks against
 * the database (existing periods) live in services/statement-import.ts.
 *
 *     单位：万元
 *     项目            2024-12-31   2025-12-31
 *     月数            12           12
 *     货币资金        120.5        98
 *     …
 */

/** Rows read from a statement file: a full 资产负债表 + 利润表 + 现金流量表 has about 150. */
export const statementSheetRowsMax = 500;
/** Periods (columns) in one file: ten years of annual and half-year statements. */
export const statementSheetPeriodsMax = 20;

interface ItemLabels {
  readonly zh: string;
  readonly en: string;
  /** Other names the line goes by in Chinese and English statements (compared normalized). */
  readonly aliases: ReadonlyArray<string>;
}

/** The label of each item, in the wording of the 企业会计准则 statement formats (财会〔2019〕6号). */
const itemLabels: Readonly<Record<StatementItem, ItemLabels>> = {
  cash: { zh: "货币资金", en: "Cash", aliases: ["cash and cash equivalents", "monetary funds"] },
  accountsReceivable: {
    zh: "应收账款",
    en: "Accounts receivable",
    aliases: ["trade receivables", "receivables"],
  },
  inventory: { zh: "存货", en: "Inventory", aliases: ["inventories", "stock"] },
  currentAssets: {
    zh: "流动资产合计",
    en: "Total current assets",
    // Not 流动资产 alone: that is the heading of the section (流动资产：) above its lines.
    aliases: ["current assets"],
  },
  totalAssets: { zh: "资产总计", en: "Total assets", aliases: ["资产合计", "资产总额"] },
  currentLiabilities: {
    zh: "流动负债合计",
    en: "Total current liabilities",
    aliases: ["current liabilities"],
  },
  totalLiabilities: {
    zh: "负债合计",
    en: "Total liabilities",
    aliases: ["负债总计", "负债总额"],
  },
  retainedEarnings: { zh: "未分配利润", en: "Retained earnings", aliases: ["undistributed profit"] },
  equity: {
    zh: "所有者权益合计",
    en: "Total equity",
    aliases: [
      "所有者权益(或股东权益)合计",
      "股东权益合计",
      "净资产",
      "total owners' equity",
      "shareholders' equity",
      "total shareholders' equity",
    ],
  },
  revenue: {
    zh: "营业收入",
    en: "Revenue",
    aliases: ["营业总收入", "一、营业收入", "operating revenue", "sales", "turnover"],
  },
  operatingProfit: {
    zh: "营业利润",
    en: "Operating profit",
    aliases: ["二、营业利润", "operating income", "ebit"],
  },
  interestExpense: { zh: "利息费用", en: "Interest expense", aliases: ["其中:利息费用"] },
  netProfit: {
    zh: "净利润",
    en: "Net profit",
    aliases: ["四、净利润", "net income", "profit for the year"],
  },
  operatingCashFlow: {
    zh: "经营活动产生的现金流量净额",
    en: "Net cash from operating activities",
    aliases: ["operating cash flow", "net cash flows from operating activities"],
  },
};

/** The row of months the flows cover; absent or empty, a period covers 12 months. */
const monthsLabels: ReadonlyArray<string> = ["月数", "期间月数", "months", "months covered"];
const monthsDefault = 12;
/** Columns that statement layouts carry beside the figures: read past, never as a period. */
const ignoredHeaders: ReadonlyArray<string> = [
  "行次",
  "行号",
  "附注",
  "备注",
  "line",
  "line no.",
  "note",
  "notes",
];

/**
 * Labels compare without spaces, case, full-width parentheses and colons, and without the
 * numbering and 加：/减：/其中： prefixes that statements put in front of lines.
 */
function labelKey(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .toLowerCase()
    .replace(/^(?:[一二三四五六七八九十]+、|\(?[0-9一二三四五六七八九十]+\)|[0-9]+[.、])/, "")
    .replace(/^(?:加|减|其中)[:：]/, "")
    .replace(/[:：]$/, "");
}

const itemByLabel: ReadonlyMap<string, StatementItem> = new Map(
  statementItems.flatMap((item) => {
    const labels = itemLabels[item];
    return [item, labels.zh, labels.en, ...labels.aliases].map((label) => [labelKey(label), item] as const);
  }),
);
const monthsLabelKeys: ReadonlySet<string> = new Set(monthsLabels.map(labelKey));
const ignoredHeaderKeys: ReadonlySet<string> = new Set(ignoredHeaders.map(labelKey));

/** 元 and its multiples, as statements state them (单位：万元). */
const unitFactors: ReadonlyMap<string, bigint> = new Map([
  ["元", 1n],
  ["人民币元", 1n],
  ["yuan", 1n],
  ["rmb", 1n],
  ["cny", 1n],
  ["千元", 1_000n],
  ["thousandyuan", 1_000n],
  ["rmb'000", 1_000n],
  ["万元", 10_000n],
  ["tenthousandyuan", 10_000n],
  ["10thousandyuan", 10_000n],
  ["10kyuan", 10_000n],
  ["百万元", 1_000_000n],
  ["millionyuan", 1_000_000n],
  ["亿元", 100_000_000n],
]);
/** 单位：万元, 金额单位:元, Unit: ten thousand yuan — anywhere in a cell; 编制单位 names the company. */
const unitStatement = /(?<!编制)(?:金额单位|单位|unit)\s*[:：]\s*([^)）,，;；]*)/i;
/** 项目（万元）, 2025-12-31 (万元): a unit in brackets, read in the header row and above only. */
const unitInBrackets = /[（(]\s*(元|千元|万元|百万元|亿元)\s*[)）]/;

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** The cell as Excel names it: table row 0, column 0 is A1. */
export function cellAddress(rowIndex: number, columnIndex: number): string {
  return `${columnLetter(columnIndex)}${rowIndex + 1}`;
}

/** A problem found in the sheet, with the cell to look at. */
export interface StatementSheetIssue extends StatementIssue {
  /** The cell at fault (`C7`), or null for the file as a whole; `path` repeats it (or says `file`). */
  readonly cell: string | null;
  readonly periodEnd: string | null;
  readonly item: StatementItem | null;
}

export interface ParsedStatementSheet {
  /** One per period column, left to right; checked, but recordable only when `issues` has no error. */
  readonly statements: ReadonlyArray<FinancialStatement>;
  /** Errors and warnings, in sheet order. */
  readonly issues: ReadonlyArray<StatementSheetIssue>;
  /** Where each period's header is, for checks made later (a period that is already recorded). */
  readonly periodCells: ReadonlyMap<string, string>;
  /** What one unit of the figures is worth in 元 (单位：万元 → 10000). */
  readonly unitFactor: bigint;
}

const datePatterns: ReadonlyArray<RegExp> = [
  /^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:\s+00:00(?::00)?)?$/,
  /^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日?$/,
];

/** A period-end header: 2025-12-31, 2025/12/31, 2025.12.31, 2025年12月31日, or an Excel date cell. */
export function periodEndOf(text: string): string | null {
  const compact = text.normalize("NFKC").trim();
  for (const pattern of datePatterns) {
    const match = pattern.exec(compact.replace(unitInBrackets, "").trim());
    if (match === null) continue;
    const [, year = "", month = "", day = ""] = match;
    const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
    try {
      parseBusinessDate(iso);
      return iso;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The unit's multiple of 元: the whole text (单位：人民币万元), else its first word (单位：元 币种：人民币).
 */
function unitFactorOf(text: string): bigint | undefined {
  const key = (words: string) =>
    words
      .replace(/\s+/g, "")
      .replace(/^人民币(?=.)/, "")
      .toLowerCase();
  return unitFactors.get(key(text)) ?? unitFactors.get(key(text.split(/\s+/)[0] ?? ""));
}

/** Longest figure read: 10^17 minor units (statementAmountMinorMax) has 18 digits, with separators 24. */
const amountTextLengthMax = 40;

/** Dashes that statements print for "nothing in this line": read as zero. */
const dashes: ReadonlySet<string> = new Set(["-", "--", "—", "——", "–", "－", "−"]);
const plainAmount = /^([0-9]+)(?:\.([0-9]+))?$/;
const groupedAmount = /^([0-9]{1,3}(?:,[0-9]{3})+)(?:\.([0-9]+))?$/;
/** Characters a figure may carry around its digits. */
const currencySigns = /^[¥￥]|[元]$/g;

type AmountResult =
  | { readonly kind: "amount"; readonly minor: bigint }
  | { readonly kind: "empty" }
  | { readonly kind: "error"; readonly code: string; readonly message: string };

/**
 * A figure as minor units, exactly: thousands separators (1,234,567.89), accounting brackets for
 * negatives ((1,234.00)), a dash for zero, the unit applied (万元 × 10,000). A figure with more
 * decimals than the minor unit holds is an error, not rounded: statements are exact to the 分.
 */
export function parseStatementAmount(text: string, unitFactor: bigint, scale: number): AmountResult {
  let compact = text.normalize("NFKC").replace(/\s+/g, "");
  if (compact === "") return { kind: "empty" };
  if (dashes.has(compact)) return { kind: "amount", minor: 0n };
  if (compact.length > amountTextLengthMax) {
    return { kind: "error", code: "NOT_AN_AMOUNT", message: "the figure is too long to be an amount" };
  }
  let negative = false;
  const bracketed = /^\((.*)\)$/.exec(compact);
  if (bracketed !== null) {
    negative = true;
    compact = bracketed[1] ?? "";
  }
  if (/^[-−]/.test(compact)) {
    negative = !negative;
    compact = compact.slice(1);
  } else if (compact.startsWith("+")) {
    compact = compact.slice(1);
  }
  compact = compact.replace(currencySigns, "");
  if (/^[0-9.]+e[+-]?[0-9]+$/i.test(compact)) {
    return {
      kind: "error",
      code: "NUMBER_PRECISION_LOST",
      message: `${text} is in scientific notation; format the cell as a number with all its digits`,
    };
  }
  const match = plainAmount.exec(compact) ?? groupedAmount.exec(compact);
  if (match === null) {
    return {
      kind: "error",
      code: "NOT_AN_AMOUNT",
      message: `${text} is not an amount (digits, optionally with , separators and a . before decimals)`,
    };
  }
  const [, integerDigits = "", fractionDigits = ""] = match;
  const magnitude = BigInt(integerDigits.replaceAll(",", "") + fractionDigits);
  const scaled = magnitude * unitFactor * 10n ** BigInt(scale);
  const divisor = 10n ** BigInt(fractionDigits.length);
  if (scaled % divisor !== 0n) {
    return {
      kind: "error",
      code: "TOO_MANY_DECIMALS",
      message: `${text} has more decimals than the smallest unit of the currency (0.${"0".repeat(Math.max(0, scale - 1))}1 元)`,
    };
  }
  const minor = scaled / divisor;
  return { kind: "amount", minor: negative ? -minor : minor };
}

const isBlank = (text: string | undefined) => text === undefined || text.trim() === "";

interface PeriodColumn {
  readonly column: number;
  readonly periodEnd: string;
}

/**
 * Reads a statement sheet (rows of cell text, as `readCsv` or `readXlsxTable` give them) into one
 * statement per period column, in `currency`. Every problem is reported at its cell; domain
 * checks (`checkStatement`: impossible signs are errors, totals that do not add up are warnings)
 * are reported at the cell of the item they concern.
 */
export function parseStatementTable(
  table: ReadonlyArray<ReadonlyArray<string>>,
  options: { readonly currency: string },
): ParsedStatementSheet {
  const scale = currencyScale(options.currency);
  const issues: StatementSheetIssue[] = [];
  const add = (
    severity: StatementIssue["severity"],
    cell: string | null,
    code: string,
    message: string,
    context: { periodEnd?: string; item?: StatementItem } = {},
  ) => {
    issues.push({
      path: cell ?? "file",
      code,
      message,
      severity,
      cell,
      periodEnd: context.periodEnd ?? null,
      item: context.item ?? null,
    });
  };
  const empty = (unitFactor: bigint): ParsedStatementSheet => ({
    statements: [],
    issues,
    periodCells: new Map(),
    unitFactor,
  });

  if (table.length > statementSheetRowsMax) {
    add("error", null, "TOO_MANY_ROWS", `a statement file has at most ${statementSheetRowsMax} rows`);
    return empty(1n);
  }

  // The header: the first row with a date in it (after the label column).
  const headerIndex = table.findIndex((row) =>
    row.some((cell, column) => column > 0 && periodEndOf(cell) !== null),
  );
  if (headerIndex < 0) {
    add(
      "error",
      null,
      "NO_PERIODS",
      "no row names the periods: put the period end dates (YYYY-MM-DD) in the row above the figures, one column per period",
    );
    return empty(1n);
  }

  // The unit, wherever it is stated; every statement of it must agree.
  let unitFactor: bigint | null = null;
  let unitCell = "";
  for (const [rowIndex, row] of table.entries()) {
    for (const [column, cell] of row.entries()) {
      const normalized = cell.normalize("NFKC");
      const stated = unitStatement.exec(normalized)?.[1];
      const bracketed = rowIndex <= headerIndex ? unitInBrackets.exec(normalized)?.[1] : undefined;
      const unitText = (stated ?? bracketed)?.trim();
      if (unitText === undefined) continue;
      const address = cellAddress(rowIndex, column);
      const factor = unitFactorOf(unitText);
      if (factor === undefined) {
        add(
          "error",
          address,
          "UNKNOWN_UNIT",
          `unit "${unitText}" is not one of 元, 千元, 万元, 百万元, 亿元`,
        );
      } else if (unitFactor === null) {
        unitFactor = factor;
        unitCell = address;
      } else if (factor !== unitFactor) {
        add("error", address, "UNIT_CONFLICT", `this unit differs from the one in ${unitCell}`);
      }
    }
  }
  const factor: bigint = unitFactor ?? 1n;

  const header = table[headerIndex] ?? [];
  const body = table.slice(headerIndex + 1);
  const width = body.reduce((max, row) => Math.max(max, row.length), header.length);
  const periods: PeriodColumn[] = [];
  const periodCells = new Map<string, string>();
  for (let column = 1; column < width; column += 1) {
    const text = header[column] ?? "";
    const address = cellAddress(headerIndex, column);
    const hasFigures = body.some((row) => !isBlank(row[column]));
    if (isBlank(text)) {
      if (hasFigures) {
        add(
          "error",
          address,
          "MISSING_PERIOD_END",
          "this column has figures but no period end date above them",
        );
      }
      continue;
    }
    // 单位：元 beside the dates (a common place for it) is not a period of its own.
    if (unitStatement.test(text.normalize("NFKC"))) {
      if (hasFigures) {
        add(
          "error",
          address,
          "MISSING_PERIOD_END",
          "this column has figures but no period end date above them",
        );
      }
      continue;
    }
    const periodEnd = periodEndOf(text);
    if (periodEnd === null) {
      if (ignoredHeaderKeys.has(labelKey(text))) continue;
      add("error", address, "INVALID_DATE", `"${text}" is not a period end date (YYYY-MM-DD)`);
      continue;
    }
    const earlier = periodCells.get(periodEnd);
    if (earlier !== undefined) {
      add("error", address, "DUPLICATE_PERIOD", `${periodEnd} is also the period of ${earlier}`, {
        periodEnd,
      });
      continue;
    }
    periodCells.set(periodEnd, address);
    periods.push({ column, periodEnd });
  }
  if (periods.length > statementSheetPeriodsMax) {
    add("error", null, "TOO_MANY_PERIODS", `at most ${statementSheetPeriodsMax} periods in one file`);
    return empty(factor);
  }

  const amounts = periods.map(() => new Map<StatementItem, bigint | null>());
  const months: number[] = periods.map(() => monthsDefault);
  const monthsCells: Array<string | null> = periods.map(() => null);
  const itemRows = new Map<StatementItem, number>();
  /** Periods with a cell that could not be read: the domain checks would only repeat the error. */
  const unreadable = new Set<string>();
  let monthsRow: number | null = null;
  const ignored: string[] = [];

  body.forEach((row, offset) => {
    const rowIndex = headerIndex + 1 + offset;
    const label = (row[0] ?? "").trim();
    const hasFigures = periods.some((period) => !isBlank(row[period.column]));
    if (label === "") {
      if (hasFigures) add("error", cellAddress(rowIndex, 0), "MISSING_ITEM", "figures without an item name");
      return;
    }
    const key = labelKey(label);
    if (monthsLabelKeys.has(key)) {
      if (monthsRow !== null) {
        add(
          "error",
          cellAddress(rowIndex, 0),
          "DUPLICATE_ITEM",
          `the months are also in row ${monthsRow + 1}`,
        );
        return;
      }
      monthsRow = rowIndex;
      periods.forEach((period, index) => {
        const text = (row[period.column] ?? "").trim();
        const address = cellAddress(rowIndex, period.column);
        monthsCells[index] = address;
        if (text === "") return;
        const value = Number(text);
        if (!/^[0-9]+(\.0+)?$/.test(text) || value < 1 || value > statementMonthsMax) {
          add(
            "error",
            address,
            "OUT_OF_RANGE",
            `months must be a whole number from 1 to ${statementMonthsMax} (12 for a year, 6 for a half-year)`,
            { periodEnd: period.periodEnd },
          );
          unreadable.add(period.periodEnd);
          return;
        }
        months[index] = value;
      });
      return;
    }
    const item = itemByLabel.get(key);
    // A line without figures says nothing, whatever its name (a section heading, an empty line).
    if (!hasFigures) return;
    if (item === undefined) {
      // Full statements have many more lines than credit evaluation reads; they are read past.
      ignored.push(`${label} (row ${rowIndex + 1})`);
      return;
    }
    const earlierRow = itemRows.get(item);
    if (earlierRow !== undefined) {
      add("error", cellAddress(rowIndex, 0), "DUPLICATE_ITEM", `${label} is also in row ${earlierRow + 1}`, {
        item,
      });
      return;
    }
    itemRows.set(item, rowIndex);
    periods.forEach((period, index) => {
      const text = neutralizedText(row[period.column] ?? "");
      const parsed = parseStatementAmount(text, factor, scale);
      const address = cellAddress(rowIndex, period.column);
      switch (parsed.kind) {
        case "empty":
          amounts[index]?.set(item, null);
          return;
        case "amount":
          amounts[index]?.set(item, parsed.minor);
          return;
        case "error":
          add("error", address, parsed.code, `${label}: ${parsed.message}`, {
            periodEnd: period.periodEnd,
            item,
          });
          amounts[index]?.set(item, null);
          unreadable.add(period.periodEnd);
          return;
      }
    });
  });
  if (ignored.length > 0) {
    add(
      "warning",
      null,
      "ROWS_IGNORED",
      `rows that credit evaluation does not read were skipped: ${ignored.slice(0, 10).join(", ")}${ignored.length > 10 ? ` and ${ignored.length - 10} more` : ""}`,
    );
  }

  const statements = periods.map((period, index): FinancialStatement => {
    const values = amounts[index] ?? new Map<StatementItem, bigint | null>();
    const items = Object.fromEntries(
      statementItems.map((item) => [item, values.get(item) ?? null]),
    ) as StatementAmounts;
    return {
      ...items,
      periodEnd: period.periodEnd,
      months: months[index] ?? monthsDefault,
      currency: options.currency,
    };
  });

  // Domain checks, once the cells themselves are sound (a cell error already says what is wrong).
  periods.forEach((period, index) => {
    const statement = statements[index];
    assert(statement !== undefined, "one statement per period");
    if (unreadable.has(period.periodEnd)) return;
    const headerCell = cellAddress(headerIndex, period.column);
    for (const found of checkStatement(statement)) {
      const item = statementItems.find((candidate) => candidate === found.path);
      const itemRow = item === undefined ? undefined : itemRows.get(item);
      const cell =
        itemRow !== undefined
          ? cellAddress(itemRow, period.column)
          : found.path === "months"
            ? (monthsCells[index] ?? headerCell)
            : headerCell;
      const label = item === undefined ? period.periodEnd : `${itemLabels[item].zh} ${period.periodEnd}`;
      add(found.severity, cell, found.code, `${label}: ${found.message}`, {
        periodEnd: period.periodEnd,
        ...(item === undefined ? {} : { item }),
      });
    }
  });

  return { statements, issues: inSheetOrder(issues), periodCells, unitFactor: factor };
}

/** Issues of the file as a whole first, then by row and column, as a reader goes down the sheet. */
function inSheetOrder(issues: ReadonlyArray<StatementSheetIssue>): StatementSheetIssue[] {
  const position = (issue: StatementSheetIssue): [number, number] => {
    const match = /^([A-Z]+)([0-9]+)$/.exec(issue.cell ?? "");
    if (match === null) return [0, 0];
    const letters = match[1] ?? "";
    let column = 0;
    for (const letter of letters) column = column * 26 + (letter.charCodeAt(0) - 64);
    return [Number(match[2]), column];
  };
  // Array.prototype.sort is stable: issues of one cell keep the order they were found in.
  return [...issues].sort((a, b) => {
    const [rowA, columnA] = position(a);
    const [rowB, columnB] = position(b);
    return rowA - rowB || columnA - columnB;
  });
}

/** An apostrophe that an export (or Excel's "text" mark) put in front of a figure. */
function neutralizedText(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

export const statementSheetFormats = ["csv", "xlsx"] as const;
export type StatementSheetFormat = (typeof statementSheetFormats)[number];

/** A statement file's bytes as rows of cell text: CSV (UTF-8 or GB18030) or an XLSX's first sheet. */
export async function readStatementTable(
  format: StatementSheetFormat,
  bytes: Uint8Array,
): Promise<string[][]> {
  switch (format) {
    case "csv": {
      const { table } = readCsv(bytes);
      if (table.length > statementSheetRowsMax) {
        throw fileError("TOO_MANY_ROWS", `a statement file has at most ${statementSheetRowsMax} rows`);
      }
      return table;
    }
    case "xlsx":
      return readXlsxTable(bytes, statementSheetRowsMax - 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Template

/**
 * Figures of the template's example column, in 元: a small trading company whose balance sheet
 * balances (assets 15,000,000 = liabilities 9,000,000 + equity 6,000,000) and whose parts stay
 * within their totals, so that the example imports without a warning.
 */
const exampleFiguresYuan: Readonly<Record<StatementItem, number>> = {
  cash: 1_200_000,
  accountsReceivable: 2_500_000,
  inventory: 1_800_000,
  currentAssets: 6_000_000,
  totalAssets: 15_000_000,
  currentLiabilities: 4_000_000,
  totalLiabilities: 9_000_000,
  retainedEarnings: 2_000_000,
  equity: 6_000_000,
  revenue: 30_000_000,
  operatingProfit: 2_400_000,
  interestExpense: 300_000,
  netProfit: 1_650_000,
  operatingCashFlow: 2_100_000,
};

const templateText = {
  "zh-CN": { unit: "单位：元", item: "项目", months: "月数", sheet: "财务报表" },
  en: { unit: "Unit: yuan", item: "Item", months: "Months", sheet: "Statements" },
} as const;

/** The label of an item in the template's language. */
export function statementItemLabel(item: StatementItem, language: ExportLanguage): string {
  return language === "zh-CN" ? itemLabels[item].zh : itemLabels[item].en;
}

function templateRows(language: ExportLanguage, periodEnd: string): string[][] {
  const text = templateText[language];
  return [
    [text.unit],
    [text.item, periodEnd],
    [text.months, String(monthsDefault)],
    ...statementItems.map((item) => [statementItemLabel(item, language), String(exampleFiguresYuan[item])]),
  ];
}

/** The template as CSV: unit, header with one example period, months, one row per item. */
export function statementTemplateCsv(language: ExportLanguage, periodEnd: string): string {
  return `${utf8Bom}${templateRows(language, periodEnd)
    .map((row) => csvRow(row.map(neutralizeFormula)))
    .join("")}`;
}

/** The template as XLSX: the CSV's rows, the period a date cell, the figures numbers (#,##0.00). */
export async function statementTemplateXlsx(language: ExportLanguage, periodEnd: string): Promise<Buffer> {
  const text = templateText[language];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Credence";
  const sheet = workbook.addWorksheet(text.sheet, { views: [{ state: "frozen", xSplit: 1, ySplit: 2 }] });
  sheet.columns = [{ width: 36 }, { width: 18 }, { width: 18 }, { width: 18 }];
  sheet.addRow([text.unit]);
  const [year = "", month = "", day = ""] = periodEnd.split("-");
  const header = sheet.addRow([text.item, new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))]);
  header.font = { bold: true };
  header.getCell(2).numFmt = "yyyy-mm-dd";
  sheet.addRow([text.months, monthsDefault]);
  for (const item of statementItems) {
    const row = sheet.addRow([statementItemLabel(item, language), exampleFiguresYuan[item]]);
    row.getCell(2).numFmt = "#,##0.00";
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
