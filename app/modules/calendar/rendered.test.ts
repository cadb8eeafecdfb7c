import { describe, expect, it } from "vitest";
import { buildCalendar } from "./events.server";
import { createRenderCache, type StampedCalendarOptions } from "./rendered.server";

const stampedAt = new Date("2026-11-28T00:00:00Z");

function feed(summary: string, sequence = 0): StampedCalendarOptions {
  return {
    name: "连心社区 · 我的日程",
    timeZone: "Asia/Shanghai",
    method: "publish",
    stampedAt,
    events: [
      {
        uid: "visit-1@lianxin",
        sequence,
        start: new Date("2026-12-01T01:00:00Z"),
        end: new Date("2026-12-01T02:00:00Z"),
        summary,
      },
    ],
  };
}

function countingCache(maxChars: number) {
  const rendered: string[] = [];
  const cache = createRenderCache({
    maxChars,
    render: (options) => {
      rendered.push(options.events[0]?.summary ?? "");
      return buildCalendar(options);
    },
  });
  return { cache, rendered };
}

describe("rendered feeds", () => {
  it("are written once for the same content, and again when anything in it changes", () => {
    const { cache, rendered } = countingCache(1_000_000);
    const first = cache(feed("走访 王家"));
    expect(cache(feed("走访 王家"))).toEqual(first);
    expect(rendered).toEqual(["走访 王家"]);

    const moved = cache(feed("走访 王家", 1));
    expect(rendered).toHaveLength(2);
    expect(moved.text).toContain("SEQUENCE:1");
    expect(moved.etag).not.toBe(first.etag);
    expect(cache({ ...feed("走访 王家"), stampedAt: new Date(stampedAt.getTime() + 1000) }).etag).not.toBe(
      first.etag,
    );
    expect(rendered).toHaveLength(3);
  });

  it("carry a strong ETag of their text", () => {
    const { cache } = countingCache(1_000_000);
    const { text, etag } = cache(feed("走访 王家"));
    expect(text).toBe(buildCalendar(feed("走访 王家")));
    expect(etag).toMatch(/^"[\w-]{32}"$/);
  });

  it("drop the least recently used text beyond their size", () => {
    const size = buildCalendar(feed("a")).length;
    const { cache, rendered } = countingCache(size * 2);
    cache(feed("a"));
    cache(feed("b"));
    cache(feed("a"));
    cache(feed("c"));
    cache(feed("a"));
    expect(rendered).toEqual(["a", "b", "c"]);
    cache(feed("b"));
    expect(rendered).toEqual(["a", "b", "c", "b"]);
  });
});
