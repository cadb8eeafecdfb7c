// What other domains may know about a household member to decide a course place: who they are, their
// household's hardship level and categories, and the priority groups they fall in. Read-only.
import { eq } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import type { Category, HardshipLevel, PriorityGroup } from "./codes";

export interface MemberFacts {
  memberId: number;
  householdId: number;
  compoundId: number;
  name: string;
  userId: number | null;
  hardshipLevel: HardshipLevel;
  categories: Category[];
  /** Priority groups the person's household is in (a disabled member counts as `disabled` too). */
  priorityGroups: PriorityGroup[];
  /** Still a member of a household still kept (not removed, not moved out or dissolved). */
  current: boolean;
}

export async function memberFacts(memberId: number, q: Queryable = db()): Promise<MemberFacts | null> {
  const [row] = await q
    .select({
      memberId: schema.householdMembers.id,
      householdId: schema.householdMembers.householdId,
      name: schema.householdMembers.name,
      userId: schema.householdMembers.userId,
      disabled: schema.householdMembers.disabled,
      compoundId: schema.households.compoundId,
      hardshipLevel: schema.households.hardshipLevel,
      zeroEmployment: schema.households.zeroEmployment,
      removedAt: schema.householdMembers.removedAt,
      status: schema.households.status,
    })
    .from(schema.householdMembers)
    .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
    .where(eq(schema.householdMembers.id, memberId))
    .limit(1);
  if (!row) return null;
  const categories = (
    await q
      .select({ category: schema.householdCategories.category })
      .from(schema.householdCategories)
      .where(eq(schema.householdCategories.householdId, row.householdId))
  ).map((r) => r.category);
  const groups = new Set<PriorityGroup>();
  if (row.zeroEmployment) groups.add("zero_employment");
  if (row.disabled || categories.includes("disabled")) groups.add("disabled");
  if (categories.includes("elderly_alone")) groups.add("elderly_alone");
  if (categories.includes("serious_illness")) groups.add("serious_illness");
  return {
    memberId: row.memberId,
    householdId: row.householdId,
    compoundId: row.compoundId,
    name: row.name,
    userId: row.userId,
    hardshipLevel: row.hardshipLevel,
    categories,
    priorityGroups: [...groups],
    current: row.removedAt === null && row.status === "active",
  };
}

/** The household member a resident account stands for, if the registry links one. */
export async function memberIdForUser(userId: number, q: Queryable = db()): Promise<number | null> {
  const [row] = await q
    .select({ id: schema.householdMembers.id })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.userId, userId))
    .limit(1);
  return row?.id ?? null;
}
