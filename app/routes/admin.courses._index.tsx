import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "#app/modules/auth/guard.server";
import { courseStatuses } from "#app/modules/courses/codes";
import { listCoursesForAdmin } from "#app/modules/courses/courses.server";
import { courseClock } from "#app/modules/courses/present.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";

const FilterSchema = z.object({
  status: z.enum(courseStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export const meta = pageMeta("courses:admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "course.write");
  const locale = getLocale(request);
  const f = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [list, clock] = await Promise.all([listCoursesForAdmin(f), courseClock(locale)]);
  return {
    page: list.page,
    hasMore: list.hasMore,
    courses: list.courses.map((c) => ({
      ...c,
      starts: clock.date(c.startsAt),
      fill: Math.round((c.seatsTaken / c.capacity) * 100),
    })),
  };
}

export default function AdminCourses() {
  const { courses, page, hasMore } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("courses");
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next.toString()}`;
  };
  return (
    <section aria-labelledby="admin-courses-title" className="stack">
      <div className="page-head">
        <h1 id="admin-courses-title">{t("admin.title")}</h1>
        <Link to="/admin/courses/new" className="button primary">
          {t("admin.new")}
        </Link>
      </div>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="status">{t("admin.statusFilter")}</label>
          <select id="status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("admin.anyStatus")}</option>
            {courseStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("catalog.apply")}
        </button>
      </Form>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("form.title")}</th>
              <th scope="col">{t("admin.status")}</th>
              <th scope="col">{t("admin.starts")}</th>
              <th scope="col">{t("admin.fill")}</th>
              <th scope="col">{t("admin.waitlist")}</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/admin/courses/${c.id}`}>{c.title}</Link>
                </th>
                <td>{t(`status.${c.status}`)}</td>
                <td>{c.starts}</td>
                <td>
                  <meter min={0} max={c.capacity} value={c.seatsTaken} aria-hidden="true" />{" "}
                  {t("admin.fillValue", { taken: c.seatsTaken, capacity: c.capacity })} ({c.fill}%)
                </td>
                <td>{c.waitlist}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pagination" aria-label={t("admin.title")}>
        {page > 1 ? <Link to={pageLink(page - 1)}>{t("catalog.previous")}</Link> : null}
        {hasMore ? <Link to={pageLink(page + 1)}>{t("catalog.next")}</Link> : null}
      </nav>
    </section>
  );
}
