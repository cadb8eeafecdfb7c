// The registry as a file: every household the list's filters find within the reader's scope (the same condition
// as the page), read through the listed-households reader (each one logged) and the export itself audited.
import { getDatabase } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import type { Actor } from "#app/modules/auth/policy";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import type { ExportTable } from "#app/modules/lists/export.server";
import { day } from "./format";
import { listedHouseholds } from "./ledger.server";
import { registryCondition, type HouseholdFilters, type RequestMeta } from "./registry.server";
import { formatList } from "#app/modules/i18n/list";

type RegistryRow = Awaited<ReturnType<typeof listedHouseholds>>[number];

export async function registryExport(
  actor: Actor,
  filters: HouseholdFilters,
  locale: Locale,
  meta: RequestMeta,
): Promise<ExportTable<RegistryRow>> {
  const t = getT(locale);
  const where = await registryCondition(actor, filters);
  const rows =
    where === null
      ? []
      : await listedHouseholds(
          actor,
          where,
          { via: "households.export", ip: meta.ip },
          filters.sort === "due" ? "due" : "address",
        );
  const { page: _page, sort: _sort, ...kept } = filters;
  await getDatabase().write((tx) =>
    audit(tx, {
      actorId: actor.id,
      action: "household.registryExported",
      targetType: "household",
      ip: meta.ip,
      details: { rows: rows.length, filters: kept },
    }),
  );

  const column = (key: string, cell: (r: RegistryRow) => string | number) => ({
    header: t(`households:ledger.csv.${key as "compound"}`),
    cell,
  });
  return {
    name: "households",
    title: t("households:list.exportFile"),
    rows,
    columns: [
      column("compound", (r) => r.compoundName),
      column("building", (r) => r.building),
      column("unit", (r) => r.unit),
      column("room", (r) => r.room),
      column("head", (r) => r.headName ?? ""),
      column("phone", (r) => r.headPhone ?? ""),
      column("members", (r) => r.memberCount),
      column("level", (r) => t(`households:hardshipLevel.${r.hardshipLevel}`)),
      column("categories", (r) =>
        formatList(locale, [
          ...r.categories.map((c) => t(`households:category.${c}`)),
          ...(r.healthWithheld ? [t(`privacy:withheldShort.${r.healthWithheld}`)] : []),
        ]),
      ),
      column("needs", (r) =>
        formatList(
          locale,
          r.needs.map((n) => t(`households:need.${n}`)),
        ),
      ),
      column("lastVerified", (r) => (r.lastVerifiedAt ? day(r.lastVerifiedAt) : "")),
      column("nextDue", (r) => (r.nextVerificationDue ? day(r.nextVerificationDue) : "")),
    ],
  };
}
