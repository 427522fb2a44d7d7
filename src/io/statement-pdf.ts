import { parseBusinessDate } from "../core/dates.ts";
import { AppError, assert, type FieldIssue } from "../core/errors.ts";
import { formatMinor } from "../core/money.ts";
import type { AgingBucket } from "../domain/payments/index.ts";
import {
  type StatementLine,
  type StatementLineKind,
  type StatementOfAccount,
  type StatementOpenItem,
  statementLinesMax,
} from "../domain/receivables/index.ts";
import {
  cellWidthOf,
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
  type PdfColumn,
  pageMarginPt,
  paragraph,
  put,
  rule,
  sectionGapPt,
  styleBody,
  styleBodyBold,
  styleCell,
  styleCellBold,
  styleLabel,
  type TextStyle,
  tableHeaderHeightPt,
  tableRowHeightPt,
  widthOf,
} from "./pdf-layout.ts";

/**
 * A customer's statement of account (对账单) as an A4 PDF, in Chinese or English: who sends it and
 * to whom, the period, the balances (closing one largest: it is the figure the customer confirms),
 * every line with its running balance, the open items and their aging, and the confirmation block
 * (对账确认) with the customer's link or the response already recorded. The same labels serve the
 * XLSX workbook (statement-workbook.ts), so both documents say the same thing.
 */

export type StatementLocale = "zh-CN" | "en";

/** The signed link through which the customer confirms the balance or disputes lines. */
export interface StatementConfirmationLink {
  readonly url: string;
  readonly expiresOn: string;
}

/** The customer's answer, once recorded. */
export interface StatementResponseView {
  readonly status: "confirmed" | "disputed";
  readonly by: string;
  /** As the caller wants it shown (an ISO 8601 instant, or a local date and time). */
  readonly at: string;
  readonly note: string | null;
}

export interface StatementPdfOptions {
  readonly locale: StatementLocale;
  readonly confirmation?: StatementConfirmationLink | null;
  /** Shown instead of the link: once the customer has answered, the link has done its job. */
  readonly response?: StatementResponseView | null;
}

/** Characters in a name, code or number on the statement; longer is not data a person typed. */
export const statementFieldLengthMax = 200;
/** Characters in the confirmation link: signed tokens are about 100, browsers accept 2,000. */
export const statementLinkLengthMax = 2_000;
/** Characters in the customer's note, as the response form accepts it; it fits on one page. */
export const statementResponseNoteLengthMax = 1_000;

// ---------------------------------------------------------------------------------------------
// Labels

export type StatementLineColumnKey =
  | "seq"
  | "date"
  | "document"
  | "kind"
  | "description"
  | "debit"
  | "credit"
  | "balance";
export type StatementOpenItemColumnKey = "document" | "documentDate" | "dueDate" | "open" | "daysPastDue";
export type StatementAgingColumnKey = "bucket" | "count" | "amount";

export interface StatementLabels {
  readonly title: string;
  readonly colon: string;
  readonly statementNumber: string;
  readonly organization: string;
  readonly customer: string;
  readonly customerCode: string;
  readonly creditCode: string;
  readonly period: string;
  readonly currency: string;
  readonly generatedOn: string;
  readonly summary: string;
  readonly opening: string;
  readonly debits: string;
  readonly credits: string;
  readonly closing: string;
  readonly lines: string;
  readonly lineColumns: Readonly<Record<StatementLineColumnKey, string>>;
  readonly kinds: Readonly<Record<StatementLineKind, string>>;
  readonly periodTotal: string;
  readonly openItems: string;
  readonly openItemColumns: Readonly<Record<StatementOpenItemColumnKey, string>>;
  readonly noOpenItems: string;
  readonly total: string;
  readonly aging: string;
  readonly agingColumns: Readonly<Record<StatementAgingColumnKey, string>>;
  readonly overdue: string;
  readonly notDue: string;
  readonly confirmation: string;
  readonly linkRequest: string;
  readonly paperRequest: string;
  readonly link: string;
  readonly linkExpiresOn: string;
  readonly response: string;
  readonly responses: Readonly<Record<StatementResponseView["status"], string>>;
  readonly respondedBy: string;
  readonly respondedAt: string;
  readonly responseNote: string;
  readonly signature: string;
  readonly signatureDate: string;
  readonly sheets: Readonly<Record<"statement" | "openItems" | "aging", string>>;
  readonly titleWithNumber: (number: string) => string;
  readonly periodText: (from: string, to: string) => string;
  readonly inCurrency: (heading: string, currency: string) => string;
  readonly asOf: (heading: string, date: string, currency: string) => string;
  readonly pastDueDays: (fromDays: number, toDays: number) => string;
  readonly pastDueOver: (days: number) => string;
  readonly pageText: (page: number, pageCount: number) => string;
}

