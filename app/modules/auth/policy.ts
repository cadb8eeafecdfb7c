// The one place that decides who may do what (DESIGN.md, "Roles and what they may see").
// Pure: record rules take facts about the record that the caller loads, so the UI can ask what to show and
// the server, through guard.server.ts, what to allow. A domain adds its actions to `rules` below.
import type { Role } from "#db/schema/core";
import type { Duty } from "#app/modules/material/codes";

export interface Actor {
  id: number;
  role: Role;
  volunteerTier: number | null;
  compoundId: number | null;
  supervisorId: number | null;
}

/** Tiers 1–2 of the linkage are cadres: they oversee the volunteers under them. */
export function isCadre(actor: Pick<Actor, "role" | "volunteerTier">): boolean {
  return actor.role === "volunteer" && actor.volunteerTier !== null && actor.volunteerTier <= 2;
}

export function isStaff(actor: Pick<Actor, "role">): boolean {
  return actor.role === "organizer" || actor.role === "admin";
}

/** An organizer with no compound works for the whole community; otherwise for their own compound. */
export function coversCompound(actor: Actor, compoundId: number | null): boolean {
  if (actor.role === "admin") return true;
  return actor.role === "organizer" && (actor.compoundId === null || actor.compoundId === compoundId);
}

/** Admins and organizers of every compound: only they make or manage staff who work for every compound. */
function worksForAll(actor: Actor): boolean {
  return actor.role === "admin" || (actor.role === "organizer" && actor.compoundId === null);
}

/** Facts about a household (or one of its visits) that decide who may see it. */
export interface HouseholdFacts {
  compoundId: number;
  /** Accounts of the household's own residents. */
  memberUserIds: readonly number[];
  /** The volunteers actively paired with the household, primary first (roster: `householdLinkage`). */
  helperIds: readonly number[];
  /** Those helpers and everyone above them in the linkage, each once. */
  helperChain: readonly number[];
}

/**
 * Facts about a visit: its household's, its lead volunteer and everyone above them (so cadres keep seeing
 * visits of a pairing that has since ended), and its co-visitors.
 */
export type VisitFacts = HouseholdFacts & {
  volunteerId: number;
  volunteerChain: readonly number[];
  coVisitorIds: readonly number[];
};

/** Facts about a visit to be scheduled: the household's, and the volunteer who is to lead it with their chain. */
export type VisitPlanFacts = HouseholdFacts & { volunteerId: number; volunteerChain: readonly number[] };

/** Facts about a pairing or its agreement card: its household's, plus the volunteer it pairs. */
export type PairingFacts = HouseholdFacts & { volunteerId: number };

/** Facts about a help request: its household's (with the request's own helper in the chain) and who holds it. */
export type HelpFacts = HouseholdFacts & { assignedToId: number | null };

/** Facts about a household's case in a programme: its household's, the step's role and the programme's people. */
export type ProgrammeCaseFacts = HouseholdFacts & {
  stepRole: "household" | "compound" | "group" | "helper";
  leaderId: number;
  groupIds: readonly number[];
  /** The programme's responsible person for the case's compound, if any. */
  responsibleId: number | null;
  /**
   * Whether the case's compound is in the programme's current scope: the leader, group and responsible person
   * answer only for cases there.
   */
  inScope: boolean;
};

/** Facts about an account someone wants to see or manage. */
export interface PersonFacts {
  id: number;
  role: Role;
  compoundId: number | null;
}

/** A duty (cashier, treasurer, approver) the actor holds, for one compound or (null) the whole community. */
export interface DutyGrant {
  duty: Duty;
  compoundId: number | null;
}

/** The actor's own duties, loaded by the caller (material/duties.server.ts), for the material-help rules. */
export interface DutyFacts {
  duties: readonly DutyGrant[];
}

/** What an account is to become: a change of role or compound is judged before and after. */
export interface PersonChange {
  role: Role;
  compoundId: number | null;
}

/** Facts about a volunteer's roster entry: their chain up the linkage, home compound and extra compounds. */
export interface VolunteerFacts {
  chain: readonly number[];
  compoundId: number | null;
  compoundIds: readonly number[];
}

/** Facts about whose service hours these are: the volunteer, their chain up the linkage and compounds. */
export type ServiceFacts = VolunteerFacts & { volunteerId: number };

