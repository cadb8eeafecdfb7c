import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnnouncementBody, AnnouncementFacts, KindBadge } from "#app/components/announcement-view";
import { openAnnouncement } from "#app/modules/announcements/access.server";
import { presentAnnouncement } from "#app/modules/announcements/announcements.server";
import type { AnnouncementKind, Audience } from "#app/modules/announcements/audience";
import { getOptionalUser } from "#app/modules/auth/guard.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta<typeof loader>(
  ({ data, t }) => data?.announcement?.title ?? t("announcements:restricted.title"),
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const access = await openAnnouncement(user, id);
  if (access.kind === "notFound") throw new Response("Not found", { status: 404 });
  const settings = await getSettings();
  if (access.kind === "restricted")
    // Who it is for and whom to ask, instead of a bare refusal; 403, since the notice itself stays closed.
    return data(
      {
        announcement: null,
        signedIn: user !== null,
        restricted: {
          kind: access.announcementKind,
          audience: access.audience,
          compounds: access.compounds,
          hotline: settings.hotline,
        },
      },
      { status: 403 },
    );
  return {
    announcement: presentAnnouncement(access.view.announcement, getLocale(request), settings.timeZone),
    signedIn: user !== null,
    restricted: null,
  };
}

export default function AnnouncementPage() {
  const { announcement: a, signedIn, restricted } = useLoaderData<typeof loader>();
  const { t } = useTranslation("announcements");
  if (!a) return restricted ? <Restricted {...restricted} signedIn={signedIn} /> : null;
  return (
    <article className="stack announcement" aria-labelledby="announcement-title">
      {signedIn ? (
        <p>
          <Link to="/announcements">{t("detail.back")}</Link>
        </p>
      ) : null}
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
      <AnnouncementFacts a={a} courseLinks={signedIn} />
      <AnnouncementBody html={a.html} />
      {signedIn ? (
        <p className="no-print">
          <Link to={`/announcements/${a.id}/print`}>{t("detail.print")}</Link>
        </p>
      ) : null}
    </article>
  );
}

function Restricted({
  kind,
  audience,
  compounds,
  hotline,
  signedIn,
}: {
  kind: AnnouncementKind;
  audience: Audience;
  compounds: string[];
  hotline: string;
  signedIn: boolean;
}) {
  const { t, i18n } = useTranslation("announcements");
  const { t: th } = useTranslation("households");
  const { t: ta } = useTranslation("auth");
  const location = useLocation();
  const list = (items: string[]) => new Intl.ListFormat(i18n.language, { type: "disjunction" }).format(items);
  const who: string[] = [];
  if (audience.residents) {
    who.push(t("restricted.residents"));
    if (compounds.length) who.push(t("restricted.compounds", { list: list(compounds) }));
    if (audience.levels.length)
      who.push(t("restricted.levels", { list: list(audience.levels.map((l) => th(`hardshipLevel.${l}`))) }));
    if (audience.zeroEmployment) who.push(t("restricted.zeroEmployment"));
    if (audience.categories.length)
      who.push(
        t("restricted.categories", { list: list(audience.categories.map((c) => th(`category.${c}`))) }),
      );
    if (audience.needs.length)
      who.push(t("restricted.needs", { list: list(audience.needs.map((n) => th(`need.${n}`))) }));
  }
  if (audience.volunteerTiers.length)
    who.push(
      t("restricted.volunteers", { list: list(audience.volunteerTiers.map((v) => ta(`tiers.${v}`))) }),
    );
  return (
    <section className="stack narrow" aria-labelledby="restricted-title">
      <h1 id="restricted-title">{t("restricted.title")}</h1>
      <p>
        <KindBadge kind={kind} />
      </p>
      <p>{t("restricted.lead")}</p>
      <ul>
        {who.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
      <p className="notice">{t("restricted.contact", { hotline })}</p>
      {signedIn ? (
        <p>
          <Link to="/announcements">{t("detail.back")}</Link>
        </p>
      ) : (
        <p>
          {t("restricted.signInLead")}{" "}
          <Link className="button primary" to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>
            {t("restricted.signIn")}
          </Link>
        </p>
      )}
    </section>
  );
}
