// The parts of the benchmark runner that do not need a server: reading options, finding scenarios, signing
// a benchmark client in, reducing latencies to percentiles and printing the one result table.
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { createSession, sessionCookieName } from "#app/modules/auth/session.server";
import { schema, type Database } from "#db/client.server";
import type { Scale } from "#db/seed/generate";
import type { Scenario } from "./types";

export interface BenchOptions {
  scale: Scale;
  /** Seed `scale` and ten times it and measure each page on both servers in alternation. */
  growth: boolean;
  json?: string;
  durationSeconds: number;
  /** Seconds of open-loop arrivals per page (per server and round in growth mode, split into rounds). */
  openSeconds: number;
  connections: number;
  only?: string[];
  /** Keep seeded databases here and copy them instead of seeding again (development only). */
  seedCache?: string;
}

export class BenchUsageError extends Error {}

export const usage = `usage: npm run bench -- [--scale small|full|FACTOR] [--growth] [--duration SECONDS]
                         [--open-duration SECONDS] [--connections N] [--only name,name] [--json FILE]
                         [--seed-cache DIR]`;

function positiveNumber(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
    throw new BenchUsageError(`--${name} expects a positive ${integer ? "whole " : ""}number, got "${raw}"`);
  return value;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scale: { type: "string" },
        growth: { type: "boolean" },
        json: { type: "string" },
        duration: { type: "string" },
        "open-duration": { type: "string" },
        connections: { type: "string" },
        only: { type: "string" },
        "seed-cache": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError(error instanceof Error ? error.message : String(error));
  }
  const rawScale = values.scale ?? "full";
  const scale: Scale =
    rawScale === "small" || rawScale === "full" ? rawScale : positiveNumber("scale", rawScale, 1);
  const only = values.only
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return {
    scale,
    growth: values.growth ?? false,
    json: values.json,
    durationSeconds: positiveNumber("duration", values.duration, 5),
    openSeconds: positiveNumber("open-duration", values["open-duration"], 6),
    connections: positiveNumber("connections", values.connections, 20, true),
    only: only && only.length > 0 ? only : undefined,
    seedCache: values["seed-cache"],
  };
}

/** The scale as a number of full oilfields (`small` is 0.01). */
export function scaleFactor(scale: Scale): number {
  return scale === "full" ? 1 : scale === "small" ? 0.01 : scale;
}

/**
 * The share of the bare page's closed-loop capacity offered to each page in the open loop: a third at full
 * scale, a sixth at 10× (a city's server is expected to run with more headroom), in between on a log scale.
 */
export function openLoopShare(scale: Scale): number {
  const factor = Math.min(10, Math.max(1, scaleFactor(scale)));
  return 1 / (3 * 2 ** Math.log10(factor));
}

export const scenariosDir = resolve(import.meta.dirname, "scenarios");

function isScenario(value: unknown): value is Scenario {
  if (value === null || typeof value !== "object") return false;
  const s = value as Record<string, unknown>;
  if (typeof s.name !== "string" || s.name === "") return false;
  return (
    (s.kind === "http" && typeof s.prepare === "function") ||
    (s.kind === "custom" && typeof s.run === "function")
  );
}

/** Every scenario that tests/bench/scenarios/*.ts default-exports, in file-name order. */
export async function loadScenarios(dir = scenariosDir): Promise<Scenario[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const mod: { default?: unknown } = await import(pathToFileURL(resolve(dir, file)).href);
    const exported = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const candidate of exported) {
      if (!isScenario(candidate))
        throw new Error(
          `${file}: the default export must be a Scenario or an array of them (tests/bench/types.ts)`,
        );
      if (candidate.name === "baseline" || scenarios.some((s) => s.name === candidate.name))
        throw new Error(`${file}: a scenario named "${candidate.name}" already exists`);
      scenarios.push(candidate);
    }
  }
  return scenarios;
}

export function selectScenarios(all: Scenario[], only: string[] | undefined): Scenario[] {
  if (!only) return all;
  const unknown = only.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0)
    throw new BenchUsageError(
      `unknown scenario ${unknown.join(", ")}; known: ${all.map((s) => s.name).join(", ")}`,
    );
  return all.filter((s) => only.includes(s.name));
}

/**
 * A Cookie header for a new session of the account with this email, made directly in the database as the
 * e2e login fixture does. The name follows NODE_ENV, which the runner sets to production like its server.
 */
export async function sessionCookieFor(database: Database, email: string): Promise<string> {
  const user = await database.db.query.users.findFirst({
    where: eq(schema.users.email, email.toLowerCase()),
    columns: { id: true },
  });
  if (!user) throw new Error(`loginAs: no account with the email ${email} in the benchmark database`);
  const { token } = await createSession(user.id, { userAgent: "lianxin-bench" });
  return `${sessionCookieName()}=${token}`;
}

