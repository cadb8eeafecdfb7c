import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { can } from "#app/modules/auth/policy";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { listCompounds } from "#app/modules/households/registry.server";
import { cardNumberFrom } from "#app/modules/material/card-number";
import { cardTotals, issueMissingCards, listCards } from "#app/modules/material/cards.server";
import { communityClock } from "#app/modules/material/clock.server";
import { monthPattern } from "#app/modules/material/month";
import { creditRunSummary, startCreditRun } from "#app/modules/material/credits.server";
import { requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";
import { pageParam } from "#app/modules/lists/paging";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:cards.title");

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("issue"),
    compoundId: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null)),
  }),
  z.object({
    intent: z.literal("credit"),
    month: z.string().regex(monthPattern, { error: "material:validation.required" }),
    confirm: z.literal("yes", { error: "material:validation.confirm" }),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "fund.read");
  const url = new URL(request.url);
  const page = pageParam(url);
  const typed = url.searchParams.get("number");
  const compoundParam = Number(url.searchParams.get("compound"));
  const compoundId = Number.isInteger(compoundParam) && compoundParam > 0 ? compoundParam : null;
  const clock = await communityClock();
  const [cards, totals, compounds, run] = await Promise.all([
    listCards(user, { compoundId, number: typed ? cardNumberFrom(typed) : null, page }, requestIp(request)),
    cardTotals(),
    listCompounds(),
    creditRunSummary(clock.month),
  ]);
  return {
    cards,
    totals,
    compounds: compounds.filter((c) => can(user, "card.manage", { ...user, compoundId: c.id })),
    run,
    month: clock.month,
    page,
    canRun: can(user, "card.creditRun", user),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireDuty(request, "fund.read");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: IntentSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  if (v.intent === "issue") {
    const issued = await issueMissingCards(user, v.compoundId, requestIp(request));
    if (issued === null) throw new Response("Forbidden", { status: 403 });
    throw redirect(`/love-card?issued=${issued}`);
  }
  const started = await startCreditRun(user, v.month, requestIp(request));
  if (!started.ok && started.error === "forbidden") throw new Response("Forbidden", { status: 403 });
  if (!started.ok)
    return data(submission.reply({ formErrors: ["material:cards.notThisMonth"] }), { status: 400 });
  const { result } = started;
  throw redirect(`/love-card?credited=${result.credited}&already=${result.alreadyCredited}`);
}

export default function LoveCards() {
  const { cards, totals, compounds, run, month, page, canRun } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  const [form, fields] = useForm<
    { intent?: string; month?: string; confirm?: string; compoundId?: string },
    unknown
  >({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IntentSchema }),
  });
  const issued = params.get("issued");
  const credited = params.get("credited");
  return (
    <section className="stack" aria-labelledby="cards-title">
      <h1 id="cards-title">{t("cards.title")}</h1>
      {issued !== null ? (
        <p className="notice" role="status">
          {t("cards.issued", { count: Number(issued) })}
        </p>
      ) : null}
      {credited !== null ? (
        <p className="notice" role="status">
          {t("cards.credited", { count: Number(credited), already: Number(params.get("already") ?? 0) })}
        </p>
      ) : null}
      <ul className="material-tiles">
        <li className="material-tile">
          {t("cards.active")} <strong>{totals.active}</strong>
        </li>
        <li className="material-tile">
          {t("cards.holding")} <strong>{money(totals.holdingFen)}</strong>
        </li>
        <li className="material-tile">
          {t("cards.missing")} <strong>{totals.missing}</strong>
        </li>
      </ul>
      {canRun ? (
        <Form method="post" {...getFormProps(form)} className="card stack" aria-labelledby="run-title">
          <h2 id="run-title">{t("cards.runTitle")}</h2>
          <p>{t("cards.runSoFar", { month, count: run.count, amount: money(run.totalFen) })}</p>
          <p className="hint">{t("cards.runHint")}</p>
          <input type="hidden" name="month" value={month} />
          <label className="checkbox">
            <input
              type="checkbox"
              name="confirm"
              value="yes"
              aria-describedby={`${fields.confirm.id}-error`}
            />{" "}
            {t("cards.runConfirm", { month })}
          </label>
          {fields.confirm.errors ? (
            <p id={`${fields.confirm.id}-error`} className="field-error">
              {t(fields.confirm.errors[0] as never)}
            </p>
          ) : null}
          {form.errors ? (
            <p className="field-error" role="alert">
              {t(form.errors[0] as never)}
            </p>
          ) : null}
          <p>
            <button type="submit" name="intent" value="credit" className="primary">
              {t("cards.run", { month })}
            </button>
          </p>
        </Form>
      ) : null}
      {compounds.length > 0 && totals.missing > 0 ? (
        <Form method="post" className="inline-form" aria-label={t("cards.issueTitle")}>
          <div className="field">
            <label htmlFor="issue-compound">{t("cards.issueFor")}</label>
            <select id="issue-compound" name="compoundId">
              <option value="">{t("cards.allMine")}</option>
              {compounds.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="intent" value="issue" className="secondary">
            {t("cards.issue")}
          </button>
        </Form>
      ) : null}
      <Form method="get" className="inline-form" role="search">
        <div className="field">
          <label htmlFor="cards-number">{t("cards.findNumber")}</label>
          <input
            id="cards-number"
            name="number"
            inputMode="numeric"
            defaultValue={params.get("number") ?? ""}
          />
        </div>
        <button type="submit" className="secondary">
          {t("cards.find")}
        </button>
      </Form>
      {cards.rows.length === 0 ? <p>{t("cards.none")}</p> : null}
      {cards.rows.length > 0 ? (
        <div className="table-scroll">
          <table className="material-table">
            <thead>
              <tr>
                <th scope="col">{t("cards.number")}</th>
                <th scope="col">{t("cards.household")}</th>
                <th scope="col">{t("cards.status")}</th>
                <th scope="col" className="material-number">
                  {t("cards.holds")}
                </th>
              </tr>
            </thead>
            <tbody>
              {cards.rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/love-card/${c.id}`}>{c.numberText}</Link>
                  </th>
                  <td>
                    {c.address} {c.headName ? `· ${c.headName}` : ""}
                  </td>
                  <td>{t(`cardStatus.${c.status}`)}</td>
                  <td className="material-number">{money(c.holdingFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label={t("pager")}>
        {page > 1 ? <Link to={`?page=${page - 1}`}>{t("previous")}</Link> : null}
        {cards.hasMore ? <Link to={`?page=${page + 1}`}>{t("next")}</Link> : null}
      </nav>
    </section>
  );
}
