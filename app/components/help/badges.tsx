// Small pieces the help pages share: the status badge and a duration in words.
import { useTranslation } from "react-i18next";
import type { HelpStatus } from "#app/modules/help/codes";
import { durationParts } from "#app/modules/help/format";

export function StatusBadge({ status }: { status: HelpStatus }) {
  const { t } = useTranslation("help");
  return <span className={`badge help-status help-status-${status}`}>{t(`status.${status}`)}</span>;
}

export function Duration({ ms }: { ms: number }) {
  const { t } = useTranslation("help");
  const { unit, count } = durationParts(ms);
  return <>{t(`duration.${unit}`, { count })}</>;
}
