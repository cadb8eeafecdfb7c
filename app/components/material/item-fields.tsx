// The fields of a supermarket item, the same when it is added (the catalog) and when it is changed (its page).
import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { Field } from "#app/components/field";
import { goodsCategories, goodsSources } from "#app/modules/material/codes";

type Text = FieldMetadata<string | undefined>;

export function ItemFields({
  fields,
  freeWithCard = false,
}: {
  fields: { name: Text; unit: Text; category: Text; source: Text; price: Text; lowStockAt: Text };
  freeWithCard?: boolean;
}) {
  const { t } = useTranslation("material");
  return (
    <>
      <Field meta={fields.name} label={t("stock.name")} />
      <Field meta={fields.unit} label={t("stock.unit")} />
      <div className="field">
        <label htmlFor={fields.category.id}>{t("stock.category")}</label>
        <select {...getSelectProps(fields.category)}>
          {goodsCategories.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={fields.source.id}>{t("stock.source")}</label>
        <select {...getSelectProps(fields.source)}>
          {goodsSources.map((s) => (
            <option key={s} value={s}>
              {t(`source.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <Field meta={fields.price} label={t("stock.priceYuan")} inputMode="decimal" />
      <label className="checkbox">
        <input type="checkbox" name="freeWithCard" defaultChecked={freeWithCard} /> {t("stock.freeWithCard")}
      </label>
      <Field meta={fields.lowStockAt} label={t("stock.lowStockAt")} type="number" min={0} />
    </>
  );
}
