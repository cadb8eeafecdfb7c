// A labelled form field whose errors are i18n keys, translated here and tied to the input for screen readers.
import type { FieldMetadata } from "@conform-to/react";
import { getInputProps } from "@conform-to/react";
import type { InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { errorArgs } from "#app/modules/i18n/field-error";
import { FieldMessage } from "./field-message";

type InputType =
  "text" | "email" | "password" | "tel" | "number" | "date" | "time" | "datetime-local" | "search" | "url";

export function Field({
  meta,
  label,
  type = "text",
  hint,
  ...rest
}: {
  meta: FieldMetadata<string | number | undefined>;
  label: string;
  type?: InputType;
  /** A line under the label saying what the field takes (a date's range). */
  hint?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id">) {
  const { t } = useTranslation();
  const errorId = `${meta.id}-error`;
  const hintId = `${meta.id}-hint`;
  const describedBy = [hint ? hintId : null, meta.errors ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      {hint ? (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      ) : null}
      <input {...getInputProps(meta, { type, ariaDescribedBy: describedBy || undefined })} {...rest} />
      <FieldMessage
        id={errorId}
        message={meta.errors ? meta.errors.map((e) => t(...errorArgs(e))).join(" ") : null}
      />
    </div>
  );
}
