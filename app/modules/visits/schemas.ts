// The visit forms' Zod schemas, shared by the pages (Conform) and their actions. Times are entered as a day and
// two clock times in the community's zone; the module turns them into UTC instants. Errors are visits i18n keys.
import { z } from "zod";
import { needs } from "#app/modules/households/codes";
import { visitOutcomes } from "./codes";
import { durationRange } from "./duration";
import { dayWithin } from "#app/modules/dates/range";

const day = z
  .string({ error: "visits:validation.dateRequired" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "visits:validation.dateInvalid");
const clock = (required: string) =>
  z
    .string({ error: required })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "visits:validation.timeInvalid");
const text = (required: string, max: number) =>
  z.string({ error: required }).trim().min(1, required).max(max, "visits:validation.tooLong");

/** When and where: the part of a visit its calendar event shows; the day within a year from `today`. */
const whenOf = (today: string) => ({
  date: day.superRefine(dayWithin("visit", today)),
  startTime: clock("visits:validation.startRequired"),
  endTime: clock("visits:validation.endRequired"),
  place: text("visits:validation.placeRequired", 200),
  purpose: text("visits:validation.purposeRequired", 500),
});

function endAfterStart(v: { startTime: string; endTime: string }, ctx: z.RefinementCtx) {
  // Same day, so comparing "HH:mm" text compares the times.
  if (v.endTime <= v.startTime)
    ctx.addIssue({ code: "custom", path: ["endTime"], message: "visits:validation.endBeforeStart" });
}

/** The schedule form's schema; `today` is the community's, for the date's range. */
export const scheduleSchema = (today: string) =>
  z
    .object({
      household: z.number({ error: "visits:validation.householdRequired" }).int().positive(),
      volunteer: z.number().int().positive().optional(),
      ...whenOf(today),
      coVisitors: z
        .array(z.number().int().positive())
        .max(5, "visits:validation.tooManyCoVisitors")
        .default([]),
    })
    .superRefine(endAfterStart);

/** The visit page's forms, told apart by `intent`; `today` is the community's, for the dates' ranges. */
export const visitActionSchema = (today: string) =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("arrive") }),
    z.object({ intent: z.literal("leave") }),
    z.object({
      intent: z.literal("duration"),
      minutes: z
        .number({ error: "visits:spot.durationRange" })
        .int("visits:spot.durationRange")
        .min(durationRange.min, "visits:spot.durationRange")
        .max(durationRange.max, "visits:spot.durationRange"),
      reason: text("visits:spot.reasonRequired", 500),
    }),
    z.object({ intent: z.literal("reschedule"), ...whenOf(today) }).superRefine(endAfterStart),
    z.object({
      intent: z.literal("cancel"),
      reason: text("visits:validation.reasonRequired", 500),
      confirm: z.literal("yes", { error: "visits:validation.confirmCancel" }),
    }),
    z
      .object({
        intent: z.literal("record"),
        outcome: z.enum(visitOutcomes, { error: "visits:validation.outcomeRequired" }),
        notes: z.string().trim().max(4000, "visits:validation.tooLong").optional(),
        needsFound: z.array(z.enum(needs)).default([]),
        /** Progress on agreement goals, one note per goal id (`goal.<id>`); empty notes are skipped. */
        goalNotes: z
          .record(z.string().regex(/^\d+$/), z.string().trim().max(1000, "visits:validation.tooLong"))
          .default({}),
        followUpDate: day.superRefine(dayWithin("visit", today)).optional(),
        followUpStartTime: clock("visits:validation.startRequired").optional(),
        followUpEndTime: clock("visits:validation.endRequired").optional(),
      })
      .superRefine((v, ctx) => {
        if (v.outcome === "missed" && !v.notes)
          ctx.addIssue({ code: "custom", path: ["notes"], message: "visits:validation.missedNeedsNote" });
        const parts = [v.followUpDate, v.followUpStartTime, v.followUpEndTime];
        if (parts.some(Boolean) && !parts.every(Boolean)) {
          const path = !v.followUpDate
            ? "followUpDate"
            : !v.followUpStartTime
              ? "followUpStartTime"
              : "followUpEndTime";
          ctx.addIssue({ code: "custom", path: [path], message: "visits:validation.followUpIncomplete" });
        }
        if (v.followUpStartTime && v.followUpEndTime && v.followUpEndTime <= v.followUpStartTime)
          ctx.addIssue({
            code: "custom",
            path: ["followUpEndTime"],
            message: "visits:validation.endBeforeStart",
          });
      }),
  ]);

export const visitTabs = ["upcoming", "record", "past", "due", "escalations"] as const;
export type VisitTab = (typeof visitTabs)[number];

/** The list's query string; anything unknown falls back rather than failing. */
export const VisitListQuery = z.object({
  tab: z.enum(visitTabs).catch("upcoming"),
  page: z.coerce.number().int().min(0).max(10_000).catch(0),
});
