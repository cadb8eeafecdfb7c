// `npm run bench`: seeds a temporary community database, starts the app on it with `npm start`, and measures
// every scenario in tests/bench/scenarios/ against two yardsticks taken in the same run: the bare Remix page
// (/bench/baseline) and the same bytes from a plain node:http server. Each page is loaded in a closed loop
// (throughput) and an open loop (latency at a constant arrival rate set from the bare page's capacity);
// `--growth` also seeds 10× and measures every page on both servers in alternation. README.md ("Benchmarks")
// explains the options and the table; tests/bench/types.ts is the scenario contract; decision 019 the budgets.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { Database, getDatabase, setDatabase } from "#db/client.server";
import { seedDemoAccounts } from "#db/seed/demo";
import { seedCommunity, type Scale } from "#db/seed/generate";
import {
  BenchUsageError,
  budget,
  formatTable,
  loadScenarios,
  missedBudgets,
  openLoopShare,
  parseBenchArgs,
  scaleFactor,
  selectScenarios,
  sessionCookieFor,
  toReport,
  usage,
  type BenchOptions,
  type BenchRow,
  type OpenLoopCells,
} from "./harness";
import {
  closedLoop,
  errorText,
  histogramSummary,
  latencyHistogram,
  openLoop,
  type OpenLoopResult,
  type Target,
} from "./load";
import {
  ensureBuild,
  startPlatformServer,
  startServer,
  type RunningServer,
  type ServerProcess,
} from "./server";
import type { BenchContext, HttpScenario, Scenario } from "./types";

/** The bare page every ratio is taken against (app/routes/bench.baseline.tsx). */
const baselinePath = "/bench/baseline";

interface Community {
  label: string;
  scale: Scale;
  url: string;
  database: Database;
  /** Null when the database came from --seed-cache. */
  seedSeconds: number | null;
  /** The seeding process's CPU time: what the seed costs on a machine nobody else is using. */
  seedCpuSeconds: number | null;
  households: number;
  server?: RunningServer;
  ctx?: BenchContext;
}

/** Runs `fn` with `database` as the process's database: module functions (sessions…) write where it says. */
async function using<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  const previous = getDatabase();
  setDatabase(database);
  try {
    return await fn();
  } finally {
    setDatabase(previous);
  }
}

