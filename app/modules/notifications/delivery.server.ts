// Builds the process's email worker from configuration: Resend when RESEND_API_KEY is set, else the local
// mailbox; sender address, reply-to and community name from the settings row.
import { appOrigin, env } from "#app/config.server";
import { getSettings } from "#app/modules/settings/settings.server";
import type { Database } from "#db/client.server";
import { mailboxTransport, resendTransport, type EmailTransport } from "./transport.server";
import { EmailWorker, type EmailWorkerOptions } from "./worker.server";

export function transportFromEnv(database: Database): EmailTransport {
  const config = env();
  return config.RESEND_API_KEY
    ? resendTransport(config.RESEND_API_KEY, config.RESEND_BASE_URL)
    : mailboxTransport(database);
}

export function createEmailWorker(
  database: Database,
  overrides: Partial<EmailWorkerOptions> = {},
): EmailWorker {
  const config = env();
  return new EmailWorker({
    database,
    transport: transportFromEnv(database),
    ratePerSecond: config.EMAIL_RATE_PER_SECOND,
    maxAttempts: config.EMAIL_MAX_ATTEMPTS,
    sender: async () => {
      const settings = await getSettings(database.db);
      return {
        from: settings.emailFrom,
        replyTo: settings.emailReplyTo,
        communityName: settings.communityName,
        origin: appOrigin(),
      };
    },
    ...overrides,
  });
}

/** Whether mail goes to the in-app mailbox (no provider configured). */
export function usesLocalMailbox(): boolean {
  return !env().RESEND_API_KEY;
}
