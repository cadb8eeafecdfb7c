// The phones a household is reached at for notices (decision 025): the head's number on record, and the number
// of each current member who has an account (the account's own, else the one on record). No household facts
// beyond names and numbers leave this function; it reads for a notice, not for a person, so it is not audited.
import { and, eq, isNull } from "drizzle-orm";
import { schema, type Queryable } from "#db/client.server";
import type { Locale } from "#db/schema/core";

export interface HouseholdContact {
  phone: string;
  name: string;
  /** The member's account, when they have one (their channel choice applies, and /messages gets the copy). */
  userId: number | null;
  locale: Locale;
}

export async function householdContacts(q: Queryable, householdId: number): Promise<HouseholdContact[]> {
  const m = schema.householdMembers;
  const u = schema.users;
  const rows = await q
    .select({
      relation: m.relation,
      name: m.name,
      memberPhone: m.phone,
      userId: u.id,
      userPhone: u.phone,
      locale: u.locale,
    })
    .from(m)
    .leftJoin(u, and(eq(u.id, m.userId), isNull(u.disabledAt)))
    .where(and(eq(m.householdId, householdId), isNull(m.removedAt)));
  const contacts: HouseholdContact[] = [];
  for (const row of rows) {
    const phone = row.userId
      ? (row.userPhone ?? row.memberPhone)
      : row.relation === "head"
        ? row.memberPhone
        : null;
    if (!phone) continue;
    contacts.push({ phone, name: row.name, userId: row.userId, locale: row.locale ?? "zh-CN" });
  }
  return contacts;
}
