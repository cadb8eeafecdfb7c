// "Who looked at my record" (PIPL): the audit entries about one household, told to its own residents. Staff and
// volunteers are named with their role; residents never are (another member is "a member of your household").
// Repeated entries of one person, action and page on one day are one line. Entries are read newest first
// through audit_target_idx in chunks, a page ends at a day's end, so a page costs what it shows, however long
// the log.
import { and, desc, eq, inArray, lt, not, or } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { householdFacts } from "#app/modules/households/facts.server";
import { calendarDay, formatDateTime } from "#app/modules/dates/day";
import type { getT } from "#app/modules/i18n/i18n";
import { actionLabelKey } from "./actions";
import { actionLabel } from "./search.server";
import { DateTime } from "luxon";

export const accessLogPageSize = 20;
const chunkSize = 500;
/** A day with more entries than this is cut mid-day rather than read whole into one page. */
const maxRowsPerPage = 5_000;

/** Reading or listing by the viewer themself is not news to them. */
const ownLooks = ["household.viewed", "household.listed"];

export type AccessWho =
  | { kind: "you" }
  | { kind: "member" }
  | { kind: "resident" }
  | { kind: "system" }
  | { kind: "person"; name: string; role: "volunteer" | "organizer" | "admin" };

export interface AccessLine {
  key: string;
  day: string;
  lastAt: Date;
  count: number;
  who: AccessWho;
  action: string;
  via: string | null;
  /** For a change: the fields it touched. */
  fields: string[];
}

export type AccessLog = { lines: AccessLine[]; nextBefore: number | null };

interface Entry {
  id: number;
  at: Date;
  actorId: number | null;
  action: string;
  details: Record<string, unknown> | null;
}

/** The household's access log for `viewer`, or null when the policy does not let them read it. */
export async function householdAccessLog(
  viewer: Actor,
  householdId: number,
  options: { zone: string; before?: number },
): Promise<AccessLog | null> {
  const facts = await householdFacts(householdId);
  if (!facts || !can(viewer, "household.readAccessLog", facts)) return null;
  const a = schema.auditLog;
  const where = and(
    eq(a.targetType, "household"),
    eq(a.targetId, String(householdId)),
    not(and(eq(a.actorId, viewer.id), inArray(a.action, ownLooks))!),
  );
  const groups = new Map<string, { line: Omit<AccessLine, "who">; actorId: number | null }>();
  const pageEnd = options.before === undefined ? undefined : lt(a.at, new Date(options.before));
  let chunkAfter: Entry | undefined;
  let scanned = 0;
  let nextBefore: number | null = null;
  let currentDay: string | null = null;
  read: while (true) {
    const rows: Entry[] = await db()
      .select({ id: a.id, at: a.at, actorId: a.actorId, action: a.action, details: a.details })
      .from(a)
      .where(
        and(
          where,
          pageEnd,
          chunkAfter && or(lt(a.at, chunkAfter.at), and(eq(a.at, chunkAfter.at), lt(a.id, chunkAfter.id))),
        ),
      )
      .orderBy(desc(a.at), desc(a.id))
      .limit(chunkSize);
    for (const row of rows) {
      const day = calendarDay(row.at, options.zone) ?? "";
      if (day !== currentDay) {
        // A page holds whole days: it ends where a new day begins once it has enough lines.
        if (currentDay !== null && groups.size >= accessLogPageSize) {
          nextBefore = DateTime.fromISO(currentDay, { zone: options.zone }).startOf("day").toMillis();
          break read;
        }
        currentDay = day;
      }
      if (scanned >= maxRowsPerPage) {
        // Cut mid-day: the rest of this millisecond and day come on the next page.
        nextBefore = row.at.getTime() + 1;
        break read;
      }
      scanned++;
      const via = typeof row.details?.via === "string" ? row.details.via : null;
      const key = `${day}|${row.actorId ?? ""}|${row.action}|${via ?? ""}`;
      const group = groups.get(key);
      if (group) {
        group.line.count++;
        for (const field of fieldsOf(row))
          if (!group.line.fields.includes(field)) group.line.fields.push(field);
      } else {
        groups.set(key, {
          actorId: row.actorId,
          line: { key, day, lastAt: row.at, count: 1, action: row.action, via, fields: fieldsOf(row) },
        });
      }
    }
    if (rows.length < chunkSize) break;
    chunkAfter = rows.at(-1);
  }
  const who = await describeActors(
    [...groups.values()].map((g) => g.actorId),
    facts.memberUserIds,
    viewer.id,
  );
  return {
    lines: [...groups.values()].map((g) => ({ ...g.line, who: who(g.actorId) })),
    nextBefore,
  };
}

function fieldsOf(row: Entry): string[] {
  const fields = row.details?.fields;
  return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === "string") : [];
}

async function describeActors(ids: (number | null)[], members: readonly number[], viewerId: number) {
  const known = [...new Set(ids.filter((id): id is number => id !== null))];
  const people =
    known.length === 0
      ? []
      : await db()
          .select({ id: schema.users.id, name: schema.users.name, role: schema.users.role })
          .from(schema.users)
          .where(inArray(schema.users.id, known));
  const byId = new Map(people.map((p) => [p.id, p]));
  return (id: number | null): AccessWho => {
    if (id === null) return { kind: "system" };
    if (id === viewerId) return { kind: "you" };
    if (members.includes(id)) return { kind: "member" };
    const person = byId.get(id);
    if (!person || person.role === "resident") return { kind: "resident" };
    return { kind: "person", name: person.name, role: person.role };
  };
}

const viaKinds = [
  "export",
  "card",
  "ledger",
  "print",
  "roster",
  "help",
  "visit",
  "pairing",
  "certificate",
  "calendar",
  "volunteer",
  "list",
] as const;

/** The page a look came through, in words: `details.via` names a page or a report, matched by its kind. */
function viaKind(via: string | null): (typeof viaKinds)[number] | null {
  if (!via) return null;
  const lower = via.toLowerCase();
  return viaKinds.find((kind) => lower.includes(kind)) ?? null;
}

const describedActions = [
  "household.viewed",
  "household.listed",
  "household.viewRefused",
  "household.updated",
  "household.verified",
  "household.correctionRequested",
  "household.correctionHandled",
] as const;

/** One line as the resident reads it: who, what (and through what), when. */
export function accessLineText(line: AccessLine, t: ReturnType<typeof getT>, zone: string) {
  const who =
    line.who.kind === "person"
      ? t("audit:access.who.person", { name: line.who.name, role: t(`audit:roles.${line.who.role}`) })
      : t(`audit:access.who.${line.who.kind}`);
  const known = describedActions.find((a) => a === line.action);
  let what: string;
  if (known === "household.updated" && line.fields.length > 0) {
    const fields = line.fields.map((f) => t(`households:field.${f}` as never, { defaultValue: f }));
    what = t("audit:access.what.household_updatedFields", { fields: fields.join(t("households:sep")) });
  } else if (known) {
    what = t(`audit:access.what.${actionLabelKey(known).slice("action.".length) as "household_viewed"}`);
  } else {
    what = actionLabel(t, line.action);
  }
  const kind = viaKind(line.via);
  if (kind) what += t("audit:access.via", { via: t(`audit:access.viaKind.${kind}`) });
  return {
    key: line.key,
    who,
    what,
    when: t("audit:access.when", { count: line.count, time: formatDateTime(line.lastAt, zone) }),
  };
}
