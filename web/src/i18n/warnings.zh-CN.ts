import type { Messages } from "./en.ts";

/** warnings 页面的中文（并入 zh-CN.ts 的 `warnings`；键与 warnings.en.ts 一致）。 */
export const warningsZhCN: Messages["warnings"] = {
  title: "",
};
