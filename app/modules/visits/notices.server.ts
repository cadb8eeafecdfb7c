// The emails of a visit, enqueued inside the transaction of the change that causes them: the invitation with
// its .ics (METHOD:REQUEST), the update after a reschedule (same UID, higher SEQUENCE), the withdrawal
// (METHOD:CANCEL), and the reminders at each visitor's lead times. Outbox keys name the visit, the kind, the
// visitor and the start time, so a change replaces reminders by prefix and nothing is ever sent twice.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { buildCalendar } from "#app/modules/calendar/events.server";
import { getT, isLocale, type Locale } from "#app/modules/i18n/i18n";
import { cancelQueuedEmails, enqueueOrRequeueEmail } from "#app/modules/notifications/outbox.server";
import { notifyAccount } from "#app/modules/notifications/reach.server";
import { householdAddresses } from "#app/modules/households/reader.server";
import { householdContacts } from "#app/modules/households/contacts.server";
import { smsNumberFor } from "#app/modules/notifications/preferences.server";
import { enqueueSms } from "#app/modules/notifications/sms.server";
import { schema, type Queryable } from "#db/client.server";
import { immediateReminderMinimumMs } from "./codes";
import { visitUid } from "./calendar.server";
import { formatVisitTime } from "./time";

export interface Visitor {
  id: number;
  name: string;
  /** Null for a phone-only account (decision 027): its invitations go to /messages, its reminders by text. */
  email: string | null;
  locale: Locale;
}

/** What the emails and the .ics of one visit need. */
export interface NoticeVisit {
  id: number;
  householdId: number;
  leadVolunteerId: number;
  startsAt: Date;
  endsAt: Date;
  place: string;
  purpose: string;
  sequence: number;
  /** The household's compound: a text about the visit is counted there (decision 025). */
  compoundId: number;
}

export interface CommunityClock {
  timeZone: string;
  organizer: { name: string; email: string };
  visitExtremeMonths: number;
  visitHardshipMonths: number;
}

/** Read inside the caller's transaction (never creating the row, which would need a second writer). */
export async function communityClock(q: Queryable): Promise<CommunityClock> {
  const row = await q.query.settings.findFirst({ where: eq(schema.settings.id, 1) });
  const from = row?.emailFrom ?? "连心 Lianxin <noreply@lianxin.local>";
  const match = /^(.*?)\s*<([^>]+)>$/.exec(from);
  return {
    timeZone: row?.timeZone ?? "Asia/Shanghai",
    organizer: { name: match?.[1] || "Lianxin", email: match?.[2] ?? from },
    visitExtremeMonths: row?.visitExtremeMonths ?? 1,
    visitHardshipMonths: row?.visitHardshipMonths ?? 3,
  };
}

/** Active accounts among `ids`, in the order given. */
export async function visitorsByIds(ids: readonly number[], q: Queryable): Promise<Visitor[]> {
  if (ids.length === 0) return [];
  const rows = await q
    .select({
      id: schema.users.id,
      name: schema.users.name,
      email: schema.users.email,
      locale: schema.users.locale,
    })
    .from(schema.users)
    .where(and(inArray(schema.users.id, [...ids]), isNull(schema.users.disabledAt)));
  return ids.flatMap((id) => {
    const row = rows.find((r) => r.id === id);
    return row ? [{ ...row, locale: isLocale(row.locale) ? row.locale : "zh-CN" }] : [];
  });
}

export function visitUrl(visitId: number): string {
  return `${appOrigin()}/visits/${visitId}`;
}

/** "石油新村 3-2-501", or an empty string for a household that is gone. */
export async function householdAddress(householdId: number, q: Queryable): Promise<string> {
  return (await householdAddresses([householdId], q)).get(householdId) ?? "";
}

