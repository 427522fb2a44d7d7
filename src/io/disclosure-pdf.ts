import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import { Temporal } from "temporal-polyfill";
import { decimal, multiply, parseDecimal, toFixedString } from "../core/decimal.ts";
import { AppError, assert, type FieldIssue, isAppError } from "../core/errors.ts";

/**
 * An installment plan's disclosure sheet (分期付款信息披露表) as an A4 PDF, in Chinese or English.
 * 中国人民银行公告〔2021〕第3号 requires the annualized rate, computed by the internal-rate-of-return
 * method, to be shown prominently in every loan disclosure, so it comes first, boxed and largest;
 * the other rates (effective, US Regulation Z APR, EU APRC) follow for customers and auditors who
 * compare with foreign offers. Amounts arrive already formatted; only rates are formatted here.
 *
 * All text uses Noto Sans CJK (Debian package fonts-noto-cjk), which covers Latin too, so both
 * languages render the same way and the PDF never depends on a viewer's fonts.
 */

/** Schedule rows on one sheet: 100 years of monthly installments, far beyond any plan offered. */
export const disclosureRowsMax = 1_200;
/** Characters in a name, code, label or amount; longer is not data a person typed for a sheet. */
export const disclosureFieldLengthMax = 200;
/**
 * Characters in the early- and late-payment paragraphs. At this length a paragraph still fits on
 * one page, so a paragraph never splits across pages.
 */
export const disclosureParagraphLengthMax = 2_000;

/** Overrides the font search: a path to a Noto Sans CJK collection (.ttc) or any OpenType font. */
export const cjkFontEnvironmentVariable = "CREDENCE_CJK_FONT";
/** Where distributions install Noto Sans CJK; the first that exists is used. */
export const cjkFontPaths: ReadonlyArray<string> = ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"];
/**
 * The faces picked from a collection. The Simplified Chinese face, because the sheet's Chinese is
 * Simplified and the CJK faces differ in glyph shapes, not in the Latin they share.
 */
const cjkFaceRegular = "NotoSansCJKsc-Regular";
const cjkFaceBold = "NotoSansCJKsc-Bold";

export type DisclosureLocale = "zh-CN" | "en";

export interface DisclosureRow {
  number: number;
  dueDate: string;
  principal: string;
  interest: string;
  fee: string;
  tax: string | null;
  total: string;
  balanceAfter: string;
}

