// Which compounds' kept cockpit figures a write has changed, for the next read to count afresh (kept.server.ts).
// A leaf module with no imports, so that any domain's writes may mark a change without pulling in the cockpit.
// The marks live in this process: a write in another process is caught by the tick within a minute.

/** Compounds whose figures a write has changed since they were last kept (this process's writes). */
export const marks = { community: false, compounds: new Set<number>(), households: new Set<number>() };

/** Called after a write that moves a figure: the next read of that compound counts it afresh. */
export function cockpitChanged(change: { householdId: number } | { compoundId: number }): void {
  marks.community = true;
  if ("householdId" in change) marks.households.add(change.householdId);
  else marks.compounds.add(change.compoundId);
}

/** For tests: forget the marks of writes (a fresh process). */
export function forgetCockpitChanges(): void {
  marks.community = false;
  marks.compounds.clear();
  marks.households.clear();
}
