// Who helps a household (一帮一). The roster — pairings — is not built yet, so this answers "nobody" and
// volunteers cannot yet enroll anyone; when pairings land, this one function returns the paired volunteer
// and every caller (the course policy facts) follows.
import type { Queryable } from "#db/client.server";

/** The volunteer paired with the household, or null (always null until pairings exist). */
export async function pairedVolunteerId(_householdId: number, _q?: Queryable): Promise<number | null> {
  return null;
}
