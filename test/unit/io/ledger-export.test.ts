import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { currencyScale } from "../../../src/core/currency.ts";
import type { Account } from "../../../src/domain/ledger/index.ts";
import {
  hledgerAccountNames,
  hledgerJournal,
  journalCsv,
  type LedgerExportInput,
  trialBalanceCsv,
  voucherImportCsv,
  writeJournalXlsx,
  writeTrialBalanceXlsx,
  writeVoucherImportXlsx,
} from "../../../src/io/ledger-export.ts";
import type { LineView, TrialBalance, VoucherView } from "../../../src/services/ledger/index.ts";

// ---------------------------------------------------------------------------------------------
// Fixtures: a slice of the CAS chart and four vouchers built by hand.

function account(
  code: string,
  nameZh: string,
  nameEn: string,
  type: Account["type"],
  parentCode: string | null = null,
): Account {
  return {
    code,
    nameZh,
    nameEn,
    type,
    normalBalance: type === "asset" || type === "expense" || type === "cost" ? "debit" : "credit",
    parentCode,
    receivablesControl: code === "1122",
    active: true,
  };
}

// Out of code order on purpose: the journal declares accounts sorted.
const chart: ReadonlyArray<Account> = [
  account("6001", "主营业务收入", "Main operating revenue", "revenue"),
  account("22210102", "销项税额", "Output VAT", "liability", "222101"),
  account("2221", "应交税费", "Taxes payable", "liability"),
  account("222101", "应交增值税", "VAT payable", "liability", "2221"),
  account("1122", "应收账款", "Accounts receivable", "asset"),
  account("1002", "银行存款", "Cash in bank", "asset"),
  // A name an organization typed badly: a colon, a double space, a semicolon and a tab.
  account("6602", "管理费用: 办公  费;\t杂项", "Admin: office", "expense"),
];

function line(fields: Partial<LineView> & Pick<LineView, "lineNo" | "accountCode">): LineView {
  const known = chart.find((a) => a.code === fields.accountCode);
  return {
    accountNameZh: known?.nameZh ?? "",
    accountNameEn: known?.nameEn ?? "",
    customerId: null,
    customerCode: null,
    customerName: null,
    debitMinor: 0n,
    creditMinor: 0n,
    currency: "CNY",
    memo: null,
    ...fields,
  };
}

function voucher(fields: Partial<VoucherView> & Pick<VoucherView, "voucherId" | "lines">): VoucherView {
  return {
    period: "2026-11",
    number: 1n,
    label: "记-0001",
    date: "2026-11-05",
    kind: "event",
    eventType: null,
    memo: "",
    sourceType: null,
    sourceId: null,
    reversesVoucherId: null,
    reversedByVoucherId: null,
    createdBy: "kuaiji@example.test",
    createdAt: "2026-11-05T02:00:00.000Z",
    ...fields,
  };
}

const formulaName = '=HYPERLINK("http://evil.example","点我"), Ltd';

const invoice = voucher({
  voucherId: "v-1",
  eventType: "invoice_issued",
  memo: "销售开票",
  sourceType: "invoice",
  sourceId: "INV-1",
  reversedByVoucherId: "v-4",
  lines: [
    line({
      lineNo: 1n,
      accountCode: "1122",
      debitMinor: 113_000n,
      customerId: "cust-1",
      customerCode: "C001",
      customerName: "上海甲公司",
    }),
    line({ lineNo: 2n, accountCode: "6001", creditMinor: 100_000n }),
    line({ lineNo: 3n, accountCode: "22210102", creditMinor: 13_000n }),
  ],
});

const yenSale = voucher({
  voucherId: "v-2",
  number: 2n,
  label: "记-0002",
  date: "2026-11-06",
  kind: "manual",
  memo: '=HYPERLINK("http://evil.example","x")\n第二行; 注',
  lines: [
    line({ lineNo: 1n, accountCode: "1002", debitMinor: 5000n, currency: "JPY" }),
    line({ lineNo: 2n, accountCode: "6001", creditMinor: 5000n, currency: "JPY" }),
  ],
});

const payment = voucher({
  voucherId: "v-3",
  number: 3n,
  label: "记-0003",
  date: "2026-11-20",
  eventType: "payment_received",
  memo: "回款",
  lines: [
    line({ lineNo: 1n, accountCode: "1002", debitMinor: 50_005n }),
    line({
      lineNo: 2n,
      accountCode: "1122",
      creditMinor: 50_005n,
      customerId: "cust-2",
      customerCode: "C002",
      customerName: formulaName,
      memo: "部分回款\n尾差 0.05",
    }),
  ],
});

