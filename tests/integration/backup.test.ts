import { execFile } from "node:child_process";
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { databaseFilePath } from "#db/backup.server";
import { Database, schema } from "#db/client.server";
import { freshDatabaseFile } from "#tests/setup/db";
import { tmpDir } from "#tests/setup/paths";

const run = promisify(execFile);
const tsx = resolve("node_modules/.bin/tsx");

/** Runs `npm run db:backup` as an operator would, against the given database. */
function backupCommand(databaseUrl: string, out: string) {
  return run(tsx, ["scripts/backup.ts", "--out", out], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production" },
  });
}

function outPath(name: string): string {
  return resolve(tmpDir, `${name}-${process.pid}-${Date.now()}.db`);
}

async function compoundCodes(url: string): Promise<string[]> {
  const database = new Database({ url });
  const rows = await database.db
    .select({ code: schema.compounds.code })
    .from(schema.compounds)
    .orderBy(asc(schema.compounds.id));
  database.close();
  return rows.map((r) => r.code);
}

describe("npm run db:backup", () => {
  it("takes a consistent snapshot while writes go on, holding every row committed before it began", async () => {
    const url = freshDatabaseFile();
    const writer = new Database({ url });
    let committed = 0;
    let writing = true;
    const writes = (async () => {
      while (writing) {
        await writer.write((tx) =>
          tx.insert(schema.compounds).values({ code: `B${committed}`, name: `小区${committed}` }),
        );
        committed += 1;
        // The embedded client finishes on the microtask queue; yield so that timers and the child run.
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    while (committed < 20) await new Promise((r) => setTimeout(r, 5));

    const out = outPath("backup-live");
    const committedBefore = committed;
    const { stdout } = await backupCommand(url, out);
    const committedAfter = committed;
    writing = false;
    await writes;
    writer.close();

    expect(stdout).toContain(out);
    const codes = await compoundCodes(`file:${out}`);
    expect(codes.length).toBeGreaterThanOrEqual(committedBefore);
    expect(codes.length).toBeLessThanOrEqual(committedAfter);
    // A snapshot, not a smear: exactly the first n transactions, none missing in between.
    expect(codes).toEqual(Array.from({ length: codes.length }, (_, i) => `B${i}`));
    // Writers were never blocked: some went on committing while the copy was taken.
    expect(committed).toBeGreaterThan(committedBefore);
  });

  it("restores by copying the backup over the database file and starting from it", async () => {
    const liveUrl = freshDatabaseFile();
    const live = new Database({ url: liveUrl });
    await live.writeAtomic((d) => d.insert(schema.compounds).values({ code: "KEEP", name: "备份前" }));
    const out = outPath("backup-restore");
    await backupCommand(liveUrl, out);
    await live.writeAtomic((d) => d.insert(schema.compounds).values({ code: "LOST", name: "备份后" }));
    live.close();

    // The documented steps: app stopped, copy the backup over DATABASE_URL's file, remove -wal and -shm.
    const file = databaseFilePath(liveUrl) ?? "";
    copyFileSync(out, file);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });

    // A new process, as after a real restart: this one may still hold handles on the old file.
    const { stdout } = await run(tsx, ["tests/integration/restore-start.fixture.ts"], {
      env: { ...process.env, DATABASE_URL: liveUrl },
    });
    expect(JSON.parse(stdout)).toEqual(["KEEP", "AFTER"]);
  });

  it("refuses to overwrite an earlier backup", async () => {
    const url = freshDatabaseFile();
    const out = outPath("backup-twice");
    await backupCommand(url, out);
    await expect(backupCommand(url, out)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("already exists"),
    });
    expect(existsSync(out)).toBe(true);
  });

  it("sends a libSQL server's operator to the server's own backup", async () => {
    await expect(backupCommand("libsql://lianxin.example.turso.io", outPath("remote"))).rejects.toMatchObject(
      {
        code: 1,
        stderr: expect.stringContaining("server's own backup"),
      },
    );
  });
});
