// Help requests from asking to rating: who may ask for which household, routing to the helper or the
// compound's organizers, status changes and notes on the timeline, the resident's rating, the lists each
// role sees, and the escalation tick. Every change is one transaction with its audit entry and its emails.
import { and, desc, eq, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { getDatabase, db, schema, type Queryable, type Tx } from "#db/client.server";
import { appOrigin } from "#app/config.server";
import type { Actor, HelpFacts } from "#app/modules/auth/policy";
import { can, isCadre, isStaff } from "#app/modules/auth/policy";
import { audit } from "#app/modules/audit/audit.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import {
  addressLine,
  householdAddresses,
  householdBriefs,
  type HouseholdBrief,
} from "#app/modules/roster/household-reads.server";
import {
  chainUp,
  helperIdsForHousehold,
  householdFacts,
  subtreeIds,
  usersByIds,
} from "#app/modules/roster/linkage.server";
import {
  type AgeFilter,
  type ContactMethod,
  type HelpChannel,
  type HelpKind,
  type HelpStatus,
} from "./codes";
import { nextEscalation, routeNewRequest } from "./routing";

export type HelpRequestRow = typeof schema.helpRequests.$inferSelect;

export interface NewHelpRequest {
  householdId: number;
  kind: HelpKind;
  description: string;
  contactMethod: ContactMethod;
  contactPhone: string | null;
}

export type HelpResult<T> =
  { ok: true; value: T } | { ok: false; error: "notFound" | "forbidden" | "conflict" };

const day = 86_400_000;

/** The household a resident account belongs to. Reads the households tables: should move behind that module. */
export async function householdOfResident(userId: number, q: Queryable = db()): Promise<number | null> {
  const [row] = await q
    .select({ householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.userId, userId));
  return row?.householdId ?? null;
}

