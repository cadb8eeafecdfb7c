// Seeds a year of announcements: jobs, training, policy and activities aimed at every resident, one
// compound, a compound's hardship households or volunteers by tier; most published (some expired), a few
// drafts and scheduled. History only: seeding queues no email.
import { schema } from "#db/client.server";
import { everyResident, type Audience, type AnnouncementKind } from "#app/modules/announcements/audience";
import { insertInBatches, seededFaker, type SeedContext, type Seeder } from "./context";

export const fullScale = { announcements: 600 };

const titles: Record<AnnouncementKind, string[]> = {
  job: ["物业公司招聘保洁员", "油田食堂招聘帮厨", "社区超市招聘理货员", "公益性岗位招聘协管员"],
  training: ["再就业技能培训班报名", "残疾人专项培训开班", "上岗短期技术培训：电工", "家政服务培训班"],
  policy: ["城乡居民医保缴费提醒", "低保年审政策说明", "困难家庭子女助学政策", "临时救助申请指南"],
  activity: ["重阳节敬老活动", "社区义诊进小区", "爱心超市开放日", "志愿者走访交流会"],
};
const kinds = Object.keys(titles) as AnnouncementKind[];
const day = 86_400_000;

export const announcementSeeder: Seeder = {
  name: "announcements",
  async run(ctx: SeedContext) {
    const faker = seededFaker(ctx.seed, "announcements");
    const total = Math.max(12, Math.round(fullScale.announcements * ctx.factor));
    const now = ctx.now.getTime();
    const rows = Array.from({ length: total }, (_, i) => {
      const kind = kinds[i % kinds.length] ?? "policy";
      const compoundId = faker.helpers.arrayElement(ctx.compoundIds);
      const shape = faker.number.int({ min: 0, max: 9 });
      const audience: Audience =
        shape < 3
          ? everyResident
          : shape < 7
            ? { ...everyResident, compoundIds: [compoundId] }
            : shape < 9
              ? { ...everyResident, compoundIds: [compoundId], levels: ["hardship", "extreme"] }
              : { ...everyResident, residents: false, volunteerTiers: [3, 4] };
      const status = i < total - 4 ? "published" : i < total - 2 ? "draft" : "scheduled";
      // Spread over the past year, oldest first, so that ids and publication order agree.
      const publishedAt = new Date(now - (total - i) * Math.floor((365 * day) / total));
      const expired = status === "published" && faker.number.int({ min: 0, max: 3 }) === 0;
      const job = kind === "job";
      const payMin = faker.number.int({ min: 20, max: 35 }) * 100;
      return {
        kind,
        title: faker.helpers.arrayElement(titles[kind]),
        body: `## ${faker.helpers.arrayElement(["说明", "内容", "安排"])}\n\n${faker.lorem.paragraph()}\n\n- ${faker.lorem.sentence()}\n- ${faker.lorem.sentence()}`,
        employer: job ? faker.company.name() : null,
        positions: job ? faker.number.int({ min: 1, max: 10 }) : null,
        payMin: job ? payMin : null,
        payMax: job ? payMin + 800 : null,
        requirements: job ? "身体健康，能吃苦耐劳。" : null,
        contact: `${faker.person.lastName()}老师 ${faker.phone.number()}`,
        deadline: job ? new Date(publishedAt.getTime() + 30 * day) : null,
        audience,
        status,
        publishAt: status === "draft" ? null : status === "scheduled" ? new Date(now + 7 * day) : publishedAt,
        publishedAt: status === "published" ? publishedAt : null,
        expiresAt: expired ? new Date(publishedAt.getTime() + 14 * day) : null,
        createdAt: publishedAt,
        updatedAt: publishedAt,
      } satisfies typeof schema.announcements.$inferInsert;
    });
    await ctx.database.write((tx) => insertInBatches(tx, schema.announcements, rows));
    return { announcements: total };
  },
};
