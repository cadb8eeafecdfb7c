// The course emails, enqueued inside the transaction of the change that causes them: the confirmation with
// the sessions as an .ics invitation, waitlisted, promoted, the session reminders (24 h before), changed and
// cancelled. Keys name the course, the enrollment and the session so that a change can cancel by prefix.
import { eq } from "drizzle-orm";
import { formatInZone } from "#app/modules/dates/day";
import { appOrigin } from "#app/config.server";
import { buildCalendar, courseSessionUid } from "#app/modules/calendar/events.server";
import { getT, isLocale, type Locale } from "#app/modules/i18n/i18n";
import { cancelQueuedEmails, enqueueEmail } from "#app/modules/notifications/outbox.server";
import { smsNumberFor } from "#app/modules/notifications/preferences.server";
import { enqueueSms } from "#app/modules/notifications/sms.server";
import { notifyAccount } from "#app/modules/notifications/reach.server";
import { schema, type Queryable } from "#db/client.server";

export const reminderLeadMs = 24 * 60 * 60 * 1000;

export interface NoticeCourse {
  id: number;
  title: string;
  location: string;
  sequence: number;
  /** Where it is held; null for elsewhere in town. A text about it is counted there (decision 025). */
  compoundId: number | null;
  sessions: readonly { id: number; startsAt: Date; endsAt: Date }[];
}

export interface Recipient {
  userId: number;
  /** Null for a phone-only account (decision 027): notices go to its /messages, reminders by text. */
  email: string | null;
  locale: Locale;
}

type NoticeKind = "enrolled" | "waitlisted" | "promoted" | "changed" | "cancelled";

interface CommunityClock {
  timeZone: string;
  communityName: string;
  organizer: { name: string; email: string };
}

async function communityClock(q: Queryable): Promise<CommunityClock> {
  const row = await q.query.settings.findFirst({ where: eq(schema.settings.id, 1) });
  const from = row?.emailFrom ?? "连心 Lianxin <noreply@lianxin.local>";
  const match = /^(.*?)\s*<([^>]+)>$/.exec(from);
  return {
    timeZone: row?.timeZone ?? "Asia/Shanghai",
    communityName: row?.communityName ?? "连心社区",
    organizer: { name: match?.[1] || "Lianxin", email: match?.[2] ?? from },
  };
}