async function seed(
  dir: string,
  label: string,
  scale: Scale,
  cacheDir: string | undefined,
): Promise<Community> {
  const file = join(dir, `bench-${label.replace("×", "x")}.db`);
  const url = `file:${file}`;
  const cached = cacheDir && resolve(cacheDir, `lianxin-bench-scale-${String(scale)}.db`);
  if (cached && existsSync(cached)) copyFileSync(cached, file);
  const database = new Database({ url });
  await database.migrate();
  if (cached && existsSync(cached)) {
    console.log(`bench: ${label} database copied from ${cached} (not seeded: no seed time)`);
    const [row] = await database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM households`);
    return { label, scale, url, database, seedSeconds: null, seedCpuSeconds: null, households: row?.n ?? 0 };
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  const seeded = await using(database, async () => {
    const result = await seedCommunity(database, { scale });
    await seedDemoAccounts(database);
    return result;
  });
  const seedSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const seedCpuSeconds = (used.user + used.system) / 1e6;
  console.log(
    `bench: seeded ${label} (scale ${scale}) in ${seedSeconds.toFixed(1)} s (CPU ${seedCpuSeconds.toFixed(1)} s): ${seeded.compounds} compounds, ` +
      `${seeded.households} households, ${seeded.residents} residents, ${seeded.users} volunteers`,
  );
  if (cacheDir) {
    mkdirSync(cacheDir, { recursive: true });
    await database.client.execute({ sql: "VACUUM INTO ?", args: [cached ?? ""] });
  }
  return { label, scale, url, database, seedSeconds, seedCpuSeconds, households: seeded.households };
}

/** One request first, so that a failing page is reported with what it answered rather than as numbers. */
async function probe(target: Target, path: string): Promise<void> {
  const response = await fetch(target.url, { headers: target.headers, redirect: "manual" });
  const body = await response.text();
  if (response.status >= 200 && response.status < 300) return;
  const where = response.headers.get("location");
  // An HTML error page says nothing in one line; a plain or JSON body usually does.
  const text = response.headers.get("content-type")?.includes("html") ? "" : `: ${body.slice(0, 200)}`;
  throw new Error(`GET ${path} answered ${response.status}${where ? ` → ${where}` : ""}${text}`);
}

async function prepareTarget(community: Community, scenario: HttpScenario): Promise<Target> {
  const ctx = community.ctx;
  if (!ctx) throw new Error(`no server for ${community.label}`);
  const { path, headers } = await using(community.database, () => scenario.prepare(ctx));
  const target = { url: new URL(path, ctx.baseUrl).href, headers };
  await probe(target, path);
  return target;
}

function openCells(result: OpenLoopResult, bareP95: number | null): OpenLoopCells {
  const errors = errorText(result.errors);
  if (errors) throw new Error(`open loop at ${result.rate.toFixed(0)}/s: ${errors}`);
  return {
    rate: result.rate,
    p50Ms: result.p50Ms,
    p95Ms: result.p95Ms,
    p99Ms: result.p99Ms,
    p95Ratio: bareP95 === null ? null : result.p95Ms / bareP95,
  };
}

/**
 * Growth mode: the same page on the 1× and the 10× server at the same rate, in alternating rounds (1×, 10×,
 * 1×, 10×…) so that a drift of the machine's speed falls on both alike.
 */
async function sideBySide(targets: [Target, Target], rate: number, options: BenchOptions) {
  const rounds = 2;
  const seconds = options.openSeconds / rounds;
  const histograms = [latencyHistogram(), latencyHistogram()] as const;
  let maxInFlight = 0;
  // Unrecorded: the 10× server has not seen this page yet (JIT, SQLite's page cache).
  for (const target of targets) await openLoop(target, { rate, seconds: 1 });
  for (let round = 0; round < rounds; round++)
    for (const [i, target] of targets.entries()) {
      const result = await openLoop(target, { rate, seconds, histogram: histograms[i] });
      const errors = errorText(result.errors);
      if (errors) throw new Error(`growth round on the ${i === 0 ? "1×" : "10×"} server: ${errors}`);
      maxInFlight = Math.max(maxInFlight, result.maxInFlight);
    }
  return { at1x: histogramSummary(histograms[0]), at10x: histogramSummary(histograms[1]), maxInFlight };
}

function failedRow(name: string, kind: BenchRow["kind"], error: unknown): BenchRow {
  return {
    name,
    kind,
    reqPerSec: Number.NaN,
    throughputRatio: null,
    open: null,
    tenfold: null,
    extra: {},
    error: error instanceof Error ? error.message : String(error),
  };
}

const mb = (n: number) => `${n.toFixed(0)} MB`;
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

async function main(): Promise<number> {
  let options: BenchOptions;
  let scenarios: Scenario[];
  try {
    options = parseBenchArgs(process.argv.slice(2));
    scenarios = selectScenarios(await loadScenarios(), options.only);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    console.error(`bench: ${error.message}\n${usage}`);
    return 2;
  }
  const loadAtStart = load();
  // The runner signs clients in with the production cookie name, as its server expects.
  process.env.NODE_ENV = "production";
  ensureBuild();

  const tempDir = mkdtempSync(join(tmpdir(), "lianxin-bench-"));
  const communities: Community[] = [];
  let platform: RunningServer | undefined;

  // One cleanup, however the run ends: normal end, failure, Ctrl-C, or process exit as a last resort.
  let cleanup: Promise<void> | undefined;
  const cleanUp = () =>
    (cleanup ??= (async () => {
      await Promise.all([platform?.stop(), ...communities.map((c) => c.server?.stop())]);
      for (const c of communities) c.database.close();
      rmSync(tempDir, { recursive: true, force: true });
    })());
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`\nbench: ${signal}, stopping the servers and removing the temporary databases`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  process.once("exit", () => {
    platform?.kill();
    for (const c of communities) c.server?.kill();
    rmSync(tempDir, { recursive: true, force: true });
  });

  try {
    const main = await seed(
      tempDir,
      options.growth ? "1×" : `${scaleFactor(options.scale)}×`,
      options.scale,
      options.seedCache,
    );
    communities.push(main);
    // "10×" is ten times the main scale: a city beside the oilfield, or (for a quick check) 0.1 beside small.
    if (options.growth)
      communities.push(await seed(tempDir, "10×", 10 * scaleFactor(options.scale), options.seedCache));
    setDatabase(main.database);

    for (const community of communities) {
      community.server = await startServer(community.url);
      const server = community.server;
      community.ctx = {
        baseUrl: server.baseUrl,
        database: community.database,
        loginAs: (email) => using(community.database, () => sessionCookieFor(community.database, email)),
        scale: community.scale,
        label: community.label,
        connections: options.connections,
        durationSeconds: options.durationSeconds,
      };
      console.log(
        `bench: ${community.label} server up ${(server.startMs / 1000).toFixed(2)} s after \`npm start\``,
      );
    }
    const tenfold = communities[1];
    const ctx = main.ctx as BenchContext;
    const workersAtStart = new Set((main.server as RunningServer).processes().map((p) => p.pid));

    // The yardsticks: the bare page's capacity sets the offered rate; its p95 at that rate the latency budget.
    const bare: Target = { url: new URL(baselinePath, ctx.baseUrl).href };
    await probe(bare, baselinePath);
    const bareAtStart = await closedLoop(bare, options.connections, options.durationSeconds);
    if (bareAtStart.errors) throw new Error(`the bare page under load: ${bareAtStart.errors}`);
    const capacity = bareAtStart.reqPerSec;
    const share = openLoopShare(options.scale);
    const rate = capacity * share;
    const rate10 = capacity * openLoopShare(10);
    console.log(
      `bench: bare page ${capacity.toFixed(0)} req/s closed loop (${options.connections} connections); ` +
        `open loop at ${rate.toFixed(0)}/s (${(share * 100).toFixed(0)}%)` +
        (tenfold ? `, growth side by side at ${rate10.toFixed(0)}/s` : "") +
        `; scenarios: ${scenarios.map((s) => s.name).join(", ")}`,
    );
    const bareOpen = await openLoop(bare, { rate, seconds: options.openSeconds });
    const bareCells = openCells(bareOpen, null);
    const bareP95 = bareOpen.p95Ms;
    bareCells.p95Ratio = 1;

    const bareBytes = Buffer.from(await (await fetch(bare.url)).arrayBuffer());
    const bytesFile = join(tempDir, "bare-page.html");
    writeFileSync(bytesFile, bareBytes);
    platform = await startPlatformServer(bytesFile);
    const platformTarget: Target = { url: `${platform.baseUrl}/` };
    const platformClosed = await closedLoop(platformTarget, options.connections, options.durationSeconds);
    const platformOpen = await openLoop(platformTarget, { rate, seconds: options.openSeconds });
    await platform.stop();
    platform = undefined;

    let bareTenfold: { p95Ms: number; p50Ms: number; growth: number; p95At10: number } | null = null;
    if (tenfold?.ctx) {
      const side = await sideBySide(
        [bare, { url: new URL(baselinePath, tenfold.ctx.baseUrl).href }],
        rate10,
        options,
      );
      bareTenfold = {
        p50Ms: side.at10x.p50Ms,
        p95Ms: side.at1x.p95Ms,
        p95At10: side.at10x.p95Ms,
        growth: side.at10x.p50Ms / side.at1x.p50Ms,
      };
    }

    const rows: BenchRow[] = [
      {
        name: "baseline",
        kind: "reference",
        reqPerSec: capacity,
        throughputRatio: 1,
        open: bareCells,
        tenfold: bareTenfold && {
          rate: rate10,
          p50Ms: bareTenfold.p50Ms,
          p95Ms: bareTenfold.p95At10,
          p99Ms: Number.NaN,
          p95Ratio: 1,
          p50At1xMs: Number.NaN,
          growthRatio: bareTenfold.growth,
        },
        extra: {
          bytes: bareBytes.length,
          ...(bareOpen.maxSendLagMs > 50 ? { clientLagMs: Math.round(bareOpen.maxSendLagMs) } : {}),
        },
      },
      {
        name: "node:http",
        kind: "reference",
        reqPerSec: platformClosed.reqPerSec,
        throughputRatio: platformClosed.reqPerSec / capacity,
        open: openCells(platformOpen, bareP95),
        tenfold: null,
        extra: platformOpen.maxSendLagMs > 50 ? { clientLagMs: Math.round(platformOpen.maxSendLagMs) } : {},
        ...(platformClosed.errors ? { error: platformClosed.errors } : {}),
      },
    ];

    for (const scenario of scenarios) {
      if (cleanup) break; // interrupted
      try {
        if (scenario.kind === "custom") {
          const result = await scenario.run(ctx);
          rows.push({
            name: scenario.name,
            kind: "custom",
            reqPerSec: result.reqPerSec,
            throughputRatio: null,
            open: {
              rate: result.rate ?? Number.NaN,
              p50Ms: result.p50Ms,
              p95Ms: result.p95Ms,
              p99Ms: result.p99Ms,
              p95Ratio: null,
            },
            tenfold: null,
            extra: result.extra ?? {},
            over: result.over,
          });
          continue;
        }
        const target = await prepareTarget(main, scenario);
        const closed = await closedLoop(target, options.connections, options.durationSeconds);
        if (closed.errors) throw new Error(`closed loop: ${closed.errors}`);
        const open = await openLoop(target, { rate, seconds: options.openSeconds });
        const row: BenchRow = {
          name: scenario.name,
          kind: "page",
          reqPerSec: closed.reqPerSec,
          throughputRatio: closed.reqPerSec / capacity,
          open: openCells(open, bareP95),
          tenfold: null,
          // Signs that the numbers are the machine's, not the page's: a page falling behind (many in flight),
          // or the load generator itself sending late (its lateness counts in the latencies).
          extra: {
            ...(open.maxInFlight > 50 ? { inFlight: open.maxInFlight } : {}),
            ...(open.maxSendLagMs > 50 ? { clientLagMs: Math.round(open.maxSendLagMs) } : {}),
          },
        };
        if (tenfold && bareTenfold) {
          const side = await sideBySide([target, await prepareTarget(tenfold, scenario)], rate10, options);
          row.tenfold = {
            rate: rate10,
            ...side.at10x,
            p95Ratio: side.at10x.p95Ms / bareTenfold.p95At10,
            p50At1xMs: side.at1x.p50Ms,
            growthRatio: side.at10x.p50Ms / side.at1x.p50Ms,
          };
        }
        rows.push(row);
        const missed = missedBudgets(row);
        console.log(
          `bench: ${scenario.name} ${row.reqPerSec.toFixed(0)} req/s (${row.throughputRatio?.toFixed(2)}×), ` +
            `p95 ${row.open?.p95Ms.toFixed(1)} ms (${row.open?.p95Ratio?.toFixed(1)}×)` +
            (row.tenfold ? `, growth ${row.tenfold.growthRatio.toFixed(2)}×` : "") +
            (missed.length ? `  OVER ${missed.join(", ")}` : ""),
        );
      } catch (error) {
        rows.push(failedRow(scenario.name, scenario.kind === "http" ? "page" : "custom", error));
        console.error(`bench: ${scenario.name} FAILED: ${rows.at(-1)?.error}`);
      }
    }

    // The machine's speed drifts: the bare page again at the end says how far, next to the ratios.
    const bareAtEnd = await closedLoop(bare, options.connections, options.durationSeconds);
    const processes = (main.server as RunningServer).processes();
    const replaced = [...processes].filter((p) => p.role === "worker" && !workersAtStart.has(p.pid));
    if (replaced.length > 0)
      rows.push(
        failedRow(
          "server",
          "reference",
          new Error(`${replaced.length} server process(es) died and were replaced`),
        ),
      );
    const servers = processes.filter((p) => p.role === "worker" || p.role === "primary");
    const peakRss = Math.max(...servers.map((p) => p.peakRssMb));
    const tenfoldServers = tenfold?.server
      ?.processes()
      .filter((p) => p.role === "worker" || p.role === "primary");

    console.log(`\n${formatTable(rows)}\n`);
    const describe = (list: ServerProcess[]) => list.map((p) => `${p.role} ${mb(p.peakRssMb)}`).join(", ");
    const lines = [
      `scale ${main.label}${tenfold ? ` and ${tenfold.label}` : ""}; seeded in ` +
        communities
          .map((c) =>
            c.seedSeconds === null
              ? `— (${c.label}, cached)`
              : `${c.seedSeconds.toFixed(1)} s (${c.label}; CPU ${c.seedCpuSeconds?.toFixed(1)} s)`,
          )
          .join(", ") +
        (tenfold?.seedSeconds != null && tenfold.seedSeconds > budget.seed10xSeconds
          ? "  OVER the 5 min budget"
          : ""),
      `bare page: ${capacity.toFixed(0)} req/s at the start, ${bareAtEnd.reqPerSec.toFixed(0)} at the end; ` +
        `open loop ${rate.toFixed(0)}/s, its p95 ${bareP95.toFixed(1)} ms` +
        (bareTenfold ? `; at 10× (${rate10.toFixed(0)}/s) p95 ${bareTenfold.p95At10.toFixed(1)} ms` : ""),
      `npm start to a healthy /healthz: ${communities.map((c) => `${((c.server?.startMs ?? 0) / 1000).toFixed(2)} s (${c.label})`).join(", ")}`,
      `peak RSS per server process (${main.label}, under load): ${describe(servers)}` +
        (peakRss > budget.rssMb ? `  OVER ${budget.rssMb} MB` : ""),
      ...(tenfoldServers ? [`peak RSS per server process (10×): ${describe(tenfoldServers)}`] : []),
      `load average (1, 5, 15 min): ${loadAtStart} at the start, ${load()} at the end`,
    ];
    for (const line of lines) console.log(`bench: ${line}`);

    if (options.json) {
      const report = toReport(
        {
          date: new Date().toISOString(),
          scale: options.growth ? `${String(options.scale)} and 10×` : options.scale,
          connections: options.connections,
          durationSeconds: options.durationSeconds,
          openSeconds: options.openSeconds,
          seedSeconds: Object.fromEntries(communities.map((c) => [c.label, c.seedSeconds])),
          seedCpuSeconds: Object.fromEntries(communities.map((c) => [c.label, c.seedCpuSeconds])),
          households: Object.fromEntries(communities.map((c) => [c.label, c.households])),
          startSeconds: Object.fromEntries(
            communities.map((c) => [c.label, (c.server?.startMs ?? 0) / 1000]),
          ),
          bare: {
            capacityAtStart: capacity,
            capacityAtEnd: bareAtEnd.reqPerSec,
            rate,
            p95Ms: bareP95,
            rate10x: tenfold ? rate10 : null,
            p95Ms10x: bareTenfold?.p95At10 ?? null,
          },
          processes: Object.fromEntries(
            communities.map((c) => [
              c.label,
              c.server?.processes().filter((p) => p.role === "worker" || p.role === "primary"),
            ]),
          ),
          loadAverage: { start: loadAtStart, end: load() },
          summary: lines,
        },
        rows,
      );
      writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
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
