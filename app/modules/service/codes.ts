// Codes of volunteer service records (志愿服务记录): where hours come from, the states of an entry, and the
// accumulated hours of each star level (星级志愿者) in the national practice.

/** Where an entry's hours come from: a recorded visit, a course session taught or helped at, an activity. */
export const serviceSources = ["visit", "course_session", "activity"] as const;
export type ServiceSource = (typeof serviceSources)[number];

/** An entry counts once confirmed by a supervisor or organizer; a volunteer may dispute it. */
export const serviceStatuses = ["pending", "confirmed", "disputed", "rejected"] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];

/** Hours needed for one to five stars. */
export const starThresholdHours = [100, 300, 600, 1000, 1500] as const;

/** What happened to a volunteer's place in the roster, kept as history. */
export const volunteerStatusEvents = ["left", "returned"] as const;
export type VolunteerStatusEvent = (typeof volunteerStatusEvents)[number];

/** Days of the week for availability, ISO numbering (1 Monday … 7 Sunday). */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof weekdays)[number];

export interface AvailabilitySlot {
  day: Weekday;
  /** "HH:MM" in community time. */
  from: string;
  to: string;
}
