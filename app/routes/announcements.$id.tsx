import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnnouncementBody, AnnouncementFacts, KindBadge } from "#app/components/announcement-view";
import { presentAnnouncement, readAnnouncement } from "#app/modules/announcements/announcements.server";
import { requireUser } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta<typeof loader>(({ data }) => data?.announcement.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const view = await readAnnouncement(user, id);
  if (!view) throw new Response("Not found", { status: 404 });
  const settings = await getSettings();
  return { announcement: presentAnnouncement(view.announcement, getLocale(request), settings.timeZone) };
}

export default function AnnouncementPage() {
  const { announcement: a } = useLoaderData<typeof loader>();
  const { t } = useTranslation("announcements");
  return (
    <article className="stack announcement" aria-labelledby="announcement-title">
      <p>
        <Link to="/announcements">{t("detail.back")}</Link>
      </p>
      <h1 id="announcement-title">{a.title}</h1>
      <p>
        <KindBadge kind={a.kind} />{" "}
        {a.expired ? <span className="badge expired">{t("detail.expired")}</span> : null}{" "}
        {a.publishedAt ? (
          <span className="muted">{t("detail.publishedAt", { at: a.publishedAt })}</span>
        ) : null}
      </p>
      {a.expired ? (
        <p className="notice" role="note">
          {t("detail.expiredNote")}
        </p>
      ) : a.expiresAt ? (
        <p className="muted">{t("detail.expiresAt", { at: a.expiresAt })}</p>
      ) : null}
      <AnnouncementFacts a={a} />
      <AnnouncementBody html={a.html} />
      <p className="no-print">
        <Link to={`/announcements/${a.id}/print`}>{t("detail.print")}</Link>
      </p>
    </article>
  );
}
