// The fields a new pairing shares, whichever side it starts from (the household's or the volunteer's).
import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { DayField } from "#app/components/day-field";
import { Field } from "#app/components/field";
import { pairingRoles } from "#app/modules/roster/codes";

export function PairingRoleField({ meta }: { meta: FieldMetadata<string | undefined> }) {
  const { t } = useTranslation("roster");
  const errorId = `${meta.id}-error`;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{t("pairing.roleLabel")}</label>
      <select
        id={meta.id}
        name={meta.name}
        defaultValue={meta.initialValue}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={meta.errors ? errorId : undefined}
      >
        {pairingRoles.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
      {meta.errors ? (
        <p id={errorId} className="field-error">
          {meta.errors.map((e) => t(e as never)).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** When the pairing starts, and why a warning was overridden (the rules' hint under it). */
export function PairingStartFields({
  startedAt,
  overrideReason,
  today,
}: {
  startedAt: FieldMetadata<string | undefined>;
  overrideReason: FieldMetadata<string | undefined>;
  today: string;
}) {
  const { t } = useTranslation("roster");
  return (
    <>
      <DayField meta={startedAt} label={t("pairing.startedAt")} kind="pairingStart" today={today} />
      <Field meta={overrideReason} label={t("pairing.overrideReason")} />
      <p className="hint">{t("pairing.overrideHint")}</p>
    </>
  );
}