export interface DisclosureSheet {
  locale: DisclosureLocale;
  organizationName: string;
  customerName: string;
  customerCode: string;
  planNumber: string;
  status: string;
  contractDate: string;
  currency: string;
  accountingModeLabel: string;
  methodLabel: string;
  frequencyLabel: string;
  dayCount: string;
  periods: number;
  price: string;
  downPayment: string;
  financed: string;
  upfrontFee: string;
  totals: { principal: string; interest: string; fee: string; tax: string | null; total: string };
  /** Down payment + upfront fee + every installment (incl. VAT when shown). */
  totalPayable: string;
  /** Interest-free promotion: the interest the merchant pays; null otherwise. */
  subsidy: string | null;
  /** Decimal fractions with six decimals ("0.130319"). */
  rates: { nominal: string; effective: string; usAprRegZ: string; euAprc: string };
  /** Decimal fraction. */
  contractAnnualRate: string;
  rateCeiling: { ceilingRate: string | null; basis: string; decision: "ok" | "warn" | "block" } | null;
  /** A sentence already in the sheet's language. */
  earlyRepayment: string;
  /** A sentence already in the sheet's language. */
  latePayment: string;
  rows: ReadonlyArray<DisclosureRow>;
  /** ISO 8601 instant. */
  generatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Labels

export interface DisclosureLabels {
  readonly title: string;
  readonly colon: string;
  /** Between two clauses of one line. */
  readonly separator: string;
  readonly organization: string;
  readonly customer: string;
  readonly planNumber: string;
  readonly status: string;
  readonly contractDate: string;
  readonly currency: string;
  readonly accountingMode: string;
  readonly method: string;
  readonly frequency: string;
  readonly periods: string;
  readonly dayCount: string;
  readonly annualizedRate: string;
  readonly effectiveRate: string;
  readonly usAprRegZ: string;
  readonly euAprc: string;
  readonly contractRate: string;
  readonly rateCeiling: string;
  readonly noCeiling: string;
  readonly ceilingBasis: string;
  readonly ceilingDecision: Readonly<Record<"ok" | "warn" | "block", string>>;
  readonly amounts: string;
  readonly price: string;
  readonly downPayment: string;
  readonly financed: string;
  readonly upfrontFee: string;
  readonly totalInterest: string;
  readonly totalFees: string;
  readonly totalTax: string;
  readonly totalPayable: string;
  readonly subsidy: string;
  readonly schedule: string;
  readonly columns: Readonly<Record<DisclosureColumnKey, string>>;
  readonly totalsRow: string;
  readonly earlyRepayment: string;
  readonly latePayment: string;
  readonly confirmation: string;
  readonly confirmationStatement: string;
  readonly signature: string;
  readonly signatureDate: string;
  readonly generatedAt: string;
  readonly customerText: (name: string, code: string) => string;
  readonly inCurrency: (heading: string, currency: string) => string;
  readonly pageText: (page: number, pageCount: number) => string;
}

export const disclosureLabels: Readonly<Record<DisclosureLocale, DisclosureLabels>> = {
  "zh-CN": {
    title: "分期付款信息披露表",
    colon: "：",
    separator: "；",
    organization: "机构名称",
    customer: "客户",
    planNumber: "分期计划编号",
    status: "状态",
    contractDate: "合同日期",
    currency: "币种",
    accountingMode: "核算方式",
    method: "还款方式",
    frequency: "还款频率",
    periods: "期数",
    dayCount: "计息基准",
    annualizedRate: "年化利率（按中国人民银行公告〔2021〕第3号，内部收益率法）",
    effectiveRate: "实际年利率（按复利折算）",
    usAprRegZ: "年百分率 APR（美国 Z 条例）",
    euAprc: "年化总费率 APRC（欧盟消费信贷指令）",
    contractRate: "合同约定年利率",
    rateCeiling: "利率上限",
    noCeiling: "无",
    ceilingBasis: "依据",
    ceilingDecision: { ok: "未超过上限", warn: "超过上限（警示）", block: "超过上限（不得发放）" },
    amounts: "金额",
    price: "商品价格",
    downPayment: "首付款",
    financed: "分期金额（融资额）",
    upfrontFee: "一次性手续费",
    totalInterest: "利息合计",
    totalFees: "分期手续费合计",
    totalTax: "增值税合计",
    totalPayable: "应付总额（含首付款及手续费）",
    subsidy: "商户贴息",
    schedule: "还款计划",
    columns: {
      number: "期次",
      dueDate: "还款日",
      principal: "本金",
      interest: "利息",
      fee: "手续费",
      tax: "增值税",
      total: "应还合计",
      balanceAfter: "剩余本金",
    },
    totalsRow: "合计",
    earlyRepayment: "提前还款",
    latePayment: "逾期还款",
    confirmation: "客户确认",
    confirmationStatement:
      "本人已阅读并理解上述分期付款信息，包括年化利率、各期还款金额以及提前还款和逾期还款的约定。",
    signature: "客户确认（签字/盖章）",
    signatureDate: "日期",
    generatedAt: "生成时间",
    customerText: (name, code) => `${name}（${code}）`,
    inCurrency: (heading, currency) => `${heading}（币种：${currency}）`,
    pageText: (page, pageCount) => `第 ${page} / ${pageCount} 页`,
  },
  en: {
    title: "Installment plan disclosure",
    colon: ": ",
    separator: ". ",
    organization: "Organization",
    customer: "Customer",
    planNumber: "Plan number",
    status: "Status",
    contractDate: "Contract date",
    currency: "Currency",
    accountingMode: "Accounting mode",
    method: "Repayment method",
    frequency: "Payment frequency",
    periods: "Installments",
    dayCount: "Day count",
    annualizedRate: "Annualized rate (IRR, PBOC announcement 2021 No. 3)",
    effectiveRate: "Effective annual rate (compounded)",
    usAprRegZ: "APR (US Regulation Z)",
    euAprc: "APRC (EU Consumer Credit Directive)",
    contractRate: "Contract annual rate",
    rateCeiling: "Rate ceiling",
    noCeiling: "none",
    ceilingBasis: "Basis",
    ceilingDecision: {
      ok: "Within the ceiling",
      warn: "Above the ceiling (warning)",
      block: "Above the ceiling (not to be offered)",
    },
    amounts: "Amounts",
    price: "Price",
    downPayment: "Down payment",
    financed: "Amount financed",
    upfrontFee: "Upfront fee",
    totalInterest: "Total interest",
    totalFees: "Total installment fees",
    totalTax: "Total VAT",
    totalPayable: "Total payable (incl. down payment and fees)",
    subsidy: "Interest paid by the merchant",
    schedule: "Repayment schedule",
    columns: {
      number: "No.",
      dueDate: "Due date",
      principal: "Principal",
      interest: "Interest",
      fee: "Fee",
      tax: "VAT",
      total: "Total due",
      balanceAfter: "Balance after",
    },
    totalsRow: "Total",
    earlyRepayment: "Early repayment",
    latePayment: "Late payment",
    confirmation: "Customer confirmation",
    confirmationStatement:
      "I have read and understood the information above, including the annualized rate, every " +
      "installment and the terms for early and late payment.",
    signature: "Customer confirmation (signature/seal)",
    signatureDate: "Date",
    generatedAt: "Generated at",
    customerText: (name, code) => `${name} (${code})`,
    inCurrency: (heading, currency) => `${heading} (${currency})`,
    pageText: (page, pageCount) => `Page ${page} of ${pageCount}`,
  },
};

// ---------------------------------------------------------------------------------------------
// Pure helpers

/**
 * Percentages with two decimals (13.03%), the precision a disclosure quotes; the six-decimal
 * fractions stay in the data. Half-even, as every disclosed rate in domain/plans.
 */
export const ratePercentFractionDigits = 2;

/** "0.130319" → "13.03%". */
export function percentText(rateFraction: string): string {
  const percent = multiply(parseDecimal(rateFraction), decimal(100));
  return `${toFixedString(percent, ratePercentFractionDigits, "half-even")}%`;
}

export type DisclosureColumnKey =
  | "number"
  | "dueDate"
  | "principal"
  | "interest"
  | "fee"
  | "tax"
  | "total"
  | "balanceAfter";

export interface DisclosureColumn {
  readonly key: DisclosureColumnKey;
  readonly label: string;
  readonly align: "left" | "right";
  readonly widthPt: number;
}

const pageMarginPt = 40;
/** A4 portrait. */
const pageWidthPt = 595.28;
const pageHeightPt = 841.89;
const contentWidthPt = pageWidthPt - 2 * pageMarginPt;
const numberColumnWidthPt = 36;
const dueDateColumnWidthPt = 66;

/** The schedule's columns; VAT only when some installment carries tax. */
export function disclosureColumns(
  sheet: Pick<DisclosureSheet, "locale" | "rows">,
): ReadonlyArray<DisclosureColumn> {
  const labels = disclosureLabels[sheet.locale].columns;
  const withTax = sheet.rows.some((row) => row.tax !== null);
  const amountKeys: ReadonlyArray<DisclosureColumnKey> = withTax
    ? ["principal", "interest", "fee", "tax", "total", "balanceAfter"]
    : ["principal", "interest", "fee", "total", "balanceAfter"];
  const amountWidthPt = (contentWidthPt - numberColumnWidthPt - dueDateColumnWidthPt) / amountKeys.length;
  return [
    { key: "number", label: labels.number, align: "left", widthPt: numberColumnWidthPt },
    { key: "dueDate", label: labels.dueDate, align: "left", widthPt: dueDateColumnWidthPt },
    ...amountKeys.map((key) => ({
      key,
      label: labels[key],
      align: "right" as const,
      widthPt: amountWidthPt,
    })),
  ];
}

function cellText(row: DisclosureRow, key: DisclosureColumnKey): string {
  switch (key) {
    case "number":
      return String(row.number);
    case "dueDate":
      return row.dueDate;
    case "principal":
      return row.principal;
    case "interest":
      return row.interest;
    case "fee":
      return row.fee;
    case "tax":
      return row.tax ?? "—";
    case "total":
      return row.total;
    case "balanceAfter":
      return row.balanceAfter;
  }
}

function totalsCellText(sheet: DisclosureSheet, key: DisclosureColumnKey): string {
  switch (key) {
    case "number":
      return disclosureLabels[sheet.locale].totalsRow;
    case "dueDate":
    case "balanceAfter":
      return "";
    case "principal":
      return sheet.totals.principal;
    case "interest":
      return sheet.totals.interest;
    case "fee":
      return sheet.totals.fee;
    case "tax":
      return sheet.totals.tax ?? "—";
    case "total":
      return sheet.totals.total;
  }
}

/** The footer's page number: "第 1 / 3 页", "Page 1 of 3". */
export function pageText(locale: DisclosureLocale, page: number, pageCount: number): string {
  return disclosureLabels[locale].pageText(page, pageCount);
}

// ---------------------------------------------------------------------------------------------
// Validation

function fieldIssue(path: string, code: string, message: string): FieldIssue {
  return { path, code, message };
}

function rateIssue(path: string, text: string): FieldIssue | null {
  try {
    parseDecimal(text);
    return null;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return fieldIssue(path, "INVALID_RATE", `${path} must be a decimal fraction such as 0.130319`);
  }
}

function instantOf(text: string): Temporal.Instant | null {
  try {
    return Temporal.Instant.from(text);
  } catch {
    return null;
  }
}

/** Every problem with `sheet` as data; throws VALIDATION_FAILED when there is one. */
function checkDisclosureSheet(sheet: DisclosureSheet): Date {
  const issues: FieldIssue[] = [];
  if (sheet.rows.length > disclosureRowsMax) {
    issues.push(
      fieldIssue(
        "rows",
        "TOO_MANY_ROWS",
        `a disclosure sheet has at most ${disclosureRowsMax} installments, got ${sheet.rows.length}`,
      ),
    );
  }
  const fields: ReadonlyArray<readonly [string, string | null]> = [
    ["organizationName", sheet.organizationName],
    ["customerName", sheet.customerName],
    ["customerCode", sheet.customerCode],
    ["planNumber", sheet.planNumber],
    ["status", sheet.status],
    ["contractDate", sheet.contractDate],
    ["currency", sheet.currency],
    ["accountingModeLabel", sheet.accountingModeLabel],
    ["methodLabel", sheet.methodLabel],
    ["frequencyLabel", sheet.frequencyLabel],
    ["dayCount", sheet.dayCount],
    ["price", sheet.price],
    ["downPayment", sheet.downPayment],
    ["financed", sheet.financed],
    ["upfrontFee", sheet.upfrontFee],
    ["totals.principal", sheet.totals.principal],
    ["totals.interest", sheet.totals.interest],
    ["totals.fee", sheet.totals.fee],
    ["totals.tax", sheet.totals.tax],
    ["totals.total", sheet.totals.total],
    ["totalPayable", sheet.totalPayable],
    ["subsidy", sheet.subsidy],
    ["rateCeiling.basis", sheet.rateCeiling?.basis ?? null],
  ];
  for (const [path, text] of fields) {
    if (text !== null && text.length > disclosureFieldLengthMax) {
      issues.push(
        fieldIssue(path, "TOO_LONG", `${path} has more than ${disclosureFieldLengthMax} characters`),
      );
    }
  }
  for (const [path, text] of [
    ["earlyRepayment", sheet.earlyRepayment],
    ["latePayment", sheet.latePayment],
  ] as const) {
    if (text.length > disclosureParagraphLengthMax) {
      issues.push(
        fieldIssue(path, "TOO_LONG", `${path} has more than ${disclosureParagraphLengthMax} characters`),
      );
    }
  }
  if (!Number.isSafeInteger(sheet.periods) || sheet.periods < 0) {
    issues.push(fieldIssue("periods", "NOT_A_COUNT", "periods must be a whole number"));
  }
  const rates: ReadonlyArray<readonly [string, string | null]> = [
    ["rates.nominal", sheet.rates.nominal],
    ["rates.effective", sheet.rates.effective],
    ["rates.usAprRegZ", sheet.rates.usAprRegZ],
    ["rates.euAprc", sheet.rates.euAprc],
    ["contractAnnualRate", sheet.contractAnnualRate],
    ["rateCeiling.ceilingRate", sheet.rateCeiling?.ceilingRate ?? null],
  ];
  for (const [path, text] of rates) {
    const issue = text === null ? null : rateIssue(path, text);
    if (issue !== null) issues.push(issue);
  }
  const generatedAt = instantOf(sheet.generatedAt);
  if (generatedAt === null) {
    issues.push(fieldIssue("generatedAt", "INVALID_INSTANT", "generatedAt must be an ISO 8601 instant"));
  }
  if (issues.length > 0 || generatedAt === null) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => issue.message).join("; "),
      issues,
    });
  }
  return new Date(generatedAt.epochMilliseconds);
}

