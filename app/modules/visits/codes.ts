// The codes of the visits domain, shared by the schema, the forms and the pages.

export const visitStatuses = ["scheduled", "done", "missed", "cancelled"] as const;
export type VisitStatus = (typeof visitStatuses)[number];

/** What recording a visit may set it to. */
export const visitOutcomes = ["done", "missed"] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];

/** 0 none, 1 the volunteer was told (48 h unrecorded), 2 their supervisor was told (96 h). */
export const escalationLevels = [0, 1, 2] as const;

const hour = 3_600_000;
export const volunteerEscalationMs = 48 * hour;
export const supervisorEscalationMs = 96 * hour;
/** A reminder whose time has passed at booking still goes out at once, unless the visit is this close. */
export const immediateReminderMinimumMs = 15 * 60_000;
/** Cancelled visits stay in feeds (STATUS:CANCELLED) this long after their cancellation. */
export const cancelledKeptMs = 30 * 24 * hour;
/** A household is "due soon" this many days before its cadence runs out. */
export const dueSoonDays = 14;
