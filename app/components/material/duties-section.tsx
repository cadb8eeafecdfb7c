// The person page's material-help duties: what the person holds (cashier, treasurer, approver, per compound or
// for the whole community), a form to grant one and a button to withdraw each. The server checks every change.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { duties, type Duty } from "#app/modules/material/codes";

export interface DutyView {
  id: number;
  duty: Duty;
  compoundName: string | null;
}

export function DutiesSection({
  held,
  compounds,
  canManage,
  error,
}: {
  held: DutyView[];
  compounds: { id: number; name: string }[];
  canManage: boolean;
  error: string | null;
}) {
  const { t } = useTranslation("material");
  return (
    <section aria-labelledby="duties-title" className="card stack">
      <h2 id="duties-title">{t("duties.title")}</h2>
      <p className="hint">{t("duties.hint")}</p>
      {held.length === 0 ? <p>{t("duties.none")}</p> : null}
      <ul>
        {held.map((d) => (
          <li key={d.id}>
            {t(`duty.${d.duty}`)} · {d.compoundName ?? t("duties.everywhere")}{" "}
            {canManage ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="withdrawDuty" />
                <input type="hidden" name="dutyId" value={d.id} />
                <button type="submit" className="link-button">
                  {t("duties.withdraw")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="grantDuty" />
          <div className="field">
            <label htmlFor="duty-kind">{t("duties.duty")}</label>
            <select id="duty-kind" name="duty">
              {duties.map((d) => (
                <option key={d} value={d}>
                  {t(`duty.${d}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="duty-compound">{t("duties.compound")}</label>
            <select id="duty-compound" name="compoundId">
              <option value="">{t("duties.everywhere")}</option>
              {compounds.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t("duties.grant")}
          </button>
        </Form>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(error as never)}
        </p>
      ) : null}
    </section>
  );
}
