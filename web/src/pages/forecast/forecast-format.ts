/** Formatting shared by the forecast pages. */

/** A decimal fraction as a string ("0.1234") as a percentage with one decimal; "—" for null. */
export function formatShare(fraction: string | null, locale: string): string {
  if (fraction === null) return "—";
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(Number(fraction));
}

/** The exact sum of decimal strings ("12.30" + "0.05" = "12.35"), at the largest scale among them. */
export function sumAmounts(amounts: ReadonlyArray<string>): string {
  const scale = Math.max(0, ...amounts.map((amount) => (amount.split(".")[1] ?? "").length));
  let total = 0n;
  for (const amount of amounts) {
    const negative = amount.startsWith("-");
    const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
    const value = BigInt(whole) * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, "0") || "0");
    total += negative ? -value : value;
  }
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const unit = 10n ** BigInt(scale);
  const whole = String(magnitude / unit);
  const fraction = scale === 0 ? "" : `.${String(magnitude % unit).padStart(scale, "0")}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}
