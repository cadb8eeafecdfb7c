// Seeds dynamic management: each household that has been verified gets the record of its last check
// (the factory's verification dates leave about one in six overdue), and some carry history: an
// extreme-hardship household raised from hardship at its last check, a hardship household whose note
// an organizer edited. Reads the households the household seeder wrote; writes in one transaction.
import { isNotNull } from "drizzle-orm";
import { schema } from "#db/client.server";
import { insertInBatches, seededFaker, type SeedContext, type Seeder } from "./context";

const findings = [
  "入户核实，家庭情况与登记一致",
  "户主病情稳定，仍需定期就医",
  "家中仍无人就业，已推荐参加再就业培训",
  "子女在读，学费负担仍重",
  "老人独居，生活基本能自理，需定期探望",
  "收入略有增加，但仍低于当地低保标准",
] as const;

export const verificationSeeder: Seeder = {
  name: "verifications",
  async run(ctx: SeedContext) {
    const faker = seededFaker(ctx.seed, "verifications");
    const verified = await ctx.database.db
      .select({
        id: schema.households.id,
        level: schema.households.hardshipLevel,
        note: schema.households.note,
        lastVerifiedAt: schema.households.lastVerifiedAt,
        nextDue: schema.households.nextVerificationDue,
      })
      .from(schema.households)
      .where(isNotNull(schema.households.lastVerifiedAt))
      .orderBy(schema.households.id);
    const verifiers = Array.from({ length: 40 }, () => faker.person.lastName() + faker.person.firstName());
    const verifications: (typeof schema.householdVerifications.$inferInsert)[] = [];
    const history: (typeof schema.householdHistory.$inferInsert)[] = [];
    for (const h of verified) {
      if (!h.lastVerifiedAt) continue;
      const raised = h.level === "extreme" && faker.datatype.boolean({ probability: 0.25 });
      verifications.push({
        householdId: h.id,
        verifiedAt: h.lastVerifiedAt,
        verifiedById: null,
        verifierName: faker.helpers.arrayElement(verifiers),
        findings: raised
          ? "户主新患重病，家庭支出大幅增加，提为特困户"
          : faker.helpers.arrayElement(findings),
        levelBefore: raised ? "hardship" : h.level,
        levelAfter: h.level,
        nextDue: h.nextDue,
      });
      if (raised)
        history.push(
          {
            householdId: h.id,
            at: h.lastVerifiedAt,
            actorId: null,
            source: "verification",
            field: "hardshipLevel",
            before: "hardship",
            after: "extreme",
          },
          {
            householdId: h.id,
            at: h.lastVerifiedAt,
            actorId: null,
            source: "verification",
            field: "nextVerificationDue",
            before: null,
            after: h.nextDue?.toISOString() ?? null,
          },
        );
      else if (h.level === "hardship" && h.note && faker.datatype.boolean({ probability: 0.5 }))
        history.push({
          householdId: h.id,
          at: h.lastVerifiedAt,
          actorId: null,
          source: "form",
          field: "note",
          before: null,
          after: h.note,
        });
    }
    await ctx.database.write(async (tx) => {
      await insertInBatches(tx, schema.householdVerifications, verifications);
      await insertInBatches(tx, schema.householdHistory, history);
    });
    const overdue = verified.filter((h) => h.nextDue !== null && h.nextDue < ctx.now).length;
    return { verifications: verifications.length, history: history.length, overdue };
  },
};
