// The permission matrix (issue 14): every route that takes an id in its path or its query, with who may read
// it (GET) and who may change through it (POST with a valid-looking intent), for each kind of person the
// demo community has. tests/e2e/permissions.spec.ts runs every cell against the built app and fails when a
// route file with an id has no row here: a new page states its rule in this table.
//
// Outcomes: "allow" is any answer but a refusal (2xx, 400 for a form the guard let through, a redirect
// elsewhere); "deny" is 403, 404 or a redirect to the sign-in page; "redirect" is a redirect to another
// page that decides for itself. Changes send a body that the guard lets through to validation, which then
// refuses it (400), so that the matrix changes nothing in the demo data it reads.

export const roles = [
  "anonymous",
  "resident",
  "volunteer1",
  "volunteer2",
  /** Tier 3; supervises volunteer4 (the supervisor of issue 14's hole 4). */
  "volunteer3",
  "volunteer4",
  /** organizer@example.org, organizer of compound A (the first compound). */
  "organizerA",
  /** organizer.all@example.org, organizer of every compound. */
  "organizerAll",
  "admin",
] as const;
export type Role = (typeof roles)[number];
export type Outcome = "allow" | "deny" | "redirect";
export type Rule = Record<Role, Outcome>;

/** The records the matrix points at, found or made in the e2e database before it runs. */
export interface World {
  /** The demo resident's household (compound A), paired with volunteer4. */
  residentHousehold: number;
  /** A household of another compound (B), paired with a volunteer of B. */
  householdB: number;
  /** Compound A (the demo's) and compound B. */
  compoundA: number;
  compoundB: number;
  /** volunteer4's pairing with the resident's household, and a pairing in compound B. */
  pairingA: number;
  pairingB: number;
  /** A visit led by volunteer4 to the resident's household, and a visit in compound B. */
  visitA: number;
  visitB: number;
  /** A help request of the resident's household held by volunteer4, and one of compound B. */
  helpA: number;
  helpB: number;
  /** Published courses held in compound A and in compound B, each with a session. */
  courseA: number;
  courseB: number;
  sessionA: number;
  sessionB: number;
  /** The demo resident's completed place in course A (a certificate), and one of a resident of B. */
  certificateA: number;
  certificateB: number;
  /** volunteer4's account, a volunteer of compound B, and the demo admin. */
  volunteer4: number;
  volunteerB: number;
  admin: number;
  /** Accounts without a password yet (their invitation can be resent or withdrawn), in compounds A and B. */
  invitedA: number;
  invitedB: number;
  announcement: number;
  /** A published public notice (aimed at volunteers of compound B only). */
  publicAnnouncement: number;
  /** The QR token of household B's current connection card. */
  cardToken: string;
  /** A copy of an email in the staff mailbox (masked, so its body is shown), and a message in the resident's own. */
  mailboxMessage: number;
  message: number;
  /** The resident's love card (compound A) and a card of compound B. */
  cardA: number;
  cardB: number;
  /** A sale on card A by volunteer4 (the cashier of compound A), and one on card B by the admin. */
  saleA: number;
  saleB: number;
  /** A cash donation to the fund (a movement of the ledger) and a supermarket item. */
  donation: number;
  item: number;
  /** Proposed relief grants: for the resident's household by volunteer4, and in compound B by its volunteer. */
  grantA: number;
  grantB: number;
  /** The first member of the resident's household, and of the household of compound B. */
  memberA: number;
  memberB: number;
  /** Residents' claims (decided) on the resident's household and on the household of compound B. */
  claimA: number;
  claimB: number;
  /** A service certificate of volunteer4's hours, and the token of its public page. */
  serviceCertificate: number;
  serviceCertificateToken: string;
  /** A community-wide programme led by volunteer1 whose one step is the compound's review. */
  programme: number;
  /** Its cases: the resident's household, and the household of compound B. */
  programmeCaseA: number;
  programmeCaseB: number;
}

export interface Probe {
  /** What the probe is about, for the test's name. */
  label: string;
  path: (w: World) => string;
  read: Rule;
  /** The form posted; a function where it names a record of the World (an id in the body). */
  change?: { body: Record<string, string> | ((w: World) => Record<string, string>); rule: Rule };
}

export interface RouteRow {
  /** The file in app/routes. */
  file: string;
  /** The rule in words, as the report and the coordinator's matrix state it. */
  rule: string;
  probes: Probe[];
}

const everyone: Rule = {
  anonymous: "allow",
  resident: "allow",
  volunteer1: "allow",
  volunteer2: "allow",
  volunteer3: "allow",
  volunteer4: "allow",
  organizerA: "allow",
  organizerAll: "allow",
  admin: "allow",
};

