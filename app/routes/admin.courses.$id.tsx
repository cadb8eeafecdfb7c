import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "#app/components/form-errors";
import { Picker } from "#app/components/picker";
import { requestIp } from "#app/modules/audit/audit.server";
import { assertPermission, requirePermission } from "#app/modules/auth/guard.server";
import { courseRoster } from "#app/modules/courses/attendance.server";
import { changeCourseStatus, getCourse } from "#app/modules/courses/courses.server";
import { cancelEnrollment, enroll, enrollmentFacts } from "#app/modules/courses/enrollment.server";
import { membersToEnroll, pickedMember } from "#app/modules/courses/pickers.server";
import { courseClock } from "#app/modules/courses/present.server";
import { EnrollOtherSchema } from "#app/modules/courses/schema";
import { getLocale } from "#app/modules/i18n/locale.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

const moves = ["publish", "close", "cancel", "finish"] as const;

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(moves) }),
  z.object({ intent: z.literal("cancelPlace"), enrollmentId: z.coerce.number().int().positive() }),
  EnrollOtherSchema.extend({ intent: z.literal("enrollOther") }),
]);

export const meta = pageMeta<typeof loader>(({ data }) => data?.course.title);

async function load(params: { id?: string }) {
  const page = await getCourse(Number(params.id) || 0);
  if (!page) throw new Response("Not found", { status: 404 });
  return page;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "course.write");
  const page = await load(params);
  const [roster, clock] = await Promise.all([
    courseRoster(user, page.course.id, { via: "course.admin", ip: requestIp(request) }),
    courseClock(getLocale(request)),
  ]);
  const { course } = page;
  return {
    course: {
      id: course.id,
      title: course.title,
      status: course.status,
      capacity: course.capacity,
      seatsTaken: course.seatsTaken,
      starts: clock.date(course.startsAt),
    },
    waitlist: page.waitlist,
    sessions: roster.sessions.map((s, i) => ({ id: s.id, n: i + 1, label: clock.session(s) })),
    people: roster.people.map((p) => ({
      enrollmentId: p.enrollmentId,
      name: p.name,
      status: p.status,
      priority: p.priority,
      attendedCount: p.attendedCount,
      requested: clock.dateTime(p.requestedAt),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "course.write");
  const { course } = await load(params);
  const formData = await request.formData();
  // A move of the course itself is for those it belongs to, judged before the form is read; a place is judged
  // by its person's household below.
  if ((moves as readonly unknown[]).includes(formData.get("intent")))
    assertPermission(user, "course.manage", { compoundId: course.compoundId });
  if (formData.get("intent") === "searchMember") {
    const query = String(formData.get("memberQuery") ?? "").slice(0, 40);
    const ctx = { via: "picker.members", ip: requestIp(request) };
    return { memberSearch: { query, options: await membersToEnroll(user, query, ctx) } };
  }
  const submission = parseWithZod(formData, { schema: ActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  if (v.intent === "cancelPlace") {
    const facts = await enrollmentFacts(v.enrollmentId);
    if (!facts || facts.courseId !== course.id) throw new Response("Not found", { status: 404 });
    assertPermission(user, "course.cancelPlace", facts);
    await cancelEnrollment({ enrollmentId: v.enrollmentId, actorId: user.id });
    throw redirect(`/admin/courses/${course.id}?notice=placeCancelled`);
  }
  if (v.intent === "enrollOther") {
    const facts = await pickedMember(user, v.memberId);
    if (!facts)
      return data(submission.reply({ fieldErrors: { memberId: ["courses:validation.member"] } }), {
        status: 400,
      });
    const outcome = await enroll({ courseId: course.id, memberId: facts.memberId, actorId: user.id });
    if (!outcome.ok)
      return data(submission.reply({ formErrors: [`courses:refusal.${outcome.reason}`] }), { status: 400 });
    throw redirect(`/admin/courses/${course.id}?notice=${outcome.status}`);
  }
  const changed = await changeCourseStatus(course.id, v.intent, user.id);
  if (!changed) return data(submission.reply({ formErrors: ["courses:refusal.not_open"] }), { status: 400 });
  throw redirect(`/admin/courses/${course.id}?notice=${v.intent}`);
}

const confirmKeys = {
  publish: "admin.publishConfirm",
  close: "admin.closeConfirm",
  cancel: "admin.cancelConfirm",
  finish: "admin.finishConfirm",
} as const;
const labelKeys = {
  publish: "admin.publish",
  close: "admin.close",
  cancel: "admin.cancelCourse",
  finish: "admin.finish",
} as const;
const allowed: Record<string, readonly (typeof moves)[number][]> = {
  draft: ["publish", "cancel"],
  published: ["close", "cancel", "finish"],
  closed: ["cancel", "finish"],
};
const notices = {
  saved: "admin.saved",
  publish: "admin.published",
  close: "admin.closedToast",
  cancel: "admin.cancelledToast",
  finish: "admin.finishedToast",
  placeCancelled: "admin.placeCancelled",
  enrolled: "enrollmentStatus.enrolled",
  waitlisted: "enrollmentStatus.waitlisted",
} as const;

export default function AdminCourse() {
  const { course, waitlist, sessions, people } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const memberSearch = actionData && "memberSearch" in actionData ? actionData.memberSearch : undefined;
  const lastResult = actionData && !("memberSearch" in actionData) ? actionData : undefined;
  const [params] = useSearchParams();
  const { t } = useTranslation("courses");
  const notice = params.get("notice");
  const errors = lastResult?.error;
  return (
    <section aria-labelledby="admin-course-title" className="stack">
      <div className="page-head">
        <h1 id="admin-course-title">{course.title}</h1>
        <p className="badge">{t(`status.${course.status}`)}</p>
      </div>
      {notice && notice in notices ? (
        <p className="notice" role="status">
          {t(notices[notice as keyof typeof notices])}
        </p>
      ) : null}
      <FormErrors id="course-errors" errors={errors?.[""] ?? undefined} />
      <dl className="facts">
        <dt>{t("admin.starts")}</dt>
        <dd>{course.starts}</dd>
        <dt>{t("admin.fill")}</dt>
        <dd>{t("admin.fillValue", { taken: course.seatsTaken, capacity: course.capacity })}</dd>
        <dt>{t("admin.waitlist")}</dt>
        <dd>{waitlist}</dd>
      </dl>
      <p className="button-row">
        <Link to={`/admin/courses/${course.id}/edit`} className="button secondary">
          {t("admin.edit")}
        </Link>
        <Link to={`/courses/${course.id}`}>{t("nav.catalog")}</Link>
        <a href={`/admin/courses/${course.id}/enrollments.csv`} download>
          {t("admin.csv")}
        </a>
        <a href={`/admin/courses/${course.id}/enrollments.xlsx`} download>
          {t("admin.xlsx")}
        </a>
        <Link to={`/admin/courses/${course.id}/sheet`}>{t("admin.sheet")}</Link>
      </p>
      <div className="button-row">
        {(allowed[course.status] ?? []).map((move) => (
          <Form
            key={move}
            method="post"
            onSubmit={(e) => {
              if (!window.confirm(t(confirmKeys[move]))) e.preventDefault();
            }}
          >
            <button
              type="submit"
              name="intent"
              value={move}
              className={move === "cancel" ? "danger" : move === "publish" ? "primary" : "secondary"}
            >
              {t(labelKeys[move])}
            </button>
          </Form>
        ))}
      </div>
      <h2>{t("course.sessions")}</h2>
      <ol className="session-list">
        {sessions.map((s) => (
          <li key={s.id}>
            {s.label} ·{" "}
            <Link to={`/admin/courses/${course.id}/sessions/${s.id}/attendance`}>
              {t("admin.markAttendance")}
            </Link>
          </li>
        ))}
      </ol>
      <h2>{t("admin.enrollments")}</h2>
      {course.status === "published" ? (
        <Form method="post" className="stack">
          <Picker
            name="memberId"
            queryName="memberQuery"
            label={t("course.memberId")}
            hint={t("course.memberHint")}
            source="/pick/members"
            searchIntent="searchMember"
            query={memberSearch?.query}
            options={memberSearch?.options}
            errors={errors?.memberId ?? undefined}
          />
          <button type="submit" name="intent" value="enrollOther" className="secondary">
            {t("admin.enrollAnyone")}
          </button>
        </Form>
      ) : null}
      {people.length === 0 ? (
        <p>{t("admin.noParticipants")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.name")}</th>
                <th scope="col">{t("admin.status")}</th>
                <th scope="col">{t("admin.priority")}</th>
                <th scope="col">{t("admin.attended")}</th>
                <th scope="col">{t("admin.requested")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("admin.cancelPlace")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.enrollmentId}>
                  <th scope="row">{p.name}</th>
                  <td>{t(`enrollmentStatus.${p.status}`)}</td>
                  <td>{p.priority ? "★" : ""}</td>
                  <td>
                    {p.attendedCount} / {sessions.length}
                  </td>
                  <td>{p.requested}</td>
                  <td>
                    {p.status === "enrolled" || p.status === "waitlisted" ? (
                      <Form
                        method="post"
                        onSubmit={(e) => {
                          if (!window.confirm(t("admin.cancelPlaceConfirm", { name: p.name })))
                            e.preventDefault();
                        }}
                      >
                        <input type="hidden" name="enrollmentId" value={p.enrollmentId} />
                        <button type="submit" name="intent" value="cancelPlace" className="link-button">
                          {t("admin.cancelPlace")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
