// An organizer publishes a job to one compound's zero-employment households: the reach is shown before
// publishing, progress is watched until every email is sent, the resident it is for finds it in the feed
// and the mailbox, and a resident of another compound neither sees it nor opens it by link.
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import { db, getDatabase, schema } from "#db/client.server";
import { expect, test } from "./fixtures";
import { readLatestEmail, sandboxNotice } from "./mailbox";

/** A new resident account linked to a member (without an account) of the first household matching `where`. */
async function residentOf(where: ReturnType<typeof and>, label: string) {
  const [member] = await db()
    .select({ id: schema.householdMembers.id, compoundId: schema.households.compoundId })
    .from(schema.householdMembers)
    .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
    .where(and(isNull(schema.householdMembers.userId), where))
    .orderBy(asc(schema.households.compoundId), asc(schema.householdMembers.id))
    .limit(1);
  if (!member) throw new Error(`no household member for ${label}`);
  const email = `e2e-${label}-${randomUUID().slice(0, 8)}@example.org`;
  await getDatabase().write(async (tx) => {
    const [user] = await tx
      .insert(schema.users)
      .values({ email, name: `居民 ${label}`, role: "resident", compoundId: member.compoundId })
      .returning({ id: schema.users.id });
    if (!user) throw new Error("no user inserted");
    await tx
      .update(schema.householdMembers)
      .set({ userId: user.id })
      .where(eq(schema.householdMembers.id, member.id));
  });
  return { email, compoundId: member.compoundId };
}

test("an organizer targets one compound's zero-employment households and only they receive it", async ({
  page,
  loginAs,
  consoleErrors,
}, testInfo) => {
  test.setTimeout(60_000);
  consoleErrors.allow(sandboxNotice);
  const compounds = await db().select().from(schema.compounds).orderBy(asc(schema.compounds.id));
  // Desktop and phone run at once: each takes its own half of the compounds so that their counts never mix.
  const half = testInfo.project.name === "phone" ? compounds.slice(6) : compounds.slice(0, 6);
  const inHalf = sql`${schema.households.compoundId} IN (${sql.join(
    half.map((c) => sql`${c.id}`),
    sql`, `,
  )})`;
  const target = await residentOf(and(inHalf, eq(schema.households.zeroEmployment, true)), "target");
  const elsewhere = await residentOf(
    and(ne(schema.households.compoundId, target.compoundId), eq(schema.households.zeroEmployment, false)),
    "elsewhere",
  );
  const compoundName = compounds.find((c) => c.id === target.compoundId)?.name ?? "";
  const [reach] = await db()
    .select({ n: count() })
    .from(schema.users)
    .innerJoin(schema.householdMembers, eq(schema.householdMembers.userId, schema.users.id))
    .innerJoin(schema.households, eq(schema.households.id, schema.householdMembers.householdId))
    .where(
      and(
        eq(schema.users.role, "resident"),
        isNull(schema.users.disabledAt),
        eq(schema.households.compoundId, target.compoundId),
        eq(schema.households.zeroEmployment, true),
      ),
    );
  const expected = reach?.n ?? 0;
  const title = `油田物业招聘保洁员 ${randomUUID().slice(0, 6)}`;

  await loginAs("organizer@example.org");
  await page.goto("/admin/announcements/new");
  await page.getByLabel("标题").fill(title);
  await page.getByLabel("正文").fill("## 岗位\n\n- 保洁员 **3 名**\n\n<script>window.hacked = 1</script>");
  await page.getByLabel("用人单位").fill("油田物业公司");
  await page.getByLabel("招聘人数").fill("3");
  await page.getByLabel("联系方式").fill("王经理 13800000001");
  await page.getByRole("checkbox", { name: compoundName, exact: true }).check();
  await page.getByLabel("只发给零就业家庭").check();
  await expect(page.getByTestId("reach")).toHaveText(`将送达 ${expected} 人`);
  await page.getByRole("button", { name: "保存草稿" }).click();

  await expect(page.getByText("公告已保存为草稿。")).toBeVisible();
  await expect(page.getByTestId("publish-reach")).toContainText(`将送达 ${expected} 人`);
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByText("请勾选确认后再发布。")).toBeVisible();
  await page.getByLabel("我已核对内容和发送对象，确认发布").check();
  await page.getByRole("button", { name: "发布" }).click();
  await expect(page.getByText("公告已发布，邮件正在发送。")).toBeVisible();
  // The page polls the outbox; the inline worker delivers to the local mailbox.
  await expect(page.getByTestId("progress-sent")).toHaveText(String(expected), { timeout: 30_000 });
  await expect(page.getByTestId("progress-queued")).toHaveText("0");
  await expect(page.getByText("发送完毕。")).toBeVisible();

  const email = await readLatestEmail(page, target.email);
  expect(email.subject).toContain(title);

  await loginAs(target.email);
  await page.goto("/announcements");
  const item = page.getByTestId("feed").getByRole("listitem").filter({ hasText: title });
  await expect(item).toContainText("未读");
  await item.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("油田物业公司")).toBeVisible();
  expect(await page.evaluate(() => "hacked" in window)).toBe(false);
  const detailUrl = page.url();

  await loginAs(elsewhere.email);
  await page.goto("/announcements");
  await expect(page.getByRole("heading", { level: 1, name: "公告" })).toBeVisible();
  await expect(page.getByText(title)).toHaveCount(0);
  // Outside its audience: who it is for and whom to ask, not the notice and not a 404.
  const response = await page.goto(detailUrl);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "这条公告只发给部分人" })).toBeVisible();
  await expect(page.getByText("零就业家庭")).toBeVisible();
  await expect(page.getByText(title)).toHaveCount(0);
});
