// Every email template by name. Adding a template is one file in emails/ and one line here; the name is what
// callers pass to enqueueEmail, and TemplateData<N> is the data that template takes.
import type { z } from "zod";
import announcementsNew from "./announcements-new";
import authInvitation from "./auth-invitation";
import authPasswordReset from "./auth-password-reset";
import authVerifyEmail from "./auth-verify-email";
import type { EmailTemplate } from "./template";

export const emailTemplates = {
  "auth.verifyEmail": authVerifyEmail,
  "auth.passwordReset": authPasswordReset,
  "auth.invitation": authInvitation,
  "announcements.new": announcementsNew,
} satisfies Record<string, EmailTemplate>;

export type TemplateName = keyof typeof emailTemplates;
export type TemplateData<N extends TemplateName> = z.input<(typeof emailTemplates)[N]["schema"]>;

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(emailTemplates, name);
}

export function getTemplate(name: string): EmailTemplate | undefined {
  return isTemplateName(name) ? emailTemplates[name] : undefined;
}
