// A household as lists show it (address, level, head of household and their phone): the shape the reader
// returns to every list and card, shared with the components that render it.
import type { HardshipLevel } from "./codes";

export interface HouseholdBrief {
  id: number;
  compoundId: number;
  compoundName: string;
  building: string;
  unit: string;
  room: string;
  hardshipLevel: HardshipLevel;
  headName: string | null;
  headPhone: string | null;
}

/** "3-2-501": building, unit, room, as addresses are written on the estate. */
export function addressLine(h: Pick<HouseholdBrief, "building" | "unit" | "room">): string {
  return `${h.building}-${h.unit}-${h.room}`;
}

/** "Compound 3 3-2-501": the address with its compound, as lists and notices write it. */
export function fullAddress(h: Pick<HouseholdBrief, "compoundName" | "building" | "unit" | "room">): string {
  return `${h.compoundName} ${addressLine(h)}`;
}
