import { z } from "zod";
import { parseBusinessDate } from "../core/dates.ts";
import { parseDecimal } from "../core/decimal.ts";

/** Request fields shared by the HTTP API and the JSON contracts the CLI reads. */

export const dateText = z
  .string()
  .max(10)
  .refine((text) => {
    try {
      parseBusinessDate(text);
      return true;
    } catch {
      return false;
    }
  }, "a date YYYY-MM-DD");

export const decimalText = z
  .string()
  .max(40)
  .refine((text) => {
    try {
      parseDecimal(text);
      return true;
    } catch {
      return false;
    }
  }, "a decimal number such as 0.0435");
