// What a person reads of visits: one visit (with its overlaps and what they may do to it), the lists of
// their own visits and of those they answer for (their reach: auth/scope.server.ts), the co-visitors a visit may
// take, and one visit as a calendar file. Every household shown is read through the households reader.
import { and, asc, desc, eq, gte, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { db, schema, type Queryable } from "#db/client.server";
import { logReads } from "#app/modules/audit/read-log.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { reachOf, type Reach } from "#app/modules/auth/scope.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { fullAddress } from "#app/modules/households/brief";
import {
  openHouseholdBrief,
  recordHouseholdBriefs,
  type ReadContext,
} from "#app/modules/households/reader.server";
import { householdsPairedWith } from "#app/modules/roster/linkage.server";
import type { VisitStatus } from "./codes";
import { auditRefusal, loadVisit, type VisitResult, type VisitRow } from "./access.server";
import { visitCalendar, visitorsByIds } from "./notices.server";
import { noticeContext, overlappingVisits } from "./visits.server";

export interface VisitView {
  visit: VisitRow;
  address: string;
  hardshipLevel: string | null;
  /** The head of household, as the reader may see them (the households reader withholds what consent does not cover). */
  resident: { name: string | null; phone: string | null } | null;
  lead: { id: number; name: string; phone: string | null } | null;
  coVisitors: { id: number; name: string; phone: string | null }[];
  overlaps: { id: number; startsAt: Date; endsAt: Date }[];
  followUpOf: number | null;
  canManage: boolean;
  canRecord: boolean;
}

/** One visit as `actor` may see it, with overlaps flagged while it is still to come. Every read is audited. */
export async function getVisit(actor: Actor, id: number, meta: RequestMeta): Promise<VisitResult<VisitView>> {
  const loaded = await loadVisit(id);
  if (!loaded) return { ok: false, error: "notFound" };
  const { row, facts } = loaded;
  if (!can(actor, "visit.read", facts)) {
    await auditRefusal(actor, "visit.read", { type: "visit", id }, meta);
    return { ok: false, error: "forbidden" };
  }
  const people = await db()
    .select({ id: schema.users.id, name: schema.users.name, phone: schema.users.phone })
    .from(schema.users)
    .where(inArray(schema.users.id, [row.leadVolunteerId, ...facts.coVisitorIds]));
  const opened = await openHouseholdBrief(actor, row.householdId, { via: "visit", ip: meta.ip }, () =>
    can(actor, "visit.read", facts),
  );
  const brief = opened.ok ? opened.value.brief : null;
  const overlaps =
    row.status === "scheduled"
      ? await overlappingVisits(
          [row.leadVolunteerId, ...facts.coVisitorIds],
          row.startsAt,
          row.endsAt,
          row.id,
        )
      : [];
  const [parent] = await db()
    .select({ id: schema.visits.id })
    .from(schema.visits)
    .where(eq(schema.visits.followUpVisitId, id))
    .limit(1);
  // Visit notes describe a household's situation: every read is logged.
  logReads([{ actorId: actor.id, action: "visit.read", targetType: "visit", targetId: id, ip: meta.ip }]);
  return {
    ok: true,
    value: {
      visit: row,
      address: brief ? brief.address : "",
      hardshipLevel: brief?.hardshipLevel ?? null,
      resident: brief ? { name: brief.headName, phone: brief.headPhone } : null,
      lead: people.find((p) => p.id === row.leadVolunteerId) ?? null,
      coVisitors: facts.coVisitorIds.flatMap((cid) => people.filter((p) => p.id === cid)),
      overlaps,
      followUpOf: parent?.id ?? null,
      canManage: can(actor, "visit.manage", facts),
      canRecord: can(actor, "visit.record", facts),
    },
  };
}

export interface VisitListItem {
  id: number;
  startsAt: Date;
  endsAt: Date;
  status: VisitStatus;
  place: string;
  purpose: string;
  address: string;
  leadName: string;
  escalationLevel: number;
}

export const visitPageSize = 20;

/**
 * Whose visits a list shows: one volunteer's own (lead or co-visitor), or those a person answers for, by their
 * reach: staff their compounds', a volunteer those led by anyone in their subtree, those they went on, and
 * those of the households paired with their subtree (the policy's `visit.read`).
 */
export type VisitScope = { kind: "own"; userId: number } | { kind: "reach"; userId: number; reach: Reach };

function coVisitedBy(userId: number) {
  return db()
    .select({ id: schema.visitCoVisitors.visitId })
    .from(schema.visitCoVisitors)
    .where(eq(schema.visitCoVisitors.volunteerId, userId));
}

export function scopeCondition(scope: VisitScope): SQL | undefined {
  const v = schema.visits;
  if (scope.kind === "own")
    return or(eq(v.leadVolunteerId, scope.userId), inArray(v.id, coVisitedBy(scope.userId)));
  const { reach } = scope;
  switch (reach.kind) {
    case "all":
      return undefined;
    case "compounds":
      return inArray(v.compoundId, [...reach.compoundIds]);
    case "linkage":
      return or(
        inArray(v.leadVolunteerId, [...reach.volunteerIds]),
        inArray(v.id, coVisitedBy(scope.userId)),
        inArray(v.householdId, householdsPairedWith(reach.volunteerIds)),
      );
    case "household":
      return eq(v.householdId, reach.householdId);
    case "none":
      return sql`0`;
  }
}

/** The scope of the oversight lists: everything `actor` answers for. */
export async function oversightScope(actor: Actor): Promise<VisitScope> {
  return { kind: "reach", userId: actor.id, reach: await reachOf(actor) };
}

/** The visit list a tab shows, a page at a time (one row more than a page tells whether there is more). */
export async function listVisits(
  scope: VisitScope,
  which: "upcoming" | "toRecord" | "past" | "escalated",
  ctx: ReadContext,
  now: Date,
  page = 0,
  pageSize = visitPageSize,
  /** A further condition: the list's filters (list.server.ts). */
  narrowedBy?: SQL,
): Promise<{ items: VisitListItem[]; hasMore: boolean }> {
  const v = schema.visits;
  const filters: Record<typeof which, { where: SQL | undefined; order: SQL[] }> = {
    upcoming: {
      where: and(eq(v.status, "scheduled"), gte(v.startsAt, now)),
      order: [asc(v.startsAt), asc(v.id)],
    },
    toRecord: {
      where: and(eq(v.status, "scheduled"), lt(v.startsAt, now)),
      order: [desc(v.startsAt), desc(v.id)],
    },
    past: { where: ne(v.status, "scheduled"), order: [desc(v.startsAt), desc(v.id)] },
    escalated: {
      where: and(eq(v.status, "scheduled"), gte(v.escalationLevel, 1)),
      order: [asc(v.endsAt), asc(v.id)],
    },
  };
  const filter = filters[which];
  const rows = await db()
    .select({
      id: v.id,
      householdId: v.householdId,
      leadVolunteerId: v.leadVolunteerId,
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      status: v.status,
      place: v.place,
      purpose: v.purpose,
      escalationLevel: v.escalationLevel,
    })
    .from(v)
    .where(and(scopeCondition(scope), filter.where, narrowedBy))
    .orderBy(...filter.order)
    .limit(pageSize + 1)
    .offset(page * pageSize);
  const shown = rows.slice(0, pageSize);
  const [briefs, leads] = await Promise.all([
    recordHouseholdBriefs(
      scope.userId,
      shown.map((r) => r.householdId),
      ctx,
    ),
    shown.length
      ? db()
          .select({ id: schema.users.id, name: schema.users.name })
          .from(schema.users)
          .where(inArray(schema.users.id, [...new Set(shown.map((r) => r.leadVolunteerId))]))
      : Promise.resolve([]),
  ]);
  const addressOf = new Map(briefs.map((b) => [b.id, fullAddress(b)]));
  const nameOf = new Map(leads.map((l) => [l.id, l.name]));
  return {
    items: shown.map((r) => ({
      id: r.id,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      status: r.status,
      place: r.place,
      purpose: r.purpose,
      address: addressOf.get(r.householdId) ?? "",
      leadName: nameOf.get(r.leadVolunteerId) ?? "",
      escalationLevel: r.escalationLevel,
    })),
    hasMore: rows.length > pageSize,
  };
}

/**
 * Volunteers a visit by `volunteerId` may take along: their supervisor and those they supervise, the
 * neighbours in the linkage who most often visit together. Reads the users table, as roster has no such query.
 */
export async function coVisitorOptions(volunteerId: number, q: Queryable = db()) {
  const u = schema.users;
  return q
    .select({ id: u.id, name: u.name })
    .from(u)
    .where(
      and(
        eq(u.role, "volunteer"),
        sql`${u.disabledAt} IS NULL`,
        ne(u.id, volunteerId),
        or(
          eq(u.supervisorId, volunteerId),
          sql`${u.id} = (SELECT supervisor_id FROM users WHERE id = ${volunteerId})`,
        ),
      ),
    )
    .orderBy(asc(u.volunteerTier), asc(u.name))
    .limit(30);
}

/** One visit as a calendar file (METHOD:PUBLISH), for whoever may read it. */
export async function visitDownload(
  actor: Actor,
  id: number,
  meta: RequestMeta,
): Promise<VisitResult<string>> {
  const loaded = await loadVisit(id);
  if (!loaded) return { ok: false, error: "notFound" };
  if (!can(actor, "visit.read", loaded.facts)) {
    await auditRefusal(actor, "visit.read", { type: "visit", id }, meta);
    return { ok: false, error: "forbidden" };
  }
  // The file names the household's address: a read of it like any other.
  const opened = await openHouseholdBrief(
    actor,
    loaded.row.householdId,
    { via: "visit.ics", ip: meta.ip },
    () => can(actor, "visit.read", loaded.facts),
  );
  const context = await noticeContext(loaded.row, loaded.facts.coVisitorIds, db());
  const locale = (await visitorsByIds([actor.id], db()))[0]?.locale ?? "zh-CN";
  const address = opened.ok ? opened.value.brief.address : context.address;
  return { ok: true, value: visitCalendar(loaded.row, { ...context, address }, locale, "publish") };
}
