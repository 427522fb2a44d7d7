/**
 * Payer names on bank statements (对方户名) compared with the names we know a customer by.
 *
 * A Chinese enterprise name is built as 行政区划 + 字号 + 行业 + 组织形式 (企业名称登记管理规定,
 * 2020, art. 6), e.g. 上海 + 星辰 + 科技 + 有限公司. The region may also follow the trade name in
 * parentheses (星辰科技（上海）有限公司), and payers type the name in many ways: with or without the
 * region, 有限责任公司 for 有限公司, full-width letters, a short name. What identifies the company
 * is the trade name with its industry, the "core": every variant above has the core 星辰科技.
 *
 * Names are compared by their cores only. Nothing is transliterated: a payer writing
 * "Xingchen Technology" for 星辰科技 shares no character bigram with it and scores 0, so such a
 * line is left to the other signals (account, reference, amount) or to a person.
 */

/** Longer names are cut here; registered names are at most some 50 characters. */
export const companyNameCharsMax = 200;
/**
 * A leading or trailing region is stripped only when at least this many characters remain: the
 * trade name has two characters or more (企业名称登记管理规定实施办法 art. 13) and an industry
 * follows it, so 上海银行 keeps its region instead of becoming the bare industry 银行.
 */
export const regionStripCoreCharsMin = 3;
/** A legal form is stripped only when at least this many characters remain (公司 stays 公司). */
export const legalFormStripCoreCharsMin = 2;
/** A core contained in the other earns the containment score only from this many characters. */
export const containmentCharsMin = 4;
/** Containment score: base + span × (shorter length ÷ longer length), so always below 0.95. */
export const containmentScoreBase = 0.75;
export const containmentScoreSpan = 0.2;
/** Two different cores never score 1: that is kept for the same company. */
export const differentCoresScoreMax = 0.99;

export interface NormalizedCompanyName {
  /** Trade name and industry: lower-case, NFKC, without spaces, punctuation, region or legal form. */
  readonly core: string;
  /** The province-level region or city as its short Chinese name (上海), or null. */
  readonly region: string | null;
  /**
   * The outermost legal form as written (有限公司, 有限责任公司, "co ltd"), or null. A branch is
   * marked 分公司 (or "branch"): it is not a legal person of its own (公司法 art. 13), so its
   * payments are the company's, and its core is the company's core.
   */
  readonly legalForm: string | null;
}

// ---------------------------------------------------------------------------------------------
// Regions: the 34 province-level divisions and large cities, with their pinyin for Latin names.
// ---------------------------------------------------------------------------------------------

type RegionEntry = readonly [short: string, official: ReadonlyArray<string>, pinyin: ReadonlyArray<string>];

/** GB/T 2260 province-level divisions: 4 municipalities, 23 provinces, 5 autonomous regions, 2 SARs. */
const provinceLevelRegions: ReadonlyArray<RegionEntry> = [
  ["北京", ["北京市"], ["beijing", "peking"]],
  ["天津", ["天津市"], ["tianjin"]],
  ["上海", ["上海市"], ["shanghai"]],
  ["重庆", ["重庆市"], ["chongqing"]],
  ["河北", ["河北省"], ["hebei"]],
  ["山西", ["山西省"], ["shanxi"]],
  ["辽宁", ["辽宁省"], ["liaoning"]],
  ["吉林", ["吉林省"], ["jilin"]],
  ["黑龙江", ["黑龙江省"], ["heilongjiang"]],
  ["江苏", ["江苏省"], ["jiangsu"]],
  ["浙江", ["浙江省"], ["zhejiang"]],
  ["安徽", ["安徽省"], ["anhui"]],
  ["福建", ["福建省"], ["fujian"]],
  ["江西", ["江西省"], ["jiangxi"]],
  ["山东", ["山东省"], ["shandong"]],
  ["河南", ["河南省"], ["henan"]],
  ["湖北", ["湖北省"], ["hubei"]],
  ["湖南", ["湖南省"], ["hunan"]],
  ["广东", ["广东省"], ["guangdong"]],
  ["海南", ["海南省"], ["hainan"]],
  ["四川", ["四川省"], ["sichuan"]],
  ["贵州", ["贵州省"], ["guizhou"]],
  ["云南", ["云南省"], ["yunnan"]],
  ["陕西", ["陕西省"], ["shaanxi"]],
  ["甘肃", ["甘肃省"], ["gansu"]],
  ["青海", ["青海省"], ["qinghai"]],
  ["台湾", ["台湾省"], ["taiwan"]],
  ["内蒙古", ["内蒙古自治区"], ["neimenggu", "innermongolia"]],
  ["广西", ["广西壮族自治区", "广西自治区"], ["guangxi"]],
  ["西藏", ["西藏自治区"], ["xizang", "tibet"]],
  ["宁夏", ["宁夏回族自治区", "宁夏自治区"], ["ningxia"]],
  ["新疆", ["新疆维吾尔自治区", "新疆自治区"], ["xinjiang"]],
  ["香港", ["香港特别行政区"], ["hongkong"]],
  ["澳门", ["澳门特别行政区"], ["macau", "macao"]],
];

