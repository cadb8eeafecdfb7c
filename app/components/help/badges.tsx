// Small pieces the help pages share: the status badge and a duration in words. They take the page's `t`
// rather than calling useTranslation themselves: the list renders them in every row, and a hook per row
// was a large part of that page's cost (docs/decisions/019-benchmark-of-what-users-feel.md).
import type { TFunction } from "i18next";
import type { HelpStatus } from "#app/modules/help/codes";
import { durationParts } from "#app/modules/help/format";

type HelpT = TFunction<"help">;

export function StatusBadge({ status, t }: { status: HelpStatus; t: HelpT }) {
  return <span className={`badge help-status help-status-${status}`}>{t(`status.${status}`)}</span>;
}

export function Duration({ ms, t }: { ms: number; t: HelpT }) {
  const { unit, count } = durationParts(ms);
  return <>{t(`duration.${unit}`, { count })}</>;
}
