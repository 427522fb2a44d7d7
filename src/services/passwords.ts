import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Password hashing with scrypt (RFC 7914). Parameters are stored with each hash so they can be
 * raised later without invalidating old passwords. N = 2^15, r = 8 follows OWASP's minimum.
 */
const scryptCostN = 2 ** 15;
const scryptBlockSizeR = 8;
const scryptParallelP = 1;
const scryptKeyBytes = 32;
const scryptSaltBytes = 16;
const scryptMemoryBytesMax = 64 * 1024 * 1024;

export const passwordLengthMin = 10;
export const passwordLengthMax = 200;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      scryptKeyBytes,
      { N: n, r, p, maxmem: scryptMemoryBytesMax },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(scryptSaltBytes);
  const key = await derive(password, salt, scryptCostN, scryptBlockSizeR, scryptParallelP);
  return [
    "scrypt",
    scryptCostN,
    scryptBlockSizeR,
    scryptParallelP,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (
    scheme !== "scrypt" ||
    n === undefined ||
    r === undefined ||
    p === undefined ||
    salt === undefined ||
    key === undefined
  ) {
    return false;
  }
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash that never matches, so that an unknown email costs as much time as a wrong password. */
export const unmatchableHash = `scrypt$${scryptCostN}$${scryptBlockSizeR}$${scryptParallelP}$${Buffer.alloc(scryptSaltBytes).toString("base64url")}$${Buffer.alloc(scryptKeyBytes).toString("base64url")}`;
