// Every action the audit log records, by domain: the audit view offers them as a filter and shows each by its
// translated label (`audit:action.<code with _ for .>`). A new `audit()` call adds its code here;
// actions.test.ts fails on a code written in app/modules that is missing.
export const auditActions = {
  household: [
    "household.viewed",
    "household.listed",
    "household.viewRefused",
    "household.updated",
    "household.verified",
    "household.imported",
    "household.correctionRequested",
    "household.correctionHandled",
    "household.ledgerPrinted",
    "household.ledgerExported",
  ],
  roster: [
    "pairing.created",
    "pairing.ended",
    "pairing.reassigned",
    "pairing.needsReassignment",
    "roster.imported",
    "roster.profileUpdated",
    "roster.volunteerReleased",
    "agreement.read",
    "agreement.signed",
    "agreement.goalAdded",
    "agreement.goalStatus",
    "agreement.progressNoted",
    "agreement.confirmedByResident",
  ],
  visits: [
    "visit.schedule",
    "visit.reschedule",
    "visit.cancel",
    "visit.record",
    "visit.read",
    "visit.escalate",
    "visit.digest",
    "visit.schedule.denied",
    "visit.reschedule.denied",
    "visit.cancel.denied",
    "visit.record.denied",
    "visit.read.denied",
  ],
  help: ["help.create", "help.read", "help.status", "help.note", "help.rate", "help.escalate"],
  courses: [
    "course.create",
    "course.update",
    "course.publish",
    "course.close",
    "course.cancel",
    "course.finish",
    "course.enrolled",
    "course.waitlisted",
    "course.promoted",
    "course.cancelEnrollment",
    "course.attendance",
    "course.checkin",
    "course.roster.read",
  ],
  announcements: [
    "announcement.create",
    "announcement.update",
    "announcement.schedule",
    "announcement.publish",
  ],
  accounts: [
    "auth.register",
    "auth.register.existing",
    "auth.email_verified",
    "auth.sign_in",
    "auth.sign_in_failed",
    "auth.sign_out",
    "auth.sign_out_everywhere",
    "auth.session_revoked",
    "auth.password_changed",
    "auth.password_reset_requested",
    "auth.password_reset",
    "account.profile_updated",
    "people.invited",
    "people.invitation_accepted",
    "people.assignment_changed",
    "people.disabled",
    "people.enabled",
    "people.admin_created",
    "calendar.feed.create",
    "calendar.feed.regenerate",
    "calendar.feed.revoke",
  ],
  material: [
    "material.cardsIssued",
    "material.cardReissued",
    "material.grantProposed",
    "material.grantApproved",
    "material.grantRejected",
    "material.itemCreated",
    "material.itemUpdated",
    "material.settings.update",
    "duty.granted",
    "duty.withdrawn",
    "material.donation_cash",
    "material.donation_goods",
    "material.operating_income",
    "material.card_credit",
    "material.card_sale",
    "material.public_sale",
    "material.grant",
    "material.stock_purchase",
    "material.stocktake",
    "material.card_reissue",
    "material.reversal",
  ],
  system: [
    "email.preferences",
    "email.retry",
    "email.retry_bulk",
    "email.cancel",
    "mailbox.read",
    "mailbox.read_html",
    "settings.update",
    "maintenance.sweep",
    "audit.exported",
  ],
} as const;

export type AuditActionGroup = keyof typeof auditActions;
export type AuditAction = (typeof auditActions)[AuditActionGroup][number];

export const allAuditActions: readonly string[] = Object.values(auditActions).flat();

export function isAuditAction(code: string): code is AuditAction {
  return allAuditActions.includes(code);
}

/** The i18n key of an action's label: i18next reads dots as nesting, and codes nest into each other. */
export function actionLabelKey(code: string): `action.${string}` {
  return `action.${code.replaceAll(".", "_")}`;
}