/** Provincial capitals and the other large cities that company names most often start with. */
const cityRegions: ReadonlyArray<readonly [short: string, pinyin: string]> = [
  ["广州", "guangzhou"],
  ["深圳", "shenzhen"],
  ["杭州", "hangzhou"],
  ["南京", "nanjing"],
  ["苏州", "suzhou"],
  ["成都", "chengdu"],
  ["武汉", "wuhan"],
  ["西安", "xian"],
  ["郑州", "zhengzhou"],
  ["长沙", "changsha"],
  ["沈阳", "shenyang"],
  ["大连", "dalian"],
  ["青岛", "qingdao"],
  ["济南", "jinan"],
  ["宁波", "ningbo"],
  ["厦门", "xiamen"],
  ["福州", "fuzhou"],
  ["合肥", "hefei"],
  ["南昌", "nanchang"],
  ["昆明", "kunming"],
  ["贵阳", "guiyang"],
  ["南宁", "nanning"],
  ["海口", "haikou"],
  ["三亚", "sanya"],
  ["石家庄", "shijiazhuang"],
  ["太原", "taiyuan"],
  ["呼和浩特", "hohhot"],
  ["包头", "baotou"],
  ["长春", "changchun"],
  ["哈尔滨", "harbin"],
  ["兰州", "lanzhou"],
  ["西宁", "xining"],
  ["银川", "yinchuan"],
  ["乌鲁木齐", "urumqi"],
  ["拉萨", "lhasa"],
  ["无锡", "wuxi"],
  ["常州", "changzhou"],
  ["南通", "nantong"],
  ["徐州", "xuzhou"],
  ["扬州", "yangzhou"],
  ["盐城", "yancheng"],
  ["镇江", "zhenjiang"],
  ["温州", "wenzhou"],
  ["嘉兴", "jiaxing"],
  ["湖州", "huzhou"],
  ["绍兴", "shaoxing"],
  ["金华", "jinhua"],
  ["台州", "taizhou"],
  ["泉州", "quanzhou"],
  ["佛山", "foshan"],
  ["东莞", "dongguan"],
  ["珠海", "zhuhai"],
  ["中山", "zhongshan"],
  ["惠州", "huizhou"],
  ["汕头", "shantou"],
  ["烟台", "yantai"],
  ["潍坊", "weifang"],
  ["临沂", "linyi"],
  ["唐山", "tangshan"],
  ["保定", "baoding"],
  ["邯郸", "handan"],
  ["洛阳", "luoyang"],
  ["芜湖", "wuhu"],
  ["绵阳", "mianyang"],
  ["宜昌", "yichang"],
  ["襄阳", "xiangyang"],
  ["株洲", "zhuzhou"],
  ["柳州", "liuzhou"],
  ["桂林", "guilin"],
  ["赣州", "ganzhou"],
  ["遵义", "zunyi"],
  ["大庆", "daqing"],
  ["鄂尔多斯", "ordos"],
];

