import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { Database, schema } from "#db/client.server";
import { enqueueEmail } from "#app/modules/notifications/outbox.server";
import { FakeResend } from "#tests/support/fake-resend";
import { freshDatabaseFile } from "#tests/setup/db";

describe("npm run worker", () => {
  it("on SIGTERM finishes the batch in flight, records it, and exits", async () => {
    const url = freshDatabaseFile();
    const database = new Database({ url });
    const server = await new FakeResend().start();
    try {
      await database.write(async (tx) => {
        for (let i = 0; i < 150; i++)
          await enqueueEmail(tx, {
            key: `term:${i}`,
            to: `r${i}@lianxin.test`,
            template: "auth.verifyEmail",
            data: { name: "居民", code: "12345678", minutes: 15 },
            locale: "zh-CN",
          });
      });
      server.inject({ kind: "slow", ms: 1500 });
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          DATABASE_URL: url,
          RESEND_API_KEY: "re_test",
          RESEND_BASE_URL: server.url,
          EMAIL_RATE_PER_SECOND: "1",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      await expect.poll(() => server.requests.length, { timeout: 60_000 }).toBeGreaterThan(0);
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");

      expect(code).toBe(0);
      expect(output).toContain("email worker stopped");
      const rows = await database.db.select().from(schema.emailOutbox);
      const sent = rows.filter((r) => r.status === "sent");
      // Whatever reached the provider is recorded as sent; nothing is left half-done.
      expect(sent.length).toBe(server.delivered.length);
      expect(sent.length).toBeGreaterThanOrEqual(100);
      expect(rows.filter((r) => r.status === "sending")).toHaveLength(0);
    } finally {
      await server.stop();
      database.close();
    }
    // A child process starting tsx and migrating on a shared two-core machine can take most of a minute.
  }, 120_000);
});
