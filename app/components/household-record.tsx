// The household record as read on screen: address, level, categories, needs, consent, members,
// verifications and (for staff) the change history. Used by the staff page and by a resident's own page.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/modules/dates/day";
import { historyFieldLabel, historyValue } from "#app/modules/households/history-format";
import type {
  Category,
  ConsentScope,
  HardshipLevel,
  HistorySource,
  HouseholdStatus,
  MemberRelation,
  Need,
} from "#app/modules/households/codes";
import { day } from "#app/modules/households/format";
import { useListFormat } from "#app/modules/i18n/list";

/** Why health facts are not shown (the reader's `HealthWithheld`). */
export type HealthWithheld = "noConsent" | "notNeeded";

/** Single fetch keeps dates as dates; a string is accepted too. */
type When = Date | string;

export interface HouseholdRecordView {
  compoundName: string;
  building: string;
  unit: string;
  room: string;
  hardshipLevel: HardshipLevel;
  zeroEmployment: boolean;
  note: string | null;
  healthNote: string | null;
  /** Why health and disability facts are left out of this view; null when they are shown. */
  healthWithheld: HealthWithheld | null;
  consent: { givenBy: string; scopes: readonly ConsentScope[]; at: When | null } | null;
  lastVerifiedAt: When | null;
  nextVerificationDue: When | null;
  categories: readonly Category[];
  needs: readonly { need: Need; note: string | null }[];
  members: readonly {
    id: number;
    name: string;
    relation: MemberRelation;
    birthYear: number;
    phone: string | null;
    employed: boolean;
    /** Null when withheld (health and disability facts). */
    disabled: boolean | null;
    inSchool: boolean;
    /** Whether a resident account stands for the member (shown to staff). */
    hasAccount?: boolean;
  }[];
  /** Active, or closed (moved out, dissolved) with when and why. */
  status?: HouseholdStatus;
  closedAt?: When | null;
  closedReason?: string | null;
  verifications: readonly {
    id: number;
    verifiedAt: When;
    verifierName: string;
    findings: string;
    levelBefore: HardshipLevel;
    levelAfter: HardshipLevel;
  }[];
  history: readonly {
    id: number;
    at: When;
    source: HistorySource;
    field: string;
    before: string | null;
    after: string | null;
    actorName: string | null;
    /** The line's values are health facts the reader may not see. */
    withheld?: boolean;
  }[];
}

export function HouseholdRecord({
  record,
  showHistory,
  zone,
  memberExtra,
}: {
  record: HouseholdRecordView;
  showHistory: boolean;
  /** The community's time zone (settings), for the history's dates. */
  zone: string;
  /** What the staff page adds to each member (their account, edit and link actions). */
  memberExtra?: (member: HouseholdRecordView["members"][number]) => ReactNode;
}) {
  const { t } = useTranslation("households");
  const { t: tp } = useTranslation("privacy");
  const list = useListFormat();
  const withheld = record.healthWithheld ? tp(`withheld.${record.healthWithheld}`) : null;
  return (
    <div className="stack">
      {record.status && record.status !== "active" ? (
        <p className="notice warning" role="status">
          {t("record.closedLine", {
            status: t(`status.${record.status}`),
            date: day(record.closedAt ?? null),
            reason: record.closedReason ?? "",
          })}
        </p>
      ) : null}
      <dl className="facts household-facts">
        <dt>{t("field.hardshipLevel")}</dt>
        <dd>
          <span className={`badge level-${record.hardshipLevel}`}>
            {t(`hardshipLevel.${record.hardshipLevel}`)}
          </span>
          {record.zeroEmployment ? <span className="badge">{t("zeroEmployment")}</span> : null}
        </dd>
        <dt>{t("field.categories")}</dt>
        <dd>
          {record.categories.length
            ? list(record.categories.map((c) => t(`category.${c}`)))
            : t("record.none")}
          {withheld ? <span className="privacy-withheld">{withheld}</span> : null}
        </dd>
        <dt>{t("field.lastVerifiedAt")}</dt>
        <dd>{day(record.lastVerifiedAt)}</dd>
        <dt>{t("field.nextVerificationDue")}</dt>
        <dd>{day(record.nextVerificationDue)}</dd>
        {record.note ? (
          <>
            <dt>{t("field.note")}</dt>
            <dd>{record.note}</dd>
          </>
        ) : null}
        <dt>{t("field.healthNote")}</dt>
        <dd>
          {withheld ? (
            <span className="privacy-withheld">{withheld}</span>
          ) : (
            (record.healthNote ?? t("record.none"))
          )}
        </dd>
        <dt>{t("field.consent")}</dt>
        <dd>
          {record.consent
            ? t("record.consentLine", {
                name: record.consent.givenBy,
                date: day(record.consent.at),
                scopes: list(
                  record.consent.scopes.map((s) => t(`consentScope.${s}`)),
                  "and",
                ),
              })
            : t("record.noConsent")}
        </dd>
      </dl>

      <section aria-labelledby="needs-title">
        <h2 id="needs-title">{t("field.needs")}</h2>
        {record.needs.length ? (
          <ul className="link-list">
            {record.needs.map((n) => (
              <li key={n.need}>
                <strong>{t(`need.${n.need}`)}</strong>
                {n.note ? ` — ${n.note}` : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("record.none")}</p>
        )}
      </section>

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t("field.members")}</h2>
        {withheld ? <p className="privacy-withheld">{withheld}</p> : null}
        {record.members.length ? (
          <ul className="household-list">
            {record.members.map((m) => (
              <li key={m.id} className="card">
                <strong>
                  {m.name} · {t(`relation.${m.relation}`)}
                </strong>
                <span>
                  {t("record.birthYear", { year: m.birthYear })}
                  {m.phone ? ` · ${m.phone}` : ""}
                </span>
                <span className="muted">
                  {[
                    m.employed ? t("member.employed") : t("member.unemployed"),
                    m.disabled ? t("member.disabled") : null,
                    m.inSchool ? t("member.inSchool") : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
                {memberExtra ? memberExtra(m) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("record.noMembers")}</p>
        )}
      </section>

      <section aria-labelledby="verifications-title">
        <h2 id="verifications-title">{t("field.verifications")}</h2>
        {record.verifications.length ? (
          <ul className="link-list">
            {record.verifications.map((v) => (
              <li key={v.id}>
                <strong>
                  {t("record.verificationLine", {
                    date: day(v.verifiedAt),
                    name: v.verifierName,
                    before: t(`hardshipLevel.${v.levelBefore}`),
                    after: t(`hardshipLevel.${v.levelAfter}`),
                  })}
                </strong>
                <br />
                {v.findings}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("record.noVerifications")}</p>
        )}
      </section>

      {showHistory ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t("field.history")}</h2>
          {record.history.length ? (
            <ul className="link-list history">
              {record.history.map((h) => (
                <li key={h.id}>
                  <span className="muted">
                    {t("record.historyBy", {
                      date: formatDateTime(h.at, zone),
                      name: h.actorName ?? "—",
                      source: t(`record.source.${h.source}`),
                    })}
                  </span>
                  <br />
                  {h.withheld
                    ? t("record.historyWithheld", {
                        field: historyFieldLabel(t, h.field),
                        withheld: tp("withheld.short"),
                      })
                    : t("record.historyLine", {
                        field: historyFieldLabel(t, h.field),
                        before: historyValue(t, h.field, h.before, zone),
                        after: historyValue(t, h.field, h.after, zone),
                      })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("record.noHistory")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
