import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "#db/client.server";
import { testDatabase } from "#tests/setup/db";
import { createCompound, createUser } from "#tests/fixtures/accounts";
import { actorOf, createHousehold, createLinkage } from "#tests/fixtures/roster";
import { createPairing } from "#app/modules/roster/pairings.server";
import { flushReadLog } from "#app/modules/audit/read-log.server";
import { actOnCase, casesOfHousehold, casesOfProgramme, openCase, readCase } from "./cases.server";
import { escalateOverdueCases } from "./escalation.server";
import { CaseActionSchema, ProgrammeFormSchema, rowsBeyondForm } from "./form";
import {
  audienceOf,
  createProgramme,
  getProgramme,
  mayEditProgramme,
  programmeRow,
  updateProgramme,
  type ProgrammeInput,
} from "./programmes.server";
import { dayMs } from "./codes";

const t0 = new Date("2026-03-02T01:00:00Z");
const days = (n: number) => new Date(t0.getTime() + n * dayMs);
const ctx = { via: "test" };

/** A compound with its linkage, a paired extreme household with a resident account, and an admin. */
async function community() {
  const l = await createLinkage();
  const household = await createHousehold(l.compoundId, "extreme");
  const poorer = await createHousehold(l.compoundId, "none");
  await createPairing(
    actorOf(l.organizer),
    { householdId: household, volunteerId: l.youth4.id, role: "primary", startedAt: t0 },
    { ip: null, userAgent: null },
  );
  const resident = await createUser({ role: "resident", compoundId: l.compoundId });
  await testDatabase().writeAtomic((d) =>
    d
      .update(schema.householdMembers)
      .set({ userId: resident.id })
      .where(
        and(eq(schema.householdMembers.householdId, household), eq(schema.householdMembers.relation, "head")),
      ),
  );
  const admin = await createUser({ role: "admin" });
  return { ...l, household, poorer, resident, admin };
}

function programme(c: Awaited<ReturnType<typeof community>>): ProgrammeInput {
  return {
    name: "再就业培训",
    kind: "training",
    plan: "每季度开班，结业推荐就业。",
    scope: {
      compoundIds: [c.compoundId],
      levels: ["hardship", "extreme"],
      categories: [],
      needs: [],
      zeroEmployment: false,
    },
    leaderId: c.cadre1.id,
    members: [{ userId: c.cadre2.id, duty: "审批" }],
    responsibles: [{ compoundId: c.compoundId, userId: c.organizer.id }],
    conditions: [{ condition: "劳动年龄内失业", evidence: "失业登记证" }],
    steps: [
      { name: "申请", role: "household", limitDays: 7 },
      { name: "小区审核", role: "compound", limitDays: 5 },
      { name: "领导小组审批", role: "group", limitDays: 5 },
      { name: "落实", role: "helper", limitDays: 10 },
    ],
  };
}

