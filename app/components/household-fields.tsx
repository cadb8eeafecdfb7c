// The parts of the household forms that edit and verify share: level, categories, and needs with notes.
import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { errorArgs } from "#app/modules/i18n/field-error";
import {
  categoryCodes,
  hardshipLevels,
  isHealthCategory,
  needs,
  type Category,
  type HardshipLevel,
  type Need,
} from "#app/modules/households/codes";

function Errors({ meta }: { meta: FieldMetadata<unknown> }) {
  const { t } = useTranslation();
  if (!meta.errors) return null;
  return (
    <p id={`${meta.id}-error`} className="field-error">
      {meta.errors.map((e) => t(...errorArgs(e))).join(" ")}
    </p>
  );
}

export function LevelField({ meta, value }: { meta: FieldMetadata<unknown>; value: HardshipLevel }) {
  const { t } = useTranslation("households");
  return (
    <fieldset className="field choice-group">
      <legend>{t("field.hardshipLevel")}</legend>
      {hardshipLevels.map((level) => (
        <label key={level} className="checkbox">
          <input type="radio" name={meta.name} value={level} defaultChecked={value === level} />
          {t(`hardshipLevel.${level}`)}
        </label>
      ))}
      <Errors meta={meta} />
    </fieldset>
  );
}

export function CategoryFields({
  meta,
  value,
  withheld = null,
}: {
  meta: FieldMetadata<unknown>;
  value: readonly Category[];
  /** Why health categories are not offered (the server keeps those the household has); null to offer all. */
  withheld?: string | null;
}) {
  const { t } = useTranslation("households");
  return (
    <fieldset className="field choice-group columns">
      <legend>{t("field.categories")}</legend>
      {withheld ? <p className="privacy-withheld">{withheld}</p> : null}
      {categoryCodes
        .filter((c) => !withheld || !isHealthCategory(c))
        .map((c) => (
          <label key={c} className="checkbox">
            <input type="checkbox" name={meta.name} value={c} defaultChecked={value.includes(c)} />
            {t(`category.${c}`)}
          </label>
        ))}
      <Errors meta={meta} />
    </fieldset>
  );
}

export function NeedFields({
  meta,
  value,
  healthAllowed,
}: {
  meta: FieldMetadata<unknown>;
  value: readonly { need: Need; note: string | null }[];
  /** Without consent to health details, a medical need carries no note. */
  healthAllowed: boolean;
}) {
  const { t } = useTranslation("households");
  return (
    <fieldset className="field choice-group">
      <legend>{t("field.needs")}</legend>
      {needs.map((n) => {
        const current = value.find((v) => v.need === n);
        return (
          <div key={n} className="need-row">
            <label className="checkbox">
              <input type="checkbox" name={meta.name} value={n} defaultChecked={current !== undefined} />
              {t(`need.${n}`)}
            </label>
            {n !== "medical" || healthAllowed ? (
              <input
                type="text"
                name={`needNotes.${n}`}
                aria-label={`${t(`need.${n}`)} — ${t("field.needNote")}`}
                placeholder={t("field.needNote")}
                defaultValue={current?.note ?? ""}
                maxLength={200}
              />
            ) : null}
          </div>
        );
      })}
      <Errors meta={meta} />
    </fieldset>
  );
}
