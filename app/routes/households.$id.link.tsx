import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestIp } from "#app/modules/audit/audit.server";
import { forbidden, requireUser } from "#app/modules/auth/guard.server";
import { linkAccount, searchResidentAccounts, unlinkAccount } from "#app/modules/households/links.server";
import { currentMembers } from "#app/modules/households/members.server";
import { readHousehold } from "#app/modules/households/reader.server";
import { householdIdParam } from "#app/modules/households/registry.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";

export const meta = pageMeta("households:link.title");

const positive = (value: FormDataEntryValue | string | null) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

async function openForLinks(request: Request, id: number) {
  const user = await requireUser(request);
  const opened = await readHousehold(user, id, { via: "households.link", ip: requestIp(request) });
  if (!opened.ok) throw opened.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  if (!opened.value.can.edit) throw forbidden();
  return { user, record: opened.value };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = householdIdParam(params);
  const { user, record } = await openForLinks(request, id);
  const url = new URL(request.url);
  const memberId = positive(url.searchParams.get("member"));
  const members = await currentMembers(id);
  const member = members.find((m) => m.id === memberId) ?? null;
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 60);
  return {
    household: {
      id,
      address: {
        compound: record.compoundName,
        building: record.building,
        unit: record.unit,
        room: record.room,
      },
    },
    members: members.map((m) => ({ id: m.id, name: m.name, accountName: m.accountName })),
    member: member && { id: member.id, name: member.name, accountName: member.accountName },
    q,
    accounts: member && q ? await searchResidentAccounts(user, q) : [],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const id = householdIdParam(params);
  const { user } = await openForLinks(request, id);
  const formData = await request.formData();
  const memberId = positive(formData.get("member"));
  if (memberId === null) return data({ error: "households:link.error.noMember" as const }, { status: 400 });
  const meta = { ip: requestIp(request) };
  if (formData.get("intent") === "unlink") {
    const outcome = await unlinkAccount(user, { householdId: id, memberId }, meta);
    if (!outcome.ok && outcome.status === 403) throw forbidden();
    throw redirect(`/households/${id}?notice=unlinked`);
  }
  const userId = positive(formData.get("account"));
  if (userId === null) return data({ error: "households:link.error.noAccount" as const }, { status: 400 });
  const outcome = await linkAccount(user, { householdId: id, memberId, userId }, meta);
  if (outcome.ok) throw redirect(`/households/${id}?notice=linked`);
  if ("status" in outcome)
    throw outcome.status === 403 ? forbidden() : new Response("Not found", { status: 404 });
  return data({ error: `households:link.error.${outcome.reason}` as const }, { status: 400 });
}

export default function LinkAccount() {
  const { household, members, member, q, accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("households");
  return (
    <div className="stack narrow">
      <p>
        <Link to={`/households/${household.id}`}>← {t("address", household.address)}</Link>
      </p>
      <h1>{t("link.title")}</h1>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {t(actionData.error.replace("households:", "") as "link.error.noMember")}
        </p>
      ) : null}
      {!member ? (
        <section aria-labelledby="pick-member" className="card">
          <h2 id="pick-member">{t("link.pickMember")}</h2>
          <ul className="link-list">
            {members.map((m) => (
              <li key={m.id}>
                {m.accountName ? (
                  <span>
                    {m.name} · {t("members.hasAccount", { name: m.accountName })}
                  </span>
                ) : (
                  <Link to={`?member=${m.id}`}>{t("link.action", { name: m.name })}</Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <>
          <p>{t("link.lead", { name: member.name })}</p>
          <Form method="get" className="filters" role="search" aria-label={t("link.title")}>
            <input type="hidden" name="member" value={member.id} />
            <div className="field">
              <label htmlFor="account-q">{t("link.search")}</label>
              <input
                id="account-q"
                name="q"
                type="search"
                defaultValue={q}
                maxLength={60}
                aria-describedby="account-q-hint"
              />
              <span id="account-q-hint" className="hint">
                {t("link.searchHint")}
              </span>
            </div>
            <button type="submit" className="secondary">
              {t("link.find")}
            </button>
          </Form>
          {q ? (
            <section aria-labelledby="results-title">
              <h2 id="results-title">{t("link.results", { count: accounts.length })}</h2>
              {accounts.length === 0 ? <p>{t("link.noResults")}</p> : null}
              <ul className="household-list">
                {accounts.map((a) => (
                  <li key={a.id} className="card">
                    <strong>{a.name}</strong>
                    <span className="muted">
                      {a.email}
                      {a.phone ? ` · ${a.phone}` : ""}
                    </span>
                    {a.linkedHouseholdId !== null ? (
                      <span className="muted">{t("link.linkedElsewhere")}</span>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="member" value={member.id} />
                        <input type="hidden" name="account" value={a.id} />
                        <button type="submit" className="primary">
                          {t("link.choose", { account: a.name, name: member.name })}
                        </button>
                      </Form>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