describe("programmes: the four clears", () => {
  it("creates a programme with scope, duties, conditions and procedure, and counts its scope live", async () => {
    const c = await community();
    const made = await createProgramme(actorOf(c.organizer), programme(c));
    if (!made.ok) throw new Error(made.error);
    const view = await getProgramme(made.id);
    expect(view?.leaderName).toBe(c.cadre1.name);
    expect(view?.members).toEqual([{ userId: c.cadre2.id, name: c.cadre2.name, duty: "审批" }]);
    expect(view?.responsibles.map((r) => r.userId)).toEqual([c.organizer.id]);
    expect(view?.conditions).toEqual([{ condition: "劳动年龄内失业", evidence: "失业登记证" }]);
    expect(view?.steps.map((s) => [s.name, s.role, s.limitDays])).toEqual([
      ["申请", "household", 7],
      ["小区审核", "compound", 5],
      ["领导小组审批", "group", 5],
      ["落实", "helper", 10],
    ]);
    // The extreme household is in scope; the one of level "none" is not.
    expect(view?.householdCount).toBe(1);
    const audited = await testDatabase()
      .db.select()
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.action, "programme.created"), eq(schema.auditLog.targetId, String(made.id))),
      );
    expect(audited).toHaveLength(1);
  });

  it("refuses an organizer a programme for another compound or the whole community, and a resident as leader", async () => {
    const c = await community();
    const elsewhere = await createCompound();
    const input = programme(c);
    expect(
      await createProgramme(actorOf(c.organizer), {
        ...input,
        scope: { ...input.scope, compoundIds: [elsewhere] },
      }),
    ).toEqual({ ok: false, error: "forbidden" });
    expect(
      await createProgramme(actorOf(c.organizer), { ...input, scope: { ...input.scope, compoundIds: [] } }),
    ).toEqual({ ok: false, error: "forbidden" });
    expect(await createProgramme(actorOf(c.organizer), { ...input, leaderId: c.resident.id })).toEqual({
      ok: false,
      error: "people",
    });
    const made = await createProgramme(actorOf(c.admin), {
      ...input,
      scope: { ...input.scope, compoundIds: [] },
    });
    expect(made.ok).toBe(true);
    if (made.ok)
      expect(await updateProgramme(actorOf(c.organizer), made.id, input)).toEqual({
        ok: false,
        error: "forbidden",
      });
  });
});

describe("programmes: a household's case through the procedure", () => {
  it("lets the household apply, each step's role act, and finishes after the last step", async () => {
    const c = await community();
    const made = await createProgramme(actorOf(c.admin), programme(c));
    if (!made.ok) throw new Error(made.error);
    const opened = await openCase(
      actorOf(c.resident),
      { programmeId: made.id, householdId: c.household, note: "" },
      t0,
    );
    if (!opened.ok) throw new Error(opened.error);
    expect(
      await openCase(actorOf(c.organizer), { programmeId: made.id, householdId: c.household, note: "" }, t0),
    ).toEqual({ ok: false, error: "alreadyOpen" });
    expect(
      await openCase(actorOf(c.organizer), { programmeId: made.id, householdId: c.poorer, note: "" }, t0),
    ).toEqual({ ok: false, error: "outOfScope" });

    const act = (who: Parameters<typeof actorOf>[0], at: number, note = "") =>
      actOnCase(actorOf(who), opened.caseId, { intent: "advance", note }, days(at));
    expect(await act(c.resident, 1, "材料已交")).toEqual({ ok: true, caseId: opened.caseId });
    // The compound's review: not the volunteer, but the compound's organizer.
    expect(await act(c.youth4, 2)).toEqual({ ok: false, error: "forbidden" });
    expect(await act(c.organizer, 2)).toEqual({ ok: true, caseId: opened.caseId });
    // The group's approval: the organizer is not in the group; its member is.
    expect(await act(c.organizer, 3)).toEqual({ ok: false, error: "forbidden" });
    expect(await act(c.cadre2, 3)).toEqual({ ok: true, caseId: opened.caseId });
    expect(await act(c.youth4, 4, "已报名第三期")).toEqual({ ok: true, caseId: opened.caseId });

    const read = await readCase(actorOf(c.organizer), made.id, opened.caseId, ctx);
    if (!read.ok) throw new Error("case not readable");
    expect(read.value.status).toBe("done");
    expect(read.value.events.map((e) => [e.type, e.stepIndex, e.actorName])).toEqual([
      ["opened", 0, c.resident.name],
      ["advanced", 0, c.resident.name],
      ["advanced", 1, c.organizer.name],
      ["advanced", 2, c.cadre2.name],
      ["completed", 3, c.youth4.name],
    ]);
    expect(read.value.events[1]?.note).toBe("材料已交");
  });

  it("refuses with a reason at the current step, and ignores an act on a step that has moved on", async () => {
    const c = await community();
    const made = await createProgramme(actorOf(c.admin), programme(c));
    if (!made.ok) throw new Error(made.error);
    const opened = await openCase(
      actorOf(c.organizer),
      { programmeId: made.id, householdId: c.household, note: "" },
      t0,
    );
    if (!opened.ok) throw new Error(opened.error);
    await actOnCase(actorOf(c.organizer), opened.caseId, { intent: "advance", note: "" }, days(1));
    expect(
      await actOnCase(
        actorOf(c.organizer),
        opened.caseId,
        { intent: "advance", note: "", atStep: 0 },
        days(1),
      ),
    ).toEqual({ ok: false, error: "moved" });
    expect(
      await actOnCase(
        actorOf(c.organizer),
        opened.caseId,
        { intent: "refuse", note: "收入超标", atStep: 1 },
        days(2),
      ),
    ).toEqual({ ok: true, caseId: opened.caseId });
    const [line] = await casesOfHousehold(c.household, days(2));
    expect(line).toMatchObject({ status: "refused", stepName: "小区审核" });
    expect(
      await actOnCase(actorOf(c.organizer), opened.caseId, { intent: "close", note: "重复" }, days(3)),
    ).toEqual({ ok: false, error: "notOpen" });
  });
});

