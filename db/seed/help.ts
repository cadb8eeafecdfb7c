// Seeds help requests over the past six months in every state: about 400 at full scale (at least 40), from
// hardship households, routed as the app routes them (to the primary helper, else the organizers), with a
// timeline, some escalations of slow ones, and ratings on most resolved requests.
import { and, eq, ne } from "drizzle-orm";
import { schema } from "#db/client.server";
import { acknowledgeWindowMs, helpKinds, type HelpKind, type HelpStatus } from "#app/modules/help/codes";
import { insertInBatches, nextId, seededFaker, type SeedContext, type Seeder } from "./context";

const hour = 3_600_000;
const day = 24 * hour;
const descriptions: Record<HelpKind, string[]> = {
  urgent: ["家里水管爆裂，屋里进水了", "老人突发疾病，家里没人照顾", "暴雨后房屋漏水严重"],
  medical: ["需要陪同去医院复诊", "想申请大病医疗救助，不知道怎么办", "药费负担太重，想了解补贴"],
  employment: ["失业三个月了，想找份工作", "想参加再就业培训", "想了解公益性岗位"],
  schooling: ["孩子的学费交不上", "想申请助学金", "孩子需要辅导功课"],
  daily: ["冬天取暖有困难", "家里电器坏了，没钱修", "行动不便，需要帮忙买菜"],
  other: ["想咨询低保政策", "需要帮忙填表", "邻里纠纷想请社区调解"],
};
const staffNotes = ["已电话联系，了解了情况", "已上门查看", "已联系相关部门", "材料已提交，等待审批"];
const residentComments = ["非常感谢，很及时", "帮了大忙", "处理得有点慢", null, null];

