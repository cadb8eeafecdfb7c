// Prints the invitation of a two-session course, for the calendar test to parse under different server
// time zones (`TZ=… tsx tests/support/course-ics.ts`).
import { buildCalendar, courseSessionUid } from "#app/modules/calendar/events.server";

process.stdout.write(
  buildCalendar({
    name: "家政服务员培训班",
    timeZone: "Asia/Shanghai",
    method: "request",
    organizer: { name: "连心", email: "noreply@lianxin.test" },
    events: [
      {
        uid: courseSessionUid(7, 70),
        sequence: 2,
        start: new Date("2026-12-01T01:00:00Z"),
        end: new Date("2026-12-01T03:30:00Z"),
        summary: "家政服务员培训班（第 1/2 次）",
        location: "社区服务中心",
      },
      {
        uid: courseSessionUid(7, 71),
        sequence: 2,
        start: new Date("2026-12-03T01:00:00Z"),
        end: new Date("2026-12-03T03:30:00Z"),
        summary: "家政服务员培训班（第 2/2 次）",
        cancelled: true,
      },
    ],
  }),
);
