// A household's history as people read it: each stored value (codes, ISO dates, a member's facts as JSON)
// turned into labels of the `households` namespace and days in the community's zone. Shared by server and
// browser so that the page and its hydration agree.
import type { TFunction } from "i18next";
import { calendarDay } from "#app/modules/dates/day";
import {
  categoryCodes,
  consentScopes,
  hardshipLevels,
  householdStatuses,
  memberRelations,
  needs,
} from "./codes";

type T = TFunction<"households">;

const isOneOf = <V extends string>(list: readonly V[], value: string): value is V =>
  (list as readonly string[]).includes(value);

/** The history's own fields, each with a label under `field.`. */
export const historyFields = [
  "building",
  "unit",
  "room",
  "hardshipLevel",
  "note",
  "healthNote",
  "categories",
  "needs",
  "consent",
  "nextVerificationDue",
  "members",
  "member",
  "account",
  "status",
  "closedAt",
  "closedReason",
  "claimRefused",
] as const;

export function historyFieldLabel(t: T, field: string): string {
  return isOneOf(historyFields, field) ? t(`field.${field}`) : field;
}

function yes(t: T, on: unknown, label: string): string | null {
  return on === true ? label : null;
}

/** A member as the history keeps it: JSON since issue 16, "name/relation/year[/phone]" before. */
function memberText(t: T, value: string): string {
  if (value.startsWith("{")) {
    try {
      const m = JSON.parse(value) as Record<string, unknown>;
      const relation =
        typeof m.relation === "string" && isOneOf(memberRelations, m.relation) ? m.relation : null;
      return [
        String(m.name ?? ""),
        relation ? t(`relation.${relation}`) : null,
        typeof m.birthYear === "number" ? t("record.birthYear", { year: m.birthYear }) : null,
        typeof m.phone === "string" && m.phone ? m.phone : null,
        m.employed === true ? t("member.employed") : m.employed === false ? t("member.unemployed") : null,
        yes(t, m.disabled, t("member.disabled")),
        yes(t, m.inSchool, t("member.inSchool")),
      ]
        .filter(Boolean)
        .join(" · ");
    } catch {
      return value;
    }
  }
  const [name, relation, year, phone] = value.split("/");
  return [
    name,
    relation && isOneOf(memberRelations, relation) ? t(`relation.${relation}`) : relation,
    year ? t("record.birthYear", { year }) : null,
    phone,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** One stored value of `field` as the reader of `t`'s language reads it, dates in `zone`. */
export function historyValue(t: T, field: string, value: string | null, zone: string): string {
  if (value === null || value === "") return t("record.empty");
  switch (field) {
    case "hardshipLevel":
      return isOneOf(hardshipLevels, value) ? t(`hardshipLevel.${value}`) : value;
    case "status":
      return isOneOf(householdStatuses, value) ? t(`status.${value}`) : value;
    case "categories":
      return value
        .split(",")
        .map((c) => (isOneOf(categoryCodes, c) ? t(`category.${c}`) : c))
        .join(t("sep"));
    case "needs":
      return value
        .split("; ")
        .map((part) => {
          const [need = "", ...note] = part.split(": ");
          const label = isOneOf(needs, need) ? t(`need.${need}`) : need;
          return note.length ? t("record.needWithNote", { need: label, note: note.join(": ") }) : label;
        })
        .join(t("sep"));
    case "consent": {
      const match = /^(.*) \(([^)]*)\)$/.exec(value);
      if (!match) return value;
      const scopes = (match[2] ?? "")
        .split(",")
        .map((s) => (isOneOf(consentScopes, s) ? t(`consentScope.${s}`) : s))
        .join(t("sep"));
      return t("record.consentValue", { name: match[1] ?? "", scopes });
    }
    case "nextVerificationDue":
    case "closedAt":
      return calendarDay(value, zone) ?? value;
    case "members":
      return value
        .split("; ")
        .map((m) => memberText(t, m))
        .join(t("sep"));
    case "member":
      return memberText(t, value);
    default:
      return value;
  }
}

/** Leaves out a member's disability in a history line, for a reader who may not see health facts. */
export function memberWithoutHealth(value: string | null): string | null {
  if (value === null || !value.startsWith("{")) return value;
  try {
    const { disabled: _disabled, ...rest } = JSON.parse(value) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return value;
  }
}
