/**
 * Check characters of Chinese identity codes.
 *
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (digits and capital
 * letters without I, O, S, V, Z); the 18th is a check character over the first 17 with weights
 * 3^i mod 31. Its characters 9–17 are the 组织机构代码 (GB 11714-1997), whose 9th character is a
 * check character of its own (weights 3,7,9,10,5,8,4,2; 10 is written X).
 *
 * 居民身份证号码 (GB 11643-1999): 17 digits and a check character by ISO 7064 MOD 11-2 (10 is X),
 * with the birth date in digits 7–14.
 */

const uscAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const uscWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const organizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const organizationCodeAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The check character of the first 17 characters of a unified social credit code, or null if one is not allowed. */
export function uscCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = uscAlphabet.indexOf(first17[i] ?? "");
    if (value < 0) return null;
    sum += value * (uscWeights[i] ?? 0);
  }
  return uscAlphabet[(31 - (sum % 31)) % 31] ?? null;
}

/** The check character of the first 8 characters of a 组织机构代码 (GB 11714). */
export function organizationCodeCheckCharacter(first8: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(first8)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    sum += organizationCodeAlphabet.indexOf(first8[i] ?? "") * (organizationCodeWeights[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? "X" : check === 11 ? "0" : String(check);
}

export type UscProblem = "LENGTH" | "CHARACTERS" | "CHECK_CHARACTER" | "ORGANIZATION_CODE";

/** Why a unified social credit code is not valid, or null when it is. Letters are compared in capitals. */
export function uscProblem(code: string): UscProblem | null {
  const text = code.toUpperCase();
  if (text.length !== 18) return "LENGTH";
  if (![...text].every((c) => uscAlphabet.includes(c))) return "CHARACTERS";
  if (uscCheckCharacter(text.slice(0, 17)) !== text[17]) return "CHECK_CHARACTER";
  // The embedded 组织机构代码 carries its own check character (a 9th of "X" included).
  if (organizationCodeCheckCharacter(text.slice(8, 16)) !== text[16]) return "ORGANIZATION_CODE";
  return null;
}

export function isUnifiedSocialCreditCode(code: string): boolean {
  return uscProblem(code) === null;
}

/** ISO 7064 MOD 11-2 check character over 17 digits (10 is X). */
export function mod11_2CheckCharacter(first17: string): string | null {
  if (!/^[0-9]{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? "X" : String(check);
}

export type ResidentIdProblem = "LENGTH" | "CHARACTERS" | "BIRTH_DATE" | "CHECK_CHARACTER";

/** Why an 18-digit resident identity number is not valid, or null when it is. */
export function residentIdProblem(id: string): ResidentIdProblem | null {
  const text = id.toUpperCase();
  if (text.length !== 18) return "LENGTH";
  if (!/^[0-9]{17}[0-9X]$/.test(text)) return "CHARACTERS";
  const year = Number(text.slice(6, 10));
  const month = Number(text.slice(10, 12));
  const day = Number(text.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return "BIRTH_DATE";
  if (mod11_2CheckCharacter(text.slice(0, 17)) !== text[17]) return "CHECK_CHARACTER";
  return null;
}

export function isResidentIdNumber(id: string): boolean {
  return residentIdProblem(id) === null;
}

/** What the UI and exports show of an identity number: the first 3 and the last 2 characters. */
export function maskIdNumber(id: string): string {
  if (id.length <= 5) return "*".repeat(id.length);
  return `${id.slice(0, 3)}${"*".repeat(id.length - 5)}${id.slice(-2)}`;
}