export const statementLabels: Readonly<Record<StatementLocale, StatementLabels>> = {
  "zh-CN": {
    title: "对账单",
    colon: "：",
    statementNumber: "对账单编号",
    organization: "发出单位",
    customer: "客户",
    customerCode: "客户编码",
    creditCode: "统一社会信用代码",
    period: "对账期间",
    currency: "币种",
    generatedOn: "出具日期",
    summary: "余额汇总",
    opening: "期初余额",
    debits: "本期借方（应收增加）",
    credits: "本期贷方（回款及减少）",
    closing: "期末余额",
    lines: "往来明细",
    lineColumns: {
      seq: "行号",
      date: "日期",
      document: "单据号",
      kind: "类型",
      description: "摘要",
      debit: "借方",
      credit: "贷方",
      balance: "余额",
    },
    kinds: {
      invoice: "销售发票",
      debit_note: "补开应收",
      credit_note: "红字冲销",
      payment: "回款",
      discount: "现金折扣",
      write_off: "尾差核销",
      refund: "退款",
      reversal: "冲销",
      installment: "分期",
      other: "其他",
    },
    periodTotal: "本期合计",
    openItems: "未清项",
    openItemColumns: {
      document: "单据号",
      documentDate: "单据日期",
      dueDate: "到期日",
      open: "未清金额",
      daysPastDue: "逾期天数",
    },
    noOpenItems: "无未清项。",
    total: "合计",
    aging: "账龄",
    agingColumns: { bucket: "账龄区间", count: "笔数", amount: "金额" },
    overdue: "其中：已逾期",
    notDue: "未到期",
    confirmation: "对账确认",
    linkRequest: "请核对上述余额。如无误，请通过以下链接确认；如有差异，请在链接中注明有争议的行。",
    paperRequest: "请核对上述余额。如无误，请签字盖章后寄回；如有差异，请注明有争议的行号及金额。",
    link: "确认链接",
    linkExpiresOn: "链接有效期至",
    response: "客户回复",
    responses: { confirmed: "确认无误", disputed: "有异议" },
    respondedBy: "回复人",
    respondedAt: "回复时间",
    responseNote: "说明",
    signature: "客户确认（签字/盖章）",
    signatureDate: "日期",
    sheets: { statement: "对账单", openItems: "未清项", aging: "账龄" },
    titleWithNumber: (number) => `对账单　${number}`,
    periodText: (from, to) => `${from} 至 ${to}`,
    inCurrency: (heading, currency) => `${heading}（币种：${currency}）`,
    asOf: (heading, date, currency) => `${heading}（截至 ${date}，币种：${currency}）`,
    pastDueDays: (fromDays, toDays) => `逾期 ${fromDays}–${toDays} 天`,
    pastDueOver: (days) => `逾期 ${days} 天以上`,
    pageText: (page, pageCount) => `第 ${page} / ${pageCount} 页`,
  },
  en: {
    title: "Statement of account",
    colon: ": ",
    statementNumber: "Statement no.",
    organization: "From",
    customer: "Customer",
    customerCode: "Customer code",
    creditCode: "Unified social credit code",
    period: "Period",
    currency: "Currency",
    generatedOn: "Issued on",
    summary: "Summary",
    opening: "Opening balance",
    debits: "Debits (new charges)",
    credits: "Credits (payments, credits)",
    closing: "Closing balance",
    lines: "Transactions",
    lineColumns: {
      seq: "No.",
      date: "Date",
      document: "Document",
      kind: "Type",
      description: "Description",
      debit: "Debit",
      credit: "Credit",
      balance: "Balance",
    },
    kinds: {
      invoice: "Invoice",
      debit_note: "Debit note",
      credit_note: "Credit note",
      payment: "Payment",
      discount: "Discount",
      write_off: "Write-off",
      refund: "Refund",
      reversal: "Reversal",
      installment: "Installment",
      other: "Other",
    },
    periodTotal: "Period total",
    openItems: "Open items",
    openItemColumns: {
      document: "Document",
      documentDate: "Document date",
      dueDate: "Due date",
      open: "Open amount",
      daysPastDue: "Days past due",
    },
    noOpenItems: "No open items.",
    total: "Total",
    aging: "Aging",
    agingColumns: { bucket: "Age", count: "Items", amount: "Amount" },
    overdue: "of which past due",
    notDue: "Not yet due",
    confirmation: "Confirmation",
    linkRequest:
      "Please check the balance above. If it is correct, confirm it through the link below; if it " +
      "is not, mark the lines you dispute at the same link.",
    paperRequest:
      "Please check the balance above. If it is correct, sign, stamp and return this statement; if " +
      "it is not, note the numbers and amounts of the lines you dispute.",
    link: "Confirmation link",
    linkExpiresOn: "Link valid until",
    response: "Customer response",
    responses: { confirmed: "Confirmed", disputed: "Disputed" },
    respondedBy: "By",
    respondedAt: "At",
    responseNote: "Note",
    signature: "Confirmed by (signature/stamp)",
    signatureDate: "Date",
    sheets: { statement: "Statement", openItems: "Open items", aging: "Aging" },
    titleWithNumber: (number) => `Statement of account ${number}`,
    periodText: (from, to) => `${from} to ${to}`,
    inCurrency: (heading, currency) => `${heading} (${currency})`,
    asOf: (heading, date, currency) => `${heading} (as of ${date}, ${currency})`,
    pastDueDays: (fromDays, toDays) => `${fromDays}–${toDays} days past due`,
    pastDueOver: (days) => `Over ${days} days past due`,
    pageText: (page, pageCount) => `Page ${page} of ${pageCount}`,
  },
};

