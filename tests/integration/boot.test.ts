// The entry scripts as an operator runs them: a wrong DATABASE_URL or PORT ends the process with exit code 1
// and one line on stderr that names the variable, never a stack trace and never a hang.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { freshDatabaseFile } from "#tests/setup/db";

function runScript(script: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", script], {
      env: { ...process.env, NODE_ENV: "production", ...env },
      timeout: 20_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

describe("starting with a bad configuration", () => {
  it("refuses a DATABASE_URL of another database kind before doing anything", async () => {
    const result = await runScript("scripts/start.ts", { DATABASE_URL: "postgres://x" });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      "lianxin: invalid configuration: DATABASE_URL — expected file:PATH, libsql://HOST, http(s)://HOST or ws(s)://HOST",
    ]);
    expect(result.stdout).toBe("");
  });

  it("refuses a PORT that is not a port number", async () => {
    const result = await runScript("scripts/start.ts", { PORT: "abc" });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual(["lianxin: invalid configuration: PORT — expected a port number"]);
  });

  it("stops with one line when the database file cannot be created", async () => {
    const result = await runScript("scripts/migrate.ts", { DATABASE_URL: "file:/proc/nope/x.db" });
    expect(result.code).toBe(1);
    const stderr = lines(result.stderr);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      /^lianxin: cannot open the database at DATABASE_URL=file:\/proc\/nope\/x\.db: /,
    );
  });

  it("stops with one line when the database server does not answer", async () => {
    const result = await runScript("scripts/migrate.ts", { DATABASE_URL: "http://127.0.0.1:59999" });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      "lianxin: cannot open the database at DATABASE_URL=http://127.0.0.1:59999: connect ECONNREFUSED 127.0.0.1:59999",
    ]);
  });

  it("migrates a good database and says so", async () => {
    const url = freshDatabaseFile();
    const result = await runScript("scripts/migrate.ts", { DATABASE_URL: url });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`database migrated (${url})`);
  });
});
