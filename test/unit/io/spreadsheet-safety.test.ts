import { describe, expect, it } from "vitest";
import { csvRow, neutralizeFormula, utf8Bom } from "../../../src/io/spreadsheet-safety.ts";

describe("neutralizeFormula", () => {
  // The payloads of OWASP's "CSV Injection" page, and their full-width twins that Chinese input
  // methods type and WPS accepts.
  it.each([
    ['=HYPERLINK("http://evil.example","点我")'],
    ["+1+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1+9)*cmd|' /C calc'!A0"],
    ["\t=1+1"],
    ["\r=1+1"],
    ["＝1+1"],
    ["＋1"],
    ["－1"],
    ["＠SUM(A1)"],
    ["="],
  ])("puts an apostrophe before %j", (payload) => {
    expect(neutralizeFormula(payload)).toBe(`'${payload}`);
  });

  it.each([
    ["上海某某贸易有限公司"],
    ["Acme = Widgets"],
    ["1130.00"],
    ["C001"],
    [""],
    [" =1+1"],
    ["'=1+1"],
    ["\n=1+1"],
    ["记-0001"],
  ])("leaves %j as it is", (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});

describe("csvRow", () => {
  it("joins plain cells with commas and ends the record with CRLF", () => {
    expect(csvRow(["2026-11-05", "记-0001", "1130.00", ""])).toBe("2026-11-05,记-0001,1130.00,\r\n");
  });

  it("quotes cells with a comma, a quote or a line break, doubling the quotes (RFC 4180)", () => {
    expect(csvRow(["Acme, Inc.", 'say "hi"', "line\nbreak", "cr\rhere", "plain"])).toBe(
      '"Acme, Inc.","say ""hi""","line\nbreak","cr\rhere",plain\r\n',
    );
  });

  it("quotes but does not neutralize: that is the caller's choice per cell", () => {
    expect(csvRow(["=1+1", "-5.00"])).toBe("=1+1,-5.00\r\n");
    expect(csvRow([neutralizeFormula('=HYPERLINK("x")')])).toBe(`"'=HYPERLINK(""x"")"\r\n`);
  });

  it("writes an empty record for no cells", () => {
    expect(csvRow([])).toBe("\r\n");
  });

  it("exports the UTF-8 byte order mark that Excel looks for", () => {
    expect(Buffer.from(utf8Bom, "utf8")).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
