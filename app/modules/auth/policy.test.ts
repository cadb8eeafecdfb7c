import { describe, expect, it } from "vitest";
import { actions, can, type Action, type Actor, type HouseholdFacts, type Resources } from "./policy";

// The actors of DESIGN.md's table. Ids: resident 1, tier-4 volunteer 2 under tier-3 volunteer 3 under
// tier-2 cadre 4 under tier-1 cadre 5; organizer 6 of compound 1; admin 7; organizer 8 of every compound.
// Volunteer 3 supervises volunteer 2: they read 2's households, pairings and visits, but change none of 2's
// visits (only cadres of tiers 1–2 do).
const actors = {
  resident: { id: 1, role: "resident", volunteerTier: null, compoundId: 1, supervisorId: null },
  volunteer4: { id: 2, role: "volunteer", volunteerTier: 4, compoundId: 1, supervisorId: 3 },
  volunteer3: { id: 3, role: "volunteer", volunteerTier: 3, compoundId: 1, supervisorId: 4 },
  cadre2: { id: 4, role: "volunteer", volunteerTier: 2, compoundId: 1, supervisorId: 5 },
  cadre1: { id: 5, role: "volunteer", volunteerTier: 1, compoundId: 1, supervisorId: null },
  organizer: { id: 6, role: "organizer", volunteerTier: null, compoundId: 1, supervisorId: null },
  admin: { id: 7, role: "admin", volunteerTier: null, compoundId: null, supervisorId: null },
  organizerAll: { id: 8, role: "organizer", volunteerTier: null, compoundId: null, supervisorId: null },
} satisfies Record<string, Actor>;
type Who = keyof typeof actors;

/** Resident 1's household in compound 1, paired with volunteer 2, whose chain runs up to 5. */
const ownHousehold: HouseholdFacts = {
  compoundId: 1,
  memberUserIds: [1],
  helperIds: [2],
  helperChain: [2, 3, 4, 5],
};
/** A household in compound 2 paired with volunteer 3 (chain 3, 4, 5). */
const otherHousehold: HouseholdFacts = {
  compoundId: 2,
  memberUserIds: [99],
  helperIds: [3],
  helperChain: [3, 4, 5],
};

const everyoneBut = (...excluded: Who[]) =>
  (Object.keys(actors) as Who[]).filter((who) => !excluded.includes(who));

type Case = { [A in Action]: { action: A; resource: Resources[A]; label: string; allowed: Who[] } }[Action];

