import { randomUUID } from "node:crypto";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CardScanner } from "#app/components/material/card-scanner";
import { assertPermission } from "#app/modules/auth/guard.server";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { cardNumberFrom, formatCardNumber } from "#app/modules/material/card-number";
import { SaleSchema } from "#app/modules/material/forms";
import { requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { listItems } from "#app/modules/material/stock.server";
import { lookUpCard, sellOnCard, sellToPublic } from "#app/modules/material/till.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:till.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireDuty(request, "till.open");
  const url = new URL(request.url);
  const typed = url.searchParams.get("card");
  const number = typed ? cardNumberFrom(typed) : null;
  const found = number ? await lookUpCard(user, number, requestIp(request)) : null;
  const items = await listItems({ activeOnly: true });
  return {
    typed: typed ?? "",
    badNumber: typed !== null && typed !== "" && number === null,
    card:
      found?.ok === true
        ? {
            number: found.value.card.number,
            numberText: formatCardNumber(found.value.card.number),
            maskedName: found.value.maskedName,
            holdingFen: found.value.holdingFen,
            active: found.value.card.status === "active",
          }
        : null,
    cardError: found && !found.ok ? found.error : null,
    items: items.map((i) => ({
      id: i.id,
      name: i.name,
      unit: i.unit,
      priceFen: i.priceFen,
      freeWithCard: i.freeWithCard,
      stock: i.stock,
    })),
    // A new key each time the form is shown: a double tap or a resent request is the same sale.
    key: randomUUID(),
    userId: user.id,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireDuty(request, "till.open");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SaleSchema });
  if (submission.status !== "success")
    return data({ error: "material:validation.amount" as const }, { status: 400 });
  const lines = [...formData.entries()].flatMap(([name, value]) => {
    const match = /^qty-(\d+)$/.exec(name);
    const quantity = Number(value);
    return match && Number.isInteger(quantity) && quantity > 0 && quantity <= 1000
      ? [{ itemId: Number(match[1]), quantity }]
      : [];
  });
  const { card, key, amount } = submission.value;
  const input = { lines, amountFen: amount, idempotencyKey: key, ip: requestIp(request) };
  let outcome;
  if (card) {
    const number = cardNumberFrom(card);
    if (!number) return data({ error: "material:till.error.cardNotFound" as const }, { status: 400 });
    outcome = await sellOnCard(user, number, input);
  } else {
    assertPermission(user, "till.sell", { ...user, compoundId: null });
    outcome = await sellToPublic(user, { ...input, amountFen: 0 });
  }
  if (outcome.ok) throw redirect(`/till/receipt/${outcome.movementId}`);
  if (outcome.error === "forbidden") throw new Response("Forbidden", { status: 403 });
  return data({ error: `material:till.error.${outcome.error}` as const }, { status: 400 });
}

export default function Till() {
  const { typed, badNumber, card, cardError, items, key } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const { t, i18n } = useTranslation("material");
  const money = (fen: number) => formatFen(fen, i18n.language);
  const busy = navigation.state !== "idle";
  return (
    <section className="stack material-till" aria-labelledby="till-title">
      <div className="page-head">
        <h1 id="till-title">{t("till.title")}</h1>
        <div className="actions">
          <Link to="/till/cash-up">{t("till.cashUpLink")}</Link>
        </div>
      </div>
      <CardScanner onCard={(number) => navigate(`/till?card=${number}`)} />
      <Form method="get" className="material-card-lookup">
        <div className="field">
          <label htmlFor="till-card">{t("till.cardNumber")}</label>
          <input
            id="till-card"
            name="card"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={typed}
            aria-describedby={badNumber || cardError ? "till-card-error" : undefined}
          />
          {badNumber || cardError ? (
            <p id="till-card-error" className="field-error">
              {badNumber ? t("till.error.badNumber") : t(`till.error.${cardError ?? "cardNotFound"}`)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="secondary">
          {t("till.find")}
        </button>
      </Form>
      {card ? (
        <div className="card material-card-found" aria-live="polite">
          <p className="material-card-name">
            <strong>{card.maskedName}</strong> · {card.numberText}
          </p>
          <p className="material-balance">
            {t("till.holds")} <strong>{money(card.holdingFen)}</strong>
          </p>
          {!card.active ? <p className="form-error">{t("till.error.cardBlocked")}</p> : null}
        </div>
      ) : (
        <p className="hint">{t("till.publicHint")}</p>
      )}
      <Form method="post" className="stack" aria-labelledby="sale-title">
        <h2 id="sale-title">{card ? t("till.saleOnCard") : t("till.publicSale")}</h2>
        <input type="hidden" name="key" value={key} />
        <input type="hidden" name="card" value={card?.number ?? ""} />
        {items.length === 0 ? <p>{t("till.noGoods")}</p> : null}
        <ul className="material-goods" aria-label={t("till.goods")}>
          {items.map((item) => (
            <li key={item.id} className="material-goods-row">
              <label htmlFor={`qty-${item.id}`}>
                <span>{item.name}</span>{" "}
                <span className="muted">
                  {card && item.freeWithCard ? t("till.free") : money(item.priceFen)} / {item.unit} ·{" "}
                  {t("till.inStock", { count: item.stock })}
                </span>
              </label>
              <input
                id={`qty-${item.id}`}
                name={`qty-${item.id}`}
                type="number"
                min={0}
                max={item.stock}
                inputMode="numeric"
                defaultValue=""
                placeholder="0"
              />
            </li>
          ))}
        </ul>
        {card ? (
          <div className="field">
            <label htmlFor="till-amount">{t("till.amount")}</label>
            <input id="till-amount" name="amount" inputMode="decimal" placeholder="0.00" autoComplete="off" />
            <p className="hint">{t("till.amountHint")}</p>
          </div>
        ) : null}
        {actionData?.error ? (
          <p className="form-error" role="alert">
            {t(actionData.error as never)}
          </p>
        ) : null}
        <p>
          <button
            type="submit"
            className="primary material-confirm"
            disabled={busy || (card !== null && !card.active)}
          >
            {card ? t("till.confirmCard") : t("till.confirmCash")}
          </button>
        </p>
      </Form>
    </section>
  );
}
