// The demo community's material help: a stocked supermarket (goods donated and bought), money in the fund,
// a love card for every household in a hardship ledger credited for last month and this one, a month of sales
// at the till, and the duties the demo accounts hold (volunteer4 runs the till of compound 1, the organizer is
// treasurer, volunteer2 approves grants). Everything goes through the material module, so the ledger balances.
import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { schema } from "#db/client.server";
import { issueMissingCards } from "#app/modules/material/cards.server";
import { runMonthlyCredits } from "#app/modules/material/credits.server";
import { grantDuty } from "#app/modules/material/duties.server";
import { recordDonation } from "#app/modules/material/fund.server";
import { createItem } from "#app/modules/material/stock.server";
import { sellOnCard, sellToPublic } from "#app/modules/material/till.server";

const goods = [
  {
    name: "大米 5kg",
    unit: "袋",
    category: "grain_oil",
    priceFen: 2500,
    freeWithCard: false,
    source: "donated",
    stock: 60,
  },
  {
    name: "食用油 1.8L",
    unit: "瓶",
    category: "grain_oil",
    priceFen: 4990,
    freeWithCard: false,
    source: "donated",
    stock: 40,
  },
  {
    name: "面粉 2.5kg",
    unit: "袋",
    category: "grain_oil",
    priceFen: 1800,
    freeWithCard: true,
    source: "donated",
    stock: 50,
  },
  {
    name: "洗衣粉",
    unit: "袋",
    category: "daily",
    priceFen: 1290,
    freeWithCard: false,
    source: "bought",
    stock: 30,
  },
  {
    name: "学生书包",
    unit: "个",
    category: "school",
    priceFen: 3500,
    freeWithCard: false,
    source: "donated",
    stock: 12,
  },
  {
    name: "冬季棉衣",
    unit: "件",
    category: "clothing",
    priceFen: 8800,
    freeWithCard: false,
    source: "donated",
    stock: 4,
  },
] as const;

export async function seedDemoMaterial(database: Database): Promise<void> {
  const people = await database.db
    .select({
      id: schema.users.id,
      email: schema.users.email,
      role: schema.users.role,
      compoundId: schema.users.compoundId,
    })
    .from(schema.users)
    .where(
      inArray(schema.users.email, [
        "admin@example.org",
        "organizer@example.org",
        "volunteer2@example.org",
        "volunteer4@example.org",
      ]),
    );
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const admin = byEmail.get("admin@example.org");
  if (!admin) return;
  const adminActor = {
    id: admin.id,
    role: admin.role,
    volunteerTier: null,
    compoundId: null,
    supervisorId: null,
    duties: [],
  };
  const compoundId = byEmail.get("volunteer4@example.org")?.compoundId ?? null;
  const duty = async (email: string, d: "cashier" | "treasurer" | "approver", compound: number | null) => {
    const person = byEmail.get(email);
    if (person) await grantDuty(adminActor, person.id, d, compound, null);
  };
  await duty("volunteer4@example.org", "cashier", compoundId);
  await duty("organizer@example.org", "treasurer", null);
  await duty("volunteer2@example.org", "approver", compoundId);

  const items: { id: number; quantity: number; unitValueFen: number }[] = [];
  for (const g of goods) {
    const { stock, ...item } = g;
    const id = await createItem(admin.id, { ...item, lowStockAt: 5 }, null);
    if (id !== null) items.push({ id, quantity: stock, unitValueFen: g.priceFen });
  }
  const donor = { donorEmail: null, donorPhone: null, purpose: null, locale: "zh-CN" as const };
  await recordDonation(
    admin.id,
    {
      kind: "goods",
      items: items.map((i) => ({ itemId: i.id, quantity: i.quantity, unitValueFen: i.unitValueFen })),
      donorKind: "company",
      donorName: "油田建材公司",
      ...donor,
    },
    null,
  );
  await recordDonation(
    admin.id,
    {
      kind: "cash",
      amountFen: 500_000,
      method: "transfer",
      donorKind: "company",
      donorName: "油田工会",
      ...donor,
    },
    null,
  );
  await recordDonation(
    admin.id,
    { kind: "cash", amountFen: 20_000, method: "cash", donorKind: "anonymous", donorName: null, ...donor },
    null,
  );

  await issueMissingCards(adminActor, null, null);
  const now = Date.now();
  const day = 86_400_000;
  // Last month's credits too, dated back, so that the month of sales before today has money to spend.
  await runMonthlyCredits(admin.id, { at: new Date(now - 30 * day) });
  await runMonthlyCredits(admin.id);

  // A month of sales at the till (on cards, and to the public for cash), so the cash-up, the statement, the
  // reports and the cards have something to show. A card that has run out is simply refused, as at the till.
  const cards = await database.db
    .select({ number: schema.materialCards.number })
    .from(schema.materialCards)
    .where(eq(schema.materialCards.status, "active"))
    .orderBy(asc(schema.materialCards.id))
    .limit(40);
  let n = 0;
  for (let daysAgo = 30; daysAgo >= 1; daysAgo--) {
    const midnight = new Date(now - daysAgo * day);
    midnight.setUTCHours(0, 0, 0, 0);
    for (let k = 0; k < 3; k++) {
      const card = cards[n % cards.length];
      const item = items[n % items.length];
      n++;
      if (!card || !item) continue;
      // 10:00, 12:00 and 14:00 in China (UTC+8).
      const at = new Date(midnight.getTime() + (2 + 2 * k) * 3_600_000);
      await sellOnCard(adminActor, card.number, {
        lines: [{ itemId: item.id, quantity: 1 }],
        amountFen: 0,
        idempotencyKey: `seed-${n}`,
        ip: null,
        at,
      });
    }
    const forSale = items[daysAgo % items.length];
    if (daysAgo % 3 === 0 && forSale)
      await sellToPublic(adminActor, {
        lines: [{ itemId: forSale.id, quantity: 1 }],
        amountFen: 0,
        idempotencyKey: `seed-public-${daysAgo}`,
        ip: null,
        at: new Date(midnight.getTime() + 7 * 3_600_000),
      });
  }
}
