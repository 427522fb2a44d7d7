import { Temporal } from "temporal-polyfill";
import { decimal, multiply, parseDecimal, toFixedString } from "../core/decimal.ts";
import { AppError, type FieldIssue, isAppError } from "../core/errors.ts";
import {
  colorAccent,
  colorAccentFill,
  colorRowRule,
  colorText,
  contentWidthPt,
  drawFooters,
  drawHeading,
  drawPairs,
  drawSignatureLine,
  drawTableHeader,
  drawTableRow,
  drawTitle,
  headingHeightOf,
  heightOf,
  lineHeightOf,
  makeRoom,
  openPdf,
  type Pair,
  type PdfCanvas,
  pageMarginPt,
  paragraph,
  put,
  rule,
  sectionGapPt,
  styleBody,
  styleCell,
  styleCellBold,
  styleHeadline,
  styleLabel,
  type TextStyle,
  tableHeaderHeightPt,
  tableRowHeightPt,
} from "./pdf-layout.ts";

// The font moved to pdf-fonts.ts when the statement of account became a second PDF; these stay
// exported here for callers of the disclosure sheet.
export {
  type CjkFont,
  cjkFontEnvironmentVariable,
  cjkFontPaths,
  findCjkFontPath,
  loadCjkFont,
} from "./pdf-fonts.ts";

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
// Layout

const styleRateValue: TextStyle = { bold: true, sizePt: 18, color: colorAccent };

interface Layout extends PdfCanvas {
  readonly sheet: DisclosureSheet;
  readonly labels: DisclosureLabels;
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
    { values: "wrap", colon: labels.colon },
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
    { values: "right", colon: labels.colon },
  );
  layout.doc.y += sectionGapPt;
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
    rule(doc, pageMarginPt, doc.y, contentWidthPt, colorRowRule, 0.3);
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
  // The block stays on one page: a signature must sit with the statement it confirms.
  makeRoom(layout, headingHeightOf(layout) + statementHeightPt + 6 + signatureHeightPt);
  drawHeading(layout, labels.confirmation, 0);
  let y = doc.y;
  paragraph(layout, labels.confirmationStatement, { x: pageMarginPt, y, widthPt: contentWidthPt }, styleBody);
  y += statementHeightPt + signatureHeightPt - lineHeightOf(layout, styleBody);
  drawSignatureLine(layout, y, {
    signature: `${labels.signature}${labels.colon}`,
    date: `${labels.signatureDate}${labels.colon}`,
  });
  doc.y = y + lineHeightOf(layout, styleBody) + sectionGapPt;
}

/** The disclosure sheet as a PDF. Throws VALIDATION_FAILED for a bad sheet, PDF_FONT_MISSING without a font. */
export async function renderDisclosurePdf(sheet: DisclosureSheet): Promise<Buffer> {
  const createdAt = checkDisclosureSheet(sheet);
  const labels = disclosureLabels[sheet.locale];
  const { canvas, pdf } = openPdf({
    lang: sheet.locale,
    title: `${labels.title} ${sheet.planNumber}`,
    createdAt,
  });
  const layout: Layout = { ...canvas, sheet, labels };
  drawTitle(layout, labels.title);
  drawPlanHeader(layout);
  drawRates(layout);
  drawAmounts(layout);
  drawSchedule(layout);
  drawTerms(layout, labels.earlyRepayment, sheet.earlyRepayment);
  drawTerms(layout, labels.latePayment, sheet.latePayment);
  drawConfirmation(layout);
  drawFooters(layout, {
    leftText: `${labels.planNumber}${labels.colon}${sheet.planNumber}    ${labels.generatedAt}${labels.colon}${sheet.generatedAt}`,
    pageText: labels.pageText,
  });
  layout.doc.end();
  return pdf;
}
