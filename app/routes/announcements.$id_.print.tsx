// The A4 notice for compound notice boards, always in Chinese: title, facts, body and a QR code that opens
// the announcement, for residents without email.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { AnnouncementBody, AnnouncementFacts } from "#app/components/announcement-view";
import { PrintButton } from "#app/components/print-button";
import { appOrigin } from "#app/config.server";
import { openAnnouncement } from "#app/modules/announcements/access.server";
import { presentAnnouncement } from "#app/modules/announcements/announcements.server";
import { getOptionalUser, requireUser } from "#app/modules/auth/guard.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta<typeof loader>(({ data }) => data?.announcement.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  const access = await openAnnouncement(user, id);
  // A public notice prints for anyone; any other one only for its readers (signed out: sign in first).
  if (access.kind === "restricted" && !user) await requireUser(request);
  if (access.kind !== "reader" && access.kind !== "public") throw new Response("Not found", { status: 404 });
  const { view } = access;
  const settings = await getSettings();
  const url = `${appOrigin()}/announcements/${id}`;
  return {
    announcement: presentAnnouncement(view.announcement, "zh-CN", settings.timeZone),
    url,
    qr: await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" }),
    community: settings.communityName,
    hotline: settings.hotline,
    today: new Intl.DateTimeFormat("zh-CN", { dateStyle: "long", timeZone: settings.timeZone }).format(
      new Date(),
    ),
  };
}

export default function PrintableNotice() {
  const { announcement: a, qr, url, community, hotline, today } = useLoaderData<typeof loader>();
  const { t } = useTranslation("announcements", { lng: "zh-CN" });
  return (
    <div className="print-page" lang="zh-CN">
      <div className="no-print print-toolbar">
        <PrintButton label={t("print.printNow")} />
      </div>
      <article className="notice-sheet" aria-labelledby="notice-title">
        <p className="notice-kicker">
          {t("print.title")} · {t(`kinds.${a.kind}`)}
        </p>
        <h1 id="notice-title">{a.title}</h1>
        <AnnouncementFacts a={a} courseLinks={false} lng="zh-CN" />
        <AnnouncementBody html={a.html} />
        <footer className="notice-footer">
          <div className="notice-qr">
            {/* The SVG is drawn by the qrcode library from our own URL, never from user input. */}
            <div aria-hidden="true" dangerouslySetInnerHTML={{ __html: qr }} />
            <p>{t("print.scan")}</p>
            <p className="notice-url">{url}</p>
          </div>
          <div className="notice-issuer">
            <p>{t("print.issuedBy", { community })}</p>
            <p>{t("print.date", { date: today })}</p>
            <p>{t("print.hotline", { hotline })}</p>
            {a.expiresAt ? <p>{t("detail.expiresAt", { at: a.expiresAt })}</p> : null}
          </div>
        </footer>
      </article>
    </div>
  );
}
