import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import {
  cjkFontEnvironmentVariable,
  type DisclosureLocale,
  type DisclosureRow,
  type DisclosureSheet,
  disclosureColumns,
  disclosureLabels,
  disclosureRowsMax,
  findCjkFontPath,
  loadCjkFont,
  pageText,
  percentText,
  renderDisclosurePdf,
} from "../../../src/io/disclosure-pdf.ts";

// Rendering embeds a subset of a 20 MB font collection; the first call also reads it.
const renderTimeoutMs = 30_000;

function rows(count: number, withTax: boolean): DisclosureRow[] {
  return Array.from({ length: count }, (_, index) => ({
    number: index + 1,
    dueDate: `${2026 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-15`,
    principal: "1,536.27",
    interest: "108.33",
    fee: "0.00",
    tax: withTax ? "6.50" : null,
    total: withTax ? "1,651.10" : "1,644.60",
    balanceAfter: "16,463.73",
  }));
}

function sheet(locale: DisclosureLocale, rowCount: number, withTax: boolean): DisclosureSheet {
  const zh = locale === "zh-CN";
  return {
    locale,
    organizationName: zh ? "示例商贸有限公司" : "Example Trading Co., Ltd.",
    customerName: zh ? "张三" : "Zhang San",
    customerCode: "C-0001",
    planNumber: "IP-2026-000123",
    status: zh ? "生效" : "Active",
    contractDate: "2026-01-15",
    currency: "CNY",
    accountingModeLabel: zh ? "表内" : "On balance sheet",
    methodLabel: zh ? "等额本息" : "Level payment",
    frequencyLabel: zh ? "每月" : "Monthly",
    dayCount: "30/360",
    periods: rowCount,
    price: "20,000.00",
    downPayment: "2,000.00",
    financed: "18,000.00",
    upfrontFee: "100.00",
    totals: {
      principal: "18,000.00",
      interest: "1,299.96",
      fee: "0.00",
      tax: withTax ? "78.00" : null,
      total: "19,377.96",
    },
    totalPayable: "21,477.96",
    subsidy: withTax ? null : "120.00",
    rates: { nominal: "0.130319", effective: "0.138032", usAprRegZ: "0.130319", euAprc: "0.138032" },
    contractAnnualRate: "0.120000",
    rateCeiling: { ceilingRate: "0.154000", basis: "4 × LPR", decision: "ok" },
    earlyRepayment: zh
      ? "客户可随时提前偿还全部或部分剩余本金，提前还款当期利息按实际占用天数计算，不收取违约金。"
      : "You may repay all or part of the balance at any time; interest runs to the day of repayment.",
    latePayment: zh
      ? "逾期未还的款项自逾期之日起按合同约定年利率的 1.5 倍计收罚息。"
      : "Overdue amounts bear default interest at 1.5 times the contract rate from the due date.",
    rows: rows(rowCount, withTax),
    generatedAt: "2026-11-23T08:15:00.000Z",
  };
}

/** Page objects, not the /Pages tree node. */
function pageCount(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type \/Page(?!s)/g) ?? []).length;
}

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("percentText", () => {
  it("shows a six-decimal fraction as a percentage with two decimals", () => {
    expect(percentText("0.130319")).toBe("13.03%");
    expect(percentText("0.154")).toBe("15.40%");
    expect(percentText("0")).toBe("0.00%");
    expect(percentText("1.5")).toBe("150.00%");
  });

  it("rounds half to even, as every disclosed rate", () => {
    expect(percentText("0.000050")).toBe("0.00%");
    expect(percentText("0.000150")).toBe("0.02%");
    expect(percentText("0.130351")).toBe("13.04%");
  });

  it("refuses text that is not a decimal", () => {
    expect(caught(() => percentText("13%"))).toBeInstanceOf(AppError);
  });
});

describe("disclosureColumns", () => {
  it("shows the VAT column only when an installment carries tax", () => {
    const withoutTax = disclosureColumns(sheet("zh-CN", 3, false));
    expect(withoutTax.map((column) => column.key)).toEqual([
      "number",
      "dueDate",
      "principal",
      "interest",
      "fee",
      "total",
      "balanceAfter",
    ]);
    const oneTaxedRow = sheet("zh-CN", 3, false);
    const taxed = disclosureColumns({
      ...oneTaxedRow,
      rows: oneTaxedRow.rows.map((row, index) => (index === 1 ? { ...row, tax: "1.30" } : row)),
    });
    expect(taxed.map((column) => column.label)).toEqual([
      "期次",
      "还款日",
      "本金",
      "利息",
      "手续费",
      "增值税",
      "应还合计",
      "剩余本金",
    ]);
  });

  it("right-aligns amounts and fills the A4 width inside 40 pt margins", () => {
    for (const withTax of [false, true]) {
      const columns = disclosureColumns(sheet("en", 2, withTax));
      const width = columns.reduce((sum, column) => sum + column.widthPt, 0);
      expect(width).toBeCloseTo(595.28 - 2 * 40, 6);
      expect(columns.filter((column) => column.align === "left").map((column) => column.key)).toEqual([
        "number",
        "dueDate",
      ]);
    }
  });
});