const cases: Case[] = [
  {
    action: "account.manageOwn",
    resource: undefined,
    label: "",
    allowed: [
      "resident",
      "volunteer4",
      "volunteer3",
      "cadre2",
      "cadre1",
      "organizer",
      "admin",
      "organizerAll",
    ],
  },
  {
    action: "volunteer.home",
    resource: undefined,
    label: "",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1"],
  },
  { action: "admin.home", resource: undefined, label: "", allowed: ["organizer", "admin", "organizerAll"] },
  {
    action: "report.monthly",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  { action: "people.list", resource: undefined, label: "", allowed: ["organizer", "admin", "organizerAll"] },
  {
    action: "people.invite",
    resource: { role: "volunteer", compoundId: 1 },
    label: "a volunteer in compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "people.invite",
    resource: { role: "volunteer", compoundId: 2 },
    label: "a volunteer in compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "people.invite",
    resource: { role: "admin", compoundId: 1 },
    label: "an admin",
    allowed: ["admin"],
  },
  {
    action: "people.invite",
    resource: { role: "organizer", compoundId: null },
    label: "an organizer of every compound",
    allowed: ["admin"],
  },
  {
    action: "people.invite",
    resource: { role: "resident", compoundId: 1 },
    label: "a resident (they register)",
    allowed: [],
  },
  {
    action: "people.manage",
    resource: { id: 1, role: "resident", compoundId: 1 },
    label: "resident 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "people.manage",
    resource: { id: 2, role: "volunteer", compoundId: 1, next: { role: "admin", compoundId: 1 } },
    label: "promoting to admin",
    allowed: ["admin"],
  },
  {
    action: "people.manage",
    resource: { id: 2, role: "volunteer", compoundId: 1, next: { role: "organizer", compoundId: null } },
    label: "making an organizer of every compound",
    allowed: ["admin"],
  },
  {
    action: "people.manage",
    resource: { id: 2, role: "volunteer", compoundId: 1, next: { role: "organizer", compoundId: 2 } },
    label: "making an organizer of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "people.manage",
    resource: { id: 2, role: "volunteer", compoundId: 1, next: { role: "volunteer", compoundId: 2 } },
    label: "moving a volunteer to compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "people.manage",
    resource: { id: 9, role: "volunteer", compoundId: 2 },
    label: "a volunteer of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "people.manage",
    resource: { id: 10, role: "organizer", compoundId: null },
    label: "an organizer of every compound",
    allowed: ["admin"],
  },
  {
    action: "people.read",
    resource: { id: 9, role: "volunteer", compoundId: 2 },
    label: "a volunteer of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "people.read",
    resource: { id: 2, role: "volunteer", compoundId: 1 },
    label: "volunteer 2 of compound 1",
    allowed: ["volunteer4", "organizer", "admin", "organizerAll"],
  },
  {
    action: "people.manage",
    resource: { id: 7, role: "admin", compoundId: null },
    label: "the admin themself",
    allowed: [],
  },
  {
    action: "people.manage",
    resource: { id: 6, role: "organizer", compoundId: 1 },
    label: "the organizer",
    allowed: ["admin", "organizerAll"],
  },
  { action: "mailbox.read", resource: undefined, label: "", allowed: ["organizer", "admin", "organizerAll"] },
  {
    action: "outbox.manage",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "email.preview",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  { action: "settings.manage", resource: undefined, label: "", allowed: ["admin"] },
  { action: "audit.read", resource: undefined, label: "", allowed: ["organizer", "admin", "organizerAll"] },
  {
    action: "announcement.read",
    resource: { published: true, aimedAtActor: true, isPublic: false },
    label: "published and aimed at the reader",
    allowed: [
      "resident",
      "volunteer4",
      "volunteer3",
      "cadre2",
      "cadre1",
      "organizer",
      "admin",
      "organizerAll",
    ],
  },
  {
    action: "announcement.read",
    resource: { published: true, aimedAtActor: false, isPublic: false },
    label: "published for others",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "announcement.read",
    resource: { published: true, aimedAtActor: false, isPublic: true },
    label: "published and public",
    allowed: everyoneBut(),
  },
  {
    action: "announcement.read",
    resource: { published: false, aimedAtActor: false, isPublic: true },
    label: "a public draft",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "announcement.read",
    resource: { published: false, aimedAtActor: true, isPublic: false },
    label: "a draft",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "announcement.write",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  { action: "course.enrollSelf", resource: undefined, label: "", allowed: ["resident"] },
  {
    action: "course.enrollResident",
    resource: { pairedVolunteerId: 2, compoundId: 1 },
    label: "paired with volunteer 2",
    allowed: ["volunteer4", "organizer", "admin", "organizerAll"],
  },
  {
    action: "course.enrollResident",
    resource: { pairedVolunteerId: null, compoundId: 2 },
    label: "a resident of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "course.manage",
    resource: { compoundId: 1 },
    label: "a course held in compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "course.manage",
    resource: { compoundId: 2 },
    label: "a course held in compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "course.manage",
    resource: { compoundId: null },
    label: "a course held elsewhere in town",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  { action: "course.write", resource: undefined, label: "", allowed: ["organizer", "admin", "organizerAll"] },
  {
    action: "course.cancelPlace",
    resource: { userId: 1, pairedVolunteerId: 2, compoundId: 1 },
    label: "resident 1's place, paired with volunteer 2",
    allowed: ["resident", "volunteer4", "organizer", "admin", "organizerAll"],
  },
  {
    action: "course.cancelPlace",
    resource: { userId: 99, pairedVolunteerId: null, compoundId: 1 },
    label: "someone else's place",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "course.cancelPlace",
    resource: { userId: 99, pairedVolunteerId: null, compoundId: 2 },
    label: "a place of someone in compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "course.certificate",
    resource: { userId: 1, compoundId: 1 },
    label: "resident 1's certificate",
    allowed: ["resident", "organizer", "admin", "organizerAll"],
  },
  {
    action: "course.certificate",
    resource: { userId: 99, compoundId: 2 },
    label: "the certificate of someone in compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "household.read",
    resource: ownHousehold,
    label: "resident 1's household (paired with 2, whose supervisor is 3)",
    allowed: [
      "resident",
      "volunteer4",
      "volunteer3",
      "cadre2",
      "cadre1",
      "organizer",
      "admin",
      "organizerAll",
    ],
  },
  {
    action: "household.read",
    resource: otherHousehold,
    label: "a compound-2 household paired with 3",
    allowed: ["volunteer3", "cadre2", "cadre1", "admin", "organizerAll"],
  },
  {
    action: "household.write",
    resource: ownHousehold,
    label: "a compound-1 household",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "household.write",
    resource: otherHousehold,
    label: "a compound-2 household",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "household.list",
    resource: undefined,
    label: "",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "household.readHealth",
    resource: { ...ownHousehold, healthConsent: true },
    label: "a consenting household's health notes",
    allowed: ["resident", "volunteer4", "organizer", "admin", "organizerAll"],
  },
  {
    action: "household.readHealth",
    resource: { ...ownHousehold, healthConsent: false },
    label: "health notes without consent",
    allowed: ["resident"],
  },
  {
    action: "household.verify",
    resource: ownHousehold,
    label: "a compound-1 household",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "household.verify",
    resource: otherHousehold,
    label: "a compound-2 household",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "household.import",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "household.ledger",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "household.requestCorrection",
    resource: ownHousehold,
    label: "their own household",
    allowed: ["resident"],
  },
  {
    action: "household.requestCorrection",
    resource: otherHousehold,
    label: "someone else's household",
    allowed: [],
  },
  {
    action: "household.handleCorrections",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "household.readAccessLog",
    resource: ownHousehold,
    label: "their own household",
    allowed: ["resident"],
  },
  {
    action: "household.readAccessLog",
    resource: otherHousehold,
    label: "someone else's household",
    allowed: [],
  },
  { action: "visit.list", resource: undefined, label: "", allowed: everyoneBut("resident") },
  {
    action: "visit.schedule",
    resource: { ...ownHousehold, volunteerId: 2, volunteerChain: [2, 3, 4, 5] },
    label: "a visit by volunteer 2 to the household paired with them",
    allowed: ["volunteer4", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "visit.schedule",
    resource: { ...ownHousehold, volunteerId: 3, volunteerChain: [3, 4, 5] },
    label: "a visit by volunteer 3 to a household not paired with them",
    allowed: [],
  },
  {
    action: "visit.schedule",
    resource: { ...otherHousehold, volunteerId: 3, volunteerChain: [3, 4, 5] },
    label: "a visit by volunteer 3 in compound 2",
    allowed: ["volunteer3", "cadre2", "cadre1", "admin", "organizerAll"],
  },
  {
    action: "visit.read",
    resource: { ...ownHousehold, volunteerId: 2, volunteerChain: [2, 3, 4, 5], coVisitorIds: [] },
    label: "volunteer 2's visit",
    allowed: [
      "resident",
      "volunteer4",
      "volunteer3",
      "cadre2",
      "cadre1",
      "organizer",
      "admin",
      "organizerAll",
    ],
  },
  {
    action: "visit.read",
    resource: {
      ...otherHousehold,
      helperIds: [],
      helperChain: [],
      volunteerId: 3,
      volunteerChain: [3, 4, 5],
      coVisitorIds: [2],
    },
    label: "a visit in compound 2 by volunteer 3, since unpaired, with volunteer 2 along",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "admin", "organizerAll"],
  },
  {
    action: "visit.manage",
    resource: { ...ownHousehold, volunteerId: 2, volunteerChain: [2, 3, 4, 5], coVisitorIds: [3] },
    label: "volunteer 2's visit with volunteer 3 along",
    allowed: ["volunteer4", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "visit.record",
    resource: { ...ownHousehold, volunteerId: 2, volunteerChain: [2, 3, 4, 5], coVisitorIds: [3] },
    label: "volunteer 2's visit with volunteer 3 along",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "roster.read",
    resource: { chain: [2, 3, 4, 5], compoundId: 1, compoundIds: [1] },
    label: "volunteer 2 of compound 1",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "roster.read",
    resource: { chain: [9], compoundId: 2, compoundIds: [2] },
    label: "a volunteer of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "roster.read",
    resource: { chain: [9], compoundId: 2, compoundIds: [2, 1] },
    label: "a volunteer of compound 2 who also serves compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "volunteer.manage",
    resource: { compoundId: 2 },
    label: "a volunteer whose own compound is 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "volunteer.manage",
    resource: { compoundId: 1 },
    label: "a volunteer of compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "roster.readAll",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "roster.tree",
    resource: undefined,
    label: "",
    allowed: ["cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "roster.manage",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "pairing.write",
    resource: { compoundId: 1 },
    label: "a compound-1 household",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "pairing.read",
    resource: { ...ownHousehold, volunteerId: 2 },
    label: "volunteer 2's pairing",
    allowed: [
      "resident",
      "volunteer4",
      "volunteer3",
      "cadre2",
      "cadre1",
      "organizer",
      "admin",
      "organizerAll",
    ],
  },
  {
    action: "pairing.read",
    resource: { ...ownHousehold, helperIds: [], helperChain: [], volunteerId: 2 },
    label: "volunteer 2's ended pairing",
    allowed: ["resident", "volunteer4", "organizer", "admin", "organizerAll"],
  },
  {
    action: "help.list",
    resource: undefined,
    label: "",
    allowed: [
      "resident",
      "volunteer4",
      "volunteer3",
      "cadre2",
      "cadre1",
      "organizer",
      "admin",
      "organizerAll",
    ],
  },
  {
    action: "help.export",
    resource: undefined,
    label: "",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "help.ask",
    resource: ownHousehold,
    label: "resident 1's household",
    allowed: ["resident", "organizer", "admin", "organizerAll"],
  },
  {
    action: "help.ask",
    resource: otherHousehold,
    label: "another compound's household",
    allowed: ["admin", "organizerAll"],
  },
  { action: "help.record", resource: undefined, label: "", allowed: ["organizer", "admin", "organizerAll"] },
  {
    action: "help.read",
    resource: { ...ownHousehold, assignedToId: 2 },
    label: "a request held by its helper",
    allowed: [
      "resident",
      "volunteer4",
      "volunteer3",
      "cadre2",
      "cadre1",
      "organizer",
      "admin",
      "organizerAll",
    ],
  },
  {
    action: "help.read",
    resource: { ...otherHousehold, helperIds: [], helperChain: [], assignedToId: 3 },
    label: "a request escalated to volunteer 3 outside their households",
    allowed: ["volunteer3", "admin", "organizerAll"],
  },
  {
    action: "help.handle",
    resource: { ...ownHousehold, assignedToId: 3 },
    label: "a request escalated to the helper's supervisor",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "help.rate",
    resource: { ...ownHousehold, assignedToId: 2 },
    label: "resident 1's request",
    allowed: ["resident"],
  },
  {
    action: "help.manage",
    resource: { ...ownHousehold, assignedToId: 2 },
    label: "a request of compound 1, even its holder may not hand it on",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "help.manage",
    resource: { ...otherHousehold, assignedToId: null },
    label: "a request of another compound",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "agreement.write",
    resource: { ...ownHousehold, volunteerId: 2 },
    label: "volunteer 2's agreement",
    allowed: ["volunteer4", "organizer", "admin", "organizerAll"],
  },
  {
    action: "agreement.write",
    resource: { ...otherHousehold, volunteerId: 3 },
    label: "volunteer 3's agreement in compound 2",
    allowed: ["volunteer3", "admin", "organizerAll"],
  },
  // Material help: roles alone (duties are covered below).
  {
    action: "till.open",
    resource: { duties: [] },
    label: "without a duty",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "till.sell",
    resource: { duties: [], compoundId: 1 },
    label: "a card of compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "till.sell",
    resource: { duties: [], compoundId: 2 },
    label: "a card of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "till.refund",
    resource: { duties: [], compoundId: 1, sellerId: 2, sameDay: true },
    label: "a sale of compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "till.receipt",
    resource: { duties: [], compoundId: 1, sellerId: 2 },
    label: "a sale of compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "till.receipt",
    resource: { duties: [], compoundId: 2, sellerId: 2 },
    label: "a sale of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "till.receipt",
    resource: { duties: [], compoundId: null, sellerId: 2 },
    label: "a sale to the public",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "till.cashUp",
    resource: { duties: [], cashierId: 2 },
    label: "volunteer 2's day",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "fund.read",
    resource: { duties: [] },
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "fund.record",
    resource: { duties: [] },
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "stock.manage",
    resource: { duties: [] },
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "card.manage",
    resource: { duties: [], compoundId: 2 },
    label: "compound 2's cards",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "card.read",
    resource: { duties: [], ...ownHousehold },
    label: "resident 1's card",
    allowed: ["resident", "organizer", "admin", "organizerAll"],
  },
  { action: "card.creditRun", resource: { duties: [] }, label: "", allowed: ["admin", "organizerAll"] },
  {
    action: "grant.propose",
    resource: ownHousehold,
    label: "for resident 1's household",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "grant.read",
    resource: { duties: [], ...ownHousehold, proposedById: 2 },
    label: "volunteer 2's proposal",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "grant.decide",
    resource: { duties: [], compoundId: 1, proposedById: 6 },
    label: "the organizer's own proposal",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "grant.decide",
    resource: { duties: [], compoundId: 1, proposedById: 2 },
    label: "volunteer 2's proposal",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  { action: "material.settings", resource: undefined, label: "", allowed: ["admin"] },
  {
    action: "household.create",
    resource: { compoundId: 2 },
    label: "compound 2",
    allowed: ["admin", "organizerAll"],
  },
  { action: "household.claim", resource: undefined, label: "", allowed: ["resident"] },
  {
    action: "household.claimQueue",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "household.decideClaim",
    resource: { compoundId: 1 },
    label: "a claim in compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "duty.manage",
    resource: { personCompoundId: 1, dutyCompoundId: 1 },
    label: "compound 1's cashier",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "duty.manage",
    resource: { personCompoundId: 1, dutyCompoundId: null },
    label: "a community-wide duty",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "service.read",
    resource: { volunteerId: 2, chain: [2, 3, 4, 5], compoundId: 1, compoundIds: [1] },
    label: "volunteer 2's hours",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "service.read",
    resource: { volunteerId: 9, chain: [9], compoundId: 2, compoundIds: [2] },
    label: "hours of a volunteer of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "service.decide",
    resource: { volunteerId: 2, chain: [2, 3, 4, 5], compoundId: 1, compoundIds: [1] },
    label: "volunteer 2's hours (never their own)",
    allowed: ["volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "service.decide",
    resource: { volunteerId: 3, chain: [3, 4, 5], compoundId: 1, compoundIds: [1] },
    label: "volunteer 3's hours",
    allowed: ["cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "service.dispute",
    resource: { volunteerId: 2 },
    label: "volunteer 2's entry",
    allowed: ["volunteer4"],
  },
  {
    action: "service.certify",
    resource: { volunteerId: 2, chain: [2, 3, 4, 5], compoundId: 1, compoundIds: [1] },
    label: "volunteer 2's hours (themself or their staff)",
    allowed: ["volunteer4", "organizer", "admin", "organizerAll"],
  },
  {
    action: "service.review",
    resource: undefined,
    label: "",
    allowed: ["volunteer3", "cadre2", "cadre1", "organizer", "admin", "organizerAll"],
  },
  {
    action: "service.manage",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  { action: "team.view", resource: undefined, label: "", allowed: ["volunteer3", "cadre2", "cadre1"] },
  {
    action: "volunteer.profileOwn",
    resource: undefined,
    label: "",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1"],
  },
  {
    action: "programme.read",
    resource: undefined,
    label: "",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "programme.write",
    resource: { compoundIds: [1] },
    label: "a programme of compound 1",
    allowed: ["organizer", "admin", "organizerAll"],
  },
  {
    action: "programme.write",
    resource: { compoundIds: [] },
    label: "a programme of the whole community",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "programme.write",
    resource: { compoundIds: [1, 2] },
    label: "a programme of compounds 1 and 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "programme.openCase",
    resource: ownHousehold,
    label: "the resident's household",
    allowed: ["resident", "organizer", "admin", "organizerAll"],
  },
  {
    action: "programme.openCase",
    resource: otherHousehold,
    label: "a household of compound 2",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "programme.readCase",
    resource: {
      ...otherHousehold,
      stepRole: "group",
      leaderId: 5,
      groupIds: [4],
      responsibleId: 2,
      inScope: true,
    },
    label: "a case of compound 2 (cadre 5 in charge, 2 responsible)",
    allowed: ["volunteer4", "volunteer3", "cadre2", "cadre1", "admin", "organizerAll"],
  },
  {
    action: "programme.act",
    resource: {
      ...ownHousehold,
      stepRole: "household",
      leaderId: 5,
      groupIds: [],
      responsibleId: null,
      inScope: true,
    },
    label: "the household's own step",
    allowed: ["resident", "organizer", "admin", "organizerAll"],
  },
  {
    action: "programme.act",
    resource: {
      ...otherHousehold,
      stepRole: "compound",
      leaderId: 5,
      groupIds: [],
      responsibleId: 4,
      inScope: true,
    },
    label: "compound 2's review (cadre 4 responsible)",
    allowed: ["cadre2", "admin", "organizerAll"],
  },
  {
    action: "programme.act",
    resource: {
      ...ownHousehold,
      stepRole: "group",
      leaderId: 5,
      groupIds: [4],
      responsibleId: null,
      inScope: true,
    },
    label: "the group's approval",
    allowed: ["cadre2", "cadre1", "admin"],
  },
  {
    action: "programme.act",
    resource: {
      ...ownHousehold,
      stepRole: "helper",
      leaderId: 5,
      groupIds: [],
      responsibleId: null,
      inScope: true,
    },
    label: "the helper's delivery",
    allowed: ["volunteer4", "organizer", "admin", "organizerAll"],
  },
  {
    action: "programme.closeCase",
    resource: {
      ...otherHousehold,
      stepRole: "helper",
      leaderId: 5,
      groupIds: [4],
      responsibleId: null,
      inScope: true,
    },
    label: "a case of compound 2",
    allowed: ["cadre1", "admin", "organizerAll"],
  },
  // A case whose compound has left the programme's scope: its leader, group and responsible person lose it.
  {
    action: "programme.readCase",
    resource: {
      ...otherHousehold,
      stepRole: "group",
      leaderId: 5,
      groupIds: [4],
      responsibleId: 2,
      inScope: false,
    },
    label: "a case of compound 2, outside the programme's scope now",
    allowed: ["volunteer3", "cadre2", "cadre1", "admin", "organizerAll"],
  },
  {
    action: "programme.act",
    resource: {
      ...otherHousehold,
      stepRole: "compound",
      leaderId: 5,
      groupIds: [],
      responsibleId: 4,
      inScope: false,
    },
    label: "compound 2's review, compound 2 outside the scope now",
    allowed: ["admin", "organizerAll"],
  },
  {
    action: "programme.act",
    resource: {
      ...ownHousehold,
      stepRole: "group",
      leaderId: 5,
      groupIds: [4],
      responsibleId: null,
      inScope: false,
    },
    label: "the group's approval, the compound outside the scope now",
    allowed: ["admin"],
  },
  {
    action: "programme.closeCase",
    resource: {
      ...otherHousehold,
      stepRole: "helper",
      leaderId: 5,
      groupIds: [4],
      responsibleId: 6,
      inScope: false,
    },
    label: "a case of compound 2, outside the scope now",
    allowed: ["admin", "organizerAll"],
  },
  { action: "programme.escalate", resource: undefined, label: "", allowed: ["admin"] },
];

describe("policy: every role × action", () => {
  it("has a case for every action", () => {
    const covered = new Set(cases.map((c) => c.action));
    expect(actions.filter((a) => !covered.has(a))).toEqual([]);
  });

  for (const c of cases) {
    for (const who of Object.keys(actors) as Who[]) {
      const expected = c.allowed.includes(who);
      it(`${expected ? "allows" : "refuses"} ${who} ${c.action}${c.label ? ` on ${c.label}` : ""}`, () => {
        const check = can as (actor: Actor | null, action: Action, resource?: unknown) => boolean;
        expect(check(actors[who], c.action, c.resource)).toBe(expected);
      });
    }
  }

  it("refuses everything to someone who is not signed in", () => {
    const check = can as (actor: Actor | null, action: Action, resource?: unknown) => boolean;
    for (const c of cases) expect(check(null, c.action, c.resource)).toBe(false);
  });
});

describe("policy: duties beside the role", () => {
  const volunteer = actors.volunteer4;
  const cashierOf1 = { duties: [{ duty: "cashier", compoundId: 1 }] } as const;
  const treasurer = { duties: [{ duty: "treasurer", compoundId: null }] } as const;
  const approverOf1 = { duties: [{ duty: "approver", compoundId: 1 }] } as const;

  it("lets a cashier sell on cards of their compound and to the public, and nowhere else", () => {
    expect(can(volunteer, "till.open", cashierOf1)).toBe(true);
    expect(can(volunteer, "till.sell", { ...cashierOf1, compoundId: 1 })).toBe(true);
    expect(can(volunteer, "till.sell", { ...cashierOf1, compoundId: null })).toBe(true);
    expect(can(volunteer, "till.sell", { ...cashierOf1, compoundId: 2 })).toBe(false);
    expect(can(volunteer, "fund.read", cashierOf1)).toBe(false);
  });

  it("lets a cashier refund only their own sale, and only on its day", () => {
    const sale = { ...cashierOf1, compoundId: 1, sellerId: volunteer.id };
    expect(can(volunteer, "till.refund", { ...sale, sameDay: true })).toBe(true);
    expect(can(volunteer, "till.refund", { ...sale, sameDay: false })).toBe(false);
    expect(can(volunteer, "till.refund", { ...sale, sellerId: 99, sameDay: true })).toBe(false);
  });

  it("shows a cashier their own receipts, and a treasurer every one", () => {
    expect(can(volunteer, "till.receipt", { ...cashierOf1, compoundId: 1, sellerId: volunteer.id })).toBe(
      true,
    );
    expect(can(volunteer, "till.receipt", { ...cashierOf1, compoundId: 1, sellerId: 99 })).toBe(false);
    expect(can(volunteer, "till.receipt", { ...treasurer, compoundId: 2, sellerId: 99 })).toBe(true);
  });

  it("lets a treasurer record and run credits, and an approver decide what someone else proposed", () => {
    expect(can(volunteer, "fund.record", treasurer)).toBe(true);
    expect(can(volunteer, "card.creditRun", treasurer)).toBe(true);
    expect(can(volunteer, "grant.decide", { ...approverOf1, compoundId: 1, proposedById: 3 })).toBe(true);
    expect(
      can(volunteer, "grant.decide", { ...approverOf1, compoundId: 1, proposedById: volunteer.id }),
    ).toBe(false);
    expect(can(volunteer, "grant.decide", { ...approverOf1, compoundId: 2, proposedById: 3 })).toBe(false);
  });
});
