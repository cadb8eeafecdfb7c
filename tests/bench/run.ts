// `npm run bench`: seeds a temporary community database, starts the production server on it and measures
// every scenario in tests/bench/scenarios/ against a bare page served by the same server in the same run.
// README.md ("Benchmarks") explains the options and the table; tests/bench/types.ts is the scenario contract.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Database, setDatabase } from "#db/client.server";
import { seedDemoAccounts } from "#db/seed/demo";
import { seedCommunity } from "#db/seed/generate";
import {
  BenchUsageError,
  formatTable,
  loadScenarios,
  parseBenchArgs,
  percentile,
  selectScenarios,
  sessionCookieFor,
  toReport,
  usage,
  type ScenarioRow,
} from "./harness";
import { ensureBuild, startServer, type RunningServer } from "./server";
import type { BenchContext, Scenario } from "./types";

/** The bare page every ratio is taken against (app/routes/bench.baseline.tsx). */
const baselinePath = "/bench/baseline";

function load(
  url: string,
  headers: Record<string, string> | undefined,
  connections: number,
  duration: number,
  onResponse?: (statusCode: number, ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((done, fail) => {
    const instance = autocannon(
      { url, headers, connections, duration },
      (error: unknown, result: autocannon.Result) => (error ? fail(error) : done(result)),
    );
    // autocannon's own summary has p97.5 but no p95: keep every latency (float ms) and rank them here.
    if (onResponse) instance.on("response", (_client, statusCode, _bytes, ms) => onResponse(statusCode, ms));
  });
}

async function measureHttp(
  ctx: BenchContext,
  name: string,
  target: { path: string; headers?: Record<string, string> },
): Promise<ScenarioRow> {
  const url = new URL(target.path, ctx.baseUrl).href;
  // One request first, so that a failing page is reported with what it answered rather than as numbers.
  const probe = await fetch(url, { headers: target.headers, redirect: "manual" });
  const probeBody = await probe.text();
  if (probe.status < 200 || probe.status >= 300) {
    const where = probe.headers.get("location");
    // An HTML error page says nothing in one line; a plain or JSON body usually does.
    const body = probe.headers.get("content-type")?.includes("html") ? "" : `: ${probeBody.slice(0, 200)}`;
    throw new Error(`GET ${target.path} answered ${probe.status}${where ? ` → ${where}` : ""}${body}`);
  }

  // A second of unrecorded load first, so that no page pays for warming the JIT and caches on its own.
  await load(url, target.headers, ctx.connections, Math.min(1, ctx.durationSeconds));
  const latencies: number[] = [];
  const result = await load(url, target.headers, ctx.connections, ctx.durationSeconds, (statusCode, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });

  // A benchmark of an error page is worthless: any non-2xx, error or timeout fails the scenario.
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    const codes = Object.entries(result.statusCodeStats ?? {})
      .map(([code, stat]) => `${code}×${stat.count ?? 0}`)
      .join(", ");
    throw new Error(
      `GET ${target.path} under load: ${result.non2xx} non-2xx (${codes}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  latencies.sort((a, b) => a - b);
  return {
    name,
    reqPerSec: result.requests.average,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    ratioToBaseline: null,
    extra: {},
  };
}

async function runScenario(
  ctx: BenchContext,
  scenario: Scenario,
  baseline: ScenarioRow,
): Promise<ScenarioRow> {
  if (scenario.kind === "http") {
    const row = await measureHttp(ctx, scenario.name, await scenario.prepare(ctx));
    return { ...row, ratioToBaseline: row.reqPerSec / baseline.reqPerSec };
  }
  const result = await scenario.run(ctx);
  return {
    name: scenario.name,
    reqPerSec: result.reqPerSec,
    p50Ms: result.p50Ms,
    p95Ms: result.p95Ms,
    p99Ms: result.p99Ms,
    ratioToBaseline: null,
    extra: result.extra ?? {},
  };
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(`bench: ${error.message}\n${usage}`);
    return 2;
  }
  const scenarios = selectScenarios(await loadScenarios(), options.only);
  // The runner signs clients in with the production cookie name, as its server expects.
  process.env.NODE_ENV = "production";
  ensureBuild();

  const tempDir = mkdtempSync(join(tmpdir(), "lianxin-bench-"));
  const databaseUrl = `file:${join(tempDir, "bench.db")}`;
  process.env.DATABASE_URL = databaseUrl;
  const database = new Database({ url: databaseUrl });
  setDatabase(database);
  let server: RunningServer | undefined;

  // One cleanup, however the run ends: normal end, failure, Ctrl-C, or process exit as a last resort.
  let cleanup: Promise<void> | undefined;
  const cleanUp = () =>
    (cleanup ??= (async () => {
      await server?.stop();
      database.close();
      rmSync(tempDir, { recursive: true, force: true });
    })());
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`\nbench: ${signal}, stopping the server and removing the temporary database`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  process.once("exit", () => {
    server?.kill();
    rmSync(tempDir, { recursive: true, force: true });
  });

  try {
    await database.migrate();
    const seedStarted = performance.now();
    const seeded = await seedCommunity(database, { scale: options.scale });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await seedDemoAccounts(database);
    console.log(
      `bench: seeded scale ${options.scale} in ${seedSeconds.toFixed(2)} s ` +
        `(${seeded.compounds} compounds, ${seeded.households} households, ${seeded.users} users)`,
    );

    server = await startServer(databaseUrl);
    const ctx: BenchContext = {
      baseUrl: server.baseUrl,
      database,
      loginAs: (email) => sessionCookieFor(database, email),
      scale: options.scale,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
    };
    console.log(
      `bench: ${server.baseUrl}, ${ctx.connections} connections, ${ctx.durationSeconds} s per page, ` +
        `scenarios: baseline, ${scenarios.map((s) => s.name).join(", ")}`,
    );

    const baseline = await measureHttp(ctx, "baseline", { path: baselinePath });
    baseline.ratioToBaseline = 1;
    const rows: ScenarioRow[] = [baseline];
    for (const scenario of scenarios) {
      if (cleanup) break; // interrupted
      try {
        rows.push(await runScenario(ctx, scenario, baseline));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        rows.push({
          name: scenario.name,
          reqPerSec: Number.NaN,
          p50Ms: Number.NaN,
          p95Ms: Number.NaN,
          p99Ms: Number.NaN,
          ratioToBaseline: null,
          extra: {},
          error: message,
        });
      }
    }

    console.log(`\n${formatTable(rows)}\n`);
    if (options.json) {
      writeFileSync(options.json, `${JSON.stringify(toReport(options.scale, seedSeconds, rows), null, 2)}\n`);
      console.log(`bench: wrote ${options.json}`);
    }
    const failed = rows.filter((r) => r.error);
    for (const row of failed) console.error(`bench: FAILED ${row.name}: ${row.error}`);
    return failed.length > 0 ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `bench: ${error.message}` : error);
    process.exit(1);
  },
);