// ---------------------------------------------------------------------------------------------
// Pure helpers

/**
 * An amount with the currency's decimals and thousands separators: 123456789n CNY →
 * "1,234,567.89", -5n → "-0.05", 1500n JPY → "1,500". Exact: text from the integer, never a float.
 */
export function amountText(amountMinor: bigint, currency: string): string {
  const plain = formatMinor(amountMinor, currency);
  const sign = plain.startsWith("-") ? "-" : "";
  const unsigned = plain.slice(sign.length);
  const point = unsigned.indexOf(".");
  const integer = point === -1 ? unsigned : unsigned.slice(0, point);
  const fraction = point === -1 ? "" : unsigned.slice(point);
  return `${sign}${integer.replace(/\B(?=(\d{3})+$)/g, ",")}${fraction}`;
}

/** "未到期", "逾期 31–60 天", "逾期 365 天以上": from the bucket's bounds, not its key. */
export function agingBucketLabel(bucket: AgingBucket, locale: StatementLocale): string {
  const labels = statementLabels[locale];
  if (bucket.fromDays === null) return labels.notDue;
  if (bucket.toDays === null) return labels.pastDueOver(bucket.fromDays - 1);
  return labels.pastDueDays(bucket.fromDays, bucket.toDays);
}

const whitespaceRun = /\s+/gu;

/** One line of text: a description typed with line breaks would otherwise break the table row. */
export function oneLine(text: string): string {
  return text.replace(whitespaceRun, " ").trim();
}

function fieldIssue(path: string, code: string, message: string): FieldIssue {
  return { path, code, message };
}

function isBusinessDate(text: string): boolean {
  try {
    parseBusinessDate(text);
    return true;
  } catch {
    return false;
  }
}

