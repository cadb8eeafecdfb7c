// An announcement as readers see it: kind, dates, job or training facts, and the sanitized body. Shared by
// the resident's page, the staff page and the printable notice.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { PresentedAnnouncement } from "#app/modules/announcements/announcements.server";

export function AnnouncementFacts({
  a,
  courseLinks = true,
  lng,
}: {
  a: PresentedAnnouncement;
  courseLinks?: boolean;
  /** The printed notice is in Chinese whatever the page's language. */
  lng?: "zh-CN";
}) {
  const { t } = useTranslation("announcements", { lng });
  const pay =
    a.payMin !== null && a.payMax !== null
      ? t("detail.payRange", { min: a.payMin, max: a.payMax })
      : a.payMin !== null
        ? t("detail.payFrom", { min: a.payMin })
        : a.payMax !== null
          ? t("detail.payUpTo", { max: a.payMax })
          : null;
  const facts: [string, string | JSX.Element][] = [];
  if (a.employer) facts.push([t("detail.employer"), a.employer]);
  if (a.positions !== null)
    facts.push([t("detail.positions"), t("detail.positionsValue", { count: a.positions })]);
  if (pay) facts.push([t("detail.pay"), pay]);
  if (a.requirements) facts.push([t("detail.requirements"), a.requirements]);
  if (a.deadline) facts.push([t("detail.deadline"), a.deadline]);
  if (a.contact) facts.push([t("detail.contact"), a.contact]);
  if (a.courseId !== null && courseLinks)
    facts.push([
      t("detail.course"),
      <Link key="course" to={`/courses/${a.courseId}`}>
        {t("detail.courseLink")}
      </Link>,
    ]);
  if (facts.length === 0) return null;
  return (
    <dl className="facts announcement-facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AnnouncementBody({ html }: { html: string }) {
  // The HTML comes from renderMarkdown, which sanitizes against an allow-list on the server.
  return <div className="announcement-body" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function KindBadge({ kind }: { kind: PresentedAnnouncement["kind"] }) {
  const { t } = useTranslation("announcements");
  return <span className={`badge kind-${kind}`}>{t(`kinds.${kind}`)}</span>;
}
