import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AskForm } from "#app/components/help/ask-form";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requirePermission } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { requestMeta } from "#app/modules/auth/sign-in.server";
import { recordPhoneRequest } from "#app/modules/help/requests.server";
import { AskSchema, askInput } from "#app/modules/help/schemas";
import { findHouseholds, openHouseholdBrief } from "#app/modules/households/reader.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import helpStylesUrl from "#app/styles/help.css?url";
import { pageMeta } from "#app/modules/i18n/meta";
import { useListFormat } from "#app/modules/i18n/list";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: helpStylesUrl }];

export const meta = pageMeta("help:hotline.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "help.record");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 40);
  const householdParam = url.searchParams.get("household");
  // The caller's number, carried from a search by phone into the form.
  const phoneParam = url.searchParams.get("phone") ?? "";
  const callerPhone = /^\+?\d{7,15}$/.test(phoneParam) ? phoneParam : null;
  const ctx = { via: "help.hotline", ip: requestIp(request) };
  if (householdParam !== null) {
    const id = Number(householdParam);
    if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
    const opened = await openHouseholdBrief(user, id, ctx, (facts) => can(user, "help.ask", facts));
    if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
    const { brief } = opened.value;
    return {
      q,
      household: { id: brief.id, address: brief.address, headName: brief.headName },
      callerPhone,
      matches: [],
    };
  }
  const found = await findHouseholds(user, q, 20, ctx);
  return {
    q,
    household: null,
    callerPhone: null,
    matches: found.map((b) => ({
      id: b.id,
      label: b.address,
      headName: b.headName,
      matched: b.matched,
      phone: b.matchedPhone,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requirePermission(request, "help.record");
  const submission = parseWithZod(await request.formData(), { schema: AskSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await recordPhoneRequest(user, askInput(submission.value), requestMeta(request));
  if (result.ok) throw redirect(`/help/${result.value}?notice=recorded`);
  if (result.error === "notFound") throw new Response("Not found", { status: 404 });
  throw forbidden();
}

export default function Hotline() {
  const { q, household, matches, callerPhone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation("help");
  const list = useListFormat();
  const chooseLink = (m: (typeof matches)[number]) =>
    `?${new URLSearchParams({ household: String(m.id), ...(m.phone ? { phone: m.phone } : {}) })}`;
  return (
    <section className="narrow stack" aria-labelledby="hotline-title">
      <h1 id="hotline-title">{t("hotline.title")}</h1>
      <p>{t("hotline.lead")}</p>
      {household ? (
        <>
          <p className="notice">
            <strong>{t("hotline.chosen", { address: household.address })}</strong>
            {household.headName ? ` · ${t("hotline.head", { name: household.headName })}` : ""}{" "}
            <Link to="/admin/help/hotline">✕</Link>
          </p>
          <AskForm
            householdId={household.id}
            defaultPhone={callerPhone}
            lastResult={lastResult}
            submitLabel={t("hotline.submit")}
          />
        </>
      ) : (
        <>
          <Form method="get" className="inline-form" role="search">
            <div className="field">
              <label htmlFor="hotline-q">{t("hotline.search")}</label>
              <input id="hotline-q" name="q" type="search" defaultValue={q} autoComplete="off" />
            </div>
            <button type="submit" className="secondary">
              {t("hotline.searchButton")}
            </button>
          </Form>
          {q && matches.length === 0 ? <p className="notice">{t("hotline.noMatch")}</p> : null}
          <ul className="help-list">
            {matches.map((m) => (
              <li key={m.id} className="card help-item">
                <span>
                  <strong>{m.label}</strong>
                  {m.headName ? ` · ${t("hotline.head", { name: m.headName })}` : ""}
                </span>
                <span className="muted">
                  {list(m.matched)}
                  {m.phone ? ` · ${m.phone}` : ""}
                </span>
                <Link className="button secondary" to={chooseLink(m)}>
                  {t("hotline.choose")}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
