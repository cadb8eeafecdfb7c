// The load balancer's health check: one trivial query, no rendering.
import type { Scenario } from "../types";

export default {
  kind: "http",
  name: "healthz",
  prepare: async () => ({ path: "/healthz" }),
} satisfies Scenario;