describe("programmes: who opens, sees and closes a case", () => {
  it("lets neither a volunteer nor another household's resident apply, and lists cases by compound", async () => {
    const c = await community();
    const made = await createProgramme(actorOf(c.admin), {
      ...programme(c),
      scope: { ...programme(c).scope, compoundIds: [] },
    });
    if (!made.ok) throw new Error(made.error);
    const stranger = await createUser({ role: "resident", compoundId: c.compoundId });
    for (const who of [c.youth4, stranger])
      expect(
        await openCase(actorOf(who), { programmeId: made.id, householdId: c.household, note: "" }, t0),
      ).toEqual({ ok: false, error: "forbidden" });
    const opened = await openCase(
      actorOf(c.organizer),
      { programmeId: made.id, householdId: c.household, note: "" },
      t0,
    );
    if (!opened.ok) throw new Error(opened.error);
    const elsewhere = await createUser({ role: "organizer", compoundId: await createCompound() });
    expect(await casesOfProgramme(actorOf(elsewhere), made.id, ctx, t0)).toEqual([]);
    expect((await casesOfProgramme(actorOf(c.organizer), made.id, ctx, t0)).map((l) => l.id)).toEqual([
      opened.caseId,
    ]);
    expect(await readCase(actorOf(elsewhere), made.id, opened.caseId, ctx)).toEqual({
      ok: false,
      status: 403,
    });
    // Closing is for the compound's staff, its responsible person and the person in charge.
    expect(
      await actOnCase(actorOf(c.youth4), opened.caseId, { intent: "close", note: "搬走了" }, days(1)),
    ).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(
      await actOnCase(actorOf(c.cadre1), opened.caseId, { intent: "close", note: "搬走了" }, days(1)),
    ).toEqual({
      ok: true,
      caseId: opened.caseId,
    });
    // A closed case lets the household apply again (closed once more, so the escalation tests below start clean).
    const again = await openCase(
      actorOf(c.resident),
      { programmeId: made.id, householdId: c.household, note: "" },
      days(2),
    );
    if (!again.ok) throw new Error(again.error);
    await actOnCase(actorOf(c.organizer), again.caseId, { intent: "close", note: "测试" }, days(2));
  });
});

