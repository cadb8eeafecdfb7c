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
  json?: string;
  durationSeconds: number;
  connections: number;
  only?: string[];
}

export class BenchUsageError extends Error {}

export const usage = `usage: npm run bench -- [--scale small|full|FACTOR] [--duration SECONDS] [--connections N]
                         [--only name,name] [--json FILE]`;

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
        json: { type: "string" },
        duration: { type: "string" },
        connections: { type: "string" },
        only: { type: "string" },
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
    json: values.json,
    durationSeconds: positiveNumber("duration", values.duration, 5),
    connections: positiveNumber("connections", values.connections, 20, true),
    only: only && only.length > 0 ? only : undefined,
  };
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

export interface ScenarioRow {
  name: string;
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Throughput over the baseline's; null for scenarios that are not a page under load. */
  ratioToBaseline: number | null;
  extra: Record<string, number | string>;
  error?: string;
}

/** Main pages must keep p95 ≤ 50 ms and half the baseline's throughput (DESIGN.md, performance budgets). */
export const budget = { p95Ms: 50, ratioToBaseline: 0.5 };

export function withinBudget(row: ScenarioRow): boolean | null {
  if (row.error) return false;
  if (row.ratioToBaseline === null || row.name === "baseline") return null;
  return row.p95Ms <= budget.p95Ms && row.ratioToBaseline >= budget.ratioToBaseline;
}

const round = (n: number, digits: number) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export function formatTable(rows: ScenarioRow[]): string {
  const header = ["scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "× baseline", "budget", "extra"];
  const cells = rows.map((r) => {
    if (r.error) return [r.name, "FAILED", "", "", "", "", "✗", (r.error.split("\n")[0] ?? "").slice(0, 80)];
    const budgetCell = withinBudget(r);
    return [
      r.name,
      round(r.reqPerSec, 0).toString(),
      round(r.p50Ms, 1).toString(),
      round(r.p95Ms, 1).toString(),
      round(r.p99Ms, 1).toString(),
      r.ratioToBaseline === null ? "—" : round(r.ratioToBaseline, 2).toFixed(2),
      budgetCell === null ? "" : budgetCell ? "ok" : "OVER",
      Object.entries(r.extra)
        .map(([k, v]) => `${k}=${v}`)
        .join(" "),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 0 || i === c.length - 1 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

export interface BenchReport {
  scale: Scale;
  seedSeconds: number;
  scenarios: Array<Omit<ScenarioRow, "extra"> & Record<string, number | string | null | undefined>>;
}

export function toReport(scale: Scale, seedSeconds: number, rows: ScenarioRow[]): BenchReport {
  return {
    scale,
    seedSeconds: round(seedSeconds, 3),
    scenarios: rows.map(({ extra, ...row }) => ({
      ...extra,
      ...row,
      reqPerSec: round(row.reqPerSec, 1),
      p50Ms: round(row.p50Ms, 2),
      p95Ms: round(row.p95Ms, 2),
      p99Ms: round(row.p99Ms, 2),
      ratioToBaseline: row.ratioToBaseline === null ? null : round(row.ratioToBaseline, 3),
    })),
  };
}
