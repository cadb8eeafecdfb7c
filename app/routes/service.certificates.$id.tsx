// A service certificate (志愿服务证明) to print on A4: the volunteer, the period, the confirmed hours by kind of
// service as frozen when issued, the community, the verification code and a QR to its public page.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { useTranslation } from "react-i18next";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { calendarDay } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { certificateToPrint } from "#app/modules/service/certificates.server";
import { serviceSources } from "#app/modules/service/codes";
import { hoursOf } from "#app/modules/service/stars";
import serviceStylesUrl from "#app/styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: serviceStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data, t }) =>
  data ? `${t("service:certificate.title")} · ${data.name}` : null,
);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = Number(params.id);
  const found = Number.isInteger(id) && id > 0 ? await certificateToPrint(user, id) : null;
  if (!found || (!found.ok && found.error === "notFound")) throw new Response("Not found", { status: 404 });
  if (!found.ok) throw forbidden();
  const c = found.value;
  const zone = c.timeZone;
  return {
    name: c.volunteerName,
    from: calendarDay(c.periodFrom, zone),
    // The period is kept as [from, to): the last day printed is the one before.
    to: calendarDay(DateTime.fromJSDate(c.periodTo).minus({ days: 1 }).toJSDate(), zone),
    hours: hoursOf(c.minutes),
    services: serviceSources
      .filter((s) => (c.breakdown[s] ?? 0) > 0)
      .map((s) => ({ source: s, hours: hoursOf(c.breakdown[s] ?? 0) })),
    community: c.communityName,
    issued: calendarDay(c.issuedAt, zone),
    code: c.code,
    qrSvg: c.qrSvg,
    verifyUrl: new URL("/verify", c.url).toString(),
  };
}

export default function ServiceCertificate() {
  const c = useLoaderData<typeof loader>();
  const { t } = useTranslation("service");
  return (
    <article className="certificate service-certificate" aria-labelledby="certificate-title">
      <h1 id="certificate-title">{t("certificate.title")}</h1>
      <p className="certificate-body">
        {t("certificate.body", {
          name: c.name,
          from: c.from,
          to: c.to,
          community: c.community,
          hours: c.hours,
        })}
      </p>
      {c.services.length > 0 ? (
        <table className="service-table service-certificate-services">
          <caption>{t("certificate.services")}</caption>
          <tbody>
            {c.services.map((s) => (
              <tr key={s.source}>
                <th scope="row">{t(`sources.${s.source}`)}</th>
                <td>{t("hoursValue", { hours: s.hours })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="certificate-issuer">{t("certificate.issuer", { community: c.community })}</p>
      <p>{t("certificate.date", { date: c.issued })}</p>
      <div className="service-certificate-check">
        {/* The SVG is drawn by the qrcode library from our own URL, never from user input. */}
        <div
          className="service-certificate-qr"
          role="img"
          aria-label={t("certificate.qr")}
          dangerouslySetInnerHTML={{ __html: c.qrSvg }}
        />
        <div>
          <p className="certificate-number">{t("certificate.code", { code: c.code })}</p>
          <p className="certificate-number">{t("certificate.verifyAt", { url: c.verifyUrl })}</p>
        </div>
      </div>
      <button type="button" className="secondary no-print" onClick={() => window.print()}>
        {t("certificate.print")}
      </button>
    </article>
  );
}