/** Every way a region is written (上海, 上海市, 广西壮族自治区…) → its short name. */
const regionByWriting: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [short, official] of provinceLevelRegions) {
    map.set(short, short);
    for (const name of official) map.set(name, short);
  }
  for (const [short] of cityRegions) {
    map.set(short, short);
    map.set(`${short}市`, short);
  }
  // Foreign-invested companies write the country in parentheses: 星辰科技（中国）有限公司.
  map.set("中国", "中国");
  return map;
})();

/** Lower-case pinyin or English region words → the short Chinese name. */
const regionByLatin: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [short, , pinyin] of provinceLevelRegions) for (const word of pinyin) map.set(word, short);
  for (const [short, pinyin] of cityRegions) map.set(pinyin, short);
  map.set("china", "中国");
  return map;
})();

/**
 * Region writings by their first (and by their last) character, longest first: a name is
 * checked against the few writings that can start (or end) it, without cutting substrings.
 */
function writingsBy(edge: (writing: string) => string): ReadonlyMap<string, ReadonlyArray<string>> {
  const map = new Map<string, string[]>();
  for (const writing of regionByWriting.keys()) {
    // 中国 leads national names (中国银行, 中国建筑): only in brackets is it a region.
    if (writing === "中国") continue;
    const key = edge(writing);
    const list = map.get(key);
    if (list === undefined) map.set(key, [writing]);
    else list.push(writing);
  }
  for (const list of map.values()) list.sort((a, b) => b.length - a.length);
  return map;
}
const writingsByFirst = writingsBy((writing) => writing.charAt(0));
const writingsByLast = writingsBy((writing) => writing.charAt(writing.length - 1));

// ---------------------------------------------------------------------------------------------
// Legal forms (组织形式).
// ---------------------------------------------------------------------------------------------

const branchMarker = "分公司";
const latinBranchMarker = "branch";

/** Longest first, so 有限责任公司 is stripped whole before 公司 could be. */
const chineseLegalForms: ReadonlyArray<string> = [
  "股份有限公司",
  "有限责任公司",
  "集团有限公司",
  "个体工商户",
  "有限公司",
  "经营部",
  branchMarker,
  "总公司",
  "集团",
  "公司",
  "商行",
  "厂",
];

/** Words of English legal forms; "co ltd" and "company limited" are stripped word by word. */
const latinLegalWords: ReadonlySet<string> = new Set([
  "co",
  "company",
  "ltd",
  "limited",
  "inc",
  "incorporated",
  "corp",
  "corporation",
  "llc",
  "gmbh",
  "plc",
  "group",
]);

const hanPattern = /\p{Script=Han}/u;
const nonWordPattern = /[^\p{L}\p{N}]+/gu;

/** Lower-case Latin letters, digits and CJK unified ideographs: what most names are made of. */
function isPlainCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 0x4e00 && code <= 0x9fff);
}

function compact(text: string): string {
  for (let at = 0; at < text.length; at += 1) {
    if (!isPlainCode(text.charCodeAt(at))) return text.replace(nonWordPattern, "");
  }
  return text;
}

/**
 * NFKC and lower case. Printable ASCII and CJK unified ideographs have no compatibility forms,
 * so text made only of them skips NFKC, the costliest step for the common name.
 */
function fold(text: string): string {
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if ((code < 0x20 || code > 0x7e) && (code < 0x4e00 || code > 0x9fff)) {
      return text.normalize("NFKC").toLowerCase();
    }
  }
  return text.toLowerCase();
}

/** Whether the text has a Han character: CJK unified ideographs decide most names at once. */
function hasHan(text: string): boolean {
  let other = false;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code >= 0x4e00 && code <= 0x9fff) return true;
    if (code > 0x7e) other = true;
  }
  return other && hanPattern.test(text);
}

function chineseLegalFormOf(text: string): string | null {
  return chineseLegalForms.includes(text) ? text : null;
}

interface Parts {
  region: string | null;
  legalForm: string | null;
}

function isOpeningBracket(code: number): boolean {
  return code === 0x28 || code === 0x5b || code === 0x3010 || code === 0x3014;
}

function isClosingBracket(code: number): boolean {
  return code === 0x29 || code === 0x5d || code === 0x3011 || code === 0x3015;
}