/** The account a course email goes to; null for people without an account (they get a printed notice). */
export async function recipientOf(q: Queryable, userId: number | null): Promise<Recipient | null> {
  if (userId === null) return null;
  const user = await q.query.users.findFirst({
    where: eq(schema.users.id, userId),
    columns: { email: true, locale: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return null;
  return { userId, email: user.email, locale: isLocale(user.locale) ? user.locale : "zh-CN" };
}

/** "12月1日 周二 09:00–11:30" in the community's zone and the reader's language. */
export function formatSession(session: { startsAt: Date; endsAt: Date }, timeZone: string, locale: Locale) {
  const at = (d: Date, style: "date" | "time") => formatInZone(d, timeZone, locale, style);
  return `${at(session.startsAt, "date")} ${at(session.startsAt, "time")}–${at(session.endsAt, "time")}`;
}

/** The course's sessions as one calendar (an invitation, or a cancellation when `cancelled`). */
export function courseCalendar(
  course: NoticeCourse,
  clock: CommunityClock,
  locale: Locale,
  options: { cancelled?: boolean } = {},
): string {
  const t = getT(locale);
  return buildCalendar({
    name: course.title,
    timeZone: clock.timeZone,
    method: "request",
    organizer: clock.organizer,
    events: course.sessions.map((s, i) => ({
      uid: courseSessionUid(course.id, s.id),
      sequence: course.sequence,
      start: s.startsAt,
      end: s.endsAt,
      summary: t("courses:calendar.summary", {
        title: course.title,
        n: i + 1,
        total: course.sessions.length,
      }),
      location: course.location,
      url: `${appOrigin()}/courses/${course.id}`,
      cancelled: options.cancelled,
    })),
  });
}

function keyOf(kind: NoticeKind, courseId: number, enrollmentId: number, sequence: number): string {
  const base = `course:${courseId}:enrollment:${enrollmentId}:${kind}`;
  return kind === "changed" || kind === "cancelled" ? `${base}:${sequence}` : base;
}

/** Prefix of the queued reminders of one enrollment, or of every enrollment of the course. */
export function reminderPrefix(courseId: number, enrollmentId?: number): string {
  return enrollmentId === undefined
    ? `course:${courseId}:reminder:`
    : `course:${courseId}:reminder:enrollment:${enrollmentId}:`;
}

const templates: Record<NoticeKind, string> = {
  enrolled: "courses.enrolled",
  waitlisted: "courses.waitlisted",
  promoted: "courses.promoted",
  changed: "courses.changed",
  cancelled: "courses.cancelled",
};

/** Enqueues one course email to the enrollment's account (nothing for people without one). */
export async function enqueueCourseNotice(
  tx: Queryable,
  kind: NoticeKind,
  args: { course: NoticeCourse; enrollmentId: number; userId: number | null; position?: number },
  known?: { recipient: Recipient | null; clock: CommunityClock },
): Promise<void> {
  const recipient = known ? known.recipient : await recipientOf(tx, args.userId);
  if (!recipient) return;
  const clock = known?.clock ?? (await communityClock(tx));
  const { course } = args;
  const withCalendar =
    kind === "enrolled" || kind === "promoted" || kind === "changed" || kind === "cancelled";
  await notifyAccount(tx, {
    userId: recipient.userId,
    email: recipient.email,
    template: templates[kind],
    locale: recipient.locale,
    key: keyOf(kind, course.id, args.enrollmentId, course.sequence),
    data: {
      courseTitle: course.title,
      location: course.location,
      sessions: course.sessions.map((s) => formatSession(s, clock.timeZone, recipient.locale)),
      url: `${appOrigin()}/courses/${course.id}`,
      ...(args.position === undefined ? {} : { position: args.position }),
    },
    attachments: withCalendar
      ? [
          {
            filename: "course.ics",
            contentType: "text/calendar; charset=utf-8; method=REQUEST",
            content: Buffer.from(
              courseCalendar(course, clock, recipient.locale, { cancelled: kind === "cancelled" }),
            ).toString("base64"),
          },
        ]
      : undefined,
  });
  // By text too, where the person chose texts for courses (decision 025).
  const phone = kind === "promoted" && args.userId ? await smsNumberFor(tx, args.userId, "courses") : null;
  if (phone && args.userId)
    await enqueueSms(tx, {
      key: `${keyOf(kind, course.id, args.enrollmentId, course.sequence)}:sms`,
      to: phone,
      template: "coursePromoted",
      data: { course: course.title },
      locale: recipient.locale,
      userId: args.userId,
      compoundId: course.compoundId,
    });
}

/** A reminder 24 h before each session still ahead far enough to be reminded of. */
export async function enqueueSessionReminders(
  tx: Queryable,
  args: { course: NoticeCourse; enrollmentId: number; userId: number | null },
  now: Date,
  known?: { recipient: Recipient | null; clock: CommunityClock },
): Promise<void> {
  const recipient = known ? known.recipient : await recipientOf(tx, args.userId);
  if (!recipient) return;
  const clock = known?.clock ?? (await communityClock(tx));
  const { course } = args;
  const phone = args.userId ? await smsNumberFor(tx, args.userId, "courses") : null;
  for (const session of course.sessions) {
    const sendAfter = new Date(session.startsAt.getTime() - reminderLeadMs);
    if (sendAfter <= now) continue;
    // The text's key shares the reminders' prefix: cancelling the enrollment or the course cancels it too.
    if (phone && args.userId)
      await enqueueSms(tx, {
        key: `${reminderPrefix(course.id, args.enrollmentId)}sms:session:${session.id}:${session.startsAt.getTime()}`,
        to: phone,
        template: "courseReminder",
        data: {
          course: course.title,
          time: formatInZone(session.startsAt, clock.timeZone, recipient.locale, "dateTime"),
        },
        locale: recipient.locale,
        userId: args.userId,
        compoundId: course.compoundId,
        sendAfter,
      });
    // A phone-only account has its reminder by text (smsNumberFor gives its number for courses).
    if (recipient.email)
      await enqueueEmail(tx, {
        to: recipient.email,
        template: "courses.reminder",
        locale: recipient.locale,
        sendAfter,
        key: `${reminderPrefix(course.id, args.enrollmentId)}session:${session.id}:${session.startsAt.getTime()}`,
        data: {
          courseTitle: course.title,
          location: course.location,
          sessions: [],
          sessionTime: formatSession(session, clock.timeZone, recipient.locale),
          url: `${appOrigin()}/courses/${course.id}`,
        },
      });
  }
}

export async function cancelReminders(tx: Queryable, courseId: number, enrollmentId?: number) {
  return cancelQueuedEmails(tx, reminderPrefix(courseId, enrollmentId));
}

/** A seat given (enrolled or promoted): the email with the invitation, and the session reminders. */
export async function enqueueSeatNotices(
  tx: Queryable,
  kind: "enrolled" | "promoted",
  args: { course: NoticeCourse; enrollmentId: number; userId: number | null },
  now: Date,
): Promise<void> {
  const recipient = await recipientOf(tx, args.userId);
  if (!recipient) return;
  const known = { recipient, clock: await communityClock(tx) };
  await enqueueCourseNotice(tx, kind, args, known);
  await enqueueSessionReminders(tx, args, now, known);
}
