import { describe, expect, it } from "vitest";
import { renderEmail } from "#app/modules/notifications/render.server";
import { maskTokenLinks } from "#app/modules/notifications/secrets.server";
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

  it("declare a code or a link that acts for its recipient as secret", () => {
    for (const [name, template] of Object.entries(emailTemplates)) {
      const sample = template.sample as Record<string, unknown>;
      const acting = Object.entries(sample).filter(
        ([, value]) =>
          typeof value === "string" && (/^\d{6,}$/.test(value) || /\/(reset|invite|unsubscribe)/.test(value)),
      );
      for (const [field] of acting) expect(template.secrets, `${name}.${field}`).toContain(field);
    }
  });

  for (const [name, template] of Object.entries(emailTemplates)) {
    it(`show staff ${name} without its secrets or its unsubscribe link, and its recipient with them`, () => {
      const unsubscribeUrl = "https://lianxin.example/unsubscribe/7.announcements.c2lnbmF0dXJl";
      for (const locale of ["zh-CN", "en"] as const) {
        const result = renderEmail(
          { template: name, data: template.sample, locale },
          { communityName: "油田社区", unsubscribeUrl },
        );
        if (!result.ok) throw new Error("sample data must render");
        const secrets = [
          ...template.secrets.map((field) => String((template.sample as Record<string, unknown>)[field])),
          unsubscribeUrl,
          "c2lnbmF0dXJl",
        ];
        const whole = [result.email.subject, result.email.html, result.email.text].join("\n");
        const masked = result.email.masked();
        const staff = [masked.subject, masked.html, masked.text].join("\n");
        for (const secret of secrets) {
          expect(whole).toContain(secret);
          expect(staff).not.toContain(secret);
        }
        expect(staff).toContain("油田社区");
      }
    });
  }

  it("mask a token link a template forgot to declare", () => {
    expect(maskTokenLinks("打开 https://x.test/reset-password/abcDEF123_- 重设")).toBe(
      "打开 https://x.test/reset-password/•••••• 重设",
    );
    expect(maskTokenLinks('<a href="https://x.test/invite/tok">go</a>')).toBe(
      '<a href="https://x.test/invite/••••••">go</a>',
    );
    expect(maskTokenLinks("https://x.test/calendar/3.abc.ics and https://x.test/courses/3")).toBe(
      "https://x.test/calendar/•••••• and https://x.test/courses/3",
    );
  });
});