// ---------------------------------------------------------------------------------------------
// Font

export interface CjkFont {
  readonly path: string;
  readonly regular: Buffer;
  /** The bold file next to the regular one; null when there is none (headings use regular). */
  readonly bold: Buffer | null;
}

let cachedFont: CjkFont | null = null;

/** The font file to use: the environment override, else the first known path that exists. */
export function findCjkFontPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[cjkFontEnvironmentVariable];
  if (override !== undefined && override !== "") {
    // A configured font that is missing is a setup mistake, not a reason to pick another one.
    if (!existsSync(override)) {
      throw new AppError("PDF_FONT_MISSING", {
        detail: `${cjkFontEnvironmentVariable}=${override}: no such file`,
      });
    }
    return override;
  }
  const found = cjkFontPaths.find((path) => existsSync(path));
  if (found === undefined) {
    throw new AppError("PDF_FONT_MISSING", {
      detail:
        `no CJK font at ${cjkFontPaths.join(", ")}: install the Debian package fonts-noto-cjk ` +
        `or set ${cjkFontEnvironmentVariable}`,
    });
  }
  return found;
}

/** Reads the font once per path: the collections are about 20 MB each. */
export function loadCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  const path = findCjkFontPath(env);
  if (cachedFont?.path === path) return cachedFont;
  const boldPath = join(dirname(path), "NotoSansCJK-Bold.ttc");
  const regular = readFont(path);
  const bold = path.endsWith("NotoSansCJK-Regular.ttc") && existsSync(boldPath) ? readFont(boldPath) : null;
  cachedFont = { path, regular, bold };
  return cachedFont;
}

