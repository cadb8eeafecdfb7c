// Timely relief (及时救助): a one-off grant to a household, proposed by someone who helps it (up to the ceiling
// for their role), approved or rejected by a second person, then paid in cash, by transfer or onto the love card
// — with the payment voucher the household signs. An urgent help request becomes a proposal in one step.
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { appOrigin } from "#app/config.server";
import { getDatabase, schema } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { can, type Actor, type DutyFacts } from "#app/modules/auth/policy";
import { notifyAccount } from "#app/modules/notifications/reach.server";
import { activeCardOf } from "./cards.server";
import { communityClock } from "./clock.server";
import { holdersOf } from "./duties.server";
import { householdPolicyFacts, readHouseholds, type MaterialHousehold } from "./households.server";
import { postMovement } from "./ledger.server";
import { getMaterialSettings, grantCeiling } from "./settings.server";
import type { GrantReason, GrantStatus, PaymentMethod } from "./codes";

export interface GrantProposal {
  householdId: number;
  reason: GrantReason;
  description: string;
  amountFen: number;
  method: PaymentMethod;
  helpRequestId: number | null;
}

export type ProposeOutcome =
  | { ok: true; grantId: number }
  | {
      ok: false;
      error: "notFound" | "forbidden" | "overCeiling" | "noCard" | "alreadyProposed";
      ceilingFen?: number;
    };

export async function proposeGrant(
  actor: Actor,
  input: GrantProposal,
  ip: string | null,
): Promise<ProposeOutcome> {
  const facts = await householdPolicyFacts(input.householdId);
  if (!facts) return { ok: false, error: "notFound" };
  if (!can(actor, "grant.propose", facts)) return { ok: false, error: "forbidden" };
  // A help request is named only by a proposal for its own household (else another household's request could
  // be taken, and its real grant refused as already proposed).
  if (input.helpRequestId !== null) {
    const from = await proposalFromHelpRequest(actor, input.helpRequestId);
    if (from?.householdId !== input.householdId) return { ok: false, error: "notFound" };
  }
  const ceilingFen = grantCeiling(await getMaterialSettings(), actor.role);
  if (input.amountFen > ceilingFen) return { ok: false, error: "overCeiling", ceilingFen };
  if (input.method === "card" && !(await activeCardOf(input.householdId)))
    return { ok: false, error: "noCard" };
  const now = new Date();
  const approvers = await holdersOf("approver", facts.compoundId);
  return getDatabase().write(async (tx) => {
    const [row] = await tx
      .insert(schema.materialGrants)
      .values({ ...input, compoundId: facts.compoundId, proposedById: actor.id, proposedAt: now })
      .onConflictDoNothing()
      .returning({ id: schema.materialGrants.id });
    if (!row) return { ok: false, error: "alreadyProposed" } as const;
    await audit(tx, {
      actorId: actor.id,
      action: "material.grantProposed",
      targetType: "material_grant",
      targetId: row.id,
      ip,
      details: {
        householdId: input.householdId,
        amountFen: input.amountFen,
        reason: input.reason,
        helpRequestId: input.helpRequestId,
      },
    });
    for (const approver of approvers.filter((a) => a.id !== actor.id))
      await notifyAccount(tx, {
        userId: approver.id,
        email: approver.email,
        template: "material.grantToDecide",
        data: {
          name: approver.name,
          grantId: row.id,
          amountFen: input.amountFen,
          reason: input.reason,
          url: `${appOrigin()}/fund/grants/${row.id}`,
        },
        locale: approver.locale,
        key: `material:grant:${row.id}:decide:${approver.id}`,
      });
    return { ok: true, grantId: row.id } as const;
  });
}

export type GrantRow = typeof schema.materialGrants.$inferSelect;

export interface GrantView extends GrantRow {
  household: MaterialHousehold;
  proposedByName: string | null;
  decidedByName: string | null;
  paidByName: string | null;
  voucherNo: string | null;
  paidAt: Date | null;
  can: { decide: boolean; pay: boolean };
}

