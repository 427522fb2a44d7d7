import { AppError } from "./errors.ts";

/**
 * Minor-unit scales (number of decimal places) from ISO 4217, list one, column "minor unit".
 * ISO's column is the rule even where daily practice differs (TWD and HUF carry 2 in ISO
 * although cash is handled in whole units), because banks and payment files follow ISO.
 * Fund codes, precious metals and withdrawn currencies are left out on purpose: nobody invoices
 * in them, and an unknown code is safer rejected than guessed.
 */
const codesByScale: Readonly<Record<0 | 2 | 3 | 4, string>> = {
  0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF",
  2: [
    "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD",
    "CAD CDF CHF CNY COP CRC CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD",
    "GTQ GYD HKD HNL HTG HUF IDR ILS INR JMD KES KGS KHR KYD KZT LAK LBP LKR LRD LSL MAD MDL",
    "MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP",
    "PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SOS SRD SSP STN SZL THB TJS TMT TOP",
    "TRY TTD TWD TZS UAH USD UYU UZS WST XCD YER ZAR ZMW",
  ].join(" "),
  3: "BHD IQD JOD KWD LYD OMR TND",
  4: "CLF",
};

const scaleByCode: ReadonlyMap<string, number> = new Map(
  Object.entries(codesByScale).flatMap(([scale, codes]) =>
    codes.split(" ").map((code) => [code, Number(scale)] as const),
  ),
);

/** Every supported ISO 4217 code, sorted. */
export const currencyCodes: ReadonlyArray<string> = Object.freeze([...scaleByCode.keys()].sort());

const currencyCodePattern = /^[A-Z]{3}$/;

export function isCurrencyCode(code: unknown): code is string {
  return typeof code === "string" && currencyCodePattern.test(code) && scaleByCode.has(code);
}

/** Decimal places of the currency's minor unit (CNY 2: 1 元 = 100 分; JPY 0; BHD 3). */
export function currencyScale(code: string): number {
  const scale =
    typeof code === "string" && currencyCodePattern.test(code) ? scaleByCode.get(code) : undefined;
  if (scale === undefined) {
    throw new AppError("INVALID_CURRENCY", {
      detail: "Not a supported ISO 4217 currency code",
      params: { currency: typeof code === "string" ? code.slice(0, 8) : typeof code },
    });
  }
  return scale;
}
