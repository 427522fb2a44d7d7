import type { Messages } from "./en.ts";

/** reporting 页面的中文（并入 zh-CN.ts 的 `reporting`；键与 reporting.en.ts 一致）。 */
export const reportingZhCN: Messages["reporting"] = {
  title: "",
};
