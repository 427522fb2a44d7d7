import { describe, expect, it } from "vitest";
import {
  isResidentIdNumber,
  isUnifiedSocialCreditCode,
  maskIdNumber,
  mod11_2CheckCharacter,
  organizationCodeCheckCharacter,
  residentIdProblem,
  uscCheckCharacter,
  uscProblem,
} from "../../../src/domain/credit/index.ts";

/**
 * Published codes: the 统一社会信用代码 on the business licences of 华为技术有限公司 and
 * 阿里巴巴（中国）有限公司 (国家企业信用信息公示系统), and the worked example of GB 11643-1999
 * 附录 A (a man from 北京市朝阳区 born 1949-12-31, sequence 002, check character X).
 */
const huawei = "91440300708461136T";
const alibaba = "91330100716105852F";
const gbExample = "11010519491231002X";

/** Every character a person might type in place of another: digits, capitals, a few others. */
const substitutes = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "a", "x", " ", "-", "*"];

/** Every code that differs from `code` in exactly one character (case-insensitively). */
function singleSubstitutions(code: string): string[] {
  const mutants: string[] = [];
  for (let position = 0; position < code.length; position += 1) {
    for (const character of substitutes) {
      if (character.toUpperCase() === code[position]) continue;
      mutants.push(code.slice(0, position) + character + code.slice(position + 1));
    }
  }
  return mutants;
}

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it("accepts published codes, in capitals or not", () => {
    for (const code of [huawei, alibaba]) {
      expect(uscProblem(code)).toBeNull();
      expect(isUnifiedSocialCreditCode(code.toLowerCase())).toBe(true);
    }
  });

  it("computes both check characters of Huawei's code", () => {
    // 组织机构代码 70846113-6 (GB 11714): 7·3 + 0·7 + 8·9 + 4·10 + 6·5 + 1·8 + 1·4 + 3·2 = 181,
    // 181 mod 11 = 5, 11 − 5 = 6.
    expect(organizationCodeCheckCharacter("70846113")).toBe("6");
    expect(uscCheckCharacter(huawei.slice(0, 17))).toBe("T");
  });

  it("rejects every single-character substitution of the published codes", () => {
    for (const code of [huawei, alibaba]) {
      const mutants = singleSubstitutions(code);
      expect(mutants.length).toBeGreaterThan(18 * 35);
      const accepted = mutants.filter((mutant) => isUnifiedSocialCreditCode(mutant));
      expect(accepted).toEqual([]);
    }
  });

  it("says what is wrong", () => {
    expect(uscProblem(huawei.slice(0, 17))).toBe("LENGTH");
    expect(uscProblem(`${huawei}0`)).toBe("LENGTH");
    // I, O, S, V and Z are not in the alphabet (they look like 1, 0, 5, U and 2).
    expect(uscProblem(`I${huawei.slice(1)}`)).toBe("CHARACTERS");
    expect(uscProblem(`${huawei.slice(0, 17)}U`)).toBe("CHECK_CHARACTER");
    expect(uscCheckCharacter("9144030070846113")).toBeNull();
  });

  it("checks the embedded 组织机构代码 even when the outer check character is right", () => {
    // Change the organization check character 6 → 7 and recompute the outer check character:
    // only the inner check can catch this code.
    const first17 = `${huawei.slice(0, 16)}7`;
    const forged = `${first17}${uscCheckCharacter(first17)}`;
    expect(uscProblem(forged)).toBe("ORGANIZATION_CODE");
  });
});

describe("居民身份证号码 (GB 11643-1999)", () => {
  it("accepts the standard's example with X in capitals or not", () => {
    expect(residentIdProblem(gbExample)).toBeNull();
    expect(isResidentIdNumber(gbExample.toLowerCase())).toBe(true);
  });

  it("computes the example's check character by ISO 7064 MOD 11-2", () => {
    // Σ digit × (2^(17−i) mod 11) over 11010519491231002 = 167; 167 mod 11 = 2; (12 − 2) mod 11 = 10 → X.
    expect(mod11_2CheckCharacter(gbExample.slice(0, 17))).toBe("X");
  });

  it("rejects every single-character substitution of the example", () => {
    const accepted = singleSubstitutions(gbExample).filter((mutant) => isResidentIdNumber(mutant));
    expect(accepted).toEqual([]);
  });

  it("says what is wrong", () => {
    expect(residentIdProblem("110105194912310")).toBe("LENGTH");
    expect(residentIdProblem("1101051949123100XX")).toBe("CHARACTERS");
    expect(residentIdProblem("11010519490231002X")).toBe("BIRTH_DATE");
    expect(residentIdProblem("110105194912310020")).toBe("CHECK_CHARACTER");
  });
});

describe("masks", () => {
  it("shows the first three and the last two characters", () => {
    expect(maskIdNumber(huawei)).toBe("914*************6T");
    expect(maskIdNumber(gbExample)).toBe("110*************2X");
    expect(maskIdNumber("123456")).toBe("123*56");
  });

  it("hides a short number entirely", () => {
    expect(maskIdNumber("12345")).toBe("*****");
    expect(maskIdNumber("")).toBe("");
  });
});