/** The visit as one iCalendar event, in the reader's language. */
export function visitCalendar(
  visit: NoticeVisit,
  context: { address: string; visitors: readonly Visitor[]; clock: CommunityClock },
  locale: Locale,
  method: "request" | "cancel" | "publish",
): string {
  const t = getT(locale);
  return buildCalendar({
    name: t("visits:calendar.name"),
    timeZone: context.clock.timeZone,
    method,
    organizer: method === "publish" ? undefined : context.clock.organizer,
    events: [
      {
        uid: visitUid(visit.id),
        sequence: visit.sequence,
        start: visit.startsAt,
        end: visit.endsAt,
        summary: t("visits:calendar.summary", { address: context.address }),
        description: visit.purpose,
        location: visit.place,
        url: visitUrl(visit.id),
        cancelled: method === "cancel",
        attendees:
          method === "publish"
            ? []
            : context.visitors.flatMap((v) => (v.email ? [{ name: v.name, email: v.email }] : [])),
      },
    ],
  });
}

export type InvitationKind = "invitation" | "update" | "cancel";

const invitationTemplates = {
  invitation: "visits.invitation",
  update: "visits.updated",
  cancel: "visits.cancelled",
} as const;

/** Emails every visitor the invitation, its update or its withdrawal, with the event attached. */
export async function enqueueInvitations(
  tx: Queryable,
  kind: InvitationKind,
  visit: NoticeVisit,
  context: { address: string; visitors: readonly Visitor[]; clock: CommunityClock; reason?: string },
): Promise<void> {
  const lead = context.visitors.find((v) => v.id === visit.leadVolunteerId);
  const method = kind === "cancel" ? "cancel" : "request";
  for (const visitor of context.visitors) {
    await notifyAccount(tx, {
      userId: visitor.id,
      email: visitor.email,
      template: invitationTemplates[kind],
      locale: visitor.locale,
      key: `visit:${visit.id}:${kind}:${visit.sequence}:${visitor.id}`,
      data: {
        name: visitor.name,
        time: formatVisitTime(visit.startsAt, visit.endsAt, context.clock.timeZone, visitor.locale),
        address: context.address,
        place: visit.place,
        purpose: visit.purpose,
        leadName: lead?.name ?? "",
        reason: context.reason ?? "",
        url: visitUrl(visit.id),
      },
      attachments: [
        {
          filename: "visit.ics",
          contentType: `text/calendar; charset=utf-8; method=${method.toUpperCase()}`,
          content: Buffer.from(visitCalendar(visit, context, visitor.locale, method)).toString("base64"),
        },
      ],
    });
  }
}

/** Prefix of every reminder of one visit: a reschedule or a cancellation cancels them by it. */
export function reminderPrefix(visitId: number): string {
  return `visit:${visitId}:reminder:`;
}

export function cancelReminders(tx: Queryable, visitId: number): Promise<number> {
  return cancelQueuedEmails(tx, reminderPrefix(visitId));
}

/**
 * When each reminder goes out, for one visitor's lead times (minutes): at start − lead when that is still
 * ahead. Lead times already passed at booking collapse into one reminder at once, and only when the visit is
 * more than 15 minutes away — two identical emails in the same minute would help nobody.
 */
export function reminderTimes(
  startsAt: Date,
  leadMinutes: readonly number[],
  now: Date,
): { leadMinutes: number; sendAt: Date }[] {
  const start = startsAt.getTime();
  const ahead = leadMinutes
    .filter((m) => start - m * 60_000 > now.getTime())
    .map((m) => ({ leadMinutes: m, sendAt: new Date(start - m * 60_000) }));
  const passed = leadMinutes.filter((m) => start - m * 60_000 <= now.getTime());
  if (passed.length > 0 && start - now.getTime() > immediateReminderMinimumMs)
    ahead.push({ leadMinutes: Math.min(...passed), sendAt: now });
  return ahead.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
}

