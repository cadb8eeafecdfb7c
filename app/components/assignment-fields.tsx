// Role, tier, supervisor and compound: the fields an organizer sets when inviting or changing a person.
import type { FieldMetadata } from "@conform-to/react";
import { getSelectProps } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { roles } from "#db/schema/core";

type SelectMeta = FieldMetadata<string | number | undefined>;

function Select({ meta, label, children }: { meta: SelectMeta; label: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  const errorId = `${meta.id}-error`;
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta)} aria-describedby={meta.errors ? errorId : undefined}>
        {children}
      </select>
      {meta.errors ? (
        <p id={errorId} className="field-error">
          {meta.errors.map((e) => t(e as never)).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function AssignmentFields({
  fields,
  compounds,
  supervisors,
  allowedRoles = roles,
  allowNoCompound = true,
}: {
  fields: { role: SelectMeta; volunteerTier: SelectMeta; supervisorId: SelectMeta; compoundId: SelectMeta };
  compounds: { id: number; name: string }[];
  supervisors: { id: number; name: string; tier: number }[];
  allowedRoles?: readonly string[];
  /** Whether "every compound" may be chosen: only by those who work for every compound. */
  allowNoCompound?: boolean;
}) {
  const { t } = useTranslation("auth");
  return (
    <>
      <Select meta={fields.role} label={t("people.role")}>
        {allowedRoles.map((r) => (
          <option key={r} value={r}>
            {t(`roles.${r as (typeof roles)[number]}`)}
          </option>
        ))}
      </Select>
      <Select meta={fields.volunteerTier} label={t("people.tier")}>
        <option value="">{t("people.noTier")}</option>
        {([1, 2, 3, 4] as const).map((n) => (
          <option key={n} value={n}>
            {t(`tiers.${n}`)}
          </option>
        ))}
      </Select>
      <Select meta={fields.supervisorId} label={t("people.supervisor")}>
        <option value="">{t("people.noSupervisor")}</option>
        {supervisors.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name} ({t(`tiers.${s.tier as 1 | 2 | 3 | 4}`)})
          </option>
        ))}
      </Select>
      <p className="hint">{t("people.supervisorHint")}</p>
      <Select meta={fields.compoundId} label={t("register.compound")}>
        {allowNoCompound ? <option value="">{t("people.allCompounds")}</option> : null}
        {compounds.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </Select>
    </>
  );
}
