// What the material-help scenarios share (tests/bench/scenarios/material-*.ts): the demo's staff as actors,
// and a love card made to hold an exact amount through the module (a grant tops it up, a sale draws it down),
// so that a race's counts do not depend on what the demo seed's monthly credit already put on the card.
import { eq } from "drizzle-orm";
import { schema, type Database } from "#db/client.server";
import type { Actor, DutyFacts } from "#app/modules/auth/policy";
import { withDuties } from "#app/modules/material/duties.server";
import { cardHoldings } from "#app/modules/material/ledger.server";
import { decideGrant, payGrant, proposeGrant } from "#app/modules/material/relief.server";
import { sellOnCard } from "#app/modules/material/till.server";

/** The demo account with this email as a policy actor with its duties. */
export async function actorByEmail(database: Database, email: string): Promise<Actor & DutyFacts> {
  const user = await database.db.query.users.findFirst({ where: eq(schema.users.email, email) });
  if (!user) throw new Error(`bench: no account ${email} (db/seed/demo.ts)`);
  return withDuties({
    id: user.id,
    role: user.role,
    volunteerTier: user.volunteerTier,
    compoundId: user.compoundId,
    supervisorId: user.supervisorId,
  });
}

/**
 * Makes the card of `householdId` hold exactly `fen`: the admin proposes and pays a grant for what is missing
 * (the organizer of every compound approves it), or sells what is too much.
 */
export async function holdExactly(
  database: Database,
  card: { id: number; number: string },
  householdId: number,
  fen: number,
): Promise<void> {
  const admin = await actorByEmail(database, "admin@example.org");
  const approver = await actorByEmail(database, "organizer.all@example.org");
  const holding = (await cardHoldings([card.id])).get(card.id) ?? 0;
  if (holding < fen) {
    const proposed = await proposeGrant(
      admin,
      {
        householdId,
        reason: "other",
        description: "bench",
        amountFen: fen - holding,
        method: "card",
        helpRequestId: null,
      },
      null,
    );
    if (!proposed.ok) throw new Error(`bench: could not propose a grant: ${proposed.error}`);
    const decided = await decideGrant(approver, proposed.grantId, "approve", null, null);
    if (!decided.ok) throw new Error(`bench: could not approve the grant: ${decided.error}`);
    const paid = await payGrant(admin, proposed.grantId, null);
    if (!paid.ok) throw new Error(`bench: could not pay the grant: ${paid.error}`);
  } else if (holding > fen) {
    const drawn = await sellOnCard(admin, card.number, {
      lines: [],
      amountFen: holding - fen,
      idempotencyKey: `bench-draw-${card.id}-${Date.now()}`,
      ip: null,
    });
    if (!drawn.ok) throw new Error(`bench: could not draw the card down: ${drawn.error}`);
  }
  const after = (await cardHoldings([card.id])).get(card.id) ?? 0;
  if (after !== fen) throw new Error(`bench: the card holds ${after} fen, not ${fen}`);
}
