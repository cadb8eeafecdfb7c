// The help requests each person may list (their household's; those of the households paired with them or
// anyone under them, and those escalated to them; their compounds'), a page at a time. Every household shown
// is read through the households reader.
import { and, desc, eq, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { householdCondition, reachOf } from "#app/modules/auth/scope.server";
import { fullAddress } from "#app/modules/households/brief";
import { recordHouseholdBriefs, type ReadContext } from "#app/modules/households/reader.server";
import { usersByIds } from "#app/modules/roster/linkage.server";
import type { AgeFilter, HelpChannel, HelpKind, HelpStatus, HelpUrgency } from "./codes";
import { organizerNames } from "./notices.server";

const day = 86_400_000;

export interface HelpListFilter {
  kind?: HelpKind;
  status?: HelpStatus;
  age?: AgeFilter;
  page?: number;
}

export const helpPageSize = 50;

/**
 * Which requests `actor` may list, over the help requests table, as conditions whose union is the scope: the
 * households of their reach (by the request's own compound for staff), those whose helper at the time is a
 * volunteer under them, and those escalated to them. The policy's `help.read` says the same of one request.
 * An organizer's two parts are listed apart: `compound OR assignee` would keep SQLite from reading the
 * compound's page in order off its index, and sort every request of the compound instead.
 */
async function scopeOf(actor: Actor): Promise<(SQL | undefined)[]> {
  const t = schema.helpRequests;
  const reach = await reachOf(actor);
  const households = householdCondition(reach, { householdId: t.householdId, compoundId: t.compoundId });
  if (reach.kind === "all") return [undefined];
  if (reach.kind === "linkage")
    return [or(households, inArray(t.helperId, [...reach.volunteerIds]), eq(t.assignedToId, actor.id))];
  return [households, eq(t.assignedToId, actor.id)];
}

function ageCondition(age: AgeFilter | undefined, now: Date): SQL | undefined {
  const t = schema.helpRequests.createdAt;
  const ago = (days: number) => new Date(now.getTime() - days * day);
  switch (age) {
    case undefined:
      return undefined;
    case "day":
      return sql`${t} > ${ago(1).getTime()}`;
    case "week":
      return sql`${t} > ${ago(7).getTime()}`;
    case "month":
      return sql`${t} > ${ago(30).getTime()}`;
    case "older":
      return lte(t, ago(30));
  }
}

export interface HelpListItem {
  id: number;
  kind: HelpKind;
  status: HelpStatus;
  channel: HelpChannel;
  escalationLevel: number;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  acknowledgeBy: Date;
  rating: number | null;
  address: string;
  assigneeName: string | null;
  /** Who holds it by name: its assignee, or the organizers of its compound when it is with them. */
  holderNames: string[];
  urgency: HelpUrgency;
  overdue: boolean;
}

/**
 * One page of the requests `actor` may see, open ones first, newest first within each. The export asks for one
 * page of `pageSize` rows, as many as a file holds, so that it lists what the page does.
 */
export async function listHelpRequests(
  actor: Actor,
  filter: HelpListFilter,
  ctx: ReadContext,
  now = new Date(),
  pageSize = helpPageSize,
): Promise<{ items: HelpListItem[]; hasMore: boolean }> {
  const parts = await scopeOf(actor);
  const t = schema.helpRequests;
  const page = Math.max(0, filter.page ?? 0);
  const filters = and(
    filter.kind ? eq(t.kind, filter.kind) : undefined,
    filter.status ? eq(t.status, filter.status) : undefined,
    ageCondition(filter.age, now),
  );
  // Each part reads up to the end of the page asked for, in the list's order; the union is put in that order.
  const wanted = (page + 1) * pageSize + 1;
  const lists = await Promise.all(
    parts.map((part) =>
      db()
        .select({
          id: t.id,
          householdId: t.householdId,
          compoundId: t.compoundId,
          kind: t.kind,
          urgency: t.urgency,
          status: t.status,
          channel: t.channel,
          escalationLevel: t.escalationLevel,
          createdAt: t.createdAt,
          acknowledgedAt: t.acknowledgedAt,
          resolvedAt: t.resolvedAt,
          acknowledgeBy: t.acknowledgeBy,
          rating: t.rating,
          assignedToId: t.assignedToId,
        })
        .from(t)
        .where(and(part, filters))
        .orderBy(sql`${t.status} = 'resolved'`, desc(t.createdAt), desc(t.id))
        .limit(parts.length === 1 ? pageSize + 1 : wanted)
        .offset(parts.length === 1 ? page * pageSize : 0),
    ),
  );
  const rows =
    parts.length === 1
      ? (lists[0] ?? [])
      : [...new Map(lists.flat().map((r) => [r.id, r])).values()]
          .sort(
            (a, b) =>
              Number(a.status === "resolved") - Number(b.status === "resolved") ||
              b.createdAt.getTime() - a.createdAt.getTime() ||
              b.id - a.id,
          )
          .slice(page * pageSize, wanted);
  const pageRows = rows.slice(0, pageSize);
  const withOrganizers = pageRows.flatMap((r) => (r.assignedToId === null ? [r.compoundId] : []));
  const [briefs, people, organizers] = await Promise.all([
    recordHouseholdBriefs(
      actor.id,
      pageRows.map((r) => r.householdId),
      ctx,
    ),
    usersByIds([...new Set(pageRows.flatMap((r) => (r.assignedToId === null ? [] : [r.assignedToId])))]),
    organizerNames(withOrganizers, db()),
  ]);
  const briefOf = new Map(briefs.map((b) => [b.id, b]));
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  return {
    hasMore: rows.length > pageSize,
    items: pageRows.map((r) => {
      const brief = briefOf.get(r.householdId);
      const assigneeName = r.assignedToId === null ? null : (nameOf.get(r.assignedToId) ?? null);
      return {
        ...r,
        address: brief ? fullAddress(brief) : "",
        assigneeName,
        holderNames: assigneeName !== null ? [assigneeName] : (organizers.get(r.compoundId) ?? []),
        overdue: r.status === "new" && r.acknowledgeBy.getTime() <= now.getTime(),
      };
    }),
  };
}

export interface HeldHelpRequest {
  id: number;
  householdId: number;
  kind: HelpKind;
  urgency: HelpUrgency;
  status: HelpStatus;
  contactPhone: string | null;
  acknowledgeBy: Date;
}

/** The open requests `userId` holds (a helper's, or escalated to them), oldest first: the volunteer home's. */
export async function openHelpHeldBy(userId: number, limit = 10): Promise<HeldHelpRequest[]> {
  const t = schema.helpRequests;
  return db()
    .select({
      id: t.id,
      householdId: t.householdId,
      kind: t.kind,
      urgency: t.urgency,
      status: t.status,
      contactPhone: t.contactPhone,
      acknowledgeBy: t.acknowledgeBy,
    })
    .from(t)
    .where(and(eq(t.assignedToId, userId), sql`${t.status} <> 'resolved'`))
    .orderBy(t.createdAt)
    .limit(limit);
}
