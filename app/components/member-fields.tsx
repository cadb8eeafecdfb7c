// The fields of a household member (name, relation, birth year, phone, and whether they work, are disabled, are
// in school), shared by the new-household form and the member forms. Field metadata comes from Conform.
import type { InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { memberRelations, type MemberRelation } from "#app/modules/households/codes";

export interface MemberValues {
  name: string;
  relation: MemberRelation;
  birthYear: number;
  phone: string | null;
  employed: boolean;
  disabled: boolean | null;
  inSchool: boolean;
}

/** What the fields need of Conform's field metadata, whatever the schema's value types. */
interface Meta {
  id: string;
  name: string;
  errors?: string[];
  initialValue?: unknown;
}

function Errors({ meta }: { meta: Meta }) {
  const { t } = useTranslation();
  return meta.errors ? (
    <p id={`${meta.id}-error`} className="field-error">
      {meta.errors.map((e) => t(e as never)).join(" ")}
    </p>
  ) : null;
}

function Input({
  meta,
  label,
  value,
  ...rest
}: { meta: Meta; label: string; value: string | number | undefined } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "id" | "name" | "value" | "defaultValue"
>) {
  const initial = typeof meta.initialValue === "string" ? meta.initialValue : undefined;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input
        id={meta.id}
        name={meta.name}
        defaultValue={initial ?? value ?? ""}
        aria-invalid={meta.errors ? true : undefined}
        aria-describedby={meta.errors ? `${meta.id}-error` : undefined}
        {...rest}
      />
      <Errors meta={meta} />
    </div>
  );
}

export function MemberFields({
  fields,
  value,
  showDisabled,
}: {
  fields: Record<"name" | "relation" | "birthYear" | "phone" | "employed" | "disabled" | "inSchool", Meta>;
  value?: MemberValues;
  /** False when the reader may not see health facts: the disability flag is then kept as it is. */
  showDisabled: boolean;
}) {
  const { t } = useTranslation("households");
  const relation = fields.relation;
  const flags = (["employed", "disabled", "inSchool"] as const).filter(
    (f) => f !== "disabled" || showDisabled,
  );
  return (
    <>
      <Input
        meta={fields.name}
        label={t("members.name")}
        value={value?.name}
        autoComplete="off"
        maxLength={40}
      />
      <div className="field-row">
        <div className="field">
          <label htmlFor={relation.id}>{t("members.relation")}</label>
          <select
            id={relation.id}
            name={relation.name}
            defaultValue={
              value?.relation ?? (typeof relation.initialValue === "string" ? relation.initialValue : "")
            }
            aria-invalid={relation.errors ? true : undefined}
            aria-describedby={relation.errors ? `${relation.id}-error` : undefined}
          >
            <option value="">{t("members.chooseRelation")}</option>
            {memberRelations.map((r) => (
              <option key={r} value={r}>
                {t(`relation.${r}`)}
              </option>
            ))}
          </select>
          <Errors meta={relation} />
        </div>
        <Input
          meta={fields.birthYear}
          label={t("members.birthYear")}
          type="number"
          inputMode="numeric"
          min={1900}
          value={value?.birthYear}
        />
      </div>
      <Input
        meta={fields.phone}
        label={t("members.phone")}
        type="tel"
        value={value?.phone ?? ""}
        maxLength={20}
      />
      <fieldset className="field choice-group">
        <legend>{t("members.situation")}</legend>
        {flags.map((flag) => (
          <label key={flag} className="checkbox">
            <input type="checkbox" name={fields[flag].name} defaultChecked={value?.[flag] === true} />
            {t(`members.flag.${flag}`)}
          </label>
        ))}
      </fieldset>
    </>
  );
}
