// The staff's side of text messages: the local SMS box (masked, decision 015), a month's count and estimated
// cost by kind and compound, the limits and price, and opt-outs (a "TD"/"退订" reply entered by staff or from a
// provider's reply callback, or the short link in a text).
import { and, count, desc, eq, gte, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { getDatabase, schema } from "#db/client.server";
import type { SmsOptOutSource } from "#db/schema/email";
import { audit } from "#app/modules/audit/audit.server";
import { startsWith } from "#db/like";
import { normalizePhone } from "./phone";
import { getSmsTemplate, smsKinds, type SmsKind } from "./sms-templates";

export const smsBoxPageSize = 30;

export async function listSmsBox({ to, before }: { to?: string; before?: number }) {
  const b = schema.smsBox;
  const number = to ? (normalizePhone(to) ?? to.trim()) : "";
  const rows = await getDatabase()
    .db.select({ id: b.id, to: b.to, template: b.template, text: b.text, receivedAt: b.receivedAt })
    .from(b)
    .where(and(number ? startsWith(b.to, number) : undefined, before ? lt(b.id, before) : undefined))
    .orderBy(desc(b.id))
    .limit(smsBoxPageSize + 1);
  const page = rows.slice(0, smsBoxPageSize);
  return { texts: page, nextBefore: rows.length > smsBoxPageSize ? page.at(-1)?.id : undefined };
}

export interface CostLine {
  texts: number;
  /** In li (厘), a tenth of a fen. */
  costLi: number;
}

/**
 * The texts sent in one month of the community's calendar, by kind and by compound, priced at `priceLi` each.
 * Reads the outbox's (channel, sent_at) index: one month's rows, however old the outbox.
 */
export async function smsCostReport(month: string, zone: string, priceLi: number) {
  const start = DateTime.fromFormat(month, "yyyy-LL", { zone }).startOf("month");
  const t = schema.emailOutbox;
  const rows = await getDatabase()
    .db.select({ template: t.template, compoundId: t.compoundId, n: count() })
    .from(t)
    .where(
      and(
        eq(t.channel, "sms"),
        eq(t.status, "sent"),
        gte(t.sentAt, start.toJSDate()),
        lt(t.sentAt, start.plus({ months: 1 }).toJSDate()),
      ),
    )
    .groupBy(t.template, t.compoundId);
  const byKind = new Map<SmsKind, CostLine>(smsKinds.map((k) => [k, { texts: 0, costLi: 0 }]));
  const byCompound = new Map<number | null, CostLine>();
  let total = 0;
  for (const row of rows) {
    const kind = getSmsTemplate(row.template)?.kind ?? "transactional";
    const line = byKind.get(kind) ?? { texts: 0, costLi: 0 };
    line.texts += row.n;
    line.costLi += row.n * priceLi;
    byKind.set(kind, line);
    const compound = byCompound.get(row.compoundId) ?? { texts: 0, costLi: 0 };
    compound.texts += row.n;
    compound.costLi += row.n * priceLi;
    byCompound.set(row.compoundId, compound);
    total += row.n;
  }
  const compounds = await getDatabase()
    .db.select({ id: schema.compounds.id, name: schema.compounds.name })
    .from(schema.compounds);
  const names = new Map(compounds.map((c) => [c.id, c.name]));
  return {
    month: start.toFormat("yyyy-LL"),
    byKind: [...byKind.entries()].map(([kind, line]) => ({ kind, ...line })),
    byCompound: [...byCompound.entries()]
      .map(([id, line]) => ({
        compoundId: id,
        name: id === null ? null : (names.get(id) ?? `#${id}`),
        ...line,
      }))
      .sort((a, b) => b.texts - a.texts),
    total: { texts: total, costLi: total * priceLi },
  };
}

/** A reply that means "no more texts": TD / T / 退订 / 取消 / STOP / N, as carriers and providers read them. */
export function isOptOutReply(text: string): boolean {
  return /^(td|t|n|stop|unsubscribe|退订|取消|退订短信)$/i.test(text.trim().replace(/[。.!！]$/, ""));
}

/** Records that a number wants no more non-essential texts (idempotent), audited. */
export async function optOutNumber(
  phone: string,
  source: SmsOptOutSource,
  actorId: number | null,
  at = new Date(),
): Promise<boolean> {
  const number = normalizePhone(phone);
  if (!number) return false;
  await getDatabase().write(async (tx) => {
    const rows = await tx
      .insert(schema.smsOptOuts)
      .values({ phone: number, source, at })
      .onConflictDoNothing()
      .returning({ phone: schema.smsOptOuts.phone });
    if (rows.length > 0)
      await audit(tx, {
        actorId,
        action: "sms.optOut",
        targetType: "phone",
        targetId: number,
        details: { source },
      });
  });
  return true;
}

/** A reply from a phone (the provider's reply callback, or staff entering one): opts out when it says so. */
export async function recordSmsReply(
  phone: string,
  text: string,
  actorId: number | null,
  source: SmsOptOutSource = "reply",
): Promise<"optedOut" | "ignored" | "badNumber"> {
  if (!normalizePhone(phone)) return "badNumber";
  if (!isOptOutReply(text)) return "ignored";
  await optOutNumber(phone, source, actorId);
  return "optedOut";
}

/** Takes a number off the opt-out list (staff, or the person through the short link). */
export async function optInNumber(phone: string, actorId: number | null): Promise<boolean> {
  const number = normalizePhone(phone);
  if (!number) return false;
  return getDatabase().write(async (tx) => {
    const rows = await tx
      .delete(schema.smsOptOuts)
      .where(eq(schema.smsOptOuts.phone, number))
      .returning({ phone: schema.smsOptOuts.phone });
    if (rows.length > 0)
      await audit(tx, { actorId, action: "sms.optIn", targetType: "phone", targetId: number });
    return rows.length > 0;
  });
}

export async function listOptOuts(limit = 50) {
  return getDatabase().db.select().from(schema.smsOptOuts).orderBy(desc(schema.smsOptOuts.at)).limit(limit);
}

export interface SmsSettingsInput {
  smsDailyPerNumber: number;
  smsMonthlyCap: number;
  smsPriceLi: number;
}

export async function saveSmsSettings(actorId: number, input: SmsSettingsInput): Promise<void> {
  await getDatabase().write(async (tx) => {
    await tx
      .update(schema.settings)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(schema.settings.id, 1));
    await audit(tx, {
      actorId,
      action: "sms.settings",
      targetType: "settings",
      targetId: 1,
      details: { ...input },
    });
  });
}

/** How many texts are waiting now (queued or held) and why, for the page's summary. */
export async function smsWaiting(): Promise<number> {
  const t = schema.emailOutbox;
  const [row] = await getDatabase()
    .db.select({ n: count() })
    .from(t)
    .where(and(eq(t.channel, "sms"), sql`${t.status} in ('queued', 'sending')`));
  return row?.n ?? 0;
}
