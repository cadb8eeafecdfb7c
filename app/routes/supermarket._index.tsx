import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { FormText } from "#app/modules/material/forms";
import { ItemFields } from "#app/components/material/item-fields";
import { requestIp } from "#app/modules/audit/audit.server";
import { pageMeta } from "#app/modules/i18n/meta";
import { ItemSchema } from "#app/modules/material/forms";
import { requireDuty } from "#app/modules/material/guard.server";
import { formatFen } from "#app/modules/material/money";
import { createItem, listItems, lowStock } from "#app/modules/material/stock.server";
import { requireSameOrigin } from "#app/modules/security/request-safety.server";
import materialStylesUrl from "#app/styles/material.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: materialStylesUrl }];

export const meta = pageMeta("material:stock.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDuty(request, "stock.manage");
  const [items, low] = await Promise.all([listItems(), lowStock()]);
  return { items, low: low.map((i) => i.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireDuty(request, "stock.manage");
  const submission = parseWithZod(await request.formData(), { schema: ItemSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { price, ...rest } = submission.value;
  const id = await createItem(user.id, { ...rest, priceFen: price }, requestIp(request));
  if (id === null)
    return data(submission.reply({ fieldErrors: { name: ["material:stock.nameTaken"] } }), { status: 400 });
  throw redirect(`/supermarket/items/${id}`);
}

export default function Supermarket() {
  const { items, low } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation("material");
  const [form, fields] = useForm<FormText<typeof ItemSchema>, z.output<typeof ItemSchema>>({
    lastResult,
    defaultValue: { lowStockAt: "5", unit: "", source: "donated", category: "grain_oil" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ItemSchema }),
    shouldRevalidate: "onBlur",
  });
  const lowItems = items.filter((i) => low.includes(i.id));
  return (
    <section className="stack" aria-labelledby="stock-title">
      <h1 id="stock-title">{t("stock.title")}</h1>
      <section aria-labelledby="low-title" className="stack">
        <h2 id="low-title">{t("stock.low")}</h2>
        {lowItems.length === 0 ? (
          <p className="material-ok">{t("stock.noLow")}</p>
        ) : (
          <ul>
            {lowItems.map((i) => (
              <li key={i.id}>
                <Link to={`/supermarket/items/${i.id}`}>{i.name}</Link>{" "}
                <span className="material-warn">{t("till.inStock", { count: i.stock })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>{t("stock.catalog")}</h2>
      {items.length === 0 ? <p>{t("till.noGoods")}</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table className="material-table">
            <thead>
              <tr>
                <th scope="col">{t("stock.name")}</th>
                <th scope="col">{t("stock.category")}</th>
                <th scope="col" className="material-number">
                  {t("stock.price")}
                </th>
                <th scope="col" className="material-number">
                  {t("stock.stock")}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={`/supermarket/items/${i.id}`}>{i.name}</Link>
                    {i.active ? "" : ` · ${t("stock.inactive")}`}
                  </th>
                  <td>
                    {t(`category.${i.category}`)} · {t(`source.${i.source}`)}
                  </td>
                  <td className="material-number">
                    {formatFen(i.priceFen, i18n.language)}/{i.unit}
                    {i.freeWithCard ? ` · ${t("till.free")}` : ""}
                  </td>
                  <td className="material-number">{i.stock}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Form
        method="post"
        {...getFormProps(form)}
        className="card stack narrow"
        aria-labelledby="new-item-title"
      >
        <h2 id="new-item-title">{t("stock.newItem")}</h2>
        <ItemFields fields={fields} />
        <p>
          <button type="submit" className="primary">
            {t("stock.add")}
          </button>
        </p>
      </Form>
    </section>
  );
}
