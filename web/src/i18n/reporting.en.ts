/** English strings of the reporting pages (merged into en.ts as `reporting`; reporting.zh-CN.ts has the same keys). */
export const reportingEn = {
  title: "",
};
