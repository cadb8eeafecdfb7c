import { describe, expect, it } from "vitest";
import { getOptionalUser } from "#app/modules/auth/guard.server";
import { seedDemoAccounts } from "#db/seed/demo";
import { seedCommunity } from "#db/seed/generate";
import {
  BenchUsageError,
  loadScenarios,
  parseBenchArgs,
  percentile,
  selectScenarios,
  sessionCookieFor,
} from "#tests/bench/harness";
import { testDatabase } from "#tests/setup/db";

describe("npm run bench options", () => {
  it("defaults to full scale, 20 connections and 5 seconds a scenario", () => {
    expect(parseBenchArgs([])).toEqual({ scale: "full", durationSeconds: 5, connections: 20 });
  });

  it("reads a scale factor, a JSON file and a list of scenarios", () => {
    expect(parseBenchArgs(["--scale", "0.5", "--json", "out.json", "--only", "home, healthz"])).toMatchObject(
      {
        scale: 0.5,
        json: "out.json",
        only: ["home", "healthz"],
      },
    );
  });

  it("refuses a scale, duration or connection count that is not a positive number", () => {
    expect(() => parseBenchArgs(["--scale", "huge"])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(["--duration", "0"])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(["--connections", "2.5"])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(["--sclae", "small"])).toThrow(BenchUsageError);
  });
});

describe("bench scenarios", () => {
  it("finds every scenario file, the home page and the health check among them", async () => {
    const names = (await loadScenarios()).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["home", "healthz"]));
    expect(new Set(names).size).toBe(names.length);
  });

  it("names the unknown scenario when --only asks for one", async () => {
    const all = await loadScenarios();
    expect(selectScenarios(all, ["home"]).map((s) => s.name)).toEqual(["home"]);
    expect(() => selectScenarios(all, ["hoem"])).toThrow(/unknown scenario hoem/);
  });
});

describe("bench loginAs", () => {
  it("signs a benchmark client in as the account with that email", async () => {
    const database = testDatabase();
    await seedCommunity(database, { scale: "small" });
    await seedDemoAccounts(database);
    const cookie = await sessionCookieFor(database, "volunteer2@example.org");
    const user = await getOptionalUser(new Request("http://localhost/", { headers: { cookie } }));
    expect(user?.email).toBe("volunteer2@example.org");
    await expect(sessionCookieFor(database, "nobody@example.org")).rejects.toThrow(/no account/);
  });
});

describe("bench percentiles", () => {
  it("takes the nearest-rank value, so p95 of 1..100 ms is 95 ms", () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(latencies, 50)).toBe(50);
    expect(percentile(latencies, 95)).toBe(95);
    expect(percentile(latencies, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});
