// The one place that decides who may do what (DESIGN.md, "Roles and what they may see").
// Pure: record rules take facts about the record that the caller loads, so the UI can ask what to show and
// the server, through guard.server.ts, what to allow. A domain adds its actions to `rules` below.
import type { Role } from "#db/schema/core";

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
function coversCompound(actor: Actor, compoundId: number | null): boolean {
  if (actor.role === "admin") return true;
  return actor.role === "organizer" && (actor.compoundId === null || actor.compoundId === compoundId);
}

/** Facts about a household (or one of its visits) that decide who may see it. */
export interface HouseholdFacts {
  compoundId: number;
  /** Accounts of the household's own residents. */
  memberUserIds: readonly number[];
  /** The paired volunteer first, then their supervisor, and so on up the linkage chain. */
  helperChain: readonly number[];
}

/** Facts about an account someone wants to manage. */
export interface PersonFacts {
  id: number;
  role: Role;
  compoundId: number | null;
}

/** The record each action is about; `undefined` for actions that are not about one record. */
export interface Resources {
  "account.manageOwn": undefined;
  "volunteer.home": undefined;
  "admin.home": undefined;
  "people.list": undefined;
  "people.invite": { role: Role; compoundId: number | null };
  "people.manage": PersonFacts & { newRole?: Role };
  "mailbox.read": undefined;
  "outbox.manage": undefined;
  "email.preview": undefined;
  "settings.manage": undefined;
  "audit.read": undefined;
  /** Whether it is published, and whether its audience reaches the actor (or a household they are paired with). */
  "announcement.read": { published: boolean; aimedAtActor: boolean };
  "announcement.write": undefined;
  "course.enrollSelf": undefined;
  "course.enrollResident": { pairedVolunteerId: number | null };
  "course.write": undefined;
  "household.read": HouseholdFacts;
  "household.write": HouseholdFacts;
  "visit.read": HouseholdFacts & { volunteerId: number };
  "roster.read": { chain: readonly number[] };
  "roster.readAll": undefined;
}
export type Action = keyof Resources;

type Rule<A extends Action> = (actor: Actor, resource: Resources[A]) => boolean;

const staff = (a: Actor) => isStaff(a);

const rules: { [A in Action]: Rule<A> } = {
  "account.manageOwn": () => true,
  "volunteer.home": (a) => a.role === "volunteer",
  "admin.home": staff,
  "people.list": staff,
  // Organizers bring in volunteers and colleagues; only an admin makes another admin.
  "people.invite": (a, r) =>
    r.role !== "resident" && (a.role === "admin" || (r.role !== "admin" && coversCompound(a, r.compoundId))),
  "people.manage": (a, r) =>
    a.id !== r.id &&
    (a.role === "admin" || (r.role !== "admin" && r.newRole !== "admin" && coversCompound(a, r.compoundId))),
  "mailbox.read": staff,
  "outbox.manage": staff,
  "email.preview": staff,
  "settings.manage": (a) => a.role === "admin",
  "audit.read": (a) => a.role === "admin",
  // Volunteers may open any published notice, to pass it on; residents only what is aimed at them.
  "announcement.read": (a, r) => staff(a) || (r.published && (a.role === "volunteer" || r.aimedAtActor)),
  "announcement.write": staff,
  "course.enrollSelf": (a) => a.role === "resident",
  "course.enrollResident": (a, r) => staff(a) || (a.role === "volunteer" && r.pairedVolunteerId === a.id),
  "course.write": staff,
  "household.read": (a, r) => canSeeHousehold(a, r),
  "household.write": (a, r) => coversCompound(a, r.compoundId),
  "visit.read": (a, r) => a.id === r.volunteerId || canSeeHousehold(a, r),
  "roster.read": (a, r) => staff(a) || (a.role !== "resident" && r.chain.includes(a.id)),
  "roster.readAll": staff,
};

/** Every action the policy knows, for tests and tooling. */
export const actions = Object.keys(rules) as Action[];

function canSeeHousehold(a: Actor, r: HouseholdFacts): boolean {
  switch (a.role) {
    case "admin":
    case "organizer":
      return coversCompound(a, r.compoundId);
    case "resident":
      return r.memberUserIds.includes(a.id);
    case "volunteer":
      // A volunteer sees the household paired with them; a cadre also those of volunteers under them.
      return r.helperChain[0] === a.id || (isCadre(a) && r.helperChain.includes(a.id));
  }
}

export type ResourceArgs<A extends Action> = Resources[A] extends undefined ? [] : [resource: Resources[A]];

/** Whether `actor` may perform `action` (on `resource`, for actions about one record). */
export function can<A extends Action>(actor: Actor | null, action: A, ...resource: ResourceArgs<A>): boolean {
  if (!actor) return false;
  const rule = rules[action] as Rule<A>;
  return rule(actor, resource[0] as Resources[A]);
}
