// One plan per household (制定帮扶计划和措施，重点突出，分步实施): the programmes it is in with the next step of
// each, its pairing agreements' open goals, and the programmes it may still apply for. For pages that have
// already opened the household through the reader.
import { householdMatches } from "#app/modules/announcements/targeting.server";
import { openGoalsOfHousehold } from "#app/modules/roster/agreements.server";
import { casesOfHousehold } from "./cases.server";
import { activeProgrammeOptions } from "./programmes.server";

export async function helpPlanOf(householdId: number, withOptions: boolean, now = new Date()) {
  const [cases, goals, programmes] = await Promise.all([
    casesOfHousehold(householdId, now),
    openGoalsOfHousehold(householdId),
    withOptions ? activeProgrammeOptions() : Promise.resolve([]),
  ]);
  const openIn = new Set(cases.filter((c) => c.status === "open").map((c) => c.programmeId));
  const candidates = programmes.filter((p) => !openIn.has(p.id));
  const matches = await Promise.all(candidates.map((p) => householdMatches(p.scope, householdId)));
  return {
    cases,
    goals,
    options: candidates.filter((_, i) => matches[i]).map((p) => ({ id: p.id, name: p.name })),
  };
}
export type HelpPlan = Awaited<ReturnType<typeof helpPlanOf>>;