function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * Everything wrong with what a statement document would show, as data: more than
 * `statementLinesMax` lines, over-long names, a link that is not http(s). Throws VALIDATION_FAILED.
 * Also checks that the statement adds up (opening + debits − credits = closing, the lines' sums,
 * the last running balance, the open items' total), a programmer error if not: the books must
 * never print a statement that does not add up.
 */
export function checkStatementDocument(
  statement: StatementOfAccount,
  options: Pick<StatementPdfOptions, "confirmation" | "response"> = {},
): void {
  const issues: FieldIssue[] = [];
  if (statement.lines.length > statementLinesMax) {
    issues.push(
      fieldIssue(
        "lines",
        "TOO_MANY_LINES",
        `a statement has at most ${statementLinesMax} lines, got ${statement.lines.length}: choose a shorter period`,
      ),
    );
  }
  const fields: ReadonlyArray<readonly [string, string | null]> = [
    ["number", statement.number],
    ["organizationName", statement.organizationName],
    ["customer.name", statement.customer.name],
    ["customer.code", statement.customer.code],
    ["customer.creditCode", statement.customer.creditCode],
    ["response.by", options.response?.by ?? null],
    ["response.at", options.response?.at ?? null],
  ];
  for (const [path, text] of fields) {
    if (text !== null && text.length > statementFieldLengthMax) {
      issues.push(
        fieldIssue(path, "TOO_LONG", `${path} has more than ${statementFieldLengthMax} characters`),
      );
    }
  }
  const note = options.response?.note ?? null;
  if (note !== null && note.length > statementResponseNoteLengthMax) {
    issues.push(
      fieldIssue(
        "response.note",
        "TOO_LONG",
        `response.note has more than ${statementResponseNoteLengthMax} characters`,
      ),
    );
  }
  const link = options.confirmation ?? null;
  if (link !== null) {
    if (link.url.length > statementLinkLengthMax || !isWebLink(link.url)) {
      issues.push(
        fieldIssue(
          "confirmation.url",
          "INVALID_URL",
          `confirmation.url must be an http(s) URL of at most ${statementLinkLengthMax} characters`,
        ),
      );
    }
    if (!isBusinessDate(link.expiresOn)) {
      issues.push(
        fieldIssue("confirmation.expiresOn", "INVALID_DATE", "confirmation.expiresOn must be YYYY-MM-DD"),
      );
    }
  }
  if (!isBusinessDate(statement.generatedOn)) {
    issues.push(fieldIssue("generatedOn", "INVALID_DATE", "generatedOn must be YYYY-MM-DD"));
  }
  if (issues.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      detail: issues.map((issue) => issue.message).join("; "),
      issues,
    });
  }
  assertStatementAddsUp(statement);
}

function assertStatementAddsUp(statement: StatementOfAccount): void {
  assert(
    statement.openingMinor + statement.debitTotalMinor - statement.creditTotalMinor ===
      statement.closingMinor,
    `statement ${statement.number}: opening + debits − credits ≠ closing`,
  );
  let debit = 0n;
  let credit = 0n;
  let balance = statement.openingMinor;
  for (const line of statement.lines) {
    assert(line.debitMinor >= 0n && line.creditMinor >= 0n, `statement line ${line.seq} has a negative side`);
    debit += line.debitMinor;
    credit += line.creditMinor;
    balance += line.debitMinor - line.creditMinor;
    assert(line.balanceMinor === balance, `statement line ${line.seq}: the running balance does not add up`);
  }
  assert(
    debit === statement.debitTotalMinor && credit === statement.creditTotalMinor,
    `statement ${statement.number}: the lines do not sum to the totals`,
  );
  assert(
    balance === statement.closingMinor,
    `statement ${statement.number}: the last balance is not the closing one`,
  );
  const open = statement.openItems.reduce((sum, item) => sum + item.openMinor, 0n);
  assert(open === statement.aging.totalMinor, `statement ${statement.number}: open items ≠ aging total`);
}

// ---------------------------------------------------------------------------------------------
// Columns

export interface StatementColumn<Key extends string> extends PdfColumn {
  readonly key: Key;
}

const seqColumnWidthPt = 26;
const dateColumnWidthPt = 52;
const documentColumnWidthPt = 74;
const kindColumnWidthPt = 50;
const amountColumnWidthPt = 64;
const balanceColumnWidthPt = 70;

