// Local stand-ins for Alibaba Cloud SMS (dysmsapi 2017-05-25: SendSms, QuerySendDetails) and Tencent Cloud SMS
// (2021-01-11: SendSms, PullSmsSendStatusByPhoneNumber), speaking each API's request and answer format as the
// official SDKs send and read them. Each checks the request's signature as its provider does (Alibaba
// ACS3-HMAC-SHA256 over the canonical request; Tencent TC3-HMAC-SHA256) and refuses a bad one with the
// provider's own code. Tests make them answer with a provider error code, a 500, a dropped connection (before or
// after the text was taken) or no answer at all, once each in order or at random rates. Every text taken is kept
// with the id it carried (OutId / SessionContext), which is also what their send records answer with.
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type SmsFault =
  /** The provider answers with this error code (Alibaba: in the body; Tencent: as the request's Error). */
  | { kind: "code"; code: string; message?: string }
  /** Tencent only: the request succeeds but this number's SendStatus carries the code. */
  | { kind: "status"; code: string; message?: string }
  | { kind: "500" }
  /** The connection closes before the provider reads anything. */
  | { kind: "drop" }
  /** The provider takes the text, then the connection closes before the answer. */
  | { kind: "dropAfter" }
  /** The provider takes the text and never answers (the client times out or is killed). */
  | { kind: "hang" };

export interface RandomSmsFaults {
  /** Share of requests answered with a per-number rate limit. */
  limited: number;
  serverErrors: number;
  /** Half before the text is taken, half after. */
  drops: number;
  hangs: number;
  random: () => number;
}

export interface TakenText {
  to: string;
  /** Alibaba OutId / Tencent SessionContext: the outbox row's `lx<id>`. */
  outId: string;
  template: string;
  params: string[];
  signName: string;
  serial: string;
}

interface Answer {
  status: number;
  body: unknown;
}

type Handled = Answer | "drop" | "hang";

abstract class FakeSmsProvider {
  readonly taken: TakenText[] = [];
  readonly requests: { action: string; status: number | "dropped" | "hung"; code?: string }[] = [];
  /** Signatures that did not verify. */
  badSignatures = 0;
  url = "";
  protected readonly faults: SmsFault[] = [];
  private readonly server: Server;
  private readonly hung = new Set<IncomingMessage>();
  private serial = 1;

  constructor(
    protected readonly keyId: string,
    protected readonly secret: string,
    protected readonly randomFaults: RandomSmsFaults | null = null,
  ) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const answer = this.handle(req, Buffer.concat(chunks));
        if (answer === "drop") {
          req.socket.destroy();
          return;
        }
        if (answer === "hang") {
          this.hung.add(req);
          return;
        }
        res.writeHead(answer.status, { "content-type": "application/json;charset=utf-8" });
        res.end(JSON.stringify(answer.body));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  inject(...faults: SmsFault[]): void {
    this.faults.push(...faults);
  }

  /** How many times each text (by its id) was taken. */
  takenByOutId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const text of this.taken) counts.set(text.outId, (counts.get(text.outId) ?? 0) + 1);
    return counts;
  }

  protected nextFault(limitCode: string): SmsFault | undefined {
    const injected = this.faults.shift();
    if (injected || !this.randomFaults) return injected;
    const { limited, serverErrors, drops, hangs, random } = this.randomFaults;
    const draw = random();
    if (draw < limited) return { kind: "code", code: limitCode, message: "触发分钟级流控Permits:1" };
    if (draw < limited + serverErrors) return { kind: "500" };
    if (draw < limited + serverErrors + drops / 2) return { kind: "drop" };
    if (draw < limited + serverErrors + drops) return { kind: "dropAfter" };
    if (draw < limited + serverErrors + drops + hangs) return { kind: "hang" };
    return undefined;
  }

  protected take(text: Omit<TakenText, "serial">): string {
    const serial = `serial-${this.serial++}`;
    this.taken.push({ ...text, serial });
    return serial;
  }

  protected abstract handle(req: IncomingMessage, body: Buffer): Handled;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 as Alibaba's canonical query wants it. */
function acsEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, "%21")
    .replace(/'/g, "%27")
    .replace(/\(/g, "%28")
    .replace(/\)/g, "%29")
    .replace(/\*/g, "%2A");
}

export class FakeAlibabaSms extends FakeSmsProvider {
  constructor(options: { keyId?: string; secret?: string; faults?: RandomSmsFaults } = {}) {
    super(options.keyId ?? "LTAI-test", options.secret ?? "alibaba-secret", options.faults ?? null);
  }

