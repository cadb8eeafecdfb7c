import { describe, expect, it } from "vitest";
import { renderEmail } from "#app/modules/notifications/render.server";
import { emailTemplates } from "./registry";

describe("email templates", () => {
  for (const [name, template] of Object.entries(emailTemplates)) {
    it(`render ${name} from its sample data in Chinese and English, as HTML and text`, () => {
      const zh = renderEmail(
        { template: name, data: template.sample, locale: "zh-CN" },
        { communityName: "油田社区" },
      );
      const en = renderEmail(
        { template: name, data: template.sample, locale: "en" },
        { communityName: "油田社区" },
      );
      if (!zh.ok || !en.ok) throw new Error("sample data must render");
      for (const r of [zh.email, en.email]) {
        expect(r.html).toContain("油田社区");
        expect(r.text).toContain("油田社区");
        expect(r.subject).not.toMatch(/templates\.|\{\{/);
        expect(r.text).not.toMatch(/email:|\{\{/);
      }
      expect(zh.email.html).toContain('lang="zh-CN"');
      expect(en.email.html).toContain('lang="en"');
      expect(zh.email.subject).not.toBe(en.email.subject);
    });
  }

  it("put the verification code and the reset link in the plain-text version", () => {
    const code = renderEmail(
      { template: "auth.verifyEmail", data: { name: "Li", code: "20260105", minutes: 10 }, locale: "en" },
      { communityName: "Oilfield" },
    );
    const reset = renderEmail(
      {
        template: "auth.passwordReset",
        data: { name: "Li", url: "https://x.test/reset/abc", minutes: 30 },
        locale: "en",
      },
      { communityName: "Oilfield" },
    );
    expect(code.ok && code.email.text).toContain("20260105");
    expect(reset.ok && reset.email.text).toContain("https://x.test/reset/abc");
  });
});
