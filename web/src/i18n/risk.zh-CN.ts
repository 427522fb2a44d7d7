import type { Messages } from "./en.ts";

/** risk 页面的中文（并入 zh-CN.ts 的 `risk`；键与 risk.en.ts 一致）。 */
export const riskZhCN: Messages["risk"] = {
  title: "",
};
