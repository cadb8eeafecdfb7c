// A love card's entries, newest first: when, what, and what each did to the card (+ credited, − spent).
import { useTranslation } from "react-i18next";
import { formatFen } from "#app/modules/material/money";

export function CardEntries({
  entries,
}: {
  entries: { movementId: number; documentNo: string; kind: string; at: string; changeFen: number }[];
}) {
  const { t, i18n } = useTranslation("material");
  if (entries.length === 0) return <p>{t("card.noEntries")}</p>;
  return (
    <div className="table-scroll">
      <table className="material-table">
        <thead>
          <tr>
            <th scope="col">{t("card.at")}</th>
            <th scope="col">{t("card.what")}</th>
            <th scope="col" className="material-number">
              {t("card.change")}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.movementId}`}>
              <td>{e.at}</td>
              <td>
                {t(`kind.${e.kind}` as never)} <span className="muted">{e.documentNo}</span>
              </td>
              <td className="material-number">
                {e.changeFen > 0 ? "+" : ""}
                {formatFen(e.changeFen, i18n.language)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
