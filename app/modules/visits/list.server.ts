// The visit lists as a page and as a file: whose visits a tab shows (the scope, the same for both), the
// filters as SQL, the volunteers and compounds the filter form offers (only those within that scope), and the
// filtered list as an export table. Addresses are read through the households reader, as on the page.
import { and, asc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, schema } from "#db/client.server";
import { contains } from "#db/like";
import { isStaff, type Actor } from "#app/modules/auth/policy";
import { compoundsOf } from "#app/modules/auth/scope.server";
import { formatDateTime } from "#app/modules/dates/day";
import type { ReadContext } from "#app/modules/households/reader.server";
import type { getT } from "#app/modules/i18n/i18n";
import type { ExportTable } from "#app/modules/lists/export.server";
import type { FilteredTab, VisitFilters } from "./list-filters";
import {
  listVisits,
  oversightScope,
  scopeCondition,
  type VisitListItem,
  type VisitScope,
} from "./reads.server";

/**
 * Whose visits tab `tab` lists for `actor`: staff their compounds'; a volunteer their own (lead or co-visitor),
 * and on the escalations tab those they answer for. The page and its export both take it from here.
 */
export async function visitListScope(actor: Actor, tab: FilteredTab): Promise<VisitScope> {
  if (isStaff(actor) || tab === "escalations") return oversightScope(actor);
  return { kind: "own", userId: actor.id };
}

/** Which list a tab is, for `listVisits`. */
export const tabList = {
  upcoming: "upcoming",
  record: "toRecord",
  past: "past",
  escalations: "escalated",
} as const satisfies Record<FilteredTab, string>;

/** The first instant of `day` in `zone`. */
function startOfDay(day: string, zone: string): Date {
  return DateTime.fromISO(day, { zone }).startOf("day").toJSDate();
}

/** The filters as one condition over visits; `undefined` when none narrows. Days are the community's. */
export function filterCondition(filters: VisitFilters, zone: string): SQL | undefined {
  const v = schema.visits;
  const volunteerId = filters.volunteer;
  return and(
    filters.status ? eq(v.status, filters.status) : undefined,
    filters.compound ? eq(v.compoundId, filters.compound) : undefined,
    volunteerId
      ? or(
          eq(v.leadVolunteerId, volunteerId),
          inArray(
            v.id,
            db()
              .select({ id: schema.visitCoVisitors.visitId })
              .from(schema.visitCoVisitors)
              .where(eq(schema.visitCoVisitors.volunteerId, volunteerId)),
          ),
        )
      : undefined,
    filters.from ? gte(v.startsAt, startOfDay(filters.from, zone)) : undefined,
    filters.to
      ? lt(
          v.startsAt,
          startOfDay(DateTime.fromISO(filters.to).plus({ days: 1 }).toISODate() ?? filters.to, zone),
        )
      : undefined,
  );
}

export interface FilterOptions {
  volunteers: { id: number; name: string }[];
  /** Whether more volunteers match than the select offers (then the name search narrows them). */
  moreVolunteers: boolean;
  compounds: { id: number; name: string }[];
}

const volunteerOptionLimit = 100;

/**
 * What the filter form offers `actor` on a list of `scope`: staff the volunteers and compounds of their reach;
 * a volunteer those who led the visits in their list and those visits' compounds, never more than the list
 * itself shows. `who` narrows the volunteers by a part of their name; the chosen one stays offered.
 */
export async function filterOptions(
  actor: Actor,
  scope: VisitScope,
  who: string | undefined,
  chosen: number | undefined,
): Promise<FilterOptions> {
  const u = schema.users;
  const v = schema.visits;
  const reach = scope.kind === "reach" ? scope.reach : null;
  const staffReach = isStaff(actor) && reach ? compoundsOf(reach) : null;
  const named = who ? contains(u.name, who) : undefined;
  const volunteerRows = staffReach
    ? await db()
        .select({ id: u.id, name: u.name })
        .from(u)
        .where(
          and(
            eq(u.role, "volunteer"),
            staffReach === "all" ? undefined : inArray(u.compoundId, [...staffReach]),
            chosen ? or(named, eq(u.id, chosen)) : named,
          ),
        )
        .orderBy(asc(u.name), asc(u.id))
        .limit(volunteerOptionLimit + 1)
    : await db()
        .select({ id: u.id, name: u.name })
        .from(u)
        .where(
          and(
            inArray(
              u.id,
              db().selectDistinct({ id: v.leadVolunteerId }).from(v).where(scopeCondition(scope)),
            ),
            chosen ? or(named, eq(u.id, chosen)) : named,
          ),
        )
        .orderBy(asc(u.name), asc(u.id))
        .limit(volunteerOptionLimit + 1);
  const c = schema.compounds;
  const compounds = staffReach
    ? await db()
        .select({ id: c.id, name: c.name })
        .from(c)
        .where(staffReach === "all" ? undefined : inArray(c.id, [...staffReach]))
        .orderBy(asc(c.code))
    : await db()
        .select({ id: c.id, name: c.name })
        .from(c)
        .where(inArray(c.id, db().selectDistinct({ id: v.compoundId }).from(v).where(scopeCondition(scope))))
        .orderBy(asc(c.code));
  return {
    volunteers: volunteerRows.slice(0, volunteerOptionLimit),
    moreVolunteers: volunteerRows.length > volunteerOptionLimit,
    compounds,
  };
}

/**
 * The most rows one file holds (a compound's whole past at full scale is about 5,500). A longer list is refused,
 * never cut short: the reader narrows it by its filters first.
 */
export const visitExportLimit = 10_000;

/**
 * The filtered list of tab `tab` as `actor` sees it, as a table: the same scope and filters as the page, every
 * household listed through the reader (logged under `ctx.via`); null when the list is longer than a file holds.
 */
export async function visitExport(
  actor: Actor,
  tab: FilteredTab,
  filters: VisitFilters,
  t: ReturnType<typeof getT>,
  ctx: ReadContext,
  timeZone: string,
  now = new Date(),
  limit = visitExportLimit,
): Promise<ExportTable<VisitListItem> | null> {
  const scope = await visitListScope(actor, tab);
  const { items, hasMore } = await listVisits(
    scope,
    tabList[tab],
    ctx,
    now,
    0,
    limit,
    filterCondition(filters, timeZone),
  );
  if (hasMore) return null;
  return {
    name: "visits",
    title: t(`visits:export.name.${tab}`),
    columns: [
      { header: t("visits:export.start"), cell: (r) => formatDateTime(r.startsAt, timeZone), width: 18 },
      { header: t("visits:export.end"), cell: (r) => formatDateTime(r.endsAt, timeZone), width: 18 },
      { header: t("visits:export.status"), cell: (r) => t(`visits:status.${r.status}`) },
      { header: t("visits:export.address"), cell: (r) => r.address, width: 36 },
      { header: t("visits:export.place"), cell: (r) => r.place, width: 20 },
      { header: t("visits:export.purpose"), cell: (r) => r.purpose, width: 30 },
      { header: t("visits:export.lead"), cell: (r) => r.leadName, width: 16 },
      { header: t("visits:export.escalation"), cell: (r) => r.escalationLevel },
    ],
    rows: items,
  };
}
