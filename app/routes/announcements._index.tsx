import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { KindBadge } from "#app/components/announcement-view";
import { feedFor } from "#app/modules/announcements/announcements.server";
import { announcementKinds } from "#app/modules/announcements/audience";
import { requireUser } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("announcements:feed.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = getLocale(request);
  const params = new URL(request.url).searchParams;
  const kind = announcementKinds.find((k) => k === params.get("kind"));
  const page = Math.min(1000, Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1));
  const [feed, settings] = await Promise.all([feedFor(user, { kind, page }), getSettings()]);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: settings.timeZone });
  return {
    volunteer: user.role === "volunteer",
    kind: kind ?? null,
    page,
    hasMore: feed.hasMore,
    items: feed.items.map((i) => ({ ...i, publishedAt: i.publishedAt ? date.format(i.publishedAt) : "" })),
  };
}

export default function Feed() {
  const { items, kind, page, hasMore, volunteer } = useLoaderData<typeof loader>();
  const { t } = useTranslation("announcements");
  const href = (next: { kind?: string | null; page?: number }) => {
    const params = new URLSearchParams();
    const k = next.kind === undefined ? kind : next.kind;
    if (k) params.set("kind", k);
    if (next.page && next.page > 1) params.set("page", String(next.page));
    const query = params.toString();
    return query ? `?${query}` : "/announcements";
  };
  return (
    <div className="stack">
      <h1>{t("feed.title")}</h1>
      <p>{volunteer ? t("feed.volunteerLead") : t("feed.lead")}</p>
      <nav className="feed-tabs" aria-label={t("feed.filter")}>
        <Link to={href({ kind: null })} aria-current={kind === null ? "page" : undefined}>
          {t("feed.all")}
        </Link>
        {announcementKinds.map((k) => (
          <Link key={k} to={href({ kind: k })} aria-current={kind === k ? "page" : undefined}>
            {t(`kinds.${k}`)}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? <p>{t("feed.empty")}</p> : null}
      <ul className="announcement-list" data-testid="feed">
        {items.map((i) => (
          <li key={i.id} className={`card${i.unread ? " unread" : ""}`}>
            <Link to={`/announcements/${i.id}`}>
              <strong>{i.title}</strong>
            </Link>
            <span>
              <KindBadge kind={i.kind} /> <span className="muted">{i.publishedAt}</span>
              {i.unread ? <span className="badge unread-mark">{t("feed.unread")}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      {page > 1 || hasMore ? (
        <nav className="pagination" aria-label={t("feed.pagination")}>
          {page > 1 ? <Link to={href({ page: page - 1 })}>{t("feed.previous")}</Link> : null}
          <span>{t("feed.page", { page })}</span>
          {hasMore ? <Link to={href({ page: page + 1 })}>{t("feed.next")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
