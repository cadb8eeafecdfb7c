import { describe, expect, it } from "vitest";
import { Database, getDatabase, setDatabase } from "#db/client.server";
import { check, hit, throttleFailure, throttleWait, throttleWaitMs } from "./rate-limit.server";

const limit = { max: 3, windowMs: 60_000, lockoutMs: 5 * 60_000 };

describe("abuse limits in the database", () => {
  it("count the same key across processes sharing the database", async () => {
    const own = getDatabase();
    const otherProcess = new Database({ url: own.url });
    const t = new Date("2026-04-01T00:00:00Z");
    await hit("shared:key", limit, t);
    setDatabase(otherProcess);
    try {
      await hit("shared:key", limit, t);
      await hit("shared:key", limit, t);
      expect(await check("shared:key", limit, t)).toMatchObject({ blocked: true });
    } finally {
      setDatabase(own);
      otherProcess.close();
    }
    expect(await check("shared:key", limit, t)).toMatchObject({ blocked: true });
  });

  it("blocks for the lockout from the event that reached the limit, then starts again", async () => {
    const t0 = new Date("2026-04-01T00:00:00Z").getTime();
    for (const s of [0, 10, 20]) await hit("lock:key", limit, new Date(t0 + s * 1000));
    expect(await check("lock:key", limit, new Date(t0 + 21_000))).toEqual({
      blocked: true,
      retryAfterSeconds: 299,
    });
    expect(await check("lock:key", limit, new Date(t0 + 20_000 + 5 * 60_000))).toEqual({ blocked: false });
    expect(await hit("lock:key", limit, new Date(t0 + 20_000 + 5 * 60_000))).toEqual({ blocked: false });
    expect(await check("lock:key", limit, new Date(t0 + 20_000 + 5 * 60_000))).toEqual({ blocked: false });
  });

  it("does not push a block further for attempts made while it holds", async () => {
    // One request a day must not keep a card's help form shut for ever.
    const day = { max: 2, windowMs: 24 * 3_600_000 };
    const t0 = new Date("2026-04-02T00:00:00Z").getTime();
    await hit("held:key", day, new Date(t0));
    await hit("held:key", day, new Date(t0 + 1000));
    for (const h of [1, 12, 23]) {
      expect(await hit("held:key", day, new Date(t0 + h * 3_600_000))).toMatchObject({ blocked: true });
    }
    expect(await hit("held:key", day, new Date(t0 + 1000 + 24 * 3_600_000))).toEqual({ blocked: false });
  });

  it("forgets events older than the window", async () => {
    const t0 = new Date("2026-04-01T00:00:00Z").getTime();
    await hit("window:key", limit, new Date(t0));
    await hit("window:key", limit, new Date(t0 + 1000));
    await hit("window:key", limit, new Date(t0 + 61_000));
    expect(await check("window:key", limit, new Date(t0 + 62_000))).toEqual({ blocked: false });
  });
});

describe("throttles", () => {
  const throttle = { free: 2, firstWaitMs: 60_000, maxWaitMs: 240_000, forgetMs: 3_600_000 };

  it("make each failure past the free ones wait twice as long, up to the maximum", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 9].map((n) => throttleWaitMs(throttle, n) / 1000)).toEqual([
      0, 0, 0, 60, 120, 240, 240, 240,
    ]);
  });

  it("never wait longer because another process's clock runs ahead", async () => {
    const t0 = new Date("2026-04-02T00:00:00Z").getTime();
    for (let i = 0; i < 3; i++) await throttleFailure("ahead:key", throttle, new Date(t0 + 30_000));
    // Seen from a process whose clock is 30 s behind, the wait is still one minute, not a minute and a half.
    expect(await throttleWait("ahead:key", throttle, new Date(t0))).toEqual({
      blocked: true,
      retryAfterSeconds: 60,
    });
    expect(await throttleWait("ahead:key", throttle, new Date(t0 + 90_000))).toEqual({ blocked: false });
  });
});
