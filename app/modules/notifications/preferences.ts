// What the preferences form offers, shared by the page (browser) and the server.
import type { EmailKind } from "#db/schema/email";

/** Kinds a recipient may turn off; transactional mail (codes, resets, invitations) always goes. */
export const optionalKinds = [
  "reminders",
  "courses",
  "announcements",
] as const satisfies readonly EmailKind[];
export type OptionalKind = (typeof optionalKinds)[number];

/** Reminder lead times offered, in minutes, with their label keys. */
export const reminderLeadChoices = [
  { minutes: 4320, label: "preferences.lead3d" },
  { minutes: 1440, label: "preferences.lead24h" },
  { minutes: 120, label: "preferences.lead2h" },
  { minutes: 60, label: "preferences.lead1h" },
] as const;
