import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { courseRoster } from "#app/modules/courses/attendance.server";
import { getCourse } from "#app/modules/courses/courses.server";
import { courseClock } from "#app/modules/courses/present.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta<typeof loader>(({ data }) => data?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "course.write");
  const page = await getCourse(Number(params.id) || 0);
  if (!page) throw new Response("Not found", { status: 404 });
  const [roster, clock] = await Promise.all([
    courseRoster(user, page.course.id, { via: "course.sheet", ip: requestIp(request) }),
    courseClock(getLocale(request)),
  ]);
  return {
    title: page.course.title,
    location: page.course.location,
    sessions: roster.sessions.map((s) => clock.session(s)),
    // The sheet is for those holding a seat; the waitlist is not in the room.
    people: roster.people
      .filter((p) => p.status !== "waitlisted")
      .map((p) => ({ id: p.enrollmentId, name: p.name, attended: p.attended })),
  };
}

export default function AttendanceSheet() {
  const { title, location, sessions, people } = useLoaderData<typeof loader>();
  const { t } = useTranslation("courses");
  return (
    <article className="print-sheet" aria-labelledby="sheet-title">
      <h1 id="sheet-title">{title}</h1>
      <p>
        {t("course.location")}: {location}
      </p>
      <button type="button" className="secondary no-print" onClick={() => window.print()}>
        {t("certificate.print")}
      </button>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("admin.name")}</th>
            {sessions.map((s, i) => (
              <th scope="col" key={s}>
                {t("admin.session", { n: i + 1 })}
                <br />
                <small>{s}</small>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              {p.attended.map((present, i) => (
                <td key={i} className="sign-cell">
                  {present ? "✓" : ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
