import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Personal identity numbers (居民身份证号码) are personal information under PIPL art. 28 (sensitive):
 * they are stored encrypted with AES-256-GCM under a key derived from CREDENCE_SECRET, found again
 * by a keyed hash, and shown masked. Whoever holds the database alone cannot read them.
 */
export interface IdentityCipher {
  readonly encrypt: (plain: string) => string;
  readonly decrypt: (sealed: string) => string;
  /** Equal numbers give equal hashes (to refuse duplicates) without revealing the number. */
  readonly hash: (plain: string) => string;
}

const ivBytes = 12;

export function identityCipher(secret: string): IdentityCipher {
  const key = Buffer.from(hkdfSync("sha256", secret, "credence", "id-number encryption v1", 32));
  const hashKey = Buffer.from(hkdfSync("sha256", secret, "credence", "id-number hash v1", 32));
  return {
    encrypt(plain) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed.replace(/^v1\./, ""), "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, ivBytes));
      decipher.setAuthTag(raw.subarray(ivBytes, ivBytes + 16));
      return Buffer.concat([decipher.update(raw.subarray(ivBytes + 16)), decipher.final()]).toString("utf8");
    },
    hash(plain) {
      return createHmac("sha256", hashKey).update(plain.toUpperCase()).digest("hex");
    },
  };
}
