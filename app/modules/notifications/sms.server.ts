// Text messages (短信) in the outbox (decision 025): a text is an outbox row with channel `sms`, written in the
// transaction of the change that causes it, delivered by the SMS worker with the email's lease, frozen requests
// and states. The composer turns claimed rows into texts and decides what must wait: quiet hours (by default
// 21:00–08:00 community time, except urgent help and codes the person just asked for), the daily
// number of texts per
// number, the monthly cap (urgent texts pass), and opt-outs (non-essential kinds). Quiet hours are a setting.
import { and, count, eq, gte, inArray, isNotNull, or, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { schema, type Database, type Queryable } from "#db/client.server";
import { getSettings } from "#app/modules/settings/settings.server";
import { getT, type Locale } from "#app/modules/i18n/i18n";
import { defaultLocale } from "#app/modules/i18n/i18n";
import { normalizePhone } from "./phone";
import { clockTime } from "#app/modules/settings/form";
import { appOrigin } from "#app/config.server";
import { smsOptOutLink, smsOptOutToken } from "./sms-optout.server";
import { secretMask } from "./secrets.server";
import {
  essentialSmsKinds,
  getSmsTemplate,
  smsLinkValue,
  smsParamValue,
  type SmsTemplateName,
} from "./sms-templates";
import type { OutgoingSms, SmsTransport } from "./sms-transport.server";
import type { Composed, Composer, OutboxRow } from "./worker.server";

export interface SmsRequest {
  /** Unique per cause, as for email (`visit:42:reminder:sms:household:7`). */
  key: string;
  /** A phone number in any form normalizePhone takes. */
  to: string;
  template: SmsTemplateName;
  data: Record<string, string | number>;
  locale: Locale;
  /** The account whose /messages get the text; looked up by the number when absent. */
  userId?: number | null;
  compoundId?: number | null;
  /** Urgent help: goes in quiet hours and past the monthly cap. */
  urgent?: boolean;
  sendAfter?: Date;
}

/**
 * Writes the text into the outbox within `tx`, or puts a cancelled row of the same key back in the queue with
 * the new content (a visit moved away and back keeps its text; one sent is never sent again). False when the
 * number is not valid or a row with this key is queued, sending or sent.
 */
export async function enqueueSms(tx: Queryable, text: SmsRequest): Promise<boolean> {
  const to = normalizePhone(text.to);
  if (!to) return false;
  const owner =
    text.userId ??
    sql<
      number | null
    >`(SELECT ${schema.users.id} FROM ${schema.users} WHERE ${schema.users.phone} = ${to} ORDER BY ${schema.users.id} LIMIT 1)`;
  const rows = await tx
    .insert(schema.emailOutbox)
    .values({
      key: text.key,
      channel: "sms",
      to,
      userId: owner,
      template: text.template,
      data: text.data,
      locale: text.locale,
      compoundId: text.compoundId ?? null,
      urgent: text.urgent ?? false,
      nextAttemptAt: text.sendAfter ?? new Date(),
    })
    .onConflictDoNothing({ target: schema.emailOutbox.key })
    .returning({ id: schema.emailOutbox.id });
  if (rows.length > 0) return true;
  const requeued = await tx
    .update(schema.emailOutbox)
    .set({
      status: "queued",
      to,
      data: text.data,
      locale: text.locale,
      attempts: 0,
      lastError: null,
      nextAttemptAt: text.sendAfter ?? new Date(),
      requestKey: null,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(schema.emailOutbox.key, text.key),
        eq(schema.emailOutbox.channel, "sms"),
        eq(schema.emailOutbox.status, "cancelled"),
      ),
    )
    .returning({ id: schema.emailOutbox.id });
  return requeued.length > 0;
}

/** Quiet hours in minutes after midnight, community time (`settings.sms_quiet_start/end`); may cross midnight. */
export interface QuietHours {
  start: number;
  end: number;
}

export const defaultQuietHours: QuietHours = { start: 21 * 60, end: 8 * 60 };

/** When a text due at `now` may go: null for now, or the end of quiet hours in the community's zone. */
export function afterQuietHours(
  now: number,
  zone: string,
  quiet: QuietHours = defaultQuietHours,
): number | null {
  if (quiet.start === quiet.end) return null;
  const local = DateTime.fromMillis(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const crossesMidnight = quiet.start > quiet.end;
  const inside = crossesMidnight
    ? minute >= quiet.start || minute < quiet.end
    : minute >= quiet.start && minute < quiet.end;
  if (!inside) return null;
  const end = atMinute(local.startOf("day"), quiet.end);
  return (
    crossesMidnight && minute >= quiet.start
      ? atMinute(local.startOf("day").plus({ days: 1 }), quiet.end)
      : end
  ).toMillis();
}

function atMinute(day: DateTime, minute: number): DateTime {
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}

/** Start of the community's day and month holding `now`; the next morning is when quiet hours end. */
function periods(now: number, zone: string, quiet: QuietHours) {
  const local = DateTime.fromMillis(now, { zone });
  return {
    day: local.startOf("day").toJSDate(),
    month: local.startOf("month").toJSDate(),
    tomorrowMorning: atMinute(local.startOf("day").plus({ days: 1 }), quiet.end).toMillis(),
    nextMonth: local.startOf("month").plus({ months: 1 }).toMillis(),
  };
}

const t = schema.emailOutbox;

/** Texts that count against a limit since `from`: sent, or frozen into a request that may go or went. */
function counted(from: Date) {
  return and(
    eq(t.channel, "sms"),
    or(
      and(eq(t.status, "sent"), gte(t.sentAt, from)),
      and(
        isNotNull(t.requestKey),
        inArray(t.status, ["queued", "sending", "unconfirmed"]),
        gte(t.updatedAt, from),
      ),
    ),
  );
}

async function textsToday(db: Queryable, numbers: string[], day: Date): Promise<Map<string, number>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .select({ to: t.to, n: count() })
    .from(t)
    .where(and(inArray(t.to, numbers), counted(day)))
    .groupBy(t.to);
  return new Map(rows.map((r) => [r.to, r.n]));
}

export async function textsThisMonth(db: Queryable, month: Date): Promise<number> {
  const [row] = await db.select({ n: count() }).from(t).where(counted(month));
  return row?.n ?? 0;
}

export async function optedOutNumbers(db: Queryable, numbers: string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const rows = await db
    .select({ phone: schema.smsOptOuts.phone })
    .from(schema.smsOptOuts)
    .where(inArray(schema.smsOptOuts.phone, numbers));
  return new Set(rows.map((r) => r.phone));
}

export interface SmsComposerOptions {
  signName: string;
  /** Provider template codes by `name` or `name:locale` (SMS_TEMPLATES); not needed by the local box. */
  templateCodes: Record<string, string> | null;
  /** Where the short opt-out link points (APP_ORIGIN by default). */
  origin?: string;
}

/**
 * Rows to texts. Checks, in order: number, template and data (else the row fails), opt-out (cancelled), quiet
 * hours, the daily limit per number and the monthly cap (held, without using an attempt, until they lift).
 */
export function smsComposer(database: Database, options: SmsComposerOptions): Composer<OutgoingSms> {
  return {
    async compose(rows, _transport: SmsTransport, now) {
      const db = database.db;
      const settings = await getSettings(db);
      const zone = settings.timeZone;
      const te = getT(defaultLocale);
      const quiet = { start: settings.smsQuietStart, end: settings.smsQuietEnd };
      const when = periods(now, zone, quiet);
      const numbers = [...new Set(rows.map((r) => r.to))];
      const [today, monthly, optedOut] = await Promise.all([
        textsToday(db, numbers, when.day),
        settings.smsMonthlyCap > 0 ? textsThisMonth(db, when.month) : Promise.resolve(0),
        optedOutNumbers(db, numbers),
      ]);
      let month = monthly;
      const composed: Composed<OutgoingSms> = { groups: [], failed: [], cancelled: [], held: [] };
      const ready: { row: OutboxRow; message: OutgoingSms }[] = [];
      const quietUntil = afterQuietHours(now, zone, quiet);
      const optOutTokens = await tokensFor(rows.filter((r) => !isEssential(r.template)).map((r) => r.to));
      const at = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-LL-dd HH:mm");
      for (const row of rows) {
        const template = getSmsTemplate(row.template);
        if (normalizePhone(row.to) !== row.to) {
          composed.failed.push({ row, error: te("sms:errors.badNumber", { to: row.to }) });
          continue;
        }
        if (!template) {
          composed.failed.push({ row, error: te("sms:errors.unknownTemplate", { template: row.template }) });
          continue;
        }
        const rendered = renderSms(row, options, optOutTokens.get(row.to));
        if (!rendered.ok) {
          composed.failed.push({ row, error: rendered.error });
          continue;
        }
        const essential = essentialSmsKinds.includes(template.kind);
        if (!essential && optedOut.has(row.to)) {
          composed.cancelled.push({ row, reason: te("sms:errors.optedOut") });
          continue;
        }
        const asked = template.kind === "transactional";
        if (quietUntil !== null && !row.urgent && !asked) {
          composed.held.push({
            row,
            until: quietUntil,
            reason: te("sms:held.quietHours", {
              at: at(quietUntil),
              from: clockTime(quiet.start),
              until: clockTime(quiet.end),
            }),
          });
          continue;
        }
        const sentToday = today.get(row.to) ?? 0;
        if (!row.urgent && sentToday >= settings.smsDailyPerNumber) {
          const until = when.tomorrowMorning;
          const reason = te("sms:held.dailyCap", {
            count: sentToday,
            cap: settings.smsDailyPerNumber,
            at: at(until),
          });
          composed.held.push({ row, until, reason });
          continue;
        }
        if (!row.urgent && settings.smsMonthlyCap > 0 && month >= settings.smsMonthlyCap) {
          // Looked at again within the hour, so that a higher cap set meanwhile takes effect.
          const until = Math.min(when.nextMonth, now + 3_600_000);
          composed.held.push({
            row,
            until,
            reason: te("sms:held.monthlyCap", { cap: settings.smsMonthlyCap }),
          });
          continue;
        }
        today.set(row.to, sentToday + 1);
        month += 1;
        ready.push({ row, message: rendered.text });
      }
      const perRequest = _transport.name === "smsbox" ? 100 : 1;
      for (let i = 0; i < ready.length; i += perRequest) composed.groups.push(ready.slice(i, i + perRequest));
      return composed;
    },
  };
}

function isEssential(template: string): boolean {
  const kind = getSmsTemplate(template)?.kind;
  return kind === undefined || essentialSmsKinds.includes(kind);
}

/** Opt-out tokens for the numbers of non-essential texts (a bad number gets none: its row fails anyway). */
async function tokensFor(numbers: string[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const number of new Set(numbers))
    if (normalizePhone(number) === number) tokens.set(number, await smsOptOutToken(number));
  return tokens;
}

/**
 * A row's text, whole and masked, in its locale, with its provider template code when one is configured. A
 * non-essential text ends with the opt-out line: its token is the last variable (`optout`), since a provider's
 * approved template holds the fixed part of the link (decision 028).
 */
export function renderSms(
  row: Pick<OutboxRow, "id" | "key" | "to" | "userId" | "template" | "data" | "locale">,
  options: SmsComposerOptions,
  optOutToken?: string,
): { ok: true; text: OutgoingSms } | { ok: false; error: string } {
  const te = getT(defaultLocale);
  const template = getSmsTemplate(row.template);
  if (!template) return { ok: false, error: te("sms:errors.unknownTemplate", { template: row.template }) };
  const params: Record<string, string> = {};
  for (const name of template.params) {
    const value = (name === "link" ? smsLinkValue : smsParamValue).safeParse(row.data[name]);
    if (!value.success)
      return { ok: false, error: te("sms:errors.badData", { template: row.template, detail: name }) };
    params[name] = value.data;
  }
  let templateCode: string | null = null;
  if (options.templateCodes) {
    templateCode =
      options.templateCodes[`${row.template}:${row.locale}`] ??
      (row.locale === defaultLocale ? options.templateCodes[row.template] : undefined) ??
      null;
    if (!templateCode)
      return {
        ok: false,
        error: te("sms:errors.noTemplateCode", { template: row.template, locale: row.locale }),
      };
  }
  // Keys chosen at run time by template name: the typed translator cannot check them, the key parity test does.
  const tr = getT(row.locale) as unknown as (key: string, values?: Record<string, string>) => string;
  const masked = { ...params };
  for (const name of template.secrets) if (name in masked) masked[name] = secretMask;
  const key = `sms:templates.${row.template}`;
  const sign = `【${options.signName}】`;
  const withOptOut = optOutToken !== undefined && !essentialSmsKinds.includes(template.kind);
  const optOutLine = withOptOut
    ? tr("sms:optOutLine", { link: smsOptOutLink(options.origin ?? appOrigin(), optOutToken) })
    : "";
  if (withOptOut) params.optout = optOutToken;
  return {
    ok: true,
    text: {
      key: row.key,
      outId: `lx${row.id}`,
      to: row.to,
      recipientId: row.userId,
      template: row.template,
      templateCode,
      params,
      paramOrder: withOptOut ? [...template.params, "optout"] : template.params,
      title: tr(`sms:titles.${row.template}`),
      text: sign + tr(key, params) + optOutLine,
      masked: sign + tr(key, masked) + optOutLine,
    },
  };
}
