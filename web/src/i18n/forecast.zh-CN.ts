import type { Messages } from "./en.ts";

/** forecast 页面的中文（并入 zh-CN.ts 的 `forecast`；键与 forecast.en.ts 一致）。 */
export const forecastZhCN: Messages["forecast"] = {
  title: "",
};
