// Prints a visit's invitation, its update and its cancellation (separated by a line of "=") for the visits
// test to parse under different server time zones (`TZ=… tsx tests/support/visit-ics.ts`).
import { visitCalendar } from "#app/modules/visits/notices.server";

const clock = {
  timeZone: "Asia/Shanghai",
  organizer: { name: "连心", email: "noreply@lianxin.test" },
  visitExtremeMonths: 1,
  visitHardshipMonths: 3,
};
const visitors = [{ id: 4, name: "赵磊", email: "zhao@example.org", locale: "zh-CN" as const }];
const visit = {
  id: 42,
  householdId: 1,
  leadVolunteerId: 4,
  startsAt: new Date("2026-03-05T02:00:00Z"),
  endsAt: new Date("2026-03-05T03:00:00Z"),
  place: "户主家中",
  purpose: "了解取暖情况",
  sequence: 0,
  compoundId: 1,
};
const context = { address: "石油新村 3-2-501", visitors, clock };
const moved = {
  ...visit,
  startsAt: new Date("2026-03-06T06:30:00Z"),
  endsAt: new Date("2026-03-06T07:30:00Z"),
  sequence: 1,
};

process.stdout.write(
  [
    visitCalendar(visit, context, "zh-CN", "request"),
    visitCalendar(moved, context, "zh-CN", "request"),
    visitCalendar({ ...moved, sequence: 2 }, context, "zh-CN", "cancel"),
  ].join("\n=====\n"),
);
