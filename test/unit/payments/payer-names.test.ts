import { describe, expect, it } from "vitest";
import {
  coreBigrams,
  coreSimilarity,
  diceCoefficient,
  normalizeCompanyName,
  payerNameSimilarity,
} from "../../../src/domain/payments/payer-names.ts";

const core = (name: string) => normalizeCompanyName(name).core;

describe("normalizeCompanyName: Chinese names", () => {
  it("gives one core for the ways a company is written", () => {
    for (const name of [
      "上海星辰科技有限公司",
      "星辰科技（上海）有限公司",
      "上海星辰科技有限责任公司",
      "星辰科技",
      "上海市星辰科技有限公司",
      "星辰科技(上海)有限公司",
      "星辰科技【上海】有限公司",
      "  上海 星辰科技 有限公司 ",
      "星辰科技有限公司",
      "星辰科技股份有限公司",
      "星辰科技集团有限公司",
      "星辰科技集团股份有限公司",
    ]) {
      expect(core(name), name).toBe("星辰科技");
    }
  });

  it("reports the region and the outermost legal form as written", () => {
    expect(normalizeCompanyName("上海星辰科技有限公司")).toEqual({
      core: "星辰科技",
      region: "上海",
      legalForm: "有限公司",
    });
    expect(normalizeCompanyName("星辰科技（上海）有限公司")).toEqual({
      core: "星辰科技",
      region: "上海",
      legalForm: "有限公司",
    });
    expect(normalizeCompanyName("上海星辰科技有限责任公司")).toEqual({
      core: "星辰科技",
      region: "上海",
      legalForm: "有限责任公司",
    });
    expect(normalizeCompanyName("星辰科技")).toEqual({ core: "星辰科技", region: null, legalForm: null });
    // 集团 under 股份有限公司: the outer form is the one reported.
    expect(normalizeCompanyName("星辰科技集团股份有限公司").legalForm).toBe("股份有限公司");
  });

  it("folds full-width letters, digits and brackets (NFKC) and lower-cases Latin", () => {
    expect(normalizeCompanyName("ＡＢＣ贸易（北京）有限公司")).toEqual({
      core: "abc贸易",
      region: "北京",
      legalForm: "有限公司",
    });
    expect(core("星辰１号科技有限公司")).toBe("星辰1号科技");
  });

  it("drops spaces and punctuation, Chinese and ASCII", () => {
    expect(core("星辰·科技、有限公司。")).toBe("星辰科技");
    expect(core("星辰，科技&有限-公司")).toBe("星辰科技");
    expect(core("星 辰 科 技 [有限公司]")).toBe("星辰科技");
  });

  it("knows all province-level names with and without their suffix", () => {
    const regions: ReadonlyArray<readonly [string, string]> = [
      ["北京市", "北京"],
      ["天津", "天津"],
      ["重庆市", "重庆"],
      ["黑龙江省", "黑龙江"],
      ["陕西省", "陕西"],
      ["山西", "山西"],
      ["台湾省", "台湾"],
      ["内蒙古自治区", "内蒙古"],
      ["内蒙古", "内蒙古"],
      ["广西壮族自治区", "广西"],
      ["西藏自治区", "西藏"],
      ["宁夏回族自治区", "宁夏"],
      ["新疆维吾尔自治区", "新疆"],
      ["香港特别行政区", "香港"],
      ["澳门", "澳门"],
    ];
    for (const [written, short] of regions) {
      expect(normalizeCompanyName(`${written}星辰科技有限公司`), written).toEqual({
        core: "星辰科技",
        region: short,
        legalForm: "有限公司",
      });
    }
  });

  it("knows large cities, with and without 市, and keeps the city after a province", () => {
    expect(normalizeCompanyName("深圳市星辰科技有限公司").region).toBe("深圳");
    expect(normalizeCompanyName("乌鲁木齐星辰科技有限公司").region).toBe("乌鲁木齐");
    expect(normalizeCompanyName("广东省深圳市星辰科技有限公司")).toEqual({
      core: "星辰科技",
      region: "深圳",
      legalForm: "有限公司",
    });
    expect(normalizeCompanyName("星辰科技（中国）有限公司")).toEqual({
      core: "星辰科技",
      region: "中国",
      legalForm: "有限公司",
    });
    // Leading, 中国 is part of a national name, not a region.
    expect(normalizeCompanyName("中国星辰航运有限公司")).toEqual({
      core: "中国星辰航运",
      region: null,
      legalForm: "有限公司",
    });
  });

  it("keeps a region that would leave only an industry (上海银行 is not 北京银行)", () => {
    expect(normalizeCompanyName("上海银行")).toEqual({ core: "上海银行", region: null, legalForm: null });
    expect(core("北京银行股份有限公司")).toBe("北京银行");
  });

  it("strips the other legal forms", () => {
    const forms: ReadonlyArray<readonly [string, string]> = [
      ["星辰机械厂", "厂"],
      ["星辰五金商行", "商行"],
      ["星辰建材经营部", "经营部"],
      ["星辰服装个体工商户", "个体工商户"],
      ["张三（个体工商户）", "个体工商户"],
      ["星辰科技总公司", "总公司"],
      ["星辰科技集团", "集团"],
      ["星辰科技公司", "公司"],
    ];
    for (const [name, form] of forms) {
      expect(normalizeCompanyName(name).legalForm, name).toBe(form);
    }
    expect(core("星辰机械厂")).toBe("星辰机械");
    expect(core("张三（个体工商户）")).toBe("张三");
  });

  it("marks a branch with 分公司 and gives it the company's core and the branch's region", () => {
    expect(normalizeCompanyName("上海星辰科技有限公司北京分公司")).toEqual({
      core: "星辰科技",
      region: "北京",
      legalForm: "分公司",
    });
    expect(normalizeCompanyName("星辰科技有限公司分公司").legalForm).toBe("分公司");
  });

  it("never strips a name down to nothing", () => {
    expect(core("公司")).toBe("公司");
    // 有限公司 whole would leave nothing; 公司 leaves the two characters a core needs.
    expect(core("有限公司")).toBe("有限");
    expect(core("上海")).toBe("上海");
    expect(core("")).toBe("");
  });
});

