import { describe, expect, it } from "vitest";
import scenario, { drainEmails } from "#tests/bench/scenarios/email-drain";

describe("email.drain benchmark scenario", () => {
  it("delivers every queued email once, in full batches, without tripping the provider's rate limit", async () => {
    const result = await drainEmails({ emails: 450 });
    expect(result.deliveries.size).toBe(450);
    expect([...result.deliveries.values()].every((n) => n === 1)).toBe(true);
    expect(result.requests).toBe(5);
    expect(result.rejectedRequests).toBe(0);
    expect(result.ratioToLimit).toBeGreaterThan(0);
  });

  it("is registered under the name the benchmark report uses", () => {
    expect(scenario).toMatchObject({ kind: "custom", name: "email.drain" });
  });
});