const reversal = voucher({
  voucherId: "v-4",
  period: "2026-12",
  date: "2026-12-01",
  kind: "reversal",
  eventType: "invoice_issued",
  memo: "冲销 2026-11 记-0001: 开错客户",
  sourceType: "invoice",
  sourceId: "INV-1",
  reversesVoucherId: "v-1",
  lines: invoice.lines.map((l) => ({ ...l, debitMinor: l.creditMinor, creditMinor: l.debitMinor })),
});

async function* stream<T>(items: ReadonlyArray<T>): AsyncGenerator<T> {
  yield* items;
}

function input(vouchers: ReadonlyArray<VoucherView>, fields: Partial<LedgerExportInput> = {}) {
  return {
    accounts: chart,
    vouchers: stream(vouchers),
    currencyScale,
    currencies: ["CNY"],
    language: "zh-CN" as const,
    ...fields,
  };
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let all = "";
  for await (const chunk of chunks) all += chunk;
  return all;
}

/** Posting lines pad amounts to a column; the tests compare them with any run of spaces as two. */
function squeeze(journal: string): string {
  return journal.replace(/(\S) {2,}(?=\S)/g, "$1  ");
}

async function xlsx(write: (output: NodeJS.WritableStream) => Promise<void>): Promise<ExcelJS.Workbook> {
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await write(output);
  const workbook = new ExcelJS.Workbook();
  const bytes = Buffer.concat(chunks);
  // exceljs types its input as an ArrayBuffer (its own `Buffer` interface); JSZip reads either.
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return workbook;
}

function rowValues(sheet: ExcelJS.Worksheet, rowNumber: number, columns: number): unknown[] {
  const row = sheet.getRow(rowNumber);
  return Array.from({ length: columns }, (_, index) => row.getCell(index + 1).value);
}

// ---------------------------------------------------------------------------------------------

