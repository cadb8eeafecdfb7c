// Which channels each kind of message goes by (decision 025), shared by the account page and the server.
// A person chooses per kind; a kind they have not chosen for goes by its default. Email is the default for
// everyone with an address; a text goes where the person asked for one (and to a household's head on record,
// who has no account to choose with).
export const messageKinds = ["reminders", "courses", "help", "lovecard", "announcements"] as const;
export type MessageKind = (typeof messageKinds)[number];

export const deliveryChannels = ["email", "sms"] as const;
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

export function channelsOf(choice: ChannelChoice, kind: MessageKind, hasEmail: boolean): DeliveryChannel[] {
  const chosen = choice[kind] ?? defaultChannels[kind];
  const channels = chosen.filter((c) => c !== "sms" || textable.includes(kind));
  if (!hasEmail) return textable.includes(kind) ? ["sms"] : [];
  return channels;
}
