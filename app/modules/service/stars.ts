// Star levels (星级志愿者) from confirmed minutes: pure, so the home entry, the hours page and the award share
// one reading of the thresholds in codes.ts.
import { starThresholdHours } from "./codes";

/** The star level (0–5) that `minutes` of confirmed service reach. */
export function starLevelFor(minutes: number): number {
  return starThresholdHours.filter((h) => minutes >= h * 60).length;
}

/** The next level and the minutes still needed for it; null at five stars. */
export function nextStar(minutes: number): { level: number; hours: number; minutesNeeded: number } | null {
  const level = starLevelFor(minutes);
  const hours = starThresholdHours[level];
  if (hours === undefined) return null;
  return { level: level + 1, hours, minutesNeeded: hours * 60 - minutes };
}

/** Minutes as hours with one decimal, as certificates and lists print them. */
export function hoursOf(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}