/** The record each action is about; `undefined` for actions that are not about one record. */
export interface Resources {
  "account.manageOwn": undefined;
  "volunteer.home": undefined;
  "admin.home": undefined;
  /** The committee's monthly report: staff, each for the compounds they cover (reports/monthly.server.ts). */
  "report.monthly": undefined;
  "people.list": undefined;
  "people.read": PersonFacts;
  "people.invite": PersonChange;
  /** `next`: what the account is to become, when the change is one of role or compound. */
  "people.manage": PersonFacts & { next?: PersonChange };
  "mailbox.read": undefined;
  "outbox.manage": undefined;
  "email.preview": undefined;
  "settings.manage": undefined;
  "audit.read": undefined;
  /**
   * Whether it is published; whether its audience reaches the actor (or a household they are paired with) or it
   * was delivered to them; whether it is public (anyone may read it, from its notice's QR).
   */
  "announcement.read": { published: boolean; aimedAtActor: boolean; isPublic: boolean };
  "announcement.write": undefined;
  "course.enrollSelf": undefined;
  "course.enrollResident": { pairedVolunteerId: number | null; compoundId: number };
  "course.write": undefined;
  /** Change one course: the compound it is held in, null for elsewhere in town. */
  "course.manage": { compoundId: number | null };
  "household.list": undefined;
  /** A place in a course: whose account it is, who helps that household, and the household's compound. */
  "course.cancelPlace": { userId: number | null; pairedVolunteerId: number | null; compoundId: number };
  "course.certificate": { userId: number | null; compoundId: number };
  "household.read": HouseholdFacts;
  /** Illness and disability details: only with the household's consent to `health`. */
  "household.readHealth": HouseholdFacts & { healthConsent: boolean };
  "household.write": HouseholdFacts;
  "household.verify": HouseholdFacts;
  "household.import": undefined;
  "household.ledger": undefined;
  "household.requestCorrection": HouseholdFacts;
  /** Who looked at the household's record and when (PIPL): its own residents. */
  "household.readAccessLog": HouseholdFacts;
  "household.handleCorrections": undefined;
  /** Register a new household in a compound. */
  "household.create": { compoundId: number };
  /** A resident claims their household (decision 022): only an account not yet linked asks. */
  "household.claim": undefined;
  /** The queue of residents' claims: staff, each seeing their compounds' claims. */
  "household.claimQueue": undefined;
  /** Approve or refuse a claim on a household of this compound. */
  "household.decideClaim": { compoundId: number };
  "visit.list": undefined;
  "visit.schedule": VisitPlanFacts;
  "visit.read": VisitFacts;
  /** Reschedule or cancel. */
  "visit.manage": VisitFacts;
  "visit.record": VisitFacts;
  "roster.read": VolunteerFacts;
  /** Edit a volunteer's profile or record that they leave: by their home compound. */
  "volunteer.manage": { compoundId: number | null };
  "roster.readAll": undefined;
  "roster.tree": undefined;
  "roster.manage": undefined;
  "pairing.write": { compoundId: number };
  "pairing.read": PairingFacts;
  "agreement.write": PairingFacts;
  "help.list": undefined;
  /** The help request list as a file: those who work the list, within the list's own scope. */
  "help.export": undefined;
  "help.ask": HouseholdFacts;
  "help.record": undefined;
  "help.read": HelpFacts;
  "help.handle": HelpFacts;
  "help.rate": HelpFacts;
  /** Hand a request to a named person, or escalate it by hand: staff of its compound. */
  "help.manage": HelpFacts;
  /** Open the till: a cashier (of any compound) or staff. */
  "till.open": DutyFacts;
  /** Charge a card at the till; `compoundId` is the card's household's, null for a sale to the public. */
  "till.sell": DutyFacts & { compoundId: number | null };
  /** Refund a sale: its own cashier on the day of the sale, or staff of the compound at any time. */
  "till.refund": DutyFacts & { compoundId: number | null; sellerId: number | null; sameDay: boolean };
  /** A receipt: its own cashier, staff of the sale's compound (any staff for a sale to the public), its treasurer. */
  "till.receipt": DutyFacts & { compoundId: number | null; sellerId: number | null };
  /** A cashier's day: their own, or anyone's for staff and treasurers. */
  "till.cashUp": DutyFacts & { cashierId: number };
  /** The fund's balances, statement, ledger and reports. */
  "fund.read": DutyFacts;
  /** Record donations, operating income and purchases; pay approved grants. */
  "fund.record": DutyFacts;
  /** Catalog, stock in and stocktake of the supermarket. */
  "stock.manage": DutyFacts;
  /** Issue, block and reissue the cards of a compound's households, and print them. */
  "card.manage": DutyFacts & { compoundId: number };
  /** A card's balance and entries: the household's own members, and those who manage its cards. */
  "card.read": DutyFacts & HouseholdFacts;
  /** Start the monthly credit run for the whole community. */
  "card.creditRun": DutyFacts;
  /** Propose a relief grant for a household. */
  "grant.propose": HouseholdFacts;
  /** Read a grant: its proposer, whoever may see the household, and those who decide or pay grants. */
  "grant.read": DutyFacts & HouseholdFacts & { proposedById: number };
  /** Approve or reject a grant: an approver or staff of the compound, and never its proposer. */
  "grant.decide": DutyFacts & { compoundId: number; proposedById: number };
  /** The rules for credits and grant ceilings. */
  "material.settings": undefined;
  /** Grant or withdraw a duty: an admin, or an organizer of both the person's and the duty's compound. */
  "duty.manage": { personCompoundId: number | null; dutyCompoundId: number | null };
  /** A volunteer's service hours (志愿服务记录), stars and certificates: themself, above them, or their staff. */
  "service.read": ServiceFacts;
  /** Confirm or reject an entry: someone above the volunteer in the linkage, or their staff; never their own. */
  "service.decide": ServiceFacts;
  /** Dispute an entry of one's own hours. */
  "service.dispute": { volunteerId: number };
  /** Issue a certificate of a volunteer's confirmed hours: the volunteer themself, or their staff. */
  "service.certify": ServiceFacts;
  /** The review queue of entries to confirm: supervisors (tiers 1–3) and staff. */
  "service.review": undefined;
  /** Record activities and course helpers, and export everyone's hours: staff. */
  "service.manage": undefined;
  /** The team view of the volunteers under a supervisor (tiers 1–3). */
  "team.view": undefined;
  /** A volunteer edits their own profile: skills, availability, languages, compounds they can cover. */
  "volunteer.profileOwn": undefined;
  /** Programmes (帮扶项目) and their plans: staff read every one. */
  "programme.read": undefined;
  /** Create or change a programme scoped to these compounds (none: the whole community). */
  "programme.write": { compoundIds: readonly number[] };
  /** Open a household's case in a programme: staff of its compound, or the household itself (it applies). */
  "programme.openCase": HouseholdFacts;
  /** Read a case: whoever sees the household, the programme's group and its responsible person there. */
  "programme.readCase": ProgrammeCaseFacts;
  /** Act at the case's current step (advance or refuse): the step's role decides who. */
  "programme.act": ProgrammeCaseFacts;
  /** Close a case with a reason: staff of its compound, its responsible person, the person in charge. */
  "programme.closeCase": ProgrammeCaseFacts;
  /** Run the escalation of overdue steps by hand (it also runs on its own every minute). */
  "programme.escalate": undefined;
}
export type Action = keyof Resources;