describe("hledgerJournal", () => {
  it("writes directives and one transaction per voucher, exactly", async () => {
    const journal = await text(hledgerJournal(input([invoice])));
    expect(squeeze(journal)).toBe(
      [
        "; Credence journal (序时账) for hledger: one transaction per voucher.",
        "; Amounts: debit positive, credit negative, exact to the currency's minor unit.",
        '; Account names: "code name" of each level of the chart, joined by ":".',
        "; Tags: voucher (Credence voucher id), kind, event, source, reverses, reversed-by, customer.",
        "",
        "decimal-mark .",
        "",
        "commodity 1000.00 CNY",
        "",
        "account 1002 银行存款  ; type: A",
        "account 1122 应收账款  ; type: A",
        "account 2221 应交税费  ; type: L",
        "account 2221 应交税费:222101 应交增值税  ; type: L",
        "account 2221 应交税费:222101 应交增值税:22210102 销项税额  ; type: L",
        "account 6001 主营业务收入  ; type: R",
        "account 6602 管理费用： 办公 费； 杂项  ; type: X",
        "",
        "2026-11-05 (2026-11 记-0001) 销售开票",
        "    ; voucher:v-1",
        "    ; kind:event",
        "    ; event:invoice_issued",
        "    ; source:invoice:INV-1",
        "    ; reversed-by:v-4",
        "    1122 应收账款  1130.00 CNY  ; customer: C001 上海甲公司",
        "    6001 主营业务收入  -1000.00 CNY",
        "    2221 应交税费:222101 应交增值税:22210102 销项税额  -130.00 CNY",
        "",
        "",
      ].join("\n"),
    );
  });

  it("aligns amounts by display width, counting Chinese characters as two columns", async () => {
    const journal = await text(hledgerJournal(input([invoice])));
    const postings = journal.split("\n").filter((l) => /^ {4}[0-9]/.test(l));
    const endColumn = (l: string) => {
      const amountEnd = l.indexOf(" CNY") + " CNY".length;
      return [...l.slice(0, amountEnd)].reduce((w, c) => w + (/[\u3000-\u9fff]/.test(c) ? 2 : 1), 0);
    };
    expect(new Set(postings.map(endColumn)).size).toBe(1);
  });

  it("names accounts by their full path, in English on request", () => {
    const names = hledgerAccountNames(chart, "en");
    expect(names.get("22210102")).toBe("2221 Taxes payable:222101 VAT payable:22210102 Output VAT");
    expect(names.get("6602")).toBe("6602 Admin： office");
    const zh = hledgerAccountNames(chart, "zh-CN");
    for (const name of zh.values()) {
      expect(name.split(":").every((segment) => /^[0-9]+( \S+( \S+)*)?$/.test(segment))).toBe(true);
      expect(name).not.toMatch(/ {2}|;|\t/);
    }
  });

  it("falls back to the Chinese name when an English one is missing", () => {
    const names = hledgerAccountNames([account("1001", "库存现金", "", "asset")], "en");
    expect(names.get("1001")).toBe("1001 库存现金");
  });

  it("keeps memos on one line, turns ';' full-width, and declares a new currency before its first use", async () => {
    const journal = await text(hledgerJournal(input([invoice, yenSale])));
    expect(squeeze(journal)).toContain(
      [
        "commodity 1000. JPY",
        "",
        '2026-11-06 (2026-11 记-0002) =HYPERLINK("http://evil.example","x") 第二行； 注',
        "    ; voucher:v-2",
        "    ; kind:manual",
        "    1002 银行存款  5000 JPY",
        "    6001 主营业务收入  -5000 JPY",
        "",
      ].join("\n"),
    );
    expect(journal.match(/^commodity /gm)).toHaveLength(2);
  });

  it("declares each given currency once, up front", async () => {
    const journal = await text(hledgerJournal(input([yenSale], { currencies: ["CNY", "JPY", "CNY"] })));
    expect(journal.match(/^commodity .*$/gm)).toEqual(["commodity 1000.00 CNY", "commodity 1000. JPY"]);
    expect(journal.indexOf("commodity 1000. JPY")).toBeLessThan(journal.indexOf("account "));
  });

  it("tags customers with commas made full-width, line memos as posting comments, and reversal links", async () => {
    const journal = squeeze(await text(hledgerJournal(input([payment, reversal]))));
    expect(journal).toContain(
      [
        "    1122 应收账款  -500.05 CNY  ; customer: C002 " +
          '=HYPERLINK("http://evil.example"，"点我")， Ltd',
        "      ; 部分回款 尾差 0.05",
      ].join("\n"),
    );
    expect(journal).toContain(
      [
        "2026-12-01 (2026-12 记-0001) 冲销 2026-11 记-0001: 开错客户",
        "    ; voucher:v-4",
        "    ; kind:reversal",
        "    ; event:invoice_issued",
        "    ; source:invoice:INV-1",
        "    ; reverses:v-1",
        "    1122 应收账款  -1130.00 CNY  ; customer: C001 上海甲公司",
      ].join("\n"),
    );
  });

  it("writes amounts exactly from minor units, far beyond what a double holds", async () => {
    const huge = voucher({
      voucherId: "v-9",
      lines: [
        line({ lineNo: 1n, accountCode: "1002", debitMinor: 123_456_789_012_345_678_901n }),
        line({ lineNo: 2n, accountCode: "6001", creditMinor: 123_456_789_012_345_678_896n }),
        line({ lineNo: 3n, accountCode: "6001", creditMinor: 5n }),
      ],
    });
    const journal = squeeze(await text(hledgerJournal(input([huge]))));
    expect(journal).toContain("    1002 银行存款  1234567890123456789.01 CNY\n");
    expect(journal).toContain("    6001 主营业务收入  -1234567890123456788.96 CNY\n");
    expect(journal).toContain("    6001 主营业务收入  -0.05 CNY\n");
  });

  it("refuses a voucher that does not balance, an account outside the chart, and a parent cycle", async () => {
    const unbalanced = voucher({
      voucherId: "v-bad",
      lines: [
        line({ lineNo: 1n, accountCode: "1002", debitMinor: 100n }),
        line({ lineNo: 2n, accountCode: "6001", creditMinor: 99n }),
      ],
    });
    await expect(text(hledgerJournal(input([unbalanced])))).rejects.toThrow(/does not balance in CNY/);
    const stranger = voucher({
      voucherId: "v-odd",
      lines: [
        line({ lineNo: 1n, accountCode: "9999", debitMinor: 100n }),
        line({ lineNo: 2n, accountCode: "6001", creditMinor: 100n }),
      ],
    });
    await expect(text(hledgerJournal(input([stranger])))).rejects.toThrow(/9999, not in the chart/);
    expect(() =>
      hledgerAccountNames(
        [account("1001", "a", "a", "asset", "100101"), account("100101", "b", "b", "asset", "1001")],
        "zh-CN",
      ),
    ).toThrow(/parent cycle/);
  });
});

