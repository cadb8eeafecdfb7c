// Where the SMS worker hands texts over: the local SMS box (the embedded default: the whole text in the
// recipient's /messages, a masked copy for staff), or Alibaba Cloud / Tencent Cloud SMS through their official
// SDKs, one text a request. Neither provider takes an idempotency key, so a request that may have left (a
// dropped connection, a timeout, a crash) is first looked up in the provider's send record by the id it
// carries (Alibaba OutId, Tencent SessionContext) before it is sent again (decision 025). Their error codes are
// sorted here into the worker's outcomes: limits per number wait, refusals fail with a reason staff can read,
// an exhausted balance pauses the channel.
import DysmsapiExport, { QuerySendDetailsRequest, SendSmsRequest } from "@alicloud/dysmsapi20170525";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { RuntimeOptions } from "@darabonba/typescript";
import { DateTime } from "luxon";
import { sms as tencentSms } from "tencentcloud-sdk-nodejs-sms";
import { z } from "zod";
import { getDatabase, schema, type Database } from "#db/client.server";
import { defaultLocale, getT } from "#app/modules/i18n/i18n";
import type { EncodedRequest } from "./requests.server";
import type { Confirmation, DeliveryOutcome, Transport } from "./transport.server";
import { providerNumber } from "./phone";

// The SDK is CommonJS compiled from TypeScript: Node's ESM loader hands over its exports object as the default
// import, a bundler the class itself.
const Dysmsapi: typeof DysmsapiExport =
  "default" in DysmsapiExport
    ? (DysmsapiExport as unknown as { default: typeof DysmsapiExport }).default
    : DysmsapiExport;

export interface OutgoingSms {
  /** The outbox row's key. */
  key: string;
  /** Carried to the provider and back in its send record: `lx<row id>`. */
  outId: string;
  to: string;
  recipientId: number | null;
  template: string;
  /** The provider's template for it (null for the local box). */
  templateCode: string | null;
  /** The variables, by name, and in the template's order. */
  params: Record<string, string>;
  paramOrder: readonly string[];
  /** Subject of the copy in /messages. */
  title: string;
  /** The whole text as the phone shows it, signature first. */
  text: string;
  /** The same with the recipient's secrets masked: the staff copy. */
  masked: string;
}

export type SmsTransport = Transport<OutgoingSms>;

const providerTimeoutMs = 10_000;
/** The provider's record of a text may lag its answer; after this, no record means it was not taken. */
const defaultRecordLagMs = 60_000;
const chinaZone = "Asia/Shanghai";

function sizeOne(): number {
  return 1;
}

const storedTexts = z.array(
  z.object({
    key: z.string(),
    to: z.string(),
    recipientId: z.number().nullable(),
    template: z.string(),
    title: z.string(),
    text: z.string(),
    masked: z.string(),
  }),
);

/** The embedded default: each text once (by its outbox key) in the SMS box, masked, and in its owner's messages. */
export function smsBoxTransport(database: Database = getDatabase()): SmsTransport {
  return {
    name: "smsbox",
    rateLimited: false,
    encode(texts) {
      return {
        endpoint: "smsbox",
        body: JSON.stringify(
          texts.map((s) => ({
            key: s.key,
            to: s.to,
            recipientId: s.recipientId,
            template: s.template,
            title: s.title,
            text: s.text,
            masked: s.masked,
          })),
        ),
      };
    },
    size: (request) => storedTexts.parse(JSON.parse(request.body)).length,
    split: () => null,
    async send(request) {
      const texts = storedTexts.parse(JSON.parse(request.body));
      const owned = texts.flatMap((s) => (s.recipientId === null ? [] : [{ ...s, userId: s.recipientId }]));
      await database.writeAtomic(async (d) => {
        const box = d
          .insert(schema.smsBox)
          .values(
            texts.map((s) => ({
              outboxKey: s.key,
              to: s.to,
              userId: s.recipientId,
              template: s.template,
              text: s.masked,
            })),
          )
          .onConflictDoNothing({ target: schema.smsBox.outboxKey });
        if (owned.length === 0) return box;
        return d.batch([
          box,
          d
            .insert(schema.messages)
            .values(
              owned.map((s) => ({
                userId: s.userId,
                sourceKey: s.key,
                channel: "sms" as const,
                subject: s.title,
                text: s.text,
              })),
            )
            .onConflictDoNothing({ target: schema.messages.sourceKey }),
        ]);
      });
      return { kind: "accepted", results: texts.map(() => ({ ok: true, providerId: null })) };
    },
  };
}

