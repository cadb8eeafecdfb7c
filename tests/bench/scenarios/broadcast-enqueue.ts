// broadcast.enqueue: publishing an announcement to every resident queues one email each. Runs on a copy of
// the seeded database in which every household member has an account (100,000 at full scale), so the
// server's own worker never sends these; reports the time the publish transaction took as `seconds`.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import { Database, schema } from "#db/client.server";
import { createResidentAccounts } from "#db/seed/resident-accounts";
import { everyResident } from "#app/modules/announcements/audience";
import { publishAnnouncement } from "#app/modules/announcements/announcements.server";
import type { CustomScenario } from "../types";

export default {
  kind: "custom",
  name: "broadcast.enqueue",
  async run(ctx) {
    const file = join(tmpdir(), `lianxin-broadcast-${process.pid}-${Date.now()}.db`);
    await ctx.database.client.execute({ sql: "VACUUM INTO ?", args: [file] });
    const database = new Database({ url: `file:${file}` });
    try {
      await database.client.execute("PRAGMA journal_mode = WAL");
      await createResidentAccounts(database);
      const [admin] = await database.db
        .select({ id: schema.users.id })
        .from(schema.users)
        .where(eq(schema.users.role, "admin"))
        .limit(1);
      const [announcement] = await database.write((tx) =>
        tx
          .insert(schema.announcements)
          .values({
            kind: "policy",
            title: "全体居民医保缴费提醒",
            body: "请于月底前缴费。",
            audience: everyResident,
          })
          .returning({ id: schema.announcements.id }),
      );
      if (!announcement) throw new Error("no announcement inserted");
      // The copy may already hold mail of the seed or of scenarios before this one: only the broadcast's count.
      const [before] = await database.db.select({ n: count() }).from(schema.emailOutbox);
      const started = performance.now();
      const outcome = await publishAnnouncement(announcement.id, admin?.id ?? 0, { database });
      const seconds = (performance.now() - started) / 1000;
      const again = await publishAnnouncement(announcement.id, admin?.id ?? 0, { database });
      const [queued] = await database.db.select({ n: count() }).from(schema.emailOutbox);
      const emails = outcome.status === "published" ? outcome.queued : 0;
      const added = (queued?.n ?? 0) - (before?.n ?? 0);
      if (emails === 0 || added !== emails)
        throw new Error(`expected ${emails} queued emails, found ${added}`);
      if (again.status !== "published" || again.queued !== 0)
        throw new Error("publishing again queued more mail");
      const ms = seconds * 1000;
      return { reqPerSec: emails / seconds, p50Ms: ms, p95Ms: ms, p99Ms: ms, extra: { seconds, emails } };
    } finally {
      database.close();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    }
  },
} satisfies CustomScenario;