/** The lines table: the description takes what the fixed columns leave of the A4 width. */
export function statementLineColumns(
  locale: StatementLocale,
): ReadonlyArray<StatementColumn<StatementLineColumnKey>> {
  const labels = statementLabels[locale].lineColumns;
  const fixedWidthPt =
    seqColumnWidthPt +
    dateColumnWidthPt +
    documentColumnWidthPt +
    kindColumnWidthPt +
    2 * amountColumnWidthPt +
    balanceColumnWidthPt;
  return [
    { key: "seq", label: labels.seq, align: "right", widthPt: seqColumnWidthPt },
    { key: "date", label: labels.date, align: "left", widthPt: dateColumnWidthPt },
    { key: "document", label: labels.document, align: "left", widthPt: documentColumnWidthPt },
    { key: "kind", label: labels.kind, align: "left", widthPt: kindColumnWidthPt },
    { key: "description", label: labels.description, align: "left", widthPt: contentWidthPt - fixedWidthPt },
    { key: "debit", label: labels.debit, align: "right", widthPt: amountColumnWidthPt },
    { key: "credit", label: labels.credit, align: "right", widthPt: amountColumnWidthPt },
    { key: "balance", label: labels.balance, align: "right", widthPt: balanceColumnWidthPt },
  ];
}

function openItemColumns(
  labels: StatementLabels,
): ReadonlyArray<StatementColumn<StatementOpenItemColumnKey>> {
  const columns = labels.openItemColumns;
  const fixedWidthPt = 3 * 80 + 90;
  return [
    { key: "document", label: columns.document, align: "left", widthPt: contentWidthPt - fixedWidthPt },
    { key: "documentDate", label: columns.documentDate, align: "left", widthPt: 80 },
    { key: "dueDate", label: columns.dueDate, align: "left", widthPt: 80 },
    { key: "open", label: columns.open, align: "right", widthPt: 90 },
    { key: "daysPastDue", label: columns.daysPastDue, align: "right", widthPt: 80 },
  ];
}

function agingColumns(labels: StatementLabels): ReadonlyArray<StatementColumn<StatementAgingColumnKey>> {
  const columns = labels.agingColumns;
  return [
    { key: "bucket", label: columns.bucket, align: "left", widthPt: contentWidthPt - 80 - 110 },
    { key: "count", label: columns.count, align: "right", widthPt: 80 },
    { key: "amount", label: columns.amount, align: "right", widthPt: 110 },
  ];
}

// ---------------------------------------------------------------------------------------------
// Layout

interface Layout extends PdfCanvas {
  readonly statement: StatementOfAccount;
  readonly labels: StatementLabels;
  readonly locale: StatementLocale;
}

const styleSummaryValue: TextStyle = { bold: true, sizePt: 10.5 };
const styleClosingValue: TextStyle = { bold: true, sizePt: 15, color: colorAccent };
const styleLink: TextStyle = { sizePt: 8.5, color: colorAccent };

function money(layout: Layout, amountMinor: bigint): string {
  return amountText(amountMinor, layout.statement.currency);
}

/** A side of a line: blank when zero, as on a paper ledger, so the side that moved stands out. */
function sideText(layout: Layout, amountMinor: bigint): string {
  return amountMinor === 0n ? "" : money(layout, amountMinor);
}

/**
 * Text cut with "…" to fit `widthPt`. For descriptions only: a description is a reminder of what
 * a line is, the document number and the amounts identify it and are never cut.
 */
function clipped(layout: Layout, text: string, style: TextStyle, widthPt: number): string {
  if (widthOf(layout, text, style) <= widthPt) return text;
  const characters = Array.from(text);
  let fits = 0;
  let tooLong = characters.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (widthOf(layout, `${characters.slice(0, middle).join("")}…`, style) <= widthPt) fits = middle;
    else tooLong = middle;
  }
  return `${characters.slice(0, fits).join("")}…`;
}

function drawHeader(layout: Layout): void {
  const { statement, labels } = layout;
  const pairs: Pair[] = [
    { label: labels.organization, value: statement.organizationName },
    { label: labels.customer, value: statement.customer.name },
    { label: labels.period, value: labels.periodText(statement.from, statement.to) },
    { label: labels.customerCode, value: statement.customer.code },
    { label: labels.currency, value: statement.currency },
    ...(statement.customer.creditCode === null
      ? []
      : [{ label: labels.creditCode, value: statement.customer.creditCode }]),
    { label: labels.generatedOn, value: statement.generatedOn },
  ];
  drawPairs(layout, pairs, { values: "wrap", colon: labels.colon });
  layout.doc.y += sectionGapPt;
}

