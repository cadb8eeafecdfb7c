import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { KindBadge } from "#app/components/announcement-view";
import { listAnnouncementsForStaff } from "#app/modules/announcements/announcements.server";
import { requirePermission } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { announcementStatuses } from "#db/schema/announcements";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta("announcements:admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "announcement.write");
  const locale = getLocale(request);
  const param = new URL(request.url).searchParams.get("status");
  const status = announcementStatuses.find((s) => s === param);
  const [rows, settings] = await Promise.all([listAnnouncementsForStaff(status), getSettings()]);
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: settings.timeZone,
  });
  return {
    status: status ?? null,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      status: r.status,
      when:
        r.status === "published" && r.publishedAt
          ? { key: "publishedAt" as const, at: time.format(r.publishedAt) }
          : r.status === "scheduled" && r.publishAt
            ? { key: "scheduledFor" as const, at: time.format(r.publishAt) }
            : { key: "updatedAt" as const, at: time.format(r.updatedAt) },
    })),
  };
}

export default function StaffAnnouncements() {
  const { rows, status } = useLoaderData<typeof loader>();
  const { t } = useTranslation("announcements");
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{t("admin.title")}</h1>
        <Link className="button primary" to="/admin/announcements/new">
          {t("admin.new")}
        </Link>
      </div>
      <nav className="feed-tabs" aria-label={t("feed.filter")}>
        <Link to="/admin/announcements" aria-current={status === null ? "page" : undefined}>
          {t("admin.all")}
        </Link>
        {announcementStatuses.map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={status === s ? "page" : undefined}>
            {t(`statuses.${s}`)}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? <p>{t("admin.empty")}</p> : null}
      <ul className="announcement-list">
        {rows.map((r) => (
          <li key={r.id} className="card">
            <Link to={`/admin/announcements/${r.id}`}>
              <strong>{r.title}</strong>
            </Link>
            <span>
              <KindBadge kind={r.kind} /> <span className="badge">{t(`statuses.${r.status}`)}</span>{" "}
              <span className="muted">{t(`admin.${r.when.key}`, { at: r.when.at })}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
