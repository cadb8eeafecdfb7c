// Every email template by name. Adding a template is one file in emails/ and one line here; the name is what
// callers pass to enqueueEmail, and TemplateData<N> is the data that template takes.
import type { z } from "zod";
import announcementsNew from "./announcements-new";
import authAlreadyRegistered from "./auth-already-registered";
import authInvitation from "./auth-invitation";
import authPasswordReset from "./auth-password-reset";
import authVerifyEmail from "./auth-verify-email";
import {
  coursesCancelled,
  coursesChanged,
  coursesEnrolled,
  coursesPromoted,
  coursesReminder,
  coursesWaitlisted,
} from "./courses";
import helpAssigned from "./help-assigned";
import helpEscalated from "./help-escalated";
import helpNew from "./help-new";
import helpStatus from "./help-status";
import helpUrgent from "./help-urgent";
import householdsClaim from "./households-claim";
import { materialCredited, materialGrantDecided, materialGrantToDecide, materialThankYou } from "./material";
import { programmesStepOverdue } from "./programmes";
import { serviceStarReached } from "./service";
import smsPaused from "./sms-paused";
import type { EmailTemplate } from "./template";
import {
  visitsCancelled,
  visitsDigest,
  visitsInvitation,
  visitsReminder,
  visitsUnrecorded,
  visitsUnrecordedSupervisor,
  visitsUpdated,
} from "./visits";

export const emailTemplates = {
  "auth.verifyEmail": authVerifyEmail,
  "auth.passwordReset": authPasswordReset,
  "auth.invitation": authInvitation,
  "auth.alreadyRegistered": authAlreadyRegistered,
  "announcements.new": announcementsNew,
  "courses.enrolled": coursesEnrolled,
  "courses.waitlisted": coursesWaitlisted,
  "courses.promoted": coursesPromoted,
  "courses.reminder": coursesReminder,
  "courses.changed": coursesChanged,
  "courses.cancelled": coursesCancelled,
  "help.new": helpNew,
  "help.urgent": helpUrgent,
  "help.assigned": helpAssigned,
  "help.escalated": helpEscalated,
  "help.status": helpStatus,
  "households.claimDecided": householdsClaim,
  "visits.invitation": visitsInvitation,
  "visits.updated": visitsUpdated,
  "visits.cancelled": visitsCancelled,
  "visits.reminder": visitsReminder,
  "visits.unrecorded": visitsUnrecorded,
  "visits.unrecordedSupervisor": visitsUnrecordedSupervisor,
  "visits.digest": visitsDigest,
  "material.credited": materialCredited,
  "material.thankYou": materialThankYou,
  "material.grantToDecide": materialGrantToDecide,
  "material.grantDecided": materialGrantDecided,
  "sms.paused": smsPaused,
  "service.starReached": serviceStarReached,
  "programmes.stepOverdue": programmesStepOverdue,
} satisfies Record<string, EmailTemplate>;

export type TemplateName = keyof typeof emailTemplates;
export type TemplateData<N extends TemplateName> = z.input<(typeof emailTemplates)[N]["schema"]>;

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(emailTemplates, name);
}

export function getTemplate(name: string): EmailTemplate | undefined {
  return isTemplateName(name) ? emailTemplates[name] : undefined;
}
