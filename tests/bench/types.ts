// The contract between the benchmark runner (tests/bench/run.ts) and its scenarios. Each file in
// tests/bench/scenarios/ default-exports one Scenario or an array of them; the runner loads them all.
import type { Database } from "#db/client.server";

export interface BenchContext {
  /** The production server under test, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** The seeded benchmark database (the same file the server uses). */
  database: Database;
  /** A Cookie header value for a signed-in session of the account with this email. */
  loginAs(email: string): Promise<string>;
  scale: "small" | "full" | number;
  /** Load settings the runner uses for HTTP scenarios. */
  connections: number;
  durationSeconds: number;
}

export interface ScenarioResult {
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Extra fields written into the JSON beside the standard ones (e.g. capacity, enrolled, seconds). */
  extra?: Record<string, number | string>;
}

/**
 * A page loaded under autocannon by the runner, compared with the baseline page (/bench/baseline). Any
 * answer but 2xx — a redirect to sign-in included — fails the scenario.
 */
export interface HttpScenario {
  kind: "http";
  name: string;
  /** Prepares what to request: the path and any headers (a session cookie). */
  prepare(ctx: BenchContext): Promise<{ path: string; headers?: Record<string, string> }>;
}

/**
 * A scenario that measures itself (a race, a drain, a render time). Its ratio to the baseline is left empty;
 * throwing fails the scenario and the run, as a non-2xx answer does for an HTTP scenario.
 */
export interface CustomScenario {
  kind: "custom";
  name: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

export type Scenario = HttpScenario | CustomScenario;
