import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { openHouseholdBrief } from "#app/modules/households/reader.server";
import { certificateFacts } from "#app/modules/courses/attendance.server";
import { courseClock } from "#app/modules/courses/present.server";
import { getLocale } from "#app/modules/i18n/locale.server";
import { pageMeta } from "#app/modules/i18n/meta";

export const meta = pageMeta<typeof loader>(({ data }) => data && [data.title, data.name].join(" · "));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const facts = await certificateFacts(Number(params.enrollmentId) || 0);
  if (!facts) throw new Response("Not found", { status: 404 });
  // A certificate names a household member: opening one is a read of that household, logged as such.
  const opened = await openHouseholdBrief(
    user,
    facts.householdId,
    { via: "certificate", ip: requestIp(request) },
    () => can(user, "course.certificate", { userId: facts.userId, compoundId: facts.compoundId }),
  );
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  const clock = await courseClock(getLocale(request));
  return {
    name: facts.name,
    title: facts.title,
    provider: facts.provider,
    attended: facts.attended,
    total: facts.sessions,
    from: clock.date(facts.startsAt),
    to: clock.date(facts.endsAt),
    issued: clock.date(facts.completedAt),
    community: clock.communityName,
    number: `LX-${facts.courseId}-${facts.enrollmentId}`,
  };
}

export default function Certificate() {
  const c = useLoaderData<typeof loader>();
  const { t } = useTranslation("courses");
  return (
    <article className="certificate" aria-labelledby="certificate-title">
      <h1 id="certificate-title">{t("certificate.title")}</h1>
      <p className="certificate-body">{t("certificate.body", { name: c.name })}</p>
      <p className="certificate-course">{c.title}</p>
      <p>{t("certificate.provider", { provider: c.provider })}</p>
      <p>{t("certificate.attended", { attended: c.attended, total: c.total, from: c.from, to: c.to })}</p>
      <p className="certificate-issuer">{t("certificate.issuedBy", { community: c.community })}</p>
      <p>{t("certificate.date", { date: c.issued })}</p>
      <p className="certificate-number">{c.number}</p>
      <button type="button" className="secondary no-print" onClick={() => window.print()}>
        {t("certificate.print")}
      </button>
    </article>
  );
}
