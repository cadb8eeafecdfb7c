// The vocabulary of programmes (帮扶项目): their kinds, who acts at a step of the procedure, and the states of a
// household's case. Shared by the schema, the forms, the rules and the pages.
export const programmeKinds = ["training", "pairing", "loveCard", "relief", "other"] as const;
export type ProgrammeKind = (typeof programmeKinds)[number];

export const programmeStatuses = ["active", "closed"] as const;
export type ProgrammeStatus = (typeof programmeStatuses)[number];

/**
 * Who acts at a step: the household itself (or staff on its behalf), the compound (its staff or the
 * programme's responsible person there), the leadership group (its leader and members), or the household's
 * helper (its paired volunteers, or the compound's staff).
 */
export const stepRoles = ["household", "compound", "group", "helper"] as const;
export type StepRole = (typeof stepRoles)[number];

export const caseStatuses = ["open", "done", "refused", "closed"] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseEventTypes = ["opened", "advanced", "completed", "refused", "closed", "escalated"] as const;
export type CaseEventType = (typeof caseEventTypes)[number];

export const dayMs = 86_400_000;

/** The form's fixed number of repeated rows (no JS needed); empty rows are dropped. */
export const formRows = { members: 5, conditions: 5, steps: 6 } as const;

/** At most this many compounds in a scope, and so responsible persons (one per compound): a community's few. */
export const maxCompounds = 50;
