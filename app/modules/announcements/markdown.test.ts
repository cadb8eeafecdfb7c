import { describe, expect, it } from "vitest";
import { renderMarkdown, summarize } from "./markdown.server";

// After the OWASP XSS filter evasion cheat sheet: each must come out without a way to run script.
const vectors = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  "<IMG SRC=\"javascript:alert('XSS');\">",
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<body onload=alert(1)>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href="jav&#x09;ascript:alert(1)">click</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
  '<a href="vbscript:msgbox(1)">click</a>',
  "[click](javascript:alert(1))",
  "[click](JAVASCRIPT:alert(1))",
  "[click](<javascript:alert(1)>)",
  "![x](javascript:alert(1))",
  "[click](data:text/html,<script>alert(1)</script>)",
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<p style="width: expression(alert(1))">x</p>',
  "<object data=javascript:alert(1)>",
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  "<input onfocus=alert(1) autofocus>",
  "<details open ontoggle=alert(1)>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  "<<script>script>alert(1)<</script>/script>",
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '<video><source onerror="alert(1)"></video>',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  "<style>@import 'https://evil.example/x.css';</style>",
];

const dangerous = [
  /<script/i,
  /<iframe|<object|<embed|<form|<input|<meta|<link|<base|<svg|<math|<style|<img|<video|<source|<details|<body/i,
  /\son[a-z]+\s*=/i,
  /javascript:/i,
  /vbscript:/i,
  /data:/i,
  /style=/i,
];

describe("announcement Markdown", () => {
  it.each(vectors)("removes every way to run script: %s", (vector) => {
    const html = renderMarkdown(`正文\n\n${vector}\n\n结尾`);
    for (const pattern of dangerous) expect(html).not.toMatch(pattern);
    expect(html).toContain("<p>正文</p>");
  });

  it("keeps headings, lists, emphasis, quotes and safe links", () => {
    const html = renderMarkdown(
      [
        "## 招聘岗位",
        "",
        "- 保洁员 **2 名**",
        "- 门卫 *1 名*",
        "",
        "1. 报名",
        "2. 面试",
        "",
        "> 优先零就业家庭",
        "",
        "[报名表](https://lianxin.example/form) · [邮件](mailto:hr@example.org) · [电话](tel:1890)",
      ].join("\n"),
    );
    expect(html).toContain("<h2>招聘岗位</h2>");
    expect(html).toMatch(/<ul>\s*<li>保洁员 <strong>2 名<\/strong><\/li>/);
    expect(html).toContain("<em>1 名</em>");
    expect(html).toMatch(/<ol>\s*<li>报名<\/li>/);
    expect(html).toContain("<blockquote>");
    expect(html).toContain('<a href="https://lianxin.example/form" rel="noopener noreferrer">报名表</a>');
    expect(html).toContain('href="mailto:hr@example.org"');
    expect(html).toContain('href="tel:1890"');
  });

  it("summarizes the body as plain text for emails", () => {
    expect(summarize("# 标题 & 说明\n\n第一段 **重点**。")).toBe("标题 & 说明 第一段 重点。");
    expect(summarize("长".repeat(300), 10)).toHaveLength(10);
  });
});
