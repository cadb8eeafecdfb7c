// The roster's vocabulary: volunteer skills (the needs they can meet), pairing roles and states, agreement
// goal domains and states, and how an agreement was signed. Shared by schema, server, UI and seed;
// labels live in the `roster` namespace.
import type { Need } from "#app/modules/households/codes";

/** A skill is the household need it helps with, so suggestions can match one to the other. */
export const skills = [
  "employment",
  "medical",
  "schooling",
  "material",
  "care",
  "other",
] as const satisfies readonly Need[];
export type Skill = (typeof skills)[number];

export const pairingRoles = ["primary", "secondary"] as const;
export type PairingRole = (typeof pairingRoles)[number];

export const pairingStatuses = ["active", "ended", "needs_reassignment"] as const;
export type PairingStatus = (typeof pairingStatuses)[number];

export const goalDomains = ["employment", "medical", "schooling", "other"] as const;
export type GoalDomain = (typeof goalDomains)[number];

export const goalStatuses = ["open", "in_progress", "achieved", "dropped"] as const;
export type GoalStatus = (typeof goalStatuses)[number];

export const signingMethods = ["paper", "app"] as const;
export type SigningMethod = (typeof signingMethods)[number];

export const tiers = [1, 2, 3, 4] as const;
export type Tier = (typeof tiers)[number];

export const defaultCapacity = 5;

/** The roster table's load filter: no pairings, room to spare, at or over capacity. */
export const loadFilters = ["idle", "spare", "full"] as const;
export type LoadFilter = (typeof loadFilters)[number];

/** Translation keys for codes that hold an underscore, which i18next would read as a context suffix. */
export const pairingStatusKey = {
  active: "active",
  ended: "ended",
  needs_reassignment: "needsReassignment",
} as const satisfies Record<PairingStatus, string>;

export const goalStatusKey = {
  open: "open",
  in_progress: "inProgress",
  achieved: "achieved",
  dropped: "dropped",
} as const satisfies Record<GoalStatus, string>;
