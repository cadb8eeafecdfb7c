// Service certificates (志愿服务证明): issued with their figures frozen, printed on A4 with a verification code
// and a QR to a public page that confirms them without an account. The public page shows the volunteer's name,
// the period, the hours and the community, and nothing about households; checks are rate-limited per address.
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import QRCode from "qrcode";
import { appOrigin } from "#app/config.server";
import { db, getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { hit, limits, type Blocked } from "#app/modules/auth/rate-limit.server";
import type { RequestMeta } from "#app/modules/auth/sign-in.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { serviceFacts, type ServiceResult } from "./hours.server";

const sc = schema.serviceCertificates;
const sh = schema.serviceHours;

/** The public page a certificate's QR opens. */
export function certificateUrl(token: string): string {
  return `${appOrigin()}/v/${token}`;
}

// Crockford's alphabet: no I, L, O or U to misread on paper.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A printed code such as `LX-7K3M-Q9TD`: 40 random bits, enough that typing guesses meets the rate limit. */
function newCode(): string {
  const chars = [...randomBytes(8)].map((b) => alphabet[b % 32]).join("");
  return `LX-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}

/**
 * Issues a certificate of the volunteer's confirmed hours served in [from, to), by source, frozen as they are
 * now; later confirmations or disputes do not change it.
 */
export async function issueCertificate(
  actor: Actor,
  volunteerId: number,
  period: { from: Date; to: Date },
  meta: RequestMeta,
  now = new Date(),
): Promise<ServiceResult<{ id: number }>> {
  const facts = await serviceFacts(volunteerId);
  if (!facts) return { ok: false, error: "notFound" };
  if (!can(actor, "service.certify", facts)) return { ok: false, error: "forbidden" };
  if (period.to <= period.from) return { ok: false, error: "invalid" };
  return getDatabase().write(async (tx) => {
    const rows = await tx
      .select({ source: sh.source, minutes: sql<number>`sum(${sh.minutes})` })
      .from(sh)
      .where(
        and(
          eq(sh.volunteerId, volunteerId),
          eq(sh.status, "confirmed"),
          sql`${sh.servedAt} >= ${period.from.getTime()}`,
          sql`${sh.servedAt} < ${period.to.getTime()}`,
        ),
      )
      .groupBy(sh.source);
    const breakdown = Object.fromEntries(rows.map((r) => [r.source, r.minutes]));
    const minutes = rows.reduce((sum, r) => sum + r.minutes, 0);
    const [row] = await tx
      .insert(sc)
      .values({
        volunteerId,
        code: newCode(),
        token: randomBytes(24).toString("base64url"),
        periodFrom: period.from,
        periodTo: period.to,
        minutes,
        breakdown,
        issuedById: actor.id,
        issuedAt: now,
      })
      .returning({ id: sc.id });
    if (!row) throw new Error("certificate not written");
    await audit(tx, {
      actorId: actor.id,
      action: "service.certificateIssued",
      targetType: "service_certificate",
      targetId: row.id,
      ip: meta.ip,
      details: { volunteerId, minutes },
    });
    return { ok: true, value: { id: row.id } } as const;
  });
}

async function certificateRow(where: ReturnType<typeof eq>) {
  const [row] = await db()
    .select({
      id: sc.id,
      volunteerId: sc.volunteerId,
      volunteerName: schema.users.name,
      code: sc.code,
      token: sc.token,
      periodFrom: sc.periodFrom,
      periodTo: sc.periodTo,
      minutes: sc.minutes,
      breakdown: sc.breakdown,
      issuedAt: sc.issuedAt,
      revokedAt: sc.revokedAt,
    })
    .from(sc)
    .innerJoin(schema.users, eq(schema.users.id, sc.volunteerId))
    .where(where);
  return row ?? null;
}

/** A certificate to print, for someone who may read the volunteer's hours; with its QR as an SVG. */
export async function certificateToPrint(actor: Actor, id: number) {
  const row = await certificateRow(eq(sc.id, id));
  if (!row) return { ok: false, error: "notFound" } as const;
  const facts = await serviceFacts(row.volunteerId);
  if (!facts || !can(actor, "service.read", facts)) return { ok: false, error: "forbidden" } as const;
  const url = certificateUrl(row.token);
  const [qrSvg, settings] = await Promise.all([
    QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 }),
    getSettings(),
  ]);
  const { token: _token, ...shown } = row;
  return {
    ok: true,
    value: { ...shown, url, qrSvg, communityName: settings.communityName, timeZone: settings.timeZone },
  } as const;
}

/** A volunteer's certificates, newest first (the caller has checked `service.read`). */
export function certificatesOf(volunteerId: number) {
  return db()
    .select({
      id: sc.id,
      code: sc.code,
      periodFrom: sc.periodFrom,
      periodTo: sc.periodTo,
      minutes: sc.minutes,
      issuedAt: sc.issuedAt,
    })
    .from(sc)
    .where(eq(sc.volunteerId, volunteerId))
    .orderBy(sql`${sc.issuedAt} DESC`);
}

export interface PublicCertificate {
  name: string;
  periodFrom: Date;
  periodTo: Date;
  minutes: number;
  communityName: string;
  issuedAt: Date;
  valid: boolean;
  timeZone: string;
}

/**
 * What the public page confirms about a certificate, by its QR token or printed code; null when there is no
 * such certificate. Every check counts against the address's limit, so guessing codes stops early.
 */
export async function verifyCertificate(
  by: { token: string } | { code: string },
  meta: Pick<RequestMeta, "ip">,
  now = new Date(),
): Promise<({ found: true } & PublicCertificate) | { found: false } | Blocked> {
  const limited = await hit(`certificate:ip:${meta.ip ?? "unknown"}`, limits.certificateChecksPerIp, now);
  if (limited.blocked) return limited;
  const row = await certificateRow(
    "token" in by ? eq(sc.token, by.token) : eq(sc.code, by.code.trim().toUpperCase()),
  );
  if (!row) return { found: false };
  const settings = await getSettings();
  return {
    found: true,
    name: row.volunteerName,
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    minutes: row.minutes,
    communityName: settings.communityName,
    issuedAt: row.issuedAt,
    valid: row.revokedAt === null,
    timeZone: settings.timeZone,
  };
}
