// A date field that states its range and refuses what lies outside it (app/modules/dates/range.ts): the
// picker's min and max, and the same check in the form's schema on both sides.
import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { dayBounds, type DayKind } from "#app/modules/dates/range";
import { Field } from "./field";

export function DayField({
  meta,
  label,
  kind,
  today,
}: {
  meta: FieldMetadata<string | number | undefined>;
  label: string;
  kind: DayKind;
  today: string;
}) {
  const { t } = useTranslation();
  const { min, max } = dayBounds(kind, today);
  return (
    <Field
      meta={meta}
      label={label}
      type="date"
      min={min}
      max={max}
      hint={t("validation.dayRangeHint", { min, max })}
    />
  );
}
