// Argon2id with the parameters OWASP recommends (m=19456 KiB, t=2, p=1), and the refusal of passwords that
// appear among the 10,000 most common ones (the ranked list zxcvbn-ts ships, MIT).
import { hash, verify } from "@node-rs/argon2";
import { createRequire } from "node:module";

const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const COMMON_PASSWORD_COUNT = 10_000;
let common: Set<string> | undefined;

/** Loaded once, on first use: the list is ranked, so its first 10,000 entries are the most common. */
function commonPasswords(): Set<string> {
  if (!common) {
    const require = createRequire(import.meta.url);
    const ranked: unknown = require("@zxcvbn-ts/language-common/src/passwords.json");
    if (!Array.isArray(ranked)) throw new Error("the common-password list is not an array");
    common = new Set(ranked.slice(0, COMMON_PASSWORD_COUNT).map((p) => String(p).toLowerCase()));
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