type Rule<A extends Action> = (actor: Actor, resource: Resources[A]) => boolean;

const staff = (a: Actor) => isStaff(a);

const rules: { [A in Action]: Rule<A> } = {
  "account.manageOwn": () => true,
  "volunteer.home": (a) => a.role === "volunteer",
  "admin.home": staff,
  "report.monthly": staff,
  "people.list": staff,
  "people.read": (a, r) => a.id === r.id || coversPerson(a, r),
  // Organizers bring in volunteers and colleagues for their compounds; only an admin makes an admin or an
  // organizer of every compound.
  "people.invite": (a, r) => r.role !== "resident" && mayBecome(a, r),
  // Judged on the account as it is and, for a change of role or compound, as it is to become.
  "people.manage": (a, r) => a.id !== r.id && mayBecome(a, r) && (!r.next || mayBecome(a, r.next)),
  "mailbox.read": staff,
  "outbox.manage": staff,
  "email.preview": staff,
  "settings.manage": (a) => a.role === "admin",
  // Organizers see the entries of their compounds; which ones is audit/visibility.server.ts's one rule.
  "audit.read": staff,
  // Volunteers may open any published notice, to pass it on; residents only what is aimed at them.
  "announcement.read": (a, r) =>
    staff(a) || (r.published && (r.isPublic || a.role === "volunteer" || r.aimedAtActor)),
  "announcement.write": staff,
  "course.enrollSelf": (a) => a.role === "resident",
  "course.enrollResident": (a, r) =>
    coversCompound(a, r.compoundId) || (a.role === "volunteer" && r.pairedVolunteerId === a.id),
  "course.write": staff,
  // A course belongs to the compound it is held in; one held elsewhere in town to every compound.
  "course.manage": (a, r) => (r.compoundId === null ? staff(a) : coversCompound(a, r.compoundId)),
  "household.list": (a) => a.role !== "resident",
  "course.cancelPlace": (a, r) =>
    coversCompound(a, r.compoundId) ||
    (a.role === "resident" && r.userId === a.id) ||
    (a.role === "volunteer" && r.pairedVolunteerId === a.id),
  "course.certificate": (a, r) => r.userId === a.id || coversCompound(a, r.compoundId),
  "household.read": (a, r) => canSeeHousehold(a, r),
  // The household always reads its own; others only with its consent to `health`, and only those who act on
  // health needs: staff of the compound and the primary helper (not the supervisors above them).
  "household.readHealth": (a, r) =>
    r.memberUserIds.includes(a.id) ||
    (r.healthConsent && (coversCompound(a, r.compoundId) || r.helperIds[0] === a.id)),
  "household.write": (a, r) => coversCompound(a, r.compoundId),
  "household.verify": (a, r) => coversCompound(a, r.compoundId),
  "household.import": staff,
  "household.ledger": staff,
  "household.requestCorrection": (a, r) => a.role === "resident" && r.memberUserIds.includes(a.id),
  "household.handleCorrections": staff,
  "household.create": (a, r) => coversCompound(a, r.compoundId),
  "household.claim": (a) => a.role === "resident",
  "household.claimQueue": staff,
  "household.decideClaim": (a, r) => coversCompound(a, r.compoundId),
  "household.readAccessLog": (a, r) => a.role === "resident" && r.memberUserIds.includes(a.id),
  "visit.list": (a) => a.role !== "resident",
  // Only for a household the visiting volunteer is paired with; by themselves, a cadre above them, or staff.
  "visit.schedule": (a, r) => r.helperIds.includes(r.volunteerId) && overseesVolunteer(a, r),
  "visit.read": (a, r) => r.coVisitorIds.includes(a.id) || answersForVolunteer(a, r) || canSeeHousehold(a, r),
  "visit.manage": (a, r) => overseesVolunteer(a, r),
  "visit.record": (a, r) => r.coVisitorIds.includes(a.id) || overseesVolunteer(a, r),
  "roster.read": (a, r) =>
    (a.role === "volunteer" && r.chain.includes(a.id)) ||
    worksForAll(a) ||
    (a.role === "organizer" && r.compoundIds.some((c) => c === a.compoundId)),
  "volunteer.manage": (a, r) => coversCompound(a, r.compoundId),
  "roster.readAll": staff,
  // Cadres look down their own part of the linkage; staff at all of it.
  "roster.tree": (a) => staff(a) || isCadre(a),
  "roster.manage": staff,
  "pairing.write": (a, r) => coversCompound(a, r.compoundId),
  "pairing.read": (a, r) => a.id === r.volunteerId || canSeeHousehold(a, r),
  // The card is kept by the organizers of the compound and by the volunteer who signed it with the household.
  "agreement.write": (a, r) =>
    coversCompound(a, r.compoundId) || (a.role === "volunteer" && a.id === r.volunteerId),
  "help.list": () => true,
  "help.export": (a) => a.role !== "resident",
  // A resident asks for their own household; staff ask on a caller's behalf (the hotline).
  "help.ask": (a, r) =>
    (a.role === "resident" && r.memberUserIds.includes(a.id)) || coversCompound(a, r.compoundId),
  "help.record": staff,
  // Whoever a request escalated to holds it, even outside the household's linkage.
  "help.read": (a, r) => canSeeHousehold(a, r) || r.assignedToId === a.id,
  // Everyone who reads a household's request may act on it: help is urgent, and supervisors are its escalation.
  "help.handle": (a, r) => a.role !== "resident" && (canSeeHousehold(a, r) || r.assignedToId === a.id),
  "help.rate": (a, r) => a.role === "resident" && r.memberUserIds.includes(a.id),
  "help.manage": (a, r) => coversCompound(a, r.compoundId),
  "till.open": (a, r) => staff(a) || holds(r, "cashier"),
  "till.sell": (a, r) => sellsFor(a, r, r.compoundId),
  "till.refund": (a, r) =>
    (r.compoundId === null ? staff(a) : coversCompound(a, r.compoundId)) ||
    (r.sameDay && r.sellerId === a.id && sellsFor(a, r, r.compoundId)),
  "till.receipt": (a, r) =>
    (r.compoundId === null ? staff(a) : coversCompound(a, r.compoundId)) ||
    holds(r, "treasurer", r.compoundId) ||
    (r.sellerId === a.id && holds(r, "cashier")),
  "till.cashUp": (a, r) => staff(a) || holds(r, "treasurer") || (r.cashierId === a.id && holds(r, "cashier")),
  "fund.read": (a, r) => staff(a) || holds(r, "treasurer") || holds(r, "approver"),
  "fund.record": (a, r) => staff(a) || holds(r, "treasurer"),
  "stock.manage": (a, r) => staff(a) || holds(r, "treasurer"),
  "card.manage": (a, r) => coversCompound(a, r.compoundId) || holds(r, "treasurer", r.compoundId),
  "card.read": (a, r) =>
    (a.role === "resident" && r.memberUserIds.includes(a.id)) ||
    coversCompound(a, r.compoundId) ||
    holds(r, "treasurer", r.compoundId),
  "card.creditRun": (a, r) => coversCompoundOrAll(a, null) || holds(r, "treasurer", null),
  // Whoever helps the household, and staff of its compound, may ask for relief for it.
  "grant.propose": (a, r) => a.role !== "resident" && canSeeHousehold(a, r),
  "grant.read": (a, r) =>
    r.proposedById === a.id ||
    (a.role !== "resident" && canSeeHousehold(a, r)) ||
    holds(r, "approver", r.compoundId) ||
    holds(r, "treasurer", r.compoundId),
  "grant.decide": (a, r) =>
    a.id !== r.proposedById && (coversCompound(a, r.compoundId) || holds(r, "approver", r.compoundId)),
  "material.settings": (a) => a.role === "admin",
  "duty.manage": (a, r) =>
    a.role === "admin" ||
    (a.role === "organizer" &&
      coversCompound(a, r.personCompoundId) &&
      (a.compoundId === null || r.dutyCompoundId === a.compoundId)),
  "service.read": (a, r) => a.id === r.volunteerId || readsVolunteer(a, r),
  "service.decide": (a, r) => a.id !== r.volunteerId && readsVolunteer(a, r),
  "service.dispute": (a, r) => a.role === "volunteer" && a.id === r.volunteerId,
  "service.certify": (a, r) =>
    (a.role === "volunteer" && a.id === r.volunteerId) || (staff(a) && readsVolunteer(a, r)),
  "service.review": (a) => staff(a) || isSupervisor(a),
  "service.manage": staff,
  "team.view": (a) => isSupervisor(a),
  "volunteer.profileOwn": (a) => a.role === "volunteer",
  "programme.read": staff,
  // An organizer of one compound runs programmes for it alone; a community-wide one is an admin's or an
  // organizer's of every compound.
  "programme.write": (a, r) =>
    r.compoundIds.length === 0 ? worksForAll(a) : r.compoundIds.every((c) => coversCompound(a, c)),
  "programme.openCase": (a, r) =>
    coversCompound(a, r.compoundId) || (a.role === "resident" && r.memberUserIds.includes(a.id)),
  "programme.readCase": (a, r) => canSeeHousehold(a, r) || inProgrammeDuties(a, r),
  "programme.act": (a, r) => {
    switch (r.stepRole) {
      case "household":
        return r.memberUserIds.includes(a.id) || coversCompound(a, r.compoundId);
      case "compound":
        return coversCompound(a, r.compoundId) || (r.inScope && r.responsibleId === a.id);
      case "group":
        return a.role === "admin" || (r.inScope && (r.leaderId === a.id || r.groupIds.includes(a.id)));
      case "helper":
        return r.helperIds.includes(a.id) || coversCompound(a, r.compoundId);
    }
  },
  "programme.closeCase": (a, r) =>
    coversCompound(a, r.compoundId) || (r.inScope && (r.responsibleId === a.id || r.leaderId === a.id)),
  "programme.escalate": (a) => a.role === "admin",
};