/** What stands for bracketed text: nothing for a region or legal form, else the text itself. */
function bracketedReplacement(inner: string, parts: Parts): string {
  const written = compact(inner);
  const region = regionByWriting.get(written) ?? regionByLatin.get(written);
  if (region !== undefined) {
    parts.region ??= region;
    return " ";
  }
  const legalForm = chineseLegalFormOf(written) ?? (latinLegalWords.has(written) ? written : null);
  if (legalForm !== null) {
    parts.legalForm ??= legalForm;
    return " ";
  }
  return ` ${inner} `;
}

/**
 * Removes bracketed regions and legal forms; other bracketed text stays, brackets dropped. A
 * bracket pair holds no other bracket; brackets are NFKC-folded first, so （） arrives as ().
 */
function takeBracketed(text: string, parts: Parts): string {
  let result = "";
  let from = 0;
  for (let at = 0; at < text.length; at += 1) {
    if (!isOpeningBracket(text.charCodeAt(at))) continue;
    let end = at + 1;
    while (
      end < text.length &&
      !isOpeningBracket(text.charCodeAt(end)) &&
      !isClosingBracket(text.charCodeAt(end))
    ) {
      end += 1;
    }
    if (end >= text.length || !isClosingBracket(text.charCodeAt(end))) continue;
    result += text.slice(from, at) + bracketedReplacement(text.slice(at + 1, end), parts);
    from = end + 1;
    at = end;
  }
  return from === 0 ? text : result + text.slice(from);
}

function leadingRegion(text: string): readonly [region: string, length: number] | null {
  for (const writing of writingsByFirst.get(text.charAt(0)) ?? []) {
    if (text.startsWith(writing)) return [regionByWriting.get(writing) ?? writing, writing.length];
  }
  return null;
}

function trailingRegion(text: string): readonly [region: string, length: number] | null {
  for (const writing of writingsByLast.get(text.charAt(text.length - 1)) ?? []) {
    if (text.endsWith(writing)) return [regionByWriting.get(writing) ?? writing, writing.length];
  }
  return null;
}

function normalizeChinese(text: string, parts: Parts): string {
  let core = compact(text);
  // Legal forms from the end, outermost first: 星辰科技集团股份有限公司 → 股份有限公司, then 集团.
  // A branch (上海星辰科技有限公司北京分公司) names its own location before 分公司.
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const form of chineseLegalForms) {
      if (core.endsWith(form) && core.length - form.length >= legalFormStripCoreCharsMin) {
        core = core.slice(0, core.length - form.length);
        parts.legalForm ??= form;
        stripped = true;
        if (form === branchMarker) {
          const region = trailingRegion(core);
          if (region !== null && core.length - region[1] >= regionStripCoreCharsMin) {
            parts.region ??= region[0];
            core = core.slice(0, core.length - region[1]);
          }
        }
        break;
      }
    }
  }
  // A province followed by a city (广东省深圳市…): the city, the more specific, is kept, unless
  // a bracketed region or a branch's location was found first.
  const regionBefore = parts.region;
  for (let step = 0; step < 2; step += 1) {
    const region = leadingRegion(core);
    if (region === null || core.length - region[1] < regionStripCoreCharsMin) break;
    core = core.slice(region[1]);
    if (regionBefore === null) parts.region = region[0];
  }
  return core;
}

function normalizeLatin(text: string, parts: Parts): string {
  const words = text.split(nonWordPattern).filter((word) => word.length > 0);
  const legalWords: string[] = [];
  while (words.length > 1) {
    const last = words[words.length - 1] ?? "";
    if (!latinLegalWords.has(last) && last !== latinBranchMarker) break;
    words.pop();
    legalWords.unshift(last);
    // "Xingchen Technology Co Ltd Shanghai Branch": the branch's city comes before "branch".
    if (last === latinBranchMarker && words.length > 1) {
      const region = regionByLatin.get(words[words.length - 1] ?? "");
      if (region !== undefined) {
        parts.region ??= region;
        words.pop();
      }
    }
  }
  if (legalWords.length > 0) parts.legalForm ??= legalWords.join(" ");
  // "Xingchen Technology Shanghai Co Ltd": a region just before the legal form.
  if (words.length > 1) {
    const region = regionByLatin.get(words[words.length - 1] ?? "");
    if (region !== undefined) {
      parts.region ??= region;
      words.pop();
    }
  }
  if (words.length > 1) {
    // One word (shanghai) or two (hong kong, inner mongolia).
    const two = words.length > 2 ? regionByLatin.get(`${words[0] ?? ""}${words[1] ?? ""}`) : undefined;
    const one = regionByLatin.get(words[0] ?? "");
    if (two !== undefined) {
      parts.region ??= two;
      words.splice(0, 2);
    } else if (one !== undefined) {
      parts.region ??= one;
      words.splice(0, 1);
    }
  }
  return words.join("");
}