  /** ACS3-HMAC-SHA256: the canonical request (method, path, sorted query, signed headers, body hash), signed. */
  private verify(req: IncomingMessage, url: URL, body: Buffer): boolean {
    const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ""),
    );
    if (!match || match[1] !== this.keyId) return false;
    const signed = (match[2] ?? "").split(";");
    const payloadHash = sha256(body);
    if (req.headers["x-acs-content-sha256"] !== payloadHash) return false;
    const date = Date.parse(String(req.headers["x-acs-date"] ?? ""));
    if (!Number.isFinite(date) || Math.abs(Date.now() - date) > 15 * 60_000) return false;
    if (
      !signed.includes("host") ||
      !signed.includes("x-acs-date") ||
      !signed.includes("x-acs-signature-nonce")
    )
      return false;
    const query = [...url.searchParams.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${acsEncode(v)}`)
      .join("&");
    const headers = signed.map((h) => `${h}:${String(req.headers[h] ?? "").trim()}\n`).join("");
    const canonical = `${req.method}\n${url.pathname}\n${query}\n${headers}\n${signed.join(";")}\n${payloadHash}`;
    const expected = hmac(this.secret, `ACS3-HMAC-SHA256\n${sha256(canonical)}`).toString("hex");
    return expected === match[3];
  }

  protected handle(req: IncomingMessage, body: Buffer): Handled {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const action = String(req.headers["x-acs-action"] ?? "");
    const requestId = `req-${this.requests.length + 1}`;
    if (!this.verify(req, url, body)) {
      this.badSignatures += 1;
      this.requests.push({ action, status: 400, code: "SignatureDoesNotMatch" });
      return {
        status: 400,
        body: {
          Code: "SignatureDoesNotMatch",
          Message: "Specified signature does not match.",
          RequestId: requestId,
        },
      };
    }
    const q = (name: string) => url.searchParams.get(name) ?? "";
    if (action === "QuerySendDetails") {
      this.requests.push({ action, status: 200 });
      const records = this.taken.filter((t) => t.to === q("PhoneNumber"));
      return {
        status: 200,
        body: {
          Code: "OK",
          Message: "OK",
          RequestId: requestId,
          TotalCount: records.length,
          SmsSendDetailDTOs: {
            SmsSendDetailDTO: records.map((r) => ({
              PhoneNum: r.to,
              OutId: r.outId,
              SendStatus: 3,
              ErrCode: "DELIVERED",
              TemplateCode: r.template,
              Content: `【${r.signName}】`,
            })),
          },
        },
      };
    }
    if (action !== "SendSms")
      return { status: 404, body: { Code: "InvalidAction.NotFound", RequestId: requestId } };
    const fault = this.nextFault("isv.BUSINESS_LIMIT_CONTROL");
    if (fault?.kind === "drop") {
      this.requests.push({ action, status: "dropped" });
      return "drop";
    }
    if (fault?.kind === "500") {
      this.requests.push({ action, status: 500, code: "ServiceUnavailable" });
      return {
        status: 500,
        body: { Code: "ServiceUnavailable", Message: "The request has failed.", RequestId: requestId },
      };
    }
    if (fault?.kind === "code" || fault?.kind === "status") {
      this.requests.push({ action, status: 200, code: fault.code });
      return {
        status: 200,
        body: { Code: fault.code, Message: fault.message ?? fault.code, RequestId: requestId },
      };
    }
    const params = JSON.parse(q("TemplateParam") || "{}") as Record<string, string>;
    const serial = this.take({
      to: q("PhoneNumbers"),
      outId: q("OutId"),
      template: q("TemplateCode"),
      params: Object.values(params),
      signName: q("SignName"),
    });
    if (fault?.kind === "dropAfter" || fault?.kind === "hang") {
      this.requests.push({ action, status: fault.kind === "hang" ? "hung" : "dropped" });
      return fault.kind === "hang" ? "hang" : "drop";
    }
    this.requests.push({ action, status: 200, code: "OK" });
    return { status: 200, body: { Code: "OK", Message: "OK", BizId: serial, RequestId: requestId } };
  }
}

export class FakeTencentSms extends FakeSmsProvider {
  constructor(options: { keyId?: string; secret?: string; faults?: RandomSmsFaults } = {}) {
    super(options.keyId ?? "AKID-test", options.secret ?? "tencent-secret", options.faults ?? null);
  }

  /** TC3-HMAC-SHA256 over content-type and host, with the key derived from date, service and tc3_request. */
  private verify(req: IncomingMessage, body: Buffer): boolean {
    const match =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        String(req.headers.authorization ?? ""),
      );
    if (!match || match[1] !== this.keyId) return false;
    const [, , date = "", service = "", signedHeaders = "", signature] = match;
    const timestamp = Number(req.headers["x-tc-timestamp"]);
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return false;
    const host = String(req.headers.host ?? "");
    // The SDK names the service by the endpoint's first label (sms.tencentcloudapi.com → sms).
    if (service !== host.split(".")[0]) return false;
    const hostname = host.replace(/:\d+$/, "");
    const values: Record<string, string> = {
      "content-type": String(req.headers["content-type"] ?? ""),
      host: hostname,
    };
    const headers = signedHeaders
      .split(";")
      .map((h) => `${h}:${values[h] ?? ""}\n`)
      .join("");
    const canonical = `${req.method}\n/\n\n${headers}\n${signedHeaders}\n${sha256(body)}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonical)}`;
    const key = hmac(hmac(hmac(`TC3${this.secret}`, date), service), "tc3_request");
    return hmac(key, toSign).toString("hex") === signature;
  }

  protected handle(req: IncomingMessage, body: Buffer): Handled {
    const action = String(req.headers["x-tc-action"] ?? "");
    const requestId = `req-${this.requests.length + 1}`;
    const error = (code: string, message: string): Answer => ({
      status: 200,
      body: { Response: { Error: { Code: code, Message: message }, RequestId: requestId } },
    });
    if (!this.verify(req, body)) {
      this.badSignatures += 1;
      this.requests.push({ action, status: 200, code: "AuthFailure.SignatureFailure" });
      return error("AuthFailure.SignatureFailure", "The provided credentials could not be validated.");
    }
    const input = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
    if (action === "PullSmsSendStatusByPhoneNumber") {
      this.requests.push({ action, status: 200 });
      const phone = String(input.PhoneNumber ?? "");
      const records = this.taken.filter((t) => t.to === phone);
      return {
        status: 200,
        body: {
          Response: {
            PullSmsSendStatusSet: records.map((r) => ({
              UserReceiveTime: Math.floor(Date.now() / 1000),
              CountryCode: "86",
              SubscriberNumber: r.to.replace(/^\+86/, ""),
              PhoneNumber: r.to,
              SerialNo: r.serial,
              ReportStatus: "SUCCESS",
              Description: "DELIVRD",
              SessionContext: r.outId,
            })),
            RequestId: requestId,
          },
        },
      };
    }
    if (action !== "SendSms") return error("InvalidAction", `${action} is not supported by the stand-in.`);
    const fault = this.nextFault("LimitExceeded.PhoneNumberThirtySecondLimit");
    if (fault?.kind === "drop") {
      this.requests.push({ action, status: "dropped" });
      return "drop";
    }
    if (fault?.kind === "500") {
      this.requests.push({ action, status: 500 });
      return { status: 500, body: { message: "Internal Server Error" } };
    }
    if (fault?.kind === "code") {
      this.requests.push({ action, status: 200, code: fault.code });
      return error(fault.code, fault.message ?? fault.code);
    }
    const phones = (input.PhoneNumberSet as string[] | undefined) ?? [];
    const phone = phones[0] ?? "";
    if (fault?.kind === "status") {
      this.requests.push({ action, status: 200, code: fault.code });
      return {
        status: 200,
        body: {
          Response: {
            SendStatusSet: [
              {
                SerialNo: "",
                PhoneNumber: phone,
                Fee: 0,
                SessionContext: input.SessionContext,
                Code: fault.code,
                Message: fault.message ?? fault.code,
                IsoCode: "CN",
              },
            ],
            RequestId: requestId,
          },
        },
      };
    }
    const serial = this.take({
      to: phone,
      outId: String(input.SessionContext ?? ""),
      template: String(input.TemplateId ?? ""),
      params: (input.TemplateParamSet as string[] | undefined) ?? [],
      signName: String(input.SignName ?? ""),
    });
    if (fault?.kind === "dropAfter" || fault?.kind === "hang") {
      this.requests.push({ action, status: fault.kind === "hang" ? "hung" : "dropped" });
      return fault.kind === "hang" ? "hang" : "drop";
    }
    this.requests.push({ action, status: 200, code: "Ok" });
    return {
      status: 200,
      body: {
        Response: {
          SendStatusSet: [
            {
              SerialNo: serial,
              PhoneNumber: phone,
              Fee: 1,
              SessionContext: input.SessionContext,
              Code: "Ok",
              Message: "send success",
              IsoCode: "CN",
            },
          ],
          RequestId: requestId,
        },
      },
    };
  }
}
