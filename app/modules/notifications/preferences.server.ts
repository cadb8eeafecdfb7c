// Each user's email preferences: which kinds of mail they receive and how long before a visit or session
// their reminders go out. The worker asks at send time, so a change applies to mail already queued.
// Also the signed one-click unsubscribe links that broadcast mail carries (RFC 8058).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { getDatabase, schema, type Queryable } from "#db/client.server";
import type { EmailKind } from "#db/schema/email";
import { optionalKinds } from "./preferences";
import { channelsOf, type ChannelChoice, type MessageKind } from "./channels";
import { audit } from "#app/modules/audit/audit.server";

export const defaultReminderLeadMinutes = [1440, 60];

export interface EmailPreferences {
  disabledKinds: EmailKind[];
  reminderLeadMinutes: number[];
}

export async function getEmailPreferences(userId: number): Promise<EmailPreferences> {
  const row = await getDatabase().db.query.emailPreferences.findFirst({
    where: eq(schema.emailPreferences.userId, userId),
  });
  return row
    ? { disabledKinds: row.disabledKinds, reminderLeadMinutes: row.reminderLeadMinutes }
    : { disabledKinds: [], reminderLeadMinutes: defaultReminderLeadMinutes };
}

/** How long before a visit or session to remind this user, in minutes, longest first. */
export async function getReminderLeadMinutes(userId: number): Promise<number[]> {
  return (await getEmailPreferences(userId)).reminderLeadMinutes;
}

export async function saveEmailPreferences(userId: number, preferences: EmailPreferences): Promise<void> {
  const disabledKinds = preferences.disabledKinds.filter((k) => k !== "transactional");
  const reminderLeadMinutes = [...new Set(preferences.reminderLeadMinutes)].sort((a, b) => b - a);
  await getDatabase().write(async (tx) => {
    await tx
      .insert(schema.emailPreferences)
      .values({ userId, disabledKinds, reminderLeadMinutes, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: schema.emailPreferences.userId,
        set: { disabledKinds, reminderLeadMinutes, updatedAt: new Date() },
      });
    await audit(tx, {
      actorId: userId,
      action: "email.preferences",
      targetType: "user",
      targetId: userId,
      details: { disabledKinds, reminderLeadMinutes },
    });
  });
}

/** Turns one kind off for a user (the unsubscribe link). Idempotent. */
export async function unsubscribe(userId: number, kind: EmailKind): Promise<void> {
  const current = await getEmailPreferences(userId);
  if (current.disabledKinds.includes(kind)) return;
  await saveEmailPreferences(userId, { ...current, disabledKinds: [...current.disabledKinds, kind] });
}

/** For the worker: which of these (address, kind) pairs the recipient has turned off. */
export async function optedOut(q: Queryable, addresses: string[]): Promise<Map<string, Set<EmailKind>>> {
  const result = new Map<string, Set<EmailKind>>();
  if (addresses.length === 0) return result;
  const rows = await q
    .select({ email: schema.users.email, disabledKinds: schema.emailPreferences.disabledKinds })
    .from(schema.emailPreferences)
    .innerJoin(schema.users, eq(schema.users.id, schema.emailPreferences.userId))
    .where(inArray(schema.users.email, [...new Set(addresses)]));
  for (const row of rows) if (row.email) result.set(row.email, new Set(row.disabledKinds));
  return result;
}

export async function userIdsByEmail(q: Queryable, addresses: string[]): Promise<Map<string, number>> {
  if (addresses.length === 0) return new Map();
  const rows = await q
    .select({ id: schema.users.id, email: schema.users.email })
    .from(schema.users)
    .where(inArray(schema.users.email, [...new Set(addresses)]));
  return new Map(rows.flatMap((r) => (r.email ? [[r.email, r.id] as const] : [])));
}

// The key never changes once made; a broadcast batch signs a hundred links with it.
const secrets = new WeakMap<object, Buffer>();

/** The key that signs unsubscribe links; other signed links derive their own keys from it. */
export async function signingSecret(): Promise<Buffer> {
  const database = getDatabase();
  const cached = secrets.get(database);
  if (cached) return cached;
  const secret = await loadOrCreateSecret();
  secrets.set(database, secret);
  return secret;
}

async function loadOrCreateSecret(): Promise<Buffer> {
  const database = getDatabase();
  const existing = await database.db.query.emailSigningKey.findFirst();
  if (existing) return Buffer.from(existing.secret, "base64url");
  await database.writeAtomic((d) =>
    d
      .insert(schema.emailSigningKey)
      .values({ id: 1, secret: randomBytes(32).toString("base64url") })
      .onConflictDoNothing(),
  );
  const created = await database.db.query.emailSigningKey.findFirst();
  if (!created) throw new Error("email signing key missing after insert");
  return Buffer.from(created.secret, "base64url");
}

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac("sha256", secret).update(payload).digest();
}

/** A token naming the user and the kind to turn off, signed so that nobody can unsubscribe someone else. */
export async function unsubscribeToken(userId: number, kind: EmailKind): Promise<string> {
  const payload = `${userId}.${kind}`;
  return `${payload}.${mac(await signingSecret(), payload).toString("base64url")}`;
}

export async function readUnsubscribeToken(
  token: string,
): Promise<{ userId: number; kind: EmailKind } | null> {
  const match = /^(\d{1,12})\.([a-z]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, id, kind, signature] = match;
  if (!id || !kind || !signature) return null;
  const expected = mac(await signingSecret(), `${id}.${kind}`);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const known = optionalKinds.find((k) => k === kind);
  return known ? { userId: Number(id), kind: known } : null;
}

/** What an unsubscribe link stands for, with the address to show; null when the link is not genuine. */
export async function describeUnsubscribeToken(token: string) {
  const claim = await readUnsubscribeToken(token);
  if (!claim) return null;
  const user = await getDatabase().db.query.users.findFirst({
    where: eq(schema.users.id, claim.userId),
    columns: { email: true },
  });
  return user ? { ...claim, email: user.email } : null;
}

/**
 * The phone a kind of message should also go to by text for this account, inside the caller's transaction:
 * its number when the person chose texts for the kind (or has no email), else null.
 */
export async function smsNumberFor(q: Queryable, userId: number, kind: MessageKind): Promise<string | null> {
  const [row] = await q
    .select({
      phone: schema.users.phone,
      email: schema.users.email,
      channels: schema.emailPreferences.channels,
    })
    .from(schema.users)
    .leftJoin(schema.emailPreferences, eq(schema.emailPreferences.userId, schema.users.id))
    .where(eq(schema.users.id, userId));
  if (!row?.phone) return null;
  const channels = channelsOf((row.channels ?? {}) as ChannelChoice, kind, Boolean(row.email));
  return channels.includes("sms") ? row.phone : null;
}

export async function getChannelChoice(userId: number): Promise<ChannelChoice> {
  const row = await getDatabase().db.query.emailPreferences.findFirst({
    where: eq(schema.emailPreferences.userId, userId),
    columns: { channels: true },
  });
  return (row?.channels ?? {}) as ChannelChoice;
}

export async function saveChannelChoice(userId: number, choice: ChannelChoice): Promise<void> {
  const current = await getEmailPreferences(userId);
  await getDatabase().write(async (tx) => {
    await tx
      .insert(schema.emailPreferences)
      .values({ userId, ...current, channels: choice, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: schema.emailPreferences.userId,
        set: { channels: choice, updatedAt: new Date() },
      });
    await audit(tx, {
      actorId: userId,
      action: "email.preferences",
      targetType: "user",
      targetId: userId,
      details: { channels: choice },
    });
  });
}