/**
 * The programme's person in charge, its group's members and its responsible person for the compound — for a
 * case whose compound is in the programme's current scope only.
 */
function inProgrammeDuties(a: Actor, r: ProgrammeCaseFacts): boolean {
  return r.inScope && (r.leaderId === a.id || r.groupIds.includes(a.id) || r.responsibleId === a.id);
}

/** Tiers 1–3 have volunteers under them. */
function isSupervisor(a: Actor): boolean {
  return a.role === "volunteer" && a.volunteerTier !== null && a.volunteerTier <= 3;
}

/** The roster's rule (`roster.read`): anyone above the volunteer in the linkage, and staff of their compounds. */
function readsVolunteer(a: Actor, r: VolunteerFacts): boolean {
  return (
    (a.role === "volunteer" && r.chain.includes(a.id)) ||
    worksForAll(a) ||
    (a.role === "organizer" && r.compoundIds.some((c) => c === a.compoundId))
  );
}

/** Every action the policy knows, for tests and tooling. */
export const actions = Object.keys(rules) as Action[];

/**
 * Whether the actor holds `duty` for `compoundId`: a duty for the whole community covers every compound; with
 * `compoundId` undefined, a duty for any compound will do; null (the whole community) needs a community-wide duty.
 */
function holds(r: DutyFacts, duty: Duty, compoundId?: number | null): boolean {
  return r.duties.some(
    (d) =>
      d.duty === duty && (compoundId === undefined || d.compoundId === null || d.compoundId === compoundId),
  );
}