function readFont(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new AppError("PDF_FONT_MISSING", { detail: `${path} cannot be read`, cause: error });
  }
}

/** TrueType/OpenType collections start with the tag "ttcf"; a face must then be named. */
function isFontCollection(data: Buffer): boolean {
  return data.subarray(0, 4).toString("latin1") === "ttcf";
}

// ---------------------------------------------------------------------------------------------
// Layout

type Document = PDFKit.PDFDocument;

const fontRegular = "cjk-regular";
const fontBold = "cjk-bold";

const footerHeightPt = 18;
const contentBottomPt = pageHeightPt - pageMarginPt - footerHeightPt;
const sectionGapPt = 8;
const tableRowHeightPt = 13;
const tableHeaderHeightPt = 15;
const tableCellPaddingPt = 3;

const colorText = "#1a1a1a";
const colorMuted = "#5c5c5c";
const colorRule = "#9a9a9a";
const colorAccent = "#1f4e8c";
const colorAccentFill = "#eef3fa";
const colorHeaderFill = "#ececec";

interface TextStyle {
  readonly bold?: boolean;
  readonly sizePt: number;
  readonly color?: string;
}

const styleTitle: TextStyle = { bold: true, sizePt: 15 };
const styleHeading: TextStyle = { bold: true, sizePt: 9.5 };
const styleBody: TextStyle = { sizePt: 8.5 };
const styleLabel: TextStyle = { sizePt: 8.5, color: colorMuted };
const styleCell: TextStyle = { sizePt: 8 };
const styleCellBold: TextStyle = { bold: true, sizePt: 8 };
const styleFooter: TextStyle = { sizePt: 7, color: colorMuted };
const styleHeadline: TextStyle = { bold: true, sizePt: 9.5, color: colorAccent };
const styleRateValue: TextStyle = { bold: true, sizePt: 18, color: colorAccent };
const styleBodyBold: TextStyle = { bold: true, sizePt: 8.5 };

