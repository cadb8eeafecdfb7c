// The public check of a certificate as pages show it: what verifyCertificate found, dated in community time.
import { DateTime } from "luxon";
import { calendarDay } from "#app/modules/dates/day";
import { verifyCertificate } from "./certificates.server";
import type { ShownCertificate } from "./public-page";
import { hoursOf } from "./stars";

export type CheckOutcome =
  | { kind: "found"; certificate: ShownCertificate }
  | { kind: "notFound" }
  | { kind: "rateLimited"; minutes: number };

export async function checkCertificate(
  by: { token: string } | { code: string },
  ip: string | null,
): Promise<CheckOutcome> {
  const found = await verifyCertificate(by, { ip });
  if ("blocked" in found) return { kind: "rateLimited", minutes: Math.ceil(found.retryAfterSeconds / 60) };
  if (!found.found) return { kind: "notFound" };
  const zone = found.timeZone;
  return {
    kind: "found",
    certificate: {
      name: found.name,
      from: calendarDay(found.periodFrom, zone),
      to: calendarDay(DateTime.fromJSDate(found.periodTo).minus({ days: 1 }).toJSDate(), zone),
      hours: hoursOf(found.minutes),
      community: found.communityName,
      issued: calendarDay(found.issuedAt, zone),
      valid: found.valid,
    },
  };
}
