// Connection cards (连心卡): per household, the primary helper's and their supervisor's name and phone, the
// community hotline, a QR code (the `qrcode` library) to the household's public help page, and the claim code
// a resident types to link their account to the household (both from households/card-credentials.server.ts).
import { and, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import QRCode from "qrcode";
import { appOrigin } from "#app/config.server";
import { db, schema, type Queryable } from "#db/client.server";
import { addressLine, type HouseholdBrief } from "#app/modules/households/brief";
import { getSettings } from "#app/modules/settings/settings.server";
import { cardCredentialsFor, formatClaimCode } from "#app/modules/households/card-credentials.server";

/** The public page a card's QR code opens: the hotline and a short help form, no account needed. */
export function cardUrl(token: string): string {
  return `${appOrigin()}/c/${token}`;
}

export interface ConnectionCard {
  householdId: number;
  compoundName: string;
  address: string;
  headName: string | null;
  helperName: string | null;
  helperPhone: string | null;
  supervisorName: string | null;
  supervisorPhone: string | null;
  hotline: string;
  qrSvgDataUrl: string;
  askUrl: string;
  /** `ABCDE-FGHJK`: typed by a resident claiming the household on /me/household. */
  claimCode: string;
}

/**
 * The cards of households read for the person printing them (households/reader.server.ts), in that order.
 * A household printed for the first time gets its card credentials now, issued by `actorId`.
 */
export async function connectionCards(
  briefs: readonly HouseholdBrief[],
  actorId: number,
  q: Queryable = db(),
): Promise<ConnectionCard[]> {
  if (briefs.length === 0) return [];
  const householdIds = briefs.map((b) => b.id);
  const credentials = await cardCredentialsFor(householdIds, actorId);
  const supervisor = alias(schema.users, "supervisor");
  const [helpers, settings] = await Promise.all([
    q
      .select({
        householdId: schema.pairings.householdId,
        name: schema.users.name,
        phone: schema.users.phone,
        supervisorName: supervisor.name,
        supervisorPhone: supervisor.phone,
      })
      .from(schema.pairings)
      .innerJoin(schema.users, eq(schema.users.id, schema.pairings.volunteerId))
      .leftJoin(supervisor, and(eq(supervisor.id, schema.users.supervisorId), isNull(supervisor.disabledAt)))
      .where(
        and(
          inArray(schema.pairings.householdId, [...householdIds]),
          eq(schema.pairings.status, "active"),
          eq(schema.pairings.role, "primary"),
          isNull(schema.users.disabledAt),
        ),
      ),
    getSettings(q),
  ]);
  const helperOf = new Map(helpers.map((h) => [h.householdId, h]));
  const cards: ConnectionCard[] = [];
  for (const brief of briefs) {
    const id = brief.id;
    const helper = helperOf.get(id);
    const creds = credentials.get(id);
    if (!creds) throw new Error(`no card credentials for household ${id}`);
    const askUrl = cardUrl(creds.token);
    const svg = await QRCode.toString(askUrl, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
    cards.push({
      householdId: id,
      compoundName: brief.compoundName,
      address: addressLine(brief),
      headName: brief.headName,
      helperName: helper?.name ?? null,
      helperPhone: helper?.phone ?? null,
      supervisorName: helper?.supervisorName ?? null,
      supervisorPhone: helper?.supervisorPhone ?? null,
      hotline: settings.hotline,
      qrSvgDataUrl: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
      askUrl,
      claimCode: formatClaimCode(creds.claimCode),
    });
  }
  return cards;
}
