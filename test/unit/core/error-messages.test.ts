import { describe, expect, it } from "vitest";
import { errorMessages, languageFromHeader, messageLanguages } from "../../../src/core/error-messages.ts";
import { AppError, errorCodes, errorStatusByCode } from "../../../src/core/errors.ts";

describe("error catalogue", () => {
  it("gives every code an HTTP status and a message in every UI language", () => {
    expect(Object.keys(errorMessages).sort()).toEqual([...errorCodes].sort());
    for (const code of errorCodes) {
      expect(errorStatusByCode[code]).toBeGreaterThanOrEqual(400);
      for (const language of messageLanguages)
        expect(errorMessages[code][language].trim(), `${code} ${language}`).not.toBe("");
    }
  });

  it("uses SCREAMING_SNAKE codes", () => {
    for (const code of errorCodes) expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it("carries the status of its code", () => {
    expect(new AppError("LAST_OWNER").status).toBe(409);
    expect(
      new AppError("VALIDATION_FAILED", { issues: [{ path: "body.x", code: "c", message: "m" }] }).issues,
    ).toHaveLength(1);
  });

  it("picks Chinese for any zh Accept-Language and English otherwise", () => {
    expect(languageFromHeader("zh-TW,zh;q=0.9")).toBe("zh-CN");
    expect(languageFromHeader("en-GB")).toBe("en");
    expect(languageFromHeader(undefined)).toBe("en");
    expect(languageFromHeader("")).toBe("en");
  });
});
