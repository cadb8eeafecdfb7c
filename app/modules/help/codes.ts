// The vocabulary of help requests, shared by the schema, the pages and the rules: kinds, statuses, channels,
// escalation levels and the acknowledgement windows that drive escalation.
export const helpKinds = ["urgent", "medical", "employment", "schooling", "daily", "other"] as const;
export type HelpKind = (typeof helpKinds)[number];

export const helpStatuses = ["new", "acknowledged", "in_progress", "resolved"] as const;
export type HelpStatus = (typeof helpStatuses)[number];
export const openStatuses = ["new", "acknowledged", "in_progress"] as const satisfies readonly HelpStatus[];

/**
 * How the request reached us: asked in the app, taken down by staff on the hotline, or filed without an
 * account from the QR code on the household's connection card.
 */
export const helpChannels = ["app", "phone", "card"] as const;
export type HelpChannel = (typeof helpChannels)[number];

/** How the resident wants to be answered. */
export const contactMethods = ["phone", "app"] as const;
export type ContactMethod = (typeof contactMethods)[number];

/** Who holds an unacknowledged request: the helper, then the helper's supervisor, then the organizers. */
export const escalationLevels = { helper: 0, supervisor: 1, organizers: 2 } as const;
export type EscalationLevel = (typeof escalationLevels)[keyof typeof escalationLevels];

export const helpEventTypes = [
  "created",
  "acknowledged",
  "in_progress",
  "resolved",
  "note",
  "escalated",
  "rated",
  "reassigned",
] as const;

/** How soon the resident needs an answer; drives who is told and how fast it escalates. */
export const helpUrgencies = ["urgent", "soon", "normal"] as const;
export type HelpUrgency = (typeof helpUrgencies)[number];
export type HelpEventType = (typeof helpEventTypes)[number];

const hour = 3_600_000;
/**
 * How long a request may wait unacknowledged at each level before it goes one level up, by urgency. Urgent
 * ones also reach the compound's organizers at once (`alertsOrganizersAtOnce`).
 */
export const acknowledgeWindows: Record<HelpUrgency, number> = {
  urgent: 2 * hour,
  soon: 8 * hour,
  normal: 24 * hour,
};

export function acknowledgeWindowMs(urgency: HelpUrgency): number {
  return acknowledgeWindows[urgency];
}

/** Whether the organizers hear of a request when it is made, not only when it escalates to them. */
export function alertsOrganizersAtOnce(urgency: HelpUrgency): boolean {
  return urgency === "urgent";
}

/** The urgency a request is handled with: an emergency (the `urgent` kind) is urgent whatever was chosen. */
export function effectiveUrgency(kind: HelpKind, chosen: HelpUrgency): HelpUrgency {
  return kind === "urgent" ? "urgent" : chosen;
}

/** List filter on a request's age. */
export const ageFilters = ["day", "week", "month", "older"] as const;
export type AgeFilter = (typeof ageFilters)[number];
