// A household's help plan (帮扶计划): the programmes it is in with the next step of each, its agreement goals,
// and — for whoever may apply for it — a form to apply for another programme.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { day } from "#app/modules/households/format";
import type { StepRole } from "#app/modules/programmes/codes";

interface PlanCase {
  id: number;
  programmeId: number;
  programmeName: string;
  status: "open" | "done" | "refused" | "closed";
  stepName: string | null;
  stepRole: StepRole | null;
  stepDueAt: string | Date;
  escalatedAt: string | Date | null;
  overdue: boolean;
}

export interface HelpPlanView {
  cases: PlanCase[];
  goals: {
    id: number;
    domain: "employment" | "medical" | "schooling" | "other";
    target: string;
    dueAt: string | Date | null;
  }[];
  options: { id: number; name: string }[];
}

const applyErrors = ["outOfScope", "notActive", "alreadyOpen", "programmeClosed", "notFound"] as const;

export function HelpPlan({
  plan,
  householdId,
  linkCases,
  mayApply,
  back,
  applyOutcome,
}: {
  plan: HelpPlanView;
  householdId: number;
  /** Staff and the programme's people open a case's page; the resident reads the line. */
  linkCases: boolean;
  mayApply: boolean;
  back: string;
  applyOutcome: string | null;
}) {
  const { t } = useTranslation("programmes");
  const { t: tr } = useTranslation("roster");
  const error = applyErrors.find((e) => e === applyOutcome);
  return (
    <section id="help-plan" className="stack help-plan" aria-labelledby="help-plan-title">
      <h2 id="help-plan-title">{t("household.title")}</h2>
      <p className="muted">{t("household.intro")}</p>
      {applyOutcome === "opened" ? (
        <p className="notice" role="status">
          {t("notice.opened")}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(`case.error.${error}`)}
        </p>
      ) : null}
      <h3>{t("household.programmes")}</h3>
      {plan.cases.length === 0 ? (
        <p>{t("household.none")}</p>
      ) : (
        <ul>
          {plan.cases.map((c) => (
            <li key={c.id}>
              {linkCases ? (
                <Link to={`/programmes/${c.programmeId}/cases/${c.id}`}>{c.programmeName}</Link>
              ) : (
                <strong>{c.programmeName}</strong>
              )}{" "}
              · {t(`caseStatus.${c.status}`)}
              {c.status === "open" && c.stepName && c.stepRole ? (
                <>
                  {" "}
                  ·{" "}
                  {t("household.next", {
                    step: c.stepName,
                    who: t(`household.whoActs.${c.stepRole}`),
                    date: day(c.stepDueAt),
                  })}
                </>
              ) : null}
              {c.escalatedAt ? <span className="badge escalated">{t("page.escalated")}</span> : null}
              {!c.escalatedAt && c.overdue ? <span className="badge">{t("page.overdue")}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("household.goals")}</h3>
      {plan.goals.length === 0 ? (
        <p>{t("household.noGoals")}</p>
      ) : (
        <ul>
          {plan.goals.map((g) => (
            <li key={g.id}>
              {t("labelValue", { label: tr(`domain.${g.domain}`), value: g.target })}
              {g.dueAt ? ` · ${t("household.goalTarget", { date: day(g.dueAt) })}` : ""}
            </li>
          ))}
        </ul>
      )}
      {mayApply ? (
        plan.options.length === 0 ? (
          <p className="muted">{t("household.noProgrammes")}</p>
        ) : (
          <Form method="post" action="/programmes/apply" className="form">
            <fieldset className="programme-clear">
              <legend>{t("household.apply")}</legend>
              <input type="hidden" name="householdId" value={householdId} />
              <input type="hidden" name="back" value={back} />
              <div className="field">
                <label htmlFor="apply-programme">{t("household.programme")}</label>
                <select id="apply-programme" name="programmeId" required>
                  {plan.options.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="apply-note">{t("household.note")}</label>
                <textarea id="apply-note" name="note" rows={2} />
              </div>
              <div className="actions">
                <button type="submit" className="button primary">
                  {t("household.submit")}
                </button>
              </div>
            </fieldset>
          </Form>
        )
      ) : null}
    </section>
  );
}
