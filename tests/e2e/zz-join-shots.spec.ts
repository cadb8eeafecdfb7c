// Temporary: screenshots of the join pages for review (not committed).
import { desc, eq, isNotNull } from "drizzle-orm";
import { db, schema } from "#db/client.server";
import { test } from "#tests/e2e/fixtures";
import { useLocale } from "#tests/e2e/material-helpers";

for (const locale of ["zh-CN", "en"] as const)
  test(`shots ${locale}`, async ({ page, context, baseURL, loginAs, newAccount }, info) => {
    test.setTimeout(120_000);
    await useLocale(context, locale, baseURL ?? "");
    const w = info.project.name;
    const shot = async (name: string) => {
      await page.screenshot({ path: `/tmp/join-shots/${name}-${locale}-${w}.png` });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      if (height > 1200) {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await page.screenshot({ path: `/tmp/join-shots/${name}-${locale}-${w}-end.png` });
      }
    };
    const fresh = await newAccount("resident");
    await loginAs(fresh.email);
    await page.goto("/me/household");
    await shot("me-claim-code");
    await page.goto("/me/household?by=address");
    await shot("me-claim-address");
    await loginAs("organizer@example.org");
    const [claim] = await db().select().from(schema.householdClaims).orderBy(desc(schema.householdClaims.id)).limit(1);
    const [member] = await db()
      .select()
      .from(schema.householdMembers)
      .where(isNotNull(schema.householdMembers.userId))
      .orderBy(desc(schema.householdMembers.id))
      .limit(1);
    const householdId = member?.householdId ?? 1;
    await page.goto("/households/claims?view=decided");
    await shot("claims");
    await page.goto(`/households/claims/${claim?.id ?? 1}`);
    await shot("claim");
    await page.goto("/households/new");
    await shot("new");
    await page.goto(`/households/${householdId}`);
    await shot("household");
    await page.locator("section[aria-labelledby=members-title]").screenshot({ path: `/tmp/join-shots/members-${locale}-${w}.png` });
    await page.locator("section[aria-labelledby=history-title]").screenshot({ path: `/tmp/join-shots/history-${locale}-${w}.png` });
    await page.goto(`/households/${householdId}/link?member=${member?.id ?? 1}&q=e2e`);
    await shot("link");
    await page.goto(`/households/${householdId}/members/${member?.id ?? 1}`);
    await shot("member");
    await page.goto(`/households/${householdId}/close`);
    await shot("close");
    await page.goto(`/households/corrections?status=handled`);
    await shot("corrections");
    const [open] = await db().select().from(schema.householdCorrections).where(eq(schema.householdCorrections.status, "open")).limit(1);
    if (open) {
      await page.goto(`/households/${open.householdId}/edit?correction=${open.id}`);
      await shot("edit-correction");
    }
  });
