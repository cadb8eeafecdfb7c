// What the public confirmation page shows of a certificate: name, period, hours, issuer, validity. Shared by
// the QR page (/v/:token) and the typed-code page (/verify).
import { useTranslation } from "react-i18next";

export interface ShownCertificate {
  name: string;
  from: string | null;
  to: string | null;
  hours: number;
  community: string;
  issued: string | null;
  valid: boolean;
}

export function CertificateFacts({ c }: { c: ShownCertificate }) {
  const { t } = useTranslation("service");
  return (
    <div className="stack" role="status">
      <p className={`badge ${c.valid ? "service-confirmed" : "service-rejected"}`}>
        {c.valid ? t("verify.valid") : t("verify.revoked")}
      </p>
      <dl className="facts">
        <dt>{t("verify.name")}</dt>
        <dd>{c.name}</dd>
        <dt>{t("verify.period")}</dt>
        <dd>{t("verify.periodValue", { from: c.from, to: c.to })}</dd>
        <dt>{t("verify.hours")}</dt>
        <dd>{t("hoursValue", { hours: c.hours })}</dd>
        <dt>{t("verify.community")}</dt>
        <dd>{c.community}</dd>
        <dt>{t("verify.issuedAt")}</dt>
        <dd>{c.issued}</dd>
      </dl>
    </div>
  );
}
