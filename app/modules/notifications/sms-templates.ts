// Every text message (短信) by name: its kind (which decides whether the person may turn it off and whether it
// may go in quiet hours), its variables in the order the provider's template numbers them, and which of them
// only the recipient may read. The words are in the `sms` namespace, zh-CN and en; each provider holds an
// approved template with the same variables, named by SMS_TEMPLATES (decision 025).
import { z } from "zod";

export const smsKinds = ["transactional", "reminders", "courses", "help", "lovecard"] as const;
export type SmsKind = (typeof smsKinds)[number];

/** Kinds a reply of "TD" or the short link does not stop: codes and invitations, and help with a person's request. */
export const essentialSmsKinds: readonly SmsKind[] = ["transactional", "help"];

export interface SmsTemplate {
  kind: SmsKind;
  /** Variable names, in the order of Tencent's {1}, {2}… (Alibaba takes them by name). */
  params: readonly string[];
  /** Variables only the recipient may read: staff see them masked (decision 015). */
  secrets: readonly string[];
}

export const smsTemplates = {
  code: { kind: "transactional", params: ["code", "minutes"], secrets: ["code"] },
  invitation: { kind: "transactional", params: ["inviter", "link"], secrets: ["link"] },
  visitHousehold: { kind: "reminders", params: ["volunteer", "time"], secrets: [] },
  visitVolunteer: { kind: "reminders", params: ["household", "time"], secrets: [] },
  courseReminder: { kind: "courses", params: ["course", "time"], secrets: [] },
  coursePromoted: { kind: "courses", params: ["course"], secrets: [] },
  helpUpdate: { kind: "help", params: ["status"], secrets: [] },
  loveCardCredit: { kind: "lovecard", params: ["month", "amount"], secrets: [] },
  channelPaused: { kind: "transactional", params: ["reason"], secrets: [] },
} as const satisfies Record<string, SmsTemplate>;

export type SmsTemplateName = keyof typeof smsTemplates;
export const smsTemplateNames = Object.keys(smsTemplates) as SmsTemplateName[];

export function getSmsTemplate(name: string): SmsTemplate | null {
  return name in smsTemplates ? smsTemplates[name as SmsTemplateName] : null;
}

/**
 * A link variable (`link`) is never cut: a cut link opens nothing. The provider's template declares it as a link
 * variable (decision 027).
 */
export const smsLinkValue = z.string().url();

/** Values a template's variables take: text or numbers, cut to 35 characters (Alibaba's limit per variable). */
export const smsParamValue = z
  .union([z.string(), z.number()])
  .transform(String)
  .transform((value) => (value.length > 35 ? `${value.slice(0, 34)}…` : value));