/** Four boxed figures side by side; the closing balance, the one to confirm, largest and shaded. */
function drawSummary(layout: Layout): void {
  const { doc, statement, labels } = layout;
  const paddingPt = 7;
  const cellWidthPt = contentWidthPt / 4;
  const labelHeightPt = lineHeightOf(layout, styleLabel);
  const valueHeightPt = lineHeightOf(layout, styleClosingValue);
  const boxHeightPt = 2 * paddingPt + labelHeightPt + 2 + valueHeightPt;
  drawHeading(layout, labels.inCurrency(labels.summary, statement.currency), boxHeightPt);
  makeRoom(layout, boxHeightPt);
  const top = doc.y;
  const cells = [
    { label: labels.opening, amountMinor: statement.openingMinor, style: styleSummaryValue },
    { label: labels.debits, amountMinor: statement.debitTotalMinor, style: styleSummaryValue },
    { label: labels.credits, amountMinor: statement.creditTotalMinor, style: styleSummaryValue },
    { label: labels.closing, amountMinor: statement.closingMinor, style: styleClosingValue },
  ] as const;
  doc.rect(pageMarginPt + 3 * cellWidthPt, top, cellWidthPt, boxHeightPt).fill(colorAccentFill);
  cells.forEach((cell, index) => {
    const x = pageMarginPt + index * cellWidthPt;
    const innerWidthPt = cellWidthPt - 2 * paddingPt;
    put(
      layout,
      cell.label,
      { x: x + paddingPt, y: top + paddingPt, widthPt: innerWidthPt, align: "left" },
      styleLabel,
    );
    // Values share a baseline whatever their size.
    const valueY = top + paddingPt + labelHeightPt + 2 + valueHeightPt - lineHeightOf(layout, cell.style);
    put(
      layout,
      money(layout, cell.amountMinor),
      { x: x + paddingPt, y: valueY, widthPt: innerWidthPt, align: "right" },
      cell.style,
    );
    if (index > 0) {
      doc
        .moveTo(x, top + 4)
        .lineTo(x, top + boxHeightPt - 4)
        .lineWidth(0.5)
        .strokeColor(colorAccent)
        .stroke();
    }
  });
  doc.rect(pageMarginPt, top, contentWidthPt, boxHeightPt).lineWidth(1.2).stroke(colorAccent);
  doc.y = top + boxHeightPt + sectionGapPt;
}

/**
 * A table whose header row repeats on every page it runs onto, so that a loose page still reads,
 * and whose closing rows (totals) stay bold under a rule.
 */
function drawTable(
  layout: Layout,
  columns: ReadonlyArray<PdfColumn>,
  rows: Iterable<ReadonlyArray<string>>,
  totals: ReadonlyArray<ReadonlyArray<string>>,
): void {
  const { doc } = layout;
  drawTableHeader(layout, columns);
  for (const row of rows) {
    if (makeRoom(layout, tableRowHeightPt)) drawTableHeader(layout, columns);
    drawTableRow(layout, columns, row, { heightPt: tableRowHeightPt, style: styleCell, fill: null });
    rule(doc, pageMarginPt, doc.y, contentWidthPt, colorRowRule, 0.3);
  }
  if (totals.length === 0) return;
  if (makeRoom(layout, totals.length * tableHeaderHeightPt)) drawTableHeader(layout, columns);
  rule(doc, pageMarginPt, doc.y, contentWidthPt, colorText, 0.8);
  for (const row of totals) {
    drawTableRow(layout, columns, row, { heightPt: tableHeaderHeightPt, style: styleCellBold, fill: null });
  }
}

function lineCellText(
  layout: Layout,
  column: StatementColumn<StatementLineColumnKey>,
  line: StatementLine,
): string {
  switch (column.key) {
    case "seq":
      return String(line.seq);
    case "date":
      return line.date;
    case "document":
      return line.documentNumber ?? "";
    case "kind":
      return layout.labels.kinds[line.kind];
    case "description":
      return clipped(layout, oneLine(line.description), styleCell, cellWidthOf(column));
    case "debit":
      return sideText(layout, line.debitMinor);
    case "credit":
      return sideText(layout, line.creditMinor);
    case "balance":
      return money(layout, line.balanceMinor);
  }
}

