// Why a volunteer is suggested for a household, in the reader's language: shown beside each suggestion and as
// the second line of a search match, so that the page and the picker's answer say the same thing.
import type { TFunction } from "i18next";
import { formatList } from "#app/modules/i18n/list";
import type { HardshipLevel } from "#app/modules/households/codes";
import type { Weekday } from "#app/modules/service/codes";

/** A translator over the roster and service namespaces (`useTranslation(["roster", "service"])`, `getT`). */
export type ReasonsT = TFunction<["roster", "service"]>;

export interface CandidateFacts {
  name: string;
  compoundName: string | null;
  covers: "home" | "listed" | null;
  load: number;
  capacity: number;
  matchedSkills: number;
  matchedLanguages: readonly string[];
  availableDays: readonly Weekday[];
}

export function candidateReasons(t: ReasonsT, locale: string, c: CandidateFacts): string[] {
  const reasons = [t(`roster:match.${c.covers ?? "otherCompound"}`)];
  if (c.matchedLanguages.length > 0)
    reasons.push(t("roster:match.languages", { languages: formatList(locale, c.matchedLanguages) }));
  if (c.matchedSkills > 0) reasons.push(t("roster:pairing.matched", { count: c.matchedSkills }));
  reasons.push(
    c.availableDays.length > 0
      ? t("roster:match.days", {
          days: formatList(
            locale,
            c.availableDays.map((d) => t(`service:weekdays.${d}`)),
          ),
        })
      : t("roster:match.noDays"),
  );
  return reasons;
}

/** The load as "Pairings 2/3", and at capacity what pairing them asks for. */
export function candidateLoad(t: ReasonsT, c: Pick<CandidateFacts, "load" | "capacity">): string {
  const load = t("roster:tree.loadOf", { load: c.load, capacity: c.capacity });
  return c.load >= c.capacity ? `${load} · ${t("roster:match.full")}` : load;
}

/** A search match as the picker shows it: the name, then compound, load and reasons. */
export function candidateOption(t: ReasonsT, locale: string, c: CandidateFacts & { id: number }) {
  return {
    id: c.id,
    label: c.name,
    detail: [c.compoundName ?? "", candidateLoad(t, c), ...candidateReasons(t, locale, c)]
      .filter(Boolean)
      .join(" · "),
  };
}

/** A translator over the roster and households namespaces. */
export type HouseholdT = TFunction<["roster", "households"]>;

export interface HouseholdToPairFacts {
  id: number;
  compoundName: string;
  address: string;
  headName: string | null;
  hardshipLevel: HardshipLevel;
  hasPrimary: boolean;
}

/** A household found from a volunteer's page: its full address, then head, level and whether it has a primary helper. */
export function householdOption(t: HouseholdT, h: HouseholdToPairFacts) {
  return {
    id: h.id,
    // The address names the compound already.
    label: h.address,
    detail: [
      h.headName ?? "",
      t(`households:hardshipLevel.${h.hardshipLevel}`),
      t(h.hasPrimary ? "roster:match.hasPrimary" : "roster:match.noPrimary"),
    ]
      .filter(Boolean)
      .join(" · "),
  };
}