describe("journalCsv", () => {
  it("writes a BOM, a header and one CRLF record per line, exactly", async () => {
    const csv = await text(journalCsv(input([invoice, payment])));
    expect(csv).toBe(
      [
        "\uFEFF日期,会计期间,凭证号,摘要,科目编码,科目名称,客户编码,客户名称,借方金额,贷方金额,币别,凭证ID",
        "2026-11-05,2026-11,记-0001,销售开票,1122,应收账款,C001,上海甲公司,1130.00,0.00,CNY,v-1",
        "2026-11-05,2026-11,记-0001,销售开票,6001,主营业务收入,,,0.00,1000.00,CNY,v-1",
        "2026-11-05,2026-11,记-0001,销售开票,22210102,销项税额,,,0.00,130.00,CNY,v-1",
        "2026-11-20,2026-11,记-0003,回款,1002,银行存款,,,500.05,0.00,CNY,v-3",
        '2026-11-20,2026-11,记-0003,"部分回款\n尾差 0.05",1122,应收账款,C002,' +
          `"'=HYPERLINK(""http://evil.example"",""点我""), Ltd",0.00,500.05,CNY,v-3`,
        "",
      ].join("\r\n"),
    );
  });

  it("neutralizes a formula memo, quotes its line break, and writes JPY without decimals", async () => {
    const csv = await text(journalCsv(input([yenSale])));
    const records = csv.split("\r\n");
    expect(records[1]).toBe(
      `2026-11-06,2026-11,记-0002,"'=HYPERLINK(""http://evil.example"",""x"")\n第二行; 注",` +
        "1002,银行存款,,,5000,0,JPY,v-2",
    );
  });

  it("uses English headers and account names on request", async () => {
    const csv = await text(journalCsv({ ...input([invoice]), language: "en" }));
    const [header, first] = csv.split("\r\n");
    expect(header).toBe(
      "\uFEFFDate,Period,Voucher,Memo,Account code,Account name,Customer code,Customer name," +
        "Debit,Credit,Currency,Voucher ID",
    );
    expect(first).toBe(
      "2026-11-05,2026-11,记-0001,销售开票,1122,Accounts receivable,C001,上海甲公司,1130.00,0.00,CNY,v-1",
    );
  });

  it("refuses an unbalanced voucher here too", async () => {
    const unbalanced = voucher({
      voucherId: "v-bad",
      lines: [line({ lineNo: 1n, accountCode: "1002", debitMinor: 1n })],
    });
    await expect(text(journalCsv(input([unbalanced])))).rejects.toThrow(/does not balance/);
  });
});

