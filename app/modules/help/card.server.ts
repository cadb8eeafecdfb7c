// Help asked from the QR code on a household's connection card, by someone without an account: the card's
// token names the household, the request goes to its helper like any other, and nothing about the household
// is shown or answered back. Limited per card and per address (decision 023).
import { and, eq } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { hitAll, limits, type Blocked } from "#app/modules/auth/rate-limit.server";
import { householdByCardToken } from "#app/modules/households/card-credentials.server";
import { householdFacts } from "#app/modules/households/facts.server";
import type { HelpUrgency } from "./codes";
import { fileRequest } from "./requests.server";

export interface CardRequest {
  need: string;
  urgency: HelpUrgency;
  /** The number to call back, digits (and a leading +) only. */
  phone: string;
}

export type CardAskResult =
  | { ok: true; requestId: number }
  | { ok: false; reason: "invalidCard" }
  | ({ ok: false; reason: "rateLimited" } & Blocked);

/**
 * The household a card's QR still works for: its current card, and the household still on the registry (one
 * that moved out or dissolved has nobody to help there). Null otherwise; the page shows every such case alike.
 */
async function cardHousehold(token: string): Promise<number | null> {
  const householdId = await householdByCardToken(token);
  if (householdId === null) return null;
  const h = schema.households;
  const [active] = await db()
    .select({ id: h.id })
    .from(h)
    .where(and(eq(h.id, householdId), eq(h.status, "active")));
  return active ? householdId : null;
}

/** Whether a card's QR still works: an unknown and a revoked token look the same to the page. */
export async function isCardValid(token: string): Promise<boolean> {
  return (await cardHousehold(token)) !== null;
}

/**
 * Files a request for the card's household, to be called back on `input.phone`. Only a current card counts
 * against the limits, so that guessed tokens fill no table; a guess is answered like a revoked card.
 */
export async function askByCard(
  token: string,
  input: CardRequest,
  meta: RequestMeta,
  now = new Date(),
): Promise<CardAskResult> {
  const householdId = await cardHousehold(token);
  const facts = householdId === null ? null : await householdFacts(householdId);
  if (householdId === null || !facts) return { ok: false, reason: "invalidCard" };
  const limited = await hitAll(
    [
      [`card:token:${token}`, limits.cardRequestsPerCard],
      [`card:ip:${meta.ip ?? "unknown"}`, limits.cardRequestsPerIp],
    ],
    now,
  );
  if (limited.blocked) return { ok: false, reason: "rateLimited", ...limited };
  const requestId = await fileRequest(
    facts,
    {
      householdId,
      kind: "other",
      urgency: input.urgency,
      description: input.need,
      contactMethod: "phone",
      contactPhone: input.phone,
    },
    { channel: "card", actorId: null },
    meta,
    now,
  );
  return { ok: true, requestId };
}
