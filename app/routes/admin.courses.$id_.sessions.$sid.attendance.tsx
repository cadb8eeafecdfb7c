import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { appOrigin } from "#app/config.server";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { assertPermission, requirePermission } from "#app/modules/auth/guard.server";
import {
  checkinToken,
  courseRoster,
  markAttendance,
  sessionWithCourse,
} from "#app/modules/courses/attendance.server";
import { courseClock } from "#app/modules/courses/present.server";
import { AttendanceSchema } from "#app/modules/courses/schema";
import { getLocale } from "#app/modules/i18n/locale.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta<typeof loader>(({ data }) => data?.title);

async function load(params: { id?: string; sid?: string }) {
  const session = await sessionWithCourse(Number(params.sid) || 0);
  if (!session || session.courseId !== Number(params.id)) throw new Response("Not found", { status: 404 });
  return session;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "course.write");
  const session = await load(params);
  const [roster, clock, token] = await Promise.all([
    courseRoster(user, session.courseId, { via: "course.attendance", ip: requestIp(request) }),
    courseClock(getLocale(request)),
    checkinToken(session.id),
  ]);
  const index = roster.sessions.findIndex((s) => s.id === session.id);
  const checkinUrl = `${appOrigin()}/courses/checkin/${session.id}?t=${encodeURIComponent(token ?? "")}`;
  return {
    title: session.title,
    courseId: session.courseId,
    time: clock.session(session),
    qr: await QRCode.toString(checkinUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" }),
    people: roster.people
      .filter((p) => p.status !== "waitlisted")
      .map((p) => ({ id: p.enrollmentId, name: p.name, present: p.attended[index] ?? false })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "course.write");
  const session = await load(params);
  assertPermission(user, "course.manage", { compoundId: session.compoundId });
  const submission = parseWithZod(await request.formData(), { schema: AttendanceSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const outcome = await markAttendance({
    actor: user,
    sessionId: session.id,
    presentEnrollmentIds: submission.value.present,
  });
  if (!outcome.ok)
    return data(submission.reply({ formErrors: ["courses:validation.attendanceAfterStart"] }), {
      status: 400,
    });
  throw redirect(`/admin/courses/${session.courseId}/sessions/${session.id}/attendance?notice=saved`);
}

export default function SessionAttendance() {
  const { title, courseId, time, qr, people } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation("courses");
  return (
    <section aria-labelledby="attendance-title" className="stack attendance">
      <h1 id="attendance-title">{title}</h1>
      <p>{time}</p>
      {params.get("notice") === "saved" ? (
        <p className="notice" role="status">
          {t("admin.attendanceSaved")}
        </p>
      ) : null}
      <FormErrors id="attendance-errors" errors={lastResult?.error?.[""] ?? undefined} />
      {people.length === 0 ? <p>{t("admin.noParticipants")}</p> : null}
      <Form method="post" className="stack">
        <ul className="attendance-list">
          {people.map((p) => (
            <li key={p.id}>
              <label className="attendance-row">
                <input type="checkbox" name="present" value={p.id} defaultChecked={p.present} />
                <span>{p.name}</span>
              </label>
            </li>
          ))}
        </ul>
        <button type="submit" className="primary big">
          {t("admin.saveAttendance")}
        </button>
      </Form>
      <details className="checkin-qr">
        <summary>{t("admin.checkinQr")}</summary>
        <p className="hint">{t("admin.checkinHelp")}</p>
        <div
          className="qr"
          role="img"
          aria-label={t("admin.checkinQr")}
          dangerouslySetInnerHTML={{ __html: qr }}
        />
      </details>
      <p>
        <Link to={`/admin/courses/${courseId}`}>{t("admin.enrollments")}</Link>
      </p>
    </section>
  );
}