describe("programmes: escalation of an overdue step", () => {
  it("escalates a step past its limit once, to the compound's responsible person, with a message", async () => {
    const c = await community();
    const made = await createProgramme(actorOf(c.admin), programme(c));
    if (!made.ok) throw new Error(made.error);
    const opened = await openCase(
      actorOf(c.resident),
      { programmeId: made.id, householdId: c.household, note: "" },
      t0,
    );
    if (!opened.ok) throw new Error(opened.error);
    // Step 1 (application) has 7 days.
    expect(await escalateOverdueCases(days(6.9))).toBe(0);
    expect(await escalateOverdueCases(days(8))).toBe(1);
    expect(await escalateOverdueCases(days(9))).toBe(0);
    const [line] = await casesOfHousehold(c.household, days(9));
    expect(line?.escalatedAt).toEqual(days(8));
    const messages = await testDatabase()
      .db.select()
      .from(schema.messages)
      .where(eq(schema.messages.userId, c.organizer.id));
    expect(messages.filter((m) => m.sourceKey.startsWith(`programme-case:${opened.caseId}:`))).toHaveLength(
      1,
    );
    const read = await readCase(actorOf(c.organizer), made.id, opened.caseId, ctx);
    expect(read.ok && read.value.escalatedToName).toBe(c.organizer.name);

    // The next step starts afresh and is escalated again when it too runs over.
    await actOnCase(actorOf(c.resident), opened.caseId, { intent: "advance", note: "" }, days(10));
    const [moved] = await casesOfHousehold(c.household, days(10));
    expect(moved?.escalatedAt).toBeNull();
    expect(await escalateOverdueCases(days(16))).toBe(1);
  });

  it("escalates to the person in overall charge where the compound has no responsible person", async () => {
    const c = await community();
    const made = await createProgramme(actorOf(c.admin), { ...programme(c), responsibles: [] });
    if (!made.ok) throw new Error(made.error);
    const opened = await openCase(
      actorOf(c.organizer),
      { programmeId: made.id, householdId: c.household, note: "" },
      t0,
    );
    if (!opened.ok) throw new Error(opened.error);
    expect(await escalateOverdueCases(days(8))).toBe(1);
    const read = await readCase(actorOf(c.cadre1), made.id, opened.caseId, ctx);
    expect(read.ok && read.value.escalatedToName).toBe(c.cadre1.name);
  });
});

