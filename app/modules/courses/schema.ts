// The course form, shared by the page (browser) and the server. Times are typed in the community's zone as
// plain local text; `toCourseInput` turns them into instants on the server, where the zone is known.
import { DateTime } from "luxon";
import { z } from "zod";
import { maxChars } from "#app/modules/i18n/field-error";
import {
  categoryCodes,
  priorityGroups,
  type Category,
  type PriorityGroup,
} from "#app/modules/households/codes";
import { courseEligibilities, courseKinds, type CourseEligibility, type CourseKind } from "./codes";

const sessionLine = /^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})$/;

export interface LocalSession {
  date: string;
  start: string;
  end: string;
}

function parseSessionLines(text: string, ctx: z.RefinementCtx): LocalSession[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const sessions: LocalSession[] = [];
  for (const [i, line] of lines.entries()) {
    const m = sessionLine.exec(line);
    const [date, start, end] = [m?.[1], m?.[2], m?.[3]];
    const valid =
      date &&
      start &&
      end &&
      DateTime.fromISO(`${date}T${start.padStart(5, "0")}`).isValid &&
      DateTime.fromISO(`${date}T${end.padStart(5, "0")}`).isValid &&
      end.padStart(5, "0") > start.padStart(5, "0");
    if (!valid) {
      ctx.addIssue({ code: "custom", message: `courses:validation.sessionLine|${i + 1}` });
      return [];
    }
    sessions.push({ date, start: start.padStart(5, "0"), end: end.padStart(5, "0") });
  }
  if (sessions.length === 0) ctx.addIssue({ code: "custom", message: "courses:validation.sessions" });
  return sessions;
}

const localDateTime = z
  .string({ error: "courses:validation.date" })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: "courses:validation.date" });

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(values)));

export const CourseFormSchema = z
  .object({
    title: z
      .string({ error: "courses:validation.required" })
      .trim()
      .min(1, { error: "courses:validation.required" })
      .max(200, maxChars(200)),
    kind: z.enum(courseKinds, { error: "courses:validation.required" }),
    provider: z
      .string({ error: "courses:validation.required" })
      .trim()
      .min(1, { error: "courses:validation.required" })
      .max(200, maxChars(200)),
    description: z.string().trim().max(5000, maxChars(5000)).optional(),
    location: z
      .string({ error: "courses:validation.required" })
      .trim()
      .min(1, { error: "courses:validation.required" })
      .max(200, maxChars(200)),
    compoundId: z.coerce.number().int().positive().optional(),
    capacity: z.coerce
      .number({ error: "courses:validation.capacity" })
      .int({ error: "courses:validation.capacity" })
      .min(1, { error: "courses:validation.capacity" })
      .max(1000, { error: "courses:validation.capacity" }),
    enrollOpensAt: localDateTime,
    enrollClosesAt: localDateTime,
    eligibility: z.enum(courseEligibilities, { error: "courses:validation.required" }),
    eligibleCategories: list(categoryCodes),
    priorityGroups: list(priorityGroups),
    completionThreshold: z.coerce
      .number({ error: "courses:validation.threshold" })
      .int({ error: "courses:validation.threshold" })
      .min(1, { error: "courses:validation.threshold" })
      .max(100, { error: "courses:validation.threshold" }),
    sessions: z.string({ error: "courses:validation.sessions" }).transform(parseSessionLines),
  })
  .superRefine((v, ctx) => {
    if (v.enrollClosesAt <= v.enrollOpensAt)
      ctx.addIssue({ code: "custom", path: ["enrollClosesAt"], message: "courses:validation.window" });
    // Enrollment is refused once the first session has started: a session before the close would leave people
    // a 报名 button that cannot succeed. Both are local times in the community's zone, so their text compares.
    const early = v.sessions.find((s) => `${s.date}T${s.start}` < v.enrollClosesAt);
    if (early)
      ctx.addIssue({
        code: "custom",
        path: ["sessions"],
        message: `courses:validation.sessionBeforeClose|${early.date} ${early.start}`,
      });
    if (v.eligibility === "categories" && v.eligibleCategories.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["eligibleCategories"],
        message: "courses:validation.categories",
      });
  });

export type CourseForm = z.output<typeof CourseFormSchema>;

export interface CourseInput {
  title: string;
  kind: CourseKind;
  provider: string;
  description?: string;
  location: string;
  compoundId?: number;
  capacity: number;
  enrollOpensAt: Date;
  enrollClosesAt: Date;
  eligibility: CourseEligibility;
  eligibleCategories: Category[];
  priorityGroups: PriorityGroup[];
  completionThreshold: number;
  sessions: { startsAt: Date; endsAt: Date }[];
}

function instant(local: string, timeZone: string): Date {
  return DateTime.fromISO(local, { zone: timeZone }).toJSDate();
}

export function toCourseInput(form: CourseForm, timeZone: string): CourseInput {
  return {
    ...form,
    enrollOpensAt: instant(form.enrollOpensAt, timeZone),
    enrollClosesAt: instant(form.enrollClosesAt, timeZone),
    sessions: form.sessions
      .map((s) => ({
        startsAt: instant(`${s.date}T${s.start}`, timeZone),
        endsAt: instant(`${s.date}T${s.end}`, timeZone),
      }))
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
  };
}

/** The form's text for an existing course, in the community's zone (only the form's fields: no secrets). */
export function toFormDefaults(
  course: Omit<CourseInput, "sessions" | "compoundId" | "description"> & {
    description: string;
    compoundId: number | null;
  },
  sessions: readonly { startsAt: Date; endsAt: Date }[],
  timeZone: string,
) {
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone });
  return {
    title: course.title,
    kind: course.kind,
    provider: course.provider,
    description: course.description,
    location: course.location,
    compoundId: course.compoundId ?? undefined,
    capacity: course.capacity,
    eligibility: course.eligibility,
    eligibleCategories: course.eligibleCategories,
    priorityGroups: course.priorityGroups,
    completionThreshold: course.completionThreshold,
    enrollOpensAt: local(course.enrollOpensAt).toFormat("yyyy-MM-dd'T'HH:mm"),
    enrollClosesAt: local(course.enrollClosesAt).toFormat("yyyy-MM-dd'T'HH:mm"),
    sessions: sessions
      .map((s) => `${local(s.startsAt).toFormat("yyyy-MM-dd HH:mm")}-${local(s.endsAt).toFormat("HH:mm")}`)
      .join("\n"),
  };
}

export const EnrollOtherSchema = z.object({
  memberId: z.coerce
    .number({ error: "courses:validation.member" })
    .int({ error: "courses:validation.member" })
    .positive({ error: "courses:validation.member" }),
});

/** The attendance sheet: the enrollments marked present; every other row on the sheet is absent. */
export const AttendanceSchema = z.object({
  present: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.coerce.number().int().positive()),
  ),
});
