import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "#app/modules/auth/guard.server";
import { listMyCourses } from "#app/modules/courses/courses.server";
import { waitlistPositions } from "#app/modules/courses/enrollment.server";
import { courseClock } from "#app/modules/courses/present.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("courses:me.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = getLocale(request);
  const [places, clock] = await Promise.all([listMyCourses(user.id), courseClock(locale)]);
  const positions = await waitlistPositions(places.filter((p) => p.status === "waitlisted"));
  return {
    places: places.map((p) => ({
      enrollmentId: p.enrollmentId,
      courseId: p.courseId,
      title: p.title,
      kind: p.kind,
      status: p.status,
      starts: clock.date(p.startsAt),
      location: p.location,
      attended: p.attended,
      sessions: p.sessions,
      position: positions.get(p.enrollmentId) ?? null,
    })),
  };
}

export default function MyCourses() {
  const { places } = useLoaderData<typeof loader>();
  const { t } = useTranslation("courses");
  const { t: tc } = useTranslation("calendar");
  return (
    <section aria-labelledby="my-courses-title" className="stack">
      <h1 id="my-courses-title">{t("me.title")}</h1>
      {places.length === 0 ? (
        <p>
          {t("me.empty")} <Link to="/courses">{t("me.browse")}</Link>
        </p>
      ) : (
        <ul className="cards course-cards">
          {places.map((p) => (
            <li key={p.enrollmentId} className="card">
              <p className="badge">{t(`enrollmentStatus.${p.status}`)}</p>
              <h2>
                <Link to={`/courses/${p.courseId}`}>{p.title}</Link>
              </h2>
              <p>
                {t("catalog.starts", { date: p.starts })} · {p.location}
              </p>
              {p.position !== null ? <p>{t("me.position", { position: p.position })}</p> : null}
              {p.status !== "waitlisted" ? (
                <p>{t("me.attended", { attended: p.attended, total: p.sessions })}</p>
              ) : null}
              {p.status === "completed" ? (
                <Link to={`/certificates/${p.enrollmentId}`}>{t("course.certificate")}</Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/me/calendar">{tc("link")}</Link>
      </p>
    </section>
  );
}