/** Where an SDK is pointed: its host, and the protocol (tests use a local http stand-in). */
function endpointOf(
  override: string | undefined,
  host: string,
): { host: string; protocol: "https" | "http" } {
  if (!override) return { host, protocol: "https" };
  const url = new URL(override);
  return { host: url.host, protocol: url.protocol === "http:" ? "http" : "https" };
}

/** The request's first-leaving time rides in its endpoint (not sent), for the look-up in the send record. */
function frozenAt(request: EncodedRequest): number {
  const seconds = Number(request.endpoint.split(":")[2]);
  return Number.isFinite(seconds) ? seconds * 1000 : Date.now();
}

function only(texts: OutgoingSms[]): OutgoingSms {
  const [text] = texts;
  if (!text || texts.length !== 1) throw new Error("a provider request carries one text");
  return text;
}

export interface AlibabaOptions {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  endpoint?: string;
  timeoutMs?: number;
  recordLagMs?: number;
}

const alibabaBody = z.object({
  PhoneNumbers: z.string(),
  SignName: z.string(),
  TemplateCode: z.string(),
  TemplateParam: z.string(),
  OutId: z.string(),
});

export function alibabaTransport(options: AlibabaOptions): SmsTransport {
  const { host, protocol } = endpointOf(options.endpoint, "dysmsapi.aliyuncs.com");
  const timeout = options.timeoutMs ?? providerTimeoutMs;
  const client = new Dysmsapi(
    new $OpenApiUtil.Config({
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      endpoint: host,
      protocol,
      readTimeout: timeout,
      connectTimeout: timeout,
    }),
  );
  const runtime = () =>
    new RuntimeOptions({ readTimeout: timeout, connectTimeout: timeout, autoretry: false });
  return {
    name: "alibaba",
    rateLimited: true,
    encode(texts) {
      const text = only(texts);
      if (!text.templateCode) throw new Error(`no template code for ${text.template}`);
      return {
        endpoint: `alibaba:SendSms:${Math.floor(Date.now() / 1000)}`,
        body: JSON.stringify({
          PhoneNumbers: providerNumber(text.to),
          SignName: options.signName,
          TemplateCode: text.templateCode,
          TemplateParam: JSON.stringify(text.params),
          OutId: text.outId,
        }),
      };
    },
    size: sizeOne,
    split: () => null,
    async send(request) {
      const body = alibabaBody.parse(JSON.parse(request.body));
      try {
        const response = await client.sendSmsWithOptions(
          new SendSmsRequest({
            phoneNumbers: body.PhoneNumbers,
            signName: body.SignName,
            templateCode: body.TemplateCode,
            templateParam: body.TemplateParam,
            outId: body.OutId,
          }),
          runtime(),
        );
        const answer = response.body;
        if (answer?.code === "OK")
          return { kind: "accepted", results: [{ ok: true, providerId: answer.bizId ?? null }] };
        return classifyAlibaba(answer?.code ?? "", answer?.message ?? "", response.statusCode ?? 200);
      } catch (error) {
        return alibabaFailure(error);
      }
    },
    async confirm(request): Promise<Confirmation> {
      const body = alibabaBody.parse(JSON.parse(request.body));
      const at = frozenAt(request);
      const response = await client.querySendDetailsWithOptions(
        new QuerySendDetailsRequest({
          phoneNumber: body.PhoneNumbers,
          sendDate: DateTime.fromMillis(at, { zone: chinaZone }).toFormat("yyyyLLdd"),
          pageSize: 50,
          currentPage: 1,
        }),
        runtime(),
      );
      if (response.body?.code !== "OK") return null;
      const found = (response.body.smsSendDetailDTOs?.smsSendDetailDTO ?? []).some(
        (d) => d.outId === body.OutId,
      );
      if (found) return { sent: true, providerIds: [null] };
      return Date.now() - at > (options.recordLagMs ?? defaultRecordLagMs) ? { sent: false } : null;
    },
  };
}

