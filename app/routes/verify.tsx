// Checking a service certificate by the code printed on it, for whoever holds the paper without a phone to
// scan its QR. Same facts and the same per-address limit as the QR page.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { CertificateFacts } from "#app/modules/service/public-page";
import { checkCertificate } from "#app/modules/service/verify.server";
import serviceStylesUrl from "#app/styles/service.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: serviceStylesUrl }];

export const meta = pageMeta("service:verify.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const code = (new URL(request.url).searchParams.get("code") ?? "").trim().slice(0, 20);
  if (!code) return { code, outcome: null };
  const outcome = await checkCertificate({ code }, requestIp(request));
  const status = outcome.kind === "found" ? 200 : outcome.kind === "notFound" ? 404 : 429;
  return data({ code, outcome }, { status, headers: { "Cache-Control": "no-store" } });
}

export default function VerifyByCode() {
  const { code, outcome } = useLoaderData<typeof loader>();
  const { t } = useTranslation("service");
  return (
    <section className="stack narrow service-verify" aria-labelledby="verify-title">
      <h1 id="verify-title">{t("verify.title")}</h1>
      <p>{t("verify.lead")}</p>
      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="verify-code">{t("verify.code")}</label>
          <input
            id="verify-code"
            name="code"
            defaultValue={code}
            maxLength={20}
            autoComplete="off"
            required
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("verify.submit")}
          </button>
        </div>
      </Form>
      {outcome?.kind === "found" ? (
        <CertificateFacts c={outcome.certificate} />
      ) : outcome?.kind === "notFound" ? (
        <p className="notice" role="status">
          {t("verify.notFound")}
        </p>
      ) : outcome?.kind === "rateLimited" ? (
        <p className="notice" role="status">
          {t("verify.rateLimited", { minutes: outcome.minutes })}
        </p>
      ) : null}
    </section>
  );
}