interface Layout {
  readonly doc: Document;
  readonly sheet: DisclosureSheet;
  readonly labels: DisclosureLabels;
  /** The registered name of the bold font: the regular one when there is no bold file. */
  readonly boldFont: string;
}

function styled(layout: Layout, style: TextStyle): Document {
  return layout.doc
    .font(style.bold === true ? layout.boldFont : fontRegular)
    .fontSize(style.sizePt)
    .fillColor(style.color ?? colorText);
}

function lineHeightOf(layout: Layout, style: TextStyle): number {
  return styled(layout, style).currentLineHeight(true);
}

function widthOf(layout: Layout, text: string, style: TextStyle): number {
  return styled(layout, style).widthOfString(text);
}

function heightOf(layout: Layout, text: string, style: TextStyle, widthPt: number): number {
  return styled(layout, style).heightOfString(text, { width: widthPt, lineGap: 1 });
}

/**
 * One line at (x, y) without wrapping. Numbers are shrunk to fit rather than cut, since a cut
 * amount would state a different amount.
 */
function put(
  layout: Layout,
  text: string,
  at: { readonly x: number; readonly y: number; readonly widthPt: number; readonly align: "left" | "right" },
  style: TextStyle,
): void {
  if (text === "") return;
  const naturalWidthPt = widthOf(layout, text, style);
  const fitted =
    naturalWidthPt > at.widthPt ? { ...style, sizePt: (style.sizePt * at.widthPt) / naturalWidthPt } : style;
  const widthPt = Math.min(naturalWidthPt, at.widthPt);
  const x = at.align === "right" ? at.x + at.widthPt - widthPt : at.x;
  styled(layout, fitted).text(text, x, at.y, { lineBreak: false });
}

/** Wrapped text within `widthPt`; the caller has made room for it. */
function paragraph(
  layout: Layout,
  text: string,
  at: { readonly x: number; readonly y: number; readonly widthPt: number },
  style: TextStyle,
): void {
  if (text === "") return;
  styled(layout, style).text(text, at.x, at.y, { width: at.widthPt, lineGap: 1 });
}

/** Starts a new page when `heightPt` does not fit below the cursor; true if it did. */
function makeRoom(layout: Layout, heightPt: number): boolean {
  assert(heightPt <= contentBottomPt - pageMarginPt, `block of ${heightPt}pt is taller than a page`);
  if (layout.doc.y + heightPt <= contentBottomPt) return false;
  layout.doc.addPage();
  layout.doc.y = pageMarginPt;
  return true;
}

function rule(doc: Document, x: number, y: number, widthPt: number, color: string, lineWidthPt = 0.5): void {
  doc
    .moveTo(x, y)
    .lineTo(x + widthPt, y)
    .lineWidth(lineWidthPt)
    .strokeColor(color)
    .stroke();
}

function drawHeading(layout: Layout, text: string, keepWithPt: number): void {
  const { doc } = layout;
  const heightPt = lineHeightOf(layout, styleHeading) + 3;
  makeRoom(layout, heightPt + keepWithPt);
  const y = doc.y;
  put(layout, text, { x: pageMarginPt, y, widthPt: contentWidthPt, align: "left" }, styleHeading);
  doc.y = y + heightPt;
}

interface Pair {
  readonly label: string;
  readonly value: string;
  readonly emphasis?: boolean;
}