interface Recipient {
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

async function recipients(ids: readonly number[], q: Queryable): Promise<Recipient[]> {
  if (ids.length === 0) return [];
  return q
    .select(recipientColumns)
    .from(schema.users)
    .where(and(inArray(schema.users.id, [...ids]), isNull(schema.users.disabledAt)));
}

/** The supervisor of a volunteer in the linkage (roster keeps it on the user row). */
async function supervisorOf(userId: number, q: Queryable): Promise<number | null> {
  const [row] = await q
    .select({ supervisorId: schema.users.supervisorId })
    .from(schema.users)
    .where(and(eq(schema.users.id, userId), isNull(schema.users.disabledAt)));
  return row?.supervisorId ?? null;
}

export function requestUrl(id: number): string {
  return `${appOrigin()}/help/${id}`;
}

async function householdAddress(householdId: number, q: Queryable): Promise<string> {
  const [brief] = await householdBriefs([householdId], q);
  return brief ? `${brief.compoundName} ${addressLine(brief)}` : "";
}

/** Emails whoever now holds the request (a person, or every organizer of the compound). */
async function notifyHolder(
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

async function createRequest(
  actor: Actor,
  input: NewHelpRequest,
  channel: HelpChannel,
  meta: RequestMeta,
  now: Date,
): Promise<HelpResult<number>> {
  const facts = await householdFacts(input.householdId);
  if (!facts) return { ok: false, error: "notFound" };
  if (!can(actor, "help.ask", facts)) return { ok: false, error: "forbidden" };
  return getDatabase().write(async (tx) => {
    const [helperId = null] = await helperIdsForHousehold(input.householdId, tx);
    const holder = routeNewRequest({ kind: input.kind, helperId }, now);
    const [row] = await tx
      .insert(schema.helpRequests)
      .values({
        householdId: input.householdId,
        compoundId: facts.compoundId,
        requesterId: channel === "app" ? actor.id : (facts.memberUserIds[0] ?? null),
        recordedById: channel === "phone" ? actor.id : null,
        channel,
        kind: input.kind,
        description: input.description,
        contactMethod: input.contactMethod,
        contactPhone: input.contactPhone,
        helperId,
        ...holder,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("help request insert returned nothing");
    await tx.insert(schema.helpRequestEvents).values({
      requestId: row.id,
      type: "created",
      at: now,
      authorId: actor.id,
      visibleToResident: true,
    });
    await audit(tx, {
      actorId: actor.id,
      action: "help.create",
      targetType: "help_request",
      targetId: row.id,
      ip: meta.ip,
      details: { householdId: input.householdId, kind: input.kind, channel },
    });
    // Urgent requests reach the helper and the organizers at once, not only whoever holds it.
    if (input.kind === "urgent") {
      if (helperId !== null) await notifyHolder(tx, row, "help.urgent", `help:${row.id}:urgent`);
      await notifyHolder(tx, { ...row, assignedToId: null }, "help.urgent", `help:${row.id}:urgent`);
    }
    return { ok: true, value: row.id };
  });
}

/** A signed-in resident asks for help for their own household. */
export function askForHelp(actor: Actor, input: NewHelpRequest, meta: RequestMeta, now = new Date()) {
  return createRequest(actor, input, "app", meta, now);
}

/** Staff on the hotline take down a request on a resident's behalf. */
export function recordPhoneRequest(actor: Actor, input: NewHelpRequest, meta: RequestMeta, now = new Date()) {
  if (!can(actor, "help.record")) return Promise.resolve({ ok: false, error: "forbidden" } as const);
  return createRequest(actor, input, "phone", meta, now);
}

async function requestFacts(row: HelpRequestRow, q: Queryable): Promise<HelpFacts | null> {
  const facts = await householdFacts(row.householdId, q);
  if (!facts) return null;
  // The helper who had the household when it asked keeps seeing the request after a new pairing.
  const own = row.helperId === null ? [] : await chainUp([row.helperId], q);
  return {
    ...facts,
    helperIds: [...new Set([...facts.helperIds, ...(row.helperId === null ? [] : [row.helperId])])],
    helperChain: [...new Set([...facts.helperChain, ...own])],
    assignedToId: row.assignedToId,
  };
}

async function loadRequest(id: number, q: Queryable = db()) {
  const [row] = await q.select().from(schema.helpRequests).where(eq(schema.helpRequests.id, id));
  if (!row) return null;
  const facts = await requestFacts(row, q);
  return facts ? { row, facts } : null;
}

export interface HelpEventView {
  id: number;
  type: (typeof schema.helpRequestEvents.$inferSelect)["type"];
  at: Date;
  authorName: string | null;
  note: string | null;
  visibleToResident: boolean;
}

export interface HelpRequestView {
  request: HelpRequestRow;
  household: HouseholdBrief | null;
  helperName: string | null;
  assigneeName: string | null;
  events: HelpEventView[];
  canHandle: boolean;
  canRate: boolean;
}

/** One request with its timeline as `actor` may see it; residents see only the notes meant for them. */
export async function getHelpRequest(
  actor: Actor,
  id: number,
  meta: RequestMeta,
): Promise<HelpResult<HelpRequestView>> {
  const loaded = await loadRequest(id);
  if (!loaded) return { ok: false, error: "notFound" };
  const { row, facts } = loaded;
  if (!can(actor, "help.read", facts)) return { ok: false, error: "forbidden" };
  const forResident = actor.role === "resident";
  const events = await db()
    .select({
      id: schema.helpRequestEvents.id,
      type: schema.helpRequestEvents.type,
      at: schema.helpRequestEvents.at,
      authorName: schema.users.name,
      note: schema.helpRequestEvents.note,
      visibleToResident: schema.helpRequestEvents.visibleToResident,
    })
    .from(schema.helpRequestEvents)
    .leftJoin(schema.users, eq(schema.users.id, schema.helpRequestEvents.authorId))
    .where(
      and(
        eq(schema.helpRequestEvents.requestId, id),
        forResident ? eq(schema.helpRequestEvents.visibleToResident, true) : undefined,
      ),
    )
    .orderBy(schema.helpRequestEvents.at, schema.helpRequestEvents.id);
  const people = await usersByIds([row.helperId, row.assignedToId].flatMap((x) => (x === null ? [] : [x])));
  const nameOf = (userId: number | null) => people.find((p) => p.id === userId)?.name ?? null;
  const [household = null] = await householdBriefs([row.householdId]);
  // Request contents are sensitive: every read is logged.
  await getDatabase().writeAtomic((d) =>
    audit(d, {
      actorId: actor.id,
      action: "help.read",
      targetType: "help_request",
      targetId: id,
      ip: meta.ip,
    }),
  );
  return {
    ok: true,
    value: {
      request: row,
      household,
      helperName: nameOf(row.helperId),
      assigneeName: nameOf(row.assignedToId),
      events,
      canHandle: can(actor, "help.handle", facts),
      canRate: can(actor, "help.rate", facts) && row.status === "resolved" && row.rating === null,
    },
  };
}

/** Which statuses a request may move to from each; a resolved request stays resolved. */
const allowedFrom: Record<Exclude<HelpStatus, "new">, readonly HelpStatus[]> = {
  acknowledged: ["new"],
  in_progress: ["new", "acknowledged"],
  resolved: ["new", "acknowledged", "in_progress"],
};

export interface StatusChange {
  status: Exclude<HelpStatus, "new">;
  note: string | null;
  visibleToResident: boolean;
}

/** Moves a request on (acknowledge, start, resolve) with an optional note, and tells the resident. */
export async function changeHelpStatus(
  actor: Actor,
  id: number,
  change: StatusChange,
  meta: RequestMeta,
  now = new Date(),
): Promise<HelpResult<HelpStatus>> {
  const loaded = await loadRequest(id);
  if (!loaded) return { ok: false, error: "notFound" };
  if (!can(actor, "help.handle", loaded.facts)) return { ok: false, error: "forbidden" };
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .update(schema.helpRequests)
      .set({
        status: change.status,
        // Any step forward counts as acknowledging it; the first one is kept.
        acknowledgedAt: sql`coalesce(${schema.helpRequests.acknowledgedAt}, ${now.getTime()})`,
        resolvedAt: change.status === "resolved" ? now : undefined,
        updatedAt: now,
      })
      .where(
        and(
          eq(schema.helpRequests.id, id),
          inArray(schema.helpRequests.status, [...allowedFrom[change.status]]),
        ),
      )
      .returning();
    if (!row) return { ok: false, error: "conflict" } as const;
    // The step itself is always the resident's to see; a staff-only note goes beside it as its own entry.
    const privateNote = change.note !== null && !change.visibleToResident;
    await tx.insert(schema.helpRequestEvents).values([
      {
        requestId: id,
        type: change.status,
        at: now,
        authorId: actor.id,
        note: privateNote ? null : change.note,
      },
      ...(privateNote
        ? [
            {
              requestId: id,
              type: "note" as const,
              at: now,
              authorId: actor.id,
              note: change.note,
              visibleToResident: false,
            },
          ]
        : []),
    ]);
    await audit(tx, {
      actorId: actor.id,
      action: "help.status",
      targetType: "help_request",
      targetId: id,
      ip: meta.ip,
      details: { status: change.status },
    });
    if (row.requesterId !== null) {
      const [resident] = await recipients([row.requesterId], tx);
      if (resident)
        await enqueueEmail(tx, {
          to: resident.email,
          template: "help.status",
          locale: resident.locale,
          key: `help:${id}:status:${change.status}`,
          data: {
            name: resident.name,
            requestId: id,
            kind: row.kind,
            status: change.status,
            note: change.note !== null && change.visibleToResident ? change.note : null,
            url: requestUrl(id),
          },
        });
    }
    return { ok: true, value: change.status } as const;
  });
}

/** A dated note on the timeline; `visibleToResident` decides whether the household reads it. */
export async function addHelpNote(
  actor: Actor,
  id: number,
  note: { text: string; visibleToResident: boolean },
  meta: RequestMeta,
  now = new Date(),
): Promise<HelpResult<number>> {
  const loaded = await loadRequest(id);
  if (!loaded) return { ok: false, error: "notFound" };
  if (!can(actor, "help.handle", loaded.facts)) return { ok: false, error: "forbidden" };
  return getDatabase().write(async (tx) => {
    const [event] = await tx
      .insert(schema.helpRequestEvents)
      .values({
        requestId: id,
        type: "note",
        at: now,
        authorId: actor.id,
        note: note.text,
        visibleToResident: note.visibleToResident,
      })
      .returning({ id: schema.helpRequestEvents.id });
    await tx.update(schema.helpRequests).set({ updatedAt: now }).where(eq(schema.helpRequests.id, id));
    await audit(tx, {
      actorId: actor.id,
      action: "help.note",
      targetType: "help_request",
      targetId: id,
      ip: meta.ip,
    });
    return { ok: true, value: event?.id ?? 0 };
  });
}

/** The resident says whether it helped, once, after it is resolved. */
export async function rateHelp(
  actor: Actor,
  id: number,
  input: { rating: number; comment: string | null },
  meta: RequestMeta,
  now = new Date(),
): Promise<HelpResult<number>> {
  const loaded = await loadRequest(id);
  if (!loaded) return { ok: false, error: "notFound" };
  if (!can(actor, "help.rate", loaded.facts)) return { ok: false, error: "forbidden" };
  return getDatabase().write(async (tx) => {
    const rows = await tx
      .update(schema.helpRequests)
      .set({ rating: input.rating, ratingComment: input.comment, ratedAt: now, updatedAt: now })
      .where(
        and(
          eq(schema.helpRequests.id, id),
          eq(schema.helpRequests.status, "resolved"),
          isNull(schema.helpRequests.rating),
        ),
      )
      .returning({ id: schema.helpRequests.id });
    if (rows.length === 0) return { ok: false, error: "conflict" } as const;
    await tx.insert(schema.helpRequestEvents).values({
      requestId: id,
      type: "rated",
      at: now,
      authorId: actor.id,
      note: input.comment,
      visibleToResident: true,
    });
    await audit(tx, {
      actorId: actor.id,
      action: "help.rate",
      targetType: "help_request",
      targetId: id,
      ip: meta.ip,
      details: { rating: input.rating },
    });
    return { ok: true, value: input.rating } as const;
  });
}

export interface HelpListFilter {
  kind?: HelpKind;
  status?: HelpStatus;
  age?: AgeFilter;
  page?: number;
}

export const helpPageSize = 50;

/** Which requests `actor` may list: their household's, their own and their subtree's, or their compounds'. */
async function scopeOf(actor: Actor): Promise<SQL | undefined | "none"> {
  const t = schema.helpRequests;
  switch (actor.role) {
    case "admin":
      return undefined;
    case "organizer":
      return actor.compoundId === null ? undefined : eq(t.compoundId, actor.compoundId);
    case "resident": {
      const householdId = await householdOfResident(actor.id);
      return householdId === null ? "none" : eq(t.householdId, householdId);
    }
    case "volunteer": {
      const helpers = isCadre(actor) ? await subtreeIds(actor.id) : [actor.id];
      return or(inArray(t.helperId, helpers), eq(t.assignedToId, actor.id));
    }
  }
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

/** A row of the help list: what the list shows, and nothing else (it is sent to the browser too). */
export interface HelpListItem {
  id: number;
  kind: HelpKind;
  status: HelpStatus;
  channel: HelpChannel;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  acknowledgeBy: Date;
  rating: number | null;
  address: string;
  assigneeName: string | null;
  overdue: boolean;
}

/**
 * A page of the requests `actor` may see, open ones first, newest first. An index per scope follows this
 * order (help_requests_*_list_idx), so a page costs the same however many requests a compound has had.
 */
export async function listHelpRequests(
  actor: Actor,
  filter: HelpListFilter,
  now = new Date(),
): Promise<{ items: HelpListItem[]; hasMore: boolean }> {
  const scope = await scopeOf(actor);
  if (scope === "none") return { items: [], hasMore: false };
  const t = schema.helpRequests;
  const page = Math.max(0, filter.page ?? 0);
  const rows = await db()
    .select({
      id: t.id,
      householdId: t.householdId,
      kind: t.kind,
      status: t.status,
      channel: t.channel,
      createdAt: t.createdAt,
      acknowledgedAt: t.acknowledgedAt,
      resolvedAt: t.resolvedAt,
      acknowledgeBy: t.acknowledgeBy,
      rating: t.rating,
      assignedToId: t.assignedToId,
    })
    .from(t)
    .where(
      and(
        scope,
        filter.kind ? eq(t.kind, filter.kind) : undefined,
        filter.status ? eq(t.status, filter.status) : undefined,
        ageCondition(filter.age, now),
      ),
    )
    .orderBy(sql`${t.status} = 'resolved'`, desc(t.createdAt), desc(t.id))
    .limit(helpPageSize + 1)
    .offset(page * helpPageSize);
  const pageRows = rows.slice(0, helpPageSize);
  const [addresses, people] = await Promise.all([
    householdAddresses([...new Set(pageRows.map((r) => r.householdId))]),
    usersByIds([...new Set(pageRows.flatMap((r) => (r.assignedToId === null ? [] : [r.assignedToId])))]),
  ]);
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  return {
    hasMore: rows.length > helpPageSize,
    items: pageRows.map(({ householdId, assignedToId, ...r }) => ({
      ...r,
      address: addresses.get(householdId) ?? "",
      assigneeName: assignedToId === null ? null : (nameOf.get(assignedToId) ?? null),
      overdue: r.status === "new" && r.acknowledgeBy.getTime() <= now.getTime(),
    })),
  };
}

/**
 * Moves every request past its acknowledgement time one level up: one conditional UPDATE per request (so two
 * ticks never escalate it twice), with its timeline entry and emails in the same transaction.
 * Returns how many went up.
 */
export async function escalateDueRequests(now = new Date(), limit = 200): Promise<number> {
  const t = schema.helpRequests;
  const due = await db()
    .select({
      id: t.id,
      kind: t.kind,
      escalationLevel: t.escalationLevel,
      acknowledgeBy: t.acknowledgeBy,
      assignedToId: t.assignedToId,
    })
    .from(t)
    .where(and(eq(t.status, "new"), lte(t.acknowledgeBy, now), sql`${t.escalationLevel} < 2`))
    .orderBy(t.acknowledgeBy)
    .limit(limit);
  let escalated = 0;
  for (const request of due) {
    const done = await getDatabase().write(async (tx) => {
      const holderSupervisorId =
        request.assignedToId === null ? null : await supervisorOf(request.assignedToId, tx);
      const next = nextEscalation({ ...request, holderSupervisorId }, now);
      if (!next) return false;
      const [row] = await tx
        .update(t)
        .set({ ...next, updatedAt: now })
        .where(
          and(
            eq(t.id, request.id),
            eq(t.status, "new"),
            eq(t.escalationLevel, request.escalationLevel),
            lte(t.acknowledgeBy, now),
          ),
        )
        .returning();
      if (!row) return false;
      await tx.insert(schema.helpRequestEvents).values({
        requestId: row.id,
        type: "escalated",
        at: now,
        authorId: null,
        note: String(next.escalationLevel),
        visibleToResident: false,
      });
      await audit(tx, {
        actorId: null,
        action: "help.escalate",
        targetType: "help_request",
        targetId: row.id,
        details: { level: next.escalationLevel, assignedToId: next.assignedToId },
      });
      await notifyHolder(tx, row, "help.escalated", `help:${row.id}:escalate:${next.escalationLevel}`);
      return true;
    });
    if (done) escalated++;
  }
  return escalated;
}

/** Households matching a name or phone, for the hotline form. Reads the households tables: should move there. */
export async function searchHouseholds(actor: Actor, query: string, limit = 20) {
  const term = query.trim();
  if (term.length === 0 || !isStaff(actor)) return [];
  const m = schema.householdMembers;
  const rows = await db()
    .selectDistinct({ householdId: m.householdId, name: m.name, phone: m.phone })
    .from(m)
    .where(
      and(
        or(sql`${m.name} LIKE ${`${term}%`}`, eq(m.phone, term)),
        // An organizer finds only their compounds' households, in SQL so the limit counts only those.
        actor.role === "organizer" && actor.compoundId !== null
          ? sql`${m.householdId} IN (SELECT id FROM households WHERE compound_id = ${actor.compoundId})`
          : undefined,
      ),
    )
    .limit(limit * 2);
  const briefs = await householdBriefs([...new Set(rows.map((r) => r.householdId))]);
  return briefs
    .filter((b) => actor.role === "admin" || actor.compoundId === null || actor.compoundId === b.compoundId)
    .slice(0, limit)
    .map((b) => ({
      id: b.id,
      label: `${b.compoundName} ${addressLine(b)}`,
      headName: b.headName,
      matched: rows.filter((r) => r.householdId === b.id).map((r) => r.name),
    }));
}