/** An SDK error: a status and a code when the provider answered, neither when the connection failed. */
function alibabaFailure(error: unknown): DeliveryOutcome {
  const e = error as { statusCode?: number; code?: string; message?: string; data?: { Message?: string } };
  const status = typeof e.statusCode === "number" ? e.statusCode : null;
  if (status === null || !e.code || e.code === "undefined")
    return {
      kind: "transient",
      error: `${e.code ?? "network"}: ${e.message ?? String(error)}`.slice(0, 500),
      dropped: true,
    };
  return classifyAlibaba(e.code, e.data?.Message ?? e.message ?? "", status);
}

function untilNextChinaDay(now = Date.now()): number {
  const next = DateTime.fromMillis(now, { zone: chinaZone }).plus({ days: 1 }).startOf("day");
  return next.toMillis() - now;
}

type Reason = "badNumber" | "template" | "signature" | "content" | "params" | "blocked" | "account" | "other";

function refused(reason: Reason, code: string, message: string): DeliveryOutcome {
  const te = getT(defaultLocale);
  const detail = message ? `${code}: ${message}` : code;
  return {
    kind: "rejected",
    error: te("sms:errors.refused", { reason: te(`sms:errors.reasons.${reason}`), code: detail }),
  };
}

function deferred(retryAfterMs: number, code: string, message: string): DeliveryOutcome {
  const te = getT(defaultLocale);
  return { kind: "deferred", retryAfterMs, error: `${te("sms:errors.limited", { code })} ${message}`.trim() };
}

function paused(code: string, message: string): DeliveryOutcome {
  const te = getT(defaultLocale);
  return { kind: "paused", error: `${te("sms:errors.paused", { code })} ${message}`.trim() };
}

const alibabaRefusals: Record<string, Reason> = {
  "isv.MOBILE_NUMBER_ILLEGAL": "badNumber",
  "isv.MOBILE_COUNT_OVER_LIMIT": "badNumber",
  "isv.DOMESTIC_NUMBER_NOT_SUPPORTED": "badNumber",
  "isv.SMS_TEMPLATE_ILLEGAL": "template",
  "isv.TEMPLATE_MISSING_PARAMETERS": "params",
  "isv.TEMPLATE_PARAMS_ILLEGAL": "params",
  "isv.INVALID_JSON_PARAM": "params",
  "isv.PARAM_LENGTH_LIMIT": "params",
  "isv.INVALID_PARAMETERS": "params",
  "isv.SMS_SIGNATURE_ILLEGAL": "signature",
  "isv.SMS_SIGN_ILLEGAL": "signature",
  "isv.SIGN_STATE_ILLEGAL": "signature",
  "isv.SMS_SIGNATURE_SCENE_ILLEGAL": "signature",
  "isv.SMS_CONTENT_ILLEGAL": "content",
  "isv.BLACK_KEY_CONTROL_LIMIT": "blocked",
  "isp.RAM_PERMISSION_DENY": "account",
  "isv.ACCOUNT_NOT_EXISTS": "account",
  "isv.ACCOUNT_ABNORMAL": "account",
  "isv.PRODUCT_UN_SUBSCRIPT": "account",
  "isv.PRODUCT_UNSUBSCRIBE": "account",
  "isv.DENY_IP_RANGE": "account",
  "InvalidAccessKeyId.NotFound": "account",
  SignatureDoesNotMatch: "account",
};