export const helpSeeder: Seeder = {
  name: "help",
  async run(ctx: SeedContext) {
    const faker = seededFaker(ctx.seed, "help");
    const now = ctx.now.getTime();
    const db = ctx.database.db;
    const households = await db
      .select({ id: schema.households.id, compoundId: schema.households.compoundId })
      .from(schema.households)
      .where(ne(schema.households.hardshipLevel, "none"));
    if (households.length === 0) return { requests: 0, events: 0 };
    const helpers = await db
      .select({ householdId: schema.pairings.householdId, volunteerId: schema.pairings.volunteerId })
      .from(schema.pairings)
      .where(and(eq(schema.pairings.status, "active"), eq(schema.pairings.role, "primary")));
    const helperOf = new Map(helpers.map((h) => [h.householdId, h.volunteerId]));
    const organizers = await db
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(eq(schema.users.role, "organizer"));
    const supervisors = new Map(
      (
        await db
          .select({ id: schema.users.id, supervisorId: schema.users.supervisorId })
          .from(schema.users)
          .where(eq(schema.users.role, "volunteer"))
      ).map((u) => [u.id, u.supervisorId]),
    );
    const count = Math.max(40, Math.round(400 * ctx.factor));
    const requests: (typeof schema.helpRequests.$inferInsert)[] = [];
    const events: (typeof schema.helpRequestEvents.$inferInsert)[] = [];
    await ctx.database.write(async (tx) => {
      let id = await nextId(tx, schema.helpRequests.id);
      for (let i = 0; i < count; i++, id++) {
        const household = faker.helpers.arrayElement(households);
        const kind = faker.helpers.weightedArrayElement(
          helpKinds.map((k) => ({ value: k, weight: k === "urgent" ? 1 : k === "other" ? 1 : 3 })),
        );
        // Older requests are mostly closed; the last days hold the open ones.
        const ageDays = faker.number.float({ min: 0.05, max: 180 });
        const createdAt = now - ageDays * day;
        const status: HelpStatus =
          ageDays > 14
            ? faker.helpers.weightedArrayElement([
                { value: "resolved", weight: 9 },
                { value: "in_progress", weight: 1 },
              ])
            : faker.helpers.arrayElement(["new", "acknowledged", "in_progress", "resolved"] as const);
        const helperId = helperOf.get(household.id) ?? null;
        const urgency = kind === "urgent" ? "urgent" : "normal";
        const window = acknowledgeWindowMs(urgency);
        let level = helperId === null ? 2 : 0;
        let assignedToId = helperId;
        let acknowledgeBy = createdAt + window;
        const author = helperId ?? organizers[0]?.id ?? null;
        events.push({ requestId: id, type: "created", at: new Date(createdAt), authorId: null });
        // A new request past its window has gone up once, as the tick would have done.
        if (status === "new" && acknowledgeBy < now && level === 0) {
          const up = helperId === null ? null : (supervisors.get(helperId) ?? null);
          level = up === null ? 2 : 1;
          assignedToId = up;
          events.push({
            requestId: id,
            type: "escalated",
            at: new Date(acknowledgeBy),
            note: String(level),
            visibleToResident: false,
          });
          acknowledgeBy += window;
        }
        const acknowledgedAt =
          status === "new"
            ? null
            : Math.min(now, createdAt + faker.number.float({ min: 0.1, max: 1.5 }) * window);
        if (acknowledgedAt !== null)
          events.push({
            requestId: id,
            type: "acknowledged",
            at: new Date(acknowledgedAt),
            authorId: author,
          });
        if (acknowledgedAt !== null && status !== "acknowledged") {
          const startedAt = Math.min(now, acknowledgedAt + faker.number.float({ min: 1, max: 48 }) * hour);
          events.push({ requestId: id, type: "in_progress", at: new Date(startedAt), authorId: author });
          events.push({
            requestId: id,
            type: "note",
            at: new Date(startedAt),
            authorId: author,
            note: faker.helpers.arrayElement(staffNotes),
            visibleToResident: faker.datatype.boolean(),
          });
        }
        const resolvedAt =
          status === "resolved" && acknowledgedAt !== null
            ? Math.min(now, acknowledgedAt + faker.number.float({ min: 2, max: 240 }) * hour)
            : null;
        if (resolvedAt !== null)
          events.push({ requestId: id, type: "resolved", at: new Date(resolvedAt), authorId: author });
        const rated = resolvedAt !== null && faker.number.float() < 0.7;
        const rating = rated
          ? faker.helpers.weightedArrayElement([5, 5, 5, 4, 4, 3, 2, 1].map((v) => ({ value: v, weight: 1 })))
          : null;
        const ratingComment = rated ? faker.helpers.arrayElement(residentComments) : null;
        if (rated && resolvedAt !== null)
          events.push({ requestId: id, type: "rated", at: new Date(resolvedAt + day), note: ratingComment });
        requests.push({
          id,
          householdId: household.id,
          compoundId: household.compoundId,
          channel: faker.number.float() < 0.3 ? "phone" : "app",
          recordedById: null,
          kind,
          urgency,
          description: faker.helpers.arrayElement(descriptions[kind]),
          contactMethod: faker.helpers.arrayElement(["phone", "app"] as const),
          contactPhone: `139${faker.string.numeric(8)}`,
          status,
          helperId,
          assignedToId,
          escalationLevel: level,
          acknowledgeBy: new Date(acknowledgeBy),
          createdAt: new Date(createdAt),
          acknowledgedAt: acknowledgedAt === null ? null : new Date(acknowledgedAt),
          resolvedAt: resolvedAt === null ? null : new Date(resolvedAt),
          rating,
          ratingComment,
          ratedAt: rated && resolvedAt !== null ? new Date(resolvedAt + day) : null,
          updatedAt: new Date(resolvedAt ?? acknowledgedAt ?? createdAt),
        });
      }
      await insertInBatches(tx, schema.helpRequests, requests);
      await insertInBatches(tx, schema.helpRequestEvents, events);
    });
    return { requests: requests.length, events: events.length };
  },
};
