/** English strings of the forecast pages (merged into en.ts as `forecast`; forecast.zh-CN.ts has the same keys). */
export const forecastEn = {
  title: "",
};
