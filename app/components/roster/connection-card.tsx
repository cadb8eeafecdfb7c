// The connection card (连心卡) as printed: sheets of up to eight cards to an A4 page, with cut lines.
import { useTranslation } from "react-i18next";
import type { ConnectionCard } from "#app/modules/roster/cards.server";

export const cardsPerSheet = 8;

function Card({ card, community }: { card: ConnectionCard; community: string }) {
  const { t } = useTranslation("roster");
  return (
    <div className="cut-cell">
      <article className="connection-card" aria-label={`${t("card.title")} ${card.address}`}>
        <header>
          <strong className="connection-title">{t("card.title")}</strong>
          <span>{community}</span>
        </header>
        <div className="connection-body">
          <dl>
            <dt>{t("card.helper")}</dt>
            <dd>
              {card.helperName ? (
                <>
                  {card.helperName} <span className="phone">{card.helperPhone ?? ""}</span>
                </>
              ) : (
                t("card.noHelper")
              )}
            </dd>
            <dt>{t("card.supervisor")}</dt>
            <dd>
              {card.supervisorName ? (
                <>
                  {card.supervisorName} <span className="phone">{card.supervisorPhone ?? ""}</span>
                </>
              ) : (
                "—"
              )}
            </dd>
            <dt>{t("card.hotline")}</dt>
            <dd className="hotline">{card.hotline}</dd>
            <dt>{t("card.claimCode")}</dt>
            <dd className="claim-code">{card.claimCode}</dd>
          </dl>
          <figure className="connection-qr">
            <img src={card.qrSvgDataUrl} alt={t("card.scan")} width={96} height={96} />
            <figcaption>{t("card.scan")}</figcaption>
          </figure>
        </div>
        <footer>
          {card.compoundName} {card.address} {card.headName ?? ""}
        </footer>
      </article>
    </div>
  );
}

export function CardSheets({ cards, community }: { cards: ConnectionCard[]; community: string }) {
  const sheets: ConnectionCard[][] = [];
  for (let i = 0; i < cards.length; i += cardsPerSheet) sheets.push(cards.slice(i, i + cardsPerSheet));
  return (
    <div className="sheet-scroll">
      {sheets.map((sheet, i) => (
        <section key={i} className="card-sheet">
          {sheet.map((card) => (
            <Card key={card.householdId} card={card} community={community} />
          ))}
        </section>
      ))}
    </div>
  );
}
