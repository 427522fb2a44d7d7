/** English strings of the warnings pages (merged into en.ts as `warnings`; warnings.zh-CN.ts has the same keys). */
export const warningsEn = {
  title: "",
};