/** Alibaba's codes (the API error code list of dysmsapi 2017-05-25) sorted by what the worker should do. */
export function classifyAlibaba(code: string, message: string, status: number): DeliveryOutcome {
  if (code === "isv.BUSINESS_LIMIT_CONTROL") {
    // Per number: "触发分钟级流控", "触发小时级流控", "触发天级流控".
    const wait = message.includes("分钟")
      ? 60_000
      : message.includes("小时")
        ? 3_600_000
        : untilNextChinaDay();
    return deferred(wait, code, message);
  }
  if (code === "isv.AMOUNT_NOT_ENOUGH" || code === "isv.OUT_OF_SERVICE" || code === "isv.MONTH_LIMIT_CONTROL")
    return paused(code, message);
  if (code === "isv.DAY_LIMIT_CONTROL")
    return { kind: "rateLimited", retryAfterMs: untilNextChinaDay(), error: `${code}: ${message}` };
  if (code.startsWith("Throttling"))
    return { kind: "rateLimited", retryAfterMs: 1_000, error: `${code}: ${message}` };
  const reason = alibabaRefusals[code];
  if (reason) return refused(reason, code, message);
  if (
    status >= 500 ||
    code === "isp.SYSTEM_ERROR" ||
    code === "ServiceUnavailable" ||
    code === "InternalError"
  )
    return { kind: "transient", error: `${status} ${code}: ${message}`, dropped: false };
  return refused("other", code, message);
}

export interface TencentOptions {
  secretId: string;
  secretKey: string;
  appId: string;
  signName: string;
  region: string;
  endpoint?: string;
  timeoutMs?: number;
  recordLagMs?: number;
}

const tencentBody = z.object({
  PhoneNumberSet: z.array(z.string()),
  SmsSdkAppId: z.string(),
  SignName: z.string(),
  TemplateId: z.string(),
  TemplateParamSet: z.array(z.string()),
  SessionContext: z.string(),
});

export function tencentTransport(options: TencentOptions): SmsTransport {
  const { host, protocol } = endpointOf(options.endpoint, "sms.tencentcloudapi.com");
  const timeout = options.timeoutMs ?? providerTimeoutMs;
  const client = new tencentSms.v20210111.Client({
    credential: { secretId: options.secretId, secretKey: options.secretKey },
    region: options.region,
    profile: {
      httpProfile: {
        endpoint: host,
        protocol: `${protocol}://`,
        reqTimeout: Math.max(1, Math.ceil(timeout / 1000)),
      },
    },
  });
  return {
    name: "tencent",
    rateLimited: true,
    encode(texts) {
      const text = only(texts);
      if (!text.templateCode) throw new Error(`no template code for ${text.template}`);
      return {
        endpoint: `tencent:SendSms:${Math.floor(Date.now() / 1000)}`,
        body: JSON.stringify({
          PhoneNumberSet: [text.to],
          SmsSdkAppId: options.appId,
          SignName: options.signName,
          TemplateId: text.templateCode,
          TemplateParamSet: text.paramOrder.map((name) => text.params[name] ?? ""),
          SessionContext: text.outId,
        }),
      };
    },
    size: sizeOne,
    split: () => null,
    async send(request) {
      const body = tencentBody.parse(JSON.parse(request.body));
      try {
        const response = await client.SendSms(body);
        const status = response.SendStatusSet?.[0];
        if (status?.Code === "Ok")
          return { kind: "accepted", results: [{ ok: true, providerId: status.SerialNo ?? null }] };
        return classifyTencent(status?.Code ?? "", status?.Message ?? "");
      } catch (error) {
        const e = error as { code?: string; httpCode?: number; message?: string };
        if (e.code) return classifyTencent(e.code, e.message ?? "");
        if (typeof e.httpCode === "number" && e.httpCode >= 500)
          return { kind: "transient", error: `${e.httpCode}: ${e.message ?? ""}`, dropped: false };
        if (typeof e.httpCode === "number") return refused("other", String(e.httpCode), e.message ?? "");
        return {
          kind: "transient",
          error: `network: ${e.message ?? String(error)}`.slice(0, 500),
          dropped: true,
        };
      }
    },
    async confirm(request): Promise<Confirmation> {
      const body = tencentBody.parse(JSON.parse(request.body));
      const at = frozenAt(request);
      const response = await client.PullSmsSendStatusByPhoneNumber({
        BeginTime: Math.floor(at / 1000) - 60,
        EndTime: Math.ceil(Date.now() / 1000) + 60,
        Offset: 0,
        Limit: 100,
        PhoneNumber: body.PhoneNumberSet[0] ?? "",
        SmsSdkAppId: body.SmsSdkAppId,
      });
      const record = (response.PullSmsSendStatusSet ?? []).find(
        (s) => s.SessionContext === body.SessionContext,
      );
      if (record) return { sent: true, providerIds: [record.SerialNo ?? null] };
      // Tencent's record holds delivery receipts, which lag the answer by up to minutes.
      return Date.now() - at > (options.recordLagMs ?? 10 * 60_000) ? { sent: false } : null;
    },
  };
}