describe("writeJournalXlsx", () => {
  it("writes a bold frozen header, date cells, numeric amounts and neutralized text", async () => {
    const workbook = await xlsx((output) => writeJournalXlsx(input([invoice, yenSale, payment]), output));
    const sheet = workbook.getWorksheet("序时账");
    if (sheet === undefined) throw new Error("no 序时账 sheet");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(rowValues(sheet, 1, 12)).toEqual([
      "日期",
      "会计期间",
      "凭证号",
      "摘要",
      "科目编码",
      "科目名称",
      "客户编码",
      "客户名称",
      "借方金额",
      "贷方金额",
      "币别",
      "凭证ID",
    ]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(1 + 3 + 2 + 2);

    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toEqual(new Date("2026-11-05T00:00:00.000Z"));
    expect(first.getCell(1).numFmt).toBe("yyyy-mm-dd");
    expect(first.getCell(5).value).toBe("1122");
    expect(first.getCell(9).value).toBe(1130);
    expect(first.getCell(9).numFmt).toBe("#,##0.00");
    expect(first.getCell(10).value).toBe(0);

    const yen = sheet.getRow(5);
    expect(yen.getCell(4).value).toBe('\'=HYPERLINK("http://evil.example","x")\n第二行; 注');
    expect(yen.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(yen.getCell(9).value).toBe(5000);
    expect(yen.getCell(9).numFmt).toBe("#,##0");

    const paid = sheet.getRow(8);
    expect(paid.getCell(8).value).toBe(`'${formulaName}`);
    expect(paid.getCell(8).type).toBe(ExcelJS.ValueType.String);
    expect(paid.getCell(10).value).toBe(500.05);
    expect(paid.getCell(7).value).toBe("C002");
    expect(sheet.getRow(7).getCell(7).value).toBeNull();
  });

  it("writes an amount as the double nearest its exact decimal, not a float division", async () => {
    const minor = 9_007_199_254_740_993n; // 2^53 + 1 分
    const big = voucher({
      voucherId: "v-big",
      lines: [
        line({ lineNo: 1n, accountCode: "1002", debitMinor: minor }),
        line({ lineNo: 2n, accountCode: "6001", creditMinor: minor }),
      ],
    });
    const workbook = await xlsx((output) => writeJournalXlsx(input([big]), output));
    const value = workbook.getWorksheet("序时账")?.getRow(2).getCell(9).value;
    expect(value).toBe(Number("90071992547409.93"));
    expect(value).not.toBe(Number(minor) / 100);
  });

  it("names the sheet in English on request", async () => {
    const workbook = await xlsx((output) => writeJournalXlsx({ ...input([]), language: "en" }, output));
    const sheet = workbook.getWorksheet("Journal");
    expect(sheet?.rowCount).toBe(1);
    expect(sheet?.getRow(1).getCell(9).value).toBe("Debit");
  });
});

const importHeaders = [
  "日期",
  "会计期间",
  "凭证字",
  "凭证号",
  "附单据数",
  "分录序号",
  "摘要",
  "科目编码",
  "科目名称",
  "借方金额",
  "贷方金额",
  "币别",
  "汇率",
  "原币金额",
  "客户编码",
  "客户名称",
  "制单人",
];

describe("voucher import file", () => {
  it("lays out 凭证字, 凭证号 and 分录序号 as the 金蝶/用友 templates do, in XLSX", async () => {
    const workbook = await xlsx((output) =>
      writeVoucherImportXlsx(
        { vouchers: stream([invoice, payment]), currencyScale, baseCurrency: "CNY" },
        output,
      ),
    );
    const sheet = workbook.getWorksheet("凭证");
    if (sheet === undefined) throw new Error("no 凭证 sheet");
    expect(rowValues(sheet, 1, 17)).toEqual(importHeaders);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(rowValues(sheet, 2, 17)).toEqual([
      new Date("2026-11-05T00:00:00.000Z"),
      "2026-11",
      "记",
      1,
      0,
      1,
      "销售开票",
      "1122",
      "应收账款",
      1130,
      0,
      "CNY",
      1,
      1130,
      "C001",
      "上海甲公司",
      "kuaiji@example.test",
    ]);
    expect(rowValues(sheet, 6, 17)).toEqual([
      new Date("2026-11-20T00:00:00.000Z"),
      "2026-11",
      "记",
      3,
      0,
      2,
      "部分回款 尾差 0.05",
      "1122",
      "应收账款",
      0,
      500.05,
      "CNY",
      1,
      500.05,
      "C002",
      `'${formulaName}`,
      "kuaiji@example.test",
    ]);
  });

  it("leaves the rate of a foreign-currency line empty and keeps 摘要 on one line, in CSV", async () => {
    const csv = await text(
      voucherImportCsv({ vouchers: stream([yenSale]), currencyScale, baseCurrency: "CNY" }),
    );
    expect(csv.split("\r\n")).toEqual([
      `\uFEFF${importHeaders.join(",")}`,
      `2026-11-06,2026-11,记,2,0,1,"'=HYPERLINK(""http://evil.example"",""x"") 第二行; 注",` +
        "1002,银行存款,5000,0,JPY,,5000,,,kuaiji@example.test",
      `2026-11-06,2026-11,记,2,0,2,"'=HYPERLINK(""http://evil.example"",""x"") 第二行; 注",` +
        "6001,主营业务收入,0,5000,JPY,,5000,,,kuaiji@example.test",
      "",
    ]);
  });
});

const trialBalance: TrialBalance = {
  from: "2026-11-01",
  to: "2026-11-30",
  rows: [
    {
      code: "1122",
      nameZh: "应收账款",
      nameEn: "Accounts receivable",
      type: "asset",
      normalBalance: "debit",
      parentCode: null,
      level: 1,
      isLeaf: true,
      currency: "CNY",
      openingDebitMinor: 10_000n,
      openingCreditMinor: 0n,
      debitMinor: 113_000n,
      creditMinor: 50_005n,
      closingDebitMinor: 72_995n,
      closingCreditMinor: 0n,
    },
    {
      code: "2221",
      nameZh: "应交税费",
      nameEn: "Taxes payable",
      type: "liability",
      normalBalance: "credit",
      parentCode: null,
      level: 1,
      isLeaf: false,
      currency: "CNY",
      openingDebitMinor: 0n,
      openingCreditMinor: 0n,
      debitMinor: 0n,
      creditMinor: 13_000n,
      closingDebitMinor: 0n,
      closingCreditMinor: 13_000n,
    },
    {
      code: "22210102",
      nameZh: "销项税额",
      nameEn: "Output VAT",
      type: "liability",
      normalBalance: "credit",
      parentCode: "222101",
      level: 3,
      isLeaf: true,
      currency: "CNY",
      openingDebitMinor: 0n,
      openingCreditMinor: 0n,
      debitMinor: 0n,
      creditMinor: 13_000n,
      closingDebitMinor: 0n,
      closingCreditMinor: 13_000n,
    },
    {
      code: "6001",
      nameZh: "主营业务收入",
      nameEn: "Main operating revenue",
      type: "revenue",
      normalBalance: "credit",
      parentCode: null,
      level: 1,
      isLeaf: true,
      currency: "CNY",
      openingDebitMinor: 0n,
      openingCreditMinor: 10_000n,
      debitMinor: 0n,
      creditMinor: 100_000n,
      closingDebitMinor: 0n,
      closingCreditMinor: 110_000n,
    },
  ],
  totals: [
    {
      currency: "CNY",
      openingDebitMinor: 10_000n,
      openingCreditMinor: 10_000n,
      debitMinor: 113_000n,
      creditMinor: 163_005n,
      closingDebitMinor: 72_995n,
      closingCreditMinor: 123_000n,
    },
  ],
};

describe("trial balance", () => {
  it("writes 科目余额表 as CSV with level and a 合计 row from the totals", () => {
    expect(trialBalanceCsv(trialBalance, "zh-CN").split("\r\n")).toEqual([
      "\uFEFF科目编码,科目名称,级次,期初借方,期初贷方,本期借方,本期贷方,期末借方,期末贷方,币别",
      "1122,应收账款,1,100.00,0.00,1130.00,500.05,729.95,0.00,CNY",
      "2221,应交税费,1,0.00,0.00,0.00,130.00,0.00,130.00,CNY",
      "22210102,销项税额,3,0.00,0.00,0.00,130.00,0.00,130.00,CNY",
      "6001,主营业务收入,1,0.00,100.00,0.00,1000.00,0.00,1100.00,CNY",
      ",合计,,100.00,100.00,1130.00,1630.05,729.95,1230.00,CNY",
      "",
    ]);
  });

  it("uses English headers and names on request", () => {
    const [header, first, , , , total] = trialBalanceCsv(trialBalance, "en").split("\r\n");
    expect(header).toBe(
      "\uFEFFAccount code,Account name,Level,Opening debit,Opening credit,Debit,Credit," +
        "Closing debit,Closing credit,Currency",
    );
    expect(first).toBe("1122,Accounts receivable,1,100.00,0.00,1130.00,500.05,729.95,0.00,CNY");
    expect(total).toBe(",Total,,100.00,100.00,1130.00,1630.05,729.95,1230.00,CNY");
  });

  it("prints an empty ledger's zero rows, whose currency is blank", () => {
    const empty: TrialBalance = {
      from: null,
      to: "2026-11-30",
      rows: trialBalance.rows.slice(0, 1).map((row) => ({
        ...row,
        currency: "",
        openingDebitMinor: 0n,
        debitMinor: 0n,
        creditMinor: 0n,
        closingDebitMinor: 0n,
      })),
      totals: [],
    };
    expect(trialBalanceCsv(empty, "zh-CN").split("\r\n")[1]).toBe("1122,应收账款,1,0,0,0,0,0,0,");
  });

  it("writes 科目余额表 as XLSX with numeric amounts and a bold 合计 row", async () => {
    const workbook = await xlsx((output) => writeTrialBalanceXlsx(trialBalance, "zh-CN", output));
    const sheet = workbook.getWorksheet("科目余额表");
    if (sheet === undefined) throw new Error("no 科目余额表 sheet");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(rowValues(sheet, 4, 10)).toEqual(["22210102", "销项税额", 3, 0, 0, 0, 130, 0, 130, "CNY"]);
    expect(sheet.getRow(4).getCell(9).numFmt).toBe("#,##0.00");
    expect(rowValues(sheet, 6, 10)).toEqual([
      null,
      "合计",
      null,
      100,
      100,
      1130,
      1630.05,
      729.95,
      1230,
      "CNY",
    ]);
    expect(sheet.getRow(6).getCell(2).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(2).font?.bold).not.toBe(true);
  });
});
