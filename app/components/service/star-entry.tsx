// The one entry service hours add to the volunteer's home: their star level, hours confirmed, what the next
// level needs, and a thank-you when they reached a level lately.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { calendarDay } from "#app/modules/dates/day";
import { hoursOf } from "#app/modules/service/stars";

export interface HomeStars {
  level: number;
  confirmedMinutes: number;
  next: { level: number; hours: number; minutesNeeded: number } | null;
  reached: { level: number; reachedAt: Date | string } | null;
}

export function ServiceStarEntry({ stars, timeZone }: { stars: HomeStars; timeZone: string }) {
  const { t } = useTranslation("service");
  const hours = hoursOf(stars.confirmedMinutes);
  return (
    <section className="service-home-stars stack" aria-labelledby="service-home-title">
      <h2 id="service-home-title">
        <span aria-hidden="true">{"★".repeat(stars.level) || "☆"} </span>
        {t("home.title")}
      </h2>
      {stars.reached ? (
        <p role="status">
          {t("home.thanks", {
            count: stars.reached.level,
            date: calendarDay(stars.reached.reachedAt, timeZone),
          })}
        </p>
      ) : null}
      <p>
        {t("home.stars", {
          count: stars.level,
          hours,
          next: stars.next ? hoursOf(stars.next.minutesNeeded) : 0,
        })}
      </p>
      <p>
        <Link to="/service">{t("home.open")}</Link>
      </p>
    </section>
  );
}
