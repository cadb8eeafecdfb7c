// Small helpers the programme pages share: an id from the path, and the form's defaults for a programme.
import { formRows } from "./codes";
import type { ProgrammeError, ProgrammeView } from "./programmes.server";

export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

/** A refused save as the form's errors: an unknown compound on the scope's field, the rest on the whole form. */
export function saveErrors(error: ProgrammeError) {
  return error === "compounds"
    ? { fieldErrors: { compoundIds: ["programmes:validation.compounds"] } }
    : { formErrors: [`programmes:validation.${error}`] };
}

const pad = <T>(rows: T[], n: number, empty: T): T[] => [
  ...rows,
  ...Array.from({ length: Math.max(0, n - rows.length) }, () => empty),
];

/** The form's values: a programme's (or none), rows padded to the form's fixed count, one row per compound. */
export function formDefaults(
  compounds: { id: number }[],
  programme: ProgrammeView | null,
  ownCompoundId: number | null,
) {
  const responsibleOf = (id: number) => programme?.responsibles.find((r) => r.compoundId === id)?.userId;
  return {
    name: programme?.name ?? "",
    kind: programme?.kind ?? "training",
    plan: programme?.plan ?? "",
    compoundIds: (programme?.scope.compoundIds ?? (ownCompoundId ? [ownCompoundId] : [])).map(String),
    levels: programme?.scope.levels ?? ["hardship", "extreme"],
    categories: programme?.scope.categories ?? [],
    needs: programme?.scope.needs ?? [],
    zeroEmployment: programme?.scope.zeroEmployment ?? false,
    leaderId: programme ? String(programme.leaderId) : "",
    members: pad(
      (programme?.members ?? []).map((m) => ({ userId: String(m.userId), duty: m.duty })),
      formRows.members,
      { userId: "", duty: "" },
    ),
    responsibles: compounds.map((c) => ({
      compoundId: String(c.id),
      userId: responsibleOf(c.id) ? String(responsibleOf(c.id)) : "",
    })),
    conditions: pad(programme?.conditions ?? [], formRows.conditions, { condition: "", evidence: "" }),
    steps: pad(
      (programme?.steps ?? []).map((s) => ({ name: s.name, role: s.role, limitDays: String(s.limitDays) })),
      formRows.steps,
      { name: "", role: "compound", limitDays: "" },
    ),
  };
}