/** Nearest-rank percentile of latencies in milliseconds. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/** The budgets of issue 15 (docs/decisions/019-benchmark-of-what-users-feel.md). */
export const budget = {
  /** Closed-loop throughput of a main page over the bare Remix page's, at least. */
  throughputRatio: 0.5,
  /** Open-loop p95 of a main page over the bare page's p95 at the same offered rate, at most. */
  p95Ratio: 4,
  /** p50 at 10× over p50 at 1×, measured side by side, at most. */
  growthRatio: 1.5,
  /** Peak resident memory of a server process at full scale under load, at most. */
  rssMb: 250,
  /** Seeding 10×, at most. */
  seed10xSeconds: 300,
};

export interface OpenLoopCells {
  rate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** p95 over the bare page's p95 at the same rate. */
  p95Ratio: number | null;
}

export interface BenchRow {
  name: string;
  /** `reference` rows (the bare pages) set the yardsticks; `custom` scenarios measure themselves. */
  kind: "reference" | "page" | "custom";
  reqPerSec: number;
  /** Closed-loop throughput over the bare Remix page's. */
  throughputRatio: number | null;
  open: OpenLoopCells | null;
  /** Growth mode: the open loop at 10× (its own rate), and p50 at 10× over p50 at 1× at that rate. */
  tenfold: (OpenLoopCells & { p50At1xMs: number; growthRatio: number }) | null;
  extra: Record<string, number | string>;
  /** Budgets a custom scenario reports it missed. */
  over?: string[];
  error?: string;
}

/** The budgets a row misses, by short name; empty when it meets them all or is not held to them. */
export function missedBudgets(row: BenchRow): string[] {
  if (row.error) return [];
  if (row.kind === "custom") return row.over ?? [];
  if (row.kind !== "page") return [];
  const missed: string[] = [];
  if (row.throughputRatio !== null && row.throughputRatio < budget.throughputRatio) missed.push("req/s");
  if (row.open?.p95Ratio != null && row.open.p95Ratio > budget.p95Ratio) missed.push("p95");
  if (row.tenfold) {
    if (row.tenfold.p95Ratio != null && row.tenfold.p95Ratio > budget.p95Ratio) missed.push("10× p95");
    if (row.tenfold.growthRatio > budget.growthRatio) missed.push("growth");
  }
  return missed;
}

const fixed = (n: number | null | undefined, digits: number) =>
  n === null || n === undefined || !Number.isFinite(n) ? "—" : n.toFixed(digits);
const ms = (n: number | null | undefined) =>
  n === null || n === undefined || !Number.isFinite(n) ? "—" : n < 10 ? n.toFixed(1) : n.toFixed(0);

export function formatTable(rows: BenchRow[]): string {
  const growth = rows.some((r) => r.tenfold);
  const header = [
    "page",
    "req/s",
    "× bare",
    "rate/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "× bare p95",
    ...(growth ? ["10× rate/s", "10× p50", "10× p95", "× bare p95", "growth p50"] : []),
    "budget",
    "notes",
  ];
  const cells = rows.map((r) => {
    if (r.error) {
      const blanks = header.length - 3;
      return [
        r.name,
        "FAILED",
        ...Array<string>(blanks).fill(""),
        (r.error.split("\n")[0] ?? "").slice(0, 100),
      ];
    }
    const missed = missedBudgets(r);
    return [
      r.name,
      fixed(r.reqPerSec, 0),
      fixed(r.throughputRatio, 2),
      fixed(r.open?.rate, 0),
      ms(r.open?.p50Ms),
      ms(r.open?.p95Ms),
      ms(r.open?.p99Ms),
      fixed(r.open?.p95Ratio, 1),
      ...(growth
        ? [
            fixed(r.tenfold?.rate, 0),
            ms(r.tenfold?.p50Ms),
            ms(r.tenfold?.p95Ms),
            fixed(r.tenfold?.p95Ratio, 1),
            fixed(r.tenfold?.growthRatio, 2),
          ]
        : []),
      missed.length > 0 ? `OVER ${missed.join(", ")}` : r.kind === "page" ? "ok" : "",
      Object.entries(r.extra)
        .map(([k, v]) => `${k}=${v}`)
        .join(" "),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const left = (i: number) => i === 0 || i >= header.length - 2;
  const line = (c: string[]) =>
    c
      .map((v, i) => (left(i) ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

const round = (n: number, digits: number) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** The same numbers as the table, rounded, with everything the run measured about itself. */
export function toReport(run: Record<string, unknown>, rows: BenchRow[]) {
  const roundAll = (value: unknown): unknown =>
    typeof value === "number"
      ? round(value, 3)
      : Array.isArray(value)
        ? value.map(roundAll)
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundAll(v)]))
          : value;
  return roundAll({
    ...run,
    budget,
    pages: rows.map((row) => ({ ...row, over: missedBudgets(row) })),
  });
}