/** Staff or a cashier of the card's compound; for a sale to the public (null), any staff or cashier. */
function sellsFor(a: Actor, r: DutyFacts, compoundId: number | null): boolean {
  return compoundId === null
    ? isStaff(a) || holds(r, "cashier")
    : coversCompound(a, compoundId) || holds(r, "cashier", compoundId);
}

/** Staff of the compound; for community-wide things (null), an admin or an organizer of every compound. */
function coversCompoundOrAll(actor: Actor, compoundId: number | null): boolean {
  if (compoundId === null)
    return actor.role === "admin" || (actor.role === "organizer" && actor.compoundId === null);
  return coversCompound(actor, compoundId);
}

/**
 * Whom the linkage makes answer for a volunteer: the volunteer, everyone above them (any tier), and staff of
 * the household's compound. They read the volunteer's households, agreements and visits.
 */
function answersForVolunteer(
  a: Actor,
  r: { compoundId: number; volunteerId: number; volunteerChain: readonly number[] },
): boolean {
  return (
    a.id === r.volunteerId ||
    (a.role === "volunteer" && r.volunteerChain.includes(a.id)) ||
    coversCompound(a, r.compoundId)
  );
}

/**
 * Who may change a volunteer's visits: the volunteer, a cadre (tier 1–2) above them, or staff of the
 * household's compound. A tier-3 supervisor reads their tier-4 volunteers' visits and follows up with them,
 * but plans, moves and records nothing of theirs (docs/decisions/014-one-source-of-scope.md).
 */
