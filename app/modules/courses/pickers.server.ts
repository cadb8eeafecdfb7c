// What the pickers offer and accept where a course page once asked for a typed id: the household members a
// person may enroll (searched within their scope, each household read logged) and the courses an announcement
// may link to (published, enrollment not yet closed). The picked id is judged again here on submit.
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import { can, type Actor } from "#app/modules/auth/policy";
import { findMembers, type ReadContext } from "#app/modules/households/reader.server";
import type { PickerOption } from "#app/components/picker";
import { enrollResidentFacts } from "./enrollment.server";

const PICKER_LIMIT = 10;

/** Members `actor` may enroll on someone's behalf whose name or phone starts with `term`. */
export async function membersToEnroll(actor: Actor, term: string, ctx: ReadContext): Promise<PickerOption[]> {
  // A few more than shown: some in the person's sight (a supervised volunteer's pairing) are not theirs to enroll.
  const found = await findMembers(actor, term, PICKER_LIMIT * 2, ctx);
  const options: PickerOption[] = [];
  for (const member of found) {
    if (options.length === PICKER_LIMIT) break;
    if (!(await pickedMember(actor, member.memberId))) continue;
    options.push({
      id: member.memberId,
      label: `${member.name}（${member.birthYear}）`,
      detail: member.address,
    });
  }
  return options;
}

/**
 * The member a submitted id names, when `actor` may enroll them: still a member of a kept household, and in
 * their scope. Anything else is `null`, answered as "pick someone from the matches".
 */
export async function pickedMember(actor: Actor, memberId: number | undefined) {
  if (!memberId) return null;
  const facts = await enrollResidentFacts(memberId);
  if (!facts || !can(actor, "course.enrollResident", facts)) return null;
  return facts;
}

const linkable = (now: Date) =>
  and(eq(schema.courses.status, "published"), gt(schema.courses.enrollClosesAt, now));

/** Courses open for enrollment whose title holds `term`: what a training announcement may link to. */
export async function linkableCourses(term: string, now = new Date()): Promise<PickerOption[]> {
  const query = term.trim();
  if (!query) return [];
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db()
    .select({ id: schema.courses.id, title: schema.courses.title, location: schema.courses.location })
    .from(schema.courses)
    .where(and(linkable(now), sql`${schema.courses.title} LIKE ${pattern} ESCAPE '\\'`))
    .orderBy(asc(schema.courses.enrollClosesAt))
    .limit(PICKER_LIMIT);
  return rows.map((r) => ({ id: r.id, label: r.title, detail: r.location }));
}

/** The course a training announcement links to, as its picker option, if it is still open to link. */
export async function linkableCourse(courseId: number, now = new Date()): Promise<PickerOption | null> {
  const [row] = await db()
    .select({ id: schema.courses.id, title: schema.courses.title, location: schema.courses.location })
    .from(schema.courses)
    .where(and(eq(schema.courses.id, courseId), linkable(now)))
    .limit(1);
  return row ? { id: row.id, label: row.title, detail: row.location } : null;
}

/** A linked course's option whatever its state (an announcement's editor shows what it links to now). */
export async function courseOption(courseId: number): Promise<PickerOption | null> {
  const row = await db().query.courses.findFirst({
    where: eq(schema.courses.id, courseId),
    columns: { id: true, title: true, location: true },
  });
  return row ? { id: row.id, label: row.title, detail: row.location } : null;
}

/** The course picker's answer to a form posted to search (no JavaScript): the matches and what was picked. */
export async function searchCoursesFromForm(formData: FormData) {
  const query = String(formData.get("courseQuery") ?? "").slice(0, 40);
  const pickedId = Number(formData.get("courseId"));
  const selected = Number.isSafeInteger(pickedId) && pickedId > 0 ? await courseOption(pickedId) : null;
  return { query, options: await linkableCourses(query), selected };
}
