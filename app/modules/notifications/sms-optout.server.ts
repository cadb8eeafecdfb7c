// The short opt-out link every non-essential text ends with (`/s/<token>`, decision 028): a token per number
// that only we can make or read. It is one AES block holding the number and a MAC of it, under a key derived
// from the unsubscribe signing key: 22 characters, so the link fits a provider's variable, and it names no one
// to whoever reads it over the person's shoulder.
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDatabase, schema } from "#db/client.server";
import { maskPhone, normalizePhone } from "./phone";
import { signingSecret } from "./preferences.server";
import { hit, type Limit } from "#app/modules/auth/rate-limit.server";
import { optInNumber, optOutNumber } from "./sms-box.server";

const numberBytes = 7;

async function keys() {
  const secret = await signingSecret();
  const derive = (purpose: string) => createHmac("sha256", secret).update(purpose).digest();
  return { cipher: derive("sms-optout:aes").subarray(0, 16), mac: derive("sms-optout:mac") };
}

function check(macKey: Buffer, number: Buffer): Buffer {
  return createHmac("sha256", macKey)
    .update(number)
    .digest()
    .subarray(0, 16 - numberBytes);
}

/** The token for a number in E.164 (`+8613800138000`); the same number always gets the same token. */
export async function smsOptOutToken(phone: string): Promise<string> {
  const digits = /^\+([1-9][0-9]{6,14})$/.exec(phone)?.[1];
  if (!digits) throw new Error(`not an E.164 number: ${phone}`);
  const { cipher, mac } = await keys();
  const number = Buffer.alloc(8);
  number.writeBigUInt64BE(BigInt(digits));
  const plain = number.subarray(8 - numberBytes);
  const aes = createCipheriv("aes-128-ecb", cipher, null).setAutoPadding(false);
  const block = Buffer.concat([aes.update(Buffer.concat([plain, check(mac, plain)])), aes.final()]);
  return block.toString("base64url");
}

/** The number a token stands for, or null when the token is not one of ours. */
export async function readSmsOptOutToken(token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return null;
  const block = Buffer.from(token, "base64url");
  if (block.length !== 16) return null;
  const { cipher, mac } = await keys();
  const aes = createDecipheriv("aes-128-ecb", cipher, null).setAutoPadding(false);
  const plain = Buffer.concat([aes.update(block), aes.final()]);
  const number = plain.subarray(0, numberBytes);
  if (!timingSafeEqual(plain.subarray(numberBytes), check(mac, number))) return null;
  const digits = Buffer.concat([Buffer.alloc(1), number])
    .readBigUInt64BE()
    .toString();
  return normalizePhone(`+${digits}`);
}

export function smsOptOutLink(origin: string, token: string): string {
  return `${origin}/s/${token}`;
}

/** What the short link's page shows: the number masked and whether it is opted out; null for a bad token. */
export async function describeSmsOptOut(token: string) {
  const phone = await readSmsOptOutToken(token);
  if (!phone) return null;
  const row = await getDatabase().db.query.smsOptOuts.findFirst({
    where: eq(schema.smsOptOuts.phone, phone),
  });
  return { phone, masked: maskPhone(phone), optedOut: Boolean(row) };
}

/** The person behind the link stops (or resumes) non-essential texts; false when the token is not ours. */
export async function applySmsOptOutLink(token: string, stop: boolean): Promise<boolean> {
  const phone = await readSmsOptOutToken(token);
  if (!phone) return false;
  if (stop) await optOutNumber(phone, "link", null);
  else await optInNumber(phone, null);
  return true;
}

/** A few dozen presses an hour from one address: enough for a family's phones, not for a scan of tokens. */
const linkPressesPerIp: Limit = { max: 30, windowMs: 60 * 60 * 1000 };

/** Seconds to wait when this address pressed the link's button too often, else null. */
export async function optOutLinkLimited(ip: string | null, now = new Date()): Promise<number | null> {
  const result = await hit(`sms-optout:ip:${ip ?? "unknown"}`, linkPressesPerIp, now);
  return result.blocked ? result.retryAfterSeconds : null;
}
