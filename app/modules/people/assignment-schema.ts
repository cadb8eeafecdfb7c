// The form fields for a person's role, tier, supervisor and compound, shared by the invite and edit pages.
import { z } from "zod";
import { roles } from "#db/schema/core";

export const assignmentShape = {
  role: z.enum(roles, { error: "auth:validation.roleRequired" }),
  volunteerTier: z.coerce.number().int().min(1).max(4).optional(),
  supervisorId: z.coerce.number().int().positive().optional(),
  compoundId: z.coerce.number().int().positive().optional(),
};

export const assignmentErrorKeys = {
  tierRequired: "auth:validation.tierRequired",
  supervisorRequired: "auth:validation.supervisorRequired",
  supervisorWrongTier: "auth:validation.supervisorWrongTier",
  supervisorOutOfScope: "auth:validation.supervisorOutOfScope",
  supervisorBelow: "auth:validation.supervisorBelow",
  hasReports: "auth:validation.hasReports",
  unknownCompound: "auth:validation.compoundRequired",
} as const;

/** What the assignment fields hold in the browser, before the schema coerces them. */
export interface AssignmentFormValue {
  role: string;
  volunteerTier?: string;
  supervisorId?: string;
  compoundId?: string;
}