const tencentRefusals: Record<string, Reason> = {
  "InvalidParameterValue.IncorrectPhoneNumber": "badNumber",
  "FailedOperation.PhoneNumberParseFail": "badNumber",
  "UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber": "badNumber",
  "UnsupportedOperation.UnsupportedRegion": "badNumber",
  "FailedOperation.TemplateIncorrectOrUnapproved": "template",
  "FailedOperation.MissingTemplateToModify": "template",
  "InvalidParameterValue.TemplateParameterFormatError": "params",
  "InvalidParameterValue.TemplateParameterLengthLimit": "params",
  "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter": "params",
  "FailedOperation.SignatureIncorrectOrUnapproved": "signature",
  "FailedOperation.ContainSensitiveWord": "content",
  "InvalidParameterValue.ContentLengthLimit": "content",
  "FailedOperation.PhoneNumberInBlacklist": "blocked",
  "UnauthorizedOperation.SmsSdkAppIdVerifyFail": "account",
  "UnauthorizedOperation.RequestPermissionDeny": "account",
  "UnauthorizedOperation.RequestIpNotInWhitelist": "account",
  "InvalidParameterValue.SdkAppIdNotExist": "account",
  "AuthFailure.SignatureFailure": "account",
  "AuthFailure.SecretIdNotFound": "account",
};

const tencentPerNumberWaits: Record<string, number | "day"> = {
  "LimitExceeded.PhoneNumberThirtySecondLimit": 30_000,
  "LimitExceeded.PhoneNumberOneHourLimit": 3_600_000,
  "LimitExceeded.PhoneNumberDailyLimit": "day",
  "LimitExceeded.PhoneNumberSameContentDailyLimit": "day",
  "LimitExceeded.DeliveryFrequencyLimit": 60_000,
};

/** Tencent's codes (SMS API 3.0 error codes), in an error answer or a number's SendStatus, sorted likewise. */
export function classifyTencent(code: string, message: string): DeliveryOutcome {
  const wait = tencentPerNumberWaits[code];
  if (wait !== undefined) return deferred(wait === "day" ? untilNextChinaDay() : wait, code, message);
  if (
    code === "FailedOperation.InsufficientBalanceInSmsPackage" ||
    code === "FailedOperation.ServiceSuspendDueToArrears"
  )
    return paused(code, message);
  if (code.startsWith("LimitExceeded.App"))
    return { kind: "rateLimited", retryAfterMs: untilNextChinaDay(), error: `${code}: ${message}` };
  if (code.startsWith("RequestLimitExceeded"))
    return { kind: "rateLimited", retryAfterMs: 1_000, error: `${code}: ${message}` };
  const reason = tencentRefusals[code];
  if (reason) return refused(reason, code, message);
  if (code.startsWith("InternalError"))
    return { kind: "transient", error: `${code}: ${message}`, dropped: false };
  if (code.startsWith("AuthFailure") || code.startsWith("UnauthorizedOperation"))
    return refused("account", code, message);
  return refused("other", code, message);
}