/** Label/value pairs in two columns; values wrap (header) or sit right-aligned on one line (amounts). */
function drawPairs(layout: Layout, pairs: ReadonlyArray<Pair>, values: "wrap" | "right"): void {
  const { doc } = layout;
  const gutterPt = 18;
  const columnWidthPt = (contentWidthPt - gutterPt) / 2;
  // Wrapped values (names) get half the column at least; one-line amounts need only their width.
  const valueWidthMinPt = values === "wrap" ? columnWidthPt / 2 : 70;
  const labelWidthPt = Math.min(
    columnWidthPt - valueWidthMinPt,
    Math.max(...pairs.map((pair) => widthOf(layout, `${pair.label}${layout.labels.colon}`, styleLabel))) + 4,
  );
  const valueWidthPt = columnWidthPt - labelWidthPt;
  for (let index = 0; index < pairs.length; index += 2) {
    const line = pairs.slice(index, index + 2);
    const heights = line.map((pair) => {
      const style = pair.emphasis === true ? styleBodyBold : styleBody;
      return Math.max(
        heightOf(layout, pair.label, styleLabel, labelWidthPt),
        values === "wrap" ? heightOf(layout, pair.value, style, valueWidthPt) : lineHeightOf(layout, style),
      );
    });
    const rowHeightPt = Math.max(...heights) + 2;
    makeRoom(layout, rowHeightPt);
    const y = doc.y;
    line.forEach((pair, column) => {
      const x = pageMarginPt + column * (columnWidthPt + gutterPt);
      const style = pair.emphasis === true ? styleBodyBold : styleBody;
      paragraph(layout, `${pair.label}${layout.labels.colon}`, { x, y, widthPt: labelWidthPt }, styleLabel);
      if (values === "wrap")
        paragraph(layout, pair.value, { x: x + labelWidthPt, y, widthPt: valueWidthPt }, style);
      else put(layout, pair.value, { x: x + labelWidthPt, y, widthPt: valueWidthPt, align: "right" }, style);
    });
    doc.y = y + rowHeightPt;
  }
}

function drawTitle(layout: Layout): void {
  const { doc, labels } = layout;
  const y = doc.y;
  put(layout, labels.title, { x: pageMarginPt, y, widthPt: contentWidthPt, align: "left" }, styleTitle);
  const bottom = y + lineHeightOf(layout, styleTitle) + 2;
  rule(doc, pageMarginPt, bottom, contentWidthPt, colorText, 1);
  doc.y = bottom + 6;
}

function drawPlanHeader(layout: Layout): void {
  const { sheet, labels } = layout;
  drawPairs(
    layout,
    [
      { label: labels.organization, value: sheet.organizationName },
      { label: labels.customer, value: labels.customerText(sheet.customerName, sheet.customerCode) },
      { label: labels.planNumber, value: sheet.planNumber },
      { label: labels.status, value: sheet.status },
      { label: labels.contractDate, value: sheet.contractDate },
      { label: labels.currency, value: sheet.currency },
      { label: labels.accountingMode, value: sheet.accountingModeLabel },
      { label: labels.method, value: sheet.methodLabel },
      { label: labels.frequency, value: sheet.frequencyLabel },
      { label: labels.periods, value: String(sheet.periods) },
      { label: labels.dayCount, value: sheet.dayCount },
    ],
    "wrap",
  );
  layout.doc.y += sectionGapPt;
}

/** The boxed rates: the PBOC annualized rate first and largest, then the others. */
function drawRates(layout: Layout): void {
  const { doc, sheet, labels } = layout;
  const paddingPt = 8;
  const innerX = pageMarginPt + paddingPt;
  const innerWidthPt = contentWidthPt - 2 * paddingPt;
  const valueWidthPt = 90;
  const labelWidthPt = innerWidthPt - valueWidthPt - 8;
  const headlineHeightPt = Math.max(
    heightOf(layout, labels.annualizedRate, styleHeadline, labelWidthPt),
    lineHeightOf(layout, styleRateValue),
  );
  const lines: ReadonlyArray<Pair> = [
    { label: labels.effectiveRate, value: percentText(sheet.rates.effective) },
    { label: labels.usAprRegZ, value: percentText(sheet.rates.usAprRegZ) },
    { label: labels.euAprc, value: percentText(sheet.rates.euAprc) },
    { label: labels.contractRate, value: percentText(sheet.contractAnnualRate) },
    ...(sheet.rateCeiling === null
      ? []
      : [
          {
            label: labels.rateCeiling,
            value:
              sheet.rateCeiling.ceilingRate === null
                ? labels.noCeiling
                : percentText(sheet.rateCeiling.ceilingRate),
          },
        ]),
  ];
  const lineHeightPt = lineHeightOf(layout, styleBody) + 1;
  const ceilingNote =
    sheet.rateCeiling === null
      ? ""
      : labels.ceilingDecision[sheet.rateCeiling.decision] +
        (sheet.rateCeiling.basis === ""
          ? ""
          : `${labels.separator}${labels.ceilingBasis}${labels.colon}${sheet.rateCeiling.basis}`);
  const noteHeightPt = ceilingNote === "" ? 0 : heightOf(layout, ceilingNote, styleLabel, innerWidthPt) + 1;
  const boxHeightPt = 2 * paddingPt + headlineHeightPt + 6 + lines.length * lineHeightPt + noteHeightPt;
  makeRoom(layout, boxHeightPt);
  const top = doc.y;
  doc
    .rect(pageMarginPt, top, contentWidthPt, boxHeightPt)
    .lineWidth(1.2)
    .fillAndStroke(colorAccentFill, colorAccent);
  let y = top + paddingPt;
  paragraph(layout, labels.annualizedRate, { x: innerX, y, widthPt: labelWidthPt }, styleHeadline);
  put(
    layout,
    percentText(sheet.rates.nominal),
    { x: innerX + innerWidthPt - valueWidthPt, y, widthPt: valueWidthPt, align: "right" },
    styleRateValue,
  );
  y += headlineHeightPt + 2;
  rule(doc, innerX, y, innerWidthPt, colorAccent, 0.5);
  y += 4;
  for (const line of lines) {
    put(layout, line.label, { x: innerX, y, widthPt: labelWidthPt, align: "left" }, styleBody);
    put(
      layout,
      line.value,
      { x: innerX + innerWidthPt - valueWidthPt, y, widthPt: valueWidthPt, align: "right" },
      styleBody,
    );
    y += lineHeightPt;
  }
  paragraph(layout, ceilingNote, { x: innerX, y, widthPt: innerWidthPt }, styleLabel);
  doc.y = top + boxHeightPt + sectionGapPt;
}