describe("programmes: a scope narrowed past open cases", () => {
  it("refuses to narrow past an open case, and keeps a one-compound organizer off another compound's", async () => {
    const c = await community();
    const other = await createLinkage();
    const theirs = await createHousehold(other.compoundId, "extreme");
    const input = programme(c);
    const ofOther = {
      ...input,
      scope: { ...input.scope, compoundIds: [other.compoundId] },
      responsibles: [{ compoundId: other.compoundId, userId: other.organizer.id }],
    };
    const made = await createProgramme(actorOf(c.admin), ofOther);
    if (!made.ok) throw new Error(made.error);
    const opened = await openCase(
      actorOf(other.organizer),
      { programmeId: made.id, householdId: theirs, note: "" },
      t0,
    );
    if (!opened.ok) throw new Error(opened.error);

    // Narrowing the scope to compound 1 while compound 2's case is open is refused, even to an admin.
    const narrowed = { ...input, responsibles: [] };
    expect(await updateProgramme(actorOf(c.admin), made.id, narrowed)).toEqual({
      ok: false,
      error: "openCasesOutside",
    });
    // Compound 1's organizer may not write it at all: it has an open case in compound 2.
    await testDatabase().writeAtomic((d) =>
      d
        .update(schema.programmes)
        .set({ scope: audienceOf(input.scope) })
        .where(eq(schema.programmes.id, made.id)),
    );
    expect(
      await updateProgramme(actorOf(c.organizer), made.id, { ...narrowed, leaderId: c.organizer.id }),
    ).toEqual({ ok: false, error: "forbidden" });
    const row = await programmeRow(made.id);
    if (!row) throw new Error("programme gone");
    expect(await mayEditProgramme(actorOf(c.organizer), row)).toBe(false);
    expect(await mayEditProgramme(actorOf(c.admin), row)).toBe(true);
    // Compound 2's responsible person was not dropped by any of this.
    expect((await getProgramme(made.id))?.responsibles.map((r) => r.userId)).toEqual([other.organizer.id]);

    // Were compound 1's organizer in charge of a programme whose scope no longer holds compound 2 (as the
    // scope set above), they could neither read nor close compound 2's case; its compound's staff still can.
    await testDatabase().writeAtomic((d) =>
      d.update(schema.programmes).set({ leaderId: c.organizer.id }).where(eq(schema.programmes.id, made.id)),
    );
    expect(await readCase(actorOf(c.organizer), made.id, opened.caseId, ctx)).toEqual({
      ok: false,
      status: 403,
    });
    expect(
      await actOnCase(actorOf(c.organizer), opened.caseId, { intent: "close", note: "接管" }, days(1)),
    ).toEqual({ ok: false, error: "forbidden" });
    // Compound 2's own staff keep their case.
    expect(
      await actOnCase(actorOf(other.organizer), opened.caseId, { intent: "close", note: "结案" }, days(1)),
    ).toEqual({ ok: true, caseId: opened.caseId });

    // Once compound 2's cases are closed, an admin may narrow the scope.
    expect(await updateProgramme(actorOf(c.admin), made.id, narrowed)).toEqual({ ok: true, id: made.id });
  });

  it("lets a wider scope through and keeps every responsible person in it", async () => {
    const c = await community();
    const other = await createLinkage();
    const input = programme(c);
    const made = await createProgramme(actorOf(c.admin), input);
    if (!made.ok) throw new Error(made.error);
    const opened = await openCase(
      actorOf(c.organizer),
      { programmeId: made.id, householdId: c.household, note: "" },
      t0,
    );
    if (!opened.ok) throw new Error(opened.error);
    const wider = {
      ...input,
      scope: { ...input.scope, compoundIds: [c.compoundId, other.compoundId] },
      responsibles: [...input.responsibles, { compoundId: other.compoundId, userId: other.organizer.id }],
    };
    expect(await updateProgramme(actorOf(c.organizer), made.id, wider)).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await updateProgramme(actorOf(c.admin), made.id, wider)).toEqual({ ok: true, id: made.id });
    expect((await getProgramme(made.id))?.responsibles.map((r) => r.userId).sort()).toEqual(
      [c.organizer.id, other.organizer.id].sort(),
    );
  });
});

describe("programmes: a case under another programme's path", () => {
  it("is not found, to anyone, before any permission or logged read", async () => {
    const c = await community();
    const made = await createProgramme(actorOf(c.admin), programme(c));
    const second = await createProgramme(actorOf(c.admin), { ...programme(c), name: "另一个项目" });
    if (!made.ok || !second.ok) throw new Error("programme not made");
    const opened = await openCase(
      actorOf(c.organizer),
      { programmeId: made.id, householdId: c.household, note: "" },
      t0,
    );
    if (!opened.ok) throw new Error(opened.error);
    const stranger = await createUser({ role: "organizer", compoundId: await createCompound() });
    const via = "test-wrong-path";
    for (const who of [c.admin, c.organizer, stranger])
      expect(await readCase(actorOf(who), second.id, opened.caseId, { via })).toEqual({
        ok: false,
        status: 404,
      });
    await flushReadLog();
    const logged = await testDatabase()
      .db.select()
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.targetType, "household"), eq(schema.auditLog.targetId, String(c.household))),
      );
    expect(logged.filter((l) => JSON.stringify(l.details).includes(via))).toEqual([]);
    // Under its own programme's path it is read (and logged) as before.
    expect((await readCase(actorOf(c.organizer), made.id, opened.caseId, { via })).ok).toBe(true);
  });
});