/** Queues each visitor's reminders (kind "reminders": the worker skips them for who turned those off). */
export async function enqueueReminders(
  tx: Queryable,
  visit: NoticeVisit,
  context: { address: string; visitors: readonly Visitor[]; clock: CommunityClock },
  leadMinutesByVisitor: ReadonlyMap<number, readonly number[]>,
  now: Date,
): Promise<void> {
  for (const visitor of context.visitors) {
    const leads = leadMinutesByVisitor.get(visitor.id) ?? [];
    const email = visitor.email;
    for (const reminder of reminderTimes(visit.startsAt, leads, now)) {
      if (email)
        await enqueueOrRequeueEmail(tx, {
          to: email,
          template: "visits.reminder",
          locale: visitor.locale,
          sendAfter: reminder.sendAt,
          key: `${reminderPrefix(visit.id)}${visitor.id}:${reminder.leadMinutes}:${visit.startsAt.getTime()}`,
          data: {
            name: visitor.name,
            time: formatVisitTime(visit.startsAt, visit.endsAt, context.clock.timeZone, visitor.locale),
            address: context.address,
            place: visit.place,
            purpose: visit.purpose,
            url: visitUrl(visit.id),
          },
        });
    }
    // By text as well, where the volunteer chose texts for reminders: one, the longest lead ahead.
    const phone = await smsNumberFor(tx, visitor.id, "reminders");
    const first = reminderTimes(visit.startsAt, leads.slice(0, 1), now)[0];
    if (phone && first)
      await enqueueSms(tx, {
        key: `${reminderPrefix(visit.id)}sms:volunteer:${visitor.id}:${visit.startsAt.getTime()}`,
        to: phone,
        template: "visitVolunteer",
        data: {
          household: context.address,
          time: formatVisitTime(visit.startsAt, visit.endsAt, context.clock.timeZone, visitor.locale),
        },
        locale: visitor.locale,
        userId: visitor.id,
        compoundId: visit.compoundId,
        sendAfter: first.sendAt,
      });
  }
  await enqueueHouseholdReminders(tx, visit, context, now);
}

/** How long before a visit the household is told by text: a day, or at once when booked later than that. */
const householdLeadMinutes = 1440;

/**
 * The household hears of the visit by text ("志愿者…将于…来访"): at the head's number on record, and at each member
 * with an account who has not turned reminder texts off. Keyed under the visit's reminders, so a reschedule or
 * a cancellation cancels it, and a number in the household twice gets one text.
 */
export async function enqueueHouseholdReminders(
  tx: Queryable,
  visit: NoticeVisit,
  context: { visitors: readonly Visitor[]; clock: CommunityClock },
  now: Date,
): Promise<void> {
  const when = reminderTimes(visit.startsAt, [householdLeadMinutes], now)[0];
  if (!when) return;
  const lead = context.visitors.find((v) => v.id === visit.leadVolunteerId) ?? context.visitors[0];
  const sent = new Set<string>();
  for (const contact of await householdContacts(tx, visit.householdId)) {
    // A member with an account gets it unless they chose reminders without texts.
    if (contact.userId !== null && (await turnedSmsOff(tx, contact.userId))) continue;
    if (sent.has(contact.phone)) continue;
    sent.add(contact.phone);
    await enqueueSms(tx, {
      key: `${reminderPrefix(visit.id)}sms:household:${contact.phone}:${visit.startsAt.getTime()}`,
      to: contact.phone,
      template: "visitHousehold",
      data: {
        volunteer: lead?.name ?? "",
        time: formatVisitTime(visit.startsAt, visit.endsAt, context.clock.timeZone, contact.locale),
      },
      locale: contact.locale,
      userId: contact.userId,
      compoundId: visit.compoundId,
      sendAfter: when.sendAt,
    });
  }
}

/** Whether the person chose reminders without texts (rather than never having chosen). */
async function turnedSmsOff(tx: Queryable, userId: number): Promise<boolean> {
  const row = await tx.query.emailPreferences.findFirst({
    where: eq(schema.emailPreferences.userId, userId),
    columns: { channels: true },
  });
  const reminders = (row?.channels as Record<string, string[] | undefined> | undefined)?.reminders;
  return reminders !== undefined && !reminders.includes("sms");
}
