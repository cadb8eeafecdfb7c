// A programme's four clears (四清) as the page and the printed plan show them: scope with its live count,
// duties, conditions with their evidence, and the procedure's steps with who acts and the time limit.
import { useTranslation } from "react-i18next";
import type { ProgrammeView } from "#app/modules/programmes/programmes.server";

type Clears = Pick<
  ProgrammeView,
  | "scope"
  | "scopeCompounds"
  | "householdCount"
  | "leaderName"
  | "members"
  | "responsibles"
  | "conditions"
  | "steps"
>;

export function ProgrammeClears({ programme: p, lng }: { programme: Clears; lng?: string }) {
  const { t } = useTranslation("programmes", lng ? { lng } : undefined);
  const { t: th } = useTranslation("households", lng ? { lng } : undefined);
  const listOr = (items: string[], none: string) => (items.length ? items.join(t("separator")) : none);
  return (
    <div className="programme-clears">
      <section aria-labelledby="clear-scope">
        <h2 id="clear-scope">{t("clears.scope")}</h2>
        <p className="programme-count">
          <strong>{t("scope.count", { count: p.householdCount })}</strong>
        </p>
        <dl className="scope-facts">
          <div>
            <dt>{t("scope.compounds")}</dt>
            <dd>
              {listOr(
                p.scopeCompounds.map((c) => c.name),
                t("scope.everyCompound"),
              )}
            </dd>
          </div>
          <div>
            <dt>{t("scope.levels")}</dt>
            <dd>
              {listOr(
                p.scope.levels.map((l) => th(`hardshipLevel.${l}`)),
                t("scope.anyLevel"),
              )}
            </dd>
          </div>
          <div>
            <dt>{t("scope.categories")}</dt>
            <dd>
              {listOr(
                p.scope.categories.map((c) => th(`category.${c}`)),
                t("scope.anyCategory"),
              )}
            </dd>
          </div>
          <div>
            <dt>{t("scope.needs")}</dt>
            <dd>
              {listOr(
                p.scope.needs.map((n) => th(`need.${n}`)),
                t("scope.anyNeed"),
              )}
            </dd>
          </div>
          {p.scope.zeroEmployment ? (
            <div>
              <dt>{t("scope.zeroEmployment")}</dt>
              <dd>✓</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="clear-duties">
        <h2 id="clear-duties">{t("clears.duties")}</h2>
        <p>{t("labelValue", { label: t("duties.leader"), value: p.leaderName })}</p>
        <table className="programme-table">
          <caption>{t("duties.members")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("duties.members")}</th>
              <th scope="col">{t("duties.duty")}</th>
            </tr>
          </thead>
          <tbody>
            {p.members.length === 0 ? (
              <tr>
                <td colSpan={2}>{t("duties.none")}</td>
              </tr>
            ) : (
              p.members.map((m) => (
                <tr key={m.userId}>
                  <td>{m.name}</td>
                  <td>{m.duty}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <table className="programme-table">
          <caption>{t("duties.responsibles")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("scope.compounds")}</th>
              <th scope="col">{t("duties.responsibles")}</th>
            </tr>
          </thead>
          <tbody>
            {p.responsibles.length === 0 ? (
              <tr>
                <td colSpan={2}>{t("duties.none")}</td>
              </tr>
            ) : (
              p.responsibles.map((r) => (
                <tr key={r.compoundId}>
                  <td>{r.compoundName}</td>
                  <td>{r.name}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="clear-conditions">
        <h2 id="clear-conditions">{t("clears.conditions")}</h2>
        <table className="programme-table">
          <thead>
            <tr>
              <th scope="col">{t("conditions.condition")}</th>
              <th scope="col">{t("conditions.evidence")}</th>
            </tr>
          </thead>
          <tbody>
            {p.conditions.map((c, i) => (
              <tr key={i}>
                <td>{c.condition}</td>
                <td>{c.evidence}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="clear-procedure">
        <h2 id="clear-procedure">{t("clears.procedure")}</h2>
        <ol className="programme-steps">
          {p.steps.map((s) => (
            <li key={s.position}>
              <strong>
                {s.position + 1}. {s.name}
              </strong>
              <span>{t("labelValue", { label: t("procedure.role"), value: t(`role.${s.role}`) })}</span>
              <span>
                {t("labelValue", {
                  label: t("procedure.limit"),
                  value: t("procedure.days", { count: s.limitDays }),
                })}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
