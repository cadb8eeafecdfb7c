import { describe, expect, it } from "vitest";
import {
  bodyLimitFor,
  bodyLimits,
  acceptsJson,
  checkBodyHeaders,
  checkFormBody,
  isReadableFieldName,
  refusalPage,
} from "./request-body.server";

const headers = (contentType: string | undefined, contentLength?: string, contentEncoding?: string) => ({
  contentType,
  contentLength,
  contentEncoding,
});
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
const urlencoded = "application/x-www-form-urlencoded";

describe("what a change's headers say", () => {
  it("lets forms through and refuses every other type with 415", () => {
    const limit = bodyLimits.formBytes;
    expect(checkBodyHeaders(headers(urlencoded, "10"), limit)).toBeNull();
    expect(checkBodyHeaders(headers("multipart/form-data; boundary=x", "10"), limit)).toBeNull();
    expect(checkBodyHeaders(headers("Application/X-WWW-Form-Urlencoded; charset=UTF-8"), limit)).toBeNull();
    for (const type of ["application/json", "text/plain", "application/xml", "", undefined])
      expect(checkBodyHeaders(headers(type, "10"), limit)).toMatchObject({ status: 415 });
    expect(checkBodyHeaders(headers(urlencoded, "10", "gzip"), limit)).toMatchObject({ status: 415 });
  });

  it("takes JSON only on the SMS providers' reply hooks", () => {
    expect(acceptsJson("/hooks/sms/aliyun/abc")).toBe(true);
    expect(acceptsJson("/hooks/sms/tencent/abc")).toBe(true);
    expect(acceptsJson("/hooks/sms/other/abc")).toBe(false);
    expect(acceptsJson("/login")).toBe(false);
    const json = headers("application/json", "10");
    expect(checkBodyHeaders(json, bodyLimits.formBytes, true)).toBeNull();
    expect(checkBodyHeaders(json, bodyLimits.formBytes)).toMatchObject({ status: 415 });
  });

  it("takes an empty body without a type for an empty form", () => {
    expect(checkBodyHeaders(headers(undefined, "0"), bodyLimits.formBytes)).toBeNull();
  });

  it("refuses a declared length over the page's limit with 413; imports may send a few MB", () => {
    expect(checkBodyHeaders(headers(urlencoded, String(300 * 1024)), bodyLimitFor("/login"))).toMatchObject({
      status: 413,
    });
    expect(bodyLimitFor("/households/import")).toBe(bodyLimits.importBytes);
    expect(bodyLimitFor("/roster/import.data")).toBe(bodyLimits.importBytes);
    expect(bodyLimitFor("/households/import/../x")).toBe(bodyLimits.formBytes);
  });
});

describe("field names", () => {
  it.each(["email", "members[0].name", "goals[2]", "tags[]", "a.b.c", "备注", "with space"])(
    "reads %j",
    (name) => expect(isReadableFieldName(name)).toBe(true),
  );

  it.each([
    "",
    `a${"[b]".repeat(5000)}`,
    `a${".b".repeat(17)}`,
    "x".repeat(201),
    "__proto__",
    "__proto__[admin]",
    "constructor[prototype][x]",
    "a.prototype",
    "a..b",
    "a.",
    "[",
    "a]",
    "a[-1]",
    "a[][b]",
    "a[1001]",
    "a[99999999999]",
  ])("refuses %j", (name) => expect(isReadableFieldName(name)).toBe(false));
});

describe("the body as a form", () => {
  it("passes an ordinary form", async () => {
    expect(await checkFormBody(urlencoded, bytes("email=a%40b.cn&members%5B0%5D.name=%E7%8E%8B"))).toBeNull();
  });

  it("refuses a multipart body whose boundary lies, or that stops halfway, with 400", async () => {
    const part = '--truth\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--truth--\r\n';
    expect(await checkFormBody("multipart/form-data; boundary=lie", bytes(part))).toMatchObject({
      status: 400,
    });
    expect(await checkFormBody("multipart/form-data", bytes(part))).toMatchObject({ status: 400 });
    expect(
      await checkFormBody(
        "multipart/form-data; boundary=b",
        bytes('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'),
      ),
    ).toMatchObject({ status: 400 });
  });

  it("refuses a name nested 5,000 deep with 400 and the same name 10,000 times with 413", async () => {
    expect(await checkFormBody(urlencoded, bytes(`a${"[b]".repeat(5000)}=1`))).toMatchObject({ status: 400 });
    const repeated = Array.from({ length: 10_000 }, () => "intent=x").join("&");
    expect(await checkFormBody(urlencoded, bytes(repeated))).toMatchObject({ status: 413 });
  });
});

describe("the refusal page", () => {
  it("says what happened in the reader's language, and runs nothing", () => {
    const zh = refusalPage({ status: 415, problem: "contentType" }, "zh-CN");
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain("无法处理这个请求");
    expect(zh.headers["Content-Security-Policy"]).toContain("default-src 'none'");
    expect(zh.headers["Content-Security-Policy"]).not.toContain("script-src");
    const en = refusalPage({ status: 413, problem: "tooLarge" }, "en");
    expect(en.body).toContain("6 MB");
  });
});
