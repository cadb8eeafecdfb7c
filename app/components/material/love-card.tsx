// The printed love card (爱心卡): credit-card size, the household's address, the number and its QR code (which
// opens the till with the card filled in). Printed alone or beside the connection card.
import { useTranslation } from "react-i18next";

export interface LoveCardFace {
  numberText: string;
  qr: string;
  compoundName: string;
  address: string;
  community: string;
}

export function LoveCard({ card }: { card: LoveCardFace }) {
  const { t } = useTranslation("material");
  return (
    <article className="material-lovecard" aria-label={t("card.face")}>
      <div className="stack">
        <p className="material-lovecard-title">
          {card.community} · {t("card.name")}
        </p>
        <p>
          {card.compoundName} {card.address}
        </p>
        <p className="material-lovecard-number">{card.numberText}</p>
        <p className="muted">{t("card.faceHint")}</p>
      </div>
      <img src={card.qr} alt={t("card.qrAlt", { number: card.numberText })} />
    </article>
  );
}