async function namesOf(ids: (number | null)[]) {
  const wanted = ids.filter((id): id is number => id !== null);
  if (wanted.length === 0) return new Map<number, string>();
  const rows = await getDatabase()
    .db.select({ id: schema.users.id, name: schema.users.name })
    .from(schema.users)
    .where(inArray(schema.users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A grant as its page shows it, when `actor` may read it; audited as a read of its household. */
export async function openGrant(
  actor: Actor & DutyFacts,
  id: number,
  ip: string | null,
): Promise<{ ok: true; value: GrantView } | { ok: false; status: 403 | 404 }> {
  const [grant] = await getDatabase()
    .db.select()
    .from(schema.materialGrants)
    .where(eq(schema.materialGrants.id, id));
  if (!grant) return { ok: false, status: 404 };
  const facts = await householdPolicyFacts(grant.householdId);
  if (!facts || !can(actor, "grant.read", { ...actor, ...facts, proposedById: grant.proposedById }))
    return { ok: false, status: 403 };
  const household = (
    await readHouseholds([grant.householdId], { actorId: actor.id, purpose: "material.grant", ip })
  ).get(grant.householdId);
  if (!household) return { ok: false, status: 404 };
  const names = await namesOf([grant.proposedById, grant.decidedById, grant.paidById]);
  const [movement] = grant.movementId
    ? await getDatabase()
        .db.select({ documentNo: schema.materialMovements.documentNo, at: schema.materialMovements.at })
        .from(schema.materialMovements)
        .where(eq(schema.materialMovements.id, grant.movementId))
    : [];
  return {
    ok: true,
    value: {
      ...grant,
      household,
      proposedByName: names.get(grant.proposedById) ?? null,
      decidedByName: grant.decidedById ? (names.get(grant.decidedById) ?? null) : null,
      paidByName: grant.paidById ? (names.get(grant.paidById) ?? null) : null,
      voucherNo: movement?.documentNo ?? null,
      paidAt: movement?.at ?? null,
      can: {
        decide:
          grant.status === "proposed" &&
          can(actor, "grant.decide", {
            ...actor,
            compoundId: grant.compoundId,
            proposedById: grant.proposedById,
          }),
        pay: grant.status === "approved" && can(actor, "fund.record", actor),
      },
    },
  };
}

export type DecideOutcome = { ok: true } | { ok: false; error: "notFound" | "forbidden" | "notProposed" };

/** Approves or rejects a proposed grant; never by its proposer (the policy and a CHECK both say so). */
export async function decideGrant(
  actor: Actor & DutyFacts,
  id: number,
  decision: "approve" | "reject",
  note: string | null,
  ip: string | null,
): Promise<DecideOutcome> {
  const [grant] = await getDatabase()
    .db.select()
    .from(schema.materialGrants)
    .where(eq(schema.materialGrants.id, id));
  if (!grant) return { ok: false, error: "notFound" };
  if (
    !can(actor, "grant.decide", { ...actor, compoundId: grant.compoundId, proposedById: grant.proposedById })
  )
    return { ok: false, error: "forbidden" };
  const [proposer] = await getDatabase()
    .db.select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      locale: schema.users.locale,
    })
    .from(schema.users)
    .where(eq(schema.users.id, grant.proposedById));
  const status: GrantStatus = decision === "approve" ? "approved" : "rejected";
  return getDatabase().write(async (tx) => {
    const rows = await tx
      .update(schema.materialGrants)
      .set({ status, decidedById: actor.id, decidedAt: new Date(), decisionNote: note })
      .where(and(eq(schema.materialGrants.id, id), eq(schema.materialGrants.status, "proposed")))
      .returning({ id: schema.materialGrants.id });
    if (rows.length === 0) return { ok: false, error: "notProposed" } as const;
    await audit(tx, {
      actorId: actor.id,
      action: `material.grant${decision === "approve" ? "Approved" : "Rejected"}`,
      targetType: "material_grant",
      targetId: id,
      ip,
      details: { note },
    });
    if (proposer)
      await notifyAccount(tx, {
        userId: proposer.id,
        email: proposer.email,
        template: "material.grantDecided",
        data: {
          name: proposer.name,
          grantId: id,
          status,
          amountFen: grant.amountFen,
          note,
          url: `${appOrigin()}/fund/grants/${id}`,
        },
        locale: proposer.locale,
        key: `material:grant:${id}:decided`,
      });
    return { ok: true } as const;
  });
}

export type PayOutcome =
  { ok: true; voucherNo: string } | { ok: false; error: "notFound" | "forbidden" | "notApproved" | "noCard" };

/** Pays an approved grant: relief spending, out of cash, the bank, or onto the household's love card. */
export async function payGrant(actor: Actor & DutyFacts, id: number, ip: string | null): Promise<PayOutcome> {
  if (!can(actor, "fund.record", actor)) return { ok: false, error: "forbidden" };
  const [grant] = await getDatabase()
    .db.select()
    .from(schema.materialGrants)
    .where(eq(schema.materialGrants.id, id));
  if (!grant) return { ok: false, error: "notFound" };
  const card = grant.method === "card" ? await activeCardOf(grant.householdId) : null;
  if (grant.method === "card" && !card) return { ok: false, error: "noCard" };
  const clock = await communityClock();
  return getDatabase().write(async (tx) => {
    const claimed = await tx
      .update(schema.materialGrants)
      .set({ status: "paid", paidById: actor.id })
      .where(and(eq(schema.materialGrants.id, id), eq(schema.materialGrants.status, "approved")))
      .returning({ id: schema.materialGrants.id });
    if (claimed.length === 0) return { ok: false, error: "notApproved" } as const;
    const posted = await postMovement(tx, {
      kind: "grant",
      actorId: actor.id,
      at: clock.at,
      day: clock.day,
      series: "grant",
      // The reason stays on the grant, which only those who may see the household read; the fund's journal,
      // open to every fund reader, shows the voucher alone.
      memo: null,
      householdId: grant.householdId,
      compoundId: grant.compoundId,
      cardId: card?.id ?? null,
      method: grant.method,
      totalFen: grant.amountFen,
      entries: [
        { account: "relief_grants", amountFen: grant.amountFen },
        {
          account: card ? { cardId: card.id } : grant.method === "cash" ? "cash" : "bank",
          amountFen: -grant.amountFen,
        },
      ],
      ip,
      auditDetails: { grantId: id },
    });
    if (!posted) throw new Error("grant payment not posted");
    await tx
      .update(schema.materialGrants)
      .set({ movementId: posted.id })
      .where(eq(schema.materialGrants.id, id));
    return { ok: true, voucherNo: posted.documentNo } as const;
  });
}

export const grantsPageSize = 30;

/** Grants `actor` may see, newest first: staff of their compounds, approvers and treasurers, and proposers their own. */
export async function listGrants(actor: Actor & DutyFacts, status: GrantStatus | null, page = 1) {
  const g = schema.materialGrants;
  const covered = actor.duties.some(
    (d) => (d.duty === "approver" || d.duty === "treasurer") && d.compoundId === null,
  );
  const compounds = [
    ...actor.duties
      .filter((d) => d.duty !== "cashier" && d.compoundId !== null)
      .map((d) => d.compoundId as number),
    ...(actor.role === "organizer" && actor.compoundId !== null ? [actor.compoundId] : []),
  ];
  const everything =
    actor.role === "admin" || (actor.role === "organizer" && actor.compoundId === null) || covered;
  const scope: SQL | undefined = everything
    ? undefined
    : compounds.length > 0
      ? inArray(g.compoundId, compounds)
      : eq(g.proposedById, actor.id);
  const rows = await getDatabase()
    .db.select()
    .from(g)
    .where(and(scope, status ? eq(g.status, status) : undefined))
    .orderBy(desc(g.id))
    .limit(grantsPageSize + 1)
    .offset((page - 1) * grantsPageSize);
  const shown = rows.slice(0, grantsPageSize);
  const households = await readHouseholds(
    shown.map((r) => r.householdId),
    { actorId: actor.id, purpose: "material.grants" },
  );
  const names = await namesOf(shown.map((r) => r.proposedById));
  return {
    rows: shown.map((r) => ({
      ...r,
      address: households.get(r.householdId)?.address ?? "",
      compoundName: households.get(r.householdId)?.compoundName ?? "",
      proposedByName: names.get(r.proposedById) ?? null,
    })),
    hasMore: rows.length > grantsPageSize,
  };
}

/** What a help request brings to a grant proposal: its household and words. */
export async function proposalFromHelpRequest(actor: Actor, helpRequestId: number) {
  const [request] = await getDatabase()
    .db.select({
      id: schema.helpRequests.id,
      householdId: schema.helpRequests.householdId,
      kind: schema.helpRequests.kind,
      description: schema.helpRequests.description,
    })
    .from(schema.helpRequests)
    .where(eq(schema.helpRequests.id, helpRequestId));
  if (!request) return null;
  const facts = await householdPolicyFacts(request.householdId);
  if (!facts || !can(actor, "grant.propose", facts)) return null;
  return {
    helpRequestId: request.id,
    householdId: request.householdId,
    reason: (request.kind === "medical"
      ? "illness"
      : request.kind === "urgent"
        ? "disaster"
        : "other") as GrantReason,
    description: request.description,
  };
}