describe("normalizeCompanyName: Latin names", () => {
  it("strips English legal forms word by word", () => {
    for (const name of [
      "Xingchen Technology Co., Ltd.",
      "XINGCHEN TECHNOLOGY COMPANY LIMITED",
      "Xingchen Technology Limited",
      "Xingchen Technology Ltd",
      "Xingchen Technology, Inc.",
      "Xingchen Technology Corp.",
      "Xingchen Technology Corporation",
      "Xingchen Technology LLC",
      "Xingchen Technology GmbH",
      "Xingchen Technology plc",
      "xingchen technology",
    ]) {
      expect(core(name), name).toBe("xingchentechnology");
    }
    expect(normalizeCompanyName("Xingchen Technology Co., Ltd.").legalForm).toBe("co ltd");
  });

  it("strips a region in pinyin, leading, trailing or in parentheses", () => {
    for (const name of [
      "Shanghai Xingchen Technology Co Ltd",
      "Xingchen Technology (Shanghai) Co., Ltd.",
      "Xingchen Technology Shanghai Co., Ltd.",
      "ＸＩＮＧＣＨＥＮ ＴＥＣＨＮＯＬＯＧＹ（ＳＨＡＮＧＨＡＩ）ＣＯ．，ＬＴＤ．",
    ]) {
      expect(normalizeCompanyName(name), name).toMatchObject({ core: "xingchentechnology", region: "上海" });
    }
    expect(normalizeCompanyName("Hong Kong Xingchen Trading Limited")).toEqual({
      core: "xingchentrading",
      region: "香港",
      legalForm: "limited",
    });
    expect(normalizeCompanyName("Xingchen Technology Co Ltd Shanghai Branch")).toEqual({
      core: "xingchentechnology",
      region: "上海",
      legalForm: "co ltd branch",
    });
  });

  it("keeps a one-word name even when it is a legal word or a region", () => {
    expect(core("Limited")).toBe("limited");
    expect(core("Shanghai")).toBe("shanghai");
  });
});