function openItemCellText(layout: Layout, key: StatementOpenItemColumnKey, item: StatementOpenItem): string {
  switch (key) {
    case "document":
      return item.documentNumber;
    case "documentDate":
      return item.documentDate;
    case "dueDate":
      return item.dueDate;
    case "open":
      return money(layout, item.openMinor);
    case "daysPastDue":
      return item.daysPastDue > 0 ? String(item.daysPastDue) : "";
  }
}

function drawLines(layout: Layout): void {
  const { statement, labels } = layout;
  const columns = statementLineColumns(layout.locale);
  const byKey = (texts: Partial<Record<StatementLineColumnKey, string>>): string[] =>
    columns.map((column) => texts[column.key] ?? "");
  drawHeading(
    layout,
    labels.inCurrency(labels.lines, statement.currency),
    tableHeaderHeightPt + 2 * tableRowHeightPt,
  );
  // The opening balance heads the lines so that the first running balance can be checked by eye.
  const opening = byKey({
    date: statement.from,
    description: labels.opening,
    balance: money(layout, statement.openingMinor),
  });
  function* rows(): Generator<ReadonlyArray<string>> {
    yield opening;
    for (const line of statement.lines) yield columns.map((column) => lineCellText(layout, column, line));
  }
  drawTable(layout, columns, rows(), [
    byKey({
      description: labels.periodTotal,
      debit: money(layout, statement.debitTotalMinor),
      credit: money(layout, statement.creditTotalMinor),
      balance: money(layout, statement.closingMinor),
    }),
  ]);
  layout.doc.y += sectionGapPt;
}

function drawOpenItems(layout: Layout): void {
  const { doc, statement, labels } = layout;
  const columns = openItemColumns(labels);
  const heading = labels.asOf(labels.openItems, statement.to, statement.currency);
  if (statement.openItems.length === 0) {
    drawHeading(layout, heading, lineHeightOf(layout, styleBody));
    const y = doc.y;
    put(
      layout,
      labels.noOpenItems,
      { x: pageMarginPt, y, widthPt: contentWidthPt, align: "left" },
      styleBody,
    );
    doc.y = y + lineHeightOf(layout, styleBody) + sectionGapPt;
    return;
  }
  drawHeading(layout, heading, tableHeaderHeightPt + tableRowHeightPt);
  drawTable(
    layout,
    columns,
    statement.openItems.map((item) => columns.map((column) => openItemCellText(layout, column.key, item))),
    [
      columns.map((column) =>
        column.key === "document"
          ? labels.total
          : column.key === "open"
            ? money(layout, statement.aging.totalMinor)
            : "",
      ),
    ],
  );
  doc.y += sectionGapPt;
}

function drawAging(layout: Layout): void {
  const { statement, labels, locale } = layout;
  const columns = agingColumns(labels);
  const { buckets } = statement.aging;
  drawHeading(
    layout,
    labels.asOf(labels.aging, statement.to, statement.currency),
    tableHeaderHeightPt + (buckets.length + 2) * tableRowHeightPt,
  );
  const count = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  drawTable(
    layout,
    columns,
    buckets.map((bucket) => [
      agingBucketLabel(bucket, locale),
      String(bucket.count),
      money(layout, bucket.amountMinor),
    ]),
    [
      [labels.total, String(count), money(layout, statement.aging.totalMinor)],
      [labels.overdue, "", money(layout, statement.aging.overdueMinor)],
    ],
  );
  layout.doc.y += sectionGapPt;
}