/**
 * The core of a company name, with the region and legal form found around it.
 *
 * NFKC folds full-width letters, digits and brackets to ASCII; Latin letters are lower-cased.
 * Bracketed regions and legal forms are taken out wherever they stand; then, for a name with
 * Chinese characters, legal forms are stripped from the end (a branch's location with 分公司)
 * and regions from the start; for a Latin name the same is done word by word. Spaces and
 * punctuation never count. Examples, all with the core 星辰科技: 上海星辰科技有限公司,
 * 星辰科技（上海）有限公司, 上海市星辰科技有限责任公司, 星辰科技, 星辰科技有限公司北京分公司.
 */
export function normalizeCompanyName(name: string): NormalizedCompanyName {
  const parts: Parts = { region: null, legalForm: null };
  const cut = name.length > companyNameCharsMax ? name.slice(0, companyNameCharsMax) : name;
  const folded = takeBracketed(fold(cut), parts);
  const core = hasHan(folded) ? normalizeChinese(folded, parts) : normalizeLatin(folded, parts);
  return { core, region: parts.region, legalForm: parts.legalForm };
}

/**
 * Character bigrams of a core, as a multiset in text order. A one-character core is its own
 * single "bigram", so that it can still equal another one-character core.
 */
export function coreBigrams(core: string): string[] {
  const characters = Array.from(core);
  if (characters.length < 2) return characters;
  const bigrams: string[] = [];
  for (let index = 1; index < characters.length; index += 1) {
    bigrams.push(`${characters[index - 1] ?? ""}${characters[index] ?? ""}`);
  }
  return bigrams;
}

/** Sørensen–Dice over bigram multisets: 2 × |A ∩ B| ÷ (|A| + |B|). */
export function diceCoefficient(a: ReadonlyArray<string>, b: ReadonlyArray<string>): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const gram of a) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of b) {
    const count = counts.get(gram) ?? 0;
    if (count > 0) {
      shared += 1;
      counts.set(gram, count - 1);
    }
  }
  return (2 * shared) / (a.length + b.length);
}

/**
 * How alike two cores are, from 0 to 1:
 *
 * - 1 when they are equal (and not empty);
 * - otherwise the Dice coefficient of their character bigrams (for Latin cores the letters, as
 *   spaces are gone: "xingchentech" vs "xingchentechnology");
 * - raised to base + span × shorter ÷ longer (0.75 + 0.2 × ratio, so 0.80–0.95) when one core of
 *   at least 4 characters is contained in the other: 星辰科技 in 星辰科技发展 scores
 *   max(0.75, 0.75 + 0.2 × 4/6) ≈ 0.883, where a short name is plainly the same company;
 * - at most 0.99, so only the same core scores 1.
 *
 * Chinese against pinyin or English shares no bigram and scores 0.
 */
export function coreSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  let score = diceCoefficient(coreBigrams(a), coreBigrams(b));
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const shorterLength = Array.from(shorter).length;
  if (shorterLength >= containmentCharsMin && longer.includes(shorter)) {
    const ratio = shorterLength / Array.from(longer).length;
    score = Math.max(score, containmentScoreBase + containmentScoreSpan * ratio);
  }
  return Math.min(score, differentCoresScoreMax);
}

/** `coreSimilarity` of the two names' normalized cores. */
export function payerNameSimilarity(a: string, b: string): number {
  return coreSimilarity(normalizeCompanyName(a).core, normalizeCompanyName(b).core);
}