describe("labels", () => {
  it("puts the PBOC annualized rate label first in both languages", () => {
    expect(disclosureLabels["zh-CN"].annualizedRate).toBe(
      "年化利率（按中国人民银行公告〔2021〕第3号，内部收益率法）",
    );
    expect(disclosureLabels.en.annualizedRate).toBe("Annualized rate (IRR, PBOC announcement 2021 No. 3)");
    expect(disclosureLabels["zh-CN"].title).toBe("分期付款信息披露表");
    expect(disclosureLabels["zh-CN"].signature).toBe("客户确认（签字/盖章）");
  });

  it("has every label in both languages", () => {
    const zh = disclosureLabels["zh-CN"];
    const en = disclosureLabels.en;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(zh)) {
      if (typeof value === "string" && key !== "colon" && key !== "separator") {
        expect(value, key).toMatch(/\p{Script=Han}/u);
        expect(en[key as keyof typeof en], key).toMatch(/^[\x20-\x7e×]+$/);
      }
    }
  });

  it("numbers pages in the sheet's language", () => {
    expect(pageText("zh-CN", 1, 3)).toBe("第 1 / 3 页");
    expect(pageText("en", 2, 3)).toBe("Page 2 of 3");
  });
});

describe("the CJK font", () => {
  it("is found at the Debian path of fonts-noto-cjk", () => {
    expect(findCjkFontPath({})).toBe("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    expect(loadCjkFont({}).regular.subarray(0, 4).toString("latin1")).toBe("ttcf");
  });

  it("is read once", () => {
    expect(loadCjkFont({})).toBe(loadCjkFont({}));
  });

  it("is a PDF_FONT_MISSING error (503) when the configured file does not exist", () => {
    const error = caught(() => loadCjkFont({ [cjkFontEnvironmentVariable]: "/nonexistent/font.ttc" }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "PDF_FONT_MISSING", status: 503 });
    expect((error as AppError).message).toContain("/nonexistent/font.ttc");
  });
});

describe("renderDisclosurePdf", () => {
  it(
    "renders a 12-installment Chinese sheet on one page with the CJK font embedded",
    async () => {
      const pdf = await renderDisclosurePdf(sheet("zh-CN", 12, true));
      expect(pdf).toBeInstanceOf(Buffer);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pdf.subarray(-6).toString("latin1")).toContain("%%EOF");
      expect(pageCount(pdf)).toBe(1);
      expect(pdf.includes("NotoSansCJKsc-Regular")).toBe(true);
      expect(pdf.includes("/Lang (zh-CN)")).toBe(true);
    },
    renderTimeoutMs,
  );

  it(
    "is repeatable: the same sheet gives the same bytes",
    async () => {
      const first = await renderDisclosurePdf(sheet("zh-CN", 12, true));
      const second = await renderDisclosurePdf(sheet("zh-CN", 12, true));
      expect(first.equals(second)).toBe(true);
      const later = await renderDisclosurePdf({
        ...sheet("zh-CN", 12, true),
        generatedAt: "2026-11-24T00:00:00Z",
      });
      expect(first.equals(later)).toBe(false);
    },
    renderTimeoutMs,
  );

  it(
    "spreads a 120-installment English sheet over several pages",
    async () => {
      const pdf = await renderDisclosurePdf(sheet("en", 120, false));
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pageCount(pdf)).toBeGreaterThan(1);
      expect(pdf.includes("NotoSansCJK")).toBe(true);
      expect(pdf.includes("/Lang (en)")).toBe(true);
    },
    renderTimeoutMs,
  );

  it(
    `accepts ${disclosureRowsMax} installments and refuses one more`,
    async () => {
      const largest = await renderDisclosurePdf(sheet("en", disclosureRowsMax, true));
      expect(pageCount(largest)).toBeGreaterThan(20);
      const error = await rejection(renderDisclosurePdf(sheet("en", disclosureRowsMax + 1, true)));
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: "VALIDATION_FAILED",
        status: 400,
        issues: [{ path: "rows", code: "TOO_MANY_ROWS" }],
      });
    },
    renderTimeoutMs,
  );

  it("names every bad field of a sheet", async () => {
    const bad: DisclosureSheet = {
      ...sheet("zh-CN", 2, false),
      rates: { nominal: "13.03%", effective: "0.138032", usAprRegZ: "0.130319", euAprc: "0.138032" },
      generatedAt: "yesterday",
      planNumber: "P".repeat(201),
    };
    const error = await rejection(renderDisclosurePdf(bad));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect((error as AppError).issues.map((issue) => `${issue.path} ${issue.code}`)).toEqual([
      "planNumber TOO_LONG",
      "rates.nominal INVALID_RATE",
      "generatedAt INVALID_INSTANT",
    ]);
  });
});
