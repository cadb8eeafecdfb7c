import type { MetaArgs, MetaDescriptor } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { documentTitle, pageMeta } from "./meta";

/** What Remix hands a route's `meta`: the matched routes, the root first with the locale its loader chose. */
function args<Loader = unknown>(rootData: unknown, data?: unknown): MetaArgs<Loader> {
  return {
    data,
    params: {},
    location: { pathname: "/", search: "", hash: "", state: null, key: "default" },
    matches: [{ id: "root", pathname: "/", data: rootData, params: {}, meta: [] }],
    error: undefined,
  } as unknown as MetaArgs<Loader>;
}

function titleOf(descriptors: MetaDescriptor[]): unknown {
  for (const descriptor of descriptors) if ("title" in descriptor) return descriptor.title;
  return undefined;
}

describe("page titles", () => {
  it("name the page and the app in English for an English reader", () => {
    expect(titleOf(pageMeta("courses:catalog.title")(args({ locale: "en" })))).toBe(
      "Training courses · Lianxin",
    );
  });

  it("name the page and the app in Chinese for a Chinese reader", () => {
    expect(titleOf(pageMeta("courses:catalog.title")(args({ locale: "zh-CN" })))).toBe("培训课程 · 连心");
  });

  it("fall back to Chinese when the root has no locale to give", () => {
    expect(titleOf(pageMeta("nav.home")(args(undefined)))).toBe("首页 · 连心");
  });

  it("name a page after what its loader found, translated around it", () => {
    type Loader = () => { id: number };
    const meta = pageMeta<Loader>(({ data, t }) => data && t("help:detail.title", { id: data.id }));
    expect(titleOf(meta(args<Loader>({ locale: "en" }, { id: 7 })))).toBe("Help request #7 · Lianxin");
    expect(titleOf(meta(args<Loader>({ locale: "zh-CN" }, { id: 7 })))).toBe("求助 #7 · 连心");
  });

  it("fall back to the app's name when a page has nothing to be named by", () => {
    type Loader = () => { subject: string };
    const meta = pageMeta<Loader>(({ data }) => data?.subject);
    expect(titleOf(meta(args<Loader>({ locale: "en" })))).toBe("Lianxin");
    expect(documentTitle("zh-CN", null)).toBe("连心");
  });

  it("do not repeat the app's name when the page's name begins with it", () => {
    expect(titleOf(pageMeta("home.title")(args({ locale: "zh-CN" })))).toBe("连心 · 社区帮扶平台");
    expect(titleOf(pageMeta("home.title")(args({ locale: "en" })))).toBe("Lianxin · linking hearts");
  });

  it("keep the other descriptors a page adds", () => {
    const descriptors = pageMeta("bench:baseline.title", [{ name: "robots", content: "noindex" }])(args({}));
    expect(descriptors).toContainEqual({ name: "robots", content: "noindex" });
  });
});
