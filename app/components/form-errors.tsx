// Errors about a whole form (not one field), translated, announced to screen readers.
import { useTranslation } from "react-i18next";
import { errorArgs } from "#app/modules/i18n/field-error";

export function FormErrors({
  id,
  errors,
  values,
}: {
  id: string;
  errors?: string[];
  values?: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <p className="form-error" role="alert" id={id}>
      {errors.map((e) => (values ? t(e as never, values as never) : t(...errorArgs(e)))).join(" ")}
    </p>
  );
}
