import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field } from "#app/components/field";
import { ItemFields } from "#app/components/material/item-fields";
import { FormErrors } from "#app/components/form-errors";
import { requestIp } from "#app/modules/audit/audit.server";
import { formatDateTime } from "#app/modules/dates/day";
import { pageMeta } from "#app/modules/i18n/meta";
import { communityClock } from "#app/modules/material/clock.server";
import { ItemSchema, PurchaseSchema, StocktakeSchema, type FormText } from "#app/modules/material/forms";
import { idParam, requireDuty } from "#app/modules/material/guard.server";
import { fenToYuanText, formatFen } from "#app/modules/material/money";
import {
  getItem,
  stockHistory,
  stockInPurchase,
  stocktake,
  updateItem,
} from "#app/modules/material/stock.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta<typeof loader>(({ data }) => data?.item.name);

const EditSchema = ItemSchema.extend({
  active: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});

const ActionSchema = z.discriminatedUnion("intent", [
  EditSchema.extend({ intent: z.literal("edit") }),
  PurchaseSchema.extend({ intent: z.literal("purchase") }),
  StocktakeSchema.extend({ intent: z.literal("stocktake") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireDuty(request, "stock.manage");
  const item = await getItem(idParam(params.id));
  if (!item) throw new Response("Not found", { status: 404 });
  const clock = await communityClock();
  const history = await stockHistory(item.id);
  return { item, history: history.map((h) => ({ ...h, at: formatDateTime(h.at, clock.zone) })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireDuty(request, "stock.manage");
  const id = idParam(params.id);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ActionSchema });
  const intent = String(formData.get("intent"));
  if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
  const v = submission.value;
  if (v.intent === "edit") {
    const { intent: _intent, price, ...fields } = v;
    void _intent;
    // A new price applies from the next sale: each sale keeps the price it was made at.
    const outcome = await updateItem(user.id, id, { ...fields, priceFen: price }, requestIp(request));
    if (outcome === "notFound") throw new Response("Not found", { status: 404 });
    if (outcome === "nameTaken")
      return data(
        { intent, result: submission.reply({ fieldErrors: { name: ["material:stock.nameTaken"] } }) },
        { status: 400 },
      );
    throw redirect(`/supermarket/items/${id}?done=edit`);
  }
  if (v.intent === "purchase") {
    const bought = await stockInPurchase(
      user.id,
      { itemId: id, quantity: v.quantity, unitFen: v.unitValue, method: v.method, memo: v.memo },
      requestIp(request),
    );
    if (!bought) throw new Response("Not found", { status: 404 });
    throw redirect(`/supermarket/items/${id}?done=purchase`);
  }
  const outcome = await stocktake(user.id, id, v.counted, v.reason, requestIp(request));
  if (!outcome.ok) throw new Response("Not found", { status: 404 });
  throw redirect(`/supermarket/items/${id}?done=stocktake`);
}

export default function ItemPage() {
  const { item, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation("material");
  const [purchase, purchaseFields] = useForm<
    FormText<typeof PurchaseSchema>,
    z.output<typeof PurchaseSchema>
  >({
    id: "purchase",
    lastResult: actionData?.intent === "purchase" ? actionData.result : undefined,
    defaultValue: { unitValue: fenToYuanText(item.priceFen) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PurchaseSchema }),
    shouldRevalidate: "onBlur",
  });
  const [count, countFields] = useForm<FormText<typeof StocktakeSchema>, z.output<typeof StocktakeSchema>>({
    id: "stocktake",
    lastResult: actionData?.intent === "stocktake" ? actionData.result : undefined,
    defaultValue: { counted: String(item.stock) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StocktakeSchema }),
    shouldRevalidate: "onBlur",
  });
  const [edit, editFields] = useForm<FormText<typeof EditSchema>, z.output<typeof EditSchema>>({
    id: "edit",
    lastResult: actionData?.intent === "edit" ? actionData.result : undefined,
    defaultValue: {
      name: item.name,
      unit: item.unit,
      category: item.category,
      source: item.source,
      price: fenToYuanText(item.priceFen),
      lowStockAt: String(item.lowStockAt),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
    shouldRevalidate: "onBlur",
  });
  const done = params.get("done");
  const doneText =
    done === "purchase" ? "stock.purchased" : done === "edit" ? "stock.edited" : "stock.countedDone";
  return (
    <section className="stack" aria-labelledby="item-title">
      <h1 id="item-title">{item.name}</h1>
      {done ? (
        <p className="notice" role="status">
          {t(doneText)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("stock.price")}</dt>
        <dd>
          {formatFen(item.priceFen, i18n.language)}/{item.unit}
          {item.freeWithCard ? ` · ${t("till.free")}` : ""}
        </dd>
        <dt>{t("stock.stock")}</dt>
        <dd className={item.stock <= item.lowStockAt ? "material-warn" : undefined}>{item.stock}</dd>
      </dl>
      <Form
        method="post"
        {...getFormProps(purchase)}
        className="card stack narrow"
        aria-labelledby="purchase-title"
      >
        <h2 id="purchase-title">{t("stock.purchaseTitle")}</h2>
        <p className="hint">
          {t("stock.purchaseHint")} <Link to="/fund/donations/new?kind=goods">{t("donation.new")}</Link>
        </p>
        <Field meta={purchaseFields.quantity} label={t("donation.quantity")} type="number" min={1} />
        <Field meta={purchaseFields.unitValue} label={t("donation.unitValue")} inputMode="decimal" />
        <div className="material-choice" role="radiogroup" aria-label={t("donation.method")}>
          <label className="checkbox">
            <input type="radio" name="method" value="cash" defaultChecked /> {t("method.cash")}
          </label>
          <label className="checkbox">
            <input type="radio" name="method" value="transfer" /> {t("method.transfer")}
          </label>
        </div>
        <Field meta={purchaseFields.memo} label={t("stock.supplier")} />
        <FormErrors id="purchase-error" errors={purchase.errors} />
        <p>
          <button type="submit" name="intent" value="purchase" className="primary">
            {t("stock.purchase")}
          </button>
        </p>
      </Form>
      <Form
        method="post"
        {...getFormProps(count)}
        className="card stack narrow"
        aria-labelledby="count-title"
      >
        <h2 id="count-title">{t("stock.stocktakeTitle")}</h2>
        <Field meta={countFields.counted} label={t("stock.counted")} type="number" min={0} />
        <Field meta={countFields.reason} label={t("stock.reason")} />
        <p>
          <button type="submit" name="intent" value="stocktake" className="secondary">
            {t("stock.stocktake")}
          </button>
        </p>
      </Form>
      <Form method="post" {...getFormProps(edit)} className="card stack narrow" aria-labelledby="edit-title">
        <h2 id="edit-title">{t("stock.editTitle")}</h2>
        <p className="hint">{t("stock.editHint")}</p>
        <ItemFields fields={editFields} freeWithCard={item.freeWithCard} />
        <label className="checkbox">
          <input type="checkbox" name="active" defaultChecked={item.active} /> {t("stock.active")}
        </label>
        <FormErrors id="edit-error" errors={edit.errors} />
        <p>
          <button type="submit" name="intent" value="edit" className="secondary">
            {t("stock.save")}
          </button>
        </p>
      </Form>
      <h2>{t("stock.history")}</h2>
      {history.length === 0 ? <p>{t("card.noEntries")}</p> : null}
      <ul>
        {history.map((h) => (
          <li key={h.id}>
            {h.at} · {t(`kind.${h.kind}` as never)} · {h.quantity > 0 ? `+${h.quantity}` : h.quantity}
            {h.reason ? ` · ${h.reason}` : ""} ·{" "}
            <Link to={`/fund/movements/${h.movementId}`}>{h.documentNo}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