function drawAmounts(layout: Layout): void {
  const { sheet, labels } = layout;
  drawHeading(layout, labels.inCurrency(labels.amounts, sheet.currency), 3 * tableRowHeightPt);
  drawPairs(
    layout,
    [
      { label: labels.price, value: sheet.price },
      { label: labels.downPayment, value: sheet.downPayment },
      { label: labels.financed, value: sheet.financed },
      { label: labels.upfrontFee, value: sheet.upfrontFee },
      { label: labels.totalInterest, value: sheet.totals.interest },
      { label: labels.totalFees, value: sheet.totals.fee },
      ...(sheet.totals.tax === null ? [] : [{ label: labels.totalTax, value: sheet.totals.tax }]),
      ...(sheet.subsidy === null ? [] : [{ label: labels.subsidy, value: sheet.subsidy }]),
      { label: labels.totalPayable, value: sheet.totalPayable, emphasis: true },
    ],
    "right",
  );
  layout.doc.y += sectionGapPt;
}

function drawTableRow(
  layout: Layout,
  columns: ReadonlyArray<DisclosureColumn>,
  texts: ReadonlyArray<string>,
  options: { readonly heightPt: number; readonly style: TextStyle; readonly fill: string | null },
): void {
  const { doc } = layout;
  const top = doc.y;
  if (options.fill !== null) doc.rect(pageMarginPt, top, contentWidthPt, options.heightPt).fill(options.fill);
  const textY = top + (options.heightPt - lineHeightOf(layout, options.style)) / 2;
  let x = pageMarginPt;
  columns.forEach((column, index) => {
    put(
      layout,
      texts[index] ?? "",
      {
        x: x + tableCellPaddingPt,
        y: textY,
        widthPt: column.widthPt - 2 * tableCellPaddingPt,
        align: column.align,
      },
      options.style,
    );
    x += column.widthPt;
  });
  doc.y = top + options.heightPt;
}

function drawTableHeader(layout: Layout, columns: ReadonlyArray<DisclosureColumn>): void {
  drawTableRow(
    layout,
    columns,
    columns.map((column) => column.label),
    { heightPt: tableHeaderHeightPt, style: styleCellBold, fill: colorHeaderFill },
  );
  rule(layout.doc, pageMarginPt, layout.doc.y, contentWidthPt, colorRule);
}

function drawSchedule(layout: Layout): void {
  const { doc, sheet, labels } = layout;
  const columns = disclosureColumns(sheet);
  drawHeading(
    layout,
    labels.inCurrency(labels.schedule, sheet.currency),
    tableHeaderHeightPt + tableRowHeightPt,
  );
  drawTableHeader(layout, columns);
  for (const row of sheet.rows) {
    // The header row repeats on every page so that a loose page still reads.
    if (makeRoom(layout, tableRowHeightPt)) drawTableHeader(layout, columns);
    drawTableRow(
      layout,
      columns,
      columns.map((column) => cellText(row, column.key)),
      { heightPt: tableRowHeightPt, style: styleCell, fill: null },
    );
    rule(doc, pageMarginPt, doc.y, contentWidthPt, "#dddddd", 0.3);
  }
  if (makeRoom(layout, tableHeaderHeightPt)) drawTableHeader(layout, columns);
  rule(doc, pageMarginPt, doc.y, contentWidthPt, colorText, 0.8);
  drawTableRow(
    layout,
    columns,
    columns.map((column) => totalsCellText(sheet, column.key)),
    { heightPt: tableHeaderHeightPt, style: styleCellBold, fill: null },
  );
  doc.y += sectionGapPt;
}

function drawTerms(layout: Layout, heading: string, text: string): void {
  const { doc } = layout;
  const bodyHeightPt = heightOf(layout, text, styleBody, contentWidthPt);
  drawHeading(layout, heading, bodyHeightPt);
  const y = doc.y;
  paragraph(layout, text, { x: pageMarginPt, y, widthPt: contentWidthPt }, styleBody);
  doc.y = y + bodyHeightPt + sectionGapPt / 2;
}

