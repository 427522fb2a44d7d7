/** English strings of the risk pages (merged into en.ts as `risk`; risk.zh-CN.ts has the same keys). */
export const riskEn = {
  title: "",
};
