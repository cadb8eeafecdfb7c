import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";

/** In local mode the texted code is shown on the page, with a banner saying why (no SMS provider is set up). */
export function DemoCodeNote({ code }: { code: string | null }) {
  const { t } = useTranslation("auth");
  if (!code) return null;
  return (
    <div className="demo-code" role="note" aria-labelledby="demo-code-title">
      <p id="demo-code-title">
        <strong>{t("phone.demoTitle")}</strong>
      </p>
      <p>{t("phone.demoBanner")}</p>
      <p>
        {t("phone.demoCode")} <strong className="demo-code-value">{code}</strong>
      </p>
    </div>
  );
}

/** The box a texted or mailed code is typed into: a number pad on phones, and the code offered from the message. */
export function CodeField({
  meta,
  length,
}: {
  meta: FieldMetadata<string | number | undefined>;
  length: number;
}) {
  const { t } = useTranslation("auth");
  return (
    <Field
      meta={meta}
      label={t("verify.code")}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={length}
    />
  );
}
