import { describe, expect, it } from "vitest";
import { getOptionalUser } from "#app/modules/auth/guard.server";
import { seedDemoAccounts } from "#db/seed/demo";
import { seedCommunity } from "#db/seed/generate";
import {
  BenchUsageError,
  formatTable,
  loadScenarios,
  missedBudgets,
  openLoopShare,
  parseBenchArgs,
  percentile,
  selectScenarios,
  sessionCookieFor,
  type BenchRow,
} from "#tests/bench/harness";
import { testDatabase } from "#tests/setup/db";

describe("npm run bench options", () => {
  it("defaults to full scale, 20 connections, 5 s closed and 6 s open loop a scenario, no growth", () => {
    expect(parseBenchArgs([])).toEqual({
      scale: "full",
      growth: false,
      durationSeconds: 5,
      openSeconds: 6,
      connections: 20,
    });
  });

  it("offers a third of the bare page's capacity at full scale and a sixth at 10×", () => {
    expect(openLoopShare("full")).toBeCloseTo(1 / 3);
    expect(openLoopShare("small")).toBeCloseTo(1 / 3);
    expect(openLoopShare(10)).toBeCloseTo(1 / 6);
    expect(openLoopShare(3)).toBeLessThan(1 / 3);
    expect(openLoopShare(3)).toBeGreaterThan(1 / 6);
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

describe("bench budgets", () => {
  const row = (over: Partial<BenchRow>): BenchRow => ({
    name: "help.list",
    kind: "page",
    reqPerSec: 300,
    throughputRatio: 0.6,
    open: { rate: 100, p50Ms: 10, p95Ms: 40, p99Ms: 60, p95Ratio: 2 },
    tenfold: null,
    extra: {},
    ...over,
  });

  it("names each budget a page misses, and none for the yardsticks", () => {
    expect(missedBudgets(row({}))).toEqual([]);
    expect(missedBudgets(row({ throughputRatio: 0.45 }))).toEqual(["req/s"]);
    expect(
      missedBudgets(row({ open: { rate: 100, p50Ms: 10, p95Ms: 90, p99Ms: 99, p95Ratio: 4.5 } })),
    ).toEqual(["p95"]);
    const tenfold = { rate: 50, p50Ms: 20, p95Ms: 40, p99Ms: 50, p95Ratio: 1, p50At1xMs: 10, growthRatio: 2 };
    expect(missedBudgets(row({ tenfold }))).toEqual(["growth"]);
    expect(missedBudgets(row({ kind: "reference", throughputRatio: 0.1 }))).toEqual([]);
  });

  it("prints OVER with the missed budgets, and FAILED with the error", () => {
    const table = formatTable([
      row({ name: "slow.page", throughputRatio: 0.4 }),
      row({ name: "broken.page", error: "GET /x answered 500" }),
    ]);
    expect(table).toMatch(/slow\.page .* OVER req\/s/);
    expect(table).toMatch(/broken\.page\s+FAILED .*GET \/x answered 500/);
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
