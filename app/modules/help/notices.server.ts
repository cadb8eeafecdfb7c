// Who hears of a help request, and how: the organizers of its compound, the person who holds it, the
// resident who asked; the emails go into the outbox inside the transaction of the change.
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { schema, type Queryable, type Tx } from "#db/client.server";
import { householdAddresses } from "#app/modules/households/reader.server";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import type { HelpRequestRow } from "./requests.server";

export interface Recipient {
  id: number;
  email: string;
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
async function organizersOf(compoundId: number, q: Queryable): Promise<Recipient[]> {
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

/** Emails whoever now holds the request (a person, or every organizer of the compound). */
export async function notifyHolder(
  tx: Tx,
  request: Pick<HelpRequestRow, "id" | "kind" | "compoundId" | "householdId" | "assignedToId">,
  template: "help.urgent" | "help.escalated",
  key: string,
): Promise<void> {
  const to =
    request.assignedToId === null
      ? await organizersOf(request.compoundId, tx)
      : await recipients([request.assignedToId], tx);
  const address = await householdAddress(request.householdId, tx);
  for (const r of to) {
    await enqueueEmail(tx, {
      to: r.email,
      template,
      locale: r.locale,
      key: `${key}:${r.id}`,
      data: { name: r.name, requestId: request.id, kind: request.kind, address, url: requestUrl(request.id) },
    });
  }
}
