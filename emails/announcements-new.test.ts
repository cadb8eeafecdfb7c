import { describe, expect, it } from "vitest";
import { renderEmail } from "#app/modules/notifications/render.server";

const data = {
  title: "社区超市招聘理货员",
  summary: "岗位说明 * 每天4小时 *",
  url: "https://lianxin.example/announcements/13",
  body: "岗位说明\n\n* 每天4小时\n* 就近安排\n\n**欢迎**零就业家庭报名。",
  facts: {
    employer: "爱心超市",
    positions: 2,
    payMin: 2000,
    payMax: 2600,
    requirements: null,
    deadline: "2026-12-20",
    contact: "0546-1234567 王女士",
  },
};

describe("a job's email", () => {
  it("carries pay, deadline and contact, and its Markdown reads as a list in text and HTML", () => {
    const zh = renderEmail(
      { template: "announcements.new", data, locale: "zh-CN" },
      { communityName: "油田社区" },
    );
    const en = renderEmail(
      { template: "announcements.new", data, locale: "en" },
      { communityName: "油田社区" },
    );
    if (!zh.ok || !en.ok) throw new Error("must render");
    for (const text of [zh.email.text, en.email.text]) {
      expect(text).toContain("2000");
      expect(text).toContain("2600");
      expect(text).toContain("2026-12-20");
      expect(text).toContain("0546-1234567 王女士");
      expect(text).toMatch(/•\s*每天4小时/);
      expect(text).not.toContain("*");
    }
    expect(zh.email.text).toContain("每月 2000–2600 元");
    expect(en.email.text).toMatch(/Pay/);
    expect(zh.email.html).toContain("<li>每天4小时</li>");
    expect(zh.email.html).toContain("<strong>欢迎</strong>");
  });

  it("still renders a row queued before the body travelled with it", () => {
    const old = { title: data.title, summary: "岗位说明", url: data.url };
    const result = renderEmail(
      { template: "announcements.new", data: old, locale: "zh-CN" },
      { communityName: "油田社区" },
    );
    expect(result.ok).toBe(true);
  });

  it("never lets a script through the body", () => {
    const hostile = { ...data, body: "<script>alert(1)</script><img src=x onerror=alert(1)>好" };
    const result = renderEmail(
      { template: "announcements.new", data: hostile, locale: "zh-CN" },
      { communityName: "油田社区" },
    );
    if (!result.ok) throw new Error("must render");
    expect(result.email.html).not.toMatch(/<script|onerror/);
  });
});