/** The roles given, allowed; everyone else refused. */
function only(...allowed: Role[]): Rule {
  return Object.fromEntries(roles.map((r) => [r, allowed.includes(r) ? "allow" : "deny"])) as Rule;
}
const nobody = only();
/** Everyone, signed in or not, sent on to another page. */
const sentOn = Object.fromEntries(roles.map((r) => [r, "redirect"])) as Rule;
const signedIn = only(...roles.filter((r) => r !== "anonymous"));
const staff = only("organizerA", "organizerAll", "admin");
const staffOfAll = only("organizerAll", "admin");
const volunteer4AndAbove: Role[] = ["volunteer1", "volunteer2", "volunteer3", "volunteer4"];
const cadresAndStaff = only("volunteer1", "volunteer2", "organizerA", "organizerAll", "admin");
const nonResidents = only(...volunteer4AndAbove, "organizerA", "organizerAll", "admin");
/** The resident's household: the resident, volunteer4 and everyone above them, staff of compound A. */
const householdA = only("resident", ...volunteer4AndAbove, "organizerA", "organizerAll", "admin");
/** With some roles sent elsewhere instead. */
/** Who holds fund.read in the demo: staff, and volunteer2 (approver of compound A). */
const fundReaders = only("volunteer2", "organizerA", "organizerAll", "admin");
const redirecting = (rule: Rule, ...sent: Role[]): Rule => ({
  ...rule,
  ...Object.fromEntries(sent.map((r) => [r, "redirect"])),
});

