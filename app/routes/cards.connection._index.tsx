import type { LoaderFunctionArgs, LinksFunction } from "@remix-run/node";
import { Form, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CardSheets } from "#app/components/roster/connection-card";
import { PrintButton } from "#app/components/roster/print-button";
import { requestIp } from "#app/modules/audit/audit.server";
import { assertPermission, requireUser } from "#app/modules/auth/guard.server";
import { can } from "#app/modules/auth/policy";
import { listCompoundHouseholds } from "#app/modules/households/reader.server";
import { connectionCards } from "#app/modules/roster/cards.server";
import { listCompoundOptions } from "#app/modules/roster/roster.server";
import type { loader as rootLoader } from "#app/root";
import rosterStylesUrl from "#app/styles/roster.css?url";
import { pageMeta } from "#app/modules/i18n/meta";

const QuerySchema = z.object({
  compound: z.coerce.number().int().positive().optional().catch(undefined),
  levels: z.enum(["all", "extreme"]).catch("all"),
});

export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStylesUrl }];

export const meta = pageMeta("roster:card.batchTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const q = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const compounds = await listCompoundOptions();
  const allowed = compounds.filter((c) => can(user, "pairing.write", { compoundId: c.id }));
  if (allowed.length === 0) throw new Response("Forbidden", { status: 403 });
  if (!q.compound) return { compounds: allowed, cards: [] };
  assertPermission(user, "pairing.write", { compoundId: q.compound });
  const households = await listCompoundHouseholds(
    user,
    q.compound,
    q.levels === "extreme" ? ["extreme"] : ["extreme", "hardship"],
    { via: "cards.batch", ip: requestIp(request) },
  );
  return { compounds: allowed, cards: await connectionCards(households, user.id) };
}

export default function ConnectionCardBatch() {
  const { compounds, cards } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("roster");
  const other = i18n.language === "en" ? "zh-CN" : "en";
  return (
    <div className="stack">
      <div className="page-head no-print">
        <h1>{t("card.batchTitle")}</h1>
        {cards.length > 0 ? (
          <div className="actions">
            <PrintButton label={t("card.print")} />
            <a href={`?lng=${other}`} lang={other}>
              {t("card.printOther")}
            </a>
          </div>
        ) : null}
      </div>
      <Form method="get" className="filters no-print" aria-label={t("card.batchTitle")}>
        <div className="field">
          <label htmlFor="compound">{t("card.compound")}</label>
          <select id="compound" name="compound" defaultValue={params.get("compound") ?? ""} required>
            <option value="" disabled>
              —
            </option>
            {compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="levels">{t("card.levels")}</label>
          <select id="levels" name="levels" defaultValue={params.get("levels") ?? "all"}>
            <option value="all">{t("card.levelsAll")}</option>
            <option value="extreme">{t("card.levelsExtreme")}</option>
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("card.show")}
        </button>
      </Form>
      {params.get("compound") ? (
        <p className="no-print" role="status">
          {t("card.count", { count: cards.length })} · {t("card.cutHint")}
        </p>
      ) : null}
      <CardSheets cards={cards} community={root?.community.name ?? ""} />
    </div>
  );
}
