// The save both programme pages share (new and edit): refuse rows the form does not have, parse, save with the
// module, and answer a refusal on the form; the page decides only which save it calls.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import { ProgrammeFormSchema, rowsBeyondForm, toProgrammeInput } from "./form";
import type { ProgrammeInput, ProgrammeResult } from "./programmes.server";
import { saveErrors } from "./route-helpers";

export async function saveProgrammeForm(
  request: Request,
  save: (input: ProgrammeInput) => Promise<ProgrammeResult>,
) {
  const form = await request.formData();
  if (rowsBeyondForm(form)) throw new Response("Bad request", { status: 400 });
  const submission = parseWithZod(form, { schema: ProgrammeFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const saved = await save(toProgrammeInput(submission.value));
  if (saved.ok) throw redirect(`/programmes/${saved.id}?notice=saved`);
  if (saved.error === "notFound") throw new Response("Not found", { status: 404 });
  return data(submission.reply(saveErrors(saved.error)), { status: saved.error === "forbidden" ? 403 : 400 });
}
