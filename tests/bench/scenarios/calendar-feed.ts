// `calendar.feed`: how long one person's feed of 1,000 events takes to render (`renderMs`, the median of
// several renders of the same feed as calendar apps fetch it again, which the feed's render cache answers; the
// budget is 30 ms; `coldRenderMs`, the same with a change each time, so that ical-generator writes it anew),
// then the feed route under load: residents with course places fetch their own links, round robin, with the
// runner's connections and duration. Any answer but 200 fails it.
import { sql } from "drizzle-orm";
import { createFeed } from "#app/modules/calendar/feeds.server";
import { renderFeed } from "#app/modules/calendar/feed.server";
import type { CalendarEvent } from "#app/modules/calendar/events.server";
import { percentile } from "../harness";
import type { BenchContext, CustomScenario } from "../types";

const renderBudgetMs = 30;
const eventCount = 1_000;
const renders = 15;
/** Enough links that the load stays far inside each link's own rate limit. */
const feedCount = 200;
const hour = 60 * 60 * 1000;

/** A busy volunteer's year: visits and course sessions, long Chinese titles and places, a few cancelled. */
function manyEvents(now: Date): CalendarEvent[] {
  const start = now.getTime() - 30 * 24 * hour;
  return Array.from({ length: eventCount }, (_, i) => ({
    uid: i % 2 === 0 ? `visit-${i}@lianxin` : `course-${i}-session-${i}@lianxin`,
    sequence: i % 5,
    start: new Date(start + i * 9 * hour),
    end: new Date(start + i * 9 * hour + 2 * hour),
    summary:
      i % 2 === 0
        ? `走访 油田第${(i % 12) + 1}小区 ${i} 号楼 2 单元 501 王秀英家（特困户，独居老人）`
        : `养老护理员上岗前短期技术培训班（第 ${(i % 9) + 1}/9 次）`,
    location: `油田第${(i % 12) + 1}小区社区服务中心二楼培训教室, 3 号门; 电梯旁`,
    description: i % 2 === 0 ? "带好协议卡和慰问品\n记录就业、就医、就学进展" : undefined,
    url: `https://lianxin.example.org/courses/${i}`,
    cancelled: i % 17 === 0,
  }));
}

/** The median time of `renders` renders of the feed; `changed` gives each a new DTSTAMP, and so new text. */
async function measureRender(userId: number, changed: boolean): Promise<number> {
  const now = new Date();
  const events = manyEvents(now);
  let n = 0;
  const render = async () => {
    const stampedAt = changed ? new Date(now.getTime() + ++n * 1000) : now;
    const text = await renderFeed(userId, { now, stampedAt, sources: [async () => events] });
    if (!text || text.split("BEGIN:VEVENT").length - 1 !== eventCount)
      throw new Error("calendar.feed: the rendered feed does not hold every event");
  };
  for (let i = 0; i < 3; i++) await render();
  const times: number[] = [];
  for (let i = 0; i < renders; i++) {
    const t0 = performance.now();
    await render();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

/** Gives accounts to the registry members with the most held course places, and a feed link to each. */
async function feedLinks(ctx: BenchContext): Promise<{ tokens: string[]; firstUserId: number }> {
  const { database } = ctx;
  const members = await database.db.all<{ id: number }>(sql`
    SELECT e.member_id AS id FROM enrollments e JOIN household_members m ON m.id = e.member_id
    WHERE m.user_id IS NULL AND e.status IN ('enrolled', 'completed', 'no_show')
    GROUP BY e.member_id ORDER BY count(*) DESC, e.member_id LIMIT ${feedCount}`);
  if (members.length === 0) throw new Error("calendar.feed: the seed has no course places");
  const userIds = await database.write(async (tx) => {
    const ids: number[] = [];
    for (const member of members) {
      const rows = await tx.all<{ id: number }>(sql`
        INSERT INTO users (email, name, role, locale, email_verified_at, created_at, updated_at)
        VALUES (${`bench-feed-${member.id}@example.org`}, ${`bench ${member.id}`}, 'resident', 'zh-CN',
          ${Date.now()}, ${Date.now()}, ${Date.now()})
        RETURNING id`);
      const id = rows[0]?.id;
      if (id === undefined) throw new Error("calendar.feed: user insert returned no row");
      await tx.run(sql`UPDATE household_members SET user_id = ${id} WHERE id = ${member.id}`);
      ids.push(id);
    }
    return ids;
  });
  const tokens: string[] = [];
  for (const id of userIds) tokens.push(await createFeed(id));
  return { tokens, firstUserId: userIds[0] ?? 0 };
}

/** `connections` clients fetching the links in turn for `seconds`; latencies of the recorded phase. */
async function load(ctx: BenchContext, tokens: string[], seconds: number, record: boolean) {
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < until) {
      const token = tokens[next++ % tokens.length];
      const t0 = performance.now();
      const response = await fetch(`${ctx.baseUrl}/calendar/${token}.ics`);
      const body = await response.text();
      if (response.status !== 200 || !body.startsWith("BEGIN:VCALENDAR"))
        failures.push(`${response.status} ${body.slice(0, 80)}`);
      else if (record) latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: ctx.connections }, client));
  return { latencies, failures };
}

export default {
  kind: "custom",
  name: "calendar.feed",
  async run(ctx) {
    const { tokens, firstUserId } = await feedLinks(ctx);
    const renderMs = await measureRender(firstUserId, false);
    const coldRenderMs = await measureRender(firstUserId, true);

    await load(ctx, tokens, Math.min(1, ctx.durationSeconds), false);
    const started = performance.now();
    const { latencies, failures } = await load(ctx, tokens, ctx.durationSeconds, true);
    const seconds = (performance.now() - started) / 1000;
    if (failures.length > 0)
      throw new Error(
        `calendar.feed: ${failures.length} failed fetches, e.g. ${failures.slice(0, 3).join(" | ")}`,
      );
    latencies.sort((a, b) => a - b);
    return {
      reqPerSec: latencies.length / seconds,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      extra: {
        renderMs: Number(renderMs.toFixed(2)),
        coldRenderMs: Number(coldRenderMs.toFixed(2)),
        events: eventCount,
        feeds: tokens.length,
      },
      over: renderMs > renderBudgetMs ? [`render ${renderBudgetMs} ms`] : [],
    };
  },
} satisfies CustomScenario;
