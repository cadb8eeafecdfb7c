// The demo community's programmes (帮扶项目), each with its four clears: re-employment training, one-helps-one,
// the love card and relief grants, led by the leadership cadre with the demo staff in the group and as the
// responsible persons; and the demo resident's household applying for training, now at the compound's review.
import { asc, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { schema } from "#db/client.server";
import type { Actor } from "#app/modules/auth/policy";
import { actOnCase, openCase } from "#app/modules/programmes/cases.server";
import { createProgramme, type ProgrammeInput } from "#app/modules/programmes/programmes.server";
import { householdIdOfResident } from "#app/modules/households/facts.server";

const apply = { name: "提出申请", role: "household", limitDays: 7 } as const;
const review = { name: "小区审核", role: "compound", limitDays: 5 } as const;
const approve = { name: "领导小组审批", role: "group", limitDays: 5 } as const;

export async function seedDemoProgrammes(database: Database, now = new Date()): Promise<void> {
  const people = await database.db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      role: schema.users.role,
      volunteerTier: schema.users.volunteerTier,
      compoundId: schema.users.compoundId,
      supervisorId: schema.users.supervisorId,
    })
    .from(schema.users)
    .where(
      inArray(schema.users.email, [
        "admin@example.org",
        "organizer@example.org",
        "organizer.all@example.org",
        "volunteer1@example.org",
        "volunteer2@example.org",
        "resident@example.org",
      ]),
    );
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const admin = byEmail.get("admin@example.org");
  const organizer = byEmail.get("organizer@example.org");
  const organizerAll = byEmail.get("organizer.all@example.org");
  const leader = byEmail.get("volunteer1@example.org");
  const cadre = byEmail.get("volunteer2@example.org");
  const resident = byEmail.get("resident@example.org");
  if (!admin || !organizer || !organizerAll || !leader || !cadre || !resident) return;
  const compounds = await database.db
    .select({ id: schema.compounds.id })
    .from(schema.compounds)
    .orderBy(asc(schema.compounds.code));
  const responsibles = compounds.map((c) => ({
    compoundId: c.id,
    userId: c.id === organizer.compoundId ? organizer.id : organizerAll.id,
  }));
  const group = [
    { userId: cadre.id, duty: "审批和督办" },
    { userId: organizerAll.id, duty: "组织实施和统计" },
  ];
  const common = { leaderId: leader.id, members: group, responsibles };
  const programmes: ProgrammeInput[] = [
    {
      ...common,
      name: "再就业培训",
      kind: "training",
      plan: "面向困难家庭中劳动年龄内未就业的成员，每季度开办再就业培训班，结业后推荐就业岗位，三个月内回访就业情况。",
      scope: {
        compoundIds: [],
        levels: ["hardship", "extreme"],
        categories: [],
        needs: [],
        zeroEmployment: false,
      },
      conditions: [
        { condition: "家中有劳动年龄内（16–59 岁）未就业成员", evidence: "身份证、失业登记证或社区证明" },
        { condition: "本人有参加培训的意愿", evidence: "本人签字的申请书" },
      ],
      steps: [
        apply,
        review,
        approve,
        { name: "报名参加培训", role: "helper", limitDays: 30 },
        { name: "结业跟踪回访", role: "helper", limitDays: 90 },
      ],
    },
    {
      ...common,
      name: "一帮一结对",
      kind: "pairing",
      plan: "为每户特困家庭确定一名帮扶志愿者，签订协议卡，明确就业、就医、就学目标，按时走访。",
      scope: { compoundIds: [], levels: ["extreme"], categories: [], needs: [], zeroEmployment: false },
      conditions: [{ condition: "列入特困户台帐", evidence: "台帐登记和最近一次核实记录" }],
      steps: [
        apply,
        review,
        { name: "确定志愿者并签订协议", role: "compound", limitDays: 10 },
        { name: "首次走访", role: "helper", limitDays: 14 },
      ],
    },
    {
      ...common,
      name: "爱心卡",
      kind: "loveCard",
      plan: "为困难户、特困户发放记账式爱心卡，每月充值，在爱心超市凭卡领取生活用品。",
      scope: {
        compoundIds: [],
        levels: ["hardship", "extreme"],
        categories: [],
        needs: ["material"],
        zeroEmployment: false,
      },
      conditions: [
        { condition: "列入困难户或特困户台帐", evidence: "台帐登记" },
        { condition: "家庭有生活物资需求", evidence: "走访记录" },
      ],
      steps: [apply, review, approve, { name: "发卡", role: "compound", limitDays: 7 }],
    },
    {
      ...common,
      name: "临时救助金",
      kind: "relief",
      plan: "对遭遇临时灾难或患大病的家庭发放临时救助金，急事急办，发放后回访。",
      scope: {
        compoundIds: [],
        levels: [],
        categories: ["temporary_disaster", "serious_illness"],
        needs: [],
        zeroEmployment: false,
      },
      conditions: [
        { condition: "遭遇临时灾难或家庭成员患大病", evidence: "医院诊断证明或灾情证明" },
        { condition: "家庭收入不足以应对", evidence: "收入情况说明" },
      ],
      steps: [
        { ...apply, limitDays: 3 },
        { ...review, limitDays: 2 },
        { ...approve, limitDays: 2 },
        { name: "发放救助金", role: "compound", limitDays: 3 },
        { name: "回访", role: "helper", limitDays: 14 },
      ],
    },
  ];
  const adminActor: Actor = { ...admin, volunteerTier: null, compoundId: null, supervisorId: null };
  let trainingId: number | null = null;
  for (const input of programmes) {
    const made = await createProgramme(adminActor, input);
    if (made.ok && input.kind === "training") trainingId = made.id;
  }
  const householdId = await householdIdOfResident(resident.id, database.db);
  if (trainingId === null || householdId === null) return;
  const opened = await openCase(
    { ...resident, volunteerTier: null, supervisorId: null },
    { programmeId: trainingId, householdId, note: "想参加家政服务培训" },
    now,
  );
  if (opened.ok)
    await actOnCase(
      { ...resident, volunteerTier: null, supervisorId: null },
      opened.caseId,
      { intent: "advance", note: "申请书和失业登记证已交" },
      now,
    );
}
