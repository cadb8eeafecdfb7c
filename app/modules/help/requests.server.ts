// Help requests from asking to rating: who may ask for which household, routing to the helper or the
// compound's organizers, status changes and notes on the timeline, and the resident's rating. Every change is
// one transaction with its audit entry and its emails; every reading of a request is logged.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDatabase, db, schema, type Queryable } from "#db/client.server";
import type { Actor, HelpFacts, HouseholdFacts } from "#app/modules/auth/policy";
import { can } from "#app/modules/auth/policy";
import { audit } from "#app/modules/audit/audit.server";
import { logReads } from "#app/modules/audit/read-log.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { householdFacts } from "#app/modules/households/facts.server";
import { openHouseholdBrief, type HouseholdBrief } from "#app/modules/households/reader.server";
import { notifyAccount } from "#app/modules/notifications/reach.server";
import { smsNumberFor } from "#app/modules/notifications/preferences.server";
import { enqueueSms } from "#app/modules/notifications/sms.server";
import { getT } from "#app/modules/i18n/i18n";
import { chainUp, helperIdsForHousehold, usersByIds } from "#app/modules/roster/linkage.server";
import {
  alertsOrganizersAtOnce,
  effectiveUrgency,
  type ContactMethod,
  type HelpChannel,
  type HelpKind,
  type HelpStatus,
  type HelpUrgency,
} from "./codes";
import { notifyHolder, organizerNames, recipients, requestUrl, urgencyDetails } from "./notices.server";
import { routeNewRequest } from "./routing";

export type HelpRequestRow = typeof schema.helpRequests.$inferSelect;

export interface NewHelpRequest {
  householdId: number;
  kind: HelpKind;
  urgency: HelpUrgency;
  description: string;
  contactMethod: ContactMethod;
  contactPhone: string | null;
}

export type HelpResult<T> =
  { ok: true; value: T } | { ok: false; error: "notFound" | "forbidden" | "conflict" };

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
  return { ok: true, value: await fileRequest(facts, input, { channel, actorId: actor.id }, meta, now) };
}

/**
 * Files a request for a household the caller has already judged, routes it to the household's helper (else
 * the compound's organizers) and tells whoever holds it, in the app and by email, whatever its urgency; an
 * urgent one reaches the organizers at once as well. `actorId` is null when nobody signed in (the card's QR).
 */
export async function fileRequest(
  facts: HouseholdFacts,
  input: NewHelpRequest,
  by: { channel: HelpChannel; actorId: number | null },
  meta: RequestMeta,
  now: Date,
): Promise<number> {
  const urgency = effectiveUrgency(input.kind, input.urgency);
  return getDatabase().write(async (tx) => {
    const [helperId = null] = await helperIdsForHousehold(input.householdId, tx);
    const holder = routeNewRequest({ urgency, helperId }, now);
    const [row] = await tx
      .insert(schema.helpRequests)
      .values({
        householdId: input.householdId,
        compoundId: facts.compoundId,
        requesterId: by.channel === "app" ? by.actorId : (facts.memberUserIds[0] ?? null),
        recordedById: by.channel === "phone" ? by.actorId : null,
        channel: by.channel,
        kind: input.kind,
        urgency,
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
      authorId: by.actorId,
      visibleToResident: true,
    });
    await audit(tx, {
      actorId: by.actorId,
      action: "help.create",
      targetType: "help_request",
      targetId: row.id,
      ip: meta.ip,
      details: { householdId: input.householdId, kind: input.kind, urgency, channel: by.channel },
    });
    await notifyHolder(tx, row, "help.new", `help:${row.id}:new`, urgencyDetails(urgency));
    if (alertsOrganizersAtOnce(urgency) && row.assignedToId !== null)
      await notifyHolder(tx, { ...row, assignedToId: null }, "help.urgent", `help:${row.id}:urgent`);
    return row.id;
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

/** A request with the facts its access depends on; null when there is no such request. */
export async function loadRequest(id: number, q: Queryable = db()) {
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
  /** Who holds it by name: its assignee, or the organizers of its compound when it is with them. */
  holderNames: string[];
  events: HelpEventView[];
  canHandle: boolean;
  /** Staff of its compound: may hand it to someone or escalate it by hand. */
  canManage: boolean;
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
  const opened = await openHouseholdBrief(actor, row.householdId, { via: "help.request", ip: meta.ip }, () =>
    can(actor, "help.read", facts),
  );
  const household = opened.ok ? opened.value.brief : null;
  const assigneeName = nameOf(row.assignedToId);
  const holderNames =
    assigneeName !== null
      ? [assigneeName]
      : ((await organizerNames([row.compoundId], db())).get(row.compoundId) ?? []);
  // Request contents are sensitive: every read is logged.
  logReads([
    { actorId: actor.id, action: "help.read", targetType: "help_request", targetId: id, ip: meta.ip },
  ]);
  return {
    ok: true,
    value: {
      request: row,
      household,
      helperName: nameOf(row.helperId),
      assigneeName,
      holderNames,
      events,
      canHandle: can(actor, "help.handle", facts),
      canManage: can(actor, "help.manage", facts),
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
        await notifyAccount(tx, {
          userId: resident.id,
          email: resident.email,
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
      // By text too where the resident chose texts for help news (decision 025); urgent help goes at night.
      const phone = await smsNumberFor(tx, row.requesterId, "help");
      if (resident && phone)
        await enqueueSms(tx, {
          key: `help:${id}:status:${change.status}:sms`,
          to: phone,
          template: "helpUpdate",
          data: { status: getT(resident.locale)(`help:status.${change.status}`) },
          locale: resident.locale,
          userId: row.requesterId,
          compoundId: row.compoundId,
          urgent: row.urgency === "urgent",
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
