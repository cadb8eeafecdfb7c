// Runs the permission matrix (permission-matrix.ts) against the built app with the demo community: for each
// route with an id, each probe, each kind of person, a GET and (where the route changes anything) a POST, and
// compares the answer with the table. It also fails when a route file with an id in its path or query has no
// row. Requests go straight to the server (Playwright's `request`), each with a session made for the person.
import { readdirSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { and, asc, eq, isNull, ne, notInArray } from "drizzle-orm";
import { test as base, expect, type APIResponse } from "@playwright/test";
import { everyResident } from "#app/modules/announcements/audience";
import { withDuties } from "#app/modules/material/duties.server";
import { sellOnCard } from "#app/modules/material/till.server";
import { createSession, invalidateSession, sessionCookieName } from "#app/modules/auth/session.server";
import { Database, schema, setDatabase } from "#db/client.server";
import { idQueryParams, matrix, roles, type Outcome, type Role, type World } from "./permission-matrix";

const test = base.extend<object, { world: { world: World; cookies: Record<Role, string | null> } }>({
  world: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const url = process.env.DATABASE_URL;
      if (!url) throw new Error("DATABASE_URL is not set: run the e2e suite through playwright.config.ts");
      const database = new Database({ url });
      setDatabase(database);
      const world = await prepareWorld(database);
      const sessions: string[] = [];
      const cookies = {} as Record<Role, string | null>;
      for (const role of roles) {
        if (role === "anonymous") {
          cookies[role] = null;
          continue;
        }
        const user = await database.db.query.users.findFirst({
          where: eq(schema.users.email, emailOf[role]),
        });
        if (!user) throw new Error(`no demo account ${emailOf[role]}`);
        const { session, token } = await createSession(user.id, {
          userAgent: "playwright permission matrix",
        });
        sessions.push(session.id);
        cookies[role] = `${sessionCookieName()}=${token}`;
      }
      await use({ world, cookies });
      for (const id of sessions) await invalidateSession(id);
      setDatabase(undefined);
      database.close();
    },
    { scope: "worker" },
  ],
});

const emailOf: Record<Exclude<Role, "anonymous">, string> = {
  resident: "resident@example.org",
  volunteer1: "volunteer1@example.org",
  volunteer2: "volunteer2@example.org",
  volunteer3: "volunteer3@example.org",
  volunteer4: "volunteer4@example.org",
  organizerA: "organizer@example.org",
  organizerAll: "organizer.all@example.org",
  admin: "admin@example.org",
};