function drawConfirmation(layout: Layout): void {
  const { doc, labels } = layout;
  const statementHeightPt = heightOf(layout, labels.confirmationStatement, styleBody, contentWidthPt);
  const signatureHeightPt = 28;
  const headingHeightPt = lineHeightOf(layout, styleHeading) + 3;
  // The block stays on one page: a signature must sit with the statement it confirms.
  makeRoom(layout, headingHeightPt + statementHeightPt + 6 + signatureHeightPt);
  drawHeading(layout, labels.confirmation, 0);
  let y = doc.y;
  paragraph(layout, labels.confirmationStatement, { x: pageMarginPt, y, widthPt: contentWidthPt }, styleBody);
  y += statementHeightPt + signatureHeightPt - lineHeightOf(layout, styleBody);
  const signatureLabel = `${labels.signature}${labels.colon}`;
  const dateLabel = `${labels.signatureDate}${labels.colon}`;
  const signatureLabelWidthPt = widthOf(layout, signatureLabel, styleBody);
  const dateLabelWidthPt = widthOf(layout, dateLabel, styleBody);
  const dateX = pageMarginPt + contentWidthPt * 0.62;
  const lineY = y + lineHeightOf(layout, styleBody) - 2;
  put(
    layout,
    signatureLabel,
    { x: pageMarginPt, y, widthPt: signatureLabelWidthPt, align: "left" },
    styleBody,
  );
  rule(
    doc,
    pageMarginPt + signatureLabelWidthPt + 2,
    lineY,
    dateX - pageMarginPt - signatureLabelWidthPt - 20,
    colorText,
  );
  put(layout, dateLabel, { x: dateX, y, widthPt: dateLabelWidthPt, align: "left" }, styleBody);
  rule(
    doc,
    dateX + dateLabelWidthPt + 2,
    lineY,
    pageMarginPt + contentWidthPt - dateX - dateLabelWidthPt - 2,
    colorText,
  );
  doc.y = y + lineHeightOf(layout, styleBody) + sectionGapPt;
}

/** Page numbers need the page count, so footers are drawn last on the buffered pages. */
function drawFooters(layout: Layout): void {
  const { doc, sheet, labels } = layout;
  const range = doc.bufferedPageRange();
  const ruleY = pageHeightPt - pageMarginPt - footerHeightPt + 5;
  const textY = ruleY + 3;
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    rule(doc, pageMarginPt, ruleY, contentWidthPt, colorRule);
    const page = labels.pageText(index - range.start + 1, range.count);
    const pageWidthPtOfText = widthOf(layout, page, styleFooter);
    put(layout, page, { x: pageMarginPt, y: textY, widthPt: contentWidthPt, align: "right" }, styleFooter);
    put(
      layout,
      `${labels.planNumber}${labels.colon}${sheet.planNumber}    ${labels.generatedAt}${labels.colon}${sheet.generatedAt}`,
      { x: pageMarginPt, y: textY, widthPt: contentWidthPt - pageWidthPtOfText - 12, align: "left" },
      styleFooter,
    );
  }
}

function collectPdf(doc: Document): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

/** Registers the fonts and returns the name to use for bold text. */
function registerFonts(doc: Document, font: CjkFont): string {
  const collection = isFontCollection(font.regular);
  if (collection) doc.registerFont(fontRegular, font.regular, cjkFaceRegular);
  else doc.registerFont(fontRegular, font.regular);
  // Never the same face under two names: pdfkit 0.20 then re-parses the whole file on every
  // switch to the second name (tens of seconds for a long schedule).
  if (font.bold !== null) doc.registerFont(fontBold, font.bold, cjkFaceBold);
  const boldFont = font.bold === null ? fontRegular : fontBold;
  try {
    doc.font(boldFont).font(fontRegular);
    return boldFont;
  } catch (error) {
    throw new AppError("PDF_FONT_MISSING", {
      detail: `${font.path} is not a usable font${collection ? ` or has no face ${cjkFaceRegular}` : ""}`,
      cause: error,
    });
  }
}

/** The disclosure sheet as a PDF. Throws VALIDATION_FAILED for a bad sheet, PDF_FONT_MISSING without a font. */
export async function renderDisclosurePdf(sheet: DisclosureSheet): Promise<Buffer> {
  const createdAt = checkDisclosureSheet(sheet);
  const font = loadCjkFont();
  const labels = disclosureLabels[sheet.locale];
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: pageMarginPt, bottom: pageMarginPt, left: pageMarginPt, right: pageMarginPt },
    bufferPages: true,
    lang: sheet.locale,
    displayTitle: true,
    // A fixed creation date makes the file identifier, and so the whole file, repeatable.
    info: {
      Title: `${labels.title} ${sheet.planNumber}`,
      Producer: "Credence",
      Creator: "Credence",
      CreationDate: createdAt,
    },
  });
  const pdf = collectPdf(doc);
  const layout: Layout = { doc, sheet, labels, boldFont: registerFonts(doc, font) };
  doc.y = pageMarginPt;
  drawTitle(layout);
  drawPlanHeader(layout);
  drawRates(layout);
  drawAmounts(layout);
  drawSchedule(layout);
  drawTerms(layout, labels.earlyRepayment, sheet.earlyRepayment);
  drawTerms(layout, labels.latePayment, sheet.latePayment);
  drawConfirmation(layout);
  drawFooters(layout);
  doc.end();
  return pdf;
}