/** The block stays on one page: a confirmation must sit with the request it answers. */
function drawConfirmation(
  layout: Layout,
  link: StatementConfirmationLink | null,
  response: StatementResponseView | null,
): void {
  const { doc, labels } = layout;
  const colon = labels.colon;
  const bodyLineHeightPt = lineHeightOf(layout, styleBody);
  const signatureGapPt = 28;
  // Once answered, the request has done its job: the response takes its place.
  const request = response !== null ? "" : link !== null ? labels.linkRequest : labels.paperRequest;
  const requestHeightPt = request === "" ? 0 : heightOf(layout, request, styleBody, contentWidthPt) + 4;
  const urlText = link === null ? "" : `${labels.link}${colon}${link.url}`;
  const note =
    response === null || response.note === null ? "" : `${labels.responseNote}${colon}${response.note}`;
  const detailHeightPt =
    response !== null
      ? 2 * (bodyLineHeightPt + 2) + (note === "" ? 0 : heightOf(layout, note, styleBody, contentWidthPt))
      : link !== null
        ? heightOf(layout, urlText, styleLink, contentWidthPt) + bodyLineHeightPt + 2
        : signatureGapPt;
  makeRoom(layout, headingHeightOf(layout) + requestHeightPt + detailHeightPt + 4);
  drawHeading(layout, labels.confirmation, 0);
  let y = doc.y;
  paragraph(layout, request, { x: pageMarginPt, y, widthPt: contentWidthPt }, styleBody);
  y += requestHeightPt;
  if (response !== null) {
    const status = `${labels.response}${colon}${labels.responses[response.status]}`;
    put(layout, status, { x: pageMarginPt, y, widthPt: contentWidthPt, align: "left" }, styleBodyBold);
    y += bodyLineHeightPt + 2;
    const who = `${labels.respondedBy}${colon}${oneLine(response.by)}    ${labels.respondedAt}${colon}${response.at}`;
    put(layout, who, { x: pageMarginPt, y, widthPt: contentWidthPt, align: "left" }, styleBody);
    y += bodyLineHeightPt + 2;
    paragraph(layout, note, { x: pageMarginPt, y, widthPt: contentWidthPt }, styleBody);
    y += note === "" ? 0 : heightOf(layout, note, styleBody, contentWidthPt);
  } else if (link !== null) {
    const urlHeightPt = heightOf(layout, urlText, styleLink, contentWidthPt);
    paragraph(layout, urlText, { x: pageMarginPt, y, widthPt: contentWidthPt }, styleLink);
    // The whole block is clickable, so a wrapped link still opens in one tap.
    doc.link(pageMarginPt, y, contentWidthPt, urlHeightPt, link.url);
    y += urlHeightPt;
    const expires = `${labels.linkExpiresOn}${colon}${link.expiresOn}`;
    put(layout, expires, { x: pageMarginPt, y, widthPt: contentWidthPt, align: "left" }, styleBody);
    y += bodyLineHeightPt + 2;
  } else {
    y += signatureGapPt - bodyLineHeightPt;
    drawSignatureLine(layout, y, {
      signature: `${labels.signature}${colon}`,
      date: `${labels.signatureDate}${colon}`,
    });
    y += bodyLineHeightPt;
  }
  doc.y = y + sectionGapPt;
}

/**
 * The statement as a PDF. Throws VALIDATION_FAILED for a statement or options it cannot show
 * (more than `statementLinesMax` lines), PDF_FONT_MISSING without the CJK font.
 */
export async function renderStatementPdf(
  statement: StatementOfAccount,
  options: StatementPdfOptions,
): Promise<Buffer> {
  checkStatementDocument(statement, options);
  const labels = statementLabels[options.locale];
  const { canvas, pdf } = openPdf({
    lang: options.locale,
    title: labels.titleWithNumber(statement.number),
    // The statement's own date, not the clock: the same statement renders to the same bytes.
    createdAt: new Date(`${statement.generatedOn}T00:00:00Z`),
  });
  const layout: Layout = { ...canvas, statement, labels, locale: options.locale };
  drawTitle(layout, labels.titleWithNumber(statement.number));
  drawHeader(layout);
  drawSummary(layout);
  drawLines(layout);
  drawOpenItems(layout);
  drawAging(layout);
  drawConfirmation(layout, options.confirmation ?? null, options.response ?? null);
  drawFooters(layout, {
    leftText: `${labels.statementNumber}${labels.colon}${statement.number}    ${labels.generatedOn}${labels.colon}${statement.generatedOn}`,
    pageText: labels.pageText,
  });
  layout.doc.end();
  return pdf;
}
