// Who hears of a help request, and how: the organizers of its compound, the person who holds it, the
// resident who asked. Holders get an in-app message and an email, both written inside the transaction of the
// change (the email into the outbox).
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { schema, type Queryable, type Tx } from "#db/client.server";
import { householdAddresses } from "#app/modules/households/reader.server";
import { sendInApp } from "#app/modules/notifications/inapp.server";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import { acknowledgeWindowMs, type HelpUrgency } from "./codes";
import type { HelpRequestRow } from "./requests.server";

export interface Recipient {
  id: number;
  /** Null for a phone-only account: the in-app message is its notice. */
  email: string | null;
  name: string;
  locale: "zh-CN" | "en";
}

const recipientColumns = {
  id: schema.users.id,
  email: schema.users.email,
  name: schema.users.name,
  locale: schema.users.locale,
};

/**
 * Active organizers of a compound, including those who work for every compound. Reads the users table
 * because the people module has no such query yet; it should move there.
 */
export async function organizersOf(compoundId: number, q: Queryable): Promise<Recipient[]> {
  return q
    .select(recipientColumns)
    .from(schema.users)
    .where(
      and(
        eq(schema.users.role, "organizer"),
        isNull(schema.users.disabledAt),
        or(eq(schema.users.compoundId, compoundId), isNull(schema.users.compoundId)),
      ),
    );
}

/**
 * The names of whoever holds requests that are with "the organizers", by compound: its organizers (and those of
 * every compound), else the admins, so that an overdue request always names a person.
 */
export async function organizerNames(
  compoundIds: readonly number[],
  q: Queryable,
): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (compoundIds.length === 0) return result;
  const u = schema.users;
  const staff = await q
    .select({ name: u.name, role: u.role, compoundId: u.compoundId })
    .from(u)
    .where(and(inArray(u.role, ["organizer", "admin"]), isNull(u.disabledAt)))
    .orderBy(u.name);
  const admins = staff.filter((s) => s.role === "admin").map((s) => s.name);
  for (const compoundId of new Set(compoundIds)) {
    const own = staff
      .filter((s) => s.role === "organizer" && (s.compoundId === compoundId || s.compoundId === null))
      .map((s) => s.name);
    result.set(compoundId, own.length > 0 ? own : admins);
  }
  return result;
}

export async function recipients(ids: readonly number[], q: Queryable): Promise<Recipient[]> {
  if (ids.length === 0) return [];
  return q
    .select(recipientColumns)
    .from(schema.users)
    .where(and(inArray(schema.users.id, [...ids]), isNull(schema.users.disabledAt)));
}

/** The supervisor of a volunteer in the linkage (roster keeps it on the user row). */
export async function supervisorOf(userId: number, q: Queryable): Promise<number | null> {
  const [row] = await q
    .select({ supervisorId: schema.users.supervisorId })
    .from(schema.users)
    .where(and(eq(schema.users.id, userId), isNull(schema.users.disabledAt)));
  return row?.supervisorId ?? null;
}

export function requestUrl(id: number): string {
  return `${appOrigin()}/help/${id}`;
}

/** The address a notice names: the system's own read, for the people the notice goes to. */
async function householdAddress(householdId: number, q: Queryable): Promise<string> {
  return (await householdAddresses([householdId], q)).get(householdId) ?? "";
}

type HolderTemplate = "help.new" | "help.urgent" | "help.escalated" | "help.assigned";

/**
 * Tells whoever now holds the request (a person, or every organizer of the compound), in the app and by
 * email. `extra` adds what the template needs beyond the request (the urgency's window, who passed it on).
 */
export async function notifyHolder(
  tx: Tx,
  request: Pick<HelpRequestRow, "id" | "kind" | "compoundId" | "householdId" | "assignedToId">,
  template: HolderTemplate,
  key: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const to =
    request.assignedToId === null
      ? await organizersOf(request.compoundId, tx)
      : await recipients([request.assignedToId], tx);
  const address = await householdAddress(request.householdId, tx);
  for (const r of to) {
    const data = {
      name: r.name,
      requestId: request.id,
      kind: request.kind,
      address,
      url: requestUrl(request.id),
      ...extra,
    };
    const personal = { key: `${key}:${r.id}`, template, data, locale: r.locale };
    await sendInApp(tx, { ...personal, userId: r.id });
    if (r.email) await enqueueEmail(tx, { ...personal, to: r.email });
  }
}

/** What the "new request" message says about its urgency: the urgency and the hours to acknowledge it. */
export function urgencyDetails(urgency: HelpUrgency) {
  return { urgency, hours: Math.round(acknowledgeWindowMs(urgency) / 3_600_000) };
}