export const matrix: RouteRow[] = [
  {
    file: "$.tsx",
    rule: "any path no route claims: 404 for everyone",
    probes: [{ label: "an unknown path", path: () => "/no-such-page/42", read: nobody }],
  },
  {
    file: "households.$id._index.tsx",
    rule: "household.read: its members, its helpers and everyone above them, staff of its compound",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/households/${w.residentHousehold}`,
        read: householdA,
      },
      { label: "a household of compound B", path: (w) => `/households/${w.householdB}`, read: staffOfAll },
    ],
  },
  {
    file: "households.$id.edit.tsx",
    rule: "household.write: staff of the household's compound",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/households/${w.residentHousehold}/edit`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a household of compound B",
        path: (w) => `/households/${w.householdB}/edit`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "households.$id.verify.tsx",
    rule: "household.verify: staff of the household's compound",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/households/${w.residentHousehold}/verify`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a household of compound B",
        path: (w) => `/households/${w.householdB}/verify`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "households.$id.members.new.tsx",
    rule: "household.write: staff of the household's compound add a member",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/households/${w.residentHousehold}/members/new`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a household of compound B",
        path: (w) => `/households/${w.householdB}/members/new`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "households.$id.members.$memberId.tsx",
    rule: "household.write: staff of the household's compound edit or remove a member of it",
    probes: [
      {
        label: "a member of the resident's household",
        path: (w) => `/households/${w.residentHousehold}/members/${w.memberA}`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a member of compound B",
        path: (w) => `/households/${w.householdB}/members/${w.memberB}`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
      {
        label: "a member of compound B named under the resident's household",
        path: (w) => `/households/${w.residentHousehold}/members/${w.memberB}`,
        read: nobody,
      },
    ],
  },
  {
    file: "households.$id.link.tsx",
    rule: "household.write: staff of the household's compound link and unlink accounts",
    probes: [
      {
        label: "a member of the resident's household",
        path: (w) => `/households/${w.residentHousehold}/link?member=${w.memberA}`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a member of compound B",
        path: (w) => `/households/${w.householdB}/link?member=${w.memberB}`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "households.$id.close.tsx",
    rule: "household.write: staff of the household's compound close it",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/households/${w.residentHousehold}/close`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a household of compound B",
        path: (w) => `/households/${w.householdB}/close`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "households.claims.$id.tsx",
    rule: "household.decideClaim: staff of the claim's compound",
    probes: [
      {
        label: "a claim in compound A",
        path: (w) => `/households/claims/${w.claimA}`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a claim in compound B",
        path: (w) => `/households/claims/${w.claimB}`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "cards.connection.$householdId.tsx",
    rule: "household.read (the card names the household and its helper)",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/cards/connection/${w.residentHousehold}`,
        read: householdA,
      },
      {
        label: "a household of compound B",
        path: (w) => `/cards/connection/${w.householdB}`,
        read: staffOfAll,
      },
    ],
  },
  {
    file: "cards.connection._index.tsx",
    rule: "?compound=: pairing.write for that compound (staff of it)",
    probes: [
      { label: "compound A", path: (w) => `/cards/connection?compound=${w.compoundA}`, read: staff },
      { label: "compound B", path: (w) => `/cards/connection?compound=${w.compoundB}`, read: staffOfAll },
    ],
  },
  {
    file: "help.$id.tsx",
    rule: "help.read to read; help.handle (readers but residents) or help.rate (the resident) to change",
    probes: [
      {
        label: "the resident's request",
        path: (w) => `/help/${w.helpA}`,
        read: householdA,
        change: { body: { intent: "note" }, rule: nonResidents },
      },
      {
        label: "a request of compound B",
        path: (w) => `/help/${w.helpB}`,
        read: staffOfAll,
        change: { body: { intent: "note" }, rule: staffOfAll },
      },
    ],
  },
  {
    file: "help.ask.tsx",
    rule: "?household=: help.ask (the household's resident); staff are sent to the hotline form",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/help/ask?household=${w.residentHousehold}`,
        read: redirecting(only("resident"), "organizerA", "organizerAll", "admin"),
      },
      {
        label: "a household of compound B",
        path: (w) => `/help/ask?household=${w.householdB}`,
        read: redirecting(nobody, "organizerA", "organizerAll", "admin"),
      },
    ],
  },
  {
    file: "admin.help.hotline.tsx",
    rule: "help.record (staff); ?household=: help.ask, staff of the household's compound",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/admin/help/hotline?household=${w.residentHousehold}`,
        read: staff,
      },
      {
        label: "a household of compound B",
        path: (w) => `/admin/help/hotline?household=${w.householdB}`,
        read: staffOfAll,
      },
    ],
  },
  {
    file: "pairings.$id.agreement.tsx",
    rule: "pairing.read to read (its volunteer and everyone above, the household, staff); agreement.write to change",
    probes: [
      {
        label: "volunteer4's pairing",
        path: (w) => `/pairings/${w.pairingA}/agreement`,
        read: householdA,
        change: { body: { intent: "note" }, rule: only("volunteer4", "organizerA", "organizerAll", "admin") },
      },
      {
        label: "a pairing of compound B",
        path: (w) => `/pairings/${w.pairingB}/agreement`,
        read: staffOfAll,
        change: { body: { intent: "note" }, rule: staffOfAll },
      },
    ],
  },
  {
    file: "pairings.new.tsx",
    rule: "?household= or ?reassign=: pairing.write, staff of the household's compound",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/pairings/new?household=${w.residentHousehold}`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a household of compound B",
        path: (w) => `/pairings/new?household=${w.householdB}`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
      {
        label: "reassigning volunteer4's pairing",
        path: (w) => `/pairings/new?reassign=${w.pairingA}`,
        read: staff,
      },
    ],
  },
  {
    file: "visits.$id.tsx",
    rule: "visit.read (its visitors, the lead's chain, the household, staff); visit.manage to move (cadres, staff)",
    probes: [
      {
        label: "volunteer4's visit",
        path: (w) => `/visits/${w.visitA}`,
        read: householdA,
        change: {
          body: { intent: "cancel" },
          rule: only("volunteer1", "volunteer2", "volunteer4", "organizerA", "organizerAll", "admin"),
        },
      },
      {
        label: "a visit in compound B",
        path: (w) => `/visits/${w.visitB}`,
        read: staffOfAll,
        change: { body: { intent: "cancel" }, rule: staffOfAll },
      },
    ],
  },
  {
    file: "visits.$id_.ics.ts",
    rule: "visit.read",
    probes: [
      { label: "volunteer4's visit", path: (w) => `/visits/${w.visitA}/ics`, read: householdA },
      { label: "a visit in compound B", path: (w) => `/visits/${w.visitB}/ics`, read: staffOfAll },
    ],
  },
  {
    file: "visits.new.tsx",
    rule: "visit.list; ?volunteer= on the user's roster (staff, cadres above); ?household= visit.schedule (or household.read for staff)",
    probes: [
      {
        label: "the resident's household, as its own helper",
        path: (w) => `/visits/new?household=${w.residentHousehold}`,
        read: only("volunteer4", "organizerA", "organizerAll", "admin"),
      },
      {
        label: "volunteer4's visit to the resident's household, planned by someone above",
        path: (w) => `/visits/new?volunteer=${w.volunteer4}&household=${w.residentHousehold}`,
        read: only("volunteer1", "volunteer2", "volunteer4", "organizerA", "organizerAll", "admin"),
      },
      {
        label: "a household of compound B",
        path: (w) => `/visits/new?household=${w.householdB}`,
        read: staffOfAll,
      },
      {
        label: "a volunteer of compound B",
        path: (w) => `/visits/new?volunteer=${w.volunteerB}`,
        read: staffOfAll,
      },
    ],
  },
  {
    file: "roster.volunteers.$id.tsx",
    rule: "roster.read (the volunteer and everyone above, staff of a compound they serve); volunteer.manage to change",
    probes: [
      {
        label: "volunteer4",
        path: (w) => `/roster/volunteers/${w.volunteer4}`,
        read: only(...volunteer4AndAbove, "organizerA", "organizerAll", "admin"),
        change: { body: { intent: "leave" }, rule: staff },
      },
      {
        label: "a volunteer of compound B",
        path: (w) => `/roster/volunteers/${w.volunteerB}`,
        read: staffOfAll,
        change: { body: { intent: "leave" }, rule: staffOfAll },
      },
    ],
  },
  {
    file: "roster.volunteers.$id_.pair.tsx",
    rule: "a volunteer on the user's roster, active, serving a compound where the user has pairing.write (staff)",
    probes: [
      {
        label: "volunteer4",
        path: (w) => `/roster/volunteers/${w.volunteer4}/pair`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a volunteer of compound B",
        path: (w) => `/roster/volunteers/${w.volunteerB}/pair`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "pick.volunteers.ts",
    rule: "?household=: pairing.write on the household's compound (staff); volunteers on the user's roster",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/pick/volunteers?household=${w.residentHousehold}&q=志愿`,
        read: staff,
      },
      {
        label: "a household of compound B",
        path: (w) => `/pick/volunteers?household=${w.householdB}&q=志愿`,
        read: staffOfAll,
      },
    ],
  },
  {
    file: "pick.pairable-households.ts",
    rule: "?volunteer=: as roster.volunteers.$id_.pair.tsx",
    probes: [
      {
        label: "volunteer4",
        path: (w) => `/pick/pairable-households?volunteer=${w.volunteer4}&q=张`,
        read: staff,
      },
      {
        label: "a volunteer of compound B",
        path: (w) => `/pick/pairable-households?volunteer=${w.volunteerB}&q=张`,
        read: staffOfAll,
      },
    ],
  },
  {
    file: "service._index.tsx",
    rule: "service.read (the volunteer, everyone above them, staff of a compound they serve); a dispute only of one's own",
    probes: [
      {
        label: "volunteer4's hours",
        path: (w) => `/service?volunteer=${w.volunteer4}`,
        read: only(...volunteer4AndAbove, "organizerA", "organizerAll", "admin"),
        change: {
          body: { intent: "dispute" },
          rule: only(...volunteer4AndAbove, "organizerA", "organizerAll", "admin"),
        },
      },
      {
        label: "a volunteer of compound B",
        path: (w) => `/service?volunteer=${w.volunteerB}`,
        read: staffOfAll,
        change: { body: { intent: "dispute" }, rule: staffOfAll },
      },
    ],
  },
  {
    file: "service.certificates.$id.tsx",
    rule: "service.read on the certificate's volunteer: the volunteer, everyone above them, their staff",
    probes: [
      {
        label: "volunteer4's certificate",
        path: (w) => `/service/certificates/${w.serviceCertificate}`,
        read: only(...volunteer4AndAbove, "organizerA", "organizerAll", "admin"),
      },
    ],
  },
  {
    file: "v.$token.tsx",
    rule: "the certificate's token, not the session: anyone may confirm a certificate; an unknown token is 404",
    probes: [
      { label: "volunteer4's certificate", path: (w) => `/v/${w.serviceCertificateToken}`, read: everyone },
      { label: "an unknown certificate", path: () => "/v/no-such-certificate-token", read: nobody },
    ],
  },
  {
    file: "roster._index.tsx",
    rule: "roster.tree (cadres, staff); ?root= and ?compound= only within the reader's reach",
    probes: [
      { label: "a root in compound B", path: (w) => `/roster?root=${w.volunteerB}`, read: cadresAndStaff },
      {
        label: "the table of compound B",
        path: (w) => `/roster?view=table&compound=${w.compoundB}`,
        read: cadresAndStaff,
      },
    ],
  },
  {
    file: "pairings._index.tsx",
    rule: "roster.tree (cadres, staff); ?compound= narrows within the reader's pairing.read scope, never widens it",
    probes: [{ label: "compound B", path: (w) => `/pairings?compound=${w.compoundB}`, read: cadresAndStaff }],
  },
  {
    file: "pairings.export[.csv].ts",
    rule: "as pairings._index.tsx: roster.tree; the rows are the list's, in the reader's scope",
    probes: [
      {
        label: "compound B",
        path: (w) => `/pairings/export.csv?compound=${w.compoundB}`,
        read: cadresAndStaff,
      },
    ],
  },
  {
    file: "service.export[.csv].ts",
    rule: "service.manage (staff); ?volunteer= narrows to that volunteer within the reader's reach (none beyond it)",
    probes: [
      {
        label: "a volunteer of compound B",
        path: (w) => `/service/export.csv?volunteer=${w.volunteerB}`,
        read: staff,
      },
    ],
  },
  {
    file: "roster.coverage.tsx",
    rule: "roster.manage (staff); the list holds only the reader's compounds",
    probes: [{ label: "compound B", path: (w) => `/roster/coverage?compound=${w.compoundB}`, read: staff }],
  },
  {
    file: "roster.export[.csv].ts",
    rule: "roster.tree (cadres, staff); the rows are the reader's reach",
    probes: [
      {
        label: "compound B",
        path: (w) => `/roster/export.csv?compound=${w.compoundB}`,
        read: cadresAndStaff,
      },
    ],
  },
  {
    file: "households._index.tsx",
    rule: "household.list (all but residents); the list is the reader's reach",
    probes: [{ label: "compound B", path: (w) => `/households?compound=${w.compoundB}`, read: nonResidents }],
  },
  {
    file: "visits._index.tsx",
    rule: "visit.list (all but residents); ?volunteer= and ?compound= only narrow the reader's own list",
    probes: [
      {
        label: "a volunteer and compound of B",
        path: (w) => `/visits?tab=past&volunteer=${w.volunteerB}&compound=${w.compoundB}`,
        read: nonResidents,
      },
    ],
  },
  {
    file: "visits.export[.csv].ts",
    rule: "visit.list; the rows are the page's (same scope, same filters)",
    probes: [
      {
        label: "a volunteer and compound of B",
        path: (w) => `/visits/export.csv?tab=past&volunteer=${w.volunteerB}&compound=${w.compoundB}`,
        read: nonResidents,
      },
    ],
  },
  {
    file: "households.overdue.tsx",
    rule: "household.list; the list is the reader's reach",
    probes: [
      { label: "compound B", path: (w) => `/households/overdue?compound=${w.compoundB}`, read: nonResidents },
    ],
  },
  {
    file: "ledgers.$level._index.tsx",
    rule: "household.ledger (staff); the counts are the reader's compounds",
    probes: [{ label: "the extreme ledger", path: () => "/ledgers/extreme", read: staff }],
  },
  {
    file: "ledgers.$level.export.ts",
    rule: "household.ledger; the rows are the reader's compounds",
    probes: [{ label: "the extreme ledger", path: () => "/ledgers/extreme/export", read: staff }],
  },
  {
    file: "ledgers.$level.print.tsx",
    rule: "household.ledger; the rows are the reader's compounds",
    probes: [{ label: "the extreme ledger", path: () => "/ledgers/extreme/print", read: staff }],
  },
  {
    file: "admin.people.$id.tsx",
    rule: "people.read (staff of the account's compound) to read; people.manage, judged before and after, to change",
    probes: [
      {
        label: "volunteer4",
        path: (w) => `/admin/people/${w.volunteer4}`,
        read: staff,
        change: { body: { intent: "assign" }, rule: staff },
      },
      {
        label: "a volunteer of compound B",
        path: (w) => `/admin/people/${w.volunteerB}`,
        read: staffOfAll,
        change: { body: { intent: "assign" }, rule: staffOfAll },
      },
      {
        label: "the admin",
        path: (w) => `/admin/people/${w.admin}`,
        read: staff,
        change: { body: { intent: "assign" }, rule: nobody },
      },
    ],
  },
  {
    file: "admin.people.invitations.tsx",
    rule: "people.list (staff) to read, the reader's compounds; people.invite for the account to resend or withdraw",
    probes: [
      {
        label: "an invitation in compound A",
        path: () => "/admin/people/invitations",
        read: staff,
        change: {
          body: (w) => ({ intent: "withdraw", userId: String(w.invitedA) }),
          rule: redirecting(staff, "organizerA", "organizerAll", "admin"),
        },
      },
      {
        label: "an invitation in compound B",
        path: () => "/admin/people/invitations",
        read: staff,
        change: {
          body: (w) => ({ intent: "resend", userId: String(w.invitedB) }),
          rule: redirecting(nobody, "organizerAll", "admin"),
        },
      },
    ],
  },
  {
    file: "admin.people._index.tsx",
    rule: "people.list (staff); the list is the reader's compounds",
    probes: [{ label: "compound B", path: (w) => `/admin/people?compound=${w.compoundB}`, read: staff }],
  },
  {
    file: "admin.courses.$id.tsx",
    rule: "course.write (staff) to read, participants limited to the reader's compounds; course.manage to move the course",
    probes: [
      {
        label: "a course held in compound A",
        path: (w) => `/admin/courses/${w.courseA}`,
        read: staff,
        change: { body: { intent: "publish" }, rule: staff },
      },
      {
        label: "a course held in compound B",
        path: (w) => `/admin/courses/${w.courseB}`,
        read: staff,
        change: { body: { intent: "publish" }, rule: staffOfAll },
      },
    ],
  },
  {
    file: "admin.courses.$id_.edit.tsx",
    rule: "course.manage: staff of the compound the course is held in (any staff for one held elsewhere)",
    probes: [
      {
        label: "a course held in compound A",
        path: (w) => `/admin/courses/${w.courseA}/edit`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a course held in compound B",
        path: (w) => `/admin/courses/${w.courseB}/edit`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "admin.courses.$id_.enrollments[.csv].ts",
    rule: "course.write; the rows are the participants of the reader's compounds",
    probes: [
      {
        label: "a course held in compound B",
        path: (w) => `/admin/courses/${w.courseB}/enrollments.csv`,
        read: staff,
      },
    ],
  },
  {
    file: "admin.courses.$id_.enrollments[.xlsx].ts",
    rule: "the same loader as the CSV: course.write; the rows are the participants of the reader's compounds",
    probes: [
      {
        label: "a course held in compound B",
        path: (w) => `/admin/courses/${w.courseB}/enrollments.xlsx`,
        read: staff,
      },
    ],
  },
  {
    file: "admin.courses.$id_.sheet.tsx",
    rule: "course.write; the rows are the participants of the reader's compounds",
    probes: [
      { label: "a course held in compound B", path: (w) => `/admin/courses/${w.courseB}/sheet`, read: staff },
    ],
  },
  {
    file: "admin.courses.$id_.sessions.$sid.attendance.tsx",
    rule: "course.write to read (the reader's compounds' participants); course.manage to mark",
    probes: [
      {
        label: "a session of a course held in compound A",
        path: (w) => `/admin/courses/${w.courseA}/sessions/${w.sessionA}/attendance`,
        read: staff,
        change: { body: { present: "x" }, rule: staff },
      },
      {
        label: "a session of a course held in compound B",
        path: (w) => `/admin/courses/${w.courseB}/sessions/${w.sessionB}/attendance`,
        read: staff,
        change: { body: { present: "x" }, rule: staffOfAll },
      },
    ],
  },
  {
    file: "certificates.$enrollmentId.tsx",
    rule: "course.certificate: the person it names, staff of their household's compound",
    probes: [
      {
        label: "the demo resident's certificate",
        path: (w) => `/certificates/${w.certificateA}`,
        read: only("resident", "organizerA", "organizerAll", "admin"),
      },
      {
        label: "a certificate of compound B",
        path: (w) => `/certificates/${w.certificateB}`,
        read: staffOfAll,
      },
    ],
  },
  {
    file: "courses.$id.tsx",
    rule: "a published course is public; changing a place needs a signed-in person (the place's rule decides)",
    probes: [
      {
        label: "a published course",
        path: (w) => `/courses/${w.courseA}`,
        read: everyone,
        change: { body: { intent: "cancel" }, rule: signedIn },
      },
    ],
  },
  {
    file: "courses.$id_.sessions.$sessionId.event[.ics].ts",
    rule: "a seat holder's own session file",
    probes: [
      {
        label: "the demo resident's session",
        path: (w) => `/courses/${w.courseA}/sessions/${w.sessionA}/event.ics`,
        read: only("resident"),
      },
    ],
  },
  {
    file: "courses.checkin.$sessionId.tsx",
    rule: "signed in; the signed code and the seat decide",
    probes: [
      {
        label: "a session",
        path: (w) => `/courses/checkin/${w.sessionA}`,
        read: signedIn,
        change: { body: {}, rule: signedIn },
      },
    ],
  },
  {
    file: "announcements.$id.tsx",
    rule:
      "announcement.read: published and aimed at or delivered to the reader, or public (volunteers and staff: any " +
      "published); anyone else gets 403 with who it is for and whom to ask",
    probes: [
      {
        label: "a notice to every resident",
        path: (w) => `/announcements/${w.announcement}`,
        read: signedIn,
      },
      {
        label: "a public notice for others",
        path: (w) => `/announcements/${w.publicAnnouncement}`,
        read: everyone,
      },
    ],
  },
  {
    file: "announcements.$id_.print.tsx",
    rule: "announcement.read; a public notice prints for anyone",
    probes: [
      {
        label: "a notice to every resident",
        path: (w) => `/announcements/${w.announcement}/print`,
        read: signedIn,
      },
      {
        label: "a public notice for others",
        path: (w) => `/announcements/${w.publicAnnouncement}/print`,
        read: everyone,
      },
    ],
  },
  {
    file: "c.$token.tsx",
    rule:
      "the card's token, not the session: a current card opens the public help page for anyone; an unknown or " +
      "revoked token is 404 for everyone (the same page, with the hotline)",
    probes: [
      {
        label: "household B's current card",
        path: (w) => `/c/${w.cardToken}`,
        read: everyone,
        change: { body: {}, rule: everyone },
      },
      {
        label: "an unknown card",
        path: () => "/c/abcdefghijkmnopqrstuvwxy",
        read: nobody,
        change: { body: { need: "x", urgency: "normal", phone: "13900001111" }, rule: nobody },
      },
    ],
  },
  {
    file: "households.$id.card.tsx",
    rule: "household.write: staff of the household's compound print or withdraw its connection card",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/households/${w.residentHousehold}/card`,
        read: staff,
        change: { body: {}, rule: staff },
      },
      {
        label: "a household of compound B",
        path: (w) => `/households/${w.householdB}/card`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "admin.announcements.$id.tsx",
    rule: "announcement.write (staff)",
    probes: [
      {
        label: "a notice",
        path: (w) => `/admin/announcements/${w.announcement}`,
        read: staff,
        change: { body: { intent: "x" }, rule: staff },
      },
    ],
  },
  {
    file: "admin.announcements.$id_.edit.tsx",
    rule: "announcement.write (staff); a published notice is not edited: staff are sent back to it",
    probes: [
      {
        label: "a published notice",
        path: (w) => `/admin/announcements/${w.announcement}/edit`,
        read: redirecting(staff, "organizerA", "organizerAll", "admin"),
        change: { body: {}, rule: redirecting(staff, "organizerA", "organizerAll", "admin") },
      },
    ],
  },
  {
    file: "admin.announcements.$id_.progress.tsx",
    rule: "announcement.write (staff)",
    probes: [
      { label: "a notice", path: (w) => `/admin/announcements/${w.announcement}/progress`, read: staff },
    ],
  },
  {
    file: "admin.mailbox.$id.tsx",
    rule: "mailbox.read (staff)",
    probes: [{ label: "a message", path: (w) => `/admin/mailbox/${w.mailboxMessage}`, read: staff }],
  },
  {
    file: "admin.mailbox.$id.html.ts",
    rule: "mailbox.read (staff)",
    probes: [{ label: "a message", path: (w) => `/admin/mailbox/${w.mailboxMessage}/html`, read: staff }],
  },
  {
    file: "admin.emails.preview.$template.$locale.ts",
    rule: "email.preview (staff)",
    probes: [
      { label: "the invitation", path: () => "/admin/emails/preview/auth.invitation/zh-CN", read: staff },
    ],
  },
  {
    file: "calendar.$file.ts",
    rule: "the feed's secret token, not the session: an unknown token is 404 for everyone",
    probes: [{ label: "an unknown feed", path: () => "/calendar/not-a-feed-token.ics", read: nobody }],
  },
  {
    file: "invite.$token.ts",
    rule: "the token, not the session: every link moves its token into a cookie and goes on to /invite",
    probes: [{ label: "an unknown invitation", path: () => "/invite/not-a-token", read: sentOn }],
  },
  {
    file: "reset-password.$token.ts",
    rule: "the token, not the session: every link moves its token into a cookie and goes on to /reset-password",
    probes: [{ label: "an unknown reset", path: () => "/reset-password/not-a-token", read: sentOn }],
  },
  {
    file: "messages.$id.tsx",
    rule: "a person's own messages only: another's message is not found",
    probes: [
      { label: "the resident's message", path: (w) => `/messages/${w.message}`, read: only("resident") },
    ],
  },
  {
    file: "love-card.$id.tsx",
    rule: "card.manage for the card's compound: its staff, a treasurer of it (the demo organizer of A is treasurer of every compound); blocking is judged in the module",
    probes: [
      { label: "the resident's card", path: (w) => `/love-card/${w.cardA}`, read: staff },
      {
        label: "a card of compound B",
        path: (w) => `/love-card/${w.cardB}`,
        read: only("organizerA", "organizerAll", "admin"),
      },
    ],
  },
  {
    file: "love-card.$id_.print.tsx",
    rule: "card.manage for the card's compound, as the card's page",
    probes: [
      { label: "the resident's card", path: (w) => `/love-card/${w.cardA}/print`, read: staff },
      {
        label: "a card of compound B",
        path: (w) => `/love-card/${w.cardB}/print`,
        read: only("organizerA", "organizerAll", "admin"),
      },
    ],
  },
  {
    file: "love-card._index.tsx",
    rule: "fund.read; ?compound= narrows the list, which holds only cards of compounds the reader manages",
    probes: [
      {
        label: "compound B",
        path: (w) => `/love-card?compound=${w.compoundB}`,
        read: fundReaders,
        change: { body: { intent: "credit" }, rule: fundReaders },
      },
    ],
  },
  {
    file: "till.receipt.$id.tsx",
    rule: "till.receipt: its own cashier, staff of the sale's compound, a treasurer of it; refunds judged in the module",
    probes: [
      {
        label: "volunteer4's sale on the resident's card",
        path: (w) => `/till/receipt/${w.saleA}`,
        read: only("volunteer4", "organizerA", "organizerAll", "admin"),
      },
      {
        label: "the admin's sale on a card of compound B",
        path: (w) => `/till/receipt/${w.saleB}`,
        read: only("organizerA", "organizerAll", "admin"),
      },
    ],
  },
  {
    file: "fund.donations.$id.tsx",
    rule: "fund.read: staff, treasurers and approvers (the fund is the community's)",
    probes: [{ label: "a cash donation", path: (w) => `/fund/donations/${w.donation}`, read: fundReaders }],
  },
  {
    file: "fund.movements.$id.tsx",
    rule: "fund.read to read; fund.record (staff, treasurers) to reverse",
    probes: [
      {
        label: "a cash donation",
        path: (w) => `/fund/movements/${w.donation}`,
        read: fundReaders,
        change: { body: {}, rule: staff },
      },
    ],
  },
  {
    file: "supermarket.items.$id.tsx",
    rule: "stock.manage: staff and treasurers",
    probes: [
      {
        label: "a free-with-card item",
        path: (w) => `/supermarket/items/${w.item}`,
        read: staff,
        change: { body: { intent: "stocktake" }, rule: staff },
      },
    ],
  },
  {
    file: "fund.grants.$id.tsx",
    rule: "grant.read: its proposer, non-residents who see the household, approvers and treasurers of its compound; decisions judged in the module",
    probes: [
      {
        label: "volunteer4's proposal for the resident's household",
        path: (w) => `/fund/grants/${w.grantA}`,
        read: nonResidents,
      },
      {
        label: "a proposal in compound B",
        path: (w) => `/fund/grants/${w.grantB}`,
        read: only("organizerA", "organizerAll", "admin"),
      },
    ],
  },
  {
    file: "programmes.$id._index.tsx",
    rule: "programme.read: staff; its cases listed in their compounds",
    probes: [{ label: "a community-wide programme", path: (w) => `/programmes/${w.programme}`, read: staff }],
  },
  {
    file: "programmes.$id.plan.tsx",
    rule: "programme.read: staff",
    probes: [
      { label: "a community-wide programme", path: (w) => `/programmes/${w.programme}/plan`, read: staff },
    ],
  },
  {
    file: "programmes.$id.edit.tsx",
    rule: "programme.write: staff of every compound in its scope (a community-wide one: admins and organizers of every compound)",
    probes: [
      {
        label: "a community-wide programme",
        path: (w) => `/programmes/${w.programme}/edit`,
        read: staffOfAll,
        change: { body: {}, rule: staffOfAll },
      },
    ],
  },
  {
    file: "programmes.$id.cases.$caseId.tsx",
    rule: "programme.readCase: whoever sees the household, and the programme's person in charge, group and responsible person; acts judged in the module by the step's role",
    probes: [
      {
        label: "the resident's household's case",
        path: (w) => `/programmes/${w.programme}/cases/${w.programmeCaseA}`,
        read: householdA,
        change: { body: { intent: "none" }, rule: householdA },
      },
      {
        label: "a case in compound B (volunteer1 in overall charge)",
        path: (w) => `/programmes/${w.programme}/cases/${w.programmeCaseB}`,
        read: only("volunteer1", "organizerAll", "admin"),
        change: { body: { intent: "none" }, rule: only("volunteer1", "organizerAll", "admin") },
      },
      {
        label: "a case under another programme's id",
        path: (w) => `/programmes/${w.programme + 100000}/cases/${w.programmeCaseA}`,
        read: nobody,
      },
    ],
  },
  {
    file: "fund.grants.$id_.voucher.tsx",
    rule: "grant.read, and only for a paid grant: an unpaid one has no voucher",
    probes: [{ label: "an unpaid proposal", path: (w) => `/fund/grants/${w.grantA}/voucher`, read: nobody }],
  },
  {
    file: "fund.grants.new.tsx",
    rule: "?household= or ?help=: grant.propose, non-residents who see the household",
    probes: [
      {
        label: "the resident's household",
        path: (w) => `/fund/grants/new?household=${w.residentHousehold}`,
        read: nonResidents,
      },
      {
        label: "a household of compound B",
        path: (w) => `/fund/grants/new?household=${w.householdB}`,
        read: staffOfAll,
      },
      {
        label: "the resident's request",
        path: (w) => `/fund/grants/new?help=${w.helpA}`,
        read: nonResidents,
      },
      { label: "a request of compound B", path: (w) => `/fund/grants/new?help=${w.helpB}`, read: staffOfAll },
    ],
  },
  {
    file: "unsubscribe.$token.tsx",
    rule: "the token, not the session: an unknown token is 404 for everyone",
    probes: [
      {
        label: "an unknown token",
        path: () => "/unsubscribe/not-a-token",
        read: nobody,
        change: { body: {}, rule: nobody },
      },
    ],
  },
  {
    file: "s.$token.tsx",
    rule: "the SMS opt-out token, not the session: an unknown token is 404 for everyone (decision 028)",
    probes: [
      {
        label: "an unknown token",
        path: () => "/s/AAAAAAAAAAAAAAAAAAAAAA",
        read: nobody,
        change: { body: { intent: "stop" }, rule: nobody },
      },
    ],
  },
  {
    file: "hooks.sms.aliyun.$token.ts",
    rule: "the reply hook's secret, not the session: a wrong one is 404 for everyone (decision 028)",
    probes: [
      {
        label: "a wrong secret",
        path: () => "/hooks/sms/aliyun/not-the-secret",
        read: nobody,
        change: { body: {}, rule: nobody },
      },
    ],
  },
  {
    file: "hooks.sms.tencent.$token.ts",
    rule: "the reply hook's secret, not the session: a wrong one is 404 for everyone (decision 028)",
    probes: [
      {
        label: "a wrong secret",
        path: () => "/hooks/sms/tencent/not-the-secret",
        read: nobody,
        change: { body: {}, rule: nobody },
      },
    ],
  },
];

/** Query parameters that name a record: a route reading one of them needs a row. */
export const idQueryParams = [
  "household",
  "volunteer",
  "reassign",
  "root",
  "compound",
  "course",
  "session",
  "member",
  "enrollment",
  "pairing",
  "visit",
  "person",
  "user",
];
