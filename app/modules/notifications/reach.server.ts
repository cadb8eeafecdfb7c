// A message to one account whatever it can receive (decision 027): by email to its address, or — for an account
// made with a phone number only — the same words in its /messages, where the person reads them after signing in
// with the phone. Never nothing: a transactional notice is not dropped because there is no address.
import type { Queryable } from "#db/client.server";
import { sendInApp } from "./inapp.server";
import { enqueueEmail, type EmailRequest } from "./outbox.server";

export interface PersonalNotice extends Omit<EmailRequest, "to"> {
  userId: number;
  /** The account's address; null for a phone-only account. */
  email: string | null;
}

/** Enqueues the email, or writes the in-app message when the account has no address. */
export async function notifyAccount(tx: Queryable, notice: PersonalNotice): Promise<boolean> {
  const { userId, email, ...rest } = notice;
  if (email) return enqueueEmail(tx, { ...rest, to: email });
  return sendInApp(tx, {
    userId,
    key: rest.key,
    template: rest.template,
    data: rest.data,
    locale: rest.locale,
  });
}
