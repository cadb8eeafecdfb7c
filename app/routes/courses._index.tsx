import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { courseKinds } from "#app/modules/courses/codes";
import { listCatalog } from "#app/modules/courses/courses.server";
import { courseClock } from "#app/modules/courses/present.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { listCompounds } from "#app/modules/people/people.server";
import { pageMeta } from "#app/modules/i18n/meta";

// Unknown or malformed filters are dropped rather than refused: the catalog is a search, not a write.
const FilterSchema = z.object({
  kind: z.enum(courseKinds).optional().catch(undefined),
  place: z.coerce.number().int().positive().optional().catch(undefined),
  open: z.literal("1").optional().catch(undefined),
  soon: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export const meta = pageMeta("courses:catalog.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const f = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [catalog, compounds, clock] = await Promise.all([
    listCatalog({
      kind: f.kind,
      compoundId: f.place,
      openSeats: !!f.open,
      startingSoon: !!f.soon,
      page: f.page,
    }),
    listCompounds(),
    courseClock(locale),
  ]);
  return {
    compounds,
    page: catalog.page,
    hasMore: catalog.hasMore,
    // Only what a card shows: the page's data is sent along with its HTML.
    courses: catalog.courses.map(({ startsAt, ...c }) => ({ ...c, starts: clock.date(startsAt) })),
  };
}

export default function Catalog() {
  const { courses, compounds, page, hasMore } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation("courses");
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    return `?${next.toString()}`;
  };
  return (
    <section aria-labelledby="catalog-title" className="stack">
      <h1 id="catalog-title">{t("catalog.title")}</h1>
      <p className="lead">{t("catalog.intro")}</p>
      <Form method="get" className="filters" aria-label={t("catalog.filters")}>
        <div className="field">
          <label htmlFor="kind">{t("catalog.kind")}</label>
          <select id="kind" name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">{t("catalog.anyKind")}</option>
            {courseKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="place">{t("catalog.place")}</label>
          <select id="place" name="place" defaultValue={params.get("place") ?? ""}>
            <option value="">{t("catalog.anyPlace")}</option>
            {compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="open" value="1" defaultChecked={params.get("open") === "1"} />
          {t("catalog.openSeats")}
        </label>
        <label className="checkbox">
          <input type="checkbox" name="soon" value="1" defaultChecked={params.get("soon") === "1"} />
          {t("catalog.startingSoon")}
        </label>
        <button type="submit" className="secondary">
          {t("catalog.apply")}
        </button>
      </Form>
      {courses.length === 0 ? <p>{t("catalog.empty")}</p> : null}
      <ul className="cards course-cards">
        {courses.map((c) => {
          const left = c.capacity - c.seatsTaken;
          return (
            <li key={c.id} className="card">
              <p className="badge">{t(`kind.${c.kind}`)}</p>
              <h2>
                <Link to={`/courses/${c.id}`}>{c.title}</Link>
              </h2>
              <p>{c.provider}</p>
              <p>
                {t("catalog.starts", { date: c.starts })} · {t("catalog.sessions", { count: c.sessions })}
              </p>
              <p>{c.location}</p>
              <p className={left > 0 ? "seats" : "seats seats-full"}>
                {left > 0 ? t("catalog.seatsLeft", { count: left }) : t("catalog.full")}
                {c.waitlist > 0 ? ` · ${t("catalog.waitlist", { count: c.waitlist })}` : null}
              </p>
            </li>
          );
        })}
      </ul>
      <nav className="pagination" aria-label={t("catalog.title")}>
        {page > 1 ? <Link to={pageLink(page - 1)}>{t("catalog.previous")}</Link> : null}
        {hasMore ? <Link to={pageLink(page + 1)}>{t("catalog.next")}</Link> : null}
      </nav>
    </section>
  );
}
