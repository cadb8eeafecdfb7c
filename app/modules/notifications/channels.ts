// Which channels each kind of message goes by (decisions 025, 028), shared by the account page and the server.
// A person chooses per kind; a kind they have not chosen for goes by its default. Email is the default for
// everyone with an address; a text goes where the person asked for one (and to a household's head on record,
// who has no account to choose with); "inapp" keeps the message in /messages alone. Someone who can be
// reached neither by email nor by text gets every kind in the app.
export const messageKinds = ["reminders", "courses", "help", "lovecard", "announcements"] as const;
export type MessageKind = (typeof messageKinds)[number];

export const deliveryChannels = ["email", "sms", "inapp"] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

export type ChannelChoice = Partial<Record<MessageKind, DeliveryChannel[]>>;

/** Defaults per kind for a person with an email address; a person without one gets texts instead. */
export const defaultChannels: Record<MessageKind, readonly DeliveryChannel[]> = {
  reminders: ["email"],
  courses: ["email"],
  help: ["email"],
  lovecard: ["email"],
  announcements: ["email"],
};

/** Kinds that may go by text (announcements are email and in-app only: a broadcast by SMS costs too much). */
export const smsCapableKinds = [
  "reminders",
  "courses",
  "help",
  "lovecard",
] as const satisfies readonly MessageKind[];
const textable: readonly MessageKind[] = smsCapableKinds;

/**
 * The channels a kind goes by for this person: their choice, less what cannot reach them; with nothing left, a
 * text when they have a phone and no email (for kinds that may go by text), else the app.
 */
export function channelsOf(
  choice: ChannelChoice,
  kind: MessageKind,
  hasEmail: boolean,
  hasPhone = true,
): DeliveryChannel[] {
  const byText = textable.includes(kind);
  const reachable = (c: DeliveryChannel) => c === "inapp" || (c === "email" ? hasEmail : hasPhone && byText);
  const chosen = (choice[kind] ?? defaultChannels[kind]).filter(reachable);
  if (!hasEmail && !chosen.includes("inapp")) return byText && hasPhone ? ["sms"] : ["inapp"];
  return chosen.length > 0 ? chosen : ["inapp"];
}

/** The kind a person chooses channels for, of the emails that are theirs to choose (not staff's work mail). */
const emailTemplateKinds: Record<string, MessageKind> = {
  "visits.reminder": "reminders",
  "courses.enrolled": "courses",
  "courses.waitlisted": "courses",
  "courses.promoted": "courses",
  "courses.reminder": "courses",
  "courses.changed": "courses",
  "courses.cancelled": "courses",
  "help.status": "help",
  "material.credited": "lovecard",
  "announcements.new": "announcements",
};

export function messageKindOfEmail(template: string): MessageKind | null {
  return emailTemplateKinds[template] ?? null;
}