/** Finds the demo's records the matrix points at, and makes those the demo does not have (each worker its own). */
async function prepareWorld(database: Database): Promise<World> {
  const db = database.db;
  const userId = async (email: string) => {
    const user = await db.query.users.findFirst({ where: eq(schema.users.email, email) });
    if (!user) throw new Error(`no ${email}`);
    return user;
  };
  const [resident, volunteer4, admin, organizer] = [
    await userId("resident@example.org"),
    await userId("volunteer4@example.org"),
    await userId("admin@example.org"),
    await userId("organizer@example.org"),
  ];
  const compoundA = organizer.compoundId ?? 0;
  const [home] = await db
    .select({ householdId: schema.householdMembers.householdId })
    .from(schema.householdMembers)
    .where(eq(schema.householdMembers.userId, resident.id));
  if (!home) throw new Error("the demo resident has no household");
  const [pairingA] = await db
    .select({ id: schema.pairings.id })
    .from(schema.pairings)
    .where(
      and(
        eq(schema.pairings.householdId, home.householdId),
        eq(schema.pairings.volunteerId, volunteer4.id),
        eq(schema.pairings.status, "active"),
      ),
    );
  // A pairing of compound B whose volunteer serves B alone.
  const served = db.select({ id: schema.volunteerCompounds.userId }).from(schema.volunteerCompounds);
  const [inB] = await db
    .select({
      pairingId: schema.pairings.id,
      householdId: schema.pairings.householdId,
      volunteerId: schema.pairings.volunteerId,
      compoundId: schema.households.compoundId,
    })
    .from(schema.pairings)
    .innerJoin(schema.households, eq(schema.households.id, schema.pairings.householdId))
    .innerJoin(schema.users, eq(schema.users.id, schema.pairings.volunteerId))
    .where(
      and(
        ne(schema.households.compoundId, compoundA),
        eq(schema.users.compoundId, schema.households.compoundId),
        eq(schema.pairings.status, "active"),
        notInArray(schema.users.id, served),
        isNull(schema.users.disabledAt),
      ),
    )
    .orderBy(asc(schema.pairings.id))
    .limit(1);
  if (!pairingA || !inB) throw new Error("the demo community lacks the pairings the matrix needs");

  const run = randomBytes(4).toString("hex");
  // Material help: the resident's love card and one of compound B, a sale on each (volunteer4 sells at the
  // till of compound A; the demo's sales were made by the admin), a donation, a movement, an item.
  const card = async (householdCompound: { household?: number; compound?: number }) => {
    const [row] = await db
      .select({ id: schema.materialCards.id, number: schema.materialCards.number })
      .from(schema.materialCards)
      .innerJoin(schema.households, eq(schema.households.id, schema.materialCards.householdId))
      .where(
        and(
          eq(schema.materialCards.status, "active"),
          householdCompound.household === undefined
            ? undefined
            : eq(schema.materialCards.householdId, householdCompound.household),
          householdCompound.compound === undefined
            ? undefined
            : eq(schema.households.compoundId, householdCompound.compound),
        ),
      )
      .orderBy(asc(schema.materialCards.id))
      .limit(1);
    if (!row) throw new Error("the demo community lacks the love cards the matrix needs");
    return row;
  };
  const cardA = await card({ household: home.householdId });
  const cardB = await card({ compound: inB.compoundId });
  const [item] = await db
    .select({ id: schema.materialItems.id })
    .from(schema.materialItems)
    .where(eq(schema.materialItems.freeWithCard, true))
    .orderBy(asc(schema.materialItems.id))
    .limit(1);
  const sell = async (cardNumber: string, sellerEmail: string) => {
    const seller = await userId(sellerEmail);
    const sold = await sellOnCard(await withDuties(seller), cardNumber, {
      lines: [{ itemId: item?.id ?? 0, quantity: 1 }],
      amountFen: 0,
      idempotencyKey: `permission-matrix:${run}:${cardNumber}`,
      ip: null,
    });
    if (!sold.ok) throw new Error(`the matrix's sale failed: ${sold.error}`);
    return sold.movementId;
  };
  const saleA = await sell(cardA.number, "volunteer4@example.org");
  const saleB = await sell(cardB.number, "admin@example.org");
  const [donation] = await db
    .select({ id: schema.materialMovements.id })
    .from(schema.materialMovements)
    .where(eq(schema.materialMovements.kind, "donation_cash"))
    .orderBy(asc(schema.materialMovements.id))
    .limit(1);
  if (!item || !donation)
    throw new Error("the demo community lacks the goods and donations the matrix needs");

  const now = Date.now();
  const hour = 3_600_000;
  const programmeLeader = await userId("volunteer1@example.org");
  return database.write(async (tx) => {
    const visit = async (householdId: number, compoundId: number, leadVolunteerId: number) => {
      const [row] = await tx
        .insert(schema.visits)
        .values({
          householdId,
          compoundId,
          leadVolunteerId,
          scheduledById: leadVolunteerId,
          startsAt: new Date(now + 40 * 24 * hour),
          endsAt: new Date(now + 40 * 24 * hour + hour),
          place: "户主家中",
          purpose: `权限矩阵 ${run}`,
        })
        .returning({ id: schema.visits.id });
      return row?.id ?? 0;
    };
    const help = async (householdId: number, compoundId: number, holderId: number) => {
      const [row] = await tx
        .insert(schema.helpRequests)
        .values({
          householdId,
          compoundId,
          channel: "phone",
          kind: "other",
          description: `权限矩阵 ${run}`,
          contactMethod: "app",
          helperId: holderId,
          assignedToId: holderId,
          acknowledgeBy: new Date(now + 24 * hour),
          createdAt: new Date(now),
          updatedAt: new Date(now),
        })
        .returning({ id: schema.helpRequests.id });
      return row?.id ?? 0;
    };
    const course = async (compoundId: number) => {
      const startsAt = new Date(now + 30 * 24 * hour);
      const endsAt = new Date(startsAt.getTime() + 2 * hour);
      const [row] = await tx
        .insert(schema.courses)
        .values({
          title: `权限矩阵课程 ${run}`,
          kind: "prejob",
          provider: "油田职业技能培训中心",
          location: "社区服务中心",
          compoundId,
          capacity: 10,
          enrollOpensAt: new Date(now - 24 * hour),
          enrollClosesAt: new Date(now + 24 * hour),
          eligibleCategories: [],
          priorityGroups: [],
          status: "published",
          startsAt,
          endsAt,
          checkinSecret: randomBytes(24).toString("base64url"),
        })
        .returning({ id: schema.courses.id });
      const [session] = await tx
        .insert(schema.courseSessions)
        .values({ courseId: row?.id ?? 0, startsAt, endsAt })
        .returning({ id: schema.courseSessions.id });
      return { course: row?.id ?? 0, session: session?.id ?? 0 };
    };
    const completedPlace = async (courseId: number, householdId: number) => {
      const [member] = await tx
        .select({ id: schema.householdMembers.id, userId: schema.householdMembers.userId })
        .from(schema.householdMembers)
        .where(eq(schema.householdMembers.householdId, householdId))
        .orderBy(asc(schema.householdMembers.id))
        .limit(1);
      const [row] = await tx
        .insert(schema.enrollments)
        .values({
          courseId,
          memberId: member?.id ?? 0,
          userId: member?.userId ?? null,
          status: "completed",
          requestedAt: new Date(now),
          completedAt: new Date(now),
        })
        .returning({ id: schema.enrollments.id });
      return row?.id ?? 0;
    };
    const a = await course(compoundA);
    const b = await course(inB.compoundId);
    // A published notice to every resident, so that every signed-in person may read it.
    const published = await tx
      .select({ id: schema.announcements.id, audience: schema.announcements.audience })
      .from(schema.announcements)
      .where(eq(schema.announcements.status, "published"))
      .orderBy(asc(schema.announcements.id));
    const announcement = published.find((a) =>
      (Object.keys(everyResident) as (keyof typeof everyResident)[]).every(
        (key) => JSON.stringify(a.audience[key]) === JSON.stringify(everyResident[key]),
      ),
    );
    // A public notice aimed at volunteers of compound B alone: anyone may open it, signed in or not.
    const [publicAnnouncement] = await tx
      .insert(schema.announcements)
      .values({
        kind: "job",
        title: `公开招聘 ${run}`,
        body: "权限矩阵",
        audience: { ...everyResident, residents: false, compoundIds: [inB.compoundId], volunteerTiers: [4] },
        isPublic: true,
        status: "published",
        publishAt: new Date(now),
        publishedAt: new Date(now),
      })
      .returning({ id: schema.announcements.id });
    // The current card of household B: its token opens the public help page for anyone.
    const currentCard = () =>
      tx
        .select({ token: schema.householdCardCredentials.token })
        .from(schema.householdCardCredentials)
        .where(
          and(
            eq(schema.householdCardCredentials.householdId, inB.householdId),
            isNull(schema.householdCardCredentials.revokedAt),
          ),
        );
    if ((await currentCard()).length === 0)
      await tx.insert(schema.householdCardCredentials).values({
        householdId: inB.householdId,
        token: Array.from(randomBytes(24), (b) => "abcdefghijkmnopqrstuvwxyz23456789"[b % 33]).join(""),
        claimCode: Array.from(randomBytes(10), (b) => "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[b % 31]).join(""),
        issuedAt: new Date(now),
      });
    const [card] = await currentCard();
    const [message] = await tx
      .insert(schema.emailMailbox)
      .values({
        outboxKey: `permission-matrix:${run}`,
        from: "连心 Lianxin <noreply@lianxin.local>",
        to: "nobody@example.org",
        subject: "权限矩阵",
        html: "<p>权限矩阵</p>",
        text: "权限矩阵",
        headers: {},
        // A copy kept for staff: only masked copies show their body (decision 015).
        masked: true,
      })
      .returning({ id: schema.emailMailbox.id });
    const [serviceCertificate] = await tx
      .insert(schema.serviceCertificates)
      .values({
        volunteerId: volunteer4.id,
        code: `LX-PM${run}`.slice(0, 12).toUpperCase(),
        token: `permission-matrix-certificate-${run}`,
        periodFrom: new Date(now - 86_400_000 * 30),
        periodTo: new Date(now),
        minutes: 60,
        breakdown: { visit: 60 },
        issuedAt: new Date(now),
      })
      .returning({ id: schema.serviceCertificates.id, token: schema.serviceCertificates.token });
    const [inApp] = await tx
      .insert(schema.messages)
      .values({
        userId: resident.id,
        sourceKey: `permission-matrix:${run}`,
        subject: "权限矩阵",
        text: "权限矩阵",
      })
      .returning({ id: schema.messages.id });
    const grant = async (householdId: number, compoundId: number, proposedById: number) => {
      const [row] = await tx
        .insert(schema.materialGrants)
        .values({
          householdId,
          compoundId,
          reason: "illness",
          description: `权限矩阵 ${run}`,
          amountFen: 20_000,
          method: "cash",
          proposedById,
          proposedAt: new Date(now),
        })
        .returning({ id: schema.materialGrants.id });
      return row?.id ?? 0;
    };
    const firstMember = async (householdId: number) => {
      const [row] = await tx
        .select({ id: schema.householdMembers.id })
        .from(schema.householdMembers)
        .where(eq(schema.householdMembers.householdId, householdId))
        .orderBy(asc(schema.householdMembers.id))
        .limit(1);
      return row?.id ?? 0;
    };
    // A decided claim (a pending one is unique per account, and the matrix runs again on the same data).
    const claim = async (householdId: number, compoundId: number) => {
      const [row] = await tx
        .insert(schema.householdClaims)
        .values({
          userId: admin.id,
          method: "card_code",
          householdId,
          compoundId,
          memberName: `权限矩阵 ${run}`,
          status: "refused",
          decisionReason: "权限矩阵",
          decidedAt: new Date(now),
          createdAt: new Date(now),
          updatedAt: new Date(now),
        })
        .returning({ id: schema.householdClaims.id });
      return row?.id ?? 0;
    };
    /** An account imported or invited that has not set a password yet. */
    const invited = async (compoundId: number) => {
      const [row] = await tx
        .insert(schema.users)
        .values({
          email: `matrix-invited-${compoundId}-${run}@example.org`,
          name: `权限矩阵 待邀请 ${run}`,
          role: "volunteer",
          volunteerTier: 1,
          compoundId,
        })
        .returning({ id: schema.users.id });
      return row?.id ?? 0;
    };
    const [programme] = await tx
      .insert(schema.programmes)
      .values({
        name: `权限矩阵 ${run}`,
        kind: "other",
        scope: {
          residents: true,
          compoundIds: [],
          levels: [],
          categories: [],
          needs: [],
          zeroEmployment: false,
          volunteerTiers: [],
        },
        leaderId: programmeLeader.id,
      })
      .returning({ id: schema.programmes.id });
    const programmeId = programme?.id ?? 0;
    await tx
      .insert(schema.programmeSteps)
      .values({ programmeId, position: 0, name: "小区审核", role: "compound", limitDays: 5 });
    const programmeCase = async (householdId: number, compoundId: number) => {
      const [row] = await tx
        .insert(schema.programmeCases)
        .values({
          programmeId,
          householdId,
          compoundId,
          stepStartedAt: new Date(now),
          stepDueAt: new Date(now + 5 * 24 * hour),
        })
        .returning({ id: schema.programmeCases.id });
      return row?.id ?? 0;
    };
    return {
      programme: programmeId,
      programmeCaseA: await programmeCase(home.householdId, compoundA),
      programmeCaseB: await programmeCase(inB.householdId, inB.compoundId),
      residentHousehold: home.householdId,
      householdB: inB.householdId,
      compoundA,
      compoundB: inB.compoundId,
      pairingA: pairingA.id,
      pairingB: inB.pairingId,
      visitA: await visit(home.householdId, compoundA, volunteer4.id),
      visitB: await visit(inB.householdId, inB.compoundId, inB.volunteerId),
      helpA: await help(home.householdId, compoundA, volunteer4.id),
      helpB: await help(inB.householdId, inB.compoundId, inB.volunteerId),
      courseA: a.course,
      courseB: b.course,
      sessionA: a.session,
      sessionB: b.session,
      certificateA: await completedPlace(a.course, home.householdId),
      certificateB: await completedPlace(b.course, inB.householdId),
      volunteer4: volunteer4.id,
      volunteerB: inB.volunteerId,
      admin: admin.id,
      announcement: announcement?.id ?? 0,
      publicAnnouncement: publicAnnouncement?.id ?? 0,
      cardToken: card?.token ?? "",
      mailboxMessage: message?.id ?? 0,
      message: inApp?.id ?? 0,
      cardA: cardA.id,
      cardB: cardB.id,
      saleA,
      saleB,
      donation: donation.id,
      item: item.id,
      grantA: await grant(home.householdId, compoundA, volunteer4.id),
      grantB: await grant(inB.householdId, inB.compoundId, inB.volunteerId),
      memberA: await firstMember(home.householdId),
      memberB: await firstMember(inB.householdId),
      claimA: await claim(home.householdId, compoundA),
      claimB: await claim(inB.householdId, inB.compoundId),
      invitedA: await invited(compoundA),
      invitedB: await invited(inB.compoundId),
      serviceCertificate: serviceCertificate?.id ?? 0,
      serviceCertificateToken: serviceCertificate?.token ?? "",
    };
  });
}

/** How an answer reads in the table's terms; a 5xx is never any of them. */
function outcomeOf(response: APIResponse): Outcome | `error ${number}` {
  const status = response.status();
  if (status >= 500) return `error ${status}`;
  if (status === 401 || status === 403 || status === 404) return "deny";
  if (status >= 300 && status < 400) {
    const location = response.headers()["location"] ?? "";
    return new URL(location, "http://x").pathname === "/login" ? "deny" : "redirect";
  }
  return "allow";
}

const routeFiles = readdirSync("app/routes").filter((f) => /\.(tsx?|jsx?)$/.test(f));

test.describe("the permission matrix", () => {
  test("has a row for every route with an id in its path or query, and no row for a route that is gone", () => {
    const withId = routeFiles.filter((file) => {
      if (file.includes("$")) return true;
      const source = readFileSync(`app/routes/${file}`, "utf8");
      const names = [
        ...[...source.matchAll(/\.get\("(\w+)"\)/g)].map((m) => m[1]),
        ...[...source.matchAll(/^\s+(\w+): z\.coerce\.number\(\)/gm)].map((m) => m[1]),
      ];
      return names.some((name) => name !== undefined && idQueryParams.includes(name));
    });
    const rows = matrix.map((r) => r.file);
    expect(
      withId.filter((file) => !rows.includes(file)),
      "routes with an id but no row in the matrix",
    ).toEqual([]);
    expect(
      rows.filter((file) => !routeFiles.includes(file)),
      "rows for routes that no longer exist",
    ).toEqual([]);
  });

  for (const row of matrix)
    for (const probe of row.probes)
      test(`${row.file}: ${probe.label}`, async ({ request, world, baseURL }) => {
        const path = probe.path(world.world);
        const seen: string[] = [];
        const wanted: string[] = [];
        for (const role of roles) {
          const cookie = world.cookies[role];
          const headers = cookie ? { cookie } : undefined;
          const read = await request.get(path, { headers, maxRedirects: 0 });
          seen.push(`GET ${role}: ${outcomeOf(read)}`);
          wanted.push(`GET ${role}: ${probe.read[role]}`);
          if (probe.change) {
            const change = await request.post(path, {
              headers: { ...headers, origin: baseURL ?? "", "sec-fetch-site": "same-origin" },
              form:
                typeof probe.change.body === "function" ? probe.change.body(world.world) : probe.change.body,
              maxRedirects: 0,
            });
            seen.push(`POST ${role}: ${outcomeOf(change)}`);
            wanted.push(`POST ${role}: ${probe.change.rule[role]}`);
          }
        }
        expect(seen, `${path} (${row.rule})`).toEqual(wanted);
      });
});