function overseesVolunteer(
  a: Actor,
  r: { compoundId: number; volunteerId: number; volunteerChain: readonly number[] },
): boolean {
  return (
    a.id === r.volunteerId ||
    (isCadre(a) && r.volunteerChain.includes(a.id)) ||
    coversCompound(a, r.compoundId)
  );
}

/**
 * The same rule as the list scope (scope.server.ts): staff by compound, a resident their own household, a
 * volunteer the households paired with them or with anyone under them in the linkage, at any depth.
 */
function canSeeHousehold(a: Actor, r: HouseholdFacts): boolean {
  switch (a.role) {
    case "admin":
    case "organizer":
      return coversCompound(a, r.compoundId);
    case "resident":
      return r.memberUserIds.includes(a.id);
    case "volunteer":
      return r.helperChain.includes(a.id);
  }
}

/** Staff who cover an account's compound; an account of no compound only for staff of every compound. */
function coversPerson(a: Actor, r: PersonFacts): boolean {
  return worksForAll(a) || (r.compoundId !== null && coversCompound(a, r.compoundId));
}

/** Whether `a` may make someone this role in this compound (and so manage someone who already is). */
function mayBecome(a: Actor, next: PersonChange): boolean {
  if (a.role === "admin") return true;
  if (a.role !== "organizer" || next.role === "admin") return false;
  if (next.role === "organizer" && next.compoundId === null) return false;
  return worksForAll(a) || (next.compoundId !== null && coversCompound(a, next.compoundId));
}

export type ResourceArgs<A extends Action> = Resources[A] extends undefined ? [] : [resource: Resources[A]];

/** Whether `actor` may perform `action` (on `resource`, for actions about one record). */
export function can<A extends Action>(actor: Actor | null, action: A, ...resource: ResourceArgs<A>): boolean {
  if (!actor) return false;
  const rule = rules[action] as Rule<A>;
  return rule(actor, resource[0] as Resources[A]);
}