describe("payerNameSimilarity", () => {
  it("is 1 for the same core however written", () => {
    expect(payerNameSimilarity("上海星辰科技有限公司", "星辰科技（上海）有限责任公司")).toBe(1);
    expect(payerNameSimilarity("星辰科技", "上海市星辰科技有限公司")).toBe(1);
    expect(
      payerNameSimilarity("XINGCHEN TECHNOLOGY CO LTD", "Xingchen Technology (Shanghai) Co., Ltd."),
    ).toBe(1);
  });

  it("is the Dice coefficient of character bigrams otherwise", () => {
    // 星辰科技 {星辰, 辰科, 科技} and 星晨科技 {星晨, 晨科, 科技} share 科技: 2·1 / (3 + 3) = 1/3.
    expect(payerNameSimilarity("星辰科技有限公司", "星晨科技有限公司")).toBeCloseTo(1 / 3, 12);
    // 星辰智能科技 {星辰, 辰智, 智能, 能科, 科技}, 星辰智慧科技 {星辰, 辰智, 智慧, 慧科, 科技}: 2·3/10.
    expect(payerNameSimilarity("星辰智能科技", "星辰智慧科技")).toBeCloseTo(0.6, 12);
    // Latin on the letters: xingchentech (11 bigrams) and xingchentek (10) share 9: 18/21.
    expect(payerNameSimilarity("Xingchen Tech", "Xingchen Tek")).toBeCloseTo(18 / 21, 12);
  });

  it("raises a core of 4 characters or more contained in the other to 0.75 + 0.2 × ratio", () => {
    // Dice: 星辰科技 {3 bigrams} in 星辰科技发展 {5}: 2·3/8 = 0.75; containment 0.75 + 0.2 · 4/6.
    expect(payerNameSimilarity("星辰科技", "星辰科技发展有限公司")).toBeCloseTo(0.75 + 0.2 * (4 / 6), 12);
    // Three characters are too few to count as containment: Dice only, 2·2/(2 + 4) = 2/3.
    expect(coreSimilarity("星辰科", "星辰科技发")).toBeCloseTo(2 / 3, 12);
  });

  it("scores pinyin or English against Chinese 0: nothing is transliterated", () => {
    expect(payerNameSimilarity("Xingchen Technology Co Ltd", "上海星辰科技有限公司")).toBe(0);
    expect(payerNameSimilarity("XINGCHEN KEJI", "星辰科技")).toBe(0);
  });

  it("never scores different cores 1, even with equal bigram multisets", () => {
    // abca {ab, bc, ca} and bcab {bc, ca, ab}: Dice 1, capped at 0.99.
    expect(coreSimilarity("abca", "bcab")).toBe(0.99);
  });

  it("is 0 for an empty name and symmetric", () => {
    expect(payerNameSimilarity("", "星辰科技")).toBe(0);
    expect(payerNameSimilarity("有限公司", "")).toBe(0);
    const pairs: ReadonlyArray<readonly [string, string]> = [
      ["星辰科技", "星辰科技发展"],
      ["华鑫贸易", "华鑫商贸"],
      ["Xingchen", "Xingchen Tech"],
    ];
    for (const [a, b] of pairs) expect(payerNameSimilarity(a, b)).toBe(payerNameSimilarity(b, a));
  });
});

describe("bigrams and Dice", () => {
  it("counts bigrams as a multiset in text order", () => {
    expect(coreBigrams("星辰科技")).toEqual(["星辰", "辰科", "科技"]);
    expect(coreBigrams("星")).toEqual(["星"]);
    expect(coreBigrams("")).toEqual([]);
    expect(coreBigrams("aaa")).toEqual(["aa", "aa"]);
  });

  it("matches repeated bigrams once each", () => {
    // {aa, aa} against {aa, aa, aa}: 2 shared, 2·2/5.
    expect(diceCoefficient(["aa", "aa"], ["aa", "aa", "aa"])).toBeCloseTo(0.8, 12);
    expect(diceCoefficient([], ["aa"])).toBe(0);
  });
});
