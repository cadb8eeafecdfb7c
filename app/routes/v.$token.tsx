// The public page a service certificate's QR opens: whether it is valid, and only the volunteer's name, the
// period, the hours and the community. No account needed; checks are rate-limited per address.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { CertificateFacts } from "#app/modules/service/public-page";
import { checkCertificate } from "#app/modules/service/verify.server";
import serviceStylesUrl from "#app/styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: serviceStylesUrl }];

export const meta = pageMeta("service:verify.title");

// The token is in the address: no Referer leaves the site, and the page is never cached.
const pageHeaders = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };
export const headers: HeadersFunction = () => pageHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const outcome = await checkCertificate({ token: params.token ?? "" }, requestIp(request));
  const status = outcome.kind === "found" ? 200 : outcome.kind === "notFound" ? 404 : 429;
  return data(outcome, { status, headers: pageHeaders });
}

export default function CertificateCheck() {
  const outcome = useLoaderData<typeof loader>();
  const { t } = useTranslation("service");
  return (
    <section className="stack narrow service-verify" aria-labelledby="verify-title">
      <h1 id="verify-title">{t("verify.title")}</h1>
      {outcome.kind === "found" ? (
        <CertificateFacts c={outcome.certificate} />
      ) : outcome.kind === "notFound" ? (
        <p className="notice" role="status">
          {t("verify.notFound")}
        </p>
      ) : (
        <p className="notice" role="status">
          {t("verify.rateLimited", { minutes: outcome.minutes })}
        </p>
      )}
      <p>
        <Link to="/verify">{t("verify.lead")}</Link>
      </p>
    </section>
  );
}
