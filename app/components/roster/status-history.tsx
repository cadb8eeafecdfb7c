// A volunteer's leavings and returns, for their roster page: when, who recorded it, why, and who took over.
import { useTranslation } from "react-i18next";
import { formatDay } from "#app/modules/roster/dates";

export interface StatusEvent {
  id: number;
  event: "left" | "returned";
  at: Date | string;
  reason: string | null;
  byName: string | null;
  successorId: number | null;
  successorName: string | null;
}

export function StatusHistory({ events, timeZone }: { events: readonly StatusEvent[]; timeZone: string }) {
  const { t } = useTranslation("lifecycle");
  return (
    <section aria-labelledby="status-history-title" className="stack">
      <h2 id="status-history-title">{t("history.title")}</h2>
      <ol className="status-history">
        {events.map((e) => (
          <li key={e.id}>
            <strong>{t(e.event === "left" ? "history.left" : "history.returned")}</strong>{" "}
            <time dateTime={new Date(e.at).toISOString()}>{formatDay(e.at, timeZone)}</time>
            {e.byName ? ` · ${t("history.by", { name: e.byName })}` : ""}
            {e.successorId ? (
              <>
                {" · "}
                {t("history.successor")} <a href={`/roster/volunteers/${e.successorId}`}>{e.successorName}</a>
              </>
            ) : null}
            {e.reason ? <p className="muted">{e.reason}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