describe("programmes: compounds that do not exist", () => {
  it("refuses a scope or a responsible person naming a compound that does not exist", async () => {
    const c = await community();
    const input = programme(c);
    const missing = 99_999_999;
    expect(
      await createProgramme(actorOf(c.admin), {
        ...input,
        scope: { ...input.scope, compoundIds: [c.compoundId, missing] },
      }),
    ).toEqual({ ok: false, error: "compounds" });
    expect(
      await createProgramme(actorOf(c.admin), {
        ...input,
        scope: { ...input.scope, compoundIds: [] },
        responsibles: [{ compoundId: missing, userId: c.organizer.id }],
      }),
    ).toEqual({ ok: false, error: "compounds" });
    const made = await createProgramme(actorOf(c.admin), input);
    if (!made.ok) throw new Error(made.error);
    expect(
      await updateProgramme(actorOf(c.admin), made.id, {
        ...input,
        responsibles: [...input.responsibles, { compoundId: missing, userId: c.cadre1.id }],
      }),
    ).toEqual({ ok: false, error: "compounds" });
  });
});

describe("programmes: a household that has left", () => {
  it("cannot apply once it moved out or was dissolved", async () => {
    const c = await community();
    const made = await createProgramme(actorOf(c.admin), programme(c));
    if (!made.ok) throw new Error(made.error);
    for (const status of ["moved_out", "dissolved"] as const) {
      await testDatabase().writeAtomic((d) =>
        d
          .update(schema.households)
          .set({ status, closedAt: t0, closedReason: "测试" })
          .where(eq(schema.households.id, c.household)),
      );
      for (const who of [c.organizer, c.resident, c.admin])
        expect(
          await openCase(actorOf(who), { programmeId: made.id, householdId: c.household, note: "" }, t0),
        ).toEqual({ ok: false, error: "notActive" });
    }
  });
});

describe("programmes: the case form's step", () => {
  it("requires the step the actor saw, as a whole number", () => {
    const parse = (atStep?: string) =>
      CaseActionSchema.safeParse({
        intent: "advance",
        note: "",
        ...(atStep === undefined ? {} : { atStep }),
      });
    expect(parse("2")).toMatchObject({ success: true, data: { atStep: 2 } });
    expect(parse("0").success).toBe(true);
    for (const bad of [undefined, "", "abc", "1.5", "-1", "NaN"]) expect(parse(bad).success).toBe(false);
    expect(CaseActionSchema.safeParse({ intent: "close", note: "重复", atStep: "x" }).success).toBe(false);
  });
});

describe("programmes: the form's repeated rows", () => {
  const posted = (...keys: string[]) => {
    const form = new FormData();
    for (const key of keys) form.append(key, "x");
    return form;
  };

  it("refuses, before parsing, a row the form does not have", () => {
    expect(
      rowsBeyondForm(
        posted(
          "name",
          "members[4].duty",
          "conditions[4].evidence",
          "steps[5].name",
          "responsibles[49].userId",
        ),
      ),
    ).toBe(false);
    for (const key of [
      "steps[1000].name",
      "steps[6].name",
      "members[5].duty",
      "conditions[5].condition",
      "responsibles[50].userId",
      "steps.7.name",
      "steps[].name",
      "steps[00000000000000000001].name",
    ])
      expect(rowsBeyondForm(posted("name", key)), key).toBe(true);
  });

  it("caps each array in the schema too", () => {
    const base = {
      name: "培训",
      kind: "training",
      leaderId: "1",
      conditions: [{ condition: "失业", evidence: "登记证" }],
    };
    const steps = (n: number) =>
      Array.from({ length: n }, () => ({ name: "步", role: "compound", limitDays: "3" }));
    expect(ProgrammeFormSchema.safeParse({ ...base, steps: steps(6) }).success).toBe(true);
    expect(ProgrammeFormSchema.safeParse({ ...base, steps: steps(7) }).success).toBe(false);
    expect(
      ProgrammeFormSchema.safeParse({
        ...base,
        steps: steps(1),
        compoundIds: Array.from({ length: 51 }, (_, i) => String(i + 1)),
      }).success,
    ).toBe(false);
  });
});
