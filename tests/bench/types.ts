// The contract between the benchmark runner (tests/bench/run.ts) and its scenarios. Each file in
// tests/bench/scenarios/ default-exports one Scenario or an array of them; the runner loads them all.
// A main page is one line: `export default page("team.view", "/roster/team", { as: "volunteer1@example.org" })`.
import type { Database } from "#db/client.server";

export interface BenchContext {
  /** The production server under test, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** The seeded benchmark database (the same file the server uses). */
  database: Database;
  /** A Cookie header value for a signed-in session of the account with this email. */
  loginAs(email: string): Promise<string>;
  scale: "small" | "full" | number;
  /** Growth mode prepares each page twice: once on the 1× server, once on the 10× one. */
  label: "1×" | "10×" | string;
  /** Load settings the runner uses for HTTP scenarios. */
  connections: number;
  durationSeconds: number;
}

export interface ScenarioResult {
  reqPerSec: number;
  /** The arrival rate offered, when the scenario ran an open loop (shown in the rate/s column). */
  rate?: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Extra fields written into the JSON beside the standard ones (e.g. capacity, enrolled, seconds). */
  extra?: Record<string, number | string>;
  /** Budgets the scenario missed, by short name: shown as OVER, never failing the run (only errors do). */
  over?: string[];
}

/**
 * A main page: loaded by the runner in a closed loop (throughput against the bare page, /bench/baseline)
 * and an open loop (p95 against the bare page's at the same offered rate), on both servers in growth mode,
 * and held to the budgets. Any answer but 2xx — a redirect to sign-in included — fails the scenario.
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

/** Who looks at a page: an account's email, or a query that finds the account (the busiest volunteer…). */
export type Viewer = string | ((ctx: BenchContext) => Promise<string>);

/**
 * A main page in one line: `path` as `options.as` sees it (signed out without `as`). `path` may be a function
 * of the context when it needs an id from the seeded data.
 */
export function page(
  name: string,
  path: string | ((ctx: BenchContext) => Promise<string>),
  options: { as?: Viewer } = {},
): HttpScenario {
  return {
    kind: "http",
    name,
    async prepare(ctx) {
      const resolved = typeof path === "string" ? path : await path(ctx);
      const { as } = options;
      if (as === undefined) return { path: resolved };
      const email = typeof as === "string" ? as : await as(ctx);
      return { path: resolved, headers: { cookie: await ctx.loginAs(email) } };
    },
  };
}
