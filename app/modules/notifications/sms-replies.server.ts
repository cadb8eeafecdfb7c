// Replies to our texts, pushed by the provider (decision 028): Alibaba's SmsUp ("HTTP 批量推送", a JSON array)
// and Tencent's reply callback (one JSON object). Neither signs its push, so the hook's path carries a secret
// (SMS_REPLY_TOKEN); a reply of TD / T / 退订 / N / STOP opts its number out of non-essential texts. Each
// provider is answered as it expects, or it pushes again.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "#app/config.server";
import { hit, type Limit } from "#app/modules/auth/rate-limit.server";
import { recordSmsReply } from "./sms-box.server";

export type ReplyProvider = "aliyun" | "tencent";

interface Reply {
  phone: string;
  text: string;
}

const aliyunPush = z
  .array(
    z.object({
      phone_number: z.string().max(32),
      content: z.string().max(1000),
      send_time: z.string().optional(),
      sign_name: z.string().optional(),
      dest_code: z.string().optional(),
      sequence_id: z.union([z.string(), z.number()]).optional(),
    }),
  )
  .max(1000);

const tencentPush = z.object({
  mobile: z.string().max(32),
  nationcode: z.string().max(8).optional(),
  text: z.string().max(1000),
  sign: z.string().optional(),
  time: z.number().optional(),
  extend: z.string().optional(),
});

/** The replies in a provider's push, or null when it is not one. */
export function parseReplies(provider: ReplyProvider, body: unknown): Reply[] | null {
  if (provider === "aliyun") {
    const push = aliyunPush.safeParse(body);
    return push.success ? push.data.map((r) => ({ phone: r.phone_number, text: r.content })) : null;
  }
  const push = tencentPush.safeParse(body);
  if (!push.success) return null;
  const code = push.data.nationcode?.replace(/^\+/, "") ?? "86";
  return [{ phone: code === "86" ? push.data.mobile : `+${code}${push.data.mobile}`, text: push.data.text }];
}

/** What each provider reads as "received": anything else (or a non-200) and it pushes again. */
function answer(provider: ReplyProvider, ok: boolean) {
  if (provider === "aliyun") return ok ? { code: 0, msg: "接收成功" } : { code: 1, msg: "bad request" };
  return ok ? { result: 0, errmsg: "OK" } : { result: 1, errmsg: "bad request" };
}

/** Pushes from one address: a provider's replies come in bursts, a stolen token must not become a flood. */
const pushesPerIp: Limit = { max: 600, windowMs: 60 * 1000 };

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface HookResult {
  status: number;
  body: Record<string, unknown>;
  optedOut: number;
}

/**
 * One push to `/hooks/sms/<provider>/<token>`. 404 for a wrong (or unset) token, as if the hook did not exist;
 * 429 past the rate; 400 for a body that is not the provider's push, which it will not retry for ever.
 */
export async function receiveSmsReplies(
  provider: ReplyProvider,
  push: { token: string; body: string; ip: string | null },
  expected: string | undefined = env().SMS_REPLY_TOKEN,
  now = new Date(),
): Promise<HookResult> {
  const limited = await hit(`sms-hook:ip:${push.ip ?? "unknown"}`, pushesPerIp, now);
  if (limited.blocked) return { status: 429, body: answer(provider, false), optedOut: 0 };
  if (!expected || !sameSecret(push.token, expected)) return { status: 404, body: {}, optedOut: 0 };
  let json: unknown;
  try {
    json = JSON.parse(push.body);
  } catch {
    return { status: 400, body: answer(provider, false), optedOut: 0 };
  }
  const replies = parseReplies(provider, json);
  if (!replies) return { status: 400, body: answer(provider, false), optedOut: 0 };
  let optedOut = 0;
  for (const reply of replies)
    if ((await recordSmsReply(reply.phone, reply.text, null, "reply")) === "optedOut") optedOut += 1;
  return { status: 200, body: answer(provider, true), optedOut };
}
