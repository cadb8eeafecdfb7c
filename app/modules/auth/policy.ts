// The one place that decides who may do what (DESIGN.md, "Roles and what they may see").
// Pure, so that the UI can ask it what to show; the server asks it, through guard.server.ts, what to allow.
import type { Role } from "#db/schema/core";

export interface Actor {
  id: number;
  role: Role;
  volunteerTier: number | null;
  compoundId: number | null;
  supervisorId: number | null;
}

/** Tiers 1–2 of the linkage are cadres: they oversee the volunteers under them. */
export function isCadre(actor: Pick<Actor, "role" | "volunteerTier">): boolean {
  return actor.role === "volunteer" && actor.volunteerTier !== null && actor.volunteerTier <= 2;
}

export function isStaff(actor: Pick<Actor, "role">): boolean {
  return actor.role === "organizer" || actor.role === "admin";
}

export const actions = ["mailbox.read", "outbox.manage", "email.preview", "settings.manage"] as const;
export type Action = (typeof actions)[number];

/** Whether `actor` may perform `action`. Record-level rules take the record's facts as `resource`. */
export function can(actor: Actor | null, action: Action): boolean {
  if (!actor) return false;
  switch (action) {
    case "mailbox.read":
    case "outbox.manage":
    case "email.preview":
      return isStaff(actor);
    case "settings.manage":
      return actor.role === "admin";
  }
}
