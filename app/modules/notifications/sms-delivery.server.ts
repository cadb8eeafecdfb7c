// Builds the process's SMS worker from configuration (SMS_PROVIDER: the local SMS box, Alibaba Cloud or Tencent
// Cloud), and the channel's pause: when the provider says the balance ran out, no text leaves until an admin
// resumes, and every admin is told in the app and by email in the transaction that pauses (decision 025).
import { eq, isNull } from "drizzle-orm";
import { appOrigin, env } from "#app/config.server";
import { getDatabase, schema, type Database, type Tx } from "#db/client.server";
import { audit } from "#app/modules/audit/audit.server";
import { getT } from "#app/modules/i18n/i18n";
import { enqueueEmail } from "./outbox.server";
import { smsComposer } from "./sms.server";
import {
  alibabaTransport,
  smsBoxTransport,
  tencentTransport,
  type SmsTransport,
} from "./sms-transport.server";
import { OutboxWorker, type OutboxWorkerOptions } from "./worker.server";
import type { OutgoingSms } from "./sms-transport.server";

export function smsTransportFromEnv(database: Database): SmsTransport {
  const config = env();
  if (
    config.SMS_PROVIDER === "alibaba" &&
    config.ALIBABA_SMS_ACCESS_KEY_ID &&
    config.ALIBABA_SMS_ACCESS_KEY_SECRET
  )
    return alibabaTransport({
      accessKeyId: config.ALIBABA_SMS_ACCESS_KEY_ID,
      accessKeySecret: config.ALIBABA_SMS_ACCESS_KEY_SECRET,
      signName: config.SMS_SIGN_NAME,
      endpoint: config.ALIBABA_SMS_ENDPOINT,
    });
  if (
    config.SMS_PROVIDER === "tencent" &&
    config.TENCENT_SMS_SECRET_ID &&
    config.TENCENT_SMS_SECRET_KEY &&
    config.TENCENT_SMS_APP_ID
  )
    return tencentTransport({
      secretId: config.TENCENT_SMS_SECRET_ID,
      secretKey: config.TENCENT_SMS_SECRET_KEY,
      appId: config.TENCENT_SMS_APP_ID,
      region: config.TENCENT_SMS_REGION,
      signName: config.SMS_SIGN_NAME,
      endpoint: config.TENCENT_SMS_ENDPOINT,
    });
  return smsBoxTransport(database);
}

/** Where texts go: the local SMS box, or the provider named by SMS_PROVIDER. */
export function smsTransportName(): "smsbox" | "alibaba" | "tencent" {
  const provider = env().SMS_PROVIDER;
  return provider === "local" ? "smsbox" : provider;
}

export function createSmsWorker(
  database: Database,
  overrides: Partial<OutboxWorkerOptions<OutgoingSms>> = {},
): OutboxWorker<OutgoingSms> {
  const config = env();
  const transport = overrides.transport ?? smsTransportFromEnv(database);
  return new OutboxWorker<OutgoingSms>({
    database,
    channel: "sms",
    transport,
    composer: smsComposer(database, {
      signName: config.SMS_SIGN_NAME,
      templateCodes: transport.name === "smsbox" ? null : (config.SMS_TEMPLATES ?? {}),
    }),
    ratePerSecond: config.SMS_RATE_PER_SECOND,
    maxAttempts: config.SMS_MAX_ATTEMPTS,
    batchSize: transport.name === "smsbox" ? 100 : 20,
    paused: smsPaused,
    onPause: pauseSms,
    ...overrides,
  });
}

export async function smsPaused(tx: Tx): Promise<boolean> {
  const [row] = await tx
    .select({ pausedAt: schema.settings.smsPausedAt })
    .from(schema.settings)
    .where(eq(schema.settings.id, 1));
  return Boolean(row?.pausedAt);
}

/**
 * Pauses the channel (once: a second refusal while paused changes nothing) and tells every admin, in the app
 * and by email, within the transaction that puts the refused text back in the queue.
 */
export async function pauseSms(tx: Tx, reason: string, at: Date): Promise<void> {
  const paused = await tx
    .update(schema.settings)
    .set({ smsPausedAt: at, smsPausedReason: reason.slice(0, 500) })
    .where(isNull(schema.settings.smsPausedAt))
    .returning({ id: schema.settings.id });
  if (paused.length === 0) return;
  await audit(tx, {
    actorId: null,
    action: "sms.paused",
    targetType: "settings",
    targetId: 1,
    details: { reason },
  });
  const admins = await tx
    .select({
      id: schema.users.id,
      email: schema.users.email,
      name: schema.users.name,
      locale: schema.users.locale,
    })
    .from(schema.users)
    .where(eq(schema.users.role, "admin"));
  const url = `${appOrigin()}/admin/sms`;
  for (const admin of admins) {
    if (admin.email === null || admin.email === undefined) continue;
    const t = getT(admin.locale);
    const key = `sms:paused:${at.getTime()}:${admin.id}`;
    await tx
      .insert(schema.messages)
      .values({
        userId: admin.id,
        sourceKey: `inapp:${key}`,
        channel: "inapp",
        subject: t("sms:inapp.pausedSubject"),
        text: t("sms:inapp.pausedText", { reason, url }),
      })
      .onConflictDoNothing({ target: schema.messages.sourceKey });
    await enqueueEmail(tx, {
      key,
      to: admin.email,
      template: "sms.paused",
      data: { name: admin.name, reason, url },
      locale: admin.locale,
    });
  }
}

/** An admin resumes the channel after topping up: held texts go at once. */
export async function resumeSms(actorId: number): Promise<boolean> {
  return getDatabase().write(async (tx) => {
    const rows = await tx
      .update(schema.settings)
      .set({ smsPausedAt: null, smsPausedReason: null })
      .where(eq(schema.settings.id, 1))
      .returning({ id: schema.settings.id });
    await audit(tx, { actorId, action: "sms.resumed", targetType: "settings", targetId: 1 });
    return rows.length > 0;
  });
}
